package model

import (
	"math"
	"slices"

	"github.com/pgarch/pgarch/model/dist"
	"github.com/pgarch/pgarch/model/queue"
)

// node is the load on one database node.
type node struct {
	cpu        cpu
	batch      float64 // the share of the CPU's load that analytical queries bring (on sharded, their task batches)
	dev        device
	bandwidth  float64 // utilisation of the device's bandwidth
	network    float64 // utilisation of the node's network link, its busier direction
	sent       float64 // utilisation of its outgoing direction
	pooler     float64 // utilisation of one of the PgBouncer processes in front of it
	poolerWork float64 // their CPU, in processes' worth (poolerWork)
	replay     float64 // utilisation of the startup process (standbys, replicas)
	replayT    Time    // one transaction's replay service time
	stall      float64 // fraction of time replay is paused by conflicting queries
	stallTime  Time    // length of one such pause
	cancelled  float64 // share of its analytical queries cancelled when a pause reaches the delay
	pagesRead  Rate    // pages read from the device: cache misses and scans' pages, by page
	client     float64 // cores the storage client takes (disaggregated storage)
}

// state is the model at one offered load: every station's utilisation and
// waits, and the paths of the request classes.
type state struct {
	reads, writes, analytical  Rate // offered to the system
	localWrites                Rate // committed on one node (all, but for active-active)
	primaryReads, replicaReads Rate
	primaryScans, replicaScans Rate

	wal     wal
	burst   burst // the WAL's surge after a checkpoint, as a commit waits for it
	send    burst // what the surge adds on the link to the copies beyond the commit's wait: in their lag
	flush   flush
	primary node
	replica node   // one read replica or standby (all equal)
	standby node   // a synchronous standby: the replica (a standby serving reads among them), or beside read replicas one that serves no queries
	apply   apply  // one apply worker of active-active
	decode  rounds // one walsender decoding a node's changes for one subscriber
	sender  rounds // one walsender streaming the WAL to a copy

	coord        cpu   // the Citus coordinator's CPU (a worker's with query from any node)
	coordFlush   flush // the coordinator's WAL flush of 2PC commit records
	standbyFlush flush // a standby's walreceiver flush
	replicaFlush flush // a read replica's: the standby's but where a standby beside them serves no reads

	lockRho, lockWait, lockP float64 // per hot row: utilisation, conditional mean wait, P(wait) per txn
	lockCV2                  float64 // per hot row: the conditional wait's squared coefficient of variation
	lockFIFOCV2              float64 // per hot row: the same in FIFO order (randomOrder's input)
	lockHeld                 float64 // per hot row: its holder and waiters, on average (Little)
	lockHold                 Time
	// handOver is the primary's cores the solve charged to hot rows'
	// hand-overs, handOverNeed those its locks' queues bring (rowLock).
	handOver, handOverNeed float64
	refLockRho             float64 // a Citus reference table's shard lock (referenceLock)
	// referenceOwn is a reference-table write's own steps before its
	// commit, given that the write is one (shardedWrite): the commit
	// mixture's reference branch holds them, the commit path reports them.
	referenceOwn       path
	sessionBusy        float64 // the primary's sessions in use (Little: Σ λ_c·R_c)
	replicaSessionBusy float64 // one replica's
	coordSessionBusy   float64 // the Citus coordinator's: every client transaction's
	// sessionsHeld are the same pools' requests in use or waiting (Little's
	// law over each pool's own wait and rate): the primary's, a
	// replica's, the coordinator's (plan.finiteWaits).
	sessionsHeld [3]float64

	read, replicaRead, write, scan path   // replicaRead: a point read served by a replica
	legs                           []path // standby legs, by priority
	saturated                      bool
	// behind is a copy's replay at or beyond its capacity while no request
	// waits for it (every synchronous_commit level but remote_apply): the
	// requests are served, the copy falls behind without bound. So are an
	// active-active apply worker's and decoding walsender's: lagging names
	// which.
	behind     bool
	lagging    string
	bottleneck string
	worst      float64 // highest utilisation
}

// mark records a utilisation; a station at or above 1 saturates the state.
func (st *state) mark(resource string, rho float64) {
	st.note(resource, rho)
	if !(rho < 1) {
		st.saturated = true
	}
}

// markBehind records the utilisation of a copy's replay, apply or
// decoding, which no request waits at (Architecture.HoldsRequests): at or above 1 the
// copy falls behind (binding).
func (st *state) markBehind(resource string, rho float64) {
	if !(rho < 1) {
		st.behind, st.lagging = true, resource
	}
}

// binding names what keeps a full state from carrying its load: the
// saturated station the requests wait at, else the replay, apply or
// decoding that falls behind; in a state that is not full, the busiest
// station.
func (st state) binding() string {
	if st.behind && !st.saturated {
		return st.lagging
	}
	return st.bottleneck
}

// HoldsRequests reports whether a request waits at the named resource on
// the architecture: every station but a copy's replay below remote_apply
// (MODEL.md §2.3), an active-active apply worker or decoding walsender
// (logical replication is asynchronous: an origin commits without them;
// review of 2026-11-26: a closed load was held to the apply's rate), and
// the primary's network link and a walsender where only asynchronous
// copies' WAL crosses them (a walsender blocks on its own socket, no
// commit waits for it: review of 2026-11-27, ten read replicas' streams
// throttled the clients to a fifth of what one replica carried), which
// fall behind instead. The link
// holds the commits where they wait for a copy across it: a synchronous
// standby, the log stores of DBMS-optimised storage (whose page reads
// cross it too), a Raft majority.
func (a Architecture) HoldsRequests(resource string) bool {
	switch resource {
	case "replay":
		return a.SyncCommit == SyncRemoteApply
	case "apply", "decode":
		return false
	case "walsender": // a copy's: only a synchronous standby's commit waits for it
		return a.waitsForStandby() && len(a.Standbys) > 0
	case "network":
		return a.waitsForStandby() && len(a.Standbys) > 0 || a.Storage == DisaggregatedStorage || a.ID == DistributedSQL
	}
	return true
}

// note keeps the highest utilisation and its resource.
func (st *state) note(resource string, rho float64) {
	if rho > st.worst || math.IsNaN(rho) {
		st.worst, st.bottleneck = rho, resource
	}
}

// full reports whether the state cannot carry its load: a station a
// request waits at is saturated, or a copy falls behind without bound.
func (st state) full() bool { return st.saturated || st.behind }

// maxStations is the most physical stations a state lists (stations).
const maxStations = 14

// stations lists the utilisation of every physical station at the state:
// the primary's, and one replica's or standby's. It fills a fixed array so
// that the ceiling search's solves do not allocate.
func (st *state) stations(pl *plan) ([maxStations]Usage, int) {
	u := [maxStations]Usage{
		{"cpu", Ratio(st.primary.cpu.rho())},
		{"iops", Ratio(st.primary.dev.rho())},
		{"bandwidth", Ratio(st.primary.bandwidth)},
		{"wal_flush", Ratio(st.flush.busy)},
		{"network", Ratio(st.primary.network)},
	}
	n := 5
	if pl.streams() > 0 {
		// One walsender's process, a core at most (walsenderRounds).
		u[n] = Usage{"walsender", Ratio(st.sender.busy)}
		n++
	}
	poolers := pl.pooled()
	if poolers {
		u[n] = Usage{"pooler", Ratio(st.primary.pooler)}
		n++
	}
	if pl.nodes() > 1 {
		u[n] = Usage{"apply", Ratio(st.apply.rho)}
		u[n+1] = Usage{"decode", Ratio(st.decode.busy)}
		n += 2
	}
	if pl.a.ID == Sharded && !pl.a.QueryFromAnyNode {
		u[n] = Usage{"coordinator_cpu", Ratio(st.coord.rho())}
		n++
	}
	if pl.replicas == 0 && len(pl.a.Standbys) == 0 {
		return u, n
	}
	// Whole names, not a prefix and a suffix: listing them must not allocate.
	cpu, iops, bandwidth := "replica_cpu", "replica_iops", "replica_bandwidth"
	if pl.replicas == 0 {
		cpu, iops, bandwidth = "standby_cpu", "standby_iops", "standby_bandwidth"
	}
	u[n] = Usage{cpu, Ratio(st.replica.cpu.rho())}
	u[n+1] = Usage{iops, Ratio(st.replica.dev.rho())}
	u[n+2] = Usage{bandwidth, Ratio(st.replica.bandwidth)}
	u[n+3] = Usage{"replay", Ratio(st.replica.replay)}
	n += 4
	if poolers && pl.replicas > 0 {
		u[n] = Usage{"replica_pooler", Ratio(st.replica.pooler)}
		n++
	}
	return u, n
}

// locks lists the utilisation of the locks a write may hold, in the order
// buildPaths solves them (referenceFirst), up to the first saturated one:
// the solve ends there, so the next is unknown, not idle.
func (st *state) locks(pl *plan) ([2]Usage, int) {
	var out [2]Usage
	n := 0
	add := func(ok bool, name string, rho float64) {
		if ok && (n == 0 || out[n-1].Value < 1) {
			out[n] = Usage{name, Ratio(rho)}
			n++
		}
	}
	row := func() { add(pl.w.HotRows > 0, "row_lock", st.lockRho) }
	reference := func() { add(pl.referenceUpdates() > 0, "reference_lock", st.refLockRho) }
	if pl.referenceFirst() {
		reference()
		row()
	} else {
		row()
		reference()
	}
	return out, n
}

// referenceFirst reports whether a write's reference-table lock is solved
// before its hot row's: the reference table is written in the last
// statement, inside the hot row's hold, unless the hot UPDATE is that
// last statement.
func (pl *plan) referenceFirst() bool {
	return !pl.w.hotWrites() || pl.w.StatementsAfterHotWrite > 0
}

// busiest returns the most utilised station or lock that requests wait
// at. A flusher that is busy nearly all the time is not full: group
// commit absorbs more load in larger batches, so wal_flush counts only
// once it saturates.
func (st *state) busiest(pl *plan) (string, float64) {
	name, top := "row_lock", st.lockRho
	if st.refLockRho > top {
		name, top = "reference_lock", st.refLockRho
	}
	all, n := st.stations(pl)
	for _, u := range all[:n] {
		if u.Resource == "wal_flush" && u.Value < 1 || !pl.a.HoldsRequests(u.Resource) {
			continue // not busy enough to hold anything up; or holding no request up
		}
		if float64(u.Value) > top {
			name, top = u.Resource, float64(u.Value)
		}
	}
	return name, top
}

// sessionsInUse is the busiest pool's sessions in use: the primary's (or
// the busiest gateway's), a replica's or a Citus coordinator's.
func (st *state) sessionsInUse() float64 {
	return max(st.sessionBusy, st.replicaSessionBusy, st.coordSessionBusy)
}

// solve evaluates the model at scale s of the workload's offered rates.
//
// A hot row's hand-overs cost CPU on its node (plan.rowLock: each commit
// wakes every waiter), which slows the holds that set how many wait: the
// solve is repeated until the cores it charges, h, are the cores its
// locks' queues ask for, need(h), or the node saturates. need grows with
// h, nearly linearly with slope b < 1 below a collapse, so plain
// iteration, h ← need(h), climbs to the fixed point from h = 0, its gap
// shrinking as b^k (and a saturation met on the way is the fixed
// point's). Below the root each pass takes instead the secant's root of
// need(h) − h through the last two, the limit of that climb, or the plain
// step where the secant would saturate the node.
func (pl *plan) solve(s float64) state {
	st := pl.solveWith(s, 0)
	h0, f0 := 0.0, st.handOverNeed // the last pass's h and need(h) − h
	for range maxHandOverPasses {
		h, need := st.handOver, st.handOverNeed
		f := need - h
		if st.saturated || !(math.Abs(f) > handOverTol*need) {
			break
		}
		next := need
		if h > 0 && f > 0 && f < f0 {
			next = h + f*(h-h0)/(f0-f) // ≥ need: (h − h0)/(f0 − f) = 1/(1 − b)
		}
		h0, f0 = h, f
		after := pl.solveWith(s, next)
		if after.saturated && next > need {
			after = pl.solveWith(s, need)
		}
		st = after
	}
	return st
}

// maxHandOverPasses bounds solve's passes after the first; handOverTol is
// the relative difference between the hand-overs' cores charged and
// asked for at which they stop.
const (
	maxHandOverPasses = 30
	handOverTol       = 1e-4
)

