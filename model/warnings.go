package model

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// busyWarning is the utilisation from which a warning names a resource
// that nothing else reports as the bottleneck (the WAL link, PgBouncer's
// thread, the coordinator): the default target utilisation (0.7), where
// auto-sizing stops.
const busyWarning = 0.7

// busyLockWarning is the same for the reference table's lock, an M/G/1
// whose wait reaches its hold at 0.5 (Pollaczek–Khinchine, ρ/(1 − ρ) = 1
// for an exponential hold): lower, as a lock's queue grows faster.
const busyLockWarning = 0.5

// handOverWarning is the share of the node's cores that hot rows'
// hand-overs take, with the CPU above busyWarning, from which a warning
// names the collapse a burst can tip them into: the simulator's K15 case
// (docs/simulation.md) had them at 5 % of 8 cores and tipped at a CPU of
// 0.85, not at 0.8.
const handOverWarning = 0.01

// throttleWarning is the share of a throttled volume's IOPS from which a
// warning says that its token bucket, which lets Poisson I/Os through
// without a wait nearly to the limit, queues PostgreSQL's bursts: AWS
// designs gp2 and gp3 to deliver at least 90 % of their provisioned IOPS
// 99 % of the time (Amazon EBS User Guide, "Amazon EBS optimization").
const throttleWarning = 0.9

// walsenderShareWarning is the share of the primary's CPU load from which
// a warning names the walsenders' fitted cost where the CPU is busy.
const walsenderShareWarning = 0.15

// auroraLagMeasuredUpTo is the highest write rate at which the Aurora
// paper measured replica lag (Verbitski et al., SIGMOD 2017, Table 4),
// the range the replica apply is fitted to.
const auroraLagMeasuredUpTo Rate = 10000

// warnings are facts about the result the user should know: how its load
// fits (loadWarnings), what its copies do (replicationWarnings) and what its
// WAL and checkpoints do (walWarnings), at the state requests see (st) and
// the one the system carries (sys: carried).
func (pl *plan) warnings(r *Result, st, sys state) []string {
	out := pl.loadWarnings(nil, r, st, sys)
	out = pl.replicationWarnings(out, r, st)
	return pl.walWarnings(out, r, st)
}

// largeNodeVCPUs and largeNodeWrites are where a node's write ceiling is
// the cores' without the locks that serialise WAL insertion and commit
// (USL σ and κ 0, unfitted): above 32 vCPUs, the r6i.8xlarge, and 10,000
// write transactions/s, where a warning says so (review of 2026-11-28: a
// 64-vCPU single node was adopted at 60,000 writes/s). A judgement (U).
const (
	largeNodeVCPUs  = 32
	largeNodeWrites = 10000
)

// diskWarning is the share of a PostgreSQL node's usable disk beyond which
// its data leaves too little room for a table's rewrite (VACUUM FULL and
// CLUSTER write a new copy before dropping the old: PostgreSQL docs,
// VACUUM) or a WAL backlog: 80 %, a judgement (U).
const diskWarning = 0.8

