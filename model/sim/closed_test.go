package sim_test

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pgarch/pgarch/model"
	"github.com/pgarch/pgarch/model/sim"
)

// closedThink is the closed loads' think time: short, so that the clients
// load the system as pgbench's do, and not zero, so that the arrival
// theorem's population matters.
const closedThink = 2 * model.Millisecond

// closedCase is a compared closed load: an architecture and its mix's hot
// rows, on the default 200 sessions a node or, behind PgBouncer, on
// pooled of them.
type closedCase struct {
	name   string
	a      model.Architecture
	hot    int
	pooled int
}

// pooledSessions are the sessions of a node behind PgBouncer: few, so
// that the clients outnumber them at every level.
const pooledSessions = 20

// closedCases are the architectures whose closed loads are compared,
// every one with the hot rows that put a lock in the way, and single-node
// and hot-standby without, where the CPU binds; and behind PgBouncer
// (pooledSessions a node) single-node, read-replicas and hot-standby,
// with and without hot rows.
func closedCases() []closedCase {
	var out []closedCase
	for _, a := range architectures() {
		out = append(out, closedCase{string(a.ID), a, 10, 0})
		if a.ID == model.SingleNode || a.ID == model.HotStandby {
			out = append(out, closedCase{string(a.ID) + " (no hot rows)", a, 0, 0})
		}
	}
	for _, a := range architectures() {
		if a.ID == model.SingleNode || a.ID == model.ReadReplicas || a.ID == model.HotStandby {
			out = append(out, closedCase{string(a.ID) + " (PgBouncer)", a, 10, pooledSessions})
			out = append(out, closedCase{string(a.ID) + " (PgBouncer, no hot rows)", a, 0, pooledSessions})
		}
	}
	return out
}

// queued is the level of a pooled case whose clients queue in front of
// every session in use: ten times the sessions.
const queued = 1.0

// closedComparison is one architecture's closed load at one level (the
// closed form's busiest utilisation the clients were chosen for): the
// closed form's throughput and latencies and the simulation's.
type closedComparison struct {
	comparison
	clients    int
	rho        float64    // the closed form's busiest utilisation at those clients
	throughput [2]float64 // the closed form's, the simulation's (requests/s)
	xHalf      float64    // the simulation's half-width
}

// xErrPct is the closed form's throughput error relative to the
// simulation, in percent, and xCIPct the simulation's half-width.
func (c closedComparison) xErrPct() float64 {
	return 100 * (c.throughput[0] - c.throughput[1]) / c.throughput[1]
}
func (c closedComparison) xCIPct() float64 { return 100 * c.xHalf / c.throughput[1] }

