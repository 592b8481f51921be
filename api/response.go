package api

import (
	"strconv"

	"github.com/pgarch/pgarch/calibration"
	"github.com/pgarch/pgarch/model"
)

// EvaluateResponse is the result of an evaluation: the same JSON from the
// HTTP API and from `pgarch evaluate -o json`.
type EvaluateResponse struct {
	ModelVersion string              `json:"model_version"`
	Profile      calibration.Profile `json:"profile" swaggertype:"object"`
	// Workload is the request's workload with every default filled in.
	Workload Workload `json:"workload"`
	Results  []Result `json:"results"`
}

// Result is one architecture's evaluation. Latencies are null when the
// architecture is saturated.
type Result struct {
	Architecture string `json:"architecture"`
	// Config is the architecture as evaluated: preset choices and auto-sized counts.
	Config ArchitectureSpec `json:"config"`
	// Saturated reports whether some station cannot carry the offered load.
	Saturated bool `json:"saturated"`
	// Bottleneck is the binding constraint (cpu, iops, bandwidth, wal_flush,
	// sessions, row_lock, replay, replica_cpu, …).
	Bottleneck string `json:"bottleneck"`
	// MaxThroughputScale is how far the offered mix can be scaled before a
	// station saturates (null = unbounded).
	MaxThroughputScale *float64   `json:"max_throughput_scale"`
	ThroughputPerSec   Throughput `json:"throughput_per_sec"`
	Read               *Latency   `json:"read,omitempty"`
	Write              *Latency   `json:"write,omitempty"`
	Analytical         *Latency   `json:"analytical,omitempty"`
	CommitPath         []Step     `json:"commit_path"`
	ReadPath           []Step     `json:"read_path"`
	// Utilization is each resource's utilisation (0–1).
	Utilization map[string]float64 `json:"utilization"`
	// CacheHitRatio is the fraction of page reads served from memory.
	CacheHitRatio         float64 `json:"cache_hit_ratio"`
	SharedBuffersHitRatio float64 `json:"shared_buffers_hit_ratio"`
	IOPSDemandPerSec      float64 `json:"iops_demand_per_sec"`
	// IOPSCeilingPerSec is the primary's device ceiling (null: none, as on
	// scale-out DBMS-optimised storage).
	IOPSCeilingPerSec     *float64 `json:"iops_ceiling_per_sec"`
	WALMBPerSec           float64  `json:"wal_mb_per_sec"`
	FullPageImageFraction float64  `json:"full_page_image_fraction"`
	// CheckpointIntervalSeconds is the checkpoint cycle (null: no
	// checkpoints, as on DBMS-optimised storage).
	CheckpointIntervalSeconds *float64     `json:"checkpoint_interval_seconds"`
	ReplicationLagMs          *Lag         `json:"replication_lag_ms,omitempty"`
	Consistency               Consistency  `json:"consistency"`
	Availability              Availability `json:"availability"`
	Nodes                     int          `json:"nodes"`
	Sizing                    Sizing       `json:"sizing"`
	CostUSDPerMonth           Cost         `json:"cost_usd_per_month"`
	Warnings                  []string     `json:"warnings"`
	Pros                      []Point      `json:"pros"`
	Cons                      []Point      `json:"cons"`
}

// Throughput is requests per second: offered (open load) or achieved (closed load).
type Throughput struct {
	Reads      float64 `json:"reads"`
	Writes     float64 `json:"writes"`
	Analytical float64 `json:"analytical"`
	Total      float64 `json:"total"`
}

// Latency is a latency distribution's summary in ms (null when saturated).
type Latency struct {
	MeanMs *float64 `json:"mean_ms"`
	P50Ms  *float64 `json:"p50_ms"`
	P95Ms  *float64 `json:"p95_ms"`
	P99Ms  *float64 `json:"p99_ms"`
}

// Step is one step of a path with its mean contribution in ms.
type Step struct {
	Step string   `json:"step"`
	Ms   *float64 `json:"ms"`
}

// Lag is a replication lag's percentiles in ms (null = unbounded: replay
// cannot keep up).
type Lag struct {
	P50 *float64 `json:"p50"`
	P99 *float64 `json:"p99"`
}

// Consistency states each guarantee as guaranteed or not_guaranteed.
type Consistency struct {
	ReadYourWrites    string `json:"read_your_writes"`
	MonotonicReads    string `json:"monotonic_reads"`
	SnapshotIsolation string `json:"snapshot_isolation"`
	LinearHistory     string `json:"linear_history"`
	// StaleReadProbability is the chance a read issued read_after_write_ms
	// after a commit misses it (where it applies).
	StaleReadProbability *float64 `json:"stale_read_probability,omitempty"`
	// MonotonicViolationProbability is the chance a client's next read,
	// one round trip later, sees an older state (where reads are load-balanced).
	MonotonicViolationProbability *float64 `json:"monotonic_violation_probability,omitempty"`
	// ConflictsPerSec is active-active's rate of update conflicts.
	ConflictsPerSec *float64 `json:"conflicts_per_sec,omitempty"`
	// LostUpdatesPerSec is the rate last-update-wins drops read-modify-write updates.
	LostUpdatesPerSec *float64 `json:"lost_updates_per_sec,omitempty"`
}