// solveWith solves at scale s with handOver busy cores on the primary
// spent by hot rows' hand-overs.
func (pl *plan) solveWith(s, handOver float64) state {
	if err := pl.ctx.Err(); err != nil {
		panic(stopped{err}) // EvaluateContext's
	}
	pl.arena.reset()
	pl.quorum.key = pl.quorum.key[:0]
	st := pl.offered(s)
	st.handOver = handOver
	// WAL and its flush on the primary.
	walWrites := pl.loggedWrites(&st)
	st.wal = pl.walVolume(walWrites, st.primaryReads)
	commits, perCommit := pl.commitFlush(&st, walWrites)
	st.primary = pl.primaryNode(&st)
	st.standbyFlush = st.flush // a standby's device queue is its own (below)
	if commits > 0 && pl.a.Storage != DisaggregatedStorage {
		pl.queueFlushes(&st, commits, perCommit)
	}
	if pl.a.ID == Sharded {
		st.coord, st.coordFlush = st.primary.cpu, st.flush
		if !pl.a.QueryFromAnyNode {
			// The coordinator logs a commit record for each 2PC (a small
			// record: its flush is about the device's fsync).
			st.coord = newCPU(pl.coordinatorLoad(&st), pl.p.Node)
			st.coord.closed.cv2 = pl.finite.coordCPU
			if pl.a.SyncCommit != SyncOff {
				st.coordFlush = groupCommit(pl.coordinatorCommits(st), coordinatorRecordBytes, pl.dev.FsyncLatency, pl.dev.Bandwidth)
			}
		}
	}
	if pl.nodes() > 1 {
		st.apply = pl.applyStation(&st, st.primary.dev)
		st.decode = pl.decodingRounds(&st)
	}
	if pl.streams() > 0 {
		st.sender = pl.walsenderRounds(&st, 0)
	}
	if pl.replicas > 0 || len(pl.a.Standbys) > 0 {
		st.replica = pl.replicaNode(&st, st.replicaReads, st.replicaScans)
		st.standby = st.replica
		if pl.replicas > 0 && len(pl.a.Standbys) > 0 && !pl.a.StandbyReads {
			// A synchronous standby next to read replicas serves no
			// queries: the same replay, no reads, no conflicts with them.
			// Its stations carry less than a replica's, whose stand for
			// both in the ceiling.
			st.standby = pl.replicaNode(&st, 0, 0)
		}
		// A copy's walreceiver flushes on its own device, behind its own
		// queue: a read replica's behind its reads' misses, not the idle
		// standby's beside it (commit-path review of 2026-11-27: adding a
		// synchronous standby halved the replicas' lag).
		st.replicaFlush = pl.copyFlush(st.replica, st.standbyFlush, commits, perCommit)
		st.standbyFlush = pl.copyFlush(st.standby, st.standbyFlush, commits, perCommit)
	}
	all, n := st.stations(pl)
	for _, u := range all[:n] {
		if !pl.a.HoldsRequests(u.Resource) {
			// No commit waits for replay (MODEL.md §2.3: on waits for the
			// standby's flush, remote_write for its write), nor for another
			// node's apply: a copy that cannot keep up falls behind, and
			// the requests go on.
			st.markBehind(u.Resource, float64(u.Value))
			continue
		}
		st.mark(u.Resource, float64(u.Value))
	}
	if st.saturated {
		return st
	}
	// Every solve's, the ceiling search's too: the surge lengthens the
	// commits' session holds (review: a headroom of 1.15 where sessions
	// saturated at 1.01).
	st.burst, st.send = pl.checkpointBurst(&st)
	pl.buildPaths(&st)
	if st.saturated {
		return st
	}
	if pl.holdSessions(&st); st.saturated {
		return st
	}
	if p := pl.suspended(&st); p > negligible {
		// A request that finds the compute suspended waits its start
		// before it connects: no session is held meanwhile (review of
		// 2026-11-26: at a request an hour every one is cold).
		cold := pl.arena.path(pl.arena.group(1, step{name: "cold_start", p: p, shift: pl.p.Disaggregated.ColdStart}))
		st.read = pl.arena.join(st.read, cold)
		st.write = pl.arena.join(st.write, cold)
		st.scan = pl.arena.join(st.scan, cold)
	}
	return st
}

// copyFlush is the walreceiver flush of a copy on node n, whose device
// queue it waits behind: none's is f, the flush without a queue.
func (pl *plan) copyFlush(n node, f flush, commits Rate, perCommit Bytes) flush {
	if q := n.dev.queueWait(); commits > 0 && q > 1e-3*pl.dev.FsyncLatency {
		return groupCommit(commits, perCommit, pl.dev.FsyncLatency+q, pl.dev.Bandwidth)
	}
	return f
}

// offered returns a state with the offered rates at scale s, spread over
// the nodes that take them.
func (pl *plan) offered(s float64) state {
	w := pl.w
	st := state{reads: Rate(s) * w.ReadRate, writes: Rate(s) * w.WriteRate, analytical: Rate(s) * w.AnalyticalRate}
	toReplicas := pl.toReplicas()
	// Active-active spreads clients over its nodes; every other
	// architecture has one node taking the writes.
	readShare, writeShare := pl.shares()
	st.localWrites = st.writes * Rate(writeShare)
	st.primaryReads = st.reads * Rate(1-toReplicas) * Rate(readShare)
	st.primaryScans = st.analytical * Rate(1-toReplicas)
	if pl.a.ID == ActiveActive {
		st.primaryScans *= Rate(readShare) // each node runs its clients' queries
	}
	if pl.replicas > 0 {
		// The busiest replica's share (replicaSkew): the replica node
		// stands for it.
		each := Rate(toReplicas) / Rate(pl.replicas) * Rate(pl.replicaSkew())
		st.replicaReads = st.reads * each
		st.replicaScans = st.analytical * each
	}

	return st
}

// commitFlush sets the WAL flush of the primary's commits (st.flush): the
// commits that wait for a flush on this node and the WAL each brings to it,
// which it returns. Under synchronous_commit off only prepared transactions
// wait for a flush; the WAL writer flushes the rest on its own schedule.
func (pl *plan) commitFlush(st *state, walWrites Rate) (commits Rate, perCommit Bytes) {
	// A two-phase commit flushes twice on each worker it touches, PREPARE
	// TRANSACTION and COMMIT PREPARED (docs/simulation.md, K6), whatever
	// synchronous_commit says: "nor is there any support for async commit of
	// a prepared xact" (twophase.c). A multi-node write touches two workers,
	// a reference-table write every one. twoPhase is those flushes beyond
	// the one per touched worker that localWrites counts.
	var twoPhase Rate
	if pl.a.ID == Sharded {
		fm, fr := pl.twoPhaseShares()
		twoPhase = st.writes * (Rate(fm)*Rate(pl.pairShare()) + Rate(fr))
	}
	if pl.a.SyncCommit != SyncOff || twoPhase > 0 {
		perCommit = pl.flushedPerCommit(st.wal, walWrites, st.localWrites)
		commits = st.localWrites
		if pl.a.SyncCommit == SyncOff {
			// Only the prepared transactions wait, and their flushes take
			// the asynchronous commits' WAL along.
			commits = twoPhase
		}
		if twoPhase > 0 {
			// The same WAL, spread over the flushes.
			perCommit *= Bytes(st.localWrites / (commits + twoPhase))
			commits += twoPhase
		}
		if pl.a.ID == DistributedSQL {
			// Each replicated write appends to the Raft log of its range
			// on this node. A one-row, one-range transaction commits in
			// one (one-phase commit). Otherwise every written key's range
			// logs its write (an intent, pipelined or not: parallel
			// commits change when the client waits, not what is logged;
			// Spanner's participants log it with their prepare record),
			// the transaction record's range its commit, and every key's
			// range its resolution (or Spanner's participant commit
			// record): 2·w·r + 1 appends for w writes over r ranges each
			// (review of 2026-11-26: at_commit counted one per
			// transaction, half per_statement's flush load).
			appends := 1.0
			if !pl.singleRange() {
				appends = 2*float64(pl.writeStatements())*pl.kvRanges() + 1
			}
			commits *= Rate(appends)
			perCommit /= Bytes(appends)
		}
		// DBMS-optimised storage sends a copy to each log store
		// (walCopies) over the node's link.
		sent := perCommit * Bytes(pl.walCopies())
		st.flush = groupCommit(commits, sent, pl.dev.FsyncLatency, pl.dev.Bandwidth)
		st.flush.bytes = perCommit
		if pl.a.Storage == DisaggregatedStorage {
			// No serialized flusher (storageCommit): what fills up is the
			// log stream's share of the storage network.
			st.flush.busy = float64(commits) * float64(sent) / float64(pl.dev.Bandwidth)
		}
	} else {
		// The WAL writer flushes what the transactions wrote, so no more
		// often than they write (review of 2026-11-28: at a write every
		// thousand seconds its five wakes a second each streamed a 40 MB
		// transaction to every walsender, a load that saturated the CPU
		// at no load at all).
		st.flush.rate = min(Rate(pl.walWriterRate(st.wal)), walWrites)
		if st.flush.rate > 0 {
			st.flush.batch = float64(st.localWrites / st.flush.rate)
		}
		st.flush.bytes = pl.flushedPerCommit(st.wal, walWrites, st.localWrites)
	}

	return commits, perCommit
}

// holdSessions marks the sessions each node's requests hold and adds the
// wait for one to the paths; it stops at the first pool that saturates.
func (pl *plan) holdSessions(st *state) {
	// Sessions: a session is held for the whole request, client round trips
	// included (MODEL.md §2.4), but for what a pooler keeps outside
	// (outsideSession), so Σ λ_c·R_c sessions are busy (Little's law).
	// Each node has its own pool (max_connections, or a pooler in front of
	// it); requests beyond it wait for a session: M/M/c with c = sessions
	// (the pooler's queue).
	scanOnReplica := st.replicaScans > 0
	// A node's sessions run the transactions it is the gateway of: on
	// distributed SQL writes/N, not the replicas of every write it applies
	// (docs/simulation.md, K5).
	gateway, reads := st.localWrites, st.primaryReads
	scans := st.primaryScans
	if pl.a.ID == DistributedSQL {
		// The mean node's share as a gateway, 1/N, which busiestGateway
		// reweighs by the clients' regions.
		share := Rate(1 / float64(pl.ring()))
		gateway, reads = st.writes*share, st.reads*share
		scans *= share // every node runs a flow; the gateway holds the session
	}
	var primary, replica holds
	trips := pl.w.RoundTripsPerTxn
	primary.add(reads, st.read, pl.outsideSession(st.read, 1), 1, pl.a.FollowerReads)
	primary.add(gateway, st.write, pl.outsideSession(st.write, trips), pl.w.StatementsPerTxn+1, false) // and the commit's
	replica.add(st.replicaReads, st.replicaRead, pl.outsideSession(st.replicaRead, 1), 0, false)
	if scanOnReplica {
		replica.add(st.replicaScans, st.scan, pl.outsideSession(st.scan, 1), 0, false)
	} else {
		primary.add(scans, st.scan, pl.outsideSession(st.scan, 1), 0, false)
	}
	if pl.a.ID == DistributedSQL {
		primary = pl.busiestGateway(primary)
	}
	st.sessionBusy, st.replicaSessionBusy = primary.busy, replica.busy
	if pl.amplePool { // distributed SQL's and Citus's sizing: no pool, a coordinator's neither, binds
		st.sessionsHeld[0] = primary.busy
		return
	}
	if pl.closedClients && pl.ownSessions() {
		// A closed load's clients hold a session each, no more than the
		// pool has: none runs out, whatever the open model's holds at a
		// scale the clients never reach (user review of 2026-11-27: 100
		// clients on 100 sessions queued 1.83 ms for one, on 280 none).
		// The headroom, what more load the sessions would carry, keeps
		// them (the ceiling search's solves).
		st.note("sessions", primary.busy/float64(pl.w.Sessions))
	} else {
		st.mark("sessions", primary.busy/float64(pl.w.Sessions))
		if pl.replicas > 0 {
			st.mark("replica_sessions", replica.busy/float64(pl.w.Sessions))
		}
	}
	if st.saturated {
		return
	}
	wait := pl.sessionWait(primary, pl.finite.sessions, pl.sessionSources())
	st.sessionsHeld[0] = primary.busy + float64(primary.rate)*float64(wait.mean())
	st.read = pl.arena.join(st.read, wait)
	st.write = pl.arena.join(st.write, wait)
	if pl.replicas > 0 {
		rwait := pl.sessionWait(replica, pl.finite.replicaSessions, 0)
		st.sessionsHeld[1] = replica.busy + float64(replica.rate)*float64(rwait.mean())
		st.replicaRead = pl.arena.join(st.replicaRead, rwait)
		if scanOnReplica {
			wait = rwait
		}
	}
	st.scan = pl.arena.join(st.scan, wait)
	if pl.coordinates() {
		// Every client transaction holds a coordinator backend from its
		// first statement to its commit, its wait for a worker connection
		// included: the coordinator's pool (max_connections, or a pooler in
		// front of it) carries all the traffic, whatever the workers.
		var coord holds
		coord.add(st.reads, st.read, pl.outsideSession(st.read, 1), 0, false)
		coord.add(st.writes, st.write, pl.outsideSession(st.write, trips), 0, false)
		coord.add(st.analytical, st.scan, pl.outsideSession(st.scan, 1), 0, false)
		st.coordSessionBusy = coord.busy
		st.mark("coordinator_sessions", coord.busy/float64(pl.w.Sessions))
		if st.saturated {
			return
		}
		wait := pl.sessionWait(coord, pl.finite.coordSessions, 0)
		st.sessionsHeld[2] = coord.busy + float64(coord.rate)*float64(wait.mean())
		st.read = pl.arena.join(st.read, wait)
		st.write = pl.arena.join(st.write, wait)
		st.scan = pl.arena.join(st.scan, wait)
	}
}