// loadWarnings appends what limits the load: saturation, a copy that falls
// behind at what the system carries, the disk, the sizing, the regions,
// the sessions, a pooler and the memory they take.
func (pl *plan) loadWarnings(out []string, r *Result, st, sys state) []string {
	load := "the offered load"
	if pl.w.closed() {
		load = "the load its clients reach"
	}
	switch {
	case r.FallsBehind:
		out = append(out, fmt.Sprintf("falls behind: %s keeps up with %.0f%% of %s at most", r.Bottleneck, 100*r.MaxThroughputScale, load))
	case r.Saturated:
		what, most := r.Bottleneck, r.MaxThroughputScale
		if pl.served > 0 { // the requests' own ceiling, past a copy that falls behind first
			what, most = pl.servedBy, pl.served
		}
		text := fmt.Sprintf("saturated: %s cannot carry %s (%.0f%% of it at most)", what, load, 100*most)
		if n, short := r.PoolShort(pl.w.Sessions); short && what == r.Bottleneck {
			text += fmt.Sprintf(": its sessions in use need a pool of about %.0f per node", math.Ceil(n))
		}
		out = append(out, text)
	}
	if f := st.flush; f.busy >= busyWarning && f.load < 1 && !r.Saturated && r.Bottleneck != "wal_flush" && pl.a.Storage != DisaggregatedStorage { // there the log stream's share of the link (solve.go)
		// Group commit keeps a flush in progress nearly always at such a
		// rate, and the batches grow instead of a queue (review of
		// 2026-11-28: "wal_flush" at 0.999 beside a headroom of 2.06 read
		// as a contradiction).
		out = append(out, fmt.Sprintf("the WAL flush is in progress %.1f%% of the time: group commit, %.0f flushes/s of about %.1f commits each; a commit waits for the flush in progress and its own, "+
			"and the flushes bind only when the WAL fills the device's bandwidth (%.0f%% now) or their I/Os its IOPS",
			100*f.busy, float64(f.rate), f.batch, 100*f.load))
	}
	if n, least := pl.p.Node.VCPUs, pl.a.ID.SmallestVCPUs(); n < least {
		// Review of 2026-11-28: distributed SQL given 2 vCPUs was judged
		// without a word, where recommend sizes no node below 4.
		why := map[ID]string{
			DistributedSQL: "CockroachDB's production checklist asks for at the least: below it its background work (compactions, Raft, rebalancing) competes with the requests",
			Sharded:        "Azure's managed Citus offers its workers and coordinator at the least: below it autovacuum, checkpoints and the shard moves compete with the requests",
		}[pl.a.ID]
		out = append(out, fmt.Sprintf("%d vCPUs a node, below the %d %s, which the model does not follow", n, least, why))
	}
	if v, d := pl.p.Network, pl.dev; pl.a.Storage == NetworkStorage {
		var over []string
		if d.IOPS < v.IOPS {
			over = append(over, fmt.Sprintf("%.0f IOPS (instance_volume_iops) of the %.0f the volume provisions", float64(d.IOPS), float64(v.IOPS)))
		}
		if d.Bandwidth < v.Bandwidth && pl.p.Prices.NetworkBandwidthPerMBsMonth > 0 { // else the IOPS carry it unbilled (io2)
			over = append(over, fmt.Sprintf("%.0f MB/s (instance_volume_mb_per_sec) of its %.0f", float64(d.Bandwidth/MBPerSecond), float64(v.Bandwidth/MBPerSecond)))
		}
		if len(over) > 0 {
			out = append(out, "the instance sustains only "+strings.Join(over, " and ")+" towards its volumes: the model runs the volume at that, and the rest is paid for idle; a larger instance, or a smaller provision")
		}
	}
	if dev := st.primary.dev; dev.ThrottleWindow > 0 && dev.rho() > throttleWarning && !r.Saturated {
		out = append(out, fmt.Sprintf("the volume runs at %.0f%% of its %.0f IOPS: its token bucket (%.0f ms, %.0f I/Os) lets steady I/Os through without a wait, "+
			"but PostgreSQL's bursts (a checkpoint's write-back and fsync, autovacuum, prefetch) queue at it below the limit, and AWS designs gp2 and gp3 for 90%% of their IOPS 99%% of the time: "+
			"provision more IOPS, or measure the bucket (fio at rising rates)",
			100*dev.rho(), float64(dev.IOPS), dev.ThrottleWindow.Ms(), dev.depth()))
	}
	if n := r.Disk.NoLocalNode; n > 0 {
		out = append(out, fmt.Sprintf("no node of %d vCPUs in the family has local NVMe: its smallest has %d (local_min_vcpus); this one is evaluated at %d vCPUs, priced as the family scales, a node that does not exist. Network volumes (storage: network), or a node of %d vCPUs",
			pl.p.Node.VCPUs, n, pl.p.Node.VCPUs, n))
	}
	switch d := r.Disk; {
	case d.TenantOverflows:
		out = append(out, fmt.Sprintf("the largest tenant's data, %.0f GB (largest_tenant_fraction of data_size_gb), lies on one worker, which with its pg_wal is more than its %s holds (%.0f GB): "+
			"no count of workers splits one value of the distribution column, so the count holds the others'; a larger disk for that worker, or a distribution column that spreads the tenant's rows",
			float64(pl.w.DataSize/GB)*float64(pl.w.LargestTenantFraction), pl.a.Storage.DiskName(), float64(d.Capacity/GB)))
	case !d.Fits():
		out = append(out, fmt.Sprintf("%s stores %.0f GB, more than its %s holds (%.0f GB): more nodes to split the data, or a larger disk",
			pl.dataNode(), float64(d.Data/GB), pl.a.Storage.DiskName(), float64(d.Capacity/GB)))
	case pl.a.ID != DistributedSQL && pl.a.Storage != DisaggregatedStorage && d.Crowded():
		out = append(out, fmt.Sprintf("%s's data and pg_wal fill %.0f%% of what its %s leaves them (%.0f of %.0f GB): VACUUM FULL, CLUSTER and REINDEX write a new copy of a table or index before dropping the old, "+
			"and pg_wal outgrows max_wal_size while archiving fails or a replication slot holds it; PostgreSQL stops when it cannot write WAL",
			pl.dataNode(), 100*float64(d.Data)/float64(d.Capacity), pl.a.Storage.DiskName(), float64(d.Data/GB), float64(d.Capacity/GB)))
	}
	switch {
	case sys.behind && (sys.lagging == "apply" || sys.lagging == "decode"):
		who := map[string]string{"apply": "the apply workers", "decode": "the walsenders decoding each node's changes for its subscribers"}[sys.lagging]
		out = append(out, who+" fall behind without bound: each node sees the others' writes ever later (lag unbounded), and the window in which updates conflict grows with it; "+
			"no commit waits for another node's replication, so writes are not slowed")
	case sys.behind && sys.lagging == "walsender":
		out = append(out, "each copy's walsender, one process, cannot send the WAL as fast as it is flushed (walsender_cpu_per_kb_us): the copies fall behind without bound; no commit waits for an asynchronous copy, so writes are not slowed")
	case sys.behind:
		out = append(out, "replay falls behind without bound: a failover would first replay the whole backlog (RTO unbounded) and reads on the copy see ever older data; "+
			"no commit waits for replay below synchronous_commit = remote_apply, so writes are not slowed")
	}
	switch sz := r.Sizing; {
	case sz.AutoSized && sz.ReplicasRequired > 64:
		out = append(out, "replay on every replica saturates before reads do: more replicas cannot help")
	case sz.AutoSized && float64(sz.Replicas) < sz.ReplicasRequired-1e-9:
		out = append(out, fmt.Sprintf("the primary's network link sends the WAL to every replica: more than %d replicas load it beyond the target utilisation (cascade replicas from a replica, or compress the WAL)", sz.Replicas))
	}
	out = pl.tenantWarning(out, r)
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
	if pl.replicas > 0 && pl.away && pl.w.ReplicaReadFraction > 0 {
		out = append(out, "the copies reads would go to sit in another region than the clients, which are in the writer's (no regions named): they serve no reads, as disaster-recovery copies; name regions and client_region_weights to send each region's reads to its nearest copy")
	}
	if pl.routed() {
		// Review of 2026-11-28: one replica for three regions left
		// Tokyo's clients reading in us-east-1, unsaid.
		clients, home := pl.clients(), pl.a.Regions[0]
		for _, c := range sortedKeys(clients) {
			if _, near := pl.replicaRegion(c); !near && c != home && clients[c] > 0 {
				rtt, _ := pl.p.Regions.RTT(c, home)
				why := fmt.Sprintf("replicas fill the regions after the writer's in order: %d for %d regions", pl.replicas, len(pl.a.Regions)-1)
				if pl.nearestRegion(c, len(pl.a.Regions)-1) == 0 {
					why = "regions names none nearer them" // review: "1 for 1 regions" for us-west-2's clients
				}
				out = append(out, fmt.Sprintf("no replica is nearer the clients in %s than the primary in %s: they read there, %.0f ms away (%s)", c, home, rtt.Ms(), why))
			}
		}
	}
	switch clients := int(math.Ceil(pl.clientsPerNode())); {
	case !pl.w.closed() || !pl.pooled():
	case clients <= pl.w.Sessions: // a pooler given, not needed
		out = append(out, fmt.Sprintf("pooler_processes puts PgBouncer in front of %d clients that fit the node's %d sessions: each round trip pays its relay; pooler_processes 0 leaves them backends of their own", clients, pl.w.Sessions))
	default:
		// Its processes run on the node's cores (poolerCores): at the
		// client past the sessions the throughput can step down (review of
		// 2026-11-27: 26 % from 500 to 501 clients on 500 sessions).
		where := ""
		if cores := pl.poolerCores(st.primary.poolerWork); cores > 0 {
			where = fmt.Sprintf(", and runs on the node's own cores (%d processes, %.2f cores here; on a host of its own they would be PostgreSQL's)", pl.poolerProcesses(st.primary), cores)
		}
		out = append(out, fmt.Sprintf("%d clients share a node's %d sessions through a pooler (PgBouncer, transaction mode), which adds %.0f µs and its queue to every round trip%s: with at least as many sessions as clients they keep backends of their own instead",
			clients, pl.w.Sessions, pl.p.Node.PoolerCPUPerRoundTrip.Ms()*1000, where))
	}
	if st.handOver > handOverWarning*float64(pl.p.Node.VCPUs) && st.primary.cpu.rho() > busyWarning {
		// A mean-value fixed point (plan.solve) where the simulator,
		// bursts and all, tips into a collapse (docs/simulation.md, K15).
		out = append(out, fmt.Sprintf("each commit of a hot row wakes every waiter, who re-checks the row and queues again: %.2f cores here, with the CPU %.0f%% busy; a burst that lengthens the rows' queues adds CPU that lengthens them further, and the node can tip into a collapse the steady state does not show (spread the hot rows over more rows, or batch their updates)",
			st.handOver, 100*st.primary.cpu.rho()))
	}
	// cacheSizes leaves the OS cache what the sessions do not take.
	if m := r.Memory; !m.Fits() {
		out = append(out, fmt.Sprintf("%d sessions at %.0f MB each take %.0f GB, more than the %.0f GB the node has beside shared_buffers: it would swap or lose backends to the OOM killer; use a pooler (clients beyond sessions) or fewer max_connections",
			m.Backends, float64(m.PerBackend/MB), float64(m.Sessions()/GB), float64(m.Room/GB)))
	}
	return out
}

