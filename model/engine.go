package model

import (
	"context"
	"math"
	"slices"
	"sync"

	"github.com/pgarch/pgarch/model/dist"
	"github.com/pgarch/pgarch/model/queue"
	// The regularised incomplete gamma function (excess), which the
	// standard library lacks: STYLE.md §4.0.1 keeps model to the standard
	// library, a special function the exception (ADR 0001).
	"gonum.org/v1/gonum/mathext"
)

// Constants of PostgreSQL and of the model, each with its source.
const (
	// checkpointCompletionTarget is checkpoint_completion_target's default
	// since PostgreSQL 14. A checkpoint is requested when the WAL written
	// since the last one reaches max_wal_size / (1 + target)
	// (xlog.c, CalculateCheckpointSegments).
	checkpointCompletionTarget = 0.9
	// walWriterFlushAfter is wal_writer_flush_after's default (1 MB): with
	// synchronous_commit = off the WAL writer flushes this much at a time.
	walWriterFlushAfter = 1 * MB
	// seqIOSize is the I/O size of sequential reads and large WAL writes as a
	// cloud volume counts them (EBS counts up to 256 KiB as one I/O; AWS EBS
	// user guide, "I/O characteristics and monitoring").
	seqIOSize = 256 * 1024 * Byte
	// scanCPUPerGB is the CPU a sequential scan with a simple aggregate costs
	// per GB (≈ 0.5 GB/s per core). Assumption (U), to be calibrated.
	scanCPUPerGB = 2 * Second
	// pagesPerRead is the index leaf and heap page a point read reads
	// (MODEL.md §1.2: upper B-tree levels stay cached).
	pagesPerRead = 2
	// maxSolveIterations bounds every fixed-point and root-finding loop.
	maxSolveIterations = 60
	// arenaSteps and arenaGroups are the capacity of the arena a plan
	// holds: one solve of the default workload lays out at most 16 steps and
	// 34 groups on any architecture (22 and 47 over the workloads of the
	// tests), and the lag and the failover paths a few more steps after the
	// final solve; more grow the arena.
	arenaSteps, arenaGroups = 24, 40
)

// plan is everything about one evaluation that does not depend on the load.
type plan struct {
	ctx context.Context // the evaluation's: its solves stop when it is done
	w   Workload
	p   Profile
	a   Architecture
	r   Requirements

	dev      Device // every node's storage device (nodes are equal)
	replicas int    // copies serving reads: read replicas, or standbys that serve them (readReplicas counts the former)

	// classes are the pages' popularity to the caches (popularity): heap
	// pages' and primary-key leaves' (a row is located through one of
	// each); heap those of the heap pages alone, which writes dirty and
	// reads prune.
	classes         [2*maxPopularity + 1]queue.Class // and room for the scans' other pages (cacheClasses)
	heap            [maxPopularity]queue.Class
	nClasses, nHeap int
	heapPages       float64 // the table's heap pages, on a node
	sbPages         float64 // shared_buffers in pages
	osPages         float64 // the second cache level in pages: the OS page cache, Neon's local file cache

	sbHit, osHit float64 // fraction of the primary's page reads served by shared_buffers, by the OS page cache
	// A copy's page-cache hits (cache): a read replica's beside its share
	// of the scans, a standby's (no queries) without; shared_buffers'
	// are the primary's, which scans pass through a ring.
	replicaOSHit, standbyOSHit float64
	nodeShare                  float64 // active-active: the busiest node's share of the clients (nodeWeights), the node the engine solves

	// Distributed SQL: the trip from a gateway to a range's leaseholder and
	// to its nearest copy (gatewayHop), and the layouts of the ranges'
	// followers (raftLayouts; nRaft 0 until laid out).
	leaseholderHop, followerHop dist.Mixture
	statementHops               dist.Mixture // a write transaction's statement's (statementHop)
	// txnHops are the trips of a write transaction's n statements from
	// one gateway (transactionHops), by n, as they are asked for: a plan
	// asks for two n at most, its statements a transaction and those
	// after its hot write.
	txnHops [2]struct {
		n int
		m dist.Mixture
	}
	nTxnHops int
	raft     [MaxNodes]raftLayout
	nRaft    int
	// follow[l] holds the nFollow[l] nodes that hold copies of the ranges
	// node l leads (layFollowers).
	follow  [MaxNodes][4]int
	nFollow [MaxNodes]int
	// gateway[g] is the share of the clients node g is the gateway of,
	// and gatewayTrip[g] its mean trip to a leaseholder (busiestGateway);
	// farthest is the mean trip from a gateway to its farthest node, a
	// distributed query's critical trip.
	gateway     [MaxNodes]float64
	gatewayTrip [MaxNodes]Time
	// followerTrip[g] is gateway g's mean trip to a range's nearest copy
	// (follower reads).
	followerTrip [MaxNodes]Time
	// followerServed is the share of the reads the busiest node serves
	// when each goes to its range's nearest copy (follower reads).
	followerServed float64
	farthest       Time
	// regionTrip holds the round trips between the named regions that
	// hold nodes (active-active, distributed SQL; between).
	regionTrip [maxRegions][maxRegions]Time
	// reach is the share of the clients nearer a read replica than the
	// primary across named regions (toReplicas), computed for
	// routedFor − 1 replicas (0: not yet).
	reach     float64
	skew      float64 // replicaSkew, for the same count
	routedFor int
	away      bool // awayFromClients

	// arena holds the current solve's paths, in stepBuf and groupBuf (one
	// allocation with the plan) until a large solve outgrows them.
	arena    arena
	stepBuf  [arenaSteps]step
	groupBuf [arenaGroups]group
	quorum   quorumMemo
	// atOne is the state at the offered load, kept from the ceiling search
	// (its paths copied out of the arena into keptBuf) when the reported
	// state needs nothing the search leaves out.
	atOne    *state
	keptBuf  state
	keptStep [arenaSteps]step
	keptGrp  [arenaGroups]group
	// final marks the solves whose state is reported: they compute exact
	// order statistics for quorums; the ceiling search uses means.
	// meansOnly marks final solves of which only the means and
	// utilisations are used: order statistics stay exact, but sums of
	// distributions that only a percentile needs are left out.
	final, meansOnly bool
	// opened is the server connections PgBouncer keeps open for a closed
	// load (pooled), 0 until Evaluate has found them (poolerOpened).
	opened int
	// inUseAtOne is the busiest pool's sessions in use at the offered load,
	// from the ceiling search's first solve (a survivors' plan's, for
	// sessionsRequired).
	inUseAtOne float64
	// amplePool marks the plans that size distributed SQL's nodes and
	// Citus workers under open load: each node's pool as large as its holds
	// need, so that no session waits or binds (relievedByNodes); the memory
	// stays the workload's sessions'.
	amplePool bool
	// finite is, for a closed load's distributions, the shape of the
	// waits its clients' finite population bounds (closedLoad; zero: the
	// open stations' exponentials).
	finite finiteShapes
	// front is, for a closed load, the wait its clients queued in front
	// of a station add to its jobs, those inside a hot row's holds too
	// (queueInHolds; zero: none).
	front frontWait
	// spares are the ceilings of the layouts failures spare (sparedCeiling).
	spares []spare
	// closedClients marks the solves of a closed load's clients (closedLoad), as
	// against the ceiling search's of the offered mix.
	closedClients bool
	// clientRate is, for a closed load's solves, the clients' throughput,
	// at which a Neon compute is kept awake (suspended), whatever load
	// the arrival theorem solves at.
	clientRate float64
	// deadReplicas are the copies of each range a region's loss took from
	// distributed SQL's survivors, whose plan this is (sparedCeiling), until
	// they are replaced: the quorum is still a majority of RF.
	deadReplicas int
	// lostZones are the zones a zone's loss took from distributed SQL's
	// survivors, whose plan this is: their nodes span the rest.
	lostZones int
	// searched is the ceiling search's scale of the offered mix, which under
	// closed load differs from the headroom reported.
	searched float64
	// lagged marks a ceiling search closed by a copy that falls behind
	// rather than by a station requests wait at.
	lagged bool
	// served and servedBy are the requests' own ceiling and what binds it,
	// where the offered load saturates them (requestCeiling; 0: it does
	// not): past it they queue, and the copies fall behind what the
	// primary serves there, which a copy that falls behind first does not
	// lower.
	served   float64
	servedBy string
	// shown marks the ceiling search's first solve when its state is
	// the one reported (atOne).
	shown bool
}