// neonSuspendAfter is how long a Neon compute stays idle before it
// suspends: 5 minutes by default (Neon docs, "Compute lifecycle", scale
// to zero; calibration.md §4.3).
const neonSuspendAfter = 5 * Minute

// suspended is the probability that a request finds a Neon compute
// suspended: that no request came in the neonSuspendAfter before it,
// e^(−λ·T) for Poisson requests at λ (0 elsewhere), under a closed load
// the clients' throughput (plan.clientRate).
func (pl *plan) suspended(st *state) float64 {
	if pl.a.Variant != Neon {
		return 0
	}
	lam := math.Max(float64(st.reads+st.writes+st.analytical), pl.clientRate)
	return math.Exp(-lam * float64(neonSuspendAfter))
}

// queueFlushes lets the WAL flush wait in the device's queue: its write and
// fsync queue there like every other I/O (XLogWrite and issue_xlog_fsync
// on the same volume), so a flush takes F0 + q + bytes/BW with q the
// device's mean queue wait. The flushes' own I/Os load the device, and a
// longer flush carries larger batches in fewer I/Os, so q(F) falls as the
// flush grows: h(q) = wait(q) − q decreases from h(0) ≥ 0 to
// h(wait(0)) ≤ 0, and regula falsi (Illinois) finds its root to 10⁻³.
// A device the unqueued flushes saturate is not yet saturated: a waiter
// that gets WALWriteLock flushes all WAL inserted so far (xlog.c,
// XLogFlush), so slower flushes carry more commits in fewer I/Os, and the
// device saturates only when the other I/Os and the fewest flushes fill
// it. Then h(q) is +∞ until the flushes leave room, and the root is
// bracketed by doubling q from the fsync latency and found by bisection
// while h is infinite. st holds the flush and the primary without queue
// waits.
func (pl *plan) queueFlushes(st *state, commits Rate, perCommit Bytes) {
	f0 := pl.dev.FsyncLatency
	dev := st.primary.dev
	hi := float64(dev.queueWait())
	saturated := !(dev.rho() < 1)
	if !saturated && !(hi > 1e-3*float64(f0)) {
		return // a negligible queue: nothing to settle
	}
	// Only the flushes' I/Os change with q: the device's other I/Os and
	// their service time stay.
	flushIOs := st.flush.ios()
	other, otherService := dev.arrival-flushIOs, Time(dev.arrival)*dev.service-Time(flushIOs)*f0
	if saturated && !(other < pl.dev.IOPS) {
		return // saturated whatever the flushes
	}
	unqueued := st.flush
	h := func(q float64) float64 {
		st.flush = groupCommit(commits, perCommit, f0+Time(q), pl.dev.Bandwidth)
		ios := st.flush.ios()
		d := newDevice(pl.dev, other+ios, (otherService+Time(ios)*f0)/Time(other+ios))
		if !(d.rho() < 1) {
			return math.Inf(1)
		}
		return float64(d.queueWait()) - q
	}
	lo, flo, fhi := 0.0, hi, 0.0
	if saturated {
		lo, flo, hi = 0, math.Inf(1), float64(f0)
		for k := 0; ; k++ {
			v := h(hi)
			if v <= 0 {
				fhi = v
				break
			}
			if k == maxSolveIterations { // 2⁶⁰ fsyncs of delay: nothing settles it
				st.flush = unqueued
				return
			}
			lo, flo, hi = hi, v, 2*hi
		}
	} else {
		fhi = h(hi)
	}
	defer func() { st.primary = pl.primaryNode(st) }() // at the settled flush
	if fhi >= 0 {
		return // q = wait(0) already holds
	}
	side := 0
	for range maxSolveIterations {
		q := (lo*fhi - hi*flo) / (fhi - flo)
		if math.IsInf(flo, 1) {
			q = (lo + hi) / 2 // no slope where the device saturates
		}
		v := h(q)
		if math.IsInf(v, 1) && hi-lo <= 1e-3*hi {
			h(hi) // end where the device carries the flushes
			return
		}
		if math.Abs(v) <= 1e-3*q || hi-lo <= 1e-3*hi {
			return
		}
		if v > 0 {
			lo, flo = q, v
			if side == 1 {
				fhi /= 2
			}
			side = 1
		} else {
			hi, fhi = q, v
			if side == -1 {
				flo /= 2
			}
			side = -1
		}
	}
}

// walWriterRate is how often the WAL writer flushes in the background,
// per second: every wal_writer_delay or every wal_writer_flush_after bytes,
// whichever comes first.
func (pl *plan) walWriterRate(w wal) float64 {
	return math.Max(1/float64(pl.p.Postgres.WALWriterDelay), float64(w.rate)/float64(walWriterFlushAfter))
}

// holds are the session holds of a pool's request classes (a read, a
// write and a scan at most): their rate and the sessions they keep busy,
// Σ λ·E[h] (Little's law).
type holds struct {
	rate    Rate
	busy    float64
	n       int
	classes [3]holdClass
}

// holdClass is one request class holding sessions: its rate, its path,
// the mean part of the path that holds no session (outside), the
// distributed SQL hops it makes (to a range's leaseholder, or to its
// nearest copy for a follower read), and a constant added to its hold
// (busiestGateway's).
type holdClass struct {
	rate    Rate
	hold    path
	outside outside
	hops    int
	nearest bool
	extra   Time
}

// mean is the class's mean hold.
func (c holdClass) mean() Time { return c.hold.mean() - c.outside.mean + c.extra }

// add adds a class arriving at rate that holds a session through path p
// but for its mean part outside, making hops leaseholder hops
// (distributed SQL), or hops to the nearest copy.
func (h *holds) add(rate Rate, p path, out outside, hops int, nearest bool) {
	if rate <= 0 {
		return
	}
	c := holdClass{rate: rate, hold: p, outside: out, hops: hops, nearest: nearest}
	h.rate += rate
	h.busy += float64(rate) * float64(c.mean())
	h.classes[h.n] = c
	h.n++
}

// outsideSession is the mean part of a request's path p, of trips client
// round trips, that holds no server session. Behind PgBouncer in
// transaction mode ("a server connection is assigned to a client only
// during a transaction", PgBouncer docs, pool_mode) a statement outside a
// transaction holds one from its arrival at the pooler to its result, and
// a transaction from BEGIN's arrival to COMMIT's result: a read's or a
// scan's client round trip is outside, and one of a transaction's. An
// application's own pool keeps its connection, and the backend, for the
// whole request (MODEL.md §2.4): nothing is outside.
func (pl *plan) outsideSession(p path, trips int) outside {
	if !pl.pooled() || trips < 1 {
		return outside{}
	}
	trip := p.clientTime() / Time(trips)
	return outside{mean: trip, variance: sq(float64(pl.jitter(trip)))}
}

// outside is the part of a request's path that holds no session
// (outsideSession): its mean, and its variance, the client round trip's
// random part (an exponential of mean jitter).
type outside struct {
	mean     Time
	variance float64
}

// cs2 is the squared coefficient of variation of the holds,
// Σ λ·E[h²]/(λ·E[h]²) − 1 over the classes.
func (h *holds) cs2() float64 {
	var second float64
	for _, c := range h.classes[:h.n] {
		m := float64(c.mean())
		second += float64(c.rate) * (c.hold.variance() - c.outside.variance + m*m)
	}
	mean := h.busy / float64(h.rate)
	return math.Max(0, second/float64(h.rate)/(mean*mean)-1)
}

// sessionWait is the wait for a session of a node's pool: M/G/c,
// c = sessions, holds h. Erlang C gives the probability of waiting at the
// offered load λ·E[h]; the mean wait of those who do is M/M/c's
// E[h]/(c − λ·E[h]) times (1 + c_s²)/2, c_s² the holds' squared
// coefficient of variation (Allen–Cunneen: Allen, Probability,
// Statistics and Queueing Theory, 2nd ed., 1990, §6.5; exact for M/M/c,
// and the heavy-traffic limit for M/G/c). A pool held by short reads and
// long transactions alike waits longer than one held by either. The
// wait's shape given that it waits is exponential but for a closed load's
// clients, whose finite number bounds it (plan.finiteWaits: shape, 0 for
// none).
func (pl *plan) sessionWait(h holds, shape, sources float64) path {
	s := step{name: "session_wait", p: 1, waitCV2: 1}
	if shape > 0 {
		s.waitCV2 = shape
	}
	if pl.ownSessions() {
		return pl.arena.path(pl.arena.group(1, s))
	}
	busy := h.busy
	// Chernoff's bound on the Poisson tail, P(N ≥ c) ≤ e^(−a)·(e·a/c)^c,
	// bounds the probability of finding every session busy; below the
	// negligible branch probability Erlang C's O(c) recursion is skipped.
	c := float64(pl.w.Sessions)
	if busy < c && -busy+c*(1+math.Log(busy/c)) < math.Log(negligible) {
		return pl.arena.path(pl.arena.group(1, s))
	}
	if !(h.rate > 0 && busy > 0) {
		return pl.arena.path(pl.arena.group(1, s))
	}
	hold := busy / float64(h.rate)
	if sources < 1 {
		s.pWait = queue.ErlangC(pl.w.Sessions, busy)
		s.wait = Time(hold / (c - busy) * (1 + h.cs2()) / 2)
		return pl.arena.path(pl.arena.group(1, s))
	}
	// A closed load's clients in front of PgBouncer's pool: each away
	// for its think time and the part of its request outside the pool
	// (outsideSession), then waiting for and holding a session: the
	// probability and mean of the wait are the machine-repairman model's
	// for those sources (queue.FiniteSourceWait). An open pool's wait at
	// the same load counts arrivals that a finite number of clients, most
	// of them queued already, cannot make, and Allen–Cunneen's factor for
	// the holds' spread with it: near its limit the queue's length is the
	// clients', whatever the holds. The spread stays in the shape: the
	// Erlang mixture's cv² times (1 + c_s²)/2, a request that waits behind
	// long transactions waiting longer (docs/simulation.md, K13: at
	// sessions 0.85 the open wait put the read mean at +23 to +42 % of a
	// simulation of the clients; this one at +1 to +6 %, its p99 within
	// 14 %).
	var out float64
	for _, cl := range h.classes[:h.n] {
		out += float64(cl.rate) * float64(cl.outside.mean)
	}
	away, a := float64(pl.w.ThinkTime)+out/float64(h.rate), math.Inf(1)
	if away > 0 {
		a = hold / away
	}
	pWait, stages, cv2 := queue.FiniteSourceWait(pl.w.Sessions, int(math.Round(sources))-1, a)
	s.pWait, s.wait, s.waitCV2 = pWait, Time(stages*hold/c), cv2*(1+h.cs2())/2
	return pl.arena.path(pl.arena.group(1, s))
}

// sessionSources is the clients in front of a node's pool whose finite
// number sets its wait (sessionWait): a closed load's, behind PgBouncer,
// where every request of a client comes to the pool; 0 for an open load,
// clients with backends of their own, a primary whose replicas take the
// reads (a client is then away from its pool for more than its think
// time, by requests the model does not follow per client: the open
// pool's wait stays, docs/simulation.md, K13), or a Citus worker, whose
// sessions the coordinator's connections hold, not the clients.
func (pl *plan) sessionSources() float64 {
	if !pl.w.closed() || !pl.pooled() || pl.replicas > 0 || pl.a.ID == Sharded {
		return 0
	}
	return pl.clientsPerNode()
}

// ownSessions reports whether every client holds a backend of its own: a
// closed load of no more clients than sessions, without a pooler. Then no
// request waits for a session: a client's connection is there whenever it
// sends (review of 2026-11-26: 10 clients on 10 sessions waited for each
// other, 14 % of the throughput). The sessions still bound the headroom,
// which grows the load beyond these clients.
func (pl *plan) ownSessions() bool { return pl.w.closed() && !pl.pooled() }

