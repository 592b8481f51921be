package model

import (
	"fmt"
	"math"
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

// busyWarning is the utilisation from which a warning names a resource
// that nothing else reports as the bottleneck (the WAL link, PgBouncer's
// thread, the coordinator): the default target utilisation (0.7), where
// auto-sizing stops.
const busyWarning = 0.7

// busyLockWarning is the same for the reference table's lock, an M/G/1
// whose wait reaches its hold at 0.5 (Pollaczek–Khinchine, ρ/(1 − ρ) = 1
// for an exponential hold): lower, as a lock's queue grows faster.
const busyLockWarning = 0.5

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

// auroraLagMeasuredUpTo is the highest write rate at which the Aurora
// paper measured replica lag (Verbitski et al., SIGMOD 2017, Table 4),
// the range the replica apply is fitted to.
const auroraLagMeasuredUpTo Rate = 10000

// warnings are facts about the result the user should know.
func (pl *plan) warnings(r *Result, st state) []string {
	var out []string
	load := "the offered load"
	if pl.w.closed() {
		load = "the load its clients reach"
	}
	switch {
	case r.FallsBehind:
		out = append(out, fmt.Sprintf("falls behind: %s keeps up with %.0f%% of %s at most", r.Bottleneck, 100*r.MaxThroughputScale, load))
	case r.Saturated:
		out = append(out, fmt.Sprintf("saturated: %s cannot carry %s (%.0f%% of it at most)", r.Bottleneck, load, 100*r.MaxThroughputScale))
	}
	if d := r.Disk; !d.Fits() {
		out = append(out, fmt.Sprintf("each node stores %.0f GB, more than its %s holds (%.0f GB): more nodes to split the data, or a larger disk",
			float64(d.Data/GB), pl.a.Storage.DiskName(), float64(d.Capacity/GB)))
	}
	switch {
	case st.behind && (st.lagging == "apply" || st.lagging == "decode"):
		who := map[string]string{"apply": "the apply workers", "decode": "the walsenders decoding each node's changes for its subscribers"}[st.lagging]
		out = append(out, who+" fall behind without bound: each node sees the others' writes ever later (lag unbounded), and the window in which updates conflict grows with it; "+
			"no commit waits for another node's replication, so writes are not slowed")
	case st.behind:
		out = append(out, "replay falls behind without bound: a failover would first replay the whole backlog (RTO unbounded) and reads on the copy see ever older data; "+
			"no commit waits for replay below synchronous_commit = remote_apply, so writes are not slowed")
	}
	switch sz := r.Sizing; {
	case sz.AutoSized && sz.ReplicasRequired > 64:
		out = append(out, "replay on every replica saturates before reads do: more replicas cannot help")
	case sz.AutoSized && float64(sz.Replicas) < sz.ReplicasRequired-1e-9:
		out = append(out, fmt.Sprintf("the primary's network link sends the WAL to every replica: more than %d replicas load it beyond the target utilisation (cascade replicas from a replica, or compress the WAL)", sz.Replicas))
	}
	if len(pl.a.Regions) > 1 && pl.nodes() == 1 && pl.a.ID != DistributedSQL &&
		!slices.Contains(pl.a.Standbys, CrossRegion) && !(pl.replicas > 0 && pl.a.ReplicaPlacement == CrossRegion) {
		if len(pl.w.ClientRegions) == 0 {
			out = append(out, fmt.Sprintf("regions names %d regions, but no copy is placed across regions (cross-region standbys or replicas) and no client region is given (client_region_weights): they change nothing here", len(pl.a.Regions)))
		} else {
			// Review of 2026-11-27: a standby named for the second region
			// stayed in the first's other zone, unsaid.
			out = append(out, fmt.Sprintf("regions names %d regions, but every copy is in %s, the writer's: the others only send clients there (place a copy across regions: standbys [cross-region] or replica_placement cross-region)", len(pl.a.Regions), pl.a.Regions[0]))
		}
	}
	switch clients := int(math.Ceil(pl.clientsPerNode())); {
	case !pl.w.closed() || !pl.pooled():
	case clients <= pl.w.Sessions: // a pooler given, not needed
		out = append(out, fmt.Sprintf("pooler_processes puts PgBouncer in front of %d clients that fit the node's %d sessions: each round trip pays its relay; pooler_processes 0 leaves them backends of their own", clients, pl.w.Sessions))
	default:
		out = append(out, fmt.Sprintf("%d clients share a node's %d sessions through a pooler (PgBouncer, transaction mode), which adds %.0f µs and its queue to every round trip: with at least as many sessions as clients they keep backends of their own instead", clients, pl.w.Sessions, pl.p.Node.PoolerCPUPerRoundTrip.Ms()*1000))
	}
	// cacheSizes leaves the OS cache what the sessions do not take; past it
	// the node swaps or the OOM killer ends a backend, which the model does
	// not follow. (Aurora's shared_buffers take 75 % of the memory.)
	node := pl.p.Node
	shared, _ := pl.cacheSizes()
	if sessions, room := Bytes(pl.backends())*node.SessionMemory, node.Memory-node.OSReserve-shared; sessions > room {
		out = append(out, fmt.Sprintf("%d sessions at %.0f MB each take %.0f GB, more than the %.0f GB the node has beside shared_buffers: it would swap or lose backends to the OOM killer; use a pooler (clients beyond sessions) or fewer max_connections",
			pl.backends(), float64(node.SessionMemory/MB), float64(sessions/GB), float64(max(room, 0)/GB)))
	}
	if b := st.burst; b.over > 0 {
		out = append(out, fmt.Sprintf("each checkpoint's first %.1f s log a full-page image with nearly every page update: the WAL arrives at up to %.0f MB/s, over the %.0f MB/s the volume leaves it, and %.2g%% of commits wait behind a backlog of up to %.0f MB, at most %.0f ms; a larger max_wal_size spaces the surges, wal_compression shrinks them",
			float64(b.over), float64(b.peak)/1e6, float64(b.room)/1e6, 100*b.share, float64(b.backlog)/1e6, 1000*float64(b.wait)))
	}
	if pl.a.SyncCommit == SyncOff {
		out = append(out, "synchronous_commit = off: a crash loses up to 3 × wal_writer_delay of acknowledged commits")
	}
	if d := r.Disk; pl.a.ID == ActiveActive && d.Capacity > 0 && st.wal.rate > 0 {
		// Each survivor keeps the dead node's replication slot, and a slot
		// keeps WAL without limit by default (max_slot_wal_keep_size = -1);
		// a full pg_wal stops the server.
		// Dropping the slot means the node rejoins by a full copy of the
		// data (a logical copy with copy_data, or a physical join), which
		// a slot kept longer would have spared (review of 2026-11-26).
		if free := d.Capacity - d.Data; free > 0 {
			fill := free.Over(st.wal.rate)
			reseed := pl.dataPerNode().Over(pl.p.Recovery.RestoreRate)
			out = append(out, fmt.Sprintf("a dead node's replication slot keeps every survivor's WAL: at %.1f MB/s its pg_wal fills the %.0f GB left on its disk in %.1f h and the server stops; set max_slot_wal_keep_size, or drop the slot, after which the node rejoins by a full copy of its %.0f GB (%.1f h at the restore rate)",
				float64(st.wal.rate)/1e6, float64(free/GB), float64(fill/Hour), float64(pl.dataPerNode()/GB), float64(reseed/Hour)))
		}
	}
	if c := r.Consistency.ConflictsPerSec; c != nil && *c > 0 {
		switch pl.a.ConflictResolution {
		case NoResolution:
			out = append(out, fmt.Sprintf("%.3g update conflicts/s, each leaving the nodes holding different rows until repaired by hand: PostgreSQL's own logical replication applies every incoming update whatever the row's origin (docs §29.7, update_origin_differs); an INSERT of a key another node inserted stops the apply worker (insert_exists)", *c))
		default:
			out = append(out, fmt.Sprintf("%.3g update conflicts/s, which last-update-wins (pgEdge Spock, EDB Postgres Distributed) settles by keeping the later update on every node; PostgreSQL's own logical replication resolves none (conflict_resolution: none)", *c))
		}
	}
	if n := st.replica; n.stall > 0 {
		out = append(out, fmt.Sprintf("analytical queries on replicas pause replay %.0f%% of the time (each record waits at most max_standby_streaming_delay): the lag grows", 100*n.stall))
		// A pause holds every commit that arrives during it at once (under
		// FIRST k, or all n; ANY k of n with a spare answers without the
		// paused one); the model takes each commit's wait on its own, which
		// gets the sessions' mean right but not their peak, and charges a
		// hot row's lock a pause per commit where one per pause holds it
		// (the lock's figures are the pessimistic side).
		if pl.a.StandbyReads && pl.a.SyncCommit == SyncRemoteApply && (pl.a.Quorum == First || pl.a.QuorumCount == len(pl.a.Standbys)) {
			pile := float64(st.writes) * float64(n.stallTime)
			held := fmt.Sprintf("holding %.0f%% of the %d sessions", 100*pile/float64(pl.w.Sessions), pl.w.Sessions)
			if pile > float64(pl.w.Sessions) {
				held = fmt.Sprintf("more than the %d sessions: new ones are refused, or wait in a pool, during each pause", pl.w.Sessions)
			}
			out = append(out, fmt.Sprintf("under remote_apply a commit waits for the standbys' replay, which their queries pause %.0f%% of the time, %.2g s a pause (at most max_standby_streaming_delay): about %.0f commits pile up in each, %s, and their row locks with them; enable hot_standby_feedback (bloat on the primary), lower the delay (more cancelled queries) or read from asynchronous replicas",
				100*n.stall, float64(n.stallTime), pile, held))
		}
		if n.cancelled > 0 {
			out = append(out, fmt.Sprintf("analytical queries on a replica overlap, one after another, beyond max_standby_streaming_delay: replay waits it out and then cancels the queries still running, about %.0f%% of them (enable hot_standby_feedback, at the price of bloat on the primary, or run them elsewhere)", 100*n.cancelled))
		}
	}
	if copies := pl.streams(); copies > 1 && (st.primary.network > busyWarning || r.Bottleneck == "network") {
		out = append(out, fmt.Sprintf("the primary streams its WAL once to each of its %d copies, %.0f%% of its network link: cascade replicas from a replica (a standby can send WAL on), or shrink the WAL (wal_compression)",
			copies, 100*st.primary.network))
	}
	if k := pl.w.PoolerProcesses; k > 0 && (st.primary.pooler > busyWarning || r.Bottleneck == "pooler") {
		out = append(out, fmt.Sprintf("each of the %d PgBouncer processes is %.0f%% busy relaying round trips on its one thread: run more of them on one port (so_reuseport), or send fewer round trips", k, 100*st.primary.pooler))
	}
	if pl.a.ID == Sharded && !pl.a.QueryFromAnyNode && st.coord.rho() > busyWarning {
		out = append(out, fmt.Sprintf("the coordinator's CPU is %.0f%% busy planning and routing every statement: query from any node, or a larger coordinator", 100*st.coord.rho()))
	}
	if f := pl.referenceUpdates(); f > 0 && (st.refLockRho > busyLockWarning || r.Saturated && r.Bottleneck == "reference_lock") {
		updates := float64(st.writes) * f
		commit := "its commit"
		if n := pl.workers(); n > 1 {
			commit = fmt.Sprintf("a two-phase commit over %d workers", n)
		}
		out = append(out, fmt.Sprintf("updates of the reference table run one at a time: %.0f/s each hold its shard lock %.2f ms, through %s (%.0f%% busy); fewer or batched reference-table updates (citus.all_modifications_commutative lifts the lock, but updates that do not commute then leave the workers' copies different)",
			updates, 1e3*st.refLockRho/updates, commit, 100*st.refLockRho))
	}
	if cold := pl.suspended(&st); cold >= 1e-3 || cold*float64(r.Throughput.Total)*float64(24*Hour) >= 1 {
		// Where at least one request in a thousand, or one a day, finds
		// the compute suspended (review: the warning stood at 21,000
		// requests/s, and left at one request a day, where every one is
		// cold).
		out = append(out, fmt.Sprintf("Neon suspends a compute idle for %.0f min: %.3g%% of requests (about %.0f a day) find it suspended and wait a cold start of %.1f s, then read from a cold cache",
			float64(neonSuspendAfter/Minute), 100*cold, cold*float64(r.Throughput.Total)*float64(24*Hour), float64(pl.p.Disaggregated.ColdStart)))
	}
	if pl.a.Variant == Aurora && pl.replicas > 0 && st.writes > auroraLagMeasuredUpTo {
		// The replica's apply is fitted to the Aurora paper's Table 4,
		// measured up to 10,000 writes/s (review: 50,000 extrapolated
		// to a 100 ms p99 against AWS's "much less than 100 ms").
		out = append(out, fmt.Sprintf("the replicas' lag is extrapolated beyond the %.0f writes/s the Aurora paper measured it at: check it against the cluster's AuroraReplicaLag", float64(auroraLagMeasuredUpTo)))
	}
	if st.wal.readShare >= 0.1 {
		out = append(out, fmt.Sprintf("reads log %.0f%% of the full-page images: a read that finds a page's dead row versions first after a checkpoint prunes it, a WAL-logged change",
			100*float64(st.wal.readShare)))
	}
	if st.wal.cycle > 0 && st.wal.cycle < pl.p.Postgres.CheckpointTimeout && st.writes > 0 {
		// Whole seconds, two decimals below one (not "every 0 s").
		digits, cycle := 0, float64(st.wal.cycle)
		if cycle < 1 {
			digits = 2
		}
		switch {
		case st.wal.fpiShare < 0.5:
			// The records fill it, not the images (review of 2026-11-26:
			// "images are 0 %… a larger max_wal_size absorbs them").
			out = append(out, fmt.Sprintf("max_wal_size triggers a checkpoint every %.*f s, before checkpoint_timeout: the records alone fill it; a larger max_wal_size spaces the checkpoints", digits, cycle))
		default:
			remedy := "a larger max_wal_size absorbs them"
			if pl.p.Postgres.WALCompression.Saving == 0 {
				remedy = "a larger max_wal_size absorbs them, wal_compression shrinks them (profile field wal_compression_saving_fraction: lz4 ≈ 0.4, zstd ≈ 0.7)"
			}
			out = append(out, fmt.Sprintf("max_wal_size triggers a checkpoint every %.*f s, before checkpoint_timeout: full-page images are %.0f%% of the WAL; %s", digits, cycle, 100*float64(st.wal.fpiShare), remedy))
		}
	}
	return out
}
