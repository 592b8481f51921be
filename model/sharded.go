package model

import (
	"math"

	"github.com/pgarch/pgarch/model/dist"
)

// Citus constants (assumptions, U, to be calibrated with a Citus cluster).
const (
	// coordinatorCPUPerStatement is the coordinator's CPU to plan and route
	// one router statement to its shard (distributed planning on top of
	// PostgreSQL's; Citus' fast-path router planner).
	coordinatorCPUPerStatement = 0.05 * Millisecond
	// taskOverhead is the CPU of one shard task of a multi-shard query
	// beyond its data (query deparse, connection, executor start, result
	// transfer), on the worker and, for the merge, on the coordinator.
	taskOverhead = 0.5 * Millisecond
	// maxConnectionsPerWorker is citus.max_adaptive_executor_pool_size's
	// default: a multi-shard query opens at most 16 connections per worker.
	maxConnectionsPerWorker = 16
)

// workers is the number of data partitions: a sharded cluster's workers, 1
// otherwise.
func (pl *plan) workers() int {
	if pl.a.ID == Sharded {
		return max(1, pl.a.Workers)
	}
	return 1
}

// partitions is how many ways the data is split over the nodes that hold
// it: a sharded cluster's W workers; distributed SQL's N nodes with RF
// copies of each range (each node holds RF/N of the data); 1 otherwise.
func (pl *plan) partitions() float64 {
	switch pl.a.ID {
	case Sharded:
		return float64(pl.workers())
	case DistributedSQL:
		return 1 / pl.rangeCopies()
	}
	return 1
}

// shares are the fractions of the offered reads and writes that one
// primary node (a worker, an active-active node, the primary) carries. A
// multi-node write of a sharded cluster runs on two workers (MODEL.md §5).
func (pl *plan) shares() (reads, writes float64) {
	switch {
	case pl.a.ID == ActiveActive:
		return pl.nodeShare, pl.nodeShare
	case pl.a.ID == Sharded:
		w := float64(pl.workers())
		return 1 / w, (1 + float64(pl.w.MultiNodeWriteFraction)) / w
	case pl.a.ID == DistributedSQL:
		// Leaseholders spread evenly; every write lands on RF replicas.
		return 1 / float64(max(pl.a.Nodes, pl.a.ReplicationFactor)), pl.rangeCopies()
	}
	return 1, 1
}

// coordinates reports whether a Citus coordinator stands in front of the
// workers: every statement goes through it unless clients query any node.
func (pl *plan) coordinates() bool { return pl.a.ID == Sharded && !pl.a.QueryFromAnyNode }

// coordinator is the Citus coordinator's CPU: every statement is planned
// and routed there, and every multi-shard query's tasks are merged there.
// With "query from any node" the workers do this work instead.
func (pl *plan) coordinatorLoad(st *state) float64 {
	w := pl.w
	statements := float64(st.reads) + float64(st.writes)*float64(w.StatementsPerTxn) + float64(st.analytical)
	merge := float64(st.analytical) * float64(pl.a.Shards) * float64(taskOverhead) / 2
	return statements*float64(coordinatorCPUPerStatement) + merge
}

// hop is the coordinator-to-worker round trip of a statement; with query
// from any node the receiving worker owns the shard with probability 1/W.
func (pl *plan) hop() step {
	s := delay("coordinator_hop", pl.p.RTT.SameZone)
	if pl.a.QueryFromAnyNode {
		s.p = 1 - 1/float64(pl.workers())
	}
	return s
}

// twoPhaseCommit is a multi-node write's commit (MODEL.md §5; Citus uses
// PostgreSQL's PREPARE TRANSACTION / COMMIT PREPARED): PREPARE on both
// workers (a round trip and a flush each, in parallel: the slower one),
// the coordinator's commit record flush, then COMMIT PREPARED (again a
// round trip and the slower of two flushes). The participants' row locks
// are held throughout.
func (pl *plan) twoPhaseCommit(st *state) dist.Mixture {
	both := pl.slowerFlush(st)
	rtt := dist.Atom(float64(pl.p.RTT.SameZone))
	coord := st.coordFlush.commitStep("").mixture()
	both.Add(&both) // the two phases' maxima are i.i.d.: a square
	return rtt.Plus(rtt).Plus(coord).Plus(both)
}

