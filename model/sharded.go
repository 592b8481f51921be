package model

import (
	"math"

	"github.com/pgarch/pgarch/model/dist"
	"github.com/pgarch/pgarch/model/queue"
)

// Citus constants (assumptions, U, to be calibrated with a Citus cluster).
const (
	// coordinatorCPUPerStatement is the coordinator's CPU to plan and route
	// one router statement to its shard: PostgreSQL's parse and analysis,
	// Citus' fast-path router planning and deparse of the shard query, the
	// libpq round trip through the executor's wait loop, and the result's
	// tuples. Citus' own benchmark (PERFORMANCE-ANALYSIS-one-task-adaptive-
	// executor.md, citusdata/citus, 2026-03-06) saturates point SELECTs at
	// 60,700/s with the coordinator, 2 workers and pgbench on 16 CPUs:
	// 0.26 ms of CPU a query for all three; less the worker's point read
	// and pgbench's share (≈ 0.1 ms, U) ≈ 0.15 ms on the coordinator (D/U;
	// review of 2026-11-26: 0.05 ms, a worker's whole point read, made the
	// coordinator look free).
	coordinatorCPUPerStatement = 0.15 * Millisecond
	// localRoutingCPU is what routing costs a statement whose shard lies on
	// the node that received it (query from any node): Citus plugs the
	// local shard into the parse tree and PostgreSQL plans and runs it in
	// the same backend, with no deparse, no connection and no result
	// transfer (citus.enable_local_execution_local_plan, on by default;
	// local_executor.c), leaving the distributed planner's fast path and
	// shard pruning beside the statement's own CPU. 0.02 ms (U: no
	// measurement; the adaptive executor's event loop alone, which the
	// local path also skips, costs 0.006–0.026 ms a query in Citus'
	// one-task executor analysis, 2026-03-06). Review of 2026-11-28: the
	// whole 0.15 ms on every statement left one worker with query from any
	// node 1.5× of headroom where a single node had 5.1×.
	localRoutingCPU = 0.02 * Millisecond
	// taskOverhead is the CPU of one shard task of a multi-shard query
	// beyond its data (query deparse, connection, executor start, result
	// transfer), on the worker and, for the merge, on the coordinator.
	taskOverhead = 0.5 * Millisecond
	// maxConnectionsPerWorker is citus.max_adaptive_executor_pool_size's
	// default: a multi-shard query opens at most 16 connections per worker.
	maxConnectionsPerWorker = 16
	// slowStartInterval is citus.executor_slow_start_interval's default:
	// the adaptive executor opens one connection to a worker at once and,
	// after each interval, one more than the time before (Citus docs,
	// "Configuration Reference"; adaptive_executor.c, ManageWorkerPool:
	// "increase the open rate every cycle (like TCP slow start)").
	slowStartInterval = 10 * Millisecond
)

// workers is the number of data partitions: a sharded cluster's workers, 1
// otherwise.
func (pl *plan) workers() int {
	if pl.a.ID == Sharded {
		return max(1, pl.a.Workers)
	}
	return 1
}

// scanParts is how many nodes an analytical query runs on in parallel,
// each over its part of the data: a sharded cluster's W workers,
// distributed SQL's N nodes (each scans the ranges it leads); 1 otherwise.
func (pl *plan) scanParts() int {
	switch pl.a.ID {
	case Sharded:
		return pl.workers()
	case DistributedSQL:
		return pl.ring()
	}
	return 1
}

// partitions is how many ways the data is split over the nodes that hold
// it: a sharded cluster's W workers; distributed SQL's N nodes with RF
// copies of each range (each node holds RF/N of the data); 1 otherwise.
func (pl *plan) partitions() float64 {
	switch pl.a.ID {
	case Sharded:
		return 1 / pl.busiestShare()
	case DistributedSQL:
		return 1 / pl.rangeCopies()
	}
	return 1
}

// busiestShare is the share of a sharded cluster's shards, data and
// routed traffic on its busiest worker (shardLayout), which saturates
// first.
func (pl *plan) busiestShare() float64 { return pl.layout().busiest }

// shardsPerWorker is the most shards one worker holds: the most tasks of a
// multi-shard query that run on one worker.
func (pl *plan) shardsPerWorker() float64 { return pl.layout().shards }

