package model

import "strings"

// Result is the evaluation of one architecture for one workload. Latencies
// are +Inf when a station the requests wait at is saturated; adapters turn
// them into null.
type Result struct {
	// Architecture is the evaluated architecture with its preset choices and
	// auto-sized counts filled in.
	Architecture Architecture
	// Saturated reports whether some station cannot carry the offered load,
	// or a copy's replay, apply or decoding cannot keep up (FallsBehind).
	Saturated bool
	// FallsBehind reports that what saturates is a copy's replay (below
	// remote_apply), an active-active apply or decoding: no request waits
	// there, so the requests are served (their latencies stay finite)
	// while the copies fall behind without bound.
	FallsBehind bool
	// Bottleneck names the binding constraint: the saturated station, or the
	// one that saturates first as the load grows (cpu, iops, bandwidth,
	// wal_flush, sessions, row_lock, reference_lock, replay).
	Bottleneck string
	// MaxThroughputScale is the largest factor the offered mix (under
	// closed load, the achieved throughput) can be scaled by before a
	// station saturates (1.8 = 80 % headroom; < 1 when saturated).
	MaxThroughputScale float64
	// Throughput is offered (open load) or achieved (closed load).
	Throughput Throughput
	// Read, Write and Analytical are the latency distributions' summaries of
	// a point read, a write transaction (from BEGIN to the commit's
	// acknowledgement, client round trips included) and an analytical query.
	Read, Write, Analytical Latency
	// CancelledAnalytical is the share of the analytical queries that
	// replay conflicts cancel on the replicas (a pause that reaches
	// max_standby_streaming_delay cancels the queries then running there),
	// of all of them, those the primary runs included; 0 where none runs
	// on a replica.
	CancelledAnalytical Ratio
	// CommitPath and ReadPath are the mean contribution of every step of a
	// write transaction and of a point read, in path order.
	CommitPath, ReadPath []Step
	// Utilization is every resource's utilisation (0–1, ≥ 1 saturated).
	Utilization []Usage
	// CacheHitRatio is the fraction of page reads served from memory
	// (shared_buffers or the OS page cache) on the primary.
	CacheHitRatio Ratio
	// SharedBuffersHitRatio is the part of it served by shared_buffers.
	SharedBuffersHitRatio Ratio
	// IOPSDemand is the primary's device I/O rate; IOPSCeiling its limit.
	IOPSDemand, IOPSCeiling Rate
	// WALRate is the WAL the primary writes, full-page images included.
	WALRate ByteRate
	// FullPageImageShare is the fraction of WAL bytes that are full-page images.
	FullPageImageShare Ratio
	// CheckpointInterval is the resulting checkpoint cycle (timeout or max_wal_size).
	CheckpointInterval Time
	// ReplicationLag is the replay lag of a replica or standby, if any.
	ReplicationLag *Lag
	// Consistency states the guarantees and how often they are violated.
	Consistency Consistency
	// Availability gives RPO, RTO and the failures survived.
	Availability Availability
	// Disk is the data each database node stores and what its disk holds.
	Disk Disk
	// Memory is what a database node's sessions take against what the
	// node has for them.
	Memory Memory
	// Nodes is the number of database nodes (primary, standbys, replicas).
	Nodes int
	// Sizing reports the auto-sized counts and their fractional requirement.
	Sizing Sizing
	// NodeVCPUs is the vCPUs of each database node the option ran on: the
	// profile's node, or a Neon compute's compute units, one vCPU each,
	// sized to hold the profile's node's cores and memory.
	NodeVCPUs int
	// VolumeIOPS is the IOPS provisioned on each of its network volumes
	// (the profile's network_iops, or the option's volume_iops); 0 where
	// its data is not on network volumes.
	VolumeIOPS Rate
	// VolumeBandwidth is the throughput provisioned on each of them (the
	// profile's network_bandwidth_mb_per_sec, or the option's
	// volume_mb_per_sec); 0 where its data is not on network volumes.
	VolumeBandwidth ByteRate
	// Cost is the monthly cost estimate from the profile's dated prices.
	Cost Cost
	// Warnings are facts the user should know about this result.
	Warnings []string
	// Pros and Cons are the lecture's, marked where this workload triggers them.
	Pros, Cons []Point
}

