package api

import (
	"math"
	"strconv"

	"github.com/pgarch/pgarch/calibration"
	"github.com/pgarch/pgarch/model"
)

// EvaluateResponse is the result of an evaluation: the same JSON from the
// HTTP API and from `pgarch evaluate -o json`.
type EvaluateResponse struct {
	ModelVersion string              `json:"model_version" example:"0.11.2"`
	Profile      calibration.Profile `json:"profile" swaggertype:"object"`
	// Workload is the request's workload with every default filled in.
	Workload Workload `json:"workload"`
	Results  []Result `json:"results"`
}

// Result is one architecture's evaluation. Latencies are null when the
// architecture is saturated.
type Result struct {
	Architecture string `json:"architecture" example:"hot-standby"`
	// Config is the architecture as evaluated: preset choices and auto-sized counts.
	Config ArchitectureSpec `json:"config"`
	// Saturated reports whether some station cannot carry the offered load, or a copy's replication cannot keep up (falls_behind).
	Saturated bool `json:"saturated" example:"false"`
	// FallsBehind reports that what saturates is a copy's replay, apply or decoding: the requests are served, the copies fall behind without bound.
	FallsBehind bool `json:"falls_behind" example:"false"`
	// Bottleneck is the binding constraint (cpu, iops, bandwidth, wal_flush,
	// sessions, row_lock, reference_lock, replay, replica_cpu, …).
	Bottleneck string `json:"bottleneck" example:"cpu"`
	// MaxThroughputScale is how far the offered mix can be scaled before a
	// station saturates (null = unbounded).
	MaxThroughputScale *float64   `json:"max_throughput_scale" extensions:"x-nullable" example:"5.08"`
	ThroughputPerSec   Throughput `json:"throughput_per_sec"`
	Read               *Latency   `json:"read,omitempty"`
	Write              *Latency   `json:"write,omitempty"`
	Analytical         *Latency   `json:"analytical,omitempty"`
	// AnalyticalCancelledFraction is the share of the analytical queries,
	// of all of them, that replay conflicts cancel on the replicas
	// (max_standby_streaming_delay reached); absent where none is.
	AnalyticalCancelledFraction float64 `json:"analytical_cancelled_fraction,omitempty" example:"0.12"`
	CommitPath                  []Step  `json:"commit_path"`
	ReadPath                    []Step  `json:"read_path"`
	// Utilization is each resource's utilisation (0–1).
	Utilization map[string]float64 `json:"utilization"`
	// CacheHitRatio is the fraction of page reads served from memory.
	CacheHitRatio         float64 `json:"cache_hit_ratio" example:"0.913"`
	SharedBuffersHitRatio float64 `json:"shared_buffers_hit_ratio" example:"0.61"`
	IOPSDemandPerSec      float64 `json:"iops_demand_per_sec" example:"6658"`
	// IOPSCeilingPerSec is the primary's device ceiling (null: none, as on
	// scale-out DBMS-optimised storage).
	IOPSCeilingPerSec     *float64 `json:"iops_ceiling_per_sec" extensions:"x-nullable" example:"1000000"`
	WALMBPerSec           float64  `json:"wal_mb_per_sec" example:"16.8"`
	FullPageImageFraction float64  `json:"full_page_image_fraction" example:"0.96"`
	// CheckpointIntervalSeconds is the checkpoint cycle (null: no
	// checkpoints, as on DBMS-optimised storage).
	CheckpointIntervalSeconds *float64     `json:"checkpoint_interval_seconds" extensions:"x-nullable" example:"31.3"`
	ReplicationLagMs          *Lag         `json:"replication_lag_ms,omitempty"`
	Consistency               Consistency  `json:"consistency"`
	Availability              Availability `json:"availability"`
	Disk                      Disk         `json:"disk"`
	Memory                    Memory       `json:"memory"`
	Nodes                     int          `json:"nodes" example:"2"`
	// NodeVCPUs is the cores of each database node: the profile's, or the
	// option's own (config.vcpus), which recommend may have sized to the
	// load; on Neon the compute's compute units, one vCPU each, that hold
	// that node's cores and memory.
	NodeVCPUs int `json:"node_vcpus" example:"8"`
	// VolumeIOPS is the IOPS provisioned on each of its network volumes:
	// the profile's network_iops, or the option's own (config.volume_iops),
	// which recommend may have provisioned to the load; absent where its
	// data is not on network volumes.
	VolumeIOPS float64 `json:"volume_iops,omitempty" example:"3000"`
	// VolumeMBPerSec is the throughput provisioned on each of them, in
	// MB/s: the profile's network_bandwidth_mb_per_sec, or the option's own
	// (config.volume_mb_per_sec), which recommend may have provisioned to
	// the load; absent where its data is not on network volumes.
	VolumeMBPerSec  float64  `json:"volume_mb_per_sec,omitempty" example:"131.072"`
	Sizing          Sizing   `json:"sizing"`
	CostUSDPerMonth Cost     `json:"cost_usd_per_month"`
	Warnings        []string `json:"warnings" example:"max_wal_size triggers a checkpoint every 31 s"`
	Pros            []Point  `json:"pros"`
	Cons            []Point  `json:"cons"`
}