// shardLayout is how a sharded cluster's shards lie on its workers, as
// far as its busiest worker is concerned.
type shardLayout struct {
	busiest float64 // share of the data and routed traffic on the busiest worker
	shards  float64 // most shards on one worker
	// rest is the share on the busiest of the other workers where the
	// largest tenant has a worker of its own (isolated); busiest otherwise.
	rest     float64
	isolated bool
}

// layout places the S shards on the W workers. The rebalancer places them
// by count, at most one apart (Citus docs, "Cluster management": the
// by_shard_count strategy), so the busiest worker holds ⌈S/W⌉ of the S
// (review of 2026-11-26: 16, 20 and 24 workers over 32 shards all leave 2
// on one worker, yet showed 4.5, 5.6 and 6.8 of headroom); 1/W where W
// divides S.
//
// Where one value of the distribution column, a multi-tenant app's largest
// tenant, carries a share f of the routed transactions and of the data
// (largest_tenant_fraction), its shard carries f besides its 1/S of the
// others' (1 − f), and its worker f + (1 − f)·⌈S/W⌉/S. The operator may
// instead give the tenant a worker of its own (Citus docs, "Dealing with
// Big Tenants": isolate_tenant_to_new_shard splits the tenant's shard, in
// place, into three, the tenant's own between the hash ranges either
// side, and citus_move_shard_placement moves it): that worker carries f,
// and the other W − 1 the S + 1 remaining shards, at most ⌈(S+1)/(W−1)⌉
// each (the tasks of a multi-shard query), which hold S shards' worth of
// the others' (1 − f): the split shard's two halves stay together on its
// worker, as the split leaves them (a rebalance by shard count may part
// them, which the operator who isolates a tenant does not run), so the
// busiest holds ⌈S/(W−1)⌉ of (1 − f)/S (review of
// 2026-11-28: counting each half whole left 32 workers holding 33 shards
// with two shards' worth on one, which nearly doubled the count a disk
// needed). The layout whose busiest worker carries less is taken. Either
// way the busiest worker carries at least f: no count of workers takes it
// below the largest tenant's (Citus issue #7600: one tenant left one of
// four workers with 18.3 GB where the others held 5.5–5.8 GB).
func (pl *plan) layout() shardLayout {
	return layoutOf(pl.workers(), pl.a.Shards, float64(pl.w.LargestTenantFraction))
}

// layoutOf is plan.layout for w workers, the shards given (at least w)
// and a largest tenant's share f.
func layoutOf(w, shards int, f float64) shardLayout {
	s := max(shards, w)
	per := float64((s + w - 1) / w)
	even := per / float64(s)
	if f == 0 || w == 1 {
		return shardLayout{busiest: even, shards: per, rest: even}
	}
	shared := f + (1-f)*even
	tasks := float64((s + w - 1) / (w - 1)) // ⌈(S+1)/(W−1)⌉
	worth := float64((s + w - 2) / (w - 1)) // ⌈S/(W−1)⌉
	rest := (1 - f) * math.Min(1, worth/float64(s))
	if isolated := math.Max(f, rest); isolated <= shared { // at f = 1 both are 1: the tenant's worker alone
		return shardLayout{busiest: isolated, shards: tasks, rest: rest, isolated: true}
	}
	return shardLayout{busiest: shared, shards: per, rest: shared}
}

// defaultShards is citus.shard_count's default (Citus docs, "Configuration
// reference").
const defaultShards = 32

// shardsFor is the shard count a sizing gives w workers where the count
// given, shards, is fewer (S ≥ W): one shard a worker, or, where the
// largest tenant (share f) has a worker of its own, two for each of the
// others, 2(W − 1), whichever leaves the busiest worker less, and then
// the busiest of the others (where the tenant's worker is the busiest
// either way). W shards on the W − 1 others would leave two shards' worth
// on one of them (⌈W/(W−1)⌉ = 2), twice what the rest hold.
func shardsFor(shards, w int, f float64) int {
	if shards >= w {
		return shards
	}
	one, two := layoutOf(w, w, f), layoutOf(w, 2*(w-1), f)
	if two.busiest < one.busiest || two.busiest == one.busiest && two.rest < one.rest {
		return 2 * (w - 1)
	}
	return w
}

// tenantBound reports whether a sharded cluster's busiest worker is the
// one its largest tenant has to itself, carrying no more than that tenant:
// more workers relieve the others, never it.
func (pl *plan) tenantBound() bool {
	l := pl.layout()
	return pl.a.ID == Sharded && l.isolated && l.rest <= float64(pl.w.LargestTenantFraction)
}