// dataNode names the node whose data the result's Disk is: a Citus
// cluster's busiest worker, which holds the most shards and the largest
// tenant; every node elsewhere.
func (pl *plan) dataNode() string {
	if pl.a.ID == Sharded {
		return "the busiest worker"
	}
	return "each node"
}

// tenantWarning appends, where a sharded cluster's largest tenant has a
// worker of its own and that worker is the busiest (tenantBound) above
// busyWarning, that no count of workers relieves it.
func (pl *plan) tenantWarning(out []string, r *Result) []string {
	if !pl.tenantBound() {
		return out
	}
	var busiest Usage
	for _, u := range r.Utilization {
		if !strings.HasPrefix(u.Resource, "coordinator") && !strings.HasSuffix(u.Resource, "lock") && !strings.HasSuffix(u.Resource, "sessions") && u.Value > busiest.Value {
			busiest = u
		}
	}
	if busiest.Value <= busyWarning {
		return out
	}
	l, relief := pl.layout(), "more workers do not relieve it"
	if pl.a.QueryFromAnyNode {
		relief = "more workers relieve it only of routing the statements that arrive at it"
	}
	return append(out, fmt.Sprintf("the largest tenant, %.0f%% of the routed load and data (largest_tenant_fraction), has a worker of its own (isolate_tenant_to_new_shard, then citus_move_shard_placement: Citus docs, \"Dealing with Big Tenants\"), "+
		"the busiest, its %s at %.0f%% where the other workers' is about %.0f%%: %s; a larger worker does (vcpus), or a distribution column that spreads the tenant's rows",
		100*float64(pl.w.LargestTenantFraction), busiest.Resource, 100*float64(busiest.Value), 100*float64(busiest.Value)*l.rest/l.busiest, relief))
}