// closedClients returns the fewest clients in (lo, hi] whose closed load
// the closed form solves with its busiest station at target or more (by
// bisection: the utilisation grows with the clients), and false if even
// hi stay below it; at the level queued, hi.
func closedClients(t *testing.T, a model.Architecture, base model.Workload, p model.Profile, target float64, lo, hi int) (model.Workload, model.Result, bool) {
	t.Helper()
	at := func(n int) (model.Workload, model.Result) {
		w := base
		w.Clients, w.ThinkTime = n, closedThink
		r, err := a.Evaluate(w, p, model.DefaultRequirements())
		if err != nil {
			t.Fatalf("Evaluate(%s, %d clients): %v", a.ID, n, err)
		}
		return w, r
	}
	over := func(n int) bool {
		_, r := at(n)
		_, u := busiest(r)
		return r.Saturated || u >= target
	}
	if target == queued {
		w, r := at(hi)
		return w, r, true
	}
	if !over(hi) {
		return model.Workload{}, model.Result{}, false
	}
	for hi-lo > 1 {
		if mid := (lo + hi) / 2; over(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	w, r := at(hi)
	return w, r, true
}

var (
	closedOnce     sync.Once
	closedCompared []closedComparison
)

// compareClosed runs every closed case at every level once per test
// binary: the clients that load the busiest station to the level, the
// network at the throughput the closed form finds for them, and a
// simulation of those clients (five replications at 0.85, as the open
// comparisons).
func compareClosed(t *testing.T) []closedComparison {
	t.Helper()
	closedOnce.Do(func() {
		p := profile(t)
		for _, c := range closedCases() {
			base, lo, hi, at := mix(c.hot), 1, model.DefaultWorkload().Sessions, levels
			if c.pooled > 0 {
				// More clients than sessions at every level, and at
				// queued ten times as many.
				base.Sessions, lo, hi, at = c.pooled, c.pooled, 10*c.pooled, append(slices.Clone(levels), queued)
			}
			for _, level := range at {
				w, res, ok := closedClients(t, c.a, base, p, level, lo, hi)
				if !ok {
					continue // the sessions' worth of clients do not load it so far
				}
				n, err := c.a.Network(w, p, model.DefaultRequirements())
				if err != nil {
					t.Fatalf("%s, %d clients: Network: %v", c.name, w.Clients, err)
				}
				runs := simulate(t, n, sim.Config{Requests: requests()}, level > 0.8 && !testing.Short())
				rd, wr := pooled(runs, "read"), pooled(runs, "write")
				bn, u := busiest(res)
				cc := closedComparison{comparison: comparison{name: c.name, id: c.a.ID, hotRows: c.hot, level: level, bottleneck: bn,
					model: [4]float64{float64(res.Read.Mean), float64(res.Read.P99), float64(res.Write.Mean), float64(res.Write.P99)},
					sim:   [4]sim.Estimate{rd.Mean, rd.P99, wr.Mean, wr.P99}}, clients: w.Clients, rho: u}
				var xs []float64
				for _, r := range runs {
					xs = append(xs, r.Throughput.Value)
					cc.saturated = cc.saturated || r.Saturated
				}
				cc.throughput = [2]float64{float64(res.Throughput.Total), mean(xs)}
				cc.xHalf = runs[0].Throughput.HalfWidth
				closedCompared = append(closedCompared, cc)
			}
		}
	})
	return closedCompared
}

func mean(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// closedKnown are the closed loads' errors beyond tolerance that
// docs/simulation.md records, as known (same keys and bounds).
var closedKnown = map[string]knownError{
	// K12: a CPU that binds a closed load at ρ = 0.85: the closed form's
	// read p99 is high by 16 to 20 % and a read-light write's by 27 %
	// (200,000 requests, five replications, 2026-11-27), where the open
	// comparisons at the same utilisation are high by 3 to 13 %. The
	// clients' finite population, whose queue cannot outgrow it and whose
	// arrivals thin as it grows (model.plan.finiteWaits, an M/M/c//N wait
	// of cv² 0.82 here), took 3 to 5 points off; the means and the
	// throughput are within 2.5 and 1.5 %, the conservative side.
	"single-node/0.85/read p99":                {"K12", 30},
	"single-node (no hot rows)/0.85/read p99":  {"K12", 30},
	"single-node (no hot rows)/0.85/write p99": {"K12", 40},
	"sharded/0.85/read p99":                    {"K12", 30},
	// K11 under a closed load: network-attached storage with ten hot
	// rows behind a 1 ms flush at 0.60 (the IOPS binding): write mean
	// +4.1 %, p99 +13.3 % ± 3.9 at 200,000 requests and +16.4 % ± 6.1 at
	// the default 60,000, since a lock wait's H2 keeps its phases
	// through sums (ADR 0002's addendum; +12.4 % before), the
	// conservative side.
	"network-attached-storage/0.60/write p99": {"K11", 20},
}

// K13: behind PgBouncer with ten clients a session, all of them in use:
// the throughput is 5 to 10 % low and the means 4 to 18 % high (200,000
// requests, five replications, 2026-11-27), the conservative side. The
// p99s meet the tolerance since the queue's shape counts its waiters
// (before, +100 to +210 %), and where the sessions run at 0.85 so do the
// means since the pool's wait is the clients' finite population's
// (model.plan.sessionWait; before, read mean +23 to +42 %). The rest is
// the MVA's split between the queue in front and the pool.
func init() {
	for _, a := range []string{"single-node", "read-replicas", "hot-standby"} {
		for _, v := range []string{" (PgBouncer)", " (PgBouncer, no hot rows)"} {
			name := a + v
			for key, bound := range map[string]float64{
				"1.00/throughput": 15, "1.00/read mean": 30, "1.00/write mean": 20, "1.00/write p99": 30,
			} {
				closedKnown[name+"/"+key] = knownError{"K13", bound}
			}
		}
	}
}

// knownError is a known error's label and the bound on its |error| in
// percent that still holds.
type knownError struct {
	label string
	bound float64
}

// TestClosedLoads compares the closed load's solution (the arrival
// theorem's MVA over the open model's stations, ADR 0003) with a
// simulation of its clients: each thinks 2 ms, then sends a request of
// the mix, on the network the closed form describes at the throughput
// it finds for them. Throughput within 3 %, the latencies within the open
// comparisons' tolerances (TestArchitectures), each plus the simulation's
// interval.
func TestClosedLoads(t *testing.T) {
	for _, c := range compareClosed(t) {
		t.Run(fmt.Sprintf("%s/%.2f", c.name, c.level), func(t *testing.T) {
			if c.saturated {
				t.Fatalf("simulation saturated: %d clients, closed form's busiest %s at %.2f", c.clients, c.bottleneck, c.rho)
			}
			xTol := 3.0
			if k, ok := closedKnown[fmt.Sprintf("%s/%.2f/throughput", c.name, c.level)]; ok {
				xTol = k.bound
			}
			if testing.Short() {
				xTol = max(xTol, 10) // a smoke test: 6,000 requests
			}
			if e := c.xErrPct(); math.Abs(e) > xTol+c.xCIPct() {
				t.Errorf("%d clients: throughput %.0f/s, simulation %.0f/s: error %+.1f %%, tolerance %.0f %% + %.1f %%", c.clients, c.throughput[0], c.throughput[1], e, xTol, c.xCIPct())
			}
			for i, m := range metrics {
				e, tol := c.errPct(i), tolerance(i, c.level)+c.ciPct(i)
				k, isKnown := closedKnown[knownKey(c.comparison, i)]
				switch {
				case testing.Short() && i%2 == 1:
					continue // no p99 from 6,000 requests
				case testing.Short() && isKnown:
					tol = max(25, k.bound) + c.ciPct(i)
				case testing.Short():
					tol = 25 + c.ciPct(i)
				case isKnown:
					tol = k.bound + c.ciPct(i)
				}
				if math.Abs(e) > tol {
					t.Errorf("%d clients, %s: closed form %.4g ms, simulation %.4g ± %.2g ms: error %+.1f %%, tolerance %.1f %%",
						c.clients, m, c.model[i]*1e3, c.sim[i].Value*1e3, c.sim[i].HalfWidth*1e3, e, tol)
				}
			}
		})
	}
}

// TestClosedLoadTable prints the closed loads' table of docs/simulation.md:
//
//	go test ./model/sim -run TestClosedLoadTable -v -long
func TestClosedLoadTable(t *testing.T) {
	if !testing.Verbose() {
		t.Skip("prints the table with -v only")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "| architecture | clients | ρ | closed-form bottleneck | throughput (/s) | simulation | error |")
	for _, m := range metrics {
		fmt.Fprintf(&b, " %s |", m)
	}
	fmt.Fprintf(&b, "\n|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, c := range compareClosed(t) {
		// A known error's label where it is beyond the tolerance.
		known := ""
		if k, ok := closedKnown[fmt.Sprintf("%s/%.2f/throughput", c.name, c.level)]; ok && math.Abs(c.xErrPct()) > 3+c.xCIPct() {
			known = " (" + k.label + ")"
		}
		fmt.Fprintf(&b, "| %s | %d | %.2f | %s | %.0f | %.0f ± %.0f | %+.1f %%%s |", c.name, c.clients, c.rho, c.bottleneck, c.throughput[0], c.throughput[1], c.xHalf, c.xErrPct(), known)
		for i := range metrics {
			known := ""
			if k, ok := closedKnown[knownKey(c.comparison, i)]; ok && math.Abs(c.errPct(i)) > tolerance(i, c.level)+c.ciPct(i) {
				known = " (" + k.label + ")"
			}
			fmt.Fprintf(&b, " %+.1f %% ± %.1f%s |", c.errPct(i), c.ciPct(i), known)
		}
		b.WriteString("\n")
	}
	fmt.Print(b.String())
}

// hotRowKnown are TestClosedHotRows' known errors (docs/simulation.md),
// by "architecture/hot rows": the bounds in percent on |error| of the
// throughput, the write mean and the write p99 that still hold.
var hotRowKnown = map[string][3]float64{
	// K14: ten hot rows whose clients also load a CPU (single-node's at
	// 0.95, sharded's coordinator's at 0.96, Aurora's writer's at 0.77):
	// throughput −3.4 to −4.5 % and write mean +4 to +6 % (2,000,000
	// requests, 2026-11-27), the conservative side. K16 since the
	// hand-overs' CPU (model.Pool.HandOver): the clients a closed load
	// queues at the rows wake at every hand-over, each row's chain up to a
	// core, where the closed form charges the open model's queue; the
	// rest of the queue waits at the CPU in the simulation, at the rows
	// in the closed form (which charged with all of it gave −67 % on
	// single-node's ten rows). Measured at 2,000,000 requests
	// (2026-11-27, the queue at the rows in their own wait,
	// plan.randomOrder; the lock wait's H2 kept through sums):
	// single-node's three rows −4.7, +5.6 and +13.1 %, ten +8.5, −8.6 and
	// +13.2 %; Aurora's ten +21.4, −18.8 and −11.6 %. Sharded's ten
	// −4.0, +5.0 and +11.2 %, hot-standby's −1.1, +0.9 and −1.8 % since
	// the CPU's queue slows the holds (plan.queueInHolds, 2026-11-27;
	// −14.3 and −53.3 %, −19.5 and −59.9 % on mean and p99 before, where
	// the CPU binds and its queue held every waiting client).
	"single-node/3":  {7, 9, 30},
	"single-node/10": {12, 12, 30}, "dbms-optimized-storage/10": {30, 25, 30}, "sharded/10": {6, 6, 30},
}

// hotRowClients are the clients of TestClosedHotRows: many more than a
// hot row's lock serves, so that nearly all of them queue at the rows.
const hotRowClients = 500

// TestClosedHotRows compares closed loads whose clients nearly all queue
// at a few hot rows (pgbench's branches at scale 1 to 10): 500 clients on
// as many sessions, every architecture whose other stations keep up (read
// replicas' network and active-active's apply saturate first). A
// PostgreSQL row's waiters are served nearer random order than FIFO
// (model.Pool.RandomOrder, validation/hotrow.sh); with most clients at
// the row the queue is nearly constant and a waiter's hand-overs
// geometric. Distributed SQL's are served in order: a row's queue holds
// a Bose–Einstein share of the clients at the rows, with one row nearly
// all of them, a nearly constant wait (queue.FiniteSourceRowWait; the
// exponential had put its write p99 at +231 %). Throughput within 3 %,
// write mean within 6 % and p99 within 30 % (one row: +13 to +25 % at
// 2,000,000 requests, up to +26 % at 60,000), each plus the simulation's
// half-width, but for the known errors (hotRowKnown). One hot row by default; with -long, one, three and ten
// with 2,000,000 requests a run: the split of the queue over several
// rows drifts slowly, so that shorter runs miss its excursions (200,000
// requests put ten rows' write p99 on distributed SQL at 614 ms,
// 2,000,000 at 1.15 s).
func TestClosedHotRows(t *testing.T) {
	if testing.Short() {
		t.Skip("2,000,000 requests a run with -long; 60,000 by default")
	}
	hots, n := []int{1}, requests()
	if *long {
		hots, n = []int{1, 3, 10}, 2_000_000
	}
	p := profile(t)
	for _, a := range architectures() {
		if a.ID == model.ReadReplicas || a.ID == model.ActiveActive {
			continue
		}
		for _, hot := range hots {
			t.Run(fmt.Sprintf("%s/%d hot rows", a.ID, hot), func(t *testing.T) {
				w := mix(hot)
				w.Sessions, w.Clients, w.ThinkTime = hotRowClients, hotRowClients, closedThink
				res, run := closedRun(t, a, w, p, n)
				wr, _ := run.Class("write")
				x := float64(res.Throughput.Total)
				xErr := 100 * (x - run.Throughput.Value) / run.Throughput.Value
				mErr := 100 * (float64(res.Write.Mean) - wr.Mean.Value) / wr.Mean.Value
				pErr := 100 * (float64(res.Write.P99) - wr.P99.Value) / wr.P99.Value
				t.Logf("| %s | %d | %.0f | %+.1f %% | %.4g | %+.1f %% ± %.1f | %.4g | %+.1f %% ± %.1f |", a.ID, hot, x, xErr,
					float64(res.Write.Mean)*1e3, mErr, 100*wr.Mean.HalfWidth/wr.Mean.Value,
					float64(res.Write.P99)*1e3, pErr, 100*wr.P99.HalfWidth/wr.P99.Value)
				bound := [3]float64{3, 6, 30}
				if k, ok := hotRowKnown[fmt.Sprintf("%s/%d", a.ID, hot)]; ok {
					bound = k
				}
				if tol := bound[0] + 100*run.Throughput.HalfWidth/run.Throughput.Value; math.Abs(xErr) > tol {
					t.Errorf("throughput %.0f/s, simulation %.0f/s: %+.1f %%, tolerance %.1f %%", x, run.Throughput.Value, xErr, tol)
				}
				if tol := bound[1] + 100*wr.Mean.HalfWidth/wr.Mean.Value; math.Abs(mErr) > tol {
					t.Errorf("write mean %.4g ms, simulation %.4g ms: %+.1f %%, tolerance %.1f %%", float64(res.Write.Mean)*1e3, wr.Mean.Value*1e3, mErr, tol)
				}
				if tol := bound[2] + 100*wr.P99.HalfWidth/wr.P99.Value; math.Abs(pErr) > tol {
					t.Errorf("write p99 %.4g ms, simulation %.4g ms: %+.1f %%, tolerance %.1f %%", float64(res.Write.P99)*1e3, wr.P99.Value*1e3, pErr, tol)
				}
			})
		}
	}
}

// TestClosedQueueAtCPU compares with a simulation clients that queue in
// front of a CPU at its ceiling behind PgBouncer: single-node, no think
// time, 100 sessions, where PgBouncer's processes on the node's cores
// bind (docs/simulation.md, "Clients queued at a CPU behind PgBouncer").
// Every session is in use, so the CPU holds a nearly fixed population;
// the rest of the clients wait in PgBouncer's FIFO queue, which grows
// with them. The throughput and the means against processor-shared cores
// (the model's means are theirs); the p99s against cores that take their
// waiting jobs in random order (randomOrderCores), as a saturated node's
// kernel does (validation/cputail.sh) and the closed form takes it where
// all the clients wait (model.plan.cpuShape). Shared cores made each
// wait nearly constant (the closed form's read p99 +114 % against them at
// 124 clients); random order makes it nearly exponential, and the closed
// form lies within randomOrderTolerance of it: the reads' p99 −34 to
// −7 %, the writes' +14 to +20 % (2026-11-28, 60,000 requests), as it
// splits the wait over the classes by their CPU demand, the shared cores'
// way, where random order splits it by their visits. Before 2026-11-27
// the closed form gave the waiters holding sessions one exponential wait
// and its p99 fell as clients grew.
func TestClosedQueueAtCPU(t *testing.T) {
	for _, n := range []int{124, 368, 1000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			w := model.DefaultWorkload()
			w.Clients, w.ThinkTime, w.Sessions = n, 0, 100
			res, x, xs, rd, wr, rdR, wrR := atCores(t, model.Architecture{ID: model.SingleNode}, profile(t), w, "cpu")
			c := comparison{model: [4]float64{float64(res.Read.Mean), float64(res.Read.P99), float64(res.Write.Mean), float64(res.Write.P99)},
				sim: [4]sim.Estimate{rd.Mean, rdR.P99, wr.Mean, wrR.P99}}
			for i, m := range metrics {
				if testing.Short() && i%2 == 1 {
					continue // no p99 from 6,000 requests
				}
				tol := tolerance(i, 1)
				if i%2 == 1 {
					tol = randomOrderTolerance
				}
				if e, tol := c.errPct(i), tol+c.ciPct(i); math.Abs(e) > tol {
					t.Errorf("%s: closed form %.4g ms, simulation %.4g ± %.2g ms: error %+.1f %%, tolerance %.1f %%",
						m, c.model[i]*1e3, c.sim[i].Value*1e3, c.sim[i].HalfWidth*1e3, e, tol)
				}
			}
			if testing.Verbose() {
				fmt.Printf("| %d | %.0f | %.0f ± %.0f |", n, x, xs.Value, xs.HalfWidth)
				for i := range metrics {
					fmt.Printf(" %.3g / %.3g (%+.1f %%) |", c.model[i]*1e3, c.sim[i].Value*1e3, c.errPct(i))
				}
				fmt.Println()
			}
		})
	}
}

// atCores evaluates a on p under the closed load w, whose clients the
// cores named binds bind, and simulates its network twice: with shared
// cores, against whose throughput it checks the closed form's (within 3 %
// plus the half-width), and with cores in random order, each job to its
// end. It returns the result, both throughputs, and the read and write
// classes of each simulation.
func atCores(t *testing.T, a model.Architecture, p model.Profile, w model.Workload, binds string) (res model.Result, x float64, xs sim.Estimate, rd, wr, rdR, wrR sim.ClassResult) {
	t.Helper()
	res, err := a.Evaluate(w, p, model.DefaultRequirements())
	if err != nil {
		t.Fatal(err)
	}
	if res.Bottleneck != binds {
		t.Fatalf("closed form's bottleneck %s, want %s", res.Bottleneck, binds)
	}
	net, err := a.Network(w, p, model.DefaultRequirements())
	if err != nil {
		t.Fatal(err)
	}
	runs := simulate(t, net, sim.Config{Requests: requests()}, false)
	ordered := simulate(t, randomOrderCores(net), sim.Config{Requests: requests()}, false)
	x, xs = float64(res.Throughput.Total), runs[0].Throughput
	if e := 100 * (x - xs.Value) / xs.Value; math.Abs(e) > 3+100*xs.HalfWidth/xs.Value {
		t.Errorf("throughput %.0f/s, simulation %.0f/s: error %+.1f %%", x, xs.Value, e)
	}
	return res, x, xs, pooled(runs, "read"), pooled(runs, "write"), pooled(ordered, "read"), pooled(ordered, "write")
}

// TestClosedQueueAtCPUWithHotRows compares with a simulation closed loads
// whose clients queue at a CPU that also runs ten hot rows' holds, no
// think time, clients on their own sessions: single-node on aws-gp3 with
// the default mix at 100 and 150 clients, and a Citus cluster of four
// workers on lecture at 200 clients, whose coordinator's CPU binds. The
// queue at the CPU slows the holds, and the rows' queues take most of
// the clients (plan.queueInHolds). Before 2026-11-27 the closed form kept
// the whole queue at the CPU: single-node's write mean −18 and −41 %,
// write p99 −57 and −75 %, read mean +14 and +42 %, the cluster's write
// mean −20 % and p99 −40 %, and the reads' p99 +22 to +117 %, the queue
// at the CPU exponential (100,000 to 200,000 requests); since, the means
// within 5 % (the cluster's write mean since within 9 %, below), the
// reads' p99 within 8 % and the writes' within 21 %.
// Throughput within 3 %, means within 6 % and p99s within 30 %, each plus
// the simulation's half-width. Since 2026-11-28 the closed form's wait at
// the cores turns to random order's where all the clients wait there
// (model.plan.cpuShape; the coordinator's at 200 clients): its p99s lie
// between a simulation of shared cores and one of cores in random order,
// within 30 % (read p99 8.2 ms against 3.7 and 13.1).
func TestClosedQueueAtCPUWithHotRows(t *testing.T) {
	if testing.Short() {
		t.Skip("6,000 requests do not settle the rows' queues of 100 to 200 clients")
	}
	gp3 := builtin(t, "aws-gp3")
	for _, c := range []struct {
		a        model.Architecture
		p        model.Profile
		clients  int
		binds    string
		writeTol float64 // the write mean's, per cent
	}{
		{model.Architecture{ID: model.SingleNode}, gp3, 100, "cpu", 6},
		{model.Architecture{ID: model.SingleNode}, gp3, 150, "cpu", 6},
		// The cluster's write mean lies 8 to 9 % above the simulation
		// (+8.3 % on 2026-11-28 before client round trips had a random
		// part, +8.9 % after, the simulation ± 2.4 %): within 6 % plus
		// the half-width by luck before, so its own 10 % says so.
		{model.Architecture{ID: model.Sharded, Workers: 4}, profile(t), 200, "coordinator_cpu", 10},
	} {
		t.Run(fmt.Sprintf("%s/%d", c.a.ID, c.clients), func(t *testing.T) {
			w := model.DefaultWorkload()
			w.HotRows, w.Clients, w.ThinkTime = 10, c.clients, 0
			res, _, _, rd, wr, rdR, wrR := atCores(t, c.a, c.p, w, c.binds)
			within(t, check{"read mean", res.Read.Mean, rd.Mean, 6}, check{"write mean", res.Write.Mean, wr.Mean, c.writeTol})
			between(t, "read p99", res.Read.P99, rd.P99, rdR.P99, 30)
			between(t, "write p99", res.Write.P99, wr.P99, wrR.P99, 30)
		})
	}
}

// TestClosedQueueAtCPUWithThinkTime compares with simulations a closed
// load far past its knee whose clients think between requests: 2,000
// clients thinking 10 ms on single-node on lecture (8 cores), about 900
// of them at the CPU. The clients away pull the queue back, so its length
// spreads as the finite population's, not as an open queue's at the same
// ρ (0.999), whose correlation of one transaction's five waits is near 1
// (model.cpu.correlation): with it the write p99 was 146 ms, +66 % over
// cores in random order (88 ms) and +150 % over shared cores (58 ms); now
// 104 ms. Throughput within 3 %, means within 6 %, p99s within the span
// of the two simulations widened by 30 %. Nearer the knee (1,150 and
// 1,300 clients) the closed form's throughput is 0.7–1.1 % below the
// simulation's, and its response times, N/X − Z, 8–40 % above: the write
// p99 lies 30–95 % above the simulations there, left (docs/simulation.md,
// K12).
func TestClosedQueueAtCPUWithThinkTime(t *testing.T) {
	if testing.Short() {
		t.Skip("6,000 requests are three a client: the queue of 2,000 clients does not settle")
	}
	w := model.DefaultWorkload()
	w.Clients, w.ThinkTime, w.Sessions = 2000, 10*model.Millisecond, 2000
	res, _, _, rd, wr, rdR, wrR := atCores(t, model.Architecture{ID: model.SingleNode}, profile(t), w, "cpu")
	within(t, check{"read mean", res.Read.Mean, rd.Mean, 6}, check{"write mean", res.Write.Mean, wr.Mean, 6})
	between(t, "read p99", res.Read.P99, rd.P99, rdR.P99, 30)
	between(t, "write p99", res.Write.P99, wr.P99, wrR.P99, 30)
}

// TestClosedQueueAtTheBusierRows compares with a simulation a closed
// load where the ceiling search names the CPU, saturated by the hot rows'
// hand-overs at the same scale as the rows, but at the clients'
// throughput the rows are the busier (0.88 against 0.74): single-node on
// aws-gp3, five hot rows, 1,000 reads and 1,000 writes a second in the
// mix, the default think time, 170 and 180 clients. The clients queue at
// the rows, which reads never take (plan.closedLoad). Before 2026-11-28
// the search's binding placed them: at 170 clients in front of the CPU,
// the read mean +11.5 % of the simulation's, and at 180, where the search
// turned row_lock, −3.2 %, so the read p99 fell 12 % with ten clients
// more (100,000 requests). Now both −3 %. The writes' mean is +10 % at
// both, wherever the queue sits, and the throughput −9 %: K14's two
// stations near saturation at once. Means within 6 % (writes 15 %) plus
// the simulation's half-width.
func TestClosedQueueAtTheBusierRows(t *testing.T) {
	if testing.Short() {
		t.Skip("6,000 requests do not settle the rows' queues of 170 clients")
	}
	gp3 := builtin(t, "aws-gp3")
	for _, clients := range []int{170, 180} {
		t.Run(fmt.Sprint(clients), func(t *testing.T) {
			w := model.DefaultWorkload()
			w.ReadRate, w.WriteRate, w.HotRows, w.Clients = 1000, 1000, 5, clients
			res, run := closedRun(t, model.Architecture{ID: model.SingleNode}, w, gp3, requests())
			if res.Bottleneck != "row_lock" {
				t.Errorf("closed form's bottleneck %s, want row_lock", res.Bottleneck)
			}
			rd, _ := run.Class("read")
			wr, _ := run.Class("write")
			within(t, check{"read mean", res.Read.Mean, rd.Mean, 6}, check{"write mean", res.Write.Mean, wr.Mean, 15})
		})
	}
}

// TestOwnSessionsQueueAtTheRows compares with a simulation a closed load
// whose clients own their sessions where the open ceiling's binding is
// the sessions: single-node on lecture, three hot rows, no think time,
// 50 and 200 clients on 200 sessions. The clients cannot run out of
// sessions, so those the system cannot take queue where they wait, at
// the rows (plan.frontQueue); before 2026-11-27 they queued in front of
// the sessions, every class alike: read mean +62 and +627 %, write mean
// −42 and −87 % (100,000 requests). Now the reads' mean −7 and +8 %,
// the writes' +27 and +7 % (the throughput −10 and −6 %, K14: two
// constraints near saturation). Read mean within 15 %, write mean within
// 35 %, each plus the simulation's half-width.
func TestOwnSessionsQueueAtTheRows(t *testing.T) {
	if testing.Short() {
		t.Skip("6,000 requests do not settle the rows' queues of 100 to 200 clients")
	}
	p := profile(t)
	a := model.Architecture{ID: model.SingleNode}
	for _, n := range []int{50, 200} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			w := model.DefaultWorkload()
			w.HotRows, w.Clients, w.ThinkTime, w.Sessions = 3, n, 0, 200
			res, run := closedRun(t, a, w, p, requests())
			rd, _ := run.Class("read")
			wr, _ := run.Class("write")
			within(t, check{"read mean", res.Read.Mean, rd.Mean, 15}, check{"write mean", res.Write.Mean, wr.Mean, 35})
		})
	}
}