// Disk is a node's data against its disk: Data is data_size_gb over the
// nodes that split it (Citus workers, distributed SQL's ranges times their
// copies) plus the WAL it keeps, max_wal_size (pg_wal shares the disk by
// default), or all of data_size_gb on DBMS-optimised storage; Capacity is
// what its disk leaves them: 95 % of the instance's local NVMe or the
// largest network volume (ext4's root reservation aside), 60 % on
// distributed SQL, or the largest Aurora cluster volume (0: no limit).
type Disk struct {
	Data, Capacity Bytes
	// TenantOverflows reports that a Citus cluster's largest tenant
	// (largest_tenant_fraction) alone overflows its worker's disk: no
	// count of workers splits one distribution-column value.
	TenantOverflows bool
	// NoLocalNode is, where the node is smaller than any of its family
	// with local NVMe, the vCPUs of the smallest that has it
	// (local_min_vcpus: Azure's Lsv3 starts at 8 where its Esv3 starts at
	// 2); 0 where the node exists. The node is evaluated at its size all
	// the same, priced as its family scales.
	NoLocalNode int
}

// DiskName names the disk that holds a node's data on storage s.
func (s Storage) DiskName() string {
	switch s {
	case NetworkStorage:
		return "network volume"
	case DisaggregatedStorage:
		return "cluster volume"
	}
	return "local disk"
}

// Fits reports whether a node's data fits on its disk.
func (d Disk) Fits() bool { return d.Capacity == 0 || d.Data <= d.Capacity }

// Crowded reports whether a node's data fills more than diskWarning of
// its disk: too little room beside it for a table's rewrite or a WAL
// backlog.
func (d Disk) Crowded() bool {
	return d.Capacity > 0 && float64(d.Data) > diskWarning*float64(d.Capacity)
}

// Memory is a node's sessions' memory, its backends (sessions, or the
// server connections a pooler opens) at PerBackend each
// (session_memory_mb), against Room, the memory the node has beside
// shared_buffers and the OS's reserve: past it the node swaps or the OOM
// killer ends a backend, which the model does not follow.
type Memory struct {
	Backends         int
	PerBackend, Room Bytes
}

// Sessions is what the node's backends take.
func (m Memory) Sessions() Bytes { return Bytes(m.Backends) * m.PerBackend }

// Fits reports whether a node's sessions fit in its memory.
func (m Memory) Fits() bool { return m.Sessions() <= m.Room }

// Throughput is requests per second per class.
type Throughput struct{ Reads, Writes, Analytical, Total Rate }

// Latency summarises a latency distribution.
type Latency struct{ Mean, P50, P95, P99 Time }

// Step is one step of a path and its mean contribution.
type Step struct {
	Name string
	Time Time
}

// Usage is one resource's utilisation.
type Usage struct {
	Resource string
	Value    Ratio
}

// PoolShort reports the pool per node a result's load needs where its pool
// of sessions is what holds it back: the sessions bind its ceiling, the
// load needs more than sessions (Sizing.SessionsRequired), and no other
// resource saturates at the offered load (review of 2026-11-28: a pool was
// named where the CPU ran at 1.27).
func (r Result) PoolShort(sessions int) (float64, bool) {
	need := r.Sizing.SessionsRequired
	if !strings.HasSuffix(r.Bottleneck, "sessions") || !(need > float64(sessions)) {
		return 0, false
	}
	for _, u := range r.Utilization {
		if !strings.HasSuffix(u.Resource, "sessions") && !(u.Value < 1) {
			return 0, false
		}
	}
	return need, true
}

// Lag is a replication lag distribution's summary.
type Lag struct{ P50, P99 Time }

// Guarantee is whether a consistency property holds.
type Guarantee string

// Guarantees.
const (
	Guaranteed    Guarantee = "guaranteed"
	NotGuaranteed Guarantee = "not_guaranteed"
)

