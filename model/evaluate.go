package model

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/pgarch/pgarch/model/dist"
	"github.com/pgarch/pgarch/model/queue"
)

// Evaluate models architecture a under workload w on platform p. It returns
// an error only for parameters outside their domain (*ParamError);
// saturation is a result.
func (a Architecture) Evaluate(w Workload, p Profile, r Requirements) (Result, error) {
	return a.EvaluateContext(context.Background(), w, p, r)
}

// EvaluateContext is Evaluate stopped when ctx is done: it then returns
// ctx's error (a server bounds a request's work by a deadline: ADR 0010).
func (a Architecture) EvaluateContext(ctx context.Context, w Workload, p Profile, r Requirements) (res Result, err error) {
	defer func() {
		if v := recover(); v != nil {
			s, ok := v.(stopped)
			if !ok {
				panic(v)
			}
			res, err = Result{}, s.err
		}
	}()
	return a.evaluate(ctx, w, p, r)
}

// stopped is what a solve panics with when its evaluation's context is
// done (solveWith), and EvaluateContext recovers: the searches, sizings
// and fixed points above a solve have no other way out.
type stopped struct{ err error }

// evaluate is EvaluateContext's work, which a done context stops.
func (a Architecture) evaluate(ctx context.Context, w Workload, p Profile, r Requirements) (Result, error) {
	if err := w.Validate(); err != nil {
		return Result{}, err
	}
	switch {
	case a.OnNeon(p) && a.VCPUs > neonMaxCU:
		return Result{}, &ParamError{Field: "vcpus", Err: ErrOutOfRange,
			Detail: fmt.Sprintf("%d compute units, above Neon's largest compute's %d", a.VCPUs, neonMaxCU)}
	case a.VCPUs != 0 && a.VCPUs != p.Node.VCPUs && !a.OnNeon(p):
		return Result{}, &ParamError{Field: "vcpus", Err: ErrOutOfRange,
			Detail: fmt.Sprintf("%d, where the profile's node has %d: give the option its own size's profile", a.VCPUs, p.Node.VCPUs)}
	}
	if a.VolumeIOPS != 0 && Rate(a.VolumeIOPS) != p.Network.IOPS {
		return Result{}, &ParamError{Field: "volume_iops", Err: ErrOutOfRange,
			Detail: fmt.Sprintf("%d, where the profile's volumes have %.0f: give the option its own volumes' profile", a.VolumeIOPS, float64(p.Network.IOPS))}
	}
	if a.VolumeBandwidth != 0 && a.VolumeBandwidth != p.Network.Bandwidth {
		return Result{}, &ParamError{Field: "volume_mb_per_sec", Err: ErrOutOfRange,
			Detail: fmt.Sprintf("%g, where the profile's volumes have %g MB/s: give the option its own volumes' profile", float64(a.VolumeBandwidth/MBPerSecond), float64(p.Network.Bandwidth/MBPerSecond))}
	}
	if err := r.Validate(); err != nil {
		return Result{}, err
	}
	if len(a.Regions) > 1 {
		// One node per region, across regions.
		switch a.ID {
		case ActiveActive:
			a.Nodes = max(a.Nodes, len(a.Regions))
			a.NodePlacement = CrossRegion
		case DistributedSQL:
			a.NodePlacement = CrossRegion
		case ReadReplicas:
			// The replicas serve the regions after the primary's.
			if a.ReplicaPlacement == "" {
				a.ReplicaPlacement = CrossRegion
			}
		}
	}
	if a.ID == DBMSOptimizedStorage && !p.offersAurora() {
		switch a.Variant {
		case "":
			a.Variant = Neon // the variant the profile's cloud offers
		case Aurora:
			return Result{}, &ParamError{Field: "variant", Err: ErrOutOfRange, Detail: "aurora is not offered on this profile (storage_node_usd_per_hour 0: Aurora is an AWS service); use neon"}
		}
	}
	if a.ID == Sharded && a.Shards == 0 && a.Workers > defaultShards {
		// More workers than the default's shards: one each, or two for each
		// of the others where the largest tenant has a worker of its own,
		// as a sizing gives them.
		a.Shards = shardsFor(defaultShards, a.Workers, float64(w.LargestTenantFraction))
	}
	a, err := a.withDefaults()
	if err != nil {
		return Result{}, err
	}
	if err := validateRegions(w, a, p); err != nil {
		return Result{}, err
	}
	pl := newPlan(ctx, w, p, a, r)
	defer func() { pl.release() }() // pl may be replaced by a sized plan
	res := Result{Sizing: Sizing{TargetUtilization: r.TargetUtilization}}
	var grow func(*Architecture, int) // sets an auto-sized count of workers or nodes
	switch a.ID {
	case ReadReplicas:
		pl.sizeReplicas(&res.Sizing)
		a.Replicas = pl.replicas
	case DBMSOptimizedStorage:
		if a.Replicas == 0 && !a.Sized && pl.sizeReaders(&res.Sizing) {
			a.Replicas = pl.replicas
		}
	case Sharded:
		if a.Workers == 0 {
			res.Sizing.AutoSized = true
			// At least two workers: one worker is a coordinator in front of a
			// single node, not sharding; and enough that the data fits.
			pl.release()
			tenant := float64(w.LargestTenantFraction)
			disk := diskWorkers(a, diskNodes(w, p, a, 1), tenant)
			shards := a.Shards
			grow = func(a *Architecture, n int) { a.Workers, a.Shards = n, shardsFor(shards, n, tenant) }
			a, res.Sizing.WorkersRequired, pl = sizeCount(ctx, w, p, a, r, atLeast(2, disk), grow)
			if disk > res.Sizing.WorkersRequired {
				res.Sizing.WorkersRequired, res.Sizing.ByDisk = disk, true
			}
		}
		res.Sizing.Workers, res.Sizing.Shards = a.Workers, a.Shards
	case DistributedSQL:
		if a.Nodes == 0 {
			res.Sizing.AutoSized = true
			pl.release()
			disk := diskRing(a, diskNodes(w, p, a, float64(a.ReplicationFactor))) // every range on RF nodes
			grow = func(a *Architecture, n int) { a.Nodes = n }
			a, res.Sizing.NodesRequired, pl = sizeCount(ctx, w, p, a, r, atLeast(a.ReplicationFactor, disk), grow)
			if disk > res.Sizing.NodesRequired {
				res.Sizing.NodesRequired, res.Sizing.ByDisk = disk, true
			}
		}
		res.Sizing.Nodes = a.Nodes
	}
	scale, bottleneck := pl.ceiling()
	if pl.amplePool { // sized: now the workload's own pool
		pl.release()
		pl = newPlan(ctx, w, p, a, r)
		scale, bottleneck = pl.ceiling()
	}
	if grow != nil && !nodesSuffice(a, pl, scale, bottleneck) {
		a, pl, scale, bottleneck = moreNodes(w, p, a, r, pl, grow)
		if a.ID == Sharded {
			res.Sizing.Workers, res.Sizing.Shards, res.Sizing.WorkersRequired = a.Workers, a.Shards, float64(a.Workers)
		} else {
			res.Sizing.Nodes, res.Sizing.NodesRequired = a.Nodes, float64(a.Nodes)
		}
	}
	res.Architecture, res.NodeVCPUs = a, pl.p.Node.VCPUs // a Neon compute's own (neonCompute)
	if a.Storage == NetworkStorage {
		res.VolumeIOPS, res.VolumeBandwidth = p.Network.IOPS, p.Network.Bandwidth
	}
	res.Architecture.Sized = true
	var st, atLoad state
	if w.closed() {
		scale, bottleneck, st, atLoad = pl.closedSolve(scale, bottleneck)
	} else {
		pl.final = true
		if pl.searchApproximates() && !math.IsInf(scale, 1) && pl.saturatedAt(scale) {
			// The search's means (quorums, two-phase commit, fork-join)
			// put the ceiling a little above the exact order statistics'
			// (a row lock held through them binds there): search again,
			// exactly, so that the scale it reports is unsaturated.
			scale, bottleneck = pl.exactCeiling()
		}
		if pl.atOne != nil {
			st = *pl.atOne
		} else {
			st = pl.solve(1)
		}
		if st.full() == (scale >= 1) {
			// The search's quorum means disagree with the exact order
			// statistic right at the ceiling: search again, exactly.
			scale, bottleneck = pl.exactCeiling()
			st = pl.solve(1)
		}
		atLoad = st
		if st.saturated {
			// Saturated where requests wait: they are served up to their
			// own ceiling, which a copy that falls behind first does not
			// lower (carried, and the saturation's warning).
			pl.served, pl.servedBy = pl.requestCeiling(scale, bottleneck, &st)
		}
	}
	res.MaxThroughputScale, pl.searched = scale, scale
	if w.closed() {
		// Headroom over the throughput the clients achieve, not over the
		// rates that only give the mix; at least 1, as the clients cannot
		// outrun a ceiling they wait at, which the search finds to within
		// ceilingTol (review of 2026-11-28: 0.996 at 126 clients). A copy
		// that falls behind they do outrun: its share of their load (review
		// of 2026-11-28: "apply keeps up with 100% of the load its clients
		// reach" at 2.39 times its capacity).
		if x := float64(st.reads + st.writes + st.analytical); x > 0 {
			res.MaxThroughputScale = scale * pl.offeredRate() / x
			if !st.behind {
				res.MaxThroughputScale = math.Max(1, res.MaxThroughputScale)
			}
		}
	}
	// What binds as the load grows, the headroom's constraint, not the
	// station the offered load finds fullest (review of 2026-11-28: "cpu
	// cannot carry the offered load (11 % of it at most)" where ten hot
	// rows held it at 11 %, named "sessions" at 750 writes/s and "row_lock"
	// at 3,000).
	res.Bottleneck = bottleneck
	res.Saturated, res.FallsBehind = st.full(), st.behind && !st.saturated
	if res.FallsBehind {
		res.Bottleneck = st.lagging
	}
	pl.fill(&res, st, atLoad)
	return res, nil
}

// closedSolve is a closed load's solution from the ceiling the search
// found: the time-average state at the clients' throughput and the state
// an arrival sees (closedLoad), solved again, with the ceiling, where
// PgBouncer keeps fewer server connections than the pool allows (their
// memory is the cache's: poolerOpened). Evaluate and the simulated
// network (closedNetwork) share it.
func (pl *plan) closedSolve(scale float64, bottleneck string) (float64, string, state, state) {
	atX, seen, bottleneck := pl.closedLoad(scale, bottleneck)
	if open := pl.poolerOpened(atX); open < pl.backends() {
		pl.opened = open
		pl.cache()
		scale, bottleneck = pl.ceiling()
		atX, seen, bottleneck = pl.closedLoad(scale, bottleneck)
	}
	return scale, bottleneck, atX, seen
}