// plans recycles plans: an evaluation makes one per candidate size, each a few
// kilobytes, and an API server or a sweep makes thousands a second.
var plans = sync.Pool{New: func() any { return new(plan) }}

// newPlan returns the plan of an evaluation, whose solves stop when ctx
// is done (solveWith); release gives it back.
func newPlan(ctx context.Context, w Workload, p Profile, a Architecture, r Requirements) *plan {
	return newSurvivorsPlan(ctx, w, p, a, r, 0, 0)
}

// newSurvivorsPlan is newPlan for distributed SQL's nodes that a failure
// spared (plan.sparedCeiling): dead copies of each range are gone from
// every range's RF until replaced, and lostZones zones from the zones
// their nodes span. Both are set before the ranges, the gateways and the
// caches are laid out, which follow them.
func newSurvivorsPlan(ctx context.Context, w Workload, p Profile, a Architecture, r Requirements, dead, lostZones int) *plan {
	pl := plans.Get().(*plan)
	if a.Variant == Neon {
		p.Node = neonCompute(p.Node, a.VCPUs)
	}
	*pl = plan{ctx: ctx, w: w, p: p, a: a, r: r, replicas: a.Replicas, deadReplicas: dead, lostZones: lostZones}
	if a.StandbyReads {
		pl.replicas = len(a.Standbys) // the standbys are the copies reads go to
	}
	pl.away = pl.awayFromClients()
	pl.arena = arena{steps: pl.stepBuf[:0], groups: pl.groupBuf[:0]}
	switch a.Storage {
	case NetworkStorage:
		pl.dev = p.Network.attached(p.Node)
	case DisaggregatedStorage:
		pl.dev = pl.storageDevice()
	default:
		pl.dev = p.Local
	}
	// A sharded worker holds 1/W of every table, a distributed SQL node RF/N,
	// with the same popularity.
	parts := pl.partitions()
	pages := math.Max(1, float64(w.DataSize/PageSize)/parts)
	leaves := pages * w.leafShare()
	pl.heapPages = pages - leaves
	rows := float64(w.WorkingSet/w.RowBytes) / parts // scattered hot rows
	var leaf [maxPopularity]queue.Class
	pl.nHeap = popularity(pl.heap[:], pl.heapPages, rows, w)
	k := popularity(leaf[:], leaves, rows, w)
	// A point read, and a write locating its row, reads one leaf and one
	// heap page (pagesPerRead): half the accesses each.
	pl.nClasses = 0
	for _, cs := range [2][]queue.Class{pl.heap[:pl.nHeap], leaf[:k]} {
		for _, c := range cs {
			c.Probability /= 2
			pl.classes[pl.nClasses] = c
			pl.nClasses++
		}
	}
	switch a.ID {
	case ActiveActive:
		pl.nodeShare = slices.Max(pl.nodeWeights())
		pl.layRegions()
	case DistributedSQL:
		pl.layRegions()
		pl.layFollowers()
		n, k, d := pl.ring(), Time(pl.leaders()), pl.domains(a.NodePlacement)
		var served [MaxNodes]float64 // each node's share of the follower reads
		for g, pg := range pl.gateways() {
			pl.gateway[g] = pg
			far := Time(0)
			for l := range n {
				if !pl.leads(l) {
					continue
				}
				t := pl.between(g, l)
				pl.gatewayTrip[g] += t / k
				far = max(far, t)
				if a.FollowerReads {
					// The nearest copy's domain serves the read; its nodes
					// hold that domain's copies alike (layFollowers), so
					// their share of its reads too.
					t, o := pl.nearestCopy(g, l)
					pl.followerTrip[g] += t / k
					for x := o % d; x < n; x += d {
						served[x] += pg / float64(k) / float64(regionNodes(o%d, n, d))
					}
				}
			}
			pl.farthest += Time(pg) * far
		}
		pl.followerServed = slices.Max(served[:n])
		pl.leaseholderHop = pl.hopMixture(false, 1)
		pl.statementHops = pl.leaseholderHop
		if k := int(pl.kvRanges()); k > 1 {
			writes := float64(pl.writeStatements()) / float64(w.StatementsPerTxn)
			pl.statementHops = dist.Weighted([]float64{writes, 1 - writes}, []dist.Mixture{pl.hopMixture(false, k), pl.leaseholderHop})
		}
		if a.FollowerReads {
			pl.followerHop = pl.hopMixture(true, 1)
		}
	}
	// After the clients' shares of the nodes, which set the backends
	// (pooled).
	pl.cache()
	return pl
}

// cache sizes the two cache levels and solves their hit ratios for the
// page streams of the primary and its copies (MODEL.md §4).
func (pl *plan) cache() {
	sb, second := pl.cacheSizes()
	pl.sbPages, pl.osPages = float64(sb/PageSize), float64(second/PageSize)
	w := pl.w
	st := pl.offered(1)
	pl.sbHit, pl.osHit = pl.cacheHits(pl.primaryPoints(st), float64(st.primaryScans))
	pl.replicaOSHit, pl.standbyOSHit = pl.osHit, pl.osHit
	if w.AnalyticalRate == 0 || pl.replicas == 0 && len(pl.a.Standbys) == 0 {
		return // the streams differ only in their scans
	}
	// A copy replays every write it receives, touching the pages the WAL
	// modifies, and serves its share of the reads and scans sent to
	// copies: its scans take its page cache, not the primary's (review of
	// 2026-11-28: the replicas' cache was taken as the primary's, and an
	// auto-sized count's primary kept the scans that went to its
	// replicas). Without scans the hit ratios are the popularity's alone,
	// whatever the rates (Che).
	if st.primaryScans > 0 { // else the primary's is the popularity's already
		_, pl.standbyOSHit = pl.cacheHits(1, 0)
	}
	pl.replicaOSHit = pl.standbyOSHit
	if st.replicaScans > 0 {
		replay := float64(pl.loggedWrites(&st)) * w.PagesWrittenPerTxn
		_, pl.replicaOSHit = pl.cacheHits(float64(st.replicaReads)*pagesPerRead+replay, float64(st.replicaScans))
	}
}

// primaryPoints is the primary's point page accesses per second at st:
// its reads' and its write transactions' random pages.
func (pl *plan) primaryPoints(st state) float64 {
	return float64(st.primaryReads)*pagesPerRead + float64(st.localWrites)*pl.w.PagesReadPerTxn
}

// cacheHits solves the two-level Che approximation for a node's page
// stream, points point page accesses and scans analytical queries per
// second: shared_buffers in front of the second level, which sees
// shared_buffers' miss stream (MODEL.md §4; Martina, Garetto, Leonardi
// 2014) and the scans' pages (queue.Class.Bypass). A scan reads its node's
// part of the heap once, through a ring of shared buffers but through the
// page cache like any read. As scanMissBytes has it, a scan's pages lie
// anywhere in the node's heap, so each heap page is requested at the
// scans' rate times the share of the heap a scan reads, per page access
// the classes stand for (a point read's pagesPerRead, a write's
// PagesReadPerTxn); a scan larger than the heap reads the rest elsewhere
// (other tables: a class of its own). Scans that go beyond the page cache
// take its room from the point reads' cold pages; a heap it holds whole
// loses nothing to them. Measured with PostgreSQL 15.18
// (validation/cache.sh, SCAN_MB=1024): a client scanning a 1 GB table
// beside point reads of another left none of their pages in a 320 or
// 448 MB page cache, where 30,103 and 46,457 stayed without it; the point
// reads' share of the OS cache had been taken as untouched by scans
// (review of 2026-11-28).
func (pl *plan) cacheHits(points, scans float64) (sharedBuffers, pageCache float64) {
	return queue.CheTwoLevel(pl.cacheClasses(points, scans), pl.sbPages, pl.osPages)
}

// cacheClasses are the point accesses' popularity classes, points page
// accesses per second, beside scans analytical queries per second
// (cacheHits).
func (pl *plan) cacheClasses(points, scans float64) []queue.Class {
	cs := pl.classes[:pl.nClasses]
	pages, heap := float64(pl.scanBytes()/PageSize), pl.heapPages
	perScan := 0.0 // scans per class request
	if scans > 0 && points > 0 && pages > 0 && heap > 0 {
		perScan = scans / points
	}
	for i := range pl.nHeap {
		cs[i].Bypass = perScan * math.Min(1, pages/heap)
	}
	if perScan > 0 && pages > heap {
		cs = append(cs, queue.Class{Items: pages - heap, Bypass: perScan})
	}
	return cs
}