// shares are the fractions of the offered reads and writes that one
// primary node (a worker, an active-active node, the primary) carries.
func (pl *plan) shares() (reads, writes float64) {
	switch {
	case pl.a.ID == ActiveActive:
		return pl.nodeShare, pl.nodeShare
	case pl.a.ID == Sharded:
		// A router write runs on one worker, a multi-node write on two, a
		// reference-table write on all of them.
		b := pl.busiestShare()
		fm, fr := pl.twoPhaseShares()
		return b, (1-fm-fr)*b + fm*pl.pairShare() + fr
	case pl.a.ID == DistributedSQL:
		// A leaseholding node (leads) serves its share of the reads, and
		// takes the writes of the ranges it holds a copy of. Its gateway
		// work is taken with them, a conservative side where leases
		// gather in a region (the sessions count gateways apart). Follower
		// reads go to the nearest copy instead, which spreads them over
		// the followers' nodes (review of 2026-11-27: leases in one of
		// three regions kept every read's load on their two nodes).
		reads := 1 / float64(pl.leaders())
		if pl.a.FollowerReads {
			reads = pl.followerServed
		}
		return reads, pl.leaderCopies()
	}
	return 1, 1
}

// pairShare is the share of the multi-node writes, each over two workers,
// that reach the busiest: 2b, its share of the two, at most all of them
// (review of 2026-11-28: a tenant's worker with 0.9 of the data took 1.8).
func (pl *plan) pairShare() float64 { return math.Min(1, 2*pl.busiestShare()) }

// twoPhaseShares are the shares of the write transactions that commit by
// two-phase commit on a sharded cluster: multi-node writes (over two
// workers) and reference-table writes (over all). One worker commits every
// write alone.
func (pl *plan) twoPhaseShares() (multiNode, reference float64) {
	if pl.a.ID != Sharded || pl.workers() < 2 {
		return 0, 0
	}
	return float64(pl.w.MultiNodeWriteFraction), float64(pl.w.ReferenceWriteFraction)
}

// coordinatorRecordBytes is the WAL a Citus coordinator logs per two-phase
// commit: a pg_dist_transaction row per worker it prepared on (a heap
// insert and its index entry, about 60 B each with their record headers)
// and the commit record, about 100 B in all for two workers (an estimate
// from the records' layouts, PostgreSQL's heapam_xlog.h and xact.h).
const coordinatorRecordBytes Bytes = 100

// coordinatorCommits is the rate at which the coordinator commits the
// transactions it decides by two-phase commit: multi-node and
// reference-table writes.
func (pl *plan) coordinatorCommits(st state) Rate {
	fm, fr := pl.twoPhaseShares()
	return st.writes * Rate(fm+fr)
}

// coordinates reports whether a Citus coordinator stands in front of the
// workers: every statement goes through it unless clients query any node.
func (pl *plan) coordinates() bool { return pl.a.ID == Sharded && !pl.a.QueryFromAnyNode }

// coordinator is the Citus coordinator's CPU: every statement is planned
// and routed there, and every multi-shard query's tasks are merged there.
// With "query from any node" the workers do this work instead. Each
// remote command of a two-phase commit is sent and its result read there
// too, at a routed statement's CPU: PREPARE TRANSACTION and COMMIT
// PREPARED on each participant, two for a multi-node write, every worker
// for a reference-table write, whose modification also runs on every
// worker's placement (W − 1 tasks more; review of 2026-11-26: the
// coordinator's CPU did not grow with the workers a reference write
// reaches).
func (pl *plan) coordinatorLoad(st *state) float64 {
	w := pl.w
	routed := float64(st.reads) + float64(st.writes)*float64(w.StatementsPerTxn)
	fm, fr := pl.twoPhaseShares()
	n := float64(pl.workers())
	remote := float64(st.analytical) + float64(st.writes)*(fm*2*2+fr*(n-1+2*n))
	merge := float64(st.analytical) * float64(pl.a.Shards) * float64(taskOverhead) / 2
	return routed*float64(pl.routingCPU()) + remote*float64(coordinatorCPUPerStatement) + merge
}

// routingCPU is a routed statement's mean CPU to plan and route it: the
// coordinator's, or with query from any node the 1/W whose shard is on
// the receiving worker at localRoutingCPU and the rest at the
// coordinator's (hop).
func (pl *plan) routingCPU() Time {
	if !pl.a.QueryFromAnyNode {
		return coordinatorCPUPerStatement
	}
	local := 1 / float64(pl.workers()) // the share of statements whose shard is local
	return Time(local)*localRoutingCPU + Time(1-local)*coordinatorCPUPerStatement
}