// primaryNode computes the primary's CPU, device and bandwidth load.
func (pl *plan) primaryNode(st *state) node {
	w := pl.w
	miss := pl.missRatio()
	applyCores, applyReads := pl.replicationLoad(st)
	txns := st.localWrites // transactions whose statements this node executes
	if pl.a.ID == DistributedSQL {
		txns = st.writes * Rate(readShareOf(pl)) // as gateway and leaseholder for 1/N of them
	}
	pageReads := (st.primaryReads*pagesPerRead+txns*Rate(w.PagesReadPerTxn))*Rate(miss) + applyReads
	scanBytes := float64(st.primaryScans) * float64(pl.scanMissBytes())
	scanIOs := Rate(scanBytes / float64(seqIOSize))
	flushIOs := st.flush.ios()
	ios := pageReads + st.wal.writeIOs + flushIOs + scanIOs
	var service Time
	if ios > 0 {
		service = (Time(pageReads)*pl.dev.ReadLatency + Time(st.wal.writeIOs)*pl.dev.WriteLatency +
			Time(flushIOs)*pl.dev.FsyncLatency + Time(scanIOs)*pl.dev.ReadLatency) / Time(ios)
	}
	writeBytes := float64(st.wal.writeback) * float64(PageSize)
	if pl.a.ID == DistributedSQL {
		// LSM compactions write in large sequential I/Os and read as much
		// as they write.
		writeBytes = 2 * float64(st.wal.writeback) * float64(seqIOSize)
	}
	bytes := float64(pageReads)*float64(PageSize) + writeBytes + float64(st.wal.rate)*pl.walCopies() + scanBytes
	network, sent := pl.link(st, float64(pageReads)*float64(PageSize)+scanBytes)
	senders, sends := pl.walsenderLoad(st)
	if sent > 1 && !pl.a.HoldsRequests("network") {
		// Behind a full link the walsenders send only what it carries,
		// each blocked on its socket: their work shrinks with it (review
		// of 2026-11-27: eight replicas' walsenders, charged for the WAL
		// they could not send, took the primary's CPU from the clients),
		// by what goes out, not what comes in.
		senders, sends = senders/sent, sends/Rate(sent)
	}
	load := float64(st.primaryReads)*float64(pl.readCPU()) + float64(txns)*float64(pl.txnCPU()+pl.imageCPU(st.wal)) +
		float64(st.primaryScans)*float64(pl.scanCPU()) + applyCores + senders + st.handOver
	if pl.a.ID == DistributedSQL {
		// Every key-value operation costs CPU on its leaseholder: a read
		// statement's once, a written row's on each of its RF replicas.
		kv := float64(pl.p.KV.OperationCPU)
		load += float64(st.primaryReads)*kv + float64(txns)*float64(w.StatementsPerTxn-pl.writeStatements())*kv +
			float64(st.localWrites)*float64(pl.writeStatements())*pl.kvRanges()*kv
	}
	client := 0.0
	if pl.a.Storage == DisaggregatedStorage {
		// The storage client runs in the compute: its CPU per commit and per
		// page read from storage (docs/published.md: PostgresBench's Aurora
		// runs spend 2.2–2.8 × self-managed PostgreSQL's CPU per transaction).
		d := pl.p.Disaggregated
		client = float64(st.localWrites)*float64(d.ClientCommitCPU) + float64(pageReads)*float64(d.ClientReadCPU)
		load += client
	}
	pooler := pl.poolerWork(pl.tripRate(st, st.primaryReads, txns, st.primaryScans))
	load += pl.poolerCores(pooler)
	batch := 0.0
	if pl.a.ID == Sharded {
		total, _ := pl.taskCPU()
		load += float64(st.primaryScans) * float64(total-pl.scanCPU()) // shard tasks' overhead
		if pl.a.QueryFromAnyNode {
			load += pl.coordinatorLoad(st) / float64(pl.workers())
		}
		batch = share(float64(st.primaryScans)*float64(total), load)
	} else {
		batch = share(float64(st.primaryScans)*float64(pl.scanCPU()), load)
	}
	c := newCPU(load, pl.p.Node)
	c.closed = pl.finite.cpu
	if jobs := float64(st.primaryReads) + float64(txns)*float64(w.StatementsPerTxn+1) + float64(st.primaryScans) + float64(sends); jobs > 0 {
		c.meanJob = Time(load / jobs)
	}
	return node{
		cpu:        c,
		batch:      batch,
		dev:        newDevice(pl.dev, ios, service),
		bandwidth:  bytes / float64(pl.dev.Bandwidth),
		network:    network,
		sent:       sent,
		pooler:     pl.poolerLoad(pooler),
		poolerWork: pooler,
		pagesRead:  pageReads + Rate(scanBytes/float64(PageSize)),
		client:     client,
	}
}

// walsenderLoad is the CPU, in cores, of a primary's walsenders and their
// wake-ups per second (walsenderRounds): an active-active node's logical
// walsenders, one per other node, decode what they send
// (decodingRounds).
func (pl *plan) walsenderLoad(st *state) (cores float64, wakes Rate) {
	n := pl.walsenders()
	if pl.a.ID == ActiveActive && n > 0 {
		logical := pl.decodingRounds(st)
		k := pl.nodes() - 1
		n -= k
		cores, wakes = float64(k)*math.Min(1, logical.busy), Rate(k)*logical.rate
	}
	if n > 0 { // the physical walsenders: a copy's each
		physical := pl.walsenderRounds(st, 0)
		cores, wakes = cores+float64(n)*math.Min(1, physical.busy), wakes+Rate(n)*physical.rate
	}
	return cores, wakes
}

// flushedPerCommit is the WAL one local commit brings to its flush: a
// flush carries all WAL written since the last one, on active-active the
// applied transactions' too (their apply commits do not wait), walWrites
// of them per localWrites commits.
func (pl *plan) flushedPerCommit(wal wal, walWrites, localWrites Rate) Bytes {
	b := wal.bytesPerTxn
	if localWrites > 0 {
		b *= Bytes(walWrites / localWrites)
	}
	return b
}

// streamed is the WAL a walsender streams per flush of the primary: the
// flush's batch, at least one commit's.
func (f flush) streamed() float64 { return math.Max(float64(f.bytes), f.batchBytes()) }

// walsenderRounds are one walsender's rounds: Node.WalsenderCPUPerFlush a
// round and, for each flush it takes up, Node.WalsenderCPUPerKB a kilobyte
// the flush made durable (the two fitted to a real PostgreSQL's walsenders,
// validation/walsender.sh) and perCommit a commit. A saturated flush's
// batch is unbounded, and ∞·0 is no CPU: each part counts only where it
// costs.
func (pl *plan) walsenderRounds(st *state, perCommit Time) rounds {
	var work Time
	if perCommit > 0 {
		work = Time(st.flush.batch) * perCommit
	}
	if perKB := pl.p.Node.WalsenderCPUPerKB; perKB > 0 {
		work += Time(st.flush.streamed()/1e3) * perKB
	}
	return newRounds(st.flush.rate, pl.p.Node.WalsenderCPUPerFlush, work)
}

// rounds are a process that wakes on the primary's WAL flushes (a
// walsender: XLogFlush calls WalSndWakeupProcessRequests; walsender.c
// sends only flushed WAL) and spends a round on the WAL flushed since its
// last: a fixed part (reading, sending, the standby's replies) and the
// work each flush brings. Flushes that come during a round go out in the
// next, which takes up all of them: group commit's renewal argument
// (queue.GroupCommit) with the flushes as arrivals and a round that grows
// with its batch, as a WAL flush does with its bytes (groupCommit). With
// flushes at λ, c the fixed part, w a flush's work, x = λR:
//
//	R = c + (x + e^(−x))·w,  P(busy) = x/(x + e^(−x))
//
// (e^(−x) the probability that no flush came during a round of about
// constant length, after which the process idles). The process keeps up
// while the work alone leaves it room, λw < 1: rounds back to back, the
// fixed part once a round, not once a flush (a metamorphic hunt of
// 2026-11-28: the fixed part charged per flush saturated an active-active
// node's decoding sooner on a faster disk, whose flushes batch less, and a
// 16-vCPU node carried 23 % less than an 8-vCPU one).
type rounds struct {
	round Time    // one round at the fixed point
	busy  float64 // the fraction of the time in a round; load where that is at least 1
	load  float64 // the work's share of the time, λw: the process falls behind at 1
	rate  Rate    // rounds per second
}

// newRounds solves R·(1 − λw) = c + w·e^(−λR) by Newton's method from
// c/(1 − λw), where the left side minus the right is negative, increasing
// and concave, so the iterates rise monotonically to the root.
func newRounds(flushes Rate, fixed, work Time) rounds {
	l, c, w := float64(flushes), float64(fixed), float64(work)
	if !(l > 0) {
		return rounds{round: fixed + work}
	}
	r := l * w
	if !(r < 1) {
		return rounds{round: Time(math.Inf(1)), busy: r, load: r}
	}
	R := c / (1 - r)
	for range maxSolveIterations {
		e := w * math.Exp(-l*R)
		step := (c + e - R*(1-r)) / (1 - r + l*e)
		R += step
		if !(step > 1e-12*R) {
			break
		}
	}
	x := l * R
	batch := x + math.Exp(-x)
	return rounds{round: Time(R), busy: x / batch, load: r, rate: flushes / Rate(batch)}
}

// step is a change's wait at the process: the round in progress, if any
// (its residual, uniform on a round of about constant length: mean R/2,
// squared coefficient of variation 1/3), then its own round.
func (r rounds) step(name string) step {
	return step{name: name, p: 1, shift: r.round, pWait: r.busy, wait: r.round / 2, waitCV2: 1.0 / 3}
}

// walsenderStep is a commit's wait for its copy's walsender to take it up:
// the round in progress, if any (uniform on (0, R) with the probability p
// the walsender is busy: mean p·R/2), then its own round's fixed part, a.
// It is taken as its mean: its spread, under R/√3 (about 60 µs at the
// fitted round), moves no percentile of a commit that waits a round trip
// and a flush, while a random part would grow the mixtures of every path
// it joins (ADR 0007). A walsender that cannot keep up saturates the state
// (the station walsender), which reports no latency. The sending of its
// bytes, CPU and link in a pipeline, is walSend's.
func (pl *plan) walsenderStep(st *state) step {
	r := st.sender
	a := pl.p.Node.WalsenderCPUPerFlush
	if r.busy > 0 && r.busy < 1 {
		a += Time(r.busy) * r.round / 2
	}
	return delay("walsender", a)
}

// walsenders is how many walsenders a primary runs: one per standby and
// read replica, and on an active-active node one logical walsender per
// other node. DBMS-optimised storage ships its log to the log stores
// through the storage client instead (Disaggregated.ClientCommitCPU), and
// distributed SQL replicates by Raft.
func (pl *plan) walsenders() int {
	switch {
	case pl.a.Storage == DisaggregatedStorage || pl.a.ID == DistributedSQL:
		return 0
	case pl.a.ID == ActiveActive:
		return pl.nodes() - 1 + len(pl.a.Standbys)
	}
	return pl.streams()
}

// streams is how many copies stream the primary's WAL: its read replicas
// and standbys.
func (pl *plan) streams() int { return pl.readReplicas() + len(pl.a.Standbys) }

// readReplicas is the read replicas besides the standbys: the copies reads
// go to, unless the standbys serve them (Architecture.StandbyReads).
func (pl *plan) readReplicas() int {
	if pl.a.StandbyReads {
		return 0
	}
	return pl.replicas
}

// tripRate is the client round trips per second a node serves (each read
// and scan one, each transaction round_trips_per_txn): its own classes',
// or on a Citus coordinator all of them.
func (pl *plan) tripRate(st *state, reads, txns, scans Rate) Rate {
	if pl.coordinates() {
		reads, txns, scans = st.reads, st.writes, st.analytical
	}
	return reads + txns*Rate(pl.w.RoundTripsPerTxn) + scans
}

// poolerLoad is one PgBouncer process's utilisation under trips client
// round trips per second, spread over the processes (PgBouncer runs one
// thread; several share a port with so_reuseport). Where the processes
// are not given, as many run as keep each at the target utilisation
// (poolerProcesses): one below it, and at it above — a fractional count,
// so that the wait never falls as the load grows (review of 2026-11-26:
// one process capped a 16-core node at 39k requests/s).
func (pl *plan) poolerLoad(work float64) float64 {
	if k := pl.w.PoolerProcesses; k > 0 {
		return work / float64(k)
	}
	return math.Min(work, float64(pl.r.TargetUtilization))
}

// poolerWork is the CPU, in processes' worth, PgBouncer spends relaying
// trips client round trips per second; 0 without a pooler.
func (pl *plan) poolerWork(trips Rate) float64 {
	if !pl.pooled() {
		return 0
	}
	return float64(trips) * float64(pl.p.Node.PoolerCPUPerRoundTrip)
}

// poolerCores is the share of PgBouncer's work, in cores, on the node's
// own cores, where it runs beside PostgreSQL (review of 2026-11-26:
// processes sized to the load made its CPU free); a Citus coordinator's
// pooler is the coordinator's, not a worker's.
func (pl *plan) poolerCores(work float64) float64 {
	if pl.coordinates() {
		return 0
	}
	return work
}