// Memory is what a database node's sessions take against what the node has
// for them; past it the node would swap or lose backends to the OOM killer.
type Memory struct {
	// Backends is the node's sessions, or the server connections a pooler
	// opens.
	Backends int `json:"backends" example:"200"`
	// SessionsGB is what they take, session_memory_mb each.
	SessionsGB float64 `json:"sessions_gb" example:"1.2"`
	// AvailableGB is memory_gb less shared_buffers and the OS's reserve
	// (os_reserve_gb).
	AvailableGB float64 `json:"available_gb" example:"46"`
}

// Disk is the data each database node stores against what its disk holds.
type Disk struct {
	// DataGBPerNode is data_size_gb over the nodes that split it (Citus
	// workers; distributed SQL's ranges times their copies), plus the WAL
	// each keeps (max_wal_size); all of data_size_gb on DBMS-optimised
	// storage, whose compute keeps no WAL.
	DataGBPerNode float64 `json:"data_gb_per_node" example:"200"`
	// CapacityGB is what the node's disk leaves its data and pg_wal: 95 %
	// of the local NVMe (local_capacity_gb) or the largest network volume
	// (network_capacity_gb), ext4 keeping 5 % for root; 60 % of them on
	// distributed SQL; the largest Aurora cluster volume
	// (storage_capacity_gb); null: no limit, as on Neon.
	CapacityGB *float64 `json:"capacity_gb" extensions:"x-nullable" example:"450.3"`
}

// Throughput is requests per second: offered (open load) or achieved (closed load).
type Throughput struct {
	Reads      float64 `json:"reads" example:"20000"`
	Writes     float64 `json:"writes" example:"1000"`
	Analytical float64 `json:"analytical" example:"0"`
	Total      float64 `json:"total" example:"21000"`
}

// Latency is a latency distribution's summary in ms (null when a station
// the requests wait at is saturated).
type Latency struct {
	MeanMs *float64 `json:"mean_ms" extensions:"x-nullable" example:"2.93"`
	P50Ms  *float64 `json:"p50_ms" extensions:"x-nullable" example:"2.93"`
	P95Ms  *float64 `json:"p95_ms" extensions:"x-nullable" example:"2.97"`
	P99Ms  *float64 `json:"p99_ms" extensions:"x-nullable" example:"2.99"`
}

// Step is one step of a path with its mean contribution in ms.
type Step struct {
	Step string   `json:"step" example:"standby_round_trip"`
	Ms   *float64 `json:"ms" extensions:"x-nullable" example:"1"`
}

// Lag is a replication lag's percentiles in ms (null = unbounded: replay
// cannot keep up).
type Lag struct {
	P50 *float64 `json:"p50" extensions:"x-nullable" example:"0.53"`
	P99 *float64 `json:"p99" extensions:"x-nullable" example:"0.64"`
}