// hop is the coordinator-to-worker round trip of a statement, with its
// random part (jitteredDelay); with query from any node the receiving
// worker owns the shard with probability 1/W.
func (pl *plan) hop() step {
	s := pl.jitteredDelay("coordinator_hop", 1, pl.p.RTT.SameZone)
	if pl.a.QueryFromAnyNode {
		s.p = 1 - 1/float64(pl.workers())
	}
	return s
}

// remoteBegin is the BEGIN a write transaction block sends before its
// first command on its worker: Citus' adaptive executor sends BEGIN with
// assign_distributed_transaction_id() and reads their results before the
// task (adaptive_executor.c, TransactionStateMachine:
// REMOTE_TRANS_CLEARING_RESULTS), a round trip to the worker (hop; review
// of 2026-11-28). A single autocommit statement opens no block (false).
func (pl *plan) remoteBegin() (step, bool) {
	w := pl.w
	if w.StatementsPerTxn == 1 && w.RoundTripsPerTxn == 1 {
		return step{}, false
	}
	s := pl.hop()
	s.name = "remote_begin"
	return s, true
}

// secondBegin is the round trip a multi-node write's BEGIN on its second
// worker adds (remoteBegin): when the transaction block first reaches it,
// or, for a single statement, beside the first worker's in one round trip
// (a two-phase commit needs a remote transaction on each). It is taken as
// part of the two-phase commit, inside the rows' holds, as the simulation
// has it; its random part is the worker's (jitteredDelay).
func (pl *plan) secondBegin() step { return pl.jitteredDelay("remote_begin", 1, pl.p.RTT.SameZone) }

// twoPhaseCommit is a commit over n workers by two-phase commit (MODEL.md
// §5; Citus uses PostgreSQL's PREPARE TRANSACTION / COMMIT PREPARED):
// PREPARE on every participant (a round trip and a prepared phase each, in
// parallel: the slowest), the coordinator's commit, then COMMIT PREPARED
// (again a round trip and the slowest of n phases). A multi-node write has
// two participants, a reference-table write every worker (each holds a
// copy). The participants' row locks are held throughout.
func (pl *plan) twoPhaseCommit(st *state, n int) dist.Mixture {
	slowest := pl.slowestPhase(st, n)
	coord := pl.coordinatorCommit(st).distribution()
	slowest.Add(&slowest) // the two phases' maxima are i.i.d.: a square
	return coord.Plus(slowest)
}

// preparedPhase is one phase of two-phase commit on a participant, as the
// coordinator waits for it: the round trip to the worker (its random part
// the participant's own, jitteredDelay), and PREPARE TRANSACTION or COMMIT
// PREPARED, which flushes its record whatever synchronous_commit says
// ("nor is there any support for async commit of a prepared xact",
// twophase.c), then waits for the worker's synchronous standbys as a
// commit does (EndPrepare and RecordTransactionCommitPrepared call
// SyncRepWaitForLSN).
func (pl *plan) preparedPhase(st *state) path {
	a := &pl.arena
	trip := a.path(a.group(1, pl.jitteredDelay("commit_round_trip", 1, pl.p.RTT.SameZone)))
	if pl.a.SyncCommit == SyncOff {
		return a.extend(trip, a.group(1, st.flush.commitStep("wal_flush")))
	}
	return a.join(trip, pl.commitSteps(st))
}

// coordinatorCommit is the coordinator's commit of a two-phase commit's
// record (its pg_dist_transaction row): its flush and its standbys, as a
// worker's commit; nothing to wait for when synchronous_commit is off.
func (pl *plan) coordinatorCommit(st *state) path {
	if pl.a.SyncCommit == SyncOff {
		return nil
	}
	out := pl.arena.path(pl.arena.group(1, st.coordFlush.commitStep("coordinator_flush")))
	if !pl.a.waitsForStandby() {
		return out
	}
	return pl.arena.join(out, pl.standbyWait(st, 0))
}

// slowestPhase is the slowest of n workers' prepared phases,
// P(max ≤ t) = F(t)ⁿ.
func (pl *plan) slowestPhase(st *state, n int) dist.Mixture {
	return dist.MaxOf(pl.preparedPhase(st).distribution(), n)
}