// closedRun evaluates the closed load w on a with the profile p and
// simulates its network for n requests.
// randomOrderTolerance is the p99s' tolerance against cores in random
// order (TestClosedQueueAtCPU), in per cent.
const randomOrderTolerance = 40

// randomOrderCores returns net with its cores taking their waiting jobs in
// random order, each to its end (model.RandomOrder), as the kernel runs a
// saturated node's backends (validation/cputail.sh), instead of sharing
// them: where all of a closed load's clients wait at the cores, the closed
// form takes random order's wait (model.plan.cpuShape).
func randomOrderCores(net model.Network) model.Network {
	net.Stations = slices.Clone(net.Stations)
	for i, st := range net.Stations {
		if st.Discipline == model.ProcessorSharing && (strings.HasPrefix(st.Name, "cpu[") || st.Name == "coordinator_cpu") {
			net.Stations[i].Discipline = model.RandomOrder
		}
	}
	return net
}

func closedRun(t *testing.T, a model.Architecture, w model.Workload, p model.Profile, n int) (model.Result, sim.Result) {
	t.Helper()
	res, err := a.Evaluate(w, p, model.DefaultRequirements())
	if err != nil {
		t.Fatal(err)
	}
	net, err := a.Network(w, p, model.DefaultRequirements())
	if err != nil {
		t.Fatal(err)
	}
	return res, simulate(t, net, sim.Config{Requests: n}, false)[0]
}