// poolerProcesses is the PgBouncer processes node n needs: as given, or
// the fewest that keep each at the target utilisation; 0 without a pooler.
func (pl *plan) poolerProcesses(n node) int {
	if !pl.pooled() || pl.w.PoolerProcesses > 0 {
		return pl.w.PoolerProcesses
	}
	return max(1, int(math.Ceil(n.poolerWork/float64(pl.r.TargetUtilization)-1e-9)))
}

// throughPooler returns p with its trips round trips through node n's
// PgBouncer, if there is one: each waits for the single-threaded process,
// an M/M/1 sojourn of mean x/(1 − ρ) (its service is nearly constant, so
// the exponential is the pessimistic side).
func (pl *plan) throughPooler(p path, n node, trips int) path {
	if !pl.pooled() {
		return p
	}
	x := pl.p.Node.PoolerCPUPerRoundTrip
	return pl.arena.extend(p, pl.arena.group(trips, step{name: "pooler", p: 1, mean: x / Time(1-n.pooler), cv2: 1}))
}

// link is the utilisation of a primary's network link (MODEL.md §1.1,
// §2.6) in its busier direction. Out: the WAL it streams to each standby
// and read replica (one walsender each), or to each log store of
// DBMS-optimised storage (Aurora's replicas get the redo stream from the
// writer, Neon's from the safekeepers); its logical changes to every other
// active-active node; a Raft leader's log to its followers. In: the pages
// and scans storage serves it (read, the bytes read from storage), the
// others' changes an active-active node applies. Client traffic, rows of a
// few hundred bytes, is left out. It also returns the outgoing direction's.
func (pl *plan) link(st *state, read float64) (busier, out float64) {
	bw := float64(pl.p.Node.NetworkBandwidth)
	if bw <= 0 {
		return 0, 0
	}
	wal := float64(st.wal.rate)
	out = wal * float64(pl.streams())
	in := 0.0
	switch {
	case pl.a.Storage == DisaggregatedStorage:
		out += wal * pl.walCopies()
		if pl.a.Variant == Neon {
			out -= wal * float64(pl.replicas)
		}
		in = read
	case pl.a.ID == ActiveActive:
		changes := float64(pl.recordBytes())
		out += float64(st.localWrites) * changes * float64(pl.nodes()-1)
		in = float64(st.writes-st.localWrites) * changes
	case pl.a.ID == DistributedSQL:
		rf := float64(pl.a.ReplicationFactor)
		out += wal * (rf - 1) / rf // leading 1/RF of the ranges it holds
		in = wal * (rf - 1) / rf
	}
	return math.Max(out, in) / bw, out / bw
}

// loggedWrites is the write transactions whose WAL one node logs, and its
// standbys and replicas replay: every write on an active-active node (its
// own and those it applies), a Citus worker's own, a distributed SQL node's
// share of the ranges.
func (pl *plan) loggedWrites(st *state) Rate {
	if pl.a.ID == Sharded || pl.a.ID == DistributedSQL {
		return st.localWrites
	}
	return st.writes
}

// replicaNode computes the load on one read replica or standby: its share of
// the reads, and replaying every write (MODEL.md §2.7). One startup process
// replays all WAL: per transaction its CPU (record bytes at the replay
// rate, images at a page copy) plus the synchronous reads of modified pages
// that are neither in its cache nor carried as full-page images,
// overlapped maintenance_io_concurrency deep by recovery_prefetch, and its
// share of the wakes (replayWake).
func (pl *plan) replicaNode(st *state, reads, scans Rate) node {
	w := pl.w
	miss := pl.copyMiss(reads+scans > 0)
	writes := pl.loggedWrites(st) // the WAL it receives and replays
	pageReads := reads * pagesPerRead * Rate(miss)
	replayMisses := Rate(math.Max(0, w.PagesWrittenPerTxn-st.wal.fpiPerTxn) * miss)
	depth := Time(max(1, pl.p.Postgres.MaintenanceIOConcurrency))
	replayCPU := pl.replayCPU(st.wal)
	replayT := replayCPU + Time(replayMisses)*pl.dev.ReadLatency/depth
	if wake := pl.replayWake(st, writes, replayT); wake > 0 {
		replayCPU, replayT = replayCPU+wake, replayT+wake
	}
	scanBytes := float64(scans) * float64(pl.scanMissBytes())
	scanIOs := Rate(scanBytes / float64(seqIOSize))
	// The walreceiver writes and flushes what arrives, about once per
	// primary flush; restartpoints write back the same pages checkpoints do.
	flushIOs := st.flush.ios()
	if pl.a.Storage == DisaggregatedStorage {
		// Replicas of DBMS-optimised storage share the volume: they apply
		// the redo stream only to pages they hold in cache and read the rest
		// from storage when needed (Verbitski et al., SIGMOD 2017, §4.2.4);
		// they write neither WAL nor pages, so replay has no reads to wait
		// for. (Their log stream is Aurora's, not a walreceiver's: no
		// PostgreSQL wake is charged.)
		replayMisses, flushIOs = 0, 0
		replayCPU = pl.replayCPU(st.wal) * Time(1-miss)
		replayT = replayCPU
	}
	ios := pageReads + writes*replayMisses + st.wal.writeIOs + flushIOs + scanIOs
	var service Time
	if ios > 0 {
		service = (Time(pageReads+writes*replayMisses+scanIOs)*pl.dev.ReadLatency + Time(st.wal.writeIOs)*pl.dev.WriteLatency +
			Time(flushIOs)*pl.dev.FsyncLatency) / Time(ios)
	}
	bytes := float64(pageReads+writes*replayMisses+st.wal.writeback)*float64(PageSize) + float64(st.wal.rate) + scanBytes
	load := float64(reads)*float64(pl.readCPU()) + float64(scans)*float64(pl.scanCPU()) + float64(writes)*float64(replayCPU)
	client := 0.0
	if pl.a.Storage == DisaggregatedStorage {
		client = float64(pageReads) * float64(pl.p.Disaggregated.ClientReadCPU) // the storage client's, as on the primary
		load += client
	}
	pooler := pl.poolerWork(reads + scans)
	load += pl.poolerCores(pooler)
	cpu := newCPU(load, pl.p.Node)
	if replayCPU > 0 && !math.IsInf(cpu.factor, 1) {
		// The startup process is one process among the replica's query
		// backends: under processor sharing its CPU stretches by the
		// cores' slowdown (Cohen 1979), so a replica busy with queries
		// replays slower and, near full, falls behind. (A saturated CPU
		// is the bottleneck itself.)
		replayT += replayCPU * Time(cpu.factor-1)
	}
	n := node{
		cpu:        cpu,
		batch:      share(float64(scans)*float64(pl.scanCPU()), load),
		dev:        newDevice(pl.dev, ios, service),
		bandwidth:  bytes / float64(pl.dev.Bandwidth),
		replayT:    replayT,
		pooler:     pl.poolerLoad(pooler),
		poolerWork: pooler,
		pagesRead:  pageReads + writes*replayMisses + Rate(scanBytes/float64(PageSize)),
		client:     client,
	}
	// Replay stalls (MODEL.md §2.7): cleanup records from the primary's
	// pruning and vacuum conflict with a standby query whose snapshot still
	// sees the removed rows; replay waits until the query ends or
	// max_standby_streaming_delay expires and the query is cancelled
	// (PostgreSQL docs, "Hot Standby: Handling Query Conflicts";
	// hot_standby_feedback off). A record waits for the queries running
	// when it is replayed (standby.c GetConflictingVirtualXIDs); a query
	// that starts during the pause takes its snapshot from the state replay
	// stopped at and conflicts with the next record, so once a record
	// conflicts the pause lasts the busy period of the overlapping queries,
	// for queries of duration D arriving at λ_q (an M/G/∞ population)
	// B = (e^(λ_q·D) − 1)/λ_q on average (Takács; review of 2026-11-26: a
	// pause was one query's D), until the delay, which bounds the total
	// time a record waits after it was received
	// ("max_standby_streaming_delay", runtime config docs; standby.c
	// GetStandbyLimitTime), expires and the queries running are cancelled:
	// S = min(B, delay). Busy periods alternate with idle spells of 1/λ_q,
	// a share λ_q·S/(1 + λ_q·S) of the time (1 − e^(−λ_q·D) uncapped), and
	// a busy period pauses replay from its first conflicting record on:
	// with such records at r a second and the busy period exponential, one
	// meets it with probability r·B/(1 + r·B), after which the rest is
	// paused, as long again by memorylessness (conflictsPerPageWrite). The
	// stalls lengthen the lag but never take replay's capacity: replay
	// saturates only on its own work (replayStep has the wait). Measured
	// (validation/conflicts.sh, TestReplayConflictsMeasured): point reads
	// never stall replay. A query lasts D on the loaded copy, as its path
	// takes it (buildPaths: its CPU stretched by the cores' sharing, the
	// reads its CPU does not hide by the bandwidth's), not on an idle one
	// (review of 2026-11-28: 2 GB scans ran 40 s on busy gp3 replicas and
	// their pauses were taken at their idle 15 s, so that none was
	// cancelled where replay paused 41 % of the time).
	if scans > 0 && writes > 0 {
		io := pl.scanMissBytes().Over(pl.dev.Bandwidth * ByteRate(math.Max(1e-3, 1-n.bandwidth)))
		d := max(0, io-pl.scanCPU())
		if c := pl.scanCPU(); c > 0 { // else 0·∞ where the cores are full
			d += c * Time(cpu.factor)
		}
		busy := math.Expm1(float64(scans)*float64(d)) / float64(scans)
		n.stallTime = min(Time(busy), pl.p.Postgres.MaxStandbyStreamingDelay)
		x := float64(scans) * float64(n.stallTime)
		rb := float64(writes) * w.PagesWrittenPerTxn * conflictsPerPageWrite * busy
		conflicting := 1.0 // the busy periods that meet a conflicting record: all of an endless one
		if !math.IsInf(rb, 1) {
			conflicting = rb / (1 + rb)
		}
		n.stall = x / (1 + x) * conflicting
		if Time(busy) > n.stallTime {
			// Each pause that reaches the delay cancels the queries then
			// running, λ_q·D/(1 − e^(−λ_q·D)) on average (M/G/∞ given one
			// runs), once per busy period that conflicts, in cycles of
			// S + 1/λ_q.
			running := float64(scans) * float64(d) / -math.Expm1(-float64(scans)*float64(d))
			n.cancelled = math.Min(1, conflicting*running/(float64(n.stallTime)+1/float64(scans))/float64(scans))
		}
	}
	n.replay = float64(writes) * float64(replayT)
	return n
}