// distributions reports whether the solve's paths are reported, and so
// must carry the distributions percentiles need; other solves need only
// means and variances.
func (pl *plan) distributions() bool { return pl.shown || pl.final && !pl.meansOnly }

// release returns pl to the pool; pl and the paths of its states must not
// be used after.
func (pl *plan) release() { plans.Put(pl) }

// connectionMemory is the memory of a distributed SQL connection: "Cockroach
// Labs estimates the memory overhead of idle connections in CockroachDB is
// 20 kB to 30 kB per connection" (docs, "Connection Pooling"), a
// goroutine's, not a PostgreSQL backend's. A point statement's working
// memory, drawn from --max-sql-memory while it runs, is a few kilobytes
// more and left out (U); YugabyteDB's YSQL runs a PostgreSQL backend per
// connection, which this understates.
const connectionMemory = 25 * KB

// sessionMemory is the memory one session holds on a node: a PostgreSQL
// backend's (the profile's session_memory_mb), or a distributed SQL
// connection's.
func (pl *plan) sessionMemory() Bytes {
	if pl.a.ID == DistributedSQL {
		return connectionMemory
	}
	return pl.p.Node.SessionMemory
}

// cacheSizes splits a node's memory into shared_buffers and the second
// cache level (MODEL.md §4): the OS page cache gets what the OS reserve and
// the sessions' memory leave. Aurora has no OS page cache in the read path
// and gives shared_buffers about 75 % of memory; Neon's second level is its
// local file cache, in the compute's memory with shared_buffers up to
// local_cache_fraction of it, a hit there a page copy as the OS cache's.
func (pl *plan) cacheSizes() (sharedBuffers, second Bytes) {
	n := pl.p.Node
	share := n.SharedBuffers
	if pl.a.Variant == Aurora {
		share = auroraSharedBuffers
	}
	sharedBuffers = Bytes(share) * n.Memory
	if pl.a.Variant == Aurora {
		return sharedBuffers, 0
	}
	// What the OS reserve and the sessions leave, which Neon's file cache
	// may not exceed either (review: it kept its size under 3,000
	// sessions' memory).
	second = n.Memory - sharedBuffers - n.OSReserve - Bytes(pl.backends())*pl.sessionMemory()
	if pl.a.Variant == Neon {
		second = min(second, Bytes(pl.p.Disaggregated.LocalCache)*n.Memory-sharedBuffers)
	}
	return sharedBuffers, max(second, 0)
}

// backends is the server processes a node keeps: its sessions (the
// application's pool), or no more than a closed load's clients on the
// node: max_connections only reserves their slots in shared memory
// (review of 2026-11-26: 10 clients were charged 10,000 backends' memory);
// behind PgBouncer, the connections it keeps open (opened).
func (pl *plan) backends() int {
	if pl.opened > 0 {
		return pl.opened
	}
	if pl.w.closed() && pl.a.ID != Sharded {
		// PgBouncer too opens server connections only as its clients need
		// them. (A Citus worker's come from the coordinator, up to 16 per
		// multi-shard query: its sessions.)
		return min(pl.w.Sessions, int(math.Ceil(pl.clientsPerNode())))
	}
	return pl.w.Sessions
}

// clientsPerNode is the closed load's clients that connect to the busiest
// node: all of them but where clients spread over the nodes, active-active
// nodes by their shares, distributed SQL gateways by theirs, and Citus
// workers with query from any node evenly.
func (pl *plan) clientsPerNode() float64 {
	n := float64(pl.w.Clients)
	switch {
	case pl.a.ID == ActiveActive:
		return n * pl.nodeShare
	case pl.a.ID == DistributedSQL:
		return n * slices.Max(pl.gateway[:pl.ring()])
	case pl.a.ID == Sharded && pl.a.QueryFromAnyNode:
		return n / float64(pl.workers())
	}
	return n
}

// pooled reports whether a PgBouncer stands in front of each node: when
// its processes are given, or when a node's clients outnumber its
// sessions (PRODUCT.md §6: a pooler; review of 2026-11-26: 201 clients
// over three active-active nodes were given a pooler each).
func (pl *plan) pooled() bool {
	return pl.w.PoolerProcesses > 0 || pl.clientsPerNode() > float64(pl.w.Sessions)
}

// inSessions is the most of a node's clients inside a transaction at once,
// the most that can wait at its stations and locks: its clients, or behind
// PgBouncer its sessions, the rest waiting in PgBouncer's queue.
func (pl *plan) inSessions() float64 {
	if pl.pooled() {
		return math.Min(pl.clientsPerNode(), float64(pl.w.Sessions))
	}
	return pl.clientsPerNode()
}

// missRatio is the fraction of the primary's page reads that reach its
// device.
func (pl *plan) missRatio() float64 { return math.Max(0, 1-pl.sbHit-pl.osHit) }

// copyMiss is the fraction of a copy's page reads that reach its device:
// a read replica's (serving), or a standby's that serves no queries.
func (pl *plan) copyMiss(serving bool) float64 {
	os := pl.standbyOSHit
	if serving {
		os = pl.replicaOSHit
	}
	return math.Max(0, 1-pl.sbHit-os)
}

// pageCPU is the CPU one page read costs beyond shared_buffers: a pread that
// copies the page from the OS cache (a device read costs the same CPU).
func (pl *plan) pageCPU() Time { return Time(1-pl.sbHit) * pl.p.Node.PageCopyCPU }

// readCPU is the CPU of one point read.
func (pl *plan) readCPU() Time { return pl.w.CPUPerRead + pagesPerRead*pl.pageCPU() }

// txnCPU is the CPU of one write transaction: its statements and the
// copies of the random pages it reads.
func (pl *plan) txnCPU() Time {
	return Time(pl.w.StatementsPerTxn)*pl.w.CPUPerStatement + Time(pl.w.PagesReadPerTxn)*pl.pageCPU()
}

// scanCPU is the CPU of one analytical query.
func (pl *plan) scanCPU() Time { return Time(float64(pl.scanBytes()/GB)) * scanCPUPerGB }

// scanBytes is what one analytical query scans on one node: on a sharded
// cluster the busiest worker its ⌈S/W⌉ of the S shards (busiestShare, the
// part the fork-join waits for: user review of 2026-11-27, 31 workers over
// 32 shards scanned 1/31 each where one holds 2/32, and came out nearly
// twice as fast as 32), on distributed SQL each node its 1/N.
func (pl *plan) scanBytes() Bytes {
	if pl.a.ID == Sharded {
		return pl.w.ScanPerQuery * Bytes(pl.busiestShare())
	}
	return pl.w.ScanPerQuery / Bytes(pl.scanParts())
}

// scanMissBytes is what one analytical query reads from the device: scans go
// through a small ring buffer, so only the OS page cache can serve them; the
// part of the table it holds is its share of the data (an assumption).
func (pl *plan) scanMissBytes() Bytes {
	_, second := pl.cacheSizes()
	cached := math.Min(1, float64(second/pl.dataPerNode()))
	return pl.scanBytes() * Bytes(1-cached)
}

// wal is the WAL the primary writes at a write rate.
type wal struct {
	bytesPerTxn  Bytes
	rate         ByteRate
	fpiShare     Ratio
	cycle        Time    // checkpoint interval
	writeback    Rate    // data pages written per second (checkpoints, evictions)
	writeIOs     Rate    // the device I/Os they take: adjacent pages merge (checkpointIOs)
	fpiPerTxn    float64 // full-page images of the random pages the writes modify, per transaction
	imagesPerTxn float64 // all full-page images per transaction, hot rows' pages included
	readShare    Ratio   // the images' share that reads log by pruning (readImages)
	// writes and reads are the rates the volume was computed at, for
	// the cycle's profile (checkpointBurst).
	writes, reads Rate
}

// burst is the WAL's surge after a checkpoint starts, where the volume, or
// the network link to the copies, cannot take it (checkpointBurst).
type burst struct {
	peak, room ByteRate // the WAL's rate at the cycle's start, and what the volume (a stream on the link) leaves it
	over       Time     // how long the WAL arrives faster than room
	backlog    Bytes    // the most WAL then waiting
	share      float64  // the share of commits that wait behind it
	wait       Time     // the longest such wait: backlog at room
	link       bool     // the link to the copies is the tighter: room is a stream's
}