// between reports a closed-form figure outside the span of two
// simulations' (shared cores and cores in random order, which bound how
// a kernel runs the waiting backends), widened by tol per cent and their
// half-widths.
func between(t *testing.T, name string, got model.Time, a, b sim.Estimate, tol float64) {
	t.Helper()
	lo, hi := a, b
	if lo.Value > hi.Value {
		lo, hi = hi, lo
	}
	low, high := (lo.Value-lo.HalfWidth)*(1-tol/100), (hi.Value+hi.HalfWidth)*(1+tol/100)
	if v := float64(got); v < low || v > high {
		t.Errorf("%s: closed form %.4g ms, outside %.4g to %.4g ms (the simulations' %.4g and %.4g, %.0f %% wider)", name, v*1e3, low*1e3, high*1e3, a.Value*1e3, b.Value*1e3, tol)
	}
	t.Logf("%s: closed form %.4g ms, simulations %.4g (shared cores) and %.4g ms (random order)", name, float64(got)*1e3, a.Value*1e3, b.Value*1e3)
}

// check is a closed-form figure against the simulation's and its
// tolerance in per cent.
type check struct {
	name  string
	model model.Time
	sim   sim.Estimate
	tol   float64
}

// within reports each check whose error exceeds its tolerance plus the
// simulation's half-width, and logs them all.
func within(t *testing.T, checks ...check) {
	t.Helper()
	for _, c := range checks {
		e := 100 * (float64(c.model) - c.sim.Value) / c.sim.Value
		if tol := c.tol + 100*c.sim.HalfWidth/c.sim.Value; math.Abs(e) > tol {
			t.Errorf("%s: closed form %.4g ms, simulation %.4g ± %.2g ms: error %+.1f %%, tolerance %.1f %%",
				c.name, float64(c.model)*1e3, c.sim.Value*1e3, c.sim.HalfWidth*1e3, e, tol)
		}
		t.Logf("%s: closed form %.4g ms, simulation %.4g ms (%+.1f %%)", c.name, float64(c.model)*1e3, c.sim.Value*1e3, e)
	}
}