// buildPaths lays out the request classes' paths at this load and solves
// the row locks, whose hold time is a piece of the write path.
func (pl *plan) buildPaths(st *state) {
	w := pl.w
	miss := pl.missRatio()
	pr := st.primary

	// Point read, on the primary and, where the architecture routes reads
	// there, on a replica: the same path on that node's stations.
	st.read = pl.readPath(pr, miss, st, false)
	if st.replicaReads > 0 {
		st.replicaRead = pl.readPath(st.replica, pl.copyMiss(true), st, true)
	}

	// Write transaction: round trips, statements, the random page reads
	// (synchronous: an UPDATE reads its index leaf and heap page before it
	// writes), the row lock wait, the WAL flush, the synchronous standby leg.
	cpu := pr.cpu.job("cpu", w.CPUPerStatement)
	st.write = pl.arena.join(
		pl.arena.path(pl.arena.group(1, pl.clientTrips("client_round_trips", w.RoundTripsPerTxn))),
		pl.txnStatements(w.StatementsPerTxn, st, cpu),
		pl.arena.path(pl.arena.group(1, pr.cpu.job("cpu", Time(w.PagesReadPerTxn)*pl.pageCPU()+pl.imageCPU(st.wal)))),
	)
	st.write = pl.throughPooler(st.write, pr, w.RoundTripsPerTxn)
	whole, frac := math.Modf(w.PagesReadPerTxn)
	read := pl.pageRead(pr.dev, miss)
	st.write = pl.arena.extend(st.write, pl.arena.group(int(whole), read))
	if frac > 0 {
		read.p *= frac
		st.write = pl.arena.extend(st.write, pl.arena.group(1, read))
	}
	if pl.a.ID == DistributedSQL && pl.a.Consensus == PerStatement && !pl.singleRange() {
		st.write = pl.arena.extend(st.write, pl.arena.group(pl.writeStatements(), pl.statementConsensus(st)))
	}
	if s, n := pl.pipelineStall(st); n > 0 {
		st.write = pl.arena.extend(st.write, pl.arena.group(n, s))
	}
	// The locks a write may hold, nested as a client takes them: a
	// reference table's, written in the last statement, inside a hot row's
	// taken before it; with no statement after the hot UPDATE, the hot row's
	// inside the reference table's. Each hold takes what happens inside it.
	hot := w.hotWrites()
	if pl.a.ID == Sharded {
		if !pl.shardedWrite(st, cpu, pl.commitSteps(st), hot) {
			return
		}
	} else {
		// One hot row's holders flush one after another (commitSerial):
		// its share of the node's commits. With more hot rows the others'
		// holders commit during each flush and the next begins at once,
		// so a holder finds one in progress as often as any commit, or
		// more (review of 2026-11-27: at two rows the exclusion claimed a
		// third more than the simulator carried): none is excluded.
		own, f := 0.0, float64(w.HotRowWriteFraction)
		if hot && w.HotRows == 1 {
			own = f
		}
		// The hot writes' commits so, the others not: the mean over both;
		// the hold's alone where some writes miss the row.
		commit := pl.commitSerial(st, own*f)
		if hot {
			held := commit
			if own*f != own {
				held = pl.commitSerial(st, own)
			}
			if pl.rowLock(st, cpu, held); st.saturated {
				return
			}
		}
		st.write = pl.arena.join(st.write, commit)
	}

	// Analytical query: its scan's CPU under processor sharing, and the
	// device read time not hidden behind that CPU (read-ahead overlaps them).
	if w.AnalyticalRate == 0 {
		return // no such class: nothing reports or waits on its path
	}
	node := pr
	if st.replicaScans > 0 {
		node = st.replica
	}
	io := pl.scanMissBytes().Over(pl.dev.Bandwidth * ByteRate(math.Max(1e-3, 1-node.bandwidth)))
	switch pl.a.ID {
	case Sharded:
		// A multi-shard query: planned on the coordinator, then every
		// worker runs its shard tasks and the query waits for the slowest.
		total, elapsed := pl.taskCPU()
		own, shared := node.cpu.batchJob("fork_join", elapsed, float64(total/elapsed), node.batch)
		own.shift += max(0, io-elapsed)
		st.scan = pl.arena.path(pl.arena.group(1,
			pl.clientTrips("client_round_trip", 1),
			st.coord.job("coordinator_cpu", coordinatorCPUPerStatement+Time(pl.a.Shards)*taskOverhead/2),
			pl.hop(),
			pl.forkJoin(own),
			shared,
		))
	case DistributedSQL:
		// A distributed query (CockroachDB's DistSQL): the gateway sets up
		// a flow on every node, each scans the ranges it leads, 1/N of the
		// data, and the gateway waits for the slowest, whose results cross
		// the farthest trip.
		own, shared := node.cpu.batchJob("fork_join", pl.scanCPU(), 1, node.batch)
		own.shift += max(0, io-pl.scanCPU())
		st.scan = pl.arena.path(pl.arena.group(1,
			pl.clientTrips("client_round_trip", 1),
			pl.jitteredDelay("flow_trip", 1, pl.farthest),
			pl.forkJoin(own),
			shared,
		))
	default:
		trip := pl.primaryReadTrip()
		if st.replicaScans > 0 {
			trip = pl.replicaReadTrip()
		}
		st.scan = pl.arena.path(pl.arena.group(1,
			trip,
			node.cpu.longJob("cpu", pl.scanCPU(), node.batch, pl.distributions()),
			delay("scan_io", max(0, io-pl.scanCPU())),
		))
	}
	st.scan = pl.throughPooler(st.scan, node, 1)
}

// statements is n statements of the kind one step describes, with, on a
// sharded cluster, each statement's routing through the coordinator.
func (pl *plan) statements(n int, st *state, s step, read bool) group {
	switch pl.a.ID {
	case Sharded:
		return pl.arena.group(n, st.coord.job("coordinator_cpu", pl.routingCPU()), pl.hop(), s)
	case DistributedSQL:
		hop := pl.gatewayHop(read)
		if !read {
			hop = pl.statementHop()
		}
		return pl.arena.group(n, s, hop, pl.kvJob(st, read))
	}
	if n > 1 && s.fixed == nil {
		// The transaction's statements on one CPU: correlated waits.
		if r := st.primary.cpu.correlation(pl.statementGap(s.avg())); r > negligible {
			return pl.arena.group(1, st.primary.cpu.visits(s.name, s.shift, n, r, pl.distributions()))
		}
	}
	return pl.arena.group(n, s)
}

// statementGap is the time between the starts of a transaction's
// statements on the CPU, each sojourn long: its sojourn and its share of
// the client's round trips.
func (pl *plan) statementGap(sojourn Time) Time {
	return sojourn + pl.w.ClientRTT*Time(pl.w.RoundTripsPerTxn)/Time(pl.w.StatementsPerTxn)
}

// kvJob is a distributed SQL statement's key-value work on its
// leaseholder: the gateway runs the SQL, the leaseholder one operation per
// read statement and one per range a written row touches.
func (pl *plan) kvJob(st *state, read bool) step {
	ops := 1.0
	if !read {
		ops = (float64(pl.writeStatements())*pl.kvRanges() + float64(pl.w.StatementsPerTxn-pl.writeStatements())) / float64(pl.w.StatementsPerTxn)
	}
	return st.primary.cpu.job("kv_cpu", Time(ops)*pl.p.KV.OperationCPU)
}

// txnStatements is the path of n statements of one write transaction
// (statements), on distributed SQL with clients in named regions their
// trips to the leaseholders all from the client's gateway
// (transactionHops).
func (pl *plan) txnStatements(n int, st *state, s step) path {
	if pl.a.ID == DistributedSQL && n > 1 && pl.namedRegions() {
		return pl.arena.path(pl.arena.group(1, step{name: "leaseholder_hop", p: 1, fixed: pl.transactionHops(n)}), pl.arena.group(n, s, pl.kvJob(st, false)))
	}
	return pl.arena.path(pl.statements(n, st, s, false))
}

// readPath is a point read's path on node n.
func (pl *plan) readPath(n node, miss float64, st *state, replica bool) path {
	trip := pl.primaryReadTrip()
	if replica {
		trip = pl.replicaReadTrip()
	}
	p := pl.arena.path(
		pl.arena.group(1, trip),
		pl.statements(1, st, n.cpu.job("cpu", pl.readCPU()), true),
		pl.arena.group(pagesPerRead, pl.pageRead(n.dev, miss)),
	)
	p = pl.throughPooler(p, n, 1)
	if r := pl.restartProbability(st.writes); r > 0 && pl.a.ID == DistributedSQL {
		p = pl.arena.join(p, pl.arena.path(pl.arena.group(1, pl.uncertaintyRestart(r))))
	}
	return p
}

// commitSteps are the steps of a commit: the local WAL flush and, per
// synchronous_commit, the standby leg (MODEL.md §2.3). The local flush and
// the standby leg run in sequence: the walsender sends only flushed WAL.
// commitSteps(st) is commitSerial(st, 0).
func (pl *plan) commitSteps(st *state) path { return pl.commitSerial(st, 0) }

// commitSerial is commitSteps for a commit that never finds a share serial
// of the flushing commits' flush in progress, on the primary or on its
// synchronous standbys: those it follows through a lock, which flushed
// before it took the lock (one hot row's holders flush one after another;
// review of 2026-11-27: a counter's every update waited half the time for
// the previous holder's flush, one it cannot overlap, and its hold came
// out 40 % long).
func (pl *plan) commitSerial(st *state, serial float64) path {
	a := pl.a
	if a.SyncCommit == SyncOff {
		return nil
	}
	if a.Storage == DisaggregatedStorage {
		return pl.storageCommit(st)
	}
	if a.ID == DistributedSQL {
		// The commit goes from the gateway to the leaseholder of the
		// transaction record's range (CockroachDB's EndTxn; YugabyteDB's
		// transaction status tablet) and is one more consensus round there
		// (with parallel commits the pipelined writes', in parallel), then,
		// under TrueTime, the commit wait it does not already cover. A
		// Spanner transaction over more than one Paxos group commits by
		// two-phase commit: every participant logs its prepare record
		// through Paxos first, and only then does the coordinator pick the
		// timestamp, log the commit and wait it out (OSDI 2012, §4.2.1).
		hop, c := pl.gatewayHop(false), pl.consensus(st, "commit_consensus")
		hop.name = "commit_hop"
		switch {
		case pl.commitRides():
			if !pl.singleRange() {
				// Parallel commits: the statement's writes to each of its
				// ranges replicate at once, the STAGING record in the
				// anchor range's proposal with its write, and the
				// acknowledgement waits for the slowest (review of
				// 2026-11-27: one round was charged).
				c = pl.parallelRounds(st, "commit_consensus", int(pl.kvRanges()))
			}
			return pl.arena.path(pl.arena.group(1, c, pl.commitWait(c.avg())))
		case a.Clock == TrueTime && !pl.singleRange():
			return pl.arena.path(pl.arena.group(1, hop, pl.consensus(st, "prepare_consensus"), c, pl.commitWait(c.avg())))
		}
		return pl.arena.path(pl.arena.group(1, hop, c, pl.commitWait(c.avg())))
	}
	flush := st.flush.commitStep("wal_flush")
	flush.pWait *= 1 - serial
	out := pl.arena.path(pl.arena.group(1, flush))
	if b, ok := st.burst.step("checkpoint_burst"); ok {
		out = pl.arena.extend(out, pl.arena.group(1, b))
	}
	if !a.waitsForStandby() {
		return out
	}
	return pl.arena.join(out, pl.standbyWait(st, serial))
}

// standbyWait is a commit's wait for its synchronous standbys after the
// local flush, per synchronous_commit and synchronous_standby_names: one
// standby's leg, FIRST k's slowest of the k first, or ANY k's k-th.
func (pl *plan) standbyWait(st *state, serial float64) path {
	a := pl.a
	st.legs = st.legs[:0]
	for i := range a.Standbys {
		st.legs = append(st.legs, pl.standbyLeg(i, st, serial))
	}
	legs := st.legs
	if a.Quorum == First {
		legs = legs[:a.QuorumCount] // FIRST k waits for the k highest-priority standbys
	}
	if len(legs) == 1 {
		return legs[0]
	}
	// A quorum of standbys in different places: the k-th acknowledgement of
	// non-identical legs (MODEL.md §3, Poisson-binomial order statistic).
	k := a.QuorumCount
	if a.Quorum == First {
		k = len(legs)
	}
	if !pl.final {
		// While the ceiling is searched only means matter: the mean of the
		// k-th of the legs, each a shifted exponential of its mean and
		// variance (kthMean, as a Raft round's), and the exact order
		// statistic for the reported state. The k-th smallest of the
		// legs' means, taken before, is no bound on the k-th's mean for
		// k < n, which falls below it (commit-path review of 2026-11-27:
		// ANY 1 of two standbys held a hot row longer in the search than
		// in the exact solve, and the ceiling found was 245 writes/s at
		// 100 writes/s offered, 289 at 250).
		shifted := make([]queue.ShiftedExp, len(legs))
		for i, l := range legs {
			m := float64(l.mean())
			sd := math.Min(math.Sqrt(l.variance()), m)
			shifted[i] = queue.ShiftedExp{Shift: m - sd, Mean: sd}
		}
		return pl.arena.path(pl.arena.group(1, delay("standby_quorum", Time(kthMean(k, shifted)))))
	}
	q := pl.quorum.kth(k, legs)
	return pl.arena.path(pl.arena.group(1, step{name: "standby_quorum", p: 1, fixed: &q}))
}

// quorumMemo is the last exact quorum of a solve (standbyWait), keyed by
// k and its legs' steps: a two-phase commit's phases, the coordinator's
// commit and a reference table's write wait for the same standbys over
// the same legs several times a solve (review of 2026-11-28: 7,454 order
// statistics, 487 of them distinct, in one closed evaluation of 16
// standbys). solveWith empties it. A step's fixed distribution is keyed
// by its address: a leg's are built afresh (replayStep), so one rebuilt
// misses, and none is memory reused with other contents within a solve.
type quorumMemo struct {
	key []step // the legs' steps in order, each group opened by a step holding its repetitions, each leg closed by a zero step
	k   int
	q   dist.Mixture
}

// kth returns the k-th of the legs' completions (dist.KthOf), as last
// computed when k and the legs are the same.
func (m *quorumMemo) kth(k int, legs []path) dist.Mixture {
	n := len(m.key)
	for _, l := range legs {
		for _, g := range l {
			m.key = append(m.key, step{p: float64(g.n)})
			m.key = append(m.key, g.steps...)
		}
		m.key = append(m.key, step{})
	}
	if n > 0 && k == m.k && slices.Equal(m.key[:n], m.key[n:]) {
		m.key = m.key[:n]
		return m.q
	}
	ms := make([]dist.Mixture, len(legs))
	for i, l := range legs {
		ms[i] = l.distribution()
	}
	m.key = append(m.key[:0], m.key[n:]...)
	m.k, m.q = k, dist.KthOf(k, ms)
	return m.q
}