// checkpointBurst is the surge of full-page images after each checkpoint
// starts: then nearly every page update is its page's first of the cycle,
// so the WAL arrives at rec + (the images' rate at t = 0)·image, far above
// the cycle's average D(T)/T that walVolume charges (Percona, "Evaluating
// Checkpointing in PostgreSQL", 2020: throughput fell from 8000 to 3000 TPS
// after each checkpoint, and full_page_writes = off removed most of it;
// review of 2026-11-26). Where that passes room, the bandwidth the rest of
// the node's I/O leaves the WAL, a backlog builds (surge).
//
// The walsenders send only flushed WAL (walsender.c: XLogSendPhysical up
// to GetFlushRecPtr), one stream to each copy over the primary's link, so
// the surge passes the volume and then the link. Where the link leaves each
// stream less than the volume leaves the WAL, a backlog builds there too:
// two constant-rate servers in tandem pass a fluid as the slower one alone
// (network calculus: the concatenation of rate servers is a server of the
// smaller rate; Le Boudec and Thiran, "Network Calculus", LNCS 2050, 2001,
// §1.4), so a commit that waits for its standbys waits for the backlog at
// the stream's room (commit), and every copy receives the WAL later than
// its local flush by what the link adds to the volume's wait (send: the
// copies' lag, which pg_stat_replication counts from the local flush).
func (pl *plan) checkpointBurst(st *state) (commit, send burst) {
	w := st.wal
	if w.cycle <= 0 || w.writes <= 0 || !(st.primary.bandwidth < 1) {
		return burst{}, burst{}
	}
	avg := float64(w.rate)
	volume := pl.surge(w, float64(pl.dev.Bandwidth)*(1-st.primary.bandwidth)+avg)
	streams, bw := float64(pl.streams()), float64(pl.p.Node.NetworkBandwidth)
	if streams == 0 || bw <= 0 || !(st.primary.sent < 1) || pl.a.Storage == DisaggregatedStorage {
		return volume, burst{} // disaggregated storage's log stores are its volume
	}
	room := (bw*(1-st.primary.sent) + avg*streams) / streams // a stream's, its own average back
	if room >= float64(volume.room) {
		return volume, burst{} // the volume's output fits the link
	}
	link := pl.surge(w, room)
	if credit := float64(pl.p.Node.NetworkBurst); credit > bw && link.over <= networkBurstWindow {
		// On network I/O credits the link runs above its baseline while
		// the WAL arrives faster than the baseline leaves a stream (over):
		// no longer than the shortest burst window, the burst carries it,
		// the credits refilled between surges as the link's average stays
		// below its baseline (sent < 1).
		if room += (credit - bw) / streams; room >= float64(volume.room) {
			return volume, burst{}
		}
		link = pl.surge(w, room)
	}
	if link.share <= 0 {
		return volume, burst{}
	}
	link.link = true
	send = link
	send.wait = link.wait - volume.wait // ≥ 0: the same surge at less room
	if pl.a.waitsForStandby() {
		return link, send
	}
	return volume, send
}

// networkBurstWindow is the shortest time a cloud instance's link bursts
// beyond its baseline on network I/O credits: "typically from 5 to 60
// minutes, depending on the instance size" (AWS EC2 User Guide, "Amazon EC2
// instance network bandwidth").
const networkBurstWindow = 5 * Minute

// surge is the backlog the checkpoint's surge of WAL w builds where room
// bytes per second drain it. It lasts until the images' rate falls to room
// (at t*, by bisection: it only falls), and holds
//
//	B = rec·t* + (D + E + H)(t*)·image − room·t*
//
// then drains at room less the cycle's average. As a fluid, the commits in
// that window wait for the backlog ahead of them, uniformly up to B/room
// (as replay's pauses, replayStep).
func (pl *plan) surge(w wal, room float64) burst {
	rec := float64(w.writes) * float64(pl.recordBytes()) // the records alone: bytesPerTxn holds the images too
	image := pl.imageBytes()
	rate := func(t float64) float64 {
		_, _, _, slope := pl.images(w.writes, w.reads, t)
		return rec + slope*image
	}
	b := burst{peak: ByteRate(rate(0)), room: ByteRate(room)}
	if float64(b.peak) <= room {
		return b
	}
	cycle := float64(w.cycle)
	lo, hi := 0.0, cycle
	for hi-lo > 1e-6*cycle {
		if mid := (lo + hi) / 2; rate(mid) > room {
			lo = mid
		} else {
			hi = mid
		}
	}
	d, e, h, _ := pl.images(w.writes, w.reads, hi)
	backlog := rec*hi + (d+e+h)*image - room*hi
	if backlog <= 0 {
		return b
	}
	drain := backlog / (room - float64(w.rate))
	b.over, b.backlog, b.wait = Time(hi), Bytes(backlog), Time(backlog/room)
	b.share = math.Min(1, (hi+drain)/cycle)
	return b
}

// step is the wait behind the backlog, named name: uniform up to wait for
// a share of the commits (as four atoms, as replay's pauses).
func (b burst) step(name string) (step, bool) {
	if b.share <= 0 || b.wait <= 0 {
		return step{}, false
	}
	m := dist.Branch(b.share, uniform(float64(b.wait)), dist.Mixture{})
	return step{name: name, p: 1, fixed: &m}, true
}

// images returns the full-page images logged in the first t seconds of a
// checkpoint cycle at write rate lw and point reads per second reads: of
// random pages (D), of pages a read prunes (E) and of the hot rows' pages
// (H), and the derivative of their sum, the rate images are logged at t
// (walVolume).
func (pl *plan) images(lw, reads Rate, t float64) (d, e, h, slope float64) {
	w := pl.w
	u := float64(lw) * w.PagesWrittenPerTxn
	d, ds := pl.firstTouches(u, t)
	e, de := pl.readImages(u, float64(reads), t)
	hs := 0.0
	if hotPages := math.Ceil(float64(w.HotRows) * float64(w.RowBytes) / float64(PageSize)); hotPages > 0 {
		hotRate := float64(lw) * float64(w.HotRowWriteFraction) // hot-row updates per second
		x := math.Exp(-hotRate * t / hotPages)
		h, hs = hotPages*(1-x), hotRate*x
	}
	return d, e, h, ds + de + hs
}

// attached is network volume d as instance n sustains it: its IOPS and
// bandwidth at most the instance's limits towards its volumes, which bound
// every volume attached to it (AWS EC2 User Guide, "Amazon EBS-optimized
// instances"; review of 2026-11-28: a gp3 provisioned 16,000 IOPS on an
// r6i.2xlarge, whose baseline is 12,000, was solved at 16,000). Its price
// is the volume's as provisioned (cost).
func (d Device) attached(n Node) Device {
	if n.VolumeIOPS > 0 {
		d.IOPS = min(d.IOPS, n.VolumeIOPS)
	}
	if n.VolumeBandwidth > 0 {
		d.Bandwidth = min(d.Bandwidth, n.VolumeBandwidth)
	}
	return d
}

// imageBytes is one full-page image's bytes in the WAL, after
// wal_compression.
func (pl *plan) imageBytes() float64 {
	return float64(PageSize) * (1 - float64(pl.p.Postgres.WALCompression.Saving))
}