// twoPhaseMean is twoPhaseCommit's mean, for the ceiling search: the
// coordinator's commit and twice the mean of the slowest of n phases,
// taken as the phase's mean plus (H_n − 1) standard deviations (exact for
// an exponential, H_n times its mean, and for a constant).
func (pl *plan) twoPhaseMean(st *state, n int) Time {
	phase := pl.preparedPhase(st)
	slowest := phase.mean() + Time((harmonic(n)-1)*math.Sqrt(phase.variance()))
	return 2*slowest + pl.coordinatorCommit(st).mean()
}

// twoPhaseMoments are twoPhaseCommit's mean and variance: means and
// variances of its independent parts add.
func (pl *plan) twoPhaseMoments(st *state, n int) (mean, variance float64) {
	coord := pl.coordinatorCommit(st)
	slowest := pl.slowestPhase(st, n)
	return float64(coord.mean()) + 2*slowest.Mean(), coord.variance() + 2*slowest.Variance()
}

// momentStep is a step of the given mean and variance.
func momentStep(name string, mean, variance float64) step {
	if mean == 0 {
		return delay(name, 0)
	}
	return step{name: name, p: 1, mean: Time(mean), cv2: variance / (mean * mean)}
}

// referenceUpdates is the share of the write transactions that update,
// delete or upsert a Citus reference table (reference_write_fraction less
// its inserts): they run one at a time, each holding the table's shard
// lock in ExclusiveLock mode through its commit (ReferenceInsertFraction).
// Citus takes that lock on one worker too.
func (pl *plan) referenceUpdates() float64 {
	if pl.a.ID != Sharded {
		return 0
	}
	return float64(pl.w.ReferenceWriteFraction) * (1 - float64(pl.w.ReferenceInsertFraction))
}

// referenceCall is the share of reference-table writes that lock the
// table on the first worker before their own node does: Citus serialises
// them there wherever workers hold the metadata, the default since Citus
// 11 (SerializeNonCommutativeWrites → LockShardListResourcesOnFirstWorker,
// for INSERTs too), which costs the first statement to touch the table
// two blocking round trips to that worker: BEGIN and lock_shard_resources.
// A coordinator always makes the call; with query from any node the first
// worker's own 1/W of the writes do not.
func (pl *plan) referenceCall() float64 {
	if pl.a.QueryFromAnyNode {
		return 1 - 1/float64(pl.workers())
	}
	return 1
}

// referenceSteps are what a reference-table write adds to a write beside
// the lock's wait, given that it is one: the call to the first worker
// (referenceCall), and an INSERT's visits to the other W − 1 placements one
// after another (a commutative modification runs its placements
// sequentially, adaptive_executor.c, ExecutionOrderForTask; an UPDATE's
// run in parallel), each a round trip and a statement. The round trips
// carry their random part (jitteredDelay).
func (pl *plan) referenceSteps() (call, placements step) {
	rtt := pl.p.RTT.SameZone
	call = pl.jitteredDelay("reference_lock_call", 2, 2*rtt)
	call.p = pl.referenceCall()
	others := pl.workers() - 1
	placements = pl.jitteredDelay("reference_placements", others, Time(others)*rtt)
	placements.shift += Time(others) * pl.w.CPUPerStatement
	placements.p = float64(pl.w.ReferenceInsertFraction)
	return call.pruned(), placements.pruned()
}

// referenceCommit is a reference-table write's commit, two-phase over every
// worker (on one worker, its commit alone), as its mean and variance: all
// the lock's hold needs; its mean alone while the ceiling is searched.
func (pl *plan) referenceCommit(st *state, single path) step {
	all := pl.workers()
	switch {
	case all < 2:
		return momentStep("commit", float64(single.mean()), single.variance())
	case !pl.final:
		return delay("commit", pl.twoPhaseMean(st, all))
	}
	m, v := pl.twoPhaseMoments(st, all)
	return momentStep("commit", m, v)
}

// harmonic is H_n, the mean of the largest of n i.i.d. exponentials in
// units of one's mean.
func harmonic(n int) float64 { return queue.OrderStatisticMean(n, n, 1) }