// standbyLeg is the wait for standby i after the local flush: the round
// trip to it, its write (remote_write), its own flush (on), its replay
// (remote_apply). A share serial of the standby's flushes are never in
// progress when the commit's arrives (commitSerial).
func (pl *plan) standbyLeg(i int, st *state, serial float64) path {
	rtt := pl.jitteredDelay("standby_round_trip", 1, pl.standbyTrip(i))
	sender, send, write := pl.walsenderStep(st), pl.walSend(st), delay("standby_write", pl.p.Node.PageCopyCPU)
	flush := st.standbyFlush.commitStep("standby_flush")
	flush.pWait *= 1 - serial
	// The walreceiver is one process: it reads what has arrived, writes it,
	// replies with the write position, then flushes (a blocking fsync)
	// before it reads the socket again or sends a reply the startup
	// process asked for (walreceiver.c: WalReceiverMain's loop,
	// XLogWalRcvSendReply, XLogWalRcvFlush; WalRcvForceReply is answered
	// from the latch's branch). So WAL that arrives during a flush, and a
	// remote_apply's reply once replayed, wait for that flush's residual,
	// with the probability it is in progress, as a commit's flush does
	// (commit-path review of 2026-11-27: remote_write's leg waited for no
	// flush, remote_apply's reply for none after replay).
	busy := step{name: "walreceiver_flush", p: 1, pWait: flush.pWait, wait: flush.wait, waitCV2: flush.waitCV2}
	switch pl.a.SyncCommit {
	case SyncOn:
		return pl.arena.path(pl.arena.group(1, sender, rtt, send, write, flush))
	case SyncRemoteApply:
		return pl.arena.path(pl.arena.group(1, sender, rtt, send, write, flush, st.standby.replayStep(), busy))
	}
	return pl.arena.path(pl.arena.group(1, sender, rtt, busy, send, write))
}

// walSend is a commit's WAL crossing the primary's network link to a
// copy. The walsender sends what a flush made durable, S = the batch's
// bytes at the link's bandwidth, and a commit's record arrives once the
// WAL before it in the batch has: uniformly within S (mean S/2, cv² 1/3).
// The link is a queue (the walsender blocks on a full socket:
// WalSndWriteData → WalSndWait): behind the other copies' streams and the
// reads the batch waits as at an M/M/1 station of service S, with
// probability ρ, S/(1 − ρ) on average (MODEL.md §1.4). Next to nothing on
// a light link; the hockey stick as it fills.
func (pl *plan) walSend(st *state) step {
	bw, rho := float64(pl.p.Node.NetworkBandwidth), st.primary.network
	if bw <= 0 || !(rho < 1) {
		return delay("wal_send", 0) // a full link saturates the state: no latency is reported
	}
	send := Time(st.flush.streamed() / bw)
	return step{name: "wal_send", p: 1, mean: send / 2, cv2: 1.0 / 3, pWait: rho, wait: send / Time(1-rho), waitCV2: 1}
}

// replayCPU is the startup process's CPU per transaction: its WAL records
// (recordsCPU, at the measured replay rate: replay_mb_per_sec,
// validation/replay.sh) and, for each full-page image, one page copy (and its decompression
// under wal_compression): an image replaces the page without reading or
// redoing it. A standby's wakes are replayWake's.
func (pl *plan) replayCPU(w wal) Time {
	return pl.recordsCPU() +
		Time(w.imagesPerTxn)*(pl.p.Node.PageCopyCPU+pl.p.Postgres.WALCompression.DecompressCPU)
}

// replayWake is a standby's wake CPU per transaction it replays, given the
// transactions' replay time x. The startup process sleeps once it has
// replayed all it received and wakes when WAL arrives
// (WaitForWALToBecomeAvailable), about once per primary flush: the
// walsender sends what a flush made durable, so every flush arrives, a
// two-phase commit's PREPARE and COMMIT PREPARED included, and the WAL
// writer's under synchronous_commit = off. An arrival that finds it busy
// adds to its work without a wake, so with flushes at r per second and
// transactions at λ it wakes r·(1 − ρ) times a second (Poisson arrivals
// see time averages) and is busy ρ = (λ·x + r·a)/(1 + r·a) with a the
// wake's CPU (replay_cpu_per_flush_us, validation/replay.sh): wakes
// alone never saturate it, and they fade as replay fills.
func (pl *plan) replayWake(st *state, writes Rate, x Time) Time {
	a, r, lam := float64(pl.p.Node.ReplayCPUPerFlush), float64(st.flush.rate), float64(writes)
	if a <= 0 || r <= 0 || lam <= 0 {
		return 0
	}
	rho := (lam*float64(x) + r*a) / (1 + r*a)
	return Time(math.Max(0, r*a*(1-rho)/lam))
}

// imageCPU is the CPU a write transaction spends compressing its full-page
// images (wal_compression; 0 when off).
func (pl *plan) imageCPU(w wal) Time {
	return Time(w.imagesPerTxn) * pl.p.Postgres.WALCompression.CompressCPU
}

// replayStep is a transaction's sojourn at the startup process: M/M/1,
// exponential with mean x/(1 − ρ) for a replay time x, plus the wait a
// conflict's pause causes. As a fluid, a pause of length S lets a record
// that arrives a into it wait S − a(1 − ρ), uniform on (ρS, S), and the
// backlog then drains at 1 − ρ for ρS/(1 − ρ), its arrivals waiting
// uniformly on (0, ρS): weighted by their arrivals the two make one
// uniform wait on (0, S), met by a share π/(1 − ρ) of the records, π the
// share of time replay is paused. S ≤ max_standby_streaming_delay, which
// bounds the wait as PostgreSQL does; so that no percentile passes it,
// the uniform is kept as equal atoms at the midpoints of its quarters
// (its mean exact), not a two-moment shape, whose tail would.
func (n node) replayStep() step {
	s := step{name: "standby_replay", p: 1, mean: n.replayT / Time(1-n.replay), cv2: 1}
	if n.stall <= 0 || !(n.replay < 1) {
		return s // no pauses, or replay behind without bound (the state is saturated)
	}
	m := s.mixture()
	wait := dist.Branch(math.Min(1, n.stall/(1-n.replay)), uniform(float64(n.stallTime)), dist.Mixture{})
	m.Add(&wait)
	return step{name: s.name, p: 1, fixed: &m}
}

// rowLock solves the hot rows' locks and adds their wait to the write
// path, returning it (a zero step where no write waits).
func (pl *plan) rowLock(st *state, cpu step, commit path) step {
	w := pl.w
	// The lock is held from the hot UPDATE to the commit's
	// acknowledgement: the UPDATE's own work after it takes the row
	// (lockedWork), the remaining statements, the client round trips
	// they and the COMMIT make (none when the transaction is one call),
	// the flush and the standby wait (MODEL.md §2.5:
	// RecordTransactionCommit → SyncRepWaitForLSN). The random page
	// reads are taken to come before it (pgbench updates its accounts
	// row first). One M/G/1 station per hot row (heldWait), E[h³]
	// from a gamma fit of the hold. The hold (round trips and a flush)
	// is nearly constant, so the wait is lighter-tailed than
	// exponential (docs/simulation.md, K2).
	after := w.StatementsAfterHotWrite
	trips := min(after+1, w.RoundTripsPerTxn-1)
	hold := pl.arena.join(pl.arena.path(
		pl.arena.group(1, st.primary.cpu.job("locked_work", Time(lockedWork)*w.CPUPerStatement)),
		pl.arena.group(1, pl.clientTrips("", trips)),
	), pl.txnStatements(after, st, cpu), commit) // with sharded's and distributed SQL's hops
	hold = pl.throughPooler(hold, st.primary, trips)
	if pl.a.ID == DistributedSQL && pl.a.Consensus == PerStatement && !pl.singleRange() {
		hold = pl.arena.join(hold, pl.arena.path(pl.arena.group(after, pl.statementConsensus(st))))
	}
	if pl.a.ID == DistributedSQL && !pl.singleRange() {
		// A waiter gets the row once the lock is resolved: one more
		// consensus round after the commit ("two rounds of consensus
		// are still required to resolve intents", CockroachDB docs,
		// "Transaction Layer": parallel commits; Spanner's
		// participants log their commit records through Paxos before
		// they release their locks, OSDI 2012 §4.2.1). One-phase
		// commits leave no intent.
		hold = pl.arena.join(hold, pl.arena.path(pl.arena.group(1, pl.consensus(st, "intent_resolution"))))
	}
	if f := pl.front; f.perSecond > 0 {
		// The clients a closed load queues in front of a station slow
		// every job there, those inside the holds too (queueInHolds).
		hold = pl.arena.join(hold, pl.arena.path(pl.arena.group(1, step{name: "queue_wait", p: 1,
			mean: Time(f.perSecond) * hold.timeAt(frontSteps(f.at)...), cv2: pl.frontShape(f.at)})))
	}
	h := float64(hold.mean())
	v := hold.variance()
	h2 := v + h*h
	// A hot row has one lock: on one node, or cluster-wide on its
	// shard's worker or its range's leaseholder (docs/simulation.md, K4).
	writers := st.localWrites
	if pl.a.ID == Sharded || pl.a.ID == DistributedSQL {
		writers = st.writes
	}
	f := float64(w.HotRowWriteFraction) / float64(w.HotRows)
	lambda := float64(writers) * f
	// λ·E[h^k] of the lock's holders, k = 1, 2, 3: the transactions,
	// and on active-active the apply workers too, which update every
	// node's copy of the row (RelationFindReplTupleByIndex locks the
	// tuple and waits like any backend) and hold it for their apply,
	// whose commit does not wait for a flush (a subscription's
	// synchronous_commit is off): an M/G/1 with two classes of holds.
	m1, m2, m3 := lambda*h, lambda*h2, lambda*gammaThird(h, v)
	applied := 0.0
	if pl.nodes() > 1 {
		applied = float64(st.writes-st.localWrites) * f
		x := float64(st.apply.service)
		m1, m2, m3 = m1+applied*x, m2+applied*x*x, m3+applied*x*x*x
	}
	st.lockHold = Time(h)
	st.lockRho = m1
	st.mark("row_lock", st.lockRho)
	if st.saturated || st.lockRho == 0 {
		return step{}
	}
	var mean, cv2 float64
	mean, st.lockWait, cv2 = heldWait(m1, m2, m3)
	st.lockHeld = (lambda+applied)*mean + m1 // L = Λ·(W + h̄), Little
	if pl.a.ID != DistributedSQL {
		// Every commit of the row wakes its waiters in turn, through the
		// tuple lock of the version they found: the next holder, and each
		// of the others, who takes and releases that lock, finds the
		// version updated (heap_update: TM_Updated) and queues again on the
		// newest one (heap_lock_tuple), handOverWork statements' CPU each.
		// A commit leaves behind the holders an arrival finds (PASTA): the
		// next and, on average, the queue Λ·W (under a closed load at most
		// the row's clients but the one leaving and the next), so a row's
		// hand-overs ask Λ·(Λ·W)·x cores. The chain wakes one waiter at a
		// time, and a waiter still in it when the row changes hands again
		// goes to the newest version once: at most a core a row (measured:
		// 1.2 and 1.3 cores at 16 and 32 clients, handOverWork). Distributed
		// SQL's lock table hands a key to its next waiter alone.
		if pl.front.at != "" {
			// The clients a closed load's slower holds queue at the rows
			// are the station's queue's, whose wake-ups the open model's
			// queue does not see (queueInHolds; docs/simulation.md, K16).
			st.handOverNeed = pl.front.handOver
		} else {
			queued := (lambda + applied) * mean
			if pl.w.closed() {
				queued = math.Min(queued, math.Max(0, pl.rowSources()-2))
			}
			st.handOverNeed = float64(w.HotRows) * math.Min(1, (lambda+applied)*queued*handOverWork*float64(w.CPUPerStatement))
		}
		// The waiters race for each new row version (a waiter's tuple
		// lock is on the version it found, heapam.c heap_update; once its
		// updater commits the waiter locks the newest version behind
		// whoever reached it first, heapam_tuple_lock), nearer random
		// order than FIFO (randomOrder).
		st.lockFIFOCV2 = cv2
		cv2 = pl.randomOrder(cv2, m1, st.lockHeld)
	} else if f := pl.finite.rowLock; f > 0 {
		// A distributed SQL database queues a key's waiters in order
		// (CockroachDB docs, "SELECT FOR UPDATE": "put into a queue based
		// on when they tried"), and a closed load's clients bound the
		// rows' queues: the open shape times the finite population's
		// (plan.finiteWaits), 1 in the open limit; with one row nearly
		// all the clients wait there, a nearly constant queue (500
		// clients on one row: write p99 +231 % of a simulation's with
		// the exponential).
		cv2 *= f
	}
	st.lockCV2 = cv2
	st.lockP = float64(w.HotRowWriteFraction) * st.lockRho
	lock := step{name: "row_lock_wait", p: 1, pWait: st.lockP, wait: Time(st.lockWait), waitCV2: cv2}
	st.write = pl.arena.extend(st.write, pl.arena.group(1, lock))
	if applied > 0 {
		// An apply worker that meets a held row waits for it, and its
		// origin's whole stream waits with it.
		st.apply.service += Time(float64(w.HotRowWriteFraction) * mean)
		st.apply.load(st.localWrites)
		st.markBehind("apply", st.apply.rho)
	}
	return lock
}