// Consistency states the guarantees an application gets.
type Consistency struct {
	ReadYourWrites, MonotonicReads, SnapshotIsolation, LinearHistory Guarantee
	// StaleReadProbability is the probability that a read issued
	// Workload.ReadAfterWrite after a commit does not see it (nil = n/a).
	StaleReadProbability *float64
	// MonotonicViolationProbability is the probability that a client's next
	// read sees an older state than its previous one (nil = guaranteed).
	MonotonicViolationProbability *float64
	// ConflictsPerSec is active-active's rate of update conflicts: two
	// nodes updating one key within the replication lag (nil = n/a).
	ConflictsPerSec *float64
	// LostUpdatesPerSec is the rate at which last-update-wins silently
	// drops a read-modify-write update (nil = n/a).
	LostUpdatesPerSec *float64
}

// Availability is what failures cost.
type Availability struct {
	// RPO is the data lost on the worst survivable single-node failure
	// (committed transactions' worth of time).
	RPO Time
	// RTO is the time until writes are accepted again after a node failure.
	RTO Time
	// RPODegraded is the RPO after the failover manager dropped a failed
	// synchronous standby to asynchronous replication, until a new one is
	// restored (nil = n/a).
	RPODegraded *Time
	// Survives lists the failures the architecture survives without losing
	// acknowledged commits beyond RPO: node, zone, region.
	Survives []string
	// Failures details detection, repair and data loss per failure kind.
	Failures []Failure
}

// Failure is one row of an availability table.
type Failure struct {
	Kind     string // node, zone, region, standby
	RTO, RPO Time
	Action   string
	// SurvivorsHeadroom is how far the offered load can grow on the nodes
	// the failure spares before one saturates (below 1 they saturate and
	// the failure is not survived); distributed SQL and active-active only,
	// nil elsewhere (survivorsCarry).
	SurvivorsHeadroom *float64
	// SurvivorsFallBehind reports that what bounds the survivors is their
	// replication to each other (an apply or a decoding), which falls
	// behind while they serve: the failure is not survived, but writes
	// resume at RTO.
	SurvivorsFallBehind bool
}

// Sizing reports counts the engine chose.
type Sizing struct {
	// Replicas is the number of read replicas; ReplicasRequired the exact
	// fractional requirement at the target utilisation; AutoSized whether the
	// engine chose the count.
	Replicas         int
	ReplicasRequired float64
	AutoSized        bool
	// Workers and Shards are a sharded cluster's; WorkersRequired is the
	// exact (fractional) requirement when the engine chose the workers.
	Workers, Shards int
	WorkersRequired float64
	// Nodes is distributed SQL's node count; NodesRequired likewise.
	Nodes         int
	NodesRequired float64
	// ByDisk reports that the required count is what the data needs on
	// its disks, more than the load needs.
	ByDisk bool
	// SessionsRequired is the sessions each node's pool needs for its
	// busiest pool to stay at the target utilisation (unsaturated at
	// 1/target of the load) and for the survivors of each failure survived
	// to carry the load (plan.sessionsRequired); 0 under a closed load.
	SessionsRequired float64
	// PoolerProcesses is the PgBouncer processes in front of the primary
	// (each node): as given, or the fewest that keep each at the target
	// utilisation; 0 without a pooler.
	PoolerProcesses int
	// TargetUtilization is the utilisation the sizing aimed at.
	TargetUtilization Ratio
}

// Cost is a monthly cost breakdown in USD.
type Cost struct {
	Total, Compute, Storage, IOPS, IORequests, Transfer, Other USD
	// Plan is the provider's plan priced where it offers several
	// (aurora-standard, aurora-io-optimized, neon-scale); "" otherwise.
	Plan string
	// Excludes names a cost the figures leave out that a deployment may
	// pay: the licence or subscription of the software an architecture
	// needs beyond PostgreSQL; "" where nothing is left out.
	Excludes string
}

// Point is a pro or con of an architecture, from the lecture.
type Point struct {
	Text string
	// Applies reports whether this workload triggers it.
	Applies bool
}
