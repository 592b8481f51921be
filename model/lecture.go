package model

import (
	"slices"
)

// The lecture's pros and cons per architecture (Marco Slot, "An Overview of
// Distributed PostgreSQL Architectures", Crunchy Data blog, 2024, and the
// PGConf.EU 2023 talk; see ../shared/reference/seed-source.md §2). Each
// carries the condition under which this workload triggers it.
type claim struct {
	text    string
	applies func(pl *plan, r *Result) bool
}

func always(*plan, *Result) bool { return true }

// survivesNode holds where a node's failure is survived: the survivors
// carry the load (survivorsCarry).
func survivesNode(_ *plan, r *Result) bool { return slices.Contains(r.Availability.Survives, "node") }

var lecture = map[ID]struct{ pros, cons []claim }{
	SingleNode: {
		pros: []claim{
			{"Very fast: virtually no network latency on the database layer", always},
			{"Performant and cost-efficient", always},
		},
		cons: []claim{
			{"Downtime when the machine fails", always},
			{"Data loss is likely when the disk fails", func(pl *plan, _ *Result) bool { return pl.a.Storage == LocalStorage }},
			{"Hard to scale an overloaded system: scale-up has limits", lowHeadroom},
		},
	},
	NetworkAttachedStorage: {
		pros: []claim{
			{"Higher durability (the storage service replicates)", always},
			{"Higher uptime (replace the VM, reattach the disk)", always},
			{"Fast backups and replica creation (snapshots)", always},
			{"Disk is resizable", always},
		},
		cons: []claim{
			{"Higher disk latency (especially writes: 10 µs → 1000 µs)", func(pl *plan, _ *Result) bool { return pl.p.Network.FsyncLatency > 2*pl.p.Local.FsyncLatency }},
			{"Lower IOPS (1M → 10k IOPS)", func(pl *plan, r *Result) bool { return r.Bottleneck == "iops" || usage(r, "iops") > 0.5 }},
			{"Crash recovery on restart takes time", func(_ *plan, r *Result) bool { return r.Availability.RTO > Minute }},
			{"Cost can be high", func(_ *plan, r *Result) bool { return r.Cost.IOPS > r.Cost.Compute/4 }},
		},
	},
	ReadReplicas: {
		pros: []claim{
			{"Read throughput scales linearly", always},
			{"Low-latency stale reads if a replica is closer than the primary", always},
			{"Lower load on the primary", always},
		},
		cons: []claim{
			{"Eventual read-your-writes consistency", func(_ *plan, r *Result) bool {
				p := r.Consistency.StaleReadProbability
				return p != nil && *p > 1e-3
			}},
			{"No monotonic read consistency", func(_ *plan, r *Result) bool { return r.Consistency.MonotonicReads == NotGuaranteed }},
			{"Poor cache usage: every replica caches the same pages", func(_ *plan, r *Result) bool { return r.CacheHitRatio < 0.99 }},
		},
	},
	DBMSOptimizedStorage: {
		pros: []claim{
			{"Potential performance benefits by avoiding page writes from the primary", always},
			{"No crash recovery", always},
			{"Replicas can reuse the storage, including a hot standby", func(pl *plan, _ *Result) bool { return pl.replicas > 0 }},
			{"Less rigid than network-attached storage (fast reattach, branching)", always},
		},
		cons: []claim{
			{"Write latency is high by default: every commit waits for a cross-zone quorum", func(pl *plan, _ *Result) bool { return pl.a.SyncCommit != SyncOff }},
			{"High cost / pricing (per-I/O pricing on Aurora Standard)", func(_ *plan, r *Result) bool { return r.Cost.IORequests > r.Cost.Compute/4 }},
			{"PostgreSQL is not designed for it: can be slower than regular storage; not open source", always},
		},
	},
	Sharded: {
		pros: []claim{
			{"Scales throughput for reads and writes (CPU and IOPS)", always},
			{"Scales memory for large working sets: each worker caches 1/W of the data", always},
			{"Parallelises analytical queries across workers", func(pl *plan, _ *Result) bool { return pl.w.AnalyticalRate > 0 }},
		},
		cons: []claim{
			{"Higher read and write latency: every statement hops through the coordinator", func(pl *plan, _ *Result) bool { return !pl.a.QueryFromAnyNode }},
			{"Multi-node writes pay two-phase commit", func(pl *plan, _ *Result) bool { fm, fr := pl.twoPhaseShares(); return fm+fr > 0 }},
			{"Data model decisions (distribution column) have high impact on performance", always},
			{"Snapshot isolation concessions: multi-node reads are not one snapshot", always},
			{"Guideline: for multi-tenant apps, working sets over ~100 GB or compute-heavy queries", func(pl *plan, _ *Result) bool { return pl.w.WorkingSet < 100*GB }},
		},
	},
	DistributedSQL: {
		pros: []claim{
			{"Good read and write availability: ranges fail over in a lease interval", survivesNode},
			{"Single-table, single-key operations scale well", always},
			{"No snapshot-isolation concessions and no single writer", always},
			{"A linear history (strict serializability): the commit wait orders transactions by real time", func(_ *plan, r *Result) bool {
				return r.Consistency.LinearHistory == Guaranteed
			}},
		},
		cons: []claim{
			{"High write latency: every commit waits for a consensus majority", always},
			{"Every statement may hop from its gateway to the range's leaseholder", always},
			{"CPU per key-value operation above PostgreSQL's", always},
			{"TrueTime commit wait adds about 2ε per commit", func(pl *plan, _ *Result) bool { return pl.a.Clock == TrueTime }},
			{"Clock uncertainty restarts reads of recently written keys", func(pl *plan, _ *Result) bool { return pl.a.Clock == HLC }},
			{"Guideline: just use PostgreSQL unless the availability and scale are worth the latency", always},
		},
	},
	ActiveActive: {
		pros: []claim{
			{"Very high read and write availability", survivesNode},
			{"Low read and write latency: commits are local", always},
			{"Read throughput scales linearly", always},
		},
		cons: []claim{
			{"Eventual read-your-writes consistency", func(pl *plan, _ *Result) bool { return !pl.w.SessionAffinity }},
			{"No monotonic read consistency", func(pl *plan, _ *Result) bool { return !pl.w.SessionAffinity }},
			{"No linear history: conflicts are resolved after commit (last update wins loses updates)", func(_ *plan, r *Result) bool {
				l := r.Consistency.LostUpdatesPerSec
				return l == nil || *l > 0
			}},
			{"Write throughput does not scale: every node applies every write", always},
			{"No global constraints (unique keys, foreign keys) across nodes", always},
			{"Guideline: only for very simple workloads, such as queues", always},
		},
	},
	HotStandby: {
		pros: []claim{
			{"Survives node and availability-zone failure", func(_ *plan, r *Result) bool { return len(r.Availability.Survives) > 1 }},
			{"No crash recovery when resuming from failure", always},
		},
		cons: []claim{
			{"Every commit waits for the standby: +1 round trip (synchronous_commit)", func(pl *plan, _ *Result) bool { return pl.a.waitsForStandby() }},
			{"Row locks are held through the standby wait, lowering hot-row throughput", func(pl *plan, _ *Result) bool { return pl.w.HotRows > 0 && pl.a.waitsForStandby() }},
			{"Pays for a node that serves no queries", func(pl *plan, _ *Result) bool { return !pl.a.StandbyReads }},
		},
	},
}

// lowHeadroom is the lecture's con "little room to grow": the load cannot
// double before something saturates (lowHeadroomScale).
func lowHeadroom(_ *plan, r *Result) bool { return r.MaxThroughputScale < lowHeadroomScale }

// lowHeadroomScale is the growth below which an option has little room:
// twice the load, an assumption (a year of doubling traffic).
const lowHeadroomScale = 2

func usage(r *Result, resource string) Ratio {
	for _, u := range r.Utilization {
		if u.Resource == resource {
			return u.Value
		}
	}
	return 0
}

// prosCons returns the lecture's pros and cons, marked where they apply.
func (pl *plan) prosCons(r *Result) (pros, cons []Point) {
	l := lecture[pl.a.ID]
	mark := func(cs []claim) []Point {
		out := make([]Point, len(cs))
		for i, c := range cs {
			out[i] = Point{Text: c.text, Applies: c.applies(pl, r)}
		}
		return out
	}
	return mark(l.pros), mark(l.cons)
}