// walVolume computes WAL volume with full-page images and the checkpoint
// cycle at write rate lw, with reads the primary's point reads per second
// (MODEL.md §2.3). Random pages first dirtied per cycle T, per popularity
// class c of P_c pages receiving a share q_c of the u random page updates
// per second, by occupancy:
//
//	D(T) = Σ_c P_c·(1 − e^(−u·q_c·T/P_c))
//
// each logging a full 8 kB image (full_page_writes = on; less the saving
// of wal_compression), as do the H(T) hot rows' pages first updated in the
// cycle, by the same occupancy over their pages, and the E(T) images of
// pages only a read changes in their cycle, by pruning (readImages).
// Appended rows fill new pages, which need no image. The cycle is
// checkpoint_timeout unless max_wal_size/(1 + completion target) of WAL
// arrives sooner:
//
//	T·(record rate) + (D(T) + E(T) + H(T))·(image bytes) = limit
//
// solved by Newton's method from the left (the left side is concave and
// increasing in T, so the iterates rise monotonically to the root; they
// start from the lower bound D + E + H ≤ (u + reads + hot updates)·T gives).
func (pl *plan) walVolume(lw, reads Rate) wal {
	st := pl.p.Postgres
	out := wal{bytesPerTxn: pl.recordBytes(), cycle: st.CheckpointTimeout}
	if lw <= 0 {
		return out
	}
	w := pl.w
	rec := float64(lw) * float64(out.bytesPerTxn) // the records, images apart
	if pl.a.Variant == Aurora {
		// The log is the database: no checkpoints, so no full-page images and
		// no page writes from the primary (storage materialises pages).
		out.cycle = 0
		out.rate = ByteRate(rec)
		return out
	}
	if pl.a.ID == DistributedSQL {
		// A log-structured merge tree: no pages updated in place, so no
		// full-page images; compactions rewrite each byte about
		// lsmWriteAmplification times, in large sequential writes.
		out.cycle = 0
		out.rate = ByteRate(rec)
		out.writeback = Rate(float64(out.rate) * lsmWriteAmplification / float64(seqIOSize))
		out.writeIOs = out.writeback
		return out
	}
	out.writes, out.reads = lw, reads
	u := float64(lw) * w.PagesWrittenPerTxn
	r := float64(reads)                                     // one heap page per point read
	hotRate := float64(lw) * float64(w.HotRowWriteFraction) // hot-row updates per second
	limit := float64(st.MaxWALSize) / (1 + checkpointCompletionTarget)
	image := pl.imageBytes()
	t := float64(st.CheckpointTimeout)
	if d, e, h, _ := pl.images(lw, reads, t); rec*t+(d+e+h)*image > limit {
		t = limit / (rec + (u+r+hotRate)*image)
		for range maxSolveIterations {
			d, e, h, slope := pl.images(lw, reads, t)
			next := t + (limit-rec*t-(d+e+h)*image)/(rec+slope*image)
			if next-t <= 1e-9*next {
				t = next
				break
			}
			t = next
		}
	}
	d, e, hot, _ := pl.images(lw, reads, t)
	fpi := (d + e + hot) * image / t
	out.cycle = Time(t)
	out.rate = ByteRate(rec + fpi)
	out.bytesPerTxn = Bytes(float64(out.rate) / float64(lw))
	// A read's pruning images the page it read, not one a write modifies:
	// replay still reads the writes' pages (review of 2026-11-28: d + e
	// here left replay no page reads at all on the default workload).
	out.fpiPerTxn = d / t / float64(lw)
	out.imagesPerTxn = (d + e + hot) / t / float64(lw)
	if rec+fpi > 0 { // writes that log nothing and touch no page: no share of nothing
		out.fpiShare = Ratio(fpi / (rec + fpi))
	}
	if d+e+hot > 0 {
		out.readShare = Ratio(e / (d + e + hot))
	}
	// Checkpoint write-back absorbs repeated updates of a page within a
	// cycle (D/T writes per second) while the dirty set fits in
	// shared_buffers; beyond that, evictions write pages more than once per
	// cycle, up to once per update (an approximation). A page a read
	// pruned is written once, and so is a hot page updated in the cycle;
	// appended pages once.
	random := math.Min(u, d/t*math.Max(1, d/math.Max(pl.sbPages, 1))) + e/t
	appended := float64(lw) * w.RowsInsertedPerTxn * float64(w.RowBytes) / float64(PageSize)
	out.writeback = Rate(random + hot/t + appended)
	// The checkpointer writes what is still dirty at the checkpoint, which
	// is the cycle's dirtied pages while they fit in shared_buffers, and
	// a share sb/D of them beyond; evictions write the rest, one I/O each
	// (checkpointIOs). Appended pages are consecutive in their file, and
	// the kernel writes a file's dirty pages back in offset order, merged:
	// k to an I/O.
	dirty := d + e
	ckpt := math.Min(1, math.Max(pl.sbPages, 1)/math.Max(dirty, 1))
	fromCkpt := math.Min(random, dirty/t*ckpt)
	out.writeIOs = Rate(random - fromCkpt + pl.checkpointIOs(dirty, ckpt)/t + hot/t + appended/pagesPerIO)
	if pl.a.Variant == Neon {
		// Neon's compute checkpoints with full_page_writes on, as vanilla
		// PostgreSQL (Neon docs, "Postgres compatibility": max_wal_size
		// 1 GB, full_page_writes left on; neondatabase/neon#1226 to drop
		// the images is open), but writes no pages: the pageserver
		// materialises them from the WAL, and an evicted page is dropped
		// (pgxn/neon/pagestore_smgr.c logs only FSM and VM pages; review
		// of 2026-11-26: its WAL had been taken without images, 51× too
		// little).
		out.writeback, out.writeIOs = 0, 0
	}
	return out
}

// readImages returns the full-page images per checkpoint cycle of t
// seconds that r page reads per second add by pruning, given u page
// updates per second, and its derivative in t. An update leaves the old
// row version dead on its page (a HOT update, the rule once a page has
// been updated and pruned: 95–99.9 % of pgbench's account updates), and the
// page's next access, a read as well as a write, prunes it when the page
// is nearly full, as pages at fillfactor 100 stay (heap_page_prune_opt).
// Pruning is WAL-logged, so a read that prunes a page first in its
// checkpoint cycle logs a full-page image and dirties the page. A cycle
// with a write logs the page's image anyway (D), so a read adds one in a
// cycle without writes (e^(−wT)) that starts with the page's last access a
// write (w/(w + ρ)) and has a read (1 − e^(−ρT)), with w = u·q_c/P_c and
// ρ = r·q_c/P_c a page's write and read rates (Poisson):
//
//	E(T) = Σ_c P_c·w/(w + ρ)·(e^(−wT) − e^(−(w+ρ)T))
//
// D + E stays concave and increasing in T. Reads on a standby cannot
// prune (it is in recovery). Measured with PostgreSQL 15
// (validation/hintbits.sh, TestReadMostlyImages): without E the images
// per second of two read-mostly pgbench mixes were predicted −10 % and
// −33 %, with it +5 % and +5 %.
func (pl *plan) readImages(u, r, t float64) (e, slope float64) {
	for _, c := range pl.heap[:pl.nHeap] {
		w, rho := u*c.Probability/c.Items, r*c.Probability/c.Items
		if w <= 0 || rho <= 0 {
			continue
		}
		s := w + rho
		f := c.Items * w / s
		ew, es := math.Exp(-w*t), math.Exp(-s*t)
		e += f * (ew - es)
		slope += f * (s*es - w*ew)
	}
	return e, slope
}

// pagesPerIO is the most adjacent 8 kB pages one device I/O carries: the
// 256 KiB that EBS counts as one I/O and merges sequential writes up to
// (AWS EBS user guide, "I/O characteristics and monitoring"), and the
// checkpointer's writeback batch, checkpoint_flush_after = 256 kB.
const pagesPerIO = float64(seqIOSize / PageSize)

// checkpointIOs returns the device I/Os one checkpoint takes to write the
// d random pages a cycle dirtied, of which the share ckpt is still dirty
// at the checkpoint. Since PostgreSQL 9.6 the checkpointer sorts the dirty
// buffers by relation and block before writing them (BufferSync), and
// after every k = 32 buffers it writes (checkpoint_flush_after) it asks
// the kernel to write them back, coalesced into contiguous ranges
// (IssuePendingWritebacks): adjacent dirty pages leave as one I/O, cut at
// the batches' boundaries. MODEL.md §2.3 charges one I/O per page;
// following PostgreSQL, with the pages of the table dirty independently
// with probability ρ = ckpt·D/P (occupancy, as firstTouches), a written
// page starts an I/O when its predecessor is clean or it starts a batch:
//
//	I/Os = ckpt·D·((1 − ρ) + ρ/k)
//
// one I/O per page when the dirty pages are sparse, 1/k of that when every
// page is dirty. Where the hot pages lie in the files is not known, so they
// are taken as spread over the table (dense hot stretches would merge
// more): an upper bound, as is leaving eviction writes unmerged, which the
// kernel's writeback also merges.
func (pl *plan) checkpointIOs(d, ckpt float64) float64 {
	rho := math.Min(1, ckpt*d/pl.heapPages)
	return ckpt * d * ((1 - rho) + rho/pagesPerIO)
}

// popularity sets c to the popularity classes of n pages of one kind (heap
// pages or leaves) and returns how many it set: one where the pages are all
// alike. Clustered hot rows fill pages of their own, the working set's
// share of them, which take the hot accesses (scatteredPopularity has the
// others).
func popularity(c []queue.Class, n, rows float64, w Workload) int {
	if !w.HotRowsClustered {
		return scatteredPopularity(c, n, rows, float64(w.HotAccess))
	}
	hot := math.Min(n, n*float64(w.WorkingSet)/float64(w.DataSize))
	if hot <= 0 || hot >= n {
		c[0] = queue.Class{Items: n, Probability: 1}
		return 1
	}
	c[0] = queue.Class{Items: hot, Probability: float64(w.HotAccess)}
	c[1] = queue.Class{Items: n - hot, Probability: 1 - float64(w.HotAccess)}
	return 2
}