// shardedWrite lays out a sharded write's commit and its locks. A
// reference-table write's own steps (the first worker's lock call, an
// INSERT's placements, the lock's wait) are part of the commit's reference
// branch (shardedCommit): inside the hot row's hold where the reference
// table is written after the hot UPDATE, outside it where the hot UPDATE is
// the last statement. It reports false if a lock saturates.
func (pl *plan) shardedWrite(st *state, cpu step, commit path, hot bool) bool {
	// The coordinator commits a router transaction on its worker before
	// it commits itself: COMMIT crosses to the worker and its reply comes
	// back (Citus' transaction callback), one more hop.
	alone := pl.arena.join(pl.arena.path(pl.arena.group(1, pl.hop())), commit)
	fm, _ := pl.twoPhaseShares()
	sharded := func(own path) path {
		if fm == 0 && pl.w.ReferenceWriteFraction == 0 {
			return alone
		}
		return pl.arena.path(pl.arena.group(1, pl.shardedCommit(st, alone, own)))
	}
	call, placements := pl.referenceSteps()
	var wait step // the reference lock's wait, given a reference write
	if pl.referenceUpdates() > 0 && pl.referenceFirst() {
		if wait = pl.referenceLock(st, cpu, alone, step{}); st.saturated {
			return false
		}
	}
	if pl.w.ReferenceWriteFraction > 0 { // else no branch holds them
		st.referenceOwn = pl.arena.path(pl.arena.group(1, call, placements, wait))
	}
	out := sharded(st.referenceOwn)
	if hot {
		held := out
		if !pl.referenceFirst() {
			held = sharded(nil) // the reference table is locked before the hot row
		}
		inner := pl.rowLock(st, cpu, held)
		if st.saturated {
			return false
		}
		if pl.referenceUpdates() > 0 && !pl.referenceFirst() {
			if wait = pl.referenceLock(st, cpu, alone, inner); st.saturated {
				return false
			}
			st.referenceOwn = pl.arena.path(pl.arena.group(1, call, placements, wait))
			out = sharded(st.referenceOwn)
		}
	}
	if begin, ok := pl.remoteBegin(); ok {
		st.write = pl.arena.join(st.write, pl.arena.path(pl.arena.group(1, begin)))
	}
	st.write = pl.arena.join(st.write, out)
	return true
}

// referenceLock solves the shard lock of a Citus reference table, which
// every update of it (referenceUpdates) holds from its statement through
// its commit, two-phase over every worker: the statement (taken as the
// transaction's last: the shortest hold), the COMMIT's round trips
// (commitTrips) and the commit (COMMIT PREPARED is sent in the coordinator's commit
// callback, before its locks are released: xact.c, CommitTransaction). One
// M/G/1 station (heldWait) with a gamma fit of the hold. Every
// reference-table write waits for it: an INSERT's RowExclusiveLock
// conflicts with the ExclusiveLock held or queued before it (lock.c,
// LockAcquire joins the wait queue behind a conflicting request); the
// INSERTs' own holds, which an update waits for, are left out (an
// optimistic side). With one worker the commit is its own.
func (pl *plan) referenceLock(st *state, cpu step, alone path, inner step) step {
	trips := pl.commitTrips()
	reply := delay("reference_lock_call", pl.p.RTT.SameZone/2) // from the first worker's grant
	reply.p = pl.referenceCall()
	hold := pl.arena.path(
		pl.arena.group(1, reply.pruned()),
		pl.arena.group(1, pl.clientTrips("", trips)),
		pl.statements(1, st, cpu, false), // with the coordinator's hop
		pl.arena.group(1, pl.referenceCommit(st, alone)),
	)
	hold = pl.throughPooler(hold, st.primary, trips)
	if inner.p > 0 {
		hold = pl.arena.extend(hold, pl.arena.group(1, inner))
	}
	h, v := float64(hold.mean()), hold.variance()
	lambda := float64(st.writes) * pl.referenceUpdates()
	st.refLockRho = lambda * h
	st.mark("reference_lock", st.refLockRho)
	if st.saturated || st.refLockRho == 0 {
		return step{}
	}
	_, given, cv2 := heldWait(st.refLockRho, lambda*(v+h*h), lambda*gammaThird(h, v))
	return step{name: "reference_lock_wait", p: 1, pWait: st.refLockRho, wait: Time(given), waitCV2: cv2}
}

// commitTrips is the client round trips a write makes after its last
// statement: its COMMIT's, unless the statements after the hot UPDATE, each
// with its own, take every trip the transaction has
// (round_trips_per_txn); none for a transaction of one call.
func (pl *plan) commitTrips() int {
	after := 0
	if pl.w.hotWrites() {
		after = pl.w.StatementsAfterHotWrite
	}
	return max(0, min(after+1, pl.w.RoundTripsPerTxn-1)-after)
}

// lockedWork is the share of the hot UPDATE's CPU spent holding its row:
// heap_update's new row version and WAL record, the statement's end and
// the commit's own work (its record, releasing the lock), after the index
// descent and heap fetch that find the row; about half the statement, an
// estimate the measurement bounds (validation/hotrow.sh, model/hotrow_test.go:
// with synchronous_commit off 16 clients on one row reach 23,300 updates/s,
// a hold of at most 43 µs against a statement's 69 µs on that machine, so
// at most 0.6 of it; review of 2026-11-27: a one-statement counter's hold
// was its flush alone, and nothing under synchronous_commit off).
const lockedWork = 0.5

// conflictsPerPageWrite is the cleanup records per page the primary
// writes whose conflict horizon a running standby query's snapshot
// predates: a page's pruning once its versions fill it, an index's
// deletion of dead entries, vacuum's. Fitted to validation/conflicts.sh
// (PostgreSQL 15.18, this machine; TestReplayConflictsMeasured): 50 ms
// queries 5 and 20 times a second on a standby of 300 pgbench TPC-B-like
// transactions a second (four pages written each: three updated rows, one
// inserted) and of 300 random-row updates a second paused replay 1.2–14 %
// of the time, which r = 2.6–6.0 and 0.67–0.87 records a second fit: the
// geometric mean of the six runs' r per page written, 1/365 (1/465 to
// 1/200; the runs' measured transactions a second), pages counted as the workload counts them, a row written each
// (an update that is not HOT writes more). The measured waits include the
// startup process's polls' overshoot (1, 2, 4 … ms apart), about half a
// 50 ms query's residual, so r is an effective rate that absorbs it. Long
// queries hardly depend on it: a busy period of a second meets one with
// probability 0.74 at the default 1,000 writes of 1.05 pages a second (U
// beyond this machine and these writers).
const conflictsPerPageWrite = 1.0 / 365

// rowSources are the clients that can queue at a hot row under a closed
// load: a node's, or on a sharded cluster every client (its one lock);
// behind PgBouncer only those holding a session (plan.inSessions; helper
// review of 2026-11-27: counting the clients in PgBouncer's queue too, the
// share of the sources at the rows, and with it randomOrder's shape, fell
// as clients grew at a constant throughput).
func (pl *plan) rowSources() float64 {
	if pl.a.ID == Sharded {
		return pl.inSessions() * float64(pl.w.Clients) / pl.clientsPerNode() // every node's
	}
	return pl.inSessions()
}

// randomOrder returns the squared coefficient of variation of a hot row's
// wait, given that it waits, where the waiters race for each new row
// version (rowLock), from the FIFO M/G/1's fifoCV2 at utilisation rho, a
// row holding held clients (its holder and waiters). Random order keeps
// the mean and multiplies FIFO's second moment by 2/(2 − ρ) (M/G/1 in
// random order: Takács, Bell System Technical Journal 42, 1963; 1.42 and
// 1.74 at ρ 0.6 and 0.85 in a simulation of constant holds). Measured
// (validation/hotrow.sh): one row, 16 clients, p99 4.1 to 4.4 times the
// mean, where FIFO bounds it near 1.7.
//
// That spread comes from a queue that grows through a busy period. A
// closed load's clients bound it: where nearly all of them wait at the
// rows, a row's queue m is nearly fixed and a waiter's hand-overs are
// geometric, an exponential wait of mean (m + 1)·h̄ (one row: the FIFO
// wait's exponential), while over r rows the split of the K clients
// waiting is the closed product-form network's, every split equally
// likely (as queue.FiniteSourceRowWait). The wait's second moment is then
// 1 + Var[m]/(E[m] + 1)² times the exponential's: 1 for one row, and for
// K ≫ r, where an arrival finds a share u of them with density
// (r − 1)(1 − u)^(r−2), 2r/(r + 1) (E[W²]/E[W]² = 2·E[u²]/E[u]² =
// 4r/(r + 1)), whose p99 is 4.6, 6.8 and 7.8 times its mean for 1, 3 and
// 10 rows; a simulation of 500 clients gives 4.6, 5.9–7.2 and 7.9
// (docs/simulation.md, "Hot rows under a closed load"). The factor moves
// from the open model's to that limit with the share of the rows' sources
// waiting there, K/N (K = r·(L − ρ)).
func (pl *plan) randomOrder(fifoCV2, rho, held float64) float64 {
	factor := 2 / (2 - rho)
	if pl.w.closed() {
		r := float64(pl.w.HotRows)
		k := r * math.Max(0, held-rho) // the clients waiting at the rows, holders not counted
		// A row's share m of them, every split equally likely
		// (Bose–Einstein): E[m] = K/r, Var[m] = K(K + r)(r − 1)/(r²(r + 1)).
		// An arrival waits for its m + 1 hand-overs in random order.
		mean, v := k/r, k*(k+r)*(r-1)/(r*r*(r+1))
		full := 1 + v/sq(mean+1)
		factor = full + (factor-full)*(1-math.Min(1, k/pl.rowSources()))
	}
	return (1+fifoCV2)*factor - 1
}

// handOverWork is the CPU a hot row's waiter spends at each commit of the
// row that does not hand it the row, in statements' CPU
// (Workload.CPUPerStatement): measured on PostgreSQL 15
// (validation/hotrow.sh, 2026-11-27, the server's CPU a transaction), one
// row against rows drawn at random under synchronous_commit on, over the
// waiters each commit leaves behind the next holder (clients − 2), and a
// one-row update's server CPU, 55 µs: 1.5, 0.92, 0.98 and 0.65 at 4, 8,
// 16 and 32 clients (at 32 the machine's CPU is full), nothing measurable
// at 2 (the next holder's own re-check). A 2-core virtual machine, whose
// wake-ups are dear: on bare metal it is likely less.
const handOverWork = 0.9

// heldWait is the wait at a lock whose holders arrive as a Poisson stream,
// an M/G/1 station, from λ·E[hᵏ] of its holds, k = 1, 2, 3 (m1 = ρ < 1).
// Pollaczek–Khinchine's mean and P(wait):
//
//	W = λ·E[h²] / (2(1 − ρ)),  P(wait) = ρ
//
// and the wait's second moment by Takács (Kleinrock, vol. 1, eq. 5.114):
//
//	E[W²] = 2W² + λ·E[h³] / (3(1 − ρ))
//
// It returns W, and the mean and squared coefficient of variation of a
// wait that happens.
func heldWait(m1, m2, m3 float64) (mean, given, cv2 float64) {
	mean = m2 / (2 * (1 - m1))
	second := 2*mean*mean + m3/(3*(1-m1))
	given = mean / m1
	return mean, given, math.Max(0, second/m1/(given*given)-1)
}

// gammaThird is the third moment of a gamma distribution of mean h and
// variance v (E[X³] = h³ + 3hv + 2v²/h); 0 for a hold of nothing (a
// one-call transaction that commits without a flush: review of
// 2026-11-26, a panic on 0/0).
func gammaThird(h, v float64) float64 {
	if !(h > 0) {
		return 0
	}
	return h*h*h + 3*h*v + 2*v*v/h
}

// uniform is a wait uniform on (0, width) seconds as four equal atoms at
// its quarters' midpoints: its mean exact, and no percentile beyond the
// width, as a two-moment shape's tail would be.
func uniform(width float64) dist.Mixture {
	var atoms [4]dist.Mixture
	for i, t := range quarters(Time(width)) {
		atoms[i] = dist.Atom(float64(t))
	}
	return dist.Weighted([]float64{1, 1, 1, 1}, atoms[:])
}

// quarters are the midpoints of (0, width)'s quarters, uniform's atoms.
func quarters(width Time) [4]Time {
	return [4]Time{width / 8, 3 * width / 8, 5 * width / 8, 7 * width / 8}
}

// share is part/whole, 0 for an empty whole.
func share(part, whole float64) float64 {
	if whole <= 0 {
		return 0
	}
	return part / whole
}