// Consistency states each guarantee as guaranteed or not_guaranteed.
type Consistency struct {
	ReadYourWrites    string `json:"read_your_writes" example:"guaranteed"`
	MonotonicReads    string `json:"monotonic_reads" example:"guaranteed"`
	SnapshotIsolation string `json:"snapshot_isolation" example:"guaranteed"`
	LinearHistory     string `json:"linear_history" example:"guaranteed"`
	// StaleReadProbability is the chance a read issued read_after_write_ms
	// after a commit misses it (where it applies).
	StaleReadProbability *float64 `json:"stale_read_probability,omitempty"`
	// MonotonicViolationProbability is the chance a client's next read,
	// one round trip later, sees an older state (where reads are load-balanced).
	MonotonicViolationProbability *float64 `json:"monotonic_violation_probability,omitempty"`
	// ConflictsPerSec is active-active's rate of update conflicts.
	ConflictsPerSec *float64 `json:"conflicts_per_sec,omitempty"`
	// LostUpdatesPerSec is the rate of updates lost: read-modify-write updates last-update-wins overwrites, or every conflicting update without resolution.
	LostUpdatesPerSec *float64 `json:"lost_updates_per_sec,omitempty"`
}

// Availability is RPO, RTO and the failures survived.
type Availability struct {
	RPOSeconds         *float64  `json:"rpo_seconds" extensions:"x-nullable" example:"0"`
	RTOSeconds         *float64  `json:"rto_seconds" extensions:"x-nullable" example:"40"`
	RPOSecondsDegraded *float64  `json:"rpo_seconds_degraded,omitempty"`
	Survives           []string  `json:"survives" example:"node,zone"`
	Failures           []Failure `json:"failures"`
}

// Failure is one failure kind's recovery.
type Failure struct {
	Kind       string   `json:"kind" example:"node"`
	RTOSeconds *float64 `json:"rto_seconds" extensions:"x-nullable" example:"40"`
	RPOSeconds *float64 `json:"rpo_seconds" extensions:"x-nullable" example:"0"`
	Action     string   `json:"action" example:"failover manager promotes a copy outside the failed node"`
	// SurvivorsHeadroom is how far the offered load can grow on the nodes
	// the failure spares (below 1 they saturate and the failure is not
	// survived, or under a closed load they serve the clients more
	// slowly); distributed-sql and active-active only, and left out where
	// nothing they run saturates.
	SurvivorsHeadroom *float64 `json:"survivors_headroom,omitempty" example:"1.32"`
	// SurvivorsFallBehind reports that what bounds the survivors is their
	// replication to each other (an active-active apply or decoding): they
	// serve from the RTO on, but their copies diverge without bound, and
	// the failure is not survived.
	SurvivorsFallBehind bool `json:"survivors_fall_behind,omitempty" example:"false"`
}

// Sizing reports auto-sized counts.
type Sizing struct {
	Replicas int `json:"replicas" example:"0"`
	// ReplicasRequired is the exact (fractional) requirement; null when no
	// count suffices (replay alone exceeds the target on every replica).
	ReplicasRequired *float64 `json:"replicas_required" extensions:"x-nullable"`
	Workers          int      `json:"workers,omitempty"`
	WorkersRequired  float64  `json:"workers_required,omitempty"`
	Shards           int      `json:"shards,omitempty"`
	Nodes            int      `json:"nodes,omitempty"`
	NodesRequired    float64  `json:"nodes_required,omitempty"`
	// ByDisk: the required count is what the data needs on its disks
	// (disk), more than the load needs at the target utilisation.
	ByDisk bool `json:"by_disk,omitempty"`
	// SessionsRequired is the sessions each node's pool needs for its
	// busiest pool to stay at the target utilisation (unsaturated at
	// 1/target of the load) and for the survivors of each failure survived
	// to carry the load; absent under a closed load.
	SessionsRequired float64 `json:"sessions_required,omitempty" example:"12.4"`
	// PoolerProcesses is the PgBouncer processes in front of the primary
	// (each node): pooler_processes as given, or the fewest that keep each
	// at the target utilisation; absent without a pooler.
	PoolerProcesses   int     `json:"pooler_processes,omitempty"`
	AutoSized         bool    `json:"auto_sized"`
	TargetUtilization float64 `json:"target_utilization" example:"0.7"`
}