// replicationWarnings appends what the copies do: durability under
// synchronous_commit off, active-active's slots and conflicts, replay
// pauses, the WAL streams, a Citus coordinator's and reference table's
// queues, Neon's cold starts and Aurora's extrapolated lag.
func (pl *plan) replicationWarnings(out []string, r *Result, st state) []string {
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
		reseed := pl.dataPerNode().Over(pl.p.Recovery.RestoreRate)
		switch free := d.Capacity - d.Data; {
		case pl.a.Storage == NetworkStorage:
			// A volume is billed, and so sized, at its data (cost): the
			// WAL kept grows it, up to the largest volume (review of
			// 2026-11-27: "the 70168 GB left" of a 200 GB volume).
			out = append(out, fmt.Sprintf("a dead node's replication slot keeps every survivor's WAL: at %.1f MB/s its pg_wal grows by %.0f GB a day, beyond the volume sized to the data, which must grow with it (or the server stops when it is full); set max_slot_wal_keep_size, or drop the slot, after which the node rejoins by a full copy of its %.0f GB (%.1f h at the restore rate)",
				float64(st.wal.rate)/1e6, float64(st.wal.rate)*86400/1e9, float64(pl.dataPerNode()/GB), float64(reseed/Hour)))
		case free > 0:
			fill := free.Over(st.wal.rate)
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
	if senders, _ := pl.walsenderLoad(&st); senders > 0 && st.primary.cpu.rho() >= busyWarning && senders >= walsenderShareWarning*st.primary.cpu.load {
		// Review of 2026-11-27: a faster device lowered a hot standby's
		// ceiling by 9 %, its smaller flush batches waking the walsenders
		// more often, on a per-flush cost fitted on one small machine.
		out = append(out, fmt.Sprintf("the walsenders take %.0f%% of the primary's busy CPU (%.2f cores, their rounds on the WAL flushes for each of %d copies): walsender_cpu_per_flush_us (%.0f µs) was measured on a 2-vCPU VM with its standbys on the same host (validation/walsender.sh), likely dearer than yours; measure it where the decision hinges on the CPU",
			100*senders/st.primary.cpu.load, senders, pl.walsenders(), float64(pl.p.Node.WalsenderCPUPerFlush/Microsecond)))
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
	}
	if n := st.replica; n.cancelled > 0 {
		// Also with max_standby_streaming_delay 0, where replay never
		// pauses: each conflict cancels at once.
		out = append(out, fmt.Sprintf("analytical queries on a replica overlap, one after another, beyond max_standby_streaming_delay: replay waits it out and then cancels the queries still running, about %.0f%% of them (enable hot_standby_feedback, at the price of bloat on the primary, or run them elsewhere)", 100*n.cancelled))
	}
	if copies := pl.streams(); copies > 1 && (st.primary.network > busyWarning || r.Bottleneck == "network") {
		s := fmt.Sprintf("the primary streams its WAL once to each of its %d copies, %.0f%% of its network link: cascade replicas from a replica (a standby can send WAL on), or shrink the WAL (wal_compression)",
			copies, 100*st.primary.network)
		if !(st.primary.network < 1) && !pl.a.HoldsRequests("network") {
			// Review of 2026-11-27: "falls behind" said nothing of where
			// the WAL they lack waits.
			s += "; beyond it the copies fall behind without bound: a replication slot keeps their WAL in pg_wal until the disk fills and the primary stops (max_slot_wal_keep_size caps it, at the price of the copy), and without slots a copy that falls beyond wal_keep_size must be cloned again"
		}
		out = append(out, s)
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
	return pl.storageClientWarning(out, r, st)
}

// clientShareWarning is the share of a busy compute node's CPU load from
// which a warning says how much of it is the storage client's, whose cost
// is fitted and uncertain (docs/published.md).
const clientShareWarning = 0.25

// storageClientWarning appends, on DBMS-optimised storage whose writer's
// or replicas' CPU is the bottleneck (which sizes the replicas) or above
// busyWarning, the share of it the storage client takes where that is at
// least clientShareWarning: its costs per
// commit and per page read from storage are fitted by CPU balance to two
// pgbench runs on different processors, and the read part is 32 µs
// instead of 278 where Graviton2 is 20 % faster per vCPU than r5
// (docs/published.md, "What the fit confounds"; review of 2026-11-28: two
// Aurora readers sized for it, and none without).
func (pl *plan) storageClientWarning(out []string, r *Result, st state) []string {
	if pl.a.Storage != DisaggregatedStorage {
		return out
	}
	warn := func(name, resource string, n *node) {
		c := n.cpu
		if share := n.client / c.load; (c.rho() > busyWarning || r.Bottleneck == resource) && share >= clientShareWarning {
			sized := ""
			if r.Sizing.AutoSized && pl.replicas > 0 {
				sized = ", and so are the replicas sized by it"
			}
			out = append(out, fmt.Sprintf("the storage client takes %.0f%% of the %s CPU (%.0f%% busy): storage_client_commit_cpu_us and storage_client_read_cpu_us are fitted to two pgbench runs on Aurora on different processors, the read part 32 µs instead of 278 if Graviton2 is 20%% faster per vCPU than r5 (docs/published.md): "+
				"this ceiling is uncertain by that share%s; measure the compute's CPU against its commits and storage reads (Aurora: CloudWatch CPUUtilization × vCPUs, CommitThroughput, ReadIOPS; Neon: its compute's metrics)",
				100*share, name, 100*c.rho(), sized))
		}
	}
	warn("writer's", "cpu", &st.primary)
	if pl.replicas > 0 {
		warn("replicas'", "replica_cpu", &st.replica)
	}
	return out
}

// walWarnings appends what the WAL does: a checkpoint's surge of
// full-page images, the images reads log, and checkpoints max_wal_size
// brings forward.
func (pl *plan) walWarnings(out []string, r *Result, st state) []string {
	if n := pl.p.Node; n.VCPUs > largeNodeVCPUs && st.writes >= largeNodeWrites && n.USLSigma == 0 && n.USLKappa == 0 {
		out = append(out, fmt.Sprintf("%d vCPUs at %.0f writes/s: the model spreads the writes' CPU over every core, while PostgreSQL inserts WAL under 8 insertion locks (NUM_XLOGINSERT_LOCKS, xlog.c) and ends each transaction under ProcArrayLock, which bound writes on a large node before its cores do; fit usl_sigma and usl_kappa from pgbench runs at several client counts on such a node (pgarch calibrate) before relying on its write ceiling",
			n.VCPUs, float64(st.writes)))
	}
	const remedy = "a larger max_wal_size spaces the surges, wal_compression shrinks them"
	if b := st.burst; b.wait >= Millisecond {
		room := "the volume leaves it"
		if b.link {
			room = fmt.Sprintf("the network link leaves each of its %d copies' streams", pl.streams())
		}
		mb, digits := float64(b.backlog)/1e6, 0
		if mb < 10 {
			digits = 1 // not "up to 0 MB"
		}
		out = append(out, fmt.Sprintf("each checkpoint's first %.1f s log a full-page image with nearly every page update: the WAL arrives at up to %.0f MB/s, over the %.0f MB/s %s, and %.2g%% of commits wait behind a backlog of up to %.*f MB, at most %.0f ms; %s",
			float64(b.over), float64(b.peak)/1e6, float64(b.room)/1e6, room, 100*b.share, digits, mb, 1000*float64(b.wait), remedy))
	}
	if b := st.send; b.wait >= Millisecond && !st.burst.link {
		out = append(out, fmt.Sprintf("each checkpoint's surge of full-page images streams to the copies at up to %.0f MB/s each, over the %.0f MB/s the network link leaves each of their %d streams: for %.2g%% of the time their WAL arrives up to %.0f ms later than the primary flushes it, lag and data at risk on a failover; %s",
			float64(b.peak)/1e6, float64(b.room)/1e6, pl.streams(), 100*b.share, 1000*float64(b.wait), remedy))
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
	if f := pl.freeze(st); f.pages > 0 && st.primary.bandwidth+f.bandwidth > 1 {
		out = append(out, fmt.Sprintf("every %.0f h an anti-wraparound autovacuum freezes the %.0f GB of pages changed since the last one (autovacuum_freeze_max_age, 200 million transactions): at its default cost limit it reads, writes and logs whole up to %.0f MB/s for %.1f h, more than the device leaves beside this load (which takes %.0f%% of its bandwidth); the steady state here leaves it out. Freeze in a quiet hour (VACUUM (FREEZE)), or give the device more bandwidth",
			float64(f.every)/3600, f.pages*float64(PageSize)/1e9, f.bytes/1e6, float64(f.lasts)/3600, 100*st.primary.bandwidth))
	}
	return out
}

// freezing is an anti-wraparound autovacuum of one node: how often it
// comes, how many heap pages it freezes and for how long, the bytes a
// second it reads, writes and logs, and their share of the device's
// bandwidth.
type freezing struct {
	every, lasts Time
	pages, bytes float64
	bandwidth    float64
}

// Anti-wraparound autovacuum's defaults (PostgreSQL docs, "Routine
// Vacuuming" and "Resource Consumption: Cost-based Vacuum Delay", 14 and
// later): a table is vacuumed aggressively every autovacuum_freeze_max_age
// transactions, 200 million, at most vacuum_cost_limit, 200, per
// autovacuum_vacuum_cost_delay, 2 ms, each page it reads from the device
// costing vacuum_cost_page_miss, 2, and each it dirties
// vacuum_cost_page_dirty, 20.
const (
	freezeMaxAge      = 200e6
	freezeCostPerSec  = 200 / 0.002
	freezeCostPerPage = 2 + 20
)

// freeze is the anti-wraparound autovacuum of one node at the state st
// (MODEL.md §10 leaves vacuum out of the steady state; model review of
// 2026-11-27). The visibility map skips the pages still all-frozen, so it
// freezes the heap pages changed since the last one (firstTouches over
// the interval), at most freezeCostPerSec/freezeCostPerPage ≈ 4,545 a
// second: each read, written back and, the first change after a
// checkpoint, logged whole (a full-page image, less wal_compression's
// saving). Every transaction takes an xid; an active-active node's apply
// workers commit the others' too. None on DBMS-optimised storage, which
// logs no images and writes no pages, nor distributed SQL.
func (pl *plan) freeze(st state) freezing {
	xids := float64(st.localWrites)
	if pl.nodes() > 1 {
		xids = float64(st.writes)
	}
	if xids <= 0 || pl.a.Storage == DisaggregatedStorage || pl.a.ID == DistributedSQL {
		return freezing{}
	}
	every := freezeMaxAge / xids
	pages, _ := pl.firstTouches(float64(st.localWrites)*pl.w.PagesWrittenPerTxn, every)
	rate := freezeCostPerSec / freezeCostPerPage
	image := 1 - float64(pl.p.Postgres.WALCompression.Saving)
	bytes := rate * float64(PageSize) * (2 + image)
	return freezing{every: Time(every), lasts: Time(pages / rate), pages: pages, bytes: bytes, bandwidth: bytes / float64(pl.dev.Bandwidth)}
}