// ceiling finds the largest scale of the offered mix at which no station
// saturates (MODEL.md §1.5) and the constraint that binds there: a scale
// whose solve is unsaturated, within a relative 10⁻³ of one whose solve
// saturates, and that solve's bottleneck. How the search estimates each
// constraint's root is in ceiling.go.
func (pl *plan) ceiling() (float64, string) {
	pl.shown = !pl.searchApproximates() && !pl.w.closed()
	st := pl.solve(1)
	pl.shown, pl.inUseAtOne = false, st.sessionsInUse()
	if !pl.searchApproximates() {
		pl.atOne = pl.keep(st)
	}
	c := ceilingSearch{pl: pl, hi: math.Inf(1), binding: st.bottleneck} // zero load is unsaturated
	c.add(1, &st)
	ok := c.run()
	pl.lagged = c.lagged
	if !ok {
		return math.Inf(1), c.binding
	}
	return c.lo, c.named()
}

// named is the search's binding as reported: where sessions bind or replay
// falls behind at a nearly full station, that station.
func (c *ceilingSearch) named() string {
	binding := c.binding
	lock := ""
	if binding == "sessions" || binding == "coordinator_sessions" { // a replica's reads take no row lock
		lock = c.heldByLock()
	}
	switch {
	case lock != "":
		// A nearly full lock, fuller than every station, holds the
		// sessions (review of 2026-11-28: "iops" named at 0.974 where
		// twice the IOPS left the ceiling as it was, set by twenty hot
		// rows at 0.9735).
		binding = lock
	case strings.HasSuffix(binding, "sessions") && c.busyU >= 0.9:
		// Sessions run out where queues grow: if a station is nearly full
		// at the ceiling, it is what holds the sessions, so name it.
		binding = c.busy
	case binding == "replay" && c.busy == "replica_cpu" && c.busyU >= starvedCPU:
		// The startup process shares the replica's cores with its
		// queries: a replay that falls behind on a nearly full CPU is
		// starved by the queries, which another replica relieves (review:
		// "replay" named at a replay utilisation of 0.16).
		binding = c.busy
	}
	return binding
}

// heldByLock returns the lock that holds the sessions at the ceiling, the
// row lock or the reference table's: nearly full (ρ ≥ 0.9) at the
// search's largest unsaturated solve and fuller there than every station
// the primary's requests wait at, by the load the search takes for each
// (a device's without the commit flushes, which batch as it fills: loads);
// "" if none. A lock is one server per row, so at the same ρ its queue is
// the longer.
func (c *ceilingSearch) heldByLock() string {
	busiest := 0.0
	for i := range c.stations {
		if c.waited[i] && !c.replica[i] && c.atLo[i] > busiest {
			busiest = c.atLo[i]
		}
	}
	for _, l := range [...]struct {
		i    int
		name string
	}{{c.lock(), "row_lock"}, {c.referenceLock(), "reference_lock"}} {
		if u := c.atLo[l.i]; u >= 0.9 && u >= busiest {
			return l.name
		}
	}
	return ""
}

// requestCeiling returns the ceiling of the requests alone, given the
// ceiling search's scale and binding and the solve st at the offered
// load, which saturates a station requests wait at. Where a copy's
// replay, apply or decoding closed the search below that, the requests
// are still served up to their own ceiling, past which they queue, and
// the copy falls behind there (review of 2026-11-28: an ingest at 90,000
// writes/s, past the primary's CPU at 72,000, reported its standby's lag
// at the replay's 17,900, where it just keeps up: 176 ms and a 40 s
// failover, where 60,000 writes/s reported both unbounded).
func (pl *plan) requestCeiling(scale float64, binding string, st *state) (float64, string) {
	if !pl.lagged || math.IsInf(scale, 1) {
		return scale, binding
	}
	c := ceilingSearch{pl: pl, lo: scale, hi: math.Inf(1), requests: true}
	c.add(1, st)
	c.run()
	return c.lo, c.named()
}

// exactCeiling is ceiling with exact order statistics (a final plan),
// whose solves only decide saturation: means only.
func (pl *plan) exactCeiling() (float64, string) {
	pl.meansOnly = true
	defer func() { pl.meansOnly = false }()
	return pl.ceiling()
}

// keep returns the state with its paths copied out of the solve arena, so
// that they outlive later solves, into the plan's kept buffers.
func (pl *plan) keep(st state) *state {
	kept := arena{steps: pl.keptStep[:0], groups: pl.keptGrp[:0]}
	for _, p := range [...]*path{&st.read, &st.replicaRead, &st.write, &st.scan} {
		*p = kept.copyPath(*p)
	}
	st.legs = nil
	pl.keptBuf = st
	return &pl.keptBuf
}

// saturatedAt reports whether the exact solve at scale s saturates.
func (pl *plan) saturatedAt(s float64) bool {
	pl.meansOnly = true
	defer func() { pl.meansOnly = false }()
	return pl.solve(s).full()
}

// searchApproximates reports whether the ceiling search uses means where
// the reported state has distributions: order statistics of quorums and
// consensus rounds, two-phase commit, fork-join.
func (pl *plan) searchApproximates() bool {
	a := pl.a
	legs := len(a.Standbys)
	if a.Quorum == First {
		legs = min(legs, a.QuorumCount)
	}
	return a.Storage == DisaggregatedStorage || a.ID == Sharded || a.ID == DistributedSQL ||
		a.waitsForStandby() && legs > 1
}

// closedLoad solves a closed load of N clients with think time Z (MODEL.md
// §2.4b) by approximate mean value analysis: by the arrival theorem a
// request finds the system as it is with N−1 clients, so each station's
// residence time is its open-model sojourn at the load X·(N−1)/N, and
//
//	X = N / (Z + R(X·(N−1)/N))
//
// For single-server FCFS centres this is exactly Schweitzer's approximation
// (R = D/(1 − X·D·(N−1)/N)); at N = 1 it is exact (X = 1/(Z + R₀)). Multi-
// server, lock and session stations keep their own open-model sojourns. X is
// found by bisection below the open ceiling, or past it when what binds
// there (binding) is a copy's replay, apply or decoding, which only falls
// behind (Architecture.HoldsRequests). It returns the state
// at the throughput (utilisations) and at the arrival-theorem load
// (latencies), and the station the clients queue in front of.
//
// That is the search's binding, where the open load saturates first,
// unless another station is busier at X: the clients queue where the
// closed load is busiest. Five hot rows at 0.88 against a CPU at 0.74
// hold them at the rows, which reads never take, though the search named
// the CPU, saturated at the same scale by the rows' hand-overs (review of
// 2026-11-28: the search's cpu below 178 clients charged every read a CPU
// queue, 11 % above a simulation's read mean, and the read p99 fell 12 %
// where the search turned row_lock at 178). Where the CPU is the busier
// at X (ten hot rows behind 20,000 reads a second, K16) it stays.
func (pl *plan) closedLoad(ceiling float64, binding string) (atX, seen state, at string) {
	// The clients' finite shapes are the final distributions' (seen), not
	// the search's nor any later solve's.
	pl.closedClients = true
	defer func() { pl.finite, pl.closedClients, pl.clientRate = finiteShapes{}, false, 0 }()
	x, atX := pl.closedThroughput(ceiling, binding)
	atX = *pl.keep(atX)
	if busiest, top := atX.busiest(pl); top > atX.load(pl, binding) {
		binding = busiest
	}
	pl.meansOnly = false
	pl.finite = pl.finiteWaits(atX)
	short, seen := pl.excess(x)
	q := pl.frontQueue(x, short, binding, atX, seen)
	if frontSteps(q.at) != nil && q.held > 0 && seen.lockRho > 0 {
		atX, seen, q = pl.queueInHolds(x, binding, atX, seen, q)
	}
	pl.queuedSessions(x, q, &atX, seen)
	if q.queued > 0 {
		pl.queueWaits(x, q, atX, &seen)
	}
	return atX, seen, binding
}

// frontWait is the wait a closed load's clients queued in front of a
// station (at: the primary's CPU, a Citus coordinator's, the primary's
// device) add to each of its jobs: perSecond a second a job spends at the
// station's steps (frontSteps), the same for every class, as queueShares
// splits the queue. handOver is the hand-overs' cores its solves are held
// to.
type frontWait struct {
	at                  string
	perSecond, handOver float64
}

// cpuSteps are the steps at a node's CPU: a statement's, a hot UPDATE's
// after it takes the row, distributed SQL's KV work, and a distributed
// scan's, its fork-join.
var cpuSteps = []string{"cpu", "locked_work", "kv_cpu", "fork_join"}

// frontSteps are the steps at the station a closed load's clients queue
// in front of, by its name (nil: none the queue is split by).
func frontSteps(at string) []string {
	switch at {
	case "cpu":
		return cpuSteps
	case "coordinator_cpu":
		return []string{"coordinator_cpu"}
	case "iops":
		// The device's visitors: page reads that miss the caches and WAL
		// flushes.
		return []string{"page_reads", "wal_flush", "standby_flush"}
	}
	return nil
}

// frontShape is the squared coefficient of variation of the wait in front
// of the station at: at the primary's CPU its wait's under the closed load
// (finiteWaits), elsewhere the open station's exponential.
func (pl *plan) frontShape(at string) float64 {
	if at == "cpu" && pl.finite.cpu.cv2 > 0 {
		return pl.finite.cpu.cv2
	}
	return 1
}

// transactionShape is the squared coefficient of variation of a write
// transaction's wait at the primary's cores, from one job's (shape): its
// statements wait once each, their waits correlated as plan.statements
// takes them, so the sum of n has cv² shape·(1 + (n − 1)·r)/n. The queue
// in front of a closed load's cores is the same waiting, which the MVA
// splits between the statements' waits and that queue in proportions
// that move with the clients; with the sum's shape the split leaves the
// tail where it is (with one job's, behind PgBouncer, the write p99 fell
// from 22.9 to 21.1 ms as the clients grew from 124 to 289, one
// exponential wait moving into five: TestPooledPercentilesGrowWithTheClients).
func (pl *plan) transactionShape(atX state, shape float64) float64 {
	n := float64(pl.w.StatementsPerTxn)
	if n <= 1 {
		return shape
	}
	c := atX.primary.cpu
	c.closed = pl.finite.cpu
	r := c.correlation(pl.statementGap(Time(float64(pl.w.CPUPerStatement) * c.factor)))
	return shape * (1 + (n-1)*r) / n
}