// Cost is a monthly cost estimate in USD from dated list prices.
type Cost struct {
	Total      float64 `json:"total" example:"1823.8"`
	Compute    float64 `json:"compute" example:"883"`
	Storage    float64 `json:"storage" example:"10"`
	IOPS       float64 `json:"iops" example:"0"`
	IORequests float64 `json:"io_requests" example:"0"`
	Transfer   float64 `json:"transfer" example:"883.8"`
	Other      float64 `json:"other" example:"47"`
	// Plan is the provider's plan priced where it offers several:
	// aurora-standard or aurora-io-optimized (the cheaper for this load),
	// neon-scale; absent otherwise.
	Plan string `json:"plan,omitempty" example:"aurora-io-optimized"`
	// Excludes names a cost left out that a deployment may pay: a
	// licence for software beyond PostgreSQL; absent where none.
	Excludes string `json:"excludes,omitempty" example:"a licence for the distributed SQL database"`
}

// Point is a pro or con from the lecture; Applies marks those this workload triggers.
type Point struct {
	Text    string `json:"text" example:"Survives node and availability-zone failure"`
	Applies bool   `json:"applies" example:"true"`
}

// newSpec is the public form of an architecture as evaluated.
func newSpec(a model.Architecture) ArchitectureSpec {
	spec := ArchitectureSpec{ID: string(a.ID), Storage: string(a.Storage), Replicas: a.Replicas,
		ReplicaPlacement: string(a.ReplicaPlacement), SyncCommit: string(a.SyncCommit), Variant: string(a.Variant),
		Nodes: a.Nodes, NodePlacement: string(a.NodePlacement), Workers: a.Workers, Shards: a.Shards, QueryFromAnyNode: a.QueryFromAnyNode,
		ReplicationFactor: a.ReplicationFactor, Consensus: string(a.Consensus), Clock: string(a.Clock),
		FollowerReads: a.FollowerReads, SecondaryIndexes: a.SecondaryIndexes, Regions: a.Regions,
		ConflictResolution: string(a.ConflictResolution), ApplyWorkers: a.ApplyWorkers, StandbyReads: a.StandbyReads, VCPUs: a.VCPUs, VolumeIOPS: a.VolumeIOPS,
		VolumeMBPerSec: float64(a.VolumeBandwidth / model.MBPerSecond)}
	if a.Quorum != "" && len(a.Standbys) > 0 {
		spec.Quorum = string(a.Quorum) + " " + strconv.Itoa(a.QuorumCount)
	}
	for _, p := range a.Standbys {
		spec.Standbys = append(spec.Standbys, string(p))
	}
	return spec
}