// Availability is RPO, RTO and the failures survived.
type Availability struct {
	RPOSeconds         *float64  `json:"rpo_seconds"`
	RTOSeconds         *float64  `json:"rto_seconds"`
	RPOSecondsDegraded *float64  `json:"rpo_seconds_degraded,omitempty"`
	Survives           []string  `json:"survives"`
	Failures           []Failure `json:"failures"`
}

// Failure is one failure kind's recovery.
type Failure struct {
	Kind       string   `json:"kind"`
	RTOSeconds *float64 `json:"rto_seconds"`
	RPOSeconds *float64 `json:"rpo_seconds"`
	Action     string   `json:"action"`
}

// Sizing reports auto-sized counts.
type Sizing struct {
	Replicas          int     `json:"replicas"`
	ReplicasRequired  float64 `json:"replicas_required"`
	Workers           int     `json:"workers,omitempty"`
	WorkersRequired   float64 `json:"workers_required,omitempty"`
	Shards            int     `json:"shards,omitempty"`
	Nodes             int     `json:"nodes,omitempty"`
	NodesRequired     float64 `json:"nodes_required,omitempty"`
	AutoSized         bool    `json:"auto_sized"`
	TargetUtilization float64 `json:"target_utilization"`
}

// Cost is a monthly cost estimate in USD from dated list prices.
type Cost struct {
	Total      float64 `json:"total"`
	Compute    float64 `json:"compute"`
	Storage    float64 `json:"storage"`
	IOPS       float64 `json:"iops"`
	IORequests float64 `json:"io_requests"`
	Transfer   float64 `json:"transfer"`
	Other      float64 `json:"other"`
}

// Point is a pro or con from the lecture; Applies marks those this workload triggers.
type Point struct {
	Text    string `json:"text"`
	Applies bool   `json:"applies"`
}

func newResult(r model.Result) Result {
	a := r.Architecture
	out := Result{
		Architecture: string(a.ID),
		Config: ArchitectureSpec{ID: string(a.ID), Storage: string(a.Storage), Replicas: a.Replicas,
			ReplicaPlacement: string(a.ReplicaPlacement), SyncCommit: string(a.SyncCommit), Variant: string(a.Variant),
			Nodes: a.Nodes, NodePlacement: string(a.NodePlacement), Workers: a.Workers, Shards: a.Shards, QueryFromAnyNode: a.QueryFromAnyNode,
			ReplicationFactor: a.ReplicationFactor, Consensus: string(a.Consensus), Clock: string(a.Clock),
			FollowerReads: a.FollowerReads, SecondaryIndexes: a.SecondaryIndexes},
		Saturated:                 r.Saturated,
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
		Nodes: r.Nodes,
		Sizing: Sizing{Replicas: r.Sizing.Replicas, ReplicasRequired: r.Sizing.ReplicasRequired, Workers: r.Sizing.Workers,
			WorkersRequired: r.Sizing.WorkersRequired, Shards: r.Sizing.Shards, Nodes: r.Sizing.Nodes,
			NodesRequired: r.Sizing.NodesRequired, AutoSized: r.Sizing.AutoSized,
			TargetUtilization: float64(r.Sizing.TargetUtilization)},
		CostUSDPerMonth: Cost{float64(r.Cost.Total), float64(r.Cost.Compute), float64(r.Cost.Storage), float64(r.Cost.IOPS), float64(r.Cost.IORequests), float64(r.Cost.Transfer), float64(r.Cost.Other)},
		Warnings:        nonNil(r.Warnings),
		Pros:            points(r.Pros),
		Cons:            points(r.Cons),
	}
	if a.Quorum != "" && len(a.Standbys) > 0 {
		out.Config.Quorum = string(a.Quorum) + " " + strconv.Itoa(a.QuorumCount)
	}
	for _, p := range a.Standbys {
		out.Config.Standbys = append(out.Config.Standbys, string(p))
	}
	for _, u := range r.Utilization {
		out.Utilization[u.Resource] = float64(u.Value)
	}
	if r.Throughput.Reads > 0 {
		out.Read = latency(r.Read)
	}
	if r.Throughput.Writes > 0 {
		out.Write = latency(r.Write)
	}
	if r.Throughput.Analytical > 0 {
		out.Analytical = latency(r.Analytical)
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
		out.Availability.Failures = append(out.Availability.Failures, Failure{f.Kind, seconds(f.RTO), seconds(f.RPO), f.Action})
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