// maxPopularity bounds the popularity classes of one kind of page.
const maxPopularity = 6

// scatteredPopularity sets c to the classes of n pages over which rows hot
// rows lie scattered among cold ones, a share h of the accesses spread over
// the hot rows. Dropped uniformly, a page holds k of them with probability
// Pois(k; λ), λ = rows/n (balls into bins; Feller, vol. 1, §IV.2: the
// pages holding some are n·(1 − e^(−λ)), MODEL.md §4's occupancy), and is
// read with probability h·k/rows + (1 − h)/n: cold rows lie on every page
// (review of 2026-11-26: 30-byte rows scattered over nearly every page sent
// a tenth of the accesses to the few pages without one). A page with more
// hot rows is more popular: the pages holding none are one class (none
// where e^(−λ)·n is negligible), those holding some the remaining classes,
// each closing once it holds its equal share of their pages: one k each
// where λ is small, neighbouring k merged where it is large. Measured
// (validation/cache.sh, TestSharedBuffersMissesMeasured): a hundredth of
// pgbench_accounts' rows scattered, 0.61 a heap page; with one class of
// the pages holding some, the misses at 256 MB of shared_buffers were
// +20 % of PostgreSQL's, with five such classes +6.8 %. Beyond λ = 400 the
// pages' counts lie within ±7 % of λ for all but a thousandth of them, and
// the pages are one class.
func scatteredPopularity(c []queue.Class, n, rows, h float64) int {
	lambda := rows / n
	if !(lambda > 0) || lambda > 400 {
		c[0] = queue.Class{Items: n, Probability: 1}
		return 1
	}
	k := 0
	if none := math.Exp(-lambda); none*n > 1e-9 {
		c[0] = queue.Class{Items: none * n, Probability: none * (1 - h)}
		k = 1
	}
	// Poisson terms k = 1 … mean + 8 sd + 8 (p_k = p_(k−1)·λ/k; e^(−400)
	// is far from underflow), grouped by the pages' mass: each group closes
	// at its share of 1 − e^(−λ).
	some := -math.Expm1(-lambda)
	first, last := k, int(math.Ceil(lambda+8*math.Sqrt(lambda)+8))
	groups := float64(len(c) - first)
	var pages, hits, mass float64
	p := math.Exp(-lambda)
	for j := 1; j <= last; j++ {
		p *= lambda / float64(j)
		pages += p * n
		hits += p * n * (h*float64(j)/rows + (1-h)/n)
		mass += p
		closed := float64(k - first)
		if pages > 0 && (j == last || closed < groups-1 && mass >= some*(closed+1)/groups) {
			c[k] = queue.Class{Items: pages, Probability: hits}
			k++
			pages, hits = 0, 0
		}
	}
	return k
}

// firstTouches returns the distinct random pages u page updates per second
// touch in t seconds, D(t) = Σ_c P_c·(1 − e^(−u·q_c·t/P_c)) (occupancy per
// popularity class), and its derivative dD/dt.
func (pl *plan) firstTouches(u, t float64) (d, slope float64) {
	for _, c := range pl.heap[:pl.nHeap] {
		e := math.Exp(-u * c.Probability / c.Items * t)
		d += c.Items * (1 - e)
		slope += u * c.Probability * e
	}
	return d, slope
}

// flush is the group-commit state of one WAL flusher.
type flush struct {
	f     Time    // one flush: fsync plus the batch's bytes at the bandwidth
	fixed Time    // its part that does not grow with the batch: fsync and the device's queue
	batch float64 // commits per flush
	bytes Bytes   // the WAL one commit brings to a flush (one copy)
	busy  float64 // probability a commit finds a flush in progress
	rate  Rate    // flushes per second
	load  float64 // the WAL's share of the bandwidth, λb/BW: the flusher saturates at 1
}

// groupCommit solves the flush time as a fixed point of the batch it
// carries (MODEL.md §2.3): commits at λ, x = λF, and
//
//	F = F0 + E[batch]·b/BW,  E[batch] = x + P0,  P(busy) = x/(x + P0)
//
// with P0 the probability that no commit arrives during a flush, after
// which the flusher idles (a renewal argument: per flush cycle, x commits
// arrive while it flushes and, with probability P0, one more ends the
// idle period; queue.GroupCommit). MODEL.md's P0 = e^(−x) is a constant
// flush's; the device's F0 (fsync and its queue) is exponential (MODEL.md
// §2.2) and the bytes' part is not, so
//
//	P0 = E[e^(−λF)] = e^(−λ(F − F0))/(1 + λF0)
//
// (e^(−x) for F0 = 0, 1/(1 + x) for F = F0). Then F·(1 − λb/BW) = F0 +
// P0(F)·b/BW, solved by Newton's method. When the WAL alone exceeds the
// bandwidth (r = λb/BW ≥ 1) there is no fixed point: the flusher is
// saturated and busy reports r (wal_flush binds).
func groupCommit(lambda Rate, b Bytes, f0 Time, bw ByteRate) flush {
	if lambda <= 0 {
		return flush{f: f0, fixed: f0, batch: 1, bytes: b}
	}
	r := float64(lambda) * float64(b) / float64(bw)
	if r >= 1 {
		return flush{f: Time(math.Inf(1)), fixed: f0, batch: math.Inf(1), bytes: b, busy: r, load: r}
	}
	perByte := float64(b) / float64(bw)
	// Newton's method on φ(F) = F·(1 − r) − F0 − P0(F)·b/BW from
	// F0/(1 − r), where φ ≤ 0: P0' = −λ·P0, so φ is increasing and
	// concave, and the iterates rise monotonically to the fixed point, one
	// exponential each.
	l, fixed := float64(lambda), float64(f0)
	p0 := func(f float64) float64 { return math.Exp(-l*(f-fixed)) / (1 + l*fixed) }
	f := fixed / (1 - r)
	for range maxSolveIterations {
		e := p0(f) * perByte
		step := (fixed + e - f*(1-r)) / (1 - r + l*e)
		f += step
		if !(step > 1e-12*f) {
			break
		}
	}
	x, idle := l*f, p0(f)
	batch := x + idle
	return flush{f: Time(f), fixed: f0, batch: batch, bytes: b, busy: x / batch, rate: lambda / Rate(batch), load: r}
}

// commitStep is the wait of a commit for its WAL flush. A commit that finds
// a flush in progress waits for its residual, then for its own flush. The
// device's flush time is exponential (MODEL.md §2.2, no fitted
// distribution), so the residual's mean is E[F²]/(2E[F]) = F (renewal
// theory; Kleinrock, Queueing Systems vol. 1, §5.2); MODEL.md's
// F·(1 + ½P(busy)) is the deterministic-flush case.
func (f flush) commitStep(name string) step {
	return step{name: name, p: 1, mean: f.f, cv2: 1, pWait: f.busy, wait: f.f, waitCV2: 1}
}

// ios is the device I/Os per second the flushes cost: one per flush and,
// on average, one per seqIOSize of a batch's WAL beyond it (a write of W
// bytes at a random offset spans W/seqIOSize boundaries of seqIOSize
// chunks on average). The mean keeps the count smooth in the batch: a
// rounded count steps up and down as batches grow near a volume's ceiling,
// and the flush delay that settles the device's queue (queueFlushes) with
// it.
func (f flush) ios() Rate {
	if f.rate == 0 {
		return 0
	}
	return f.rate * Rate(1+f.batchBytes()/float64(seqIOSize))
}

// batchBytes is the WAL one flush makes durable, in bytes: its commits'
// (review of 2026-11-27: counted as a transaction's WAL each, an
// active-active flush's three times too few, with the applied
// transactions' WAL, and a Raft append's nine times too many).
func (f flush) batchBytes() float64 { return f.batch * float64(f.bytes) }

// cpu is a CPU station: processor sharing on c cores (MODEL.md §2.1).
type cpu struct {
	load    float64 // offered load in cores (Erlangs), USL-inflated
	cores   int
	factor  float64   // sojourn / demand = 1 + C(c,a)/(c(1−ρ)) (Cohen 1979)
	pWait   float64   // C(c,a): the probability that every core is busy
	meanJob Time      // the mean demand of the jobs it serves (0: unknown)
	closed  closedCPU // how a closed load's clients wait here (zero under an open load)
}