func newResult(r model.Result) Result {
	a := r.Architecture
	out := Result{
		Architecture:              string(a.ID),
		Config:                    newSpec(a),
		Saturated:                 r.Saturated,
		FallsBehind:               r.FallsBehind,
		Bottleneck:                r.Bottleneck,
		MaxThroughputScale:        finite(r.MaxThroughputScale),
		ThroughputPerSec:          Throughput{float64(r.Throughput.Reads), float64(r.Throughput.Writes), float64(r.Throughput.Analytical), float64(r.Throughput.Total)},
		CommitPath:                steps(r.CommitPath),
		ReadPath:                  steps(r.ReadPath),
		Utilization:               make(map[string]float64, len(r.Utilization)),
		CacheHitRatio:             float64(r.CacheHitRatio),
		SharedBuffersHitRatio:     float64(r.SharedBuffersHitRatio),
		IOPSDemandPerSec:          float64(r.IOPSDemand),
		IOPSCeilingPerSec:         finite(float64(r.IOPSCeiling)),
		WALMBPerSec:               float64(r.WALRate / model.MBPerSecond),
		FullPageImageFraction:     float64(r.FullPageImageShare),
		CheckpointIntervalSeconds: positive(float64(r.CheckpointInterval)),
		Consistency: Consistency{string(r.Consistency.ReadYourWrites), string(r.Consistency.MonotonicReads),
			string(r.Consistency.SnapshotIsolation), string(r.Consistency.LinearHistory), r.Consistency.StaleReadProbability,
			r.Consistency.MonotonicViolationProbability, r.Consistency.ConflictsPerSec, r.Consistency.LostUpdatesPerSec},
		Disk:   Disk{DataGBPerNode: float64(r.Disk.Data / model.GB), CapacityGB: positive(float64(r.Disk.Capacity / model.GB))},
		Memory: Memory{Backends: r.Memory.Backends, SessionsGB: float64(r.Memory.Sessions() / model.GB), AvailableGB: float64(r.Memory.Room / model.GB)},
		Nodes:  r.Nodes, NodeVCPUs: r.NodeVCPUs, VolumeIOPS: float64(r.VolumeIOPS), VolumeMBPerSec: float64(r.VolumeBandwidth / model.MBPerSecond),
		Sizing: Sizing{Replicas: r.Sizing.Replicas, ReplicasRequired: finite(r.Sizing.ReplicasRequired), Workers: r.Sizing.Workers,
			WorkersRequired: r.Sizing.WorkersRequired, Shards: r.Sizing.Shards, Nodes: r.Sizing.Nodes,
			NodesRequired: r.Sizing.NodesRequired, ByDisk: r.Sizing.ByDisk, SessionsRequired: r.Sizing.SessionsRequired, PoolerProcesses: r.Sizing.PoolerProcesses, AutoSized: r.Sizing.AutoSized,
			TargetUtilization: float64(r.Sizing.TargetUtilization)},
		CostUSDPerMonth: Cost{float64(r.Cost.Total), float64(r.Cost.Compute), float64(r.Cost.Storage), float64(r.Cost.IOPS), float64(r.Cost.IORequests), float64(r.Cost.Transfer), float64(r.Cost.Other), r.Cost.Plan, r.Cost.Excludes},
		Warnings:        nonNil(r.Warnings),
		Pros:            points(r.Pros),
		Cons:            points(r.Cons),
	}
	for _, u := range r.Utilization {
		// Saturated beyond measure (or not measurable) is the largest
		// number JSON holds, not an +Inf or NaN that no encoder writes
		// (review of 2026-11-27).
		v := float64(u.Value)
		switch {
		case v != v || v > math.MaxFloat64:
			v = math.MaxFloat64
		case v < 0:
			v = 0
		}
		out.Utilization[u.Resource] = v
	}
	if r.Throughput.Reads > 0 {
		out.Read = latency(r.Read)
	}
	if r.Throughput.Writes > 0 {
		out.Write = latency(r.Write)
	}
	if r.Throughput.Analytical > 0 {
		out.Analytical = latency(r.Analytical)
		out.AnalyticalCancelledFraction = float64(r.CancelledAnalytical)
	}
	if l := r.ReplicationLag; l != nil {
		out.ReplicationLagMs = &Lag{ms(l.P50), ms(l.P99)}
	}
	av := r.Availability
	out.Availability = Availability{RPOSeconds: seconds(av.RPO), RTOSeconds: seconds(av.RTO), Survives: av.Survives}
	if av.RPODegraded != nil {
		out.Availability.RPOSecondsDegraded = seconds(*av.RPODegraded)
	}
	for _, f := range av.Failures {
		var carried *float64
		if f.SurvivorsHeadroom != nil {
			carried = finite(*f.SurvivorsHeadroom)
		}
		out.Availability.Failures = append(out.Availability.Failures, Failure{f.Kind, seconds(f.RTO), seconds(f.RPO), f.Action, carried, f.SurvivorsFallBehind})
	}
	return out
}

func latency(l model.Latency) *Latency {
	return &Latency{ms(l.Mean), ms(l.P50), ms(l.P95), ms(l.P99)}
}

func steps(ss []model.Step) []Step {
	out := make([]Step, len(ss))
	for i, s := range ss {
		out[i] = Step{s.Name, ms(s.Time)}
	}
	return out
}

func points(ps []model.Point) []Point {
	out := make([]Point, len(ps))
	for i, p := range ps {
		out[i] = Point{p.Text, p.Applies}
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
