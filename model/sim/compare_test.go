package sim_test

import (
	"flag"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/pgarch/pgarch/calibration"
	"github.com/pgarch/pgarch/model"
	"github.com/pgarch/pgarch/model/sim"
)

// architectures are the eight architectures with their sizes fixed, so
// that auto-sizing cannot move them between load levels (DBMS-optimised
// storage's writer without readers).
func architectures() []model.Architecture {
	return []model.Architecture{
		{ID: model.SingleNode}, {ID: model.NetworkAttachedStorage}, {ID: model.ReadReplicas, Replicas: 2},
		{ID: model.HotStandby}, {ID: model.DBMSOptimizedStorage, Sized: true}, {ID: model.Sharded, Workers: 4},
		{ID: model.ActiveActive, Nodes: 3}, {ID: model.DistributedSQL, Nodes: 5},
	}
}

// levels are the busiest station's utilisations compared.
var levels = []float64{0.3, 0.6, 0.85}

// mix is the offered mix that is scaled: the default workload with three
// reads per write (fewer than the default's twenty, so that a run measures
// enough writes for their p99) and, unless hot is 0, ten hot rows, so that
// row locks are exercised.
func mix(hot int) model.Workload {
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate, w.HotRows = 3000, 1000, hot
	return w
}

// profile is the lecture profile, the comparisons' own.
func profile(t testing.TB) model.Profile {
	t.Helper()
	return builtin(t, "lecture")
}

// builtin is the built-in profile of that name.
func builtin(t testing.TB, name string) model.Profile {
	t.Helper()
	p, ok := calibration.Lookup(name)
	if !ok {
		t.Fatalf("calibration.Lookup(%s) not found", name)
	}
	return p.Values
}

// busiest is the closed form's highest utilisation, as its ceiling search
// reads it: every resource but the flusher's probability of being busy
// (group commit absorbs more load in larger batches).
func busiest(r model.Result) (string, float64) {
	name, top := "", 0.0
	for _, u := range r.Utilization {
		if u.Resource != "wal_flush" && float64(u.Value) > top {
			name, top = u.Resource, float64(u.Value)
		}
	}
	return name, top
}