// closedCPU is how a closed load's clients wait at a node's cores
// (plan.cpuShape).
type closedCPU struct {
	cv2     float64 // a wait's squared coefficient of variation given that it waits (0: 1, exponential)
	waiting float64 // the share of the clients waiting there
	// randomCorr is two of a client's waits' correlation where all of the
	// clients wait (random order), fifoCorr two waits' back to back in
	// order of arrival.
	randomCorr, fifoCorr float64
	// perSource is the load a client offers while away, the station's mean
	// job over its time away: the rate, per mean job, at which the clients
	// that return pull the queue back.
	perSource float64
}

// waitShape is a wait's squared coefficient of variation given that it
// waits: an open station's exponential, or a closed load's (plan.finite).
func (c cpu) waitShape() float64 {
	if c.closed.cv2 > 0 {
		return c.closed.cv2
	}
	return 1
}

func (c cpu) rho() float64 { return c.load / float64(c.cores) }

// newCPU returns the PS station for an offered load in cores. Contention
// beyond queueing enters through the USL (Gunther): with n busy backends
// each core does 1/(1 + σ(n−1) + κn(n−1)) of its work; n is the offered
// load, at most the cores.
func newCPU(load float64, node Node) cpu {
	n := math.Min(load, float64(node.VCPUs))
	if n > 1 {
		load *= 1 + node.USLSigma*(n-1) + node.USLKappa*n*(n-1)
	}
	c := cpu{load: load, cores: node.VCPUs}
	if c.rho() < 1 {
		c.pWait = queue.ErlangC(c.cores, load)
		c.factor = 1 + c.pWait/(float64(c.cores)*(1-c.rho()))
	} else {
		c.factor = math.Inf(1)
	}
	return c
}

// job is the CPU step of a short job of size x (a statement, a point
// read): under processor sharing its mean sojourn is x·factor (Cohen 1979).
// The slowdown comes from the jobs that find every core busy, probability
// C(c,a), so it is a branch taken with that probability, an exponential
// wait of mean x·(factor−1)/C: a job finding a free core runs at full speed
// for most of its short life. Checked against simulation (docs/simulation.md,
// K3: one job's p99 at 8 cores −15 % → +4 % at ρ = 0.85).
func (c cpu) job(name string, x Time) step {
	if c.pWait <= 0 {
		return step{name: name, p: 1, shift: x, mean: x * Time(c.factor-1), cv2: 1}
	}
	return step{name: name, p: 1, shift: x, pWait: c.pWait, wait: x * Time(c.factor-1) / Time(c.pWait), waitCV2: c.waitShape()}
}

// correlation is how alike the waits of two of a transaction's CPU jobs,
// gap apart, are. job treats them as independent, but the state "every
// core busy" that makes a job wait persists: a transaction that finds the
// cores busy is likely to find them busy again gap later
// (docs/simulation.md, K3b). The queue's fluctuations decay with the
// relaxation time of an M/M/1 queue served at the CPU's full rate c/x̄ (x̄
// the station's mean job), τ = x̄/(c·(1 − √ρ)²) near saturation (Kleinrock
// vol. 1, §2.8 for M/M/1; Morse 1955; see relaxation), so the correlation
// is taken as r = e^(−gap/τ)
// (0 when the station's jobs are unknown or never wait).
//
// Under a closed load the clients bound the queue, and those away pull it
// back: its length's spread is the finite population's, not the open
// queue's, and an excursion decays at the rate the clients return, too
// (1/T_away: the arrival rate (N − L)/T_away falls by 1/T_away for each
// client more in the queue), so two waits in order of arrival, back to
// back, have the correlation Var[m]/(Var[m] + E[m]) of the completions m
// each waits for (cpuShape), decaying as e^(−gap·(1/τ + 1/T_away)). In
// random order, where all of the clients wait, a client's waits are
// alike only through m (cpuShape); the correlation moves from the first
// to that with the share of the clients waiting. Against simulations of
// 2,000 clients thinking 10 ms at 8 cores (ρ 0.999), the open queue's
// correlation, near 1 there, put the write p99 at 146 ms, where shared
// cores gave 58 and cores in random order 88; the finite population's
// gives 104 (docs/simulation.md, K12).
func (c cpu) correlation(gap Time) float64 {
	if c.pWait <= 0 || c.factor <= 1 || c.meanJob <= 0 {
		return 0 // no job waits (to rounding: f = 1 + C/(c(1−ρ)) can round to 1)
	}
	decay := float64(gap / c.relaxation(c.meanJob))
	if c.closed.perSource == 0 {
		return math.Exp(-decay)
	}
	inOrder := 0.0 // every client held there: none returns, no excursion
	if a := c.closed.perSource; a < math.Inf(1) {
		inOrder = c.closed.fifoCorr * math.Exp(-decay-float64(gap/c.meanJob)*a)
	}
	return inOrder + (c.closed.randomCorr-inOrder)*c.closed.waiting
}

// relaxation is the time in which the queue of jobs of mean x̄ forgets its
// state (see correlation): the inverse of the M/M/c birth–death chain's
// spectral gap, about min(μ, c·μ·(1 − √ρ)²), μ = 1/x̄: the heavy-traffic
// x̄/(c·(1 − √ρ)²), exact for c ≤ 2 and near saturation, and at most a
// job's own length (checked against the gap computed numerically for c up
// to 32).
func (c cpu) relaxation(meanJob Time) Time {
	return meanJob / Time(min(1, float64(c.cores)*sq(1-math.Sqrt(c.rho()))))
}

// visits is the CPU of a transaction's n jobs of x each whose waits have
// correlation r: with weight r the transaction meets one busy period, and
// all n jobs wait or none does, by one exponential of n waits' mean (the
// common queue length sets them all); with weight 1 − r they wait
// independently, as job's. Both keep job's mean, n·x·f. Unless shape is
// set, only the mean and variance are kept (a step with them), for the
// solves that report no percentile.
func (c cpu) visits(name string, x Time, n int, r float64, shape bool) step {
	w := x * Time(c.factor-1) / Time(c.pWait) // a wait's mean, given it waits
	nx, nw := float64(Time(n)*x), float64(Time(n)*w)
	if !shape {
		// A wait Bernoulli(C)·W, E[W] = w, Var W = k·w² (k = 1: an
		// exponential), has variance C·w²·(1 + k − C); n of them n times
		// that, independent, n² times that, all alike.
		v := c.pWait * sq(float64(w)) * (1 + c.waitShape() - c.pWait) * (r*sq(float64(n)) + (1-r)*float64(n))
		mean := c.pWait * nw
		return step{name: name, p: 1, shift: Time(nx), mean: Time(mean), cv2: v / sq(mean)}
	}
	var indep dist.Mixture
	for k, p := n, c.job(name, x).mixture(); k > 0; k >>= 1 { // n i.i.d. jobs, by binary powering
		if k&1 == 1 {
			indep.Add(&p)
		}
		if k > 1 {
			p.Add(&p)
		}
	}
	all := dist.Branch(c.pWait, dist.Moments(nx, nw, c.waitShape()*nw*nw), dist.Atom(nx))
	m := dist.Branch(r, all, indep)
	return step{name: name, p: 1, fixed: &m}
}

// longJob is the CPU step of a job far longer than the station's typical
// one (a scan among statements), where the share b of the CPU's load is
// such long jobs. If the jobs it shares the cores with come and go many
// times during it, its slowdown averages out and is spread over the whole
// job as one exponential extra of mean x·(f − 1) (docs/simulation.md,
// K3c). The long jobs among them come and go on its own time scale: the
// queue they form forgets its state in τ = relaxation(x), so with weight
// b·τ/(τ + x) its slowdown is that of the number it finds, max(1, n/c),
// which with the M/M/c number in system is job's branch form, with the
// same mean x·f (Cohen 1979). shape is as visits'.
func (c cpu) longJob(name string, x Time, b float64, shape bool) step {
	spread := step{name: name, p: 1, shift: x, mean: x * Time(c.factor-1), cv2: 1}
	if c.pWait <= 0 || b <= 0 {
		return spread
	}
	tau := c.relaxation(x)
	q, job := b*float64(tau/(tau+x)), c.job(name, x)
	if !shape {
		// The branch form's mean and variance (the law of total
		// variance), all a solve that reports no percentile needs: the
		// sessions' wait reads the holds' variance (review of 2026-11-26:
		// a closed load's Little's law missed by 2.5 % where the search's
		// and the reported solve's variances differed).
		m1, m2 := float64(job.avg()), float64(spread.avg())
		mean := q*m1 + (1-q)*m2
		second := q*(job.variance()+m1*m1) + (1-q)*(spread.variance()+m2*m2)
		return momentStep(name, mean, math.Max(0, second-mean*mean))
	}
	m := dist.Branch(q, job.mixture(), spread.mixture())
	return step{name: name, p: 1, fixed: &m}
}