// queueInHolds spreads the clients q queued in front of a station (the
// primary's CPU or device, a Citus coordinator's CPU), at the throughput
// x, over the station's jobs, those inside the hot rows' holds too, and
// returns the states at x and at the arrival theorem's load, and the
// queue, where the rows' queues have grown by what that slows the holds.
//
// Each client queued there waits u a second its request spends at the
// station's steps (queueShares): u = H/T, H the clients queued holding
// sessions, T those at the station's steps. A hold that runs t there runs
// u·t longer, the rows' waits grow, and the clients they take leave the
// station's queue: u is the root of H(u)/T(u) = u, whose left side falls
// as u grows, found by bisection (a solve the slower holds saturate asks
// for less). The rows' waiters this adds do not add to the hand-overs'
// CPU (plan.rowLock): a simulation's chain of wake-ups shares the cores
// with the queued clients (docs/simulation.md, K16).
//
// Review of 2026-11-27, K16: with ten hot rows on gp3, no think time and
// 150 clients, the queue at the CPU alone put the write mean at −41 % of a
// simulation's and the read's p99 at +132 %; hot-standby's ten rows under
// 500 clients, its reads' mean at +1900 %.
func (pl *plan) queueInHolds(x float64, binding string, atX, seen state, q frontQueue) (state, state, frontQueue) {
	names := frontSteps(q.at)
	// perSecond returns H/T at the state seen with its queue q.
	perSecond := func(seen state, q frontQueue) float64 {
		return q.held / x * pl.queueShares(atX, seen, q.at)[2] / float64(seen.write.timeAt(names...))
	}
	// gap returns, at u, the state seen and its queue, and H/T − u.
	gap := func(u float64) (state, frontQueue, float64) {
		pl.front.perSecond = u
		short, seen := pl.excess(x)
		q := pl.frontQueue(x, short, binding, atX, seen)
		if h := perSecond(seen, q); !seen.saturated && q.at == pl.front.at && h >= 0 {
			return seen, q, h - u
		}
		return seen, q, -1
	}
	defer func() { pl.front, pl.meansOnly = frontWait{}, false }()
	pl.front = frontWait{at: q.at, handOver: seen.handOver}
	pl.meansOnly = true // the search reads means only
	lo, hi := 0.0, perSecond(seen, q)
	for hi-lo > 1e-3*hi {
		mid := (lo + hi) / 2
		if _, _, d := gap(mid); d > 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	pl.front.perSecond, pl.meansOnly = lo, false
	if st := pl.solve(x / pl.offeredRate()); !st.saturated {
		atX = *pl.keep(st) // the rows' utilisation with the slower holds
	}
	seen, q, _ = gap(lo)
	// The clients queued at the rows are out of a CPU's round: the queue
	// in front of it is fed by the others, and holds its own (review of
	// 2026-11-27: with ten hot rows and 200 clients, a read's p99 +69 %
	// of a simulation's, and +117 % behind a Citus coordinator, where the
	// read's wait there is nearly constant, p99 1.1 times its mean).
	c, sources := atX.primary.cpu, pl.inSessions() // behind PgBouncer only the sessions reach the cores
	if q.at == "coordinator_cpu" {
		c, sources = atX.coord, float64(pl.w.Clients)
	}
	if q.at != "iops" {
		q.shape = finiteShape(c.cores, c.load, c.load*c.factor+q.held*q.share, sources-float64(pl.w.HotRows)*seen.lockHeld)
	}
	return atX, seen, q
}

// excess returns X·(Z + R) − N for a closed load's N clients at the
// throughput X = x, R the mean response at the arrival theorem's load
// X·(N−1)/N (positive: more than the clients can bring), and the state
// there; +Inf where that load saturates. One client finds the system
// empty, but its requests still go where the mix sends them (a read to a
// replica) and keep a Neon compute awake: its load is a vanishing share
// of X, which routes them and queues nothing, and a compute's
// suspension is taken at X (review of 2026-11-28: one client's reads were
// put on the primary's path, and every request of it paid a cold start).
func (pl *plan) excess(x float64) (float64, state) {
	n, z := float64(pl.w.Clients), float64(pl.w.ThinkTime)
	pl.clientRate = x
	st := pl.solve(x * math.Max((n-1)/n, oneClient) / pl.offeredRate())
	if st.saturated {
		return math.Inf(1), st
	}
	return x*(z+float64(pl.meanResponse(st))) - n, st
}

// oneClient is the share of the throughput the arrival theorem's load is
// taken at for one client (excess): small enough that nothing queues.
const oneClient = 1e-9

// offeredRate is the workload's requests per second, every class.
func (pl *plan) offeredRate() float64 {
	return float64(pl.w.ReadRate + pl.w.WriteRate + pl.w.AnalyticalRate)
}

// closedThroughput returns a closed load's throughput X (requests a
// second) and the time-average state there, its paths still in the
// arena.
func (pl *plan) closedThroughput(ceiling float64, binding string) (float64, state) {
	n := float64(pl.w.Clients)
	arrival := (n - 1) / n
	offered := pl.offeredRate()
	lo, hi := 0.0, ceiling*offered
	if math.IsInf(hi, 1) {
		hi = 3 * MaxRate // every class at its most
	}
	// A replay (below remote_apply), an apply or a decoding that falls
	// behind holds no client up: past that ceiling the clients push on until a station
	// they wait at saturates (review, 2026-11-26: a hot standby under on
	// was held to its replay's rate, as under remote_apply; active-active
	// to its apply's).
	// Nor do sessions the clients cannot exhaust, one each, which the
	// ceiling's solves keep (plan.closedClients).
	beyond := !pl.a.HoldsRequests(binding)
	for (beyond || pl.ownSessions()) && hi > 0 && hi < 3*MaxRate {
		// The ceiling is unsaturated, within ceilingTol of what binds.
		if st := pl.solve(hi * (1 + 2*ceilingTol) / offered); st.saturated || !pl.ownSessions() && !st.behind {
			break
		}
		hi *= 2
	}
	// The exact order statistics of quorums, consensus and fork-join can
	// saturate below the search's means (exactCeiling): bisect on them.
	pl.final, pl.meansOnly = pl.searchApproximates(), true
	for range 100 {
		mid := (lo + hi) / 2
		if g, _ := pl.excess(mid); g > 0 {
			hi = mid
		} else {
			lo = mid
		}
		if hi-lo <= 1e-6*hi {
			break
		}
	}
	x := lo
	pl.final = true
	// The time-average state at X (utilisations, lag, RPO).
	atX := pl.solve(x / offered)
	if atX.saturated {
		// The arrival theorem's load X·(N−1)/N is unsaturated where X is
		// not (near a ceiling, or past a replay that falls behind): take
		// the largest unsaturated throughput, and let the rest of the
		// clients queue in front of it (below), so that Little's law
		// holds for what is reported.
		lo, hi := x*arrival, x
		for hi-lo > 1e-6*hi {
			if mid := (lo + hi) / 2; pl.solve(mid / offered).saturated {
				hi = mid
			} else {
				lo = mid
			}
		}
		x, atX = lo, pl.solve(lo/offered)
	}
	return x, atX
}

// frontQueue is the clients a closed system at its ceiling cannot hold,
// waiting in front of it.
type frontQueue struct {
	at               string  // the station that binds them
	queued, held     float64 // the clients queued; of them, holding a session
	nodeShare        float64 // one node's share of the clients
	share            float64 // the share of the queue in front of the node where it waits
	primary, replica float64 // the primary's and a replica's sessions in use at the arrival theorem's load
	onReplicas       bool    // they queue in front of the replicas
	pooler           bool    // PgBouncer's own thread binds
	shape            float64 // the wait's squared coefficient of variation where queueInHolds sets it (0: frontShape)
}

// frontQueue returns the clients queued in front of a closed system at
// the throughput x, from the arrival theorem's excess short (negative:
// clients left over) and the state seen.
//
// The clients beyond what the system holds at its ceiling, Q = N −
// X·(Z + R) > 0, wait in front of it: the system runs at its ceiling, a
// flow-equivalent server that is never idle (Lazowska et al., ch. 9),
// and Little's law gives their mean wait, Q/X. Without a pooler each
// holds its own session meanwhile, split over the primary's and the
// replicas' pools by their holds (an approximation). Behind PgBouncer a
// transaction keeps its server session through every wait inside it (a
// lock, a core, the flush), so the waiters fill the primary's free
// sessions first and only the rest wait in PgBouncer, where the
// primary's classes queue alike, unless PgBouncer's own thread binds
// (review of 2026-11-27: reads never waited there, and the sessions
// seemed a third used while every one held a lock waiter).
func (pl *plan) frontQueue(x, short float64, binding string, atX, seen state) frontQueue {
	n := float64(pl.w.Clients)
	arrival := (n - 1) / n
	q := frontQueue{at: binding}
	if !pl.a.HoldsRequests(q.at) || pl.ownSessions() && strings.HasSuffix(q.at, "sessions") {
		// Past a copy that falls behind, what binds the clients is the
		// busiest station they wait at; so it is where each client owns
		// its session, as many as there are clients, which the open
		// ceiling's sessions outnumber (review of 2026-11-27: with three
		// hot rows, 50 clients on 200 sessions queued every class alike
		// in front of them, the read mean +62 % of a simulation's, the
		// write mean −42 %).
		q.at, _ = atX.busiest(pl)
	}
	if short < -1e-6*n && x > 0 {
		q.queued = -short
	}
	// They queue where they wait: in front of the replicas when a
	// replica's station binds, only the requests sent there (review of
	// 2026-11-27: a saturated replica's queue was charged to the primary's
	// writes, 675 ms for 2 ms), else in front of the primary or, where
	// clients spread over nodes, of each node by its clients
	// (clientsPerNode; the busiest node's share is reported: review of
	// 2026-11-27, three gateways' queue put on one read 1.3 of its
	// sessions in use).
	q.onReplicas = strings.HasPrefix(q.at, "replica_") && pl.replicas > 0
	q.pooler = strings.TrimPrefix(q.at, "replica_") == "pooler"
	q.nodeShare = pl.clientsPerNode() / n
	q.share = q.nodeShare
	if arrival > 0 { // one client: seen is the empty system
		q.primary, q.replica = seen.sessionBusy/arrival, seen.replicaSessionBusy/arrival
	}
	busy := q.primary
	if q.onReplicas {
		q.share, busy = 1/float64(pl.replicas), q.replica
	}
	switch {
	case !pl.pooled():
		q.held = q.queued
	case !q.pooler:
		q.held = math.Min(q.queued, math.Max(0, float64(pl.w.Sessions)-busy)/q.share)
	}
	return q
}

// queuedSessions sets atX's sessions in use, the queue q's holders
// included: by Little's law over the holds the clients see (the
// arrival theorem's, at X·(N−1)/N), X·E[hold], not the open model's
// waits at X, which near the ceiling put more sessions in use than
// there are clients (review, 2026-11-26: 189 of 200 with 128 clients),
// plus the waiters holding one; every one holds one of the
// coordinator's; at most the N − X·Z clients not thinking hold a
// session.
func (pl *plan) queuedSessions(x float64, q frontQueue, atX *state, seen state) {
	n, z := float64(pl.w.Clients), float64(pl.w.ThinkTime)
	if seen.saturated || n <= 1 { // one client: X·E[hold] ≤ 1 anyway
		return
	}
	arrival := (n - 1) / n
	primary, replica := q.primary, q.replica
	inUse := math.Max(0, n-x*z) // the clients not thinking, at most
	switch onNode, total := q.held*q.share, primary+replica; {
	case q.onReplicas:
		replica += onNode
	case pl.pooled():
		primary += onNode // behind a pooler the waiters hold the node's free sessions
	case total > 0:
		primary, replica = primary+onNode*primary/total, replica+onNode*replica/total
	}
	atX.sessionBusy = math.Min(primary, inUse*q.nodeShare)
	atX.replicaSessionBusy = math.Min(replica, inUse)
	if !q.onReplicas {
		// At most its sessions: behind PgBouncer the waiters beyond them
		// queue in the pooler (review of 2026-11-27: 1.19–1.49 of a
		// coordinator's sessions in use, unsaturated).
		atX.coordSessionBusy = math.Min(seen.coordSessionBusy/arrival+q.held*q.nodeShare, math.Min(inUse*q.nodeShare, float64(pl.w.Sessions)))
	}
}

// queueWaits adds to the paths of seen the wait of the queue q in front
// of the system at the throughput x.
func (pl *plan) queueWaits(x float64, q frontQueue, atX state, seen *state) {
	shares := pl.queueShares(atX, *seen, q.at)
	atRows := false // the queue is the rows' own wait
	if q.at == "row_lock" && q.held > 0 && seen.lockFIFOCV2 > 0 {
		// On PostgreSQL the clients queued at the rows wait there, in
		// the rows' queues: one wait, the open model's and theirs, of
		// the shape the whole queue gives it (plan.randomOrder; review of
		// 2026-11-27: as two independent waits, and the shape of the
		// open model's waiters only, one row's write p99 was +23 % of a
		// simulation's of 500 clients, and −17 % with the whole queue's
		// shape on each).
		rows := float64(pl.w.HotRows)
		seen.lockCV2 = pl.randomOrder(seen.lockFIFOCV2, seen.lockRho, seen.lockHeld+q.held*q.share/rows)
		atRows = seen.write.lengthenWait("row_lock_wait", Time(q.held/x*shares[2]), seen.lockCV2)
	}
	// PgBouncer's queue in front of a node knows no stations: the
	// classes that go to it wait in it alike, X_n of the X requests a
	// second, the primary's in the primary's, a replica's in its own.
	sent := float64(atX.replicaReads)*float64(pl.replicas) + float64(atX.replicaScans)*float64(pl.replicas) // to the replicas
	flat := x / math.Max(x-sent, 1e-300)
	inPool := [4]float64{flat, 0, flat, flat}
	if atX.replicaScans > 0 {
		inPool[3] = 0
	}
	if q.onReplicas {
		flat = x / math.Max(sent, 1e-300)
		inPool = [4]float64{0, flat, 0, 0}
		if atX.replicaScans > 0 {
			inPool[3] = flat
		}
	}
	// A client behind Q others in PgBouncer's FIFO queue in front of a
	// system at its ceiling waits for Q departures at its rate: an
	// Erlang of Q stages (cv² 1/Q), nearly constant when many queue,
	// not one exponential (review of 2026-11-27: against a simulation
	// of 400 clients behind PgBouncer the exponential put the write
	// p99 at +300 %).
	// At a device only the requests that reach it wait: a read that
	// misses the caches, a commit's flush (review of 2026-11-27: every
	// read waited a saturated volume's queue, median 4.7 ms for 0.55).
	device := strings.TrimPrefix(q.at, "replica_") == "iops"
	for i, p := range []*path{&seen.read, &seen.replicaRead, &seen.write, &seen.scan} {
		var waits [2]step
		k := 0
		visit := 1.0
		if device {
			visit = p.visits("page_reads", "wal_flush", "standby_flush")
		}
		// A node's queue holds its share of the clients q.queued.
		if q.held > 0 && !(atRows && p == &seen.write) {
			// The clients holding sessions wait at the stations, spread
			// over their queues (a lock per hot row, cores shared):
			// no one FIFO, so the open station's exponential (review of
			// 2026-11-27: as an Erlang of the queue, 500 clients on ten
			// hot rows put the write p99 at −43 % of the simulation's);
			// at a hot row the lock's own shape (plan.rowLock: random
			// order on PostgreSQL; a simulation of 500 clients on ten
			// hot rows: −39 % with the exponential); at the CPU its
			// wait's under the closed load (finiteWaits), nearly
			// constant where the sessions hold it full (review of
			// 2026-11-27: behind PgBouncer with no think time the
			// exponential put the write p99 at +116 % of a simulation's,
			// and had it fall as clients grew; model/sim
			// TestClosedQueueAtCPU).
			shape := pl.frontShape(q.at)
			switch {
			case i == 2 && q.at == "cpu":
				shape = pl.transactionShape(atX, shape)
			case device:
				shape = deviceShape(*p, q.held*q.share)
			}
			switch {
			case q.shape > 0:
				shape = q.shape
			case q.at == "row_lock" && seen.lockCV2 > 0:
				shape = seen.lockCV2
			}
			if mean := Time(q.held / x * shares[i]); visit > 0 && mean > 0 {
				waits[k] = step{name: "queue_wait", p: 1, pWait: visit, wait: mean / Time(visit), waitCV2: shape}
				k++
			}
		}
		if rest := q.queued - q.held; rest > 0 {
			weight := inPool[i]
			if q.pooler {
				weight = shares[i] // each round trip waits for PgBouncer's thread
			}
			waits[k] = step{name: "pooler_wait", p: 1, mean: Time(rest / x * weight), cv2: 1 / math.Max(1, rest*q.share)}
			k++
		}
		*p = pl.arena.join(*p, pl.arena.path(pl.arena.group(1, waits[:k]...)))
	}
}

// finiteShapes are the squared coefficients of variation, given that
// they wait, of the waits at the stations a closed load's clients queue
// for: the primary's and the coordinator's CPU, and the primary's, a
// replica's and the coordinator's sessions (0: an open station's
// exponential, 1); and for distributed SQL's hot rows, whose waiters
// queue in order, the factor on the open M/G/1's shape (0: none).
type finiteShapes struct {
	coordCPU, sessions, replicaSessions, coordSessions, rowLock float64

	// cpu is how the clients wait at the primary's cores (cpuShape).
	cpu closedCPU
}

// perSource is, for a station that a closed load's clients reach, the
// load a each offers while away: its busy servers over the clients
// away, those it does not hold; +Inf when none is.
func perSource(busy, held, clients float64) float64 {
	if away := clients - held; away > 0 {
		return busy / away
	}
	return math.Inf(1)
}

// deviceShape is the squared coefficient of variation, given that it
// waits, of the wait of a request on path p in the queue in front of a
// device that holds queued of a closed load's clients. A device serves
// its queue in order (EBS a deep one nearly so), so each of the request's
// I/Os waits behind about the same queue, Q = queued I/Os, an Erlang of Q
// stages (cv² 1/Q, as PgBouncer's queue), and the request's wait varies
// as its count V of I/Os, the page reads and flushes its steps take, each
// with its own probability: W = w·V given V ≥ 1, plus the stages' spread,
//
//	cv² = (E[V]/Q + Var[V]) / E[V]²,  V's moments given V ≥ 1,
//
// where the open station's exponential (cv² 1) put the RDS gp3 runs' p99
// at 3.6 to 4.2 times their mean, measured 2.1 (docs/published.md).
func deviceShape(p path, queued float64) float64 {
	var mean, variance float64 // V's, a sum of Bernoulli steps
	for _, g := range p {
		for _, s := range g.steps {
			if slices.Contains(frontSteps("iops"), s.name) {
				q := math.Min(1, s.p)
				mean += float64(g.n) * q
				variance += float64(g.n) * q * (1 - q)
			}
		}
	}
	some := p.visits(frontSteps("iops")...)
	if !(mean > 0) || !(some > 0) {
		return 1
	}
	second := (variance + mean*mean) / some // E[V²] given V ≥ 1
	mean /= some
	return (mean/math.Max(1, queued) + second - mean*mean) / (mean * mean)
}

// finiteShape is the squared coefficient of variation of a wait, given
// that it waits, at a station of servers servers busy busy on average,
// holding held of the clients that reach it, queue included: an M/M/c fed
// by the others (queue.FiniteSourceWait).
func finiteShape(servers int, busy, held, clients float64) float64 {
	_, _, cv2 := queue.FiniteSourceWait(servers, int(math.Round(clients))-1, perSource(busy, held, clients))
	return cv2
}

// cpuShape is the squared coefficient of variation of a wait at a node's
// cores under a closed load, given that it waits, with the share of the
// clients waiting there and the correlation of two waits of one client
// where all of them wait. The kernel does not run the waiting backends in
// the order they woke (CFS picks the least virtual runtime), and where
// nearly every client waits, a waiter among m is picked at each
// completion with probability 1/m: its wait is exponential given m, of
// mean m/(c·μ), not the Erlang of FIFO, and the waits of one client's
// statements are alike only through m (corr = Var[m]/(E[m]² + 2·Var[m])).
// Random order keeps the mean and, in that limit, multiplies FIFO's
// second moment by 2·E[m²]/E[m(m + 1)], m the completions FIFO would wait
// for (queue.FiniteSourceWait); the factor moves from 1 (FIFO, which the
// simulator of processor-shared cores bears out at ρ 0.85 with few
// clients waiting: docs/simulation.md, K12) to that limit with the share
// of the clients waiting. Measured (validation/cputail.sh, PostgreSQL 15
// on 2 cores, 8 to 32 clients): a point read's p99 is 3.7 to 5.4 times
// its mean, an update transaction's 2.7 to 3.4, where FIFO put them at
// 1.5 to 2.2 (model/cputail_test.go).
func cpuShape(servers int, busy, held, clients float64) closedCPU {
	a := perSource(busy, held, clients)
	_, m, fifo := queue.FiniteSourceWait(servers, int(math.Round(clients))-1, a)
	if !(m > 0) || !(clients > 0) {
		return closedCPU{cv2: fifo}
	}
	second := (1+fifo)*m*m - m // E[m²]: FIFO's E[m(m + 1)] is (1 + cv²)·E[m]²
	v := math.Max(0, second-m*m)
	waiting := math.Min(1, math.Max(0, (held-busy)/clients))
	factor := 1 + (2*second/((1+fifo)*m*m)-1)*waiting
	return closedCPU{cv2: (1+fifo)*factor - 1, waiting: waiting, randomCorr: v / (m*m + 2*v), fifoCorr: v / (v + m), perSource: a}
}

// finiteWaits returns the shapes of the waits under a closed load, from
// the time-average state atX: each that of an M/M/c fed by the clients
// that can reach it, each away for the rest of its cycle
// (queue.FiniteSourceWait: the clients but the one arriving, each
// offering a = B/(N − L), B the station's busy servers, L the number it
// holds, queue included, at most N). An open station's wait is
// exponential; a closed load's clients cannot queue beyond their number,
// and come fewer as they queue, so its tail is lighter (docs/simulation.md,
// K12: at ρ 0.85 the exponential put a read p99 at the CPU 16–25 % above
// a simulation of the clients, and at sessions all in use 80 to 190 %).
// The means are the open stations', which the simulation bears out.
func (pl *plan) finiteWaits(atX state) finiteShapes {
	n, node := float64(pl.w.Clients), pl.clientsPerNode()
	c := atX.primary.cpu
	var out finiteShapes
	out.cpu = cpuShape(c.cores, c.load, c.load*c.factor, pl.inSessions()) // behind PgBouncer only the sessions reach the cores
	if pl.pooled() {
		// A pool holds its sessions in use and its waiters (Little's law
		// over its wait): behind PgBouncer at its limit most of the
		// clients wait there, and the wait is nearly constant (review of
		// 2026-11-27: counting only the sessions in use put a read p99 of
		// 200 clients on 20 sessions at +210 % of the simulation's).
		s, held := pl.w.Sessions, atX.sessionsHeld
		out.sessions = finiteShape(s, atX.sessionBusy, held[0], node)
		out.replicaSessions = finiteShape(s, atX.replicaSessionBusy, held[1], n)
		out.coordSessions = finiteShape(s, atX.coordSessionBusy, held[2], n)
	}
	if r := atX.lockRho; r > 0 && r < 1 && pl.a.ID == DistributedSQL {
		// A hot row's lock among the workload's hot rows on distributed
		// SQL, whose waiters queue in order (plan.rowLock): every client
		// can come to it (a row has one lock, at its leaseholder). A row
		// holds its holder and its waiters (state.lockHeld), and the rows
		// offer rows·ρ in all.
		rows := float64(pl.w.HotRows)
		_, _, out.rowLock = queue.FiniteSourceRowWait(pl.w.HotRows, int(math.Round(n))-1, perSource(rows*r, rows*atX.lockHeld, n))
	}
	if pl.a.ID == Sharded && !pl.a.QueryFromAnyNode {
		out.coordCPU = cpuShape(atX.coord.cores, atX.coord.load, atX.coord.load*atX.coord.factor, n).cv2
	}
	return out
}

// queueShares splits the queue in front of a closed system at its ceiling
// over the request classes (point reads on the primary and on a replica,
// writes, scans), as factors of the mean wait Q/X. A processor-shared CPU
// stretches every request by its own demand there, and a PgBouncer thread
// delays each of its round trips: where one of them binds, class c waits
// in proportion to its time at that station, Q·T_c/Σ_k x_k·T_k, so that
// Σ x_c·w_c = Q still (Little; review of 2026-11-26: past a saturated CPU
// a read waited as long as a write). A hot row's or a reference table's
// lock and the WAL flush are visited by writes alone, so the queue is
// theirs (review of 2026-11-27: past a saturated row lock a read waited
// 4.35 ms for a lock it never takes). Elsewhere (the sessions, a device's
// FIFO queue) every request waits alike.
func (pl *plan) queueShares(atX, seen state, binding string) [4]float64 {
	flat := [4]float64{1, 1, 1, 1}
	var names []string
	replica := strings.HasPrefix(binding, "replica_")
	switch station := strings.TrimPrefix(binding, "replica_"); station {
	case "cpu", "coordinator_cpu", "iops":
		// A CPU's jobs, or the device's visitors (review of 2026-11-27:
		// flat shares gave a read that hit the cache 4 ms of a saturated
		// volume's queue, and took them from the commits).
		names = frontSteps(station)
	case "pooler", "wal_flush":
		names = []string{station} // a replica's steps bear the station's own name
	case "row_lock", "reference_lock":
		names = []string{station + "_wait"}
	default:
		if !replica {
			return flat
		}
		// Another station of a replica's (its I/O, bandwidth, sessions):
		// its classes alike, the others not at all (review of
		// 2026-11-27: flat shares queued the primary's writes for it).
	}
	onReplica := seen.replicaScans > 0
	paths := [4]path{seen.read, seen.replicaRead, seen.write, seen.scan}
	served := [4]bool{!replica, replica, !replica, replica == onReplica} // the classes that visit the station
	onReplicas := float64(atX.replicaReads) * float64(pl.replicas)       // the cluster's, as the other classes'
	rates := [4]float64{float64(atX.reads) - onReplicas, onReplicas, float64(atX.writes), float64(atX.analytical)}
	// weigh gives the served classes their time at the named steps, or 1
	// each without names; false if no served class spends any there.
	weigh := func(names []string) (t [4]float64, ok bool) {
		var total, x float64
		for i, p := range paths {
			if served[i] {
				t[i] = 1
				if names != nil {
					t[i] = float64(p.timeAt(names...))
				}
			}
			total += rates[i] * t[i]
			x += rates[i]
		}
		for i := range t {
			t[i] *= x / total
		}
		return t, total > 0
	}
	if t, ok := weigh(names); ok {
		return t
	}
	if t, ok := weigh(nil); ok && replica {
		return t
	}
	return flat
}

// commitPath is the write path's mean steps, with a reference-table
// write's own steps (state.referenceOwn), which the commit's reference
// branch holds, reported apart from the commit at their share of the
// writes.
func (pl *plan) commitPath(st state) []Step {
	out := st.write.steps()
	fr := Time(pl.w.ReferenceWriteFraction)
	if pl.a.ID != Sharded || fr == 0 {
		return out
	}
	c := slices.IndexFunc(out, func(s Step) bool { return s.Name == "commit" })
	if c < 0 {
		return out
	}
	for _, s := range st.referenceOwn.steps() {
		if t := fr * s.Time; t > 0 {
			out[c].Time -= t
			out = slices.Insert(out, c, Step{Name: s.Name, Time: t}) // before the commit, as they come
			c++
		}
	}
	return out
}

// meanResponse is the mean latency of a request drawn from the mix.
func (pl *plan) meanResponse(st state) Time {
	w := pl.w
	total := float64(w.ReadRate + w.WriteRate + w.AnalyticalRate)
	r := float64(w.ReadRate)*float64(pl.readMean(st)) + float64(w.WriteRate)*float64(st.write.mean()) +
		float64(w.AnalyticalRate)*float64(st.scan.mean())
	return Time(r / total)
}

// readMean is a point read's mean over primary and replicas.
func (pl *plan) readMean(st state) Time {
	if st.reads == 0 {
		return st.read.mean()
	}
	fr := pl.replicaShare(st)
	return Time(1-fr)*st.read.mean() + Time(fr)*st.replicaRead.mean()
}

// replicaShare is the fraction of point reads served by replicas.
func (pl *plan) replicaShare(st state) float64 {
	return math.Min(1, float64(st.replicaReads)*float64(pl.replicas)/float64(st.reads))
}

// readSteps are a point read's steps over primary and replicas: each
// step's mean weighted by the share of reads whose path has it, so that
// they add up to the read's mean.
func (pl *plan) readSteps(st state) []Step {
	out := st.read.steps()
	if st.reads == 0 || st.replicaReads == 0 {
		return out
	}
	fr := pl.replicaShare(st)
	for i := range out {
		out[i].Time *= Time(1 - fr)
	}
	for _, s := range st.replicaRead.steps() {
		if i := slices.IndexFunc(out, func(x Step) bool { return x.Name == s.Name }); i >= 0 {
			out[i].Time += Time(fr) * s.Time
		} else {
			out = append(out, Step{Name: s.Name, Time: Time(fr) * s.Time})
		}
	}
	return out
}

// readDistribution is a point read's latency distribution over primary and
// replicas, weighted by the routing.
func (pl *plan) readDistribution(st state) dist.Mixture {
	d := st.read.distribution()
	if st.replicaReads > 0 {
		d = dist.Branch(pl.replicaShare(st), st.replicaRead.distribution(), d)
	}
	return d
}

// summary summarises a distribution.
func summary(d dist.Mixture) Latency {
	p50, p95, p99 := d.Percentiles()
	return Latency{Mean: Time(d.Mean()), P50: Time(p50), P95: Time(p95), P99: Time(p99)}
}

// saturatedLatency is the latency summary of a saturated class.
var saturatedLatency = Latency{Mean: Time(math.Inf(1)), P50: Time(math.Inf(1)), P95: Time(math.Inf(1)), P99: Time(math.Inf(1))}

// fill assembles the result from the state at the throughput (st) and the
// state requests see (seen; the same under open load).
func (pl *plan) fill(res *Result, st, seen state) {
	w := pl.w
	res.Throughput = Throughput{Reads: st.reads, Writes: st.writes, Analytical: st.analytical}
	res.Throughput.Total = st.reads + st.writes + st.analytical
	res.Nodes, _ = pl.nodeCount()
	res.Sizing.PoolerProcesses = pl.poolerProcesses(st.primary)
	res.Disk = pl.disk()
	res.Memory = pl.memory()
	res.Sizing.Replicas = pl.readReplicas() // standbys that serve reads are not read replicas
	res.CacheHitRatio = Ratio(pl.sbHit + pl.osHit)
	res.SharedBuffersHitRatio = Ratio(pl.sbHit)
	res.IOPSDemand = st.primary.dev.arrival
	res.IOPSCeiling = pl.dev.IOPS
	res.WALRate = st.wal.rate
	res.FullPageImageShare = st.wal.fpiShare
	res.CheckpointInterval = st.wal.cycle
	res.Utilization = pl.utilization(st)

	// A class the workload does not have keeps a zero Latency.
	switch {
	case seen.saturated:
		for _, c := range []struct {
			l    *Latency
			rate Rate
		}{{&res.Read, w.ReadRate}, {&res.Write, w.WriteRate}, {&res.Analytical, w.AnalyticalRate}} {
			if c.rate > 0 {
				*c.l = saturatedLatency
			}
		}
	default:
		if w.ReadRate > 0 {
			res.Read = summary(pl.readDistribution(seen))
			res.ReadPath = pl.readSteps(seen)
		}
		if w.WriteRate > 0 {
			res.Write = summary(seen.write.distribution())
			res.CommitPath = pl.commitPath(seen)
		}
		if w.AnalyticalRate > 0 {
			res.Analytical = summary(seen.scan.distribution())
			if seen.replicaScans > 0 && seen.analytical > 0 {
				// Of every analytical query, those sent to the replicas
				// (replica_read_fraction of them), each replica's alike.
				sent := float64(seen.replicaScans) * float64(pl.replicas) / float64(seen.analytical)
				res.CancelledAnalytical = Ratio(seen.replica.cancelled * math.Min(1, sent))
			}
		}
	}
	// Lag, guarantees and RPO are the system's over time: the state at the
	// throughput (under closed load an arriving request sees one client
	// fewer, which with one client is an idle system), or at the ceiling
	// where the offered load saturates it (carried).
	sys := pl.carried(st)
	var visible dist.Mixture
	if pl.nodes() > 1 || pl.replicas > 0 || len(pl.a.Standbys) > 0 {
		res.ReplicationLag, visible = pl.lag(sys)
	}
	res.Consistency = pl.consistency(sys, visible)
	res.Availability = pl.availability(sys, res.ReplicationLag)
	spared, lossScale := pl.survivorsCarry(&res.Availability, res.MaxThroughputScale, pl.searched)
	// A failure whose writes never resume is not survived: a copy that
	// falls behind without bound would first replay an endless backlog
	// (review of 2026-11-26: "writes resume in unbounded" beside "survives
	// node, zone failures").
	for _, f := range res.Availability.Failures {
		if math.IsInf(float64(f.RTO), 1) {
			res.Availability.Survives = slices.DeleteFunc(res.Availability.Survives, func(k string) bool { return k == f.Kind })
		}
	}
	if res.Availability.Survives == nil {
		res.Availability.Survives = []string{}
	}
	res.Cost = pl.cost(sys) // what it carries (carried): a saturated system writes no more WAL than at its ceiling
	res.Pros, res.Cons = pl.prosCons(res)
	res.Sizing.SessionsRequired = pl.sessionsRequired(st, spared, lossScale) // its solve leaves st's and seen's paths behind
	res.Warnings = pl.warnings(res, seen, sys)
}

// carried is the state of what the system carries at the state st: st,
// or the state at the ceiling where st is saturated. Past its ceiling the
// system serves what it can and queues the rest: its primary writes WAL at
// the ceiling's rate, which its copies receive, replay and fail over to as
// at the ceiling, not with a lag that grows without bound (review of
// 2026-11-27: a synchronous standby in another zone took 930 s to fail
// over to, by hand, at a load its primary's CPU could not carry, and the
// lost zone ruled the architecture out beside the saturation). A copy that
// falls behind (state.behind) still does.
func (pl *plan) carried(st state) state {
	at := pl.searched
	if pl.served > 0 {
		at = pl.served
	}
	if st.saturated && at > 0 && !math.IsInf(at, 1) {
		if sys := pl.solve(at); !sys.saturated {
			return sys
		}
	}
	return st
}

// memory is what one node's sessions take against the memory the node has
// for them. (Aurora's shared_buffers take 75 % of the memory.)
func (pl *plan) memory() Memory {
	node := pl.p.Node
	shared, _ := pl.cacheSizes()
	return Memory{Backends: pl.backends(), PerBackend: pl.sessionMemory(), Room: max(0, node.Memory-node.OSReserve-shared)}
}

// disk is what one data node stores against what its disk holds.
func (pl *plan) disk() Disk {
	if pl.a.Storage == DisaggregatedStorage {
		// The compute keeps no pg_wal: the log is the storage's
		// (Verbitski et al., SIGMOD 2017, §3), which holds the data.
		d := Disk{Data: pl.w.DataSize}
		if pl.a.Variant == Aurora {
			d.Capacity = pl.p.Disaggregated.Capacity
		}
		return d
	}
	d := Disk{Data: pl.dataPerNode() + walReserve(pl.p, pl.a), Capacity: usableDisk(pl.dev.Capacity, pl.a)}
	if pl.a.ID == Sharded && pl.w.LargestTenantFraction > 0 && d.Capacity > 0 {
		tenant := pl.w.DataSize*Bytes(pl.w.LargestTenantFraction) + walReserve(pl.p, pl.a)
		d.TenantOverflows = tenant > d.Capacity
	}
	if n := pl.p.Node; pl.a.Storage == LocalStorage && n.VCPUs < n.LocalMinVCPUs {
		d.NoLocalNode = n.LocalMinVCPUs
	}
	return d
}

// sizedDisk is the disk a count of nodes is sized by: a node's (disk), or,
// where a Citus tenant's data overflows its worker's disk at every count
// (Disk.TenantOverflows), the busiest of the other workers'.
func (pl *plan) sizedDisk() Disk {
	d := pl.disk()
	if d.TenantOverflows {
		d.Data = pl.w.DataSize*Bytes(pl.layout().rest) + walReserve(pl.p, pl.a)
	}
	return d
}

// distributedSQLDiskShare is the share of a distributed SQL node's volume
// its data may fill: "CockroachDB storage volumes should not be utilized
// more than 60% (40% free space)" (Cockroach Labs docs, "Essential Alerts",
// node storage capacity): compactions, MVCC garbage and the replicas a
// lost node's ranges move to the survivors need the rest (review of
// 2026-11-26: nodes sized 97 % full claimed to survive a node's loss).
const distributedSQLDiskShare = 0.6

// postgresDiskShare is the share of a PostgreSQL node's volume its data
// and pg_wal may fill: ext4 reserves 5 % of its blocks for root by default
// (mke2fs(8), -m), which the postgres user cannot write, and PostgreSQL
// stops with a PANIC when it cannot write WAL (review of 2026-11-28: 473
// GB on a 474 GB disk was recommended). What bloat, VACUUM FULL's and
// REINDEX's copies need beside is a warning (diskWarning), not a limit.
const postgresDiskShare = 0.95

// usableDisk is what a node's data may fill of its volume's capacity.
func usableDisk(capacity Bytes, a Architecture) Bytes {
	if a.ID == DistributedSQL {
		return capacity * distributedSQLDiskShare
	}
	return capacity * postgresDiskShare
}

// walReserve is the disk a node keeps for pg_wal: up to max_wal_size
// between checkpoints. A distributed SQL node has no pg_wal: its Raft log
// is truncated once applied, and its LSM store holds the data (review of
// 2026-11-26: max_wal_size 400 GB sized 9 nodes where 3 held the data);
// what it keeps beside (CockroachDB's ballast file, up to 1 GiB;
// YugabyteDB's WAL retained 15 minutes) is left out, an optimistic side.
func walReserve(p Profile, a Architecture) Bytes {
	if a.ID == DistributedSQL {
		return 0
	}
	return p.Postgres.MaxWALSize
}

// utilization lists every resource's utilisation at the state.
//
// The row lock and the sessions hold through waits at the stations, so a
// solve with a saturated station does not reach them, nor the sessions one
// with a saturated lock: those are left out (unknown), not reported idle.
func (pl *plan) utilization(st state) []Usage {
	all, n := st.stations(pl)
	u := all[:n:n]
	// A saturated station ends the solve before the locks and the
	// sessions, a saturated lock before the next, and a saturated pool
	// before the Citus coordinator's; a replay that only falls behind does
	// not.
	saturated := func(x Usage) bool { return !(x.Value < 1) }
	if slices.ContainsFunc(u, func(x Usage) bool { return saturated(x) && pl.a.HoldsRequests(x.Resource) }) {
		return u
	}
	locks, k := st.locks(pl)
	u = append(u, locks[:k]...)
	if k > 0 && saturated(locks[k-1]) {
		return u
	}
	u = append(u, Usage{"sessions", Ratio(st.sessionBusy / float64(pl.w.Sessions))})
	if pl.replicas > 0 {
		u = append(u, Usage{"replica_sessions", Ratio(st.replicaSessionBusy / float64(pl.w.Sessions))})
	}
	if pl.coordinates() && (!st.saturated || st.coordSessionBusy > 0) {
		u = append(u, Usage{"coordinator_sessions", Ratio(st.coordSessionBusy / float64(pl.w.Sessions))})
	}
	return u
}

// sessionsRequired is the pool per node with which its busiest pool (the
// primary's or a gateway's, a replica's, a Citus coordinator's: each
// node's pool is the workload's sessions) stays at the target utilisation
// as the recommendation takes it, unsaturated at 1/target of the offered
// load, and with which the survivors of each failure survived carry the
// load: the sessions in use at the larger of 1/target and the scale the
// survivors' load per node stands for (lossScale, survivorsCarry), by
// Little's law at that load, whose holds are longer than at the offered
// load as the stations fill (review of 2026-11-28: the offered load's
// sessions over the target left every such pool at 0.701 of its ceiling),
// over by twice ceilingTol (the search's bracket); and at least spared,
// the sessions the survivors' own plans have in use. Where the estimate
// from the offered load, st's sessions at that scale as if they grew in
// proportion, is under half the pool, the pool is far from binding and the
// estimate is kept without a solve. 0 under a
// closed load, whose clients, not rates, set the sessions in use; the
// estimate where the solve saturates a station or lock before the pools.
func (pl *plan) sessionsRequired(st state, spared, lossScale float64) float64 {
	if pl.w.closed() {
		return 0
	}
	scale := math.Max(1/float64(pl.r.TargetUtilization), lossScale) * (1 + 2*ceilingTol)
	need := math.Max(st.sessionsInUse()*scale, spared*(1+2*ceilingTol))
	if need >= float64(pl.w.Sessions)/2 {
		pl.meansOnly = true
		at := pl.solve(scale)
		need = math.Max(need, at.sessionsInUse())
		pl.meansOnly = false
	}
	if math.IsInf(need, 0) || math.IsNaN(need) {
		return 0
	}
	return need
}

// MaxNodes is the most replicas, workers or nodes auto-sizing chooses: the
// range a request may give them, and the size of the per-node arrays of a
// plan.
const MaxNodes = 64

// maxRegions is the most named regions a request may give (regions, client
// regions), and the size of a plan's matrix of their round trips.
const maxRegions = 16

// diskNodes is how many nodes the data needs on their disks (local, or a
// network volume) when every node holds copies/nodes of it beside its WAL:
// copies is 1 for Citus workers, the replication factor for distributed
// SQL's ranges (0: no limit).
func diskNodes(w Workload, p Profile, a Architecture, copies float64) float64 {
	capacity := p.Local.Capacity
	switch a.Storage {
	case NetworkStorage:
		capacity = p.Network.Capacity
	case DisaggregatedStorage:
		capacity = 0
	}
	if capacity <= 0 {
		return 0
	}
	room := usableDisk(capacity, a) - walReserve(p, a)
	if room <= 0 {
		return MaxNodes // not even the WAL fits: the most nodes a count may reach
	}
	return float64(w.DataSize) * copies / float64(room)
}

// diskWorkers is the fewest Citus workers, from need (diskNodes: the data
// over the room a worker's disk leaves), whose busiest worker's share of
// the data (shardLayout: ⌈S/W⌉ of the S shards, and the largest tenant's
// f) fits where need workers' even split would. Where the tenant's data
// alone overflows a worker (f·need > 1), no count holds it, and the count
// is the one that holds the others' (shardLayout.rest), from the tenant's
// worker and the others' even split, 1 + (1 − f)·need: more workers split
// everything but one distribution-column value (review of 2026-11-28: a
// tenant with 15 TB grew the count to 64 workers, "more nodes to split the
// data").
func diskWorkers(a Architecture, need, tenant float64) float64 {
	if tenant*need > 1 {
		return fewestFitting(1, 1+(1-tenant)*need, func(n int) bool {
			return layoutOf(n, shardsFor(a.Shards, n, tenant), tenant).rest*need <= 1
		})
	}
	return fewestFitting(1, need, func(n int) bool {
		return layoutOf(n, shardsFor(a.Shards, n, tenant), tenant).busiest*need <= 1
	})
}

// fewestFitting is the fewest nodes, from the count that covers need (at
// least lo), whose layout fits the data: need itself where that count
// does (the even split's fractional requirement), MaxNodes where none
// does; need ≤ 0 (no limit) as is.
func fewestFitting(lo int, need float64, fits func(n int) bool) float64 {
	if need <= 0 {
		return need
	}
	first := atLeast(lo, need)
	for n := first; n < MaxNodes; n++ {
		if fits(n) {
			if n == first {
				return need
			}
			return float64(n)
		}
	}
	return MaxNodes
}

// atLeast is the smallest count from lo that covers the fractional need,
// at most the MaxNodes nodes a count may reach.
func atLeast(lo int, need float64) int {
	return min(MaxNodes, max(lo, int(math.Ceil(need-1e-9))))
}

// sizeReplicas auto-sizes read replicas (PRODUCT.md §2): the smallest count
// whose every replica stays at or below the target utilisation. A
// replica's utilisation of each resource is linear in its share of the
// reads, ρ(R) = a/R + f, where f is the replay's fixed load every replica
// carries; so R ≥ a/(target − f), taken from the solves at one and two
// replicas. Replay itself does not scale with R, and the primary's link
// grows with it.
func (pl *plan) sizeReplicas(s *Sizing) {
	if pl.a.Replicas > 0 {
		pl.replicas = pl.a.Replicas
		s.ReplicasRequired = float64(pl.replicas)
		return
	}
	s.AutoSized = true
	target := float64(pl.r.TargetUtilization)
	pl.setReplicas(1)
	one := pl.solve(1)
	pl.setReplicas(2)
	two := pl.solve(1)
	need := 0.0
	for _, pair := range [][2]float64{
		{one.replica.cpu.rho(), two.replica.cpu.rho()},
		{one.replica.dev.rho(), two.replica.dev.rho()},
		{one.replica.bandwidth, two.replica.bandwidth},
		{one.replicaSessionBusy / float64(pl.w.Sessions), two.replicaSessionBusy / float64(pl.w.Sessions)},
	} {
		a := 2 * (pair[0] - pair[1])
		f := 2*pair[1] - pair[0]
		if a <= 0 {
			continue
		}
		if f >= target {
			need = math.Inf(1)
			break
		}
		need = math.Max(need, a/(target-f))
	}
	s.ReplicasRequired = need
	// The primary's link carries the WAL to every replica, one walsender
	// each: its load grows with the count, ρ(R) = ρ(1) + g·(R − 1), and
	// caps it (at most MaxNodes; an Aurora cluster's 15).
	most := MaxNodes
	if pl.a.Variant == Aurora {
		most = auroraMaxReplicas
	}
	if g := two.primary.network - one.primary.network; g > 0 {
		most = min(most, max(1, int(1+(target-one.primary.network)/g)))
	}
	if math.IsInf(need, 1) {
		pl.setReplicas(most) // the result will show the replay-bound saturation
		return
	}
	fewest := pl.fewestReplicas()
	if fewest > 1 && float64(fewest) > need {
		s.ReplicasRequired = float64(fewest) // the regions', not the load's
	}
	pl.setReplicas(min(most, max(fewest, int(math.Ceil(need-1e-9)))))
	// The utilisations are linear in the share, but what saturates first
	// need not be: a replica's replay slows as queries fill its CPU, and
	// its sessions wait longer as it fills. So the count must also stay
	// unsaturated at the load the target leaves room for, 1/target (the
	// recommendation's check, as sizeCount's meets): one replica more
	// while a replica's constraint saturates there (review: 3 replicas at
	// 0.7004 of the ceiling, where 4 met every requirement), kept only
	// where it lowers what binds: replay that every replica repeats, or
	// an I/O its replay drives, no replica relieves (review: 17 replicas
	// for a replay-bound primary). The count is then the requirement, as
	// sizeCount's where the count below failed for its waits.
	st := pl.solve(targetScale(target))
	for pl.replicas < most && st.full() && st.relievedByReplicas() {
		binding, load := st.binding(), st.load(pl, st.binding())
		pl.setReplicas(pl.replicas + 1)
		st = pl.solve(targetScale(target))
		if st.full() && st.binding() == binding && st.load(pl, binding) >= 0.99*load {
			pl.setReplicas(pl.replicas - 1)
			break
		}
		s.ReplicasRequired = float64(pl.replicas)
	}
}

// sizeReaders auto-sizes DBMS-optimised storage's readers when none are
// given (Aurora Replicas, Neon read replicas: computes on the same storage)
// as sizeReplicas does, where the writer alone cannot carry the load at the
// target utilisation and readers relieve what binds it (review of
// 2026-11-28: a writer alone, saturated by 200,000 reads/s, ruled Aurora out
// where four readers carried them). It reports whether it chose readers; a
// writer that carries the load, or one that readers do not relieve (its
// writes bind), keeps none.
func (pl *plan) sizeReaders(s *Sizing) bool {
	if pl.w.ReplicaReadFraction <= 0 || pl.w.ReadRate+pl.w.AnalyticalRate <= 0 {
		return false
	}
	target := targetScale(float64(pl.r.TargetUtilization))
	alone := pl.solve(target)
	if !alone.full() {
		return false
	}
	binding, load := alone.binding(), alone.load(pl, alone.binding())
	sized := *s
	pl.sizeReplicas(&sized)
	if st := pl.solve(target); st.full() && st.binding() == binding && st.load(pl, binding) >= 0.99*load {
		pl.setReplicas(0) // what binds is the writer's own
		return false
	}
	*s = sized
	return true
}

// fewestReplicas is the fewest read replicas auto-sizing chooses: one, or
// across named regions enough that the replicas, which fill the regions
// after the writer's in order, reach each client region's nearest of them
// nearer than the primary (review of 2026-11-28: one replica for three
// regions left Tokyo's clients reading in us-east-1; a region without
// clients needs none).
func (pl *plan) fewestReplicas() int {
	most := 1
	if pl.a.ReplicaPlacement != CrossRegion || len(pl.a.Regions) < 3 {
		return most
	}
	clients := pl.clients()
	for _, c := range sortedKeys(clients) {
		if clients[c] > 0 {
			most = max(most, pl.nearestRegion(c, len(pl.a.Regions)-1))
		}
	}
	return most
}

// setReplicas sets the read replicas' count: the scans sent to them leave
// the primary's page cache, and each takes its share of them in its own
// (cache).
func (pl *plan) setReplicas(n int) {
	pl.replicas = n
	if pl.w.AnalyticalRate > 0 {
		pl.cache()
	}
}

// starvedCPU is the utilisation of a replica's CPU at which its replay,
// one process among the queries under processor sharing, is taken to fall
// behind for the queries rather than for its own work: another replica
// relieves it (relievedByReplicas), and the bottleneck is the CPU
// (ceiling).
const starvedCPU = 0.9

// relievedByReplicas reports whether another read replica can relieve
// what saturates at st: a replica's station, or its replay starved by a
// nearly full CPU; not a replay that falls behind on its own work, which
// every replica repeats.
func (st *state) relievedByReplicas() bool {
	if b := st.binding(); b != "replay" {
		return strings.HasPrefix(b, "replica_")
	}
	return st.replica.cpu.rho() >= starvedCPU
}

// load is the utilisation of the named station, sessions or lock at st
// (replay's when it falls behind; +Inf if the state does not list it).
func (st *state) load(pl *plan, resource string) float64 {
	all, n := st.stations(pl)
	for _, u := range all[:n] {
		if u.Resource == resource {
			return float64(u.Value)
		}
	}
	// The constraints beside the stations: the sessions and the locks
	// (review of 2026-11-27: a replica's sessions, unknown here, read as
	// +Inf at every count, and sizing took back each replica it added).
	sessions := float64(pl.w.Sessions)
	switch resource {
	case "sessions":
		return st.sessionBusy / sessions
	case "replica_sessions":
		return st.replicaSessionBusy / sessions
	case "coordinator_sessions":
		return st.coordSessionBusy / sessions
	}
	locks, k := st.locks(pl)
	for _, l := range locks[:k] {
		if l.Resource == resource {
			return float64(l.Value)
		}
	}
	return math.Inf(1)
}

// nodesSuffice reports whether auto-sized workers or nodes stop growing
// at a's count, with the ceiling scale and its binding on the workload's
// own pool: at MaxNodes, where a node more does not relieve what binds (a
// hot row's lock, a coordinator, the sessions, a Citus tenant's own
// worker: tenantBound), or where the ceiling leaves the target's room
// (1/target) and carries the failures to survive. The sizing's busiest
// load (1/u, on a pool as large as the holds need) overstates the
// headroom where waits grow faster than the load, or sessions or locks
// bind first (review: a sweep's recommendation flipped where the two
// disagreed; a metamorphic hunt of 2026-11-28: 20 distributed SQL nodes
// at 0.7009 of their ceiling, with 19.97 required, ruled out where 21 met
// every requirement).
func nodesSuffice(a Architecture, pl *plan, scale float64, binding string) bool {
	return max(a.Nodes, a.Workers) >= MaxNodes || !relievedByNodes(binding) || pl.tenantBound() ||
		scale*float64(pl.r.TargetUtilization) >= 1 && pl.carriesLoss(scale, pl.r.mustCarry())
}

// moreNodes returns the fewest workers or nodes above a's that suffice
// (nodesSuffice), set by grow, with their plan, ceiling and binding; pl,
// a's, does not, and is released. The count doubles its step until one
// suffices, then bisects (review of 2026-11-28: one node at a time took 51
// plans and ceiling searches): the count one at a time would, where what
// suffices at a count suffices at every count above it (150 random
// requests over regions, hot rows, sessions and closed loads on
// 2026-11-28 gave the same counts and ceilings as one node at a time).
func moreNodes(w Workload, p Profile, a Architecture, r Requirements, pl *plan, grow func(*Architecture, int)) (Architecture, *plan, float64, string) {
	type try struct {
		pl      *plan
		scale   float64
		binding string
	}
	ctx, ample := pl.ctx, pl.amplePool
	at := func(n int) (try, bool) {
		b := a
		grow(&b, n)
		t := try{pl: newPlan(ctx, w, p, b, r)}
		t.pl.amplePool = ample
		t.scale, t.binding = t.pl.ceiling()
		return t, nodesSuffice(b, t.pl, t.scale, t.binding)
	}
	pl.release()
	lo, hi, step := max(a.Nodes, a.Workers), 0, 1
	var best try
	for hi == 0 {
		n := min(lo+step, MaxNodes)
		t, ok := at(n)
		if ok {
			hi, best = n, t
			break
		}
		t.pl.release()
		lo, step = n, 2*step
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		t, ok := at(mid)
		if !ok {
			t.pl.release()
			lo = mid
			continue
		}
		best.pl.release()
		hi, best = mid, t
	}
	grow(&a, hi)
	return a, best.pl, best.scale, best.binding
}

// relievedByNodes reports whether more workers or nodes relieve what
// saturates: not a Citus coordinator, nor a hot row's lock (the row lives
// on one node), nor a reference table's (more workers lengthen its
// two-phase commit), nor a node's sessions, which a larger pool relieves
// at a fraction of a node's price. The pool in front of a distributed SQL
// gateway is the client's to enlarge, and a CockroachDB connection is a
// goroutine whose idle memory Cockroach Labs estimates at 20–30 kB (docs,
// "Connection Pooling"); a Citus worker's is max_connections, a backend of
// session_memory_mb each, which its memory holds by the thousand. Sizing
// by the pool bought nodes for their sessions (reviews of 2026-11-28: 64
// distributed SQL nodes at 10 % CPU, still short of sessions, where 9
// carried the load with a larger pool; 11 Citus workers at 13 % CPU on a
// pool of 20, where 3 carried it with 100). The nodes are sized by their
// stations and data (with pools as large as the holds need: plan's
// amplePool), and Sizing.SessionsRequired says how large a pool carries
// the load.
func relievedByNodes(binding string) bool {
	return !strings.HasPrefix(binding, "coordinator") && binding != "row_lock" && binding != "reference_lock" && binding != "sessions"
}

// targetScale is the scale a count must carry unsaturated for the
// reported headroom to leave the target's room, 1/target: the ceiling
// search reports the unsaturated end of a bracket up to ceilingTol wide,
// which may lie that much below the scale a solve carries.
func targetScale(target float64) float64 { return (1 + ceilingTol) / target }

// sizeCount auto-sizes a scale-out architecture (PRODUCT.md §2): the
// smallest count, from lo, at which every station and the hot-row lock
// stay at or below the target utilisation (a node's sessions do not size
// the nodes: relievedByNodes); set applies a
// count. A node's cache holds a share of the data that changes with the
// count, and so does its I/O: each candidate is a new plan, and the load
// need not fall as 1/n (a growing cache makes it fall faster, writes to
// every worker slower). So the count is searched, not extrapolated: from
// the linear estimate (the busiest station's load at lo over the target)
// the step doubles until a count meets the target, then bisection finds
// the smallest that does, taking the load to fall with the count. The
// fractional requirement interpolates the busiest load linearly between
// the count below, which fails, and the count chosen; where the count
// below failed for its waits rather than its load, it is the count
// itself. A Citus coordinator does not scale with the workers: it is sized
// by its own node (or by query from any node), not by adding workers. It
// also returns the plan at the chosen count.
func sizeCount(ctx context.Context, w Workload, p Profile, a Architecture, r Requirements, lo int, set func(*Architecture, int)) (Architecture, float64, *plan) {
	target := float64(r.TargetUtilization)
	var pl *plan // the last candidate's, at count at
	at := 0
	// locked: the last candidate's offered load saturates what no node
	// relieves, or its busiest worker is the largest tenant's own.
	locked := false
	// candidate plans a count and solves it at the offered load.
	candidate := func(n int) (*plan, state) {
		b := a
		set(&b, n)
		q := newPlan(ctx, w, p, b, r)
		q.amplePool = !w.closed()
		return q, q.solve(1)
	}
	// Where the largest tenant has a worker of its own and that worker is
	// the busiest (tenantBound), more workers relieve it of nothing but
	// the routing of the statements that arrive at it (query from any
	// node). Where even the most workers leave it above the target, the
	// count is the other workers', whose load is the busiest's in
	// proportion to their share (else a tenant with 30 % of the load grows
	// the count to MaxNodes, every worker but one idle). Solved once.
	stuck := -1
	tenantStuck := func() bool {
		if stuck < 0 {
			q, st := candidate(MaxNodes)
			stuck = 0
			if sizingLoad(q, st) > target {
				stuck = 1
			}
			q.release()
		}
		return stuck == 1
	}
	busiest := func(n int) float64 {
		at = n
		set(&a, n)
		if pl != nil {
			pl.release()
		}
		var st state
		pl, st = candidate(n)
		locked = st.full() && !relievedByNodes(st.binding())
		u := sizingLoad(pl, st)
		if pl.tenantBound() && u > target && tenantStuck() {
			l := pl.layout()
			locked, u = true, u*l.rest/l.busiest
		}
		return u
	}
	// meets reports whether the last candidate, busiest at u, carries the
	// load within the target. Locks (and a coordinator's sessions) wait
	// more as the load grows, so their ceiling lies below 1/u: the candidate must also stay
	// unsaturated at the load the target leaves room for, 1/target (the
	// recommendation's check), unless what saturates is the coordinator.
	meets := func(u float64) bool {
		// The data must fit too: the busiest Citus worker holds ⌈S/W⌉ of
		// the shards, more than diskNodes' even split (review: 5 workers
		// where a worker stored 490 GB on a 474 GB disk).
		if u > target || !pl.sizedDisk().Fits() {
			return false
		}
		if locked {
			// A hot row's or a coordinator's saturation at the offered
			// load is every count's, and every survivor's, and so is a
			// tenant's own worker's load: the count is the stations'
			// (review of 2026-11-28: 64 nodes at 2,000 writes/s on ten
			// hot rows, where 1,900 sized 3).
			return true
		}
		if !pl.carriesLoss(1/u, r.mustCarry()) {
			return false
		}
		st := pl.solve(targetScale(target))
		return !st.full() || !relievedByNodes(st.binding())
	}
	u := busiest(lo)
	if meets(u) {
		return a, math.Min(MaxNodes, float64(lo)*u/target), pl
	}
	// bad fails (busiest at badU), good meets (busiest at goodU; 0: none yet).
	bad, badU, good, goodU := lo, u, 0, 0.0
	step := max(1, int(math.Ceil(float64(lo)*u/target-1e-9))-lo)
	for good == 0 && bad < MaxNodes {
		n := min(MaxNodes, bad+step)
		if u := busiest(n); meets(u) {
			good, goodU = n, u
		} else {
			bad, badU = n, u
			step *= 2
		}
	}
	if good == 0 {
		return a, MaxNodes, pl // nothing in range meets: the result shows the shortfall
	}
	for good-bad > 1 {
		n := (bad + good) / 2
		if u := busiest(n); meets(u) {
			good, goodU = n, u
		} else {
			bad, badU = n, u
		}
	}
	if at != good {
		busiest(good) // the chosen count's plan
	}
	need := float64(good)
	if badU > target && badU > goodU {
		need = float64(bad) + math.Min(1, (badU-target)/(badU-goodU))
	}
	return a, need, pl
}

// sizingLoad is the load of a count's busiest station at the offered load
// (st), as the ceiling takes it (loads: the flusher's by its load, not its
// P(busy), which nears 1 long before group commit runs out of room; review:
// 8 nodes where 6 met every requirement). A node's sessions do not size
// the nodes (relievedByNodes): the count is its stations' and its data's.
// A hot row lives on one node: its lock is not relieved by more of them
// (review: 64 nodes for a hot row that 3 carried as well). Nor is a Citus
// coordinator's CPU. A disk's load is also taken with its commit flushes,
// which loads leaves out, as recommend holds a disk's I/Os within the
// target (metamorphic hunt of 2026-11-28: 27 distributed SQL nodes on
// volumes sized at 0.68 of their ceiling ran their I/Os at 0.78, and were
// ruled out for it at every IOPS provisioned, as each re-sizing landed on
// the same edge).
func sizingLoad(pl *plan, st state) float64 {
	u := 0.0
	all, k := st.stations(pl)
	loads := st.loads(pl, all[:k])
	for i, x := range all[:k] {
		if x.Resource == "coordinator_cpu" {
			continue
		}
		u = math.Max(u, loads[i])
		if strings.HasSuffix(x.Resource, "iops") {
			u = math.Max(u, float64(x.Value))
		}
	}
	return u
}

// pgbouncerIdleTimeout is how long PgBouncer keeps an idle server
// connection open: server_idle_timeout, 600 s by default (PgBouncer docs,
// "Configuration").
const pgbouncerIdleTimeout = 600 * Second

// poolerOpened is the server connections PgBouncer keeps open in front of
// the primary under a closed load: it opens one when a transaction finds
// none idle and closes it after pgbouncerIdleTimeout idle, so it keeps the
// most sessions in use at once within that time, not the pool's size
// (review of 2026-11-27: 2,000 pooled clients at a tenth of a second's
// think time were charged 1,999 backends' memory, the cache's 12 GB). The
// sessions in use are Poisson with the mean m = Σ λ·R of the solve
// (Little's law; an infinite-server count), and a window holds about T/R̄
// independent draws of it, R̄ the mean hold: the quantile at 1 − R̄/T,
// m + z·√m by the normal approximation. It returns the backends kept
// (no fewer than one) where a pooler stands in front, else backends().
func (pl *plan) poolerOpened(st state) int {
	x := float64(st.localWrites + st.primaryReads + st.primaryScans)
	m := st.sessionBusy
	if !pl.pooled() || pl.a.ID == Sharded || !(m > 0) || !(x > 0) {
		return pl.backends()
	}
	hold := m / x // the mean hold, s
	p := 1 - hold/float64(pgbouncerIdleTimeout)
	if !(p > 0.5) {
		return pl.backends()
	}
	z := math.Sqrt2 * math.Erfinv(2*p-1)
	return min(pl.backends(), max(1, int(math.Ceil(m+z*math.Sqrt(m)))))
}