// shardedCommit is the commit step of a sharded write: a multi-node write
// (multi_node_write_fraction) pays two-phase commit over two workers, a
// reference-table write (reference_write_fraction) over all W (on one
// worker its commit alone), the rest commit on their worker (single). A
// reference-table write's own steps before it (reference, given that the
// write is one: the first worker's lock call, its placements, the lock's
// wait) are part of its branch, so that its percentiles see them together.
func (pl *plan) shardedCommit(st *state, single, reference path) step {
	fm, _ := pl.twoPhaseShares()
	fr := float64(pl.w.ReferenceWriteFraction)
	fs, all := math.Max(0, 1-fm-fr), pl.workers()
	switch {
	case !pl.final:
		ref := pl.referenceCommit(st, single).avg()
		return delay("commit", Time(fm)*(pl.twoPhaseMean(st, 2)+pl.secondBegin().avg())+Time(fr)*(ref+reference.mean())+Time(fs)*single.mean())
	case !pl.distributions():
		// The mean and variance of the mixture below, which is all a
		// lock's hold needs: the branches' follow the law of total
		// variance.
		var mean, second float64 // E[X], E[X²] over the branches
		branch := func(p, m, v float64) { mean += p * m; second += p * (v + m*m) }
		if fm > 0 {
			m, v := pl.twoPhaseMoments(st, 2)
			begin := pl.secondBegin()
			branch(fm, m+float64(begin.avg()), v+begin.variance())
		}
		if fr > 0 {
			c := pl.referenceCommit(st, single)
			branch(fr, float64(c.avg()+reference.mean()), c.variance()+reference.variance())
		}
		branch(fs, float64(single.mean()), single.variance())
		return momentStep("commit", mean, math.Max(0, second-mean*mean))
	}
	var ws [3]float64
	var ms [3]dist.Mixture
	n := 0
	for _, b := range []struct {
		p      float64
		commit func() dist.Mixture
	}{
		{fm, func() dist.Mixture {
			begin := pl.secondBegin().mixture()
			return pl.twoPhaseCommit(st, 2).Plus(begin)
		}},
		{fr, func() dist.Mixture {
			m := single.distribution()
			if all > 1 {
				m = pl.twoPhaseCommit(st, all)
			}
			return m.Plus(reference.distribution())
		}},
		{fs, single.distribution},
	} {
		if b.p > 0 {
			ws[n], ms[n] = b.p, b.commit()
			n++
		}
	}
	m := dist.Weighted(ws[:n], ms[:n])
	return step{name: "commit", p: 1, fixed: &m}
}

// forkJoin is a multi-shard query's wait for its slowest worker (MODEL.md
// §3): each worker runs its S/W shard tasks over up to 16 connections; the
// query waits for the maximum over W workers, P(max ≤ t) = F(t)^W. While
// the ceiling is searched the maximum's mean is the shift plus H_W times
// the exponential part's mean (exact for an exponential; Nelson–Tantawi).
func (pl *plan) forkJoin(task step) step {
	w := pl.scanParts()
	if w == 1 {
		return task
	}
	if !pl.final {
		return delay("fork_join", task.shift+Time(harmonic(w))*(task.mean+Time(task.pWait)*task.wait))
	}
	m := dist.MaxOf(task.mixture(), w)
	return step{name: "fork_join", p: 1, fixed: &m}
}

// taskCPU is the busiest worker's CPU for a multi-shard query, which the
// fork-join waits for: its slice of the scan plus a fixed cost per shard
// task (⌈S/W⌉ of them), spread over the connections it
// opens (at most 16, at most one per task, at most its cores) as slow
// start opens them (slowStart).
func (pl *plan) taskCPU() (total, elapsed Time) {
	total = pl.scanCPU() + Time(pl.shardsPerWorker())*taskOverhead
	return total, slowStart(total, pl.taskConnections())
}

// taskConnections is how many connections a worker's shard tasks may use:
// at most 16, one per task, one per core.
func (pl *plan) taskConnections() float64 {
	return math.Max(1, math.Min(math.Min(pl.shardsPerWorker(), maxConnectionsPerWorker), float64(pl.p.Node.VCPUs)))
}

// slowStart is the time a worker takes for work of the given CPU over the
// connections the adaptive executor opens (at most par): one at once, 2
// more after the first interval, 3 after the second, … so that short
// tasks run one after another on one connection (review of 2026-11-26:
// eight 1.1 ms tasks were taken to run in parallel from the start, 1.1 ms
// instead of 8.8). A fluid: the connections share the work as it
// remains; their setup time is left out.
func slowStart(total Time, par float64) Time {
	var t Time
	for conns, more := 1.0, 2.0; ; conns, more = conns+more, more+1 {
		c := Time(math.Min(conns, par))
		if float64(c) >= par || c*slowStartInterval >= total {
			return t + total/c
		}
		total -= c * slowStartInterval
		t += slowStartInterval
	}
}