// slowerFlush is the slower of two workers' flushes, P(max ≤ t) = F(t)².
func (pl *plan) slowerFlush(st *state) dist.Mixture {
	return dist.MaxOf(st.flush.commitStep("").mixture(), 2)
}

// twoPhaseMean is twoPhaseCommit's mean, for the ceiling search: two round
// trips, twice the mean of the slower of two exponential flushes (3/2 of
// one: H₂), and the coordinator's flush.
func (pl *plan) twoPhaseMean(st *state) Time {
	one := st.flush.commitStep("").avg()
	return 2*pl.p.RTT.SameZone + 2*1.5*one + st.coordFlush.commitStep("").avg()
}

// shardedCommit is the commit step of a sharded write: a multi-node write
// (multi_node_write_fraction) pays two-phase commit, the rest commit on
// their worker.
func (pl *plan) shardedCommit(st *state, single path) step {
	f := float64(pl.w.MultiNodeWriteFraction)
	switch {
	case !pl.final:
		return delay("commit", Time(f)*pl.twoPhaseMean(st)+Time(1-f)*single.mean())
	case !pl.distributions():
		// The mean and variance of the mixture below, which is all a
		// lock's hold needs: means and variances of independent parts add,
		// and the branch's follow the law of total variance.
		both, coord := pl.slowerFlush(st), st.coordFlush.commitStep("")
		m2 := float64(2*pl.p.RTT.SameZone+coord.avg()) + 2*both.Mean()
		v2 := coord.variance() + 2*both.Variance()
		m1, v1 := float64(single.mean()), single.variance()
		mean := f*m2 + (1-f)*m1
		v := f*(v2+m2*m2) + (1-f)*(v1+m1*m1) - mean*mean
		if mean == 0 {
			return delay("commit", 0)
		}
		return step{name: "commit", p: 1, mean: Time(mean), cv2: math.Max(0, v) / (mean * mean)}
	}
	m := dist.Branch(f, pl.twoPhaseCommit(st), single.distribution())
	return step{name: "commit", p: 1, fixed: &m}
}

// forkJoin is a multi-shard query's wait for its slowest worker (MODEL.md
// §3): each worker runs its S/W shard tasks over up to 16 connections; the
// query waits for the maximum over W workers, P(max ≤ t) = F(t)^W. While
// the ceiling is searched the maximum's mean is the shift plus H_W times
// the exponential part's mean (exact for an exponential; Nelson–Tantawi).
func (pl *plan) forkJoin(task step) step {
	w := pl.workers()
	if w == 1 {
		return task
	}
	if !pl.final {
		h := 0.0
		for i := 1; i <= w; i++ {
			h += 1 / float64(i)
		}
		return delay("fork_join", task.shift+Time(h)*(task.mean+Time(task.pWait)*task.wait))
	}
	m := dist.MaxOf(task.mixture(), w)
	return step{name: "fork_join", p: 1, fixed: &m}
}

// taskCPU is one worker's CPU for a multi-shard query: its slice of the
// scan plus a fixed cost per shard task, spread over the connections it
// opens (at most 16, at most one per task, at most its cores).
func (pl *plan) taskCPU() (total, elapsed Time) {
	tasks := float64(pl.a.Shards) / float64(pl.workers())
	total = pl.scanCPU() + Time(tasks)*taskOverhead
	par := math.Max(1, math.Min(math.Min(tasks, maxConnectionsPerWorker), float64(pl.p.Node.VCPUs)))
	return total, total / Time(par)
}