// scaled returns the mix scaled so that the closed form's busiest station
// runs at target, by bisection on the scale (utilisations grow with it).
func scaled(t testing.TB, a model.Architecture, base model.Workload, p model.Profile, target float64) (model.Workload, model.Result) {
	t.Helper()
	at := func(s float64) (model.Workload, model.Result) {
		w := base
		w.ReadRate, w.WriteRate, w.AnalyticalRate = base.ReadRate*model.Rate(s), base.WriteRate*model.Rate(s), base.AnalyticalRate*model.Rate(s)
		r, err := a.Evaluate(w, p, model.DefaultRequirements())
		if err != nil {
			t.Fatalf("Evaluate(%s): %v", a.ID, err)
		}
		return w, r
	}
	over := func(s float64) bool {
		_, r := at(s)
		_, u := busiest(r)
		return r.Saturated || u >= target
	}
	lo, hi := 0.0, 1.0
	for !over(hi) {
		lo, hi = hi, 2*hi
	}
	for hi-lo > 1e-4*hi {
		if mid := (lo + hi) / 2; over(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return at(lo)
}

// metrics are the compared figures, in table order.
var metrics = []string{"read mean", "read p99", "write mean", "write p99"}

// comparison is one architecture at one load level: the closed form's
// figures and the simulation's.
type comparison struct {
	name       string // architecture, and the variant
	id         model.ID
	hotRows    int
	level      float64
	bottleneck string
	model      [4]float64 // seconds, in metrics order
	sim        [4]sim.Estimate
	saturated  bool   // the simulation could not keep up
	busy       string // the simulation's busiest station or pool
	busyU      float64
}

// errPct is the closed form's error relative to the simulation, in percent.
func (c comparison) errPct(i int) float64 {
	return 100 * (c.model[i] - c.sim[i].Value) / c.sim[i].Value
}

// ciPct is the simulation's 95 % half-width relative to its value, in percent.
func (c comparison) ciPct(i int) float64 { return 100 * c.sim[i].HalfWidth / c.sim[i].Value }

// long runs the comparisons at the length docs/simulation.md's tables
// were made with.
var long = flag.Bool("long", false, "run the comparisons with 200,000 requests each, as docs/simulation.md")

// requests is a run's measured requests (all classes). With -long, 200,000:
// about 50,000 writes, whose p99 a batch-means interval then pins to a
// few per cent at ρ ≤ 0.6 (docs/simulation.md). By default 60,000, so that
// `go test ./...` stays within a few CPU seconds per architecture; the
// intervals, part of every tolerance, widen by √(10/3). -short (CI under
// -race) takes 6,000: a smoke test.
func requests() int {
	switch {
	case testing.Short():
		return 6_000
	case *long:
		return 200_000
	}
	return 60_000
}

// simCase is one compared configuration: an architecture, the hot rows of
// its mix, and the share of its writes that update a Citus reference
// table.
type simCase struct {
	name      string
	a         model.Architecture
	hot       int
	reference float64
	spread    bool    // clients in each of the architecture's regions alike
	bucket    float64 // a network volume's token bucket, I/Os (0: the profile's)
}

// cases are the compared configurations: every architecture with hot rows;
// sharded and distributed SQL without them too, because their row-lock
// rate is a known error of the closed form (docs/simulation.md, K4) that
// would otherwise hide every other comparison of theirs; and single-node
// without them, where the CPU's tail (K3) is not offset by the row lock's
// (K2); hot-standby with a quorum of standbys (ANY 2 of 3); and sharded
// with a fifth of its writes updating a reference table, whose lock then
// binds.
func cases() []simCase {
	var out []simCase
	for _, a := range architectures() {
		out = append(out, simCase{name: string(a.ID), a: a, hot: 10})
		if a.ID == model.SingleNode || a.ID == model.Sharded || a.ID == model.DistributedSQL {
			out = append(out, simCase{name: string(a.ID) + " (no hot rows)", a: a})
		}
		if a.ID == model.NetworkAttachedStorage && !testing.Short() {
			// One hot row behind a 1 ms flush: its holders flush one after
			// another, and none waits for its previous holder's
			// (model.commitSerial); two: the other row's holders commit
			// during each flush, and a holder waits as any commit does
			// (review of 2026-11-27).
			out = append(out, simCase{name: string(a.ID) + " (one hot row)", a: a, hot: 1})
			out = append(out, simCase{name: string(a.ID) + " (two hot rows)", a: a, hot: 2})
			// The volume's throttle with small buckets, so that I/Os wait
			// for tokens below the ceiling: one token (M/D/1) and three
			// (the tail form of queue.TokenBucketWait).
			out = append(out, simCase{name: string(a.ID) + " (bucket of one)", a: a, hot: 10, bucket: 1})
			out = append(out, simCase{name: string(a.ID) + " (bucket of three)", a: a, hot: 10, bucket: 3})
		}
		if a.ID == model.Sharded {
			// A synchronous standby per node: both phases of the default
			// 10 % of two-phase commits, and the coordinator's commit
			// between them, wait for it.
			s := a
			s.Standbys, s.SyncCommit = []model.Placement{model.CrossZone}, model.SyncOn
			out = append(out, simCase{name: string(a.ID) + " (sync standby)", a: s})
			// Reference-table updates serialised on the table's lock
			// through their two-phase commit over every worker.
			out = append(out, simCase{name: string(a.ID) + " (reference updates)", a: a, reference: 0.2})
			// With hot rows too: the reference table's lock is taken in the
			// last statement, inside the hot row's hold.
			out = append(out, simCase{name: string(a.ID) + " (reference updates, hot rows)", a: a, hot: 10, reference: 0.2})
		}
		if a.ID == model.DistributedSQL && !testing.Short() {
			// Three nodes in three named regions: leaseholder hops and Raft
			// majorities at the profile's matrix of round trips. Not in the
			// -short smoke run: its 6,000 requests last about four
			// simulated seconds, five 0.8 s session holds, no steady state
			// (the run flags its sessions as saturated).
			r := a
			r.Nodes, r.Regions, r.NodePlacement = 3, []string{"us-east-1", "us-west-2", "eu-central-1"}, model.CrossRegion
			out = append(out, simCase{name: string(a.ID) + " (3 regions)", a: r})
			// The same with the clients spread over the three regions,
			// each on its region's gateway: leaseholder hops across
			// regions (docs/simulation.md, K9).
			out = append(out, simCase{name: string(a.ID) + " (3 regions, clients spread)", a: r, spread: true})
		}
		if a.ID == model.HotStandby {
			// A quorum of standbys: the 2nd acknowledgement of 3
			// cross-zone standbys, each with its own flusher.
			q := a
			q.Standbys, q.Quorum, q.QuorumCount = []model.Placement{model.CrossZone, model.CrossZone, model.CrossZone}, model.Any, 2
			out = append(out, simCase{name: string(a.ID) + " (ANY 2 of 3)", a: q, hot: 10})
		}
	}
	return out
}

var (
	compareOnce sync.Once
	compared    []comparison
	compareErr  error
)

// compareAll runs every case at every level once per test binary.
func compareAll(t *testing.T) []comparison {
	t.Helper()
	compareOnce.Do(func() {
		p := profile(t)
		for _, c := range cases() {
			for _, level := range levels {
				r, err := compare(t, c, level, p)
				if err != nil {
					compareErr = err
					return
				}
				compared = append(compared, r)
			}
		}
	})
	if compareErr != nil {
		t.Fatal(compareErr)
	}
	return compared
}

func compare(t *testing.T, sc simCase, level float64, p model.Profile) (comparison, error) {
	a, name, hot := sc.a, sc.name, sc.hot
	if sc.bucket > 0 {
		p.Network.ThrottleWindow = model.Time(sc.bucket / float64(p.Network.IOPS))
	}
	base := mix(hot)
	base.ReferenceWriteFraction = model.Ratio(sc.reference)
	if sc.spread {
		base.ClientRegions = map[string]float64{}
		for _, r := range a.Regions {
			base.ClientRegions[r] = 1
		}
	}
	w, res := scaled(t, a, base, p, level)
	bn, _ := busiest(res)
	c := comparison{name: name, id: a.ID, hotRows: hot, level: level, bottleneck: bn}
	n, err := a.Network(w, p, model.DefaultRequirements())
	if err != nil {
		return c, fmt.Errorf("%s at %.2f: Network: %w", name, level, err)
	}
	// At ρ 0.85 a tail rests on a few long busy periods (a row lock's, a
	// CPU's), so one run's p99 moves with the random stream by more than
	// its batch means claim: five replications there.
	runs := simulate(t, n, sim.Config{Requests: requests()}, level > 0.8 && !testing.Short())
	rd, wr := pooled(runs, "read"), pooled(runs, "write")
	c.model = [4]float64{float64(res.Read.Mean), float64(res.Read.P99), float64(res.Write.Mean), float64(res.Write.P99)}
	c.sim = [4]sim.Estimate{rd.Mean, rd.P99, wr.Mean, wr.P99}
	for _, out := range runs {
		for _, s := range append(out.Stations, out.Pools...) {
			// A group-commit flusher is busy nearly all the time under load
			// and still steady: each flush carries the commits that came
			// during the last (busy x/(x + e^(−x)) < 1 at any rate), so it is
			// no limit (the NAS case at 0.85 ran it 93–97 % busy).
			if !strings.HasPrefix(s.Name, "storage") && !strings.Contains(s.Name, "flush") && s.Utilization > c.busyU {
				c.busy, c.busyU = s.Name, s.Utilization
			}
		}
		// A station or pool busy 97 % of the time or more is at its limit: its
		// queue's transient over a finite run is no steady state to compare with.
		c.saturated = c.saturated || out.Saturated
	}
	c.saturated = c.saturated || c.busyU >= 0.97
	return c, nil
}

// replications is the number of independent runs simulate makes when
// asked to replicate.
const replications = 5

// simulate runs the simulation once with seed 1, or, if replicate, with
// seeds 1 to 5: independent replications (Law and Kelton, Simulation
// Modeling and Analysis, 3rd ed., §9.4.1). A tail that rests on a few long
// busy periods moves with the random stream far beyond the interval one
// run's batch means claim: a single node's scan p99 at ρ 0.85 ranged from
// 432 to 696 ms over seeds 1 to 5 against a claimed ±10 %, and a sharded
// write p99 at 0.85 (row lock) from 12.2 to 17.4 ms against ±7 to ±11 %.
func simulate(t *testing.T, n model.Network, cfg sim.Config, replicate bool) []sim.Result {
	t.Helper()
	k := 1
	if replicate {
		k = replications
	}
	runs := make([]sim.Result, k)
	for i := range runs {
		cfg.Seed = uint64(i + 1)
		out, err := sim.Run(n, cfg)
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		runs[i] = out
	}
	return runs
}

// pooled returns a class's mean and p99 over the runs: one run's own
// estimates, or the average of several with the interval of independent
// replications, Student's t with 4 degrees of freedom (2.776) times the
// runs' standard deviation over √5.
func pooled(runs []sim.Result, class string) sim.ClassResult {
	if len(runs) == 1 {
		cl, _ := runs[0].Class(class)
		return cl
	}
	const t975 = 2.776 // Student's t, 0.975 quantile, 4 degrees of freedom
	var means, p99s [replications]float64
	out := sim.ClassResult{Name: class}
	for i, r := range runs {
		cl, _ := r.Class(class)
		means[i], p99s[i] = cl.Mean.Value, cl.P99.Value
		out.Count += cl.Count
	}
	estimate := func(xs [replications]float64) sim.Estimate {
		var sum, sum2 float64
		for _, x := range xs {
			sum += x
			sum2 += x * x
		}
		m := sum / replications
		sd := math.Sqrt(math.Max(0, (sum2-replications*m*m)/(replications-1)))
		return sim.Estimate{Value: m, HalfWidth: t975 * sd / math.Sqrt(replications)}
	}
	out.Mean, out.P99 = estimate(means), estimate(p99s)
	return out
}

// tolerance is the allowed |error| of the closed form against the
// simulation, in percent of the simulated value, before the simulation's
// own 95 % half-width is added (docs/simulation.md, "Tolerances"):
//
//   - means: 3 %, 6 % at ρ = 0.85. Every station's mean is exact in the
//     closed form (M/M/c by Erlang C, processor sharing by its
//     insensitivity, Little's law for sessions); what is approximate is
//     group commit's wait, F·(1 + P(busy)), and the row lock's M/G/1 with
//     unchained waits, each a few per cent of a write at most, more as
//     their queues grow.
//   - p99: 10 %, 15 % at ρ = 0.85. A path's p99 is that of a sum of
//     steps taken as independent, each a two-moment fit of a sojourn
//     (ADR 0002); in the simulation a transaction's visits to one station
//     are correlated through its queue, which matters as the queue grows.
func tolerance(metric int, level float64) float64 {
	high := level > 0.8
	switch {
	case metric%2 == 0 && high:
		return 6
	case metric%2 == 0:
		return 3
	case high:
		return 15
	}
	return 10
}

// known are the closed form's errors beyond tolerance that
// docs/simulation.md records with the proposed fix, by the key
// "name/level/metric"; each maps to the error's label there and a bound
// on |error| in percent that still holds (so that a regression fails).
var known = map[string]struct {
	label string
	bound float64
}{
	// K3c: a long job's slowdown, between averaged out (an exponential
	// extra) and fixed by the long jobs it finds (job's branch form),
	// mixed by their share and relaxation time (cpu.longJob): the scan's
	// p99 at 0.6 is +9.6 % at 180,000 requests (it was −23 %), at the
	// edge of its 10.2 % tolerance.
	"single-node (analytical)/0.60/analytical p99": {"K3c", 20},
	// K3c at 0.85: a p99 from about 1,800 scans per run, whose estimate
	// moves with the random stream: +7 % and +25 % on two streams of the
	// default length, +13 ± 17 % at 200,000 requests (2026-11-26).
	"single-node (analytical)/0.85/analytical p99": {"K3c", 30},
	// K3b: a transaction's CPU visits see correlated queues; cpu.visits
	// takes them as one busy period with weight e^(−gap/τ). The sum's p99
	// at ρ = 0.85 was −19 to −22 %; now +4.8 % at 200,000 requests and
	// +20 % at 60,000, whose simulated p99 is 13 % lower.
	"single-node (no hot rows)/0.85/write p99": {"K3b", 30},
	// K8: a row lock that is itself the bottleneck at ρ = 0.85 (DBMS-
	// optimised storage, whose commit holds the lock through the storage
	// client's CPU and the quorum): Pollaczek–Khinchine overstates the
	// wait (measured +10 to +13 % mean, +20 to +34 % p99 at 200,000 and
	// 60,000 requests).
	"dbms-optimized-storage/0.85/write mean": {"K8", 25},
	"dbms-optimized-storage/0.85/write p99":  {"K8", 50},
	// K10: a reference table's lock inside a hot row's, both busy at
	// 0.85: the closed form adds the reference wait to the hot row's hold
	// (+1.2 % mean and −3.2 % p99 at 0.6), but no more writers than hot
	// rows can queue for the reference table, a finite population the
	// M/G/1 stations do not see: +48 % mean, +48 % p99 at 200,000
	// requests, +52 % and +63 % at 60,000 (2026-11-26), the conservative
	// side. The p99 moves with the random stream: +83 and +87 % at
	// 200,000 requests, up to +107 % at 60,000 (2026-11-27), and +119.5 %
	// (24.6 ± 1.9 ms) at 60,000 once the caches split heap pages and
	// leaves, whose closed form moved 54.09 → 54.05 ms: the stream alone.
	"sharded (reference updates, hot rows)/0.85/write mean": {"K10", 70},
	"sharded (reference updates, hot rows)/0.85/write p99":  {"K10", 125},
	// K15: ten hot rows beside a busy CPU at 0.85. Each commit of a row
	// wakes its waiters, whose work (plan.rowLock, handOverWork) the closed
	// form takes at its mean queue, a fixed point; in the simulation a
	// burst that lengthens the rows' queues adds CPU that lengthens them
	// further, and runs tip into a collapse (60,000 requests, seeds 1 to
	// 3: single-node one in three, write mean 12.8 ms for 2.7; DBMS-
	// optimised storage, whose row locks are at 0.85, all three, 260 to
	// 520 ms for 11; every case in some of five replications of 200,000,
	// 2026-11-27), a metastable state no steady state shows (the result
	// warns).
	"single-node/0.85/saturated":            {"K15", 0},
	"read-replicas/0.85/saturated":          {"K15", 0},
	"dbms-optimized-storage/0.85/saturated": {"K15", 0},
	// K11: two hot rows behind a 1 ms flush: a holder's commit meets the
	// other row's holders' flushes, correlated with its own row's cycle,
	// where the closed form takes the flusher's Poisson busy probability:
	// write mean +6.2, +9.6 and +15.5 % at 0.3, 0.6 and 0.85 at 200,000
	// requests (2026-11-27), and at 0.85 the write p99 with it, +13.9 %
	// since the row's waiters are served in random order (+7 % under
	// FIFO), the conservative side in this mix (a
	// write-only mix of one-statement transactions went the other way near
	// the lock's saturation: review of 2026-11-27).
	"network-attached-storage (two hot rows)/0.30/write mean": {"K11", 10},
	"network-attached-storage (two hot rows)/0.60/write mean": {"K11", 15},
	"network-attached-storage (two hot rows)/0.85/write mean": {"K11", 25},
	"network-attached-storage (two hot rows)/0.85/write p99":  {"K11", 25},
	// K17: a volume's small bucket at 0.85 of ten hot rows' locks: write
	// mean −14.8 % (one token, 60,000 requests), −18.2 % and −16.9 %
	// (one and three tokens, 200,000 requests and five replications,
	// 2026-11-27); reads within tolerance.
	"network-attached-storage (bucket of one)/0.85/write mean":   {"K17", 25},
	"network-attached-storage (bucket of three)/0.85/write mean": {"K17", 25},
	// K7: a multi-shard query's batch of shard tasks: the closed form
	// (batchJob) meets the means, but its tail is a constant plus one
	// exponential branch, where the simulated tail comes from a few
	// overlapping batches (measured p99 −31 to +27 % at 60,000 and
	// 200,000 requests).
	"sharded (analytical)/0.30/analytical p99":        {"K7", 40},
	"sharded (analytical)/0.60/analytical p99":        {"K7", 40},
	"sharded (analytical)/0.85/analytical p99":        {"K7", 60}, // narrow batches: −44 % (interval ±50 %), below
	"sharded W8 S64 (analytical)/0.30/analytical p99": {"K7", 40},
	"sharded W8 S64 (analytical)/0.60/analytical p99": {"K7", 40},
	"sharded W8 S64 (analytical)/0.85/analytical p99": {"K7", 40},
	// K7 on distributed SQL: one flow per node (a batch of one), the
	// same shared tail (measured p99 −26 % at 0.6 over 5 × 180,000
	// requests, 2026-11-26).
	"distributed-sql (analytical)/0.30/analytical p99": {"K7", 40},
	"distributed-sql (analytical)/0.60/analytical p99": {"K7", 40},
	"distributed-sql (analytical)/0.85/analytical p99": {"K7", 40},
	"sharded W4 S16 (analytical)/0.30/analytical p99":  {"K7", 40},
	"sharded W4 S16 (analytical)/0.60/analytical p99":  {"K7", 40},
	"sharded W4 S16 (analytical)/0.85/analytical p99":  {"K7", 60}, // narrow batches: −49 % (interval ±40 %), below
	// K7, half-wide batches (4 tasks on 8 cores): the mean at 0.6 is
	// −6.8 ± 0.6 % over five replications of 180,000 requests (−6.2 % in
	// one run of 200,000), beyond the 3 % tolerance; one run of 180,000
	// had passed by chance.
	"sharded W4 S16 (analytical)/0.60/analytical mean": {"K7", 10},
	// K7, whole-core batches at 0.6: −4.0 ± 1.4 % over five replications
	// of 180,000 requests, at the edge of the 4.3 % tolerance; a change
	// that moved only the random stream (the scans' share of the page
	// cache, 2026-11-28: the closed form unchanged at 29.49 ms) took it to
	// −4.7 %.
	"sharded (analytical)/0.60/analytical mean": {"K7", 7},
	// K7, narrow batches: since slow start (2026-11-26) a worker's 36 ms
	// of shard tasks run on the connections it opens, a batch of about
	// two tasks on 8 cores, and at 0.85 the closed form's mean is low by
	// −14 to −24 % (five replications of 180,000 requests, half-widths
	// ±8 to ±11 %), as the half-wide batches above at 0.6.
	"sharded (analytical)/0.85/analytical mean":        {"K7", 30},
	"sharded W8 S64 (analytical)/0.85/analytical mean": {"K7", 30},
	"sharded W4 S16 (analytical)/0.85/analytical mean": {"K7", 30},
}

func knownKey(c comparison, i int) string {
	return fmt.Sprintf("%s/%.2f/%s", c.name, c.level, metrics[i])
}

// saturatedKey is the key of a known error in which the simulation
// saturates where the closed form does not (its bound unused).
func saturatedKey(c comparison) string {
	return fmt.Sprintf("%s/%.2f/saturated", c.name, c.level)
}

// TestArchitectures compares the closed forms with the simulation of
// their own assumptions for every architecture at ρ = 0.3, 0.6 and 0.85 of
// its busiest station: read and write mean and p99.
func TestArchitectures(t *testing.T) {
	for _, c := range compareAll(t) {
		t.Run(fmt.Sprintf("%s/%.2f", c.name, c.level), func(t *testing.T) {
			if c.saturated {
				k, ok := known[saturatedKey(c)]
				if !ok && testing.Short() && c.level > 0.8 && c.hotRows > 0 {
					// The smoke run's 6,000 requests, a few seconds at ρ
					// 0.85, tip where hot rows' hand-overs meet a burst
					// (K15: hot-standby with ANY 2 of 3 under -race, row
					// locks at 0.86, 2026-11-27) that the full run's five
					// replications of 60,000 ride out.
					t.Logf("smoke run: the simulation saturates (%s at %.2f) beside hot rows at 0.85, as K15", c.busy, c.busyU)
					return
				}
				if !ok {
					t.Fatalf("simulation saturated (%s at %.2f), closed form's busiest %s at %.2f", c.busy, c.busyU, c.bottleneck, c.level)
				}
				t.Logf("known error %s: the simulation saturates (%s at %.2f)", k.label, c.busy, c.busyU)
				return
			}
			for i, m := range metrics {
				e := c.errPct(i)
				tol := tolerance(i, c.level) + c.ciPct(i)
				k, isKnown := known[knownKey(c, i)]
				if testing.Short() {
					// A smoke test (CI under -race): 6,000 requests are a
					// few relaxation times of a queue at ρ = 0.85, too few
					// for a p99; means only, ±25 % plus the simulation's
					// interval, which at 0.85 is itself ±8 to ±10 %.
					if i%2 == 1 {
						continue
					}
					tol = 25 + c.ciPct(i)
					if isKnown {
						if c.level > 0.8 {
							// A known error's bound at 0.85 was measured over
							// 60,000 and more requests, which the full run
							// checks; 6,000 move its mean by more than its
							// margin (K10 at +48 %: +9 % and +86 % in two
							// smoke runs of one closed form, 2026-11-27).
							continue
						}
						tol = max(tol, k.bound)
					}
					isKnown = false
				}
				if isKnown {
					// A known error's bound, like a tolerance, holds up to the
					// simulation's own interval.
					if math.Abs(e) > k.bound+c.ciPct(i) {
						t.Errorf("%s: closed form %.4g ms, simulation %.4g ± %.2g ms: error %+.1f %%, beyond the known error %s's bound %.0f %% plus the interval",
							m, c.model[i]*1e3, c.sim[i].Value*1e3, c.sim[i].HalfWidth*1e3, e, k.label, k.bound)
					}
					continue
				}
				if math.Abs(e) > tol {
					t.Errorf("%s: closed form %.4g ms, simulation %.4g ± %.2g ms: error %+.1f %%, tolerance %.1f %%",
						m, c.model[i]*1e3, c.sim[i].Value*1e3, c.sim[i].HalfWidth*1e3, e, tol)
				}
			}
		})
	}
}

// TestSimulationTable prints the error table of docs/simulation.md as
// Markdown. Regenerate it with
//
//	go test ./model/sim -run TestSimulationTable -v -long
func TestSimulationTable(t *testing.T) {
	if !testing.Verbose() {
		t.Skip("prints the table with -v only")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "| architecture | ρ | closed-form bottleneck | metric | closed form (ms) | simulation (ms, ±95 %%) | error | tolerance |\n")
	fmt.Fprintf(&b, "|---|---|---|---|---|---|---|---|\n")
	for _, c := range compareAll(t) {
		for i, m := range metrics {
			tol := fmt.Sprintf("±%.0f %% + CI", tolerance(i, c.level))
			if k, ok := known[knownKey(c, i)]; ok {
				tol = fmt.Sprintf("known %s (≤ %.0f %%)", k.label, k.bound)
			}
			if c.saturated {
				label := "?"
				if k, ok := known[saturatedKey(c)]; ok {
					label = k.label
				}
				fmt.Fprintf(&b, "| %s | %.2f | %s | %s | %.4f | saturated (%s at %.2f) | — | known %s |\n",
					c.name, c.level, c.bottleneck, m, c.model[i]*1e3, c.busy, c.busyU, label)
				continue
			}
			fmt.Fprintf(&b, "| %s | %.2f | %s | %s | %.4f | %.4f ± %.4f | %+.1f %% | %s |\n",
				c.name, c.level, c.bottleneck, m, c.model[i]*1e3, c.sim[i].Value*1e3, c.sim[i].HalfWidth*1e3, c.errPct(i), tol)
		}
	}
	fmt.Print(b.String())
}