// batchJob is the CPU of a batch of k tasks of x each that arrive together
// and run in parallel (a multi-shard query's shard tasks on one Citus
// worker), where the share b of the CPU's load is such batches (every
// query's, on every worker). Under processor sharing each of the n jobs
// present runs at min(1, c/n), the batch's own tasks included. By mean
// value, while the batch is present the other jobs stay s times as long
// as their work too, so they number N with mean c·ρ·s, and
//
//	s = E[max(1, (k + N)/c)]
//
// taken with N gamma (non-negative, as a count is): variance k·c·ρ_b·s
// (other batches arrive k tasks at a time, Poisson in number) plus
// c·ρ_s·s (single jobs), ρ_b = b·ρ, ρ_s = (1 − b)·ρ; solved as a fixed
// point, at least the single-job factor f. With only batches of k = c tasks and no spread this is x/(1 − ρ), the
// M/G/1 processor-sharing sojourn of a job that takes the whole CPU
// (Kleinrock vol. 2, §4.4); the max(1, ·) keeps the slowdown of batches
// smaller than the CPU that sometimes meet others.
//
// The extra x·(s − 1) is split by who causes it. The share b, the other
// queries' batches, reaches every worker at once, so it is the same on all
// of them and is returned apart (shared): it happens only if another batch
// overlaps this one's life x·s, those present and those arriving, 2·c·ρ_b·s/k
// on average (none with probability e^(−2·c·ρ_b·s/k)), so it is a branch
// taken with q = 1 − e^(−2·c·ρ_b·s/k), exponential given it. The rest, from
// the single jobs, averages over their many short lives: a constant
// (own's shift, with x). Checked against simulation (docs/simulation.md,
// K7).
func (c cpu) batchJob(name string, x Time, k, b float64) (own, shared step) {
	if math.IsInf(c.factor, 1) {
		return step{name: name, p: 1, shift: Time(math.Inf(1))}, delay(name, 0)
	}
	rho, cores := c.rho(), float64(c.cores)
	k = min(k, cores)
	if !(x > 0) {
		return delay(name, 0), delay(name, 0)
	}
	s := max(c.factor, (k/cores)/(1-rho)) // the mean-value slowdown, N at its mean
	for range maxSolveIterations {
		next := max(c.factor, 1+excess(cores*rho*s, cores*rho*s*(k*b+1-b), cores-k)/cores)
		if math.Abs(next-s) <= 1e-9*s {
			s = next
			break
		}
		s = next
	}
	extra := x * Time(s-1)
	own = step{name: name, p: 1, shift: x + extra*Time(1-b)}
	shared = delay(name, 0)
	if q := -math.Expm1(-2 * b * rho * cores / k * s); q > 0 {
		shared = step{name: name, p: 1, pWait: q, wait: extra * Time(b) / Time(q), waitCV2: 1}
	}
	return own, shared
}

// excess returns E[(N − t)⁺] for N gamma with mean m and variance v:
// with shape α = m²/v and scale θ = v/m, E[N·1{N > t}] = m·Q(α+1, t/θ),
// so E[(N − t)⁺] = m·Q(α+1, t/θ) − t·Q(α, t/θ), Q the regularised upper
// incomplete gamma function (Abramowitz and Stegun 6.5). For v = 0 it is
// (m − t)⁺.
func excess(m, v, t float64) float64 {
	switch {
	case !(m > 0):
		return 0
	case t <= 0:
		return m - t
	case !(v > 0):
		return max(0, m-t)
	}
	a, z := m*m/v, t*m/v
	return max(0, m*mathext.GammaIncRegComp(a+1, z)-t*mathext.GammaIncRegComp(a, z))
}

// device is a storage station: k = IOPS·S̄ parallel servers (Little's law;
// MODEL.md §2.2) with per-server service k/IOPS so that the ceiling is
// exactly IOPS; waits are M/M/k (Erlang C), for a k between two whole
// counts interpolated linearly between theirs (newDevice). A cloud volume
// (Device.ThrottleWindow > 0) is instead a token bucket in front of a
// backend without a queue: its I/Os wait only for tokens.
type device struct {
	Device
	arrival Rate
	service Time // the mean service time of its I/Os
	// servers is k rounded, the simulator's FCFS servers; for a
	// throttled volume only the shape of the ceiling search's fits.
	servers int
	pWait   float64 // Erlang C; a volume's P(wait) for a token
	wait    Time    // mean wait of those who wait: 1/(kμ − λ), or the bucket's
}

func (d device) rho() float64 { return float64(d.arrival / d.IOPS) }

// depth is a throttled volume's bucket in I/Os: its window's worth of
// IOPS, at least one.
func (d device) depth() float64 { return math.Max(1, float64(d.IOPS)*float64(d.ThrottleWindow)) }

// queueWait is the mean wait of an I/O in the device's queue: the
// probability of waiting times the wait of those who do.
func (d device) queueWait() Time { return Time(d.pWait) * d.wait }

func newDevice(dev Device, arrival Rate, meanService Time) device {
	if math.IsInf(float64(dev.IOPS), 1) { // scale-out storage: no ceiling, no queue
		return device{Device: dev, arrival: arrival}
	}
	k := math.Max(1, float64(dev.IOPS)*float64(meanService))
	// The simulator and the ceiling search's fits take the nearest whole
	// count.
	d := device{Device: dev, arrival: arrival, service: meanService, servers: int(math.Round(k))}
	if dev.ThrottleWindow > 0 {
		// A volume's IOPS are a rate limit, not servers: EBS gp3 serves
		// 3,000 IOPS at 0.25–1 ms, k ≤ 3, and as M/M/k its page reads took
		// 2.75× their flat time at 65 % of the IOPS (a review of
		// 2026-11-26 judged p99 reads 2–7× too high at 40–85 %). The I/Os wait for the bucket's tokens
		// alone, and wait given they wait an exponential (the tail's form).
		if d.rho() < 1 {
			pWait, wait := queue.TokenBucketWait(float64(arrival), float64(dev.IOPS), d.depth())
			d.pWait, d.wait = pWait, Time(wait)
		}
		return d
	}
	if rho := d.rho(); rho < 1 && arrival > 0 {
		// Erlang C at a fractional k, linear between ⌊k⌋ and ⌈k⌉: k grows
		// with the mean service as slower I/Os join the mix, and rounding
		// it made the waits drop at a step (review of 2026-11-26: reads
		// got faster on gp3 from 15 to 20 writes/s, against MODEL.md §9).
		lo := math.Floor(k)
		d.pWait = queue.ErlangC(int(lo), rho*lo)
		if f := k - lo; f > 0 {
			d.pWait += f * (queue.ErlangC(int(lo)+1, rho*(lo+1)) - d.pWait)
		}
		d.wait = Time(1 / float64(dev.IOPS-arrival))
	}
	return d
}

// read is a page read: a miss with probability miss pays the device's read
// latency and, with the Erlang C probability, a queue wait. The latency is
// exponential (MODEL.md §2.2) unless the profile has a measured p99 (fio
// clat): then it is the shifted exponential with the measured mean and
// p99, shift s + Exp(m − s) with s + (m − s)·ln 100 = p99, i.e.
//
//	s = (m·ln 100 − p99) / (ln 100 − 1)
//
// (a p99 at or beyond an exponential's, m·ln 100, keeps s = 0).
func (d device) read(name string, miss float64) step {
	shift := Time(0)
	if p99 := d.ReadLatencyP99; p99 > 0 {
		shift = min(max(0, (d.ReadLatency*Time(math.Ln10*2)-p99)/Time(math.Ln10*2-1)), d.ReadLatency)
	}
	return step{name: name, p: miss, shift: shift, mean: d.ReadLatency - shift, cv2: 1, pWait: d.pWait, wait: d.wait, waitCV2: 1}
}
