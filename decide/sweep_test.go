package decide

import (
	"math"
	"testing"

	"github.com/pgarch/pgarch/calibration"
	"github.com/pgarch/pgarch/model"
)

func TestAxisValues(t *testing.T) {
	lin, err := Axis{From: 0, To: 10, Points: 11, Scale: Linear}.Values()
	if err != nil || lin[3] != 3 || lin[10] != 10 {
		t.Errorf("linear 0..10 in 11 points = %v, %v; want 0, 1, …, 10", lin, err)
	}
	lg, err := Axis{From: 100, To: 1e6, Points: 5, Scale: Log}.Values()
	// Decades: 100, 1000, 10⁴, 10⁵, 10⁶.
	for i, want := range []float64{100, 1000, 1e4, 1e5, 1e6} {
		if err != nil || math.Abs(lg[i]-want) > 1e-9*want {
			t.Errorf("log 100..1e6 in 5 points [%d] = %v (%v), want %v", i, lg[i], err, want)
		}
	}
	// Ends far apart: To/From overflows, their logarithms do not.
	wide, err := Axis{From: 1e-300, To: 1e10, Points: 3, Scale: Log}.Values()
	if err != nil || math.IsInf(wide[1], 0) || math.Abs(wide[1]-1e-145) > 1e-9*1e-145 {
		t.Errorf("log 1e-300..1e10 in 3 points = %v (%v), want the middle at 1e-145", wide, err)
	}
	for _, bad := range []Axis{
		{From: 0, To: 1, Points: 1, Scale: Linear},
		{From: 0, To: 1, Points: MaxPoints + 1, Scale: Linear},
		{From: 0, To: 1, Points: 10, Scale: Log},
		{From: math.NaN(), To: 1, Points: 10, Scale: Linear},
		{From: 1, To: 2, Points: 10, Scale: "cubic"},
	} {
		if _, err := bad.Values(); err == nil {
			t.Errorf("Axis%+v.Values() = nil error, want one", bad)
		}
	}
}

// TestRunBisection sweeps a synthetic evaluator whose answers change at
// known points: single-node meets a 10 ms p99 write target while
// x < 1234 (p99 = x/123.4 ms), and saturates at x ≥ 4321; sharded is
// always feasible. The crossover must be found at 1234 and the saturation
// at 4321, to within 2⁻¹⁰ of a step (bisection), far inside one step.
func TestRunBisection(t *testing.T) {
	const cross, sat = 1234.0, 4321.0
	eval := func(x float64) ([]model.Result, model.Workload, error) {
		single := result(model.SingleNode, 100, model.Time(x/123.4)*model.Millisecond)
		if x >= sat {
			single.Saturated, single.MaxThroughputScale = true, sat/x
			single.Write.P99 = model.Time(math.Inf(1))
		}
		return []model.Result{single, result(model.Sharded, 1000, 5*model.Millisecond)}, model.DefaultWorkload(), nil
	}
	axis := Axis{From: 100, To: 10000, Points: 21, Scale: Linear}
	sw := runUnder10ms(t, axis, eval)
	step := (axis.To - axis.From) / float64(axis.Points-1)
	if len(sw.Crossovers) != 1 {
		t.Fatalf("crossovers = %+v, want one", sw.Crossovers)
	}
	c := sw.Crossovers[0]
	if c.From != "single-node" || c.To != "sharded" || math.Abs(c.X-cross) > step/1024 {
		t.Errorf("crossover = %+v, want single-node → sharded at %v ± %v", c, cross, step/1024)
	}
	if got := sw.Saturation["single-node"]; math.Abs(got-sat) > step/1024 {
		t.Errorf("single-node saturates at %v, want %v ± %v", got, sat, step/1024)
	}
	if got := sw.Saturation["sharded"]; !math.IsNaN(got) {
		t.Errorf("sharded saturates at %v, want NaN (never)", got)
	}
}

// TestRunCrossoversWithinStep sweeps a synthetic evaluator whose
// recommendation changes twice within one step of the grid (0, 1000, …,
// 10000): single-node meets a 10 ms p99 write target while x < 1234 (p99 =
// x/123.4 ms), read-replicas while x < 1618 (p99 = x/161.8 ms), and sharded
// always (5 ms). Costs 100, 300 and 1000 keep the lecture's order (none is
// under half the simplest's), so the points 1000 and 2000 recommend
// single-node and sharded, and read-replicas wins in between. The sweep
// must report single-node → read-replicas at 1234, then read-replicas →
// sharded at 1618, each to within 2⁻¹⁰ of a step, not single-node →
// sharded once.
func TestRunCrossoversWithinStep(t *testing.T) {
	const first, second = 1234.0, 1618.0
	eval := func(x float64) ([]model.Result, model.Workload, error) {
		return []model.Result{
			result(model.SingleNode, 100, model.Time(x/123.4)*model.Millisecond),
			result(model.ReadReplicas, 300, model.Time(x/161.8)*model.Millisecond),
			result(model.Sharded, 1000, 5*model.Millisecond),
		}, model.DefaultWorkload(), nil
	}
	axis := Axis{From: 0, To: 10000, Points: 11, Scale: Linear}
	sw := runUnder10ms(t, axis, eval)
	step := (axis.To - axis.From) / float64(axis.Points-1)
	want := []Crossover{{first, "single-node", "read-replicas"}, {second, "read-replicas", "sharded"}}
	if len(sw.Crossovers) != len(want) {
		t.Fatalf("crossovers = %+v, want %+v", sw.Crossovers, want)
	}
	for i, c := range sw.Crossovers {
		if c.From != want[i].From || c.To != want[i].To || math.Abs(c.X-want[i].X) > step/1024 {
			t.Errorf("crossover %d = %+v, want %+v ± %v", i, c, want[i], step/1024)
		}
	}
}

// TestRunCrossoversBounded sweeps an evaluator whose recommendation
// alternates every 10 units of x: single-node (p99 5 ms) where ⌊x/10⌋ is
// even, sharded where it is odd (single-node's p99 20 ms > 10 ms). Between
// the sweep's two points, 0 (single-node) and 1015 (⌊101.5⌋ = 101, odd:
// sharded), it changes 101 times. At most maxCrossovers are reported, in
// ascending x, and they still chain from single-node to sharded.
func TestRunCrossoversBounded(t *testing.T) {
	eval := func(x float64) ([]model.Result, model.Workload, error) {
		p99 := 5 * model.Millisecond
		if int(math.Floor(x/10))%2 == 1 {
			p99 = 20 * model.Millisecond
		}
		return []model.Result{
			result(model.SingleNode, 100, p99),
			result(model.Sharded, 1000, 5*model.Millisecond),
		}, model.DefaultWorkload(), nil
	}
	sw := runUnder10ms(t, Axis{From: 0, To: 1015, Points: 2, Scale: Linear}, eval)
	cs := sw.Crossovers
	if len(cs) == 0 || len(cs) > maxCrossovers {
		t.Fatalf("crossovers = %+v, want 1 to %d", cs, maxCrossovers)
	}
	from := "single-node"
	for i, c := range cs {
		if c.From != from || c.To == c.From || (i > 0 && c.X <= cs[i-1].X) {
			t.Errorf("crossover %d = %+v after %+v: want From %s, a change, ascending x", i, c, cs[max(i-1, 0)], from)
		}
		from = c.To
	}
	if from != "sharded" {
		t.Errorf("last crossover to %s, want sharded (the point at 1015)", from)
	}
}

// TestSaturationMatchesCeiling checks the sweep against the engine's own
// ceiling: scaling every rate by x saturates an architecture of fixed size
// at x = max_throughput_scale of the base load (the ceiling search's
// definition), so a load_scale sweep must find that x within one step.
func TestSaturationMatchesCeiling(t *testing.T) {
	p := calibration.Default().Values
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	archs := []model.Architecture{{ID: model.SingleNode}, {ID: model.HotStandby}, {ID: model.ReadReplicas, Replicas: 2}, {ID: model.Sharded, Workers: 4}}
	base := make([]model.Result, len(archs))
	for i, a := range archs {
		res, err := a.Evaluate(w, p, r)
		if err != nil {
			t.Fatal(err)
		}
		base[i] = res
	}
	eval := func(x float64) ([]model.Result, model.Workload, error) {
		ws := w
		ws.ReadRate, ws.WriteRate = w.ReadRate*model.Rate(x), w.WriteRate*model.Rate(x)
		out := make([]model.Result, len(archs))
		for i, a := range archs {
			res, err := a.Evaluate(ws, p, r)
			if err != nil {
				return nil, ws, err
			}
			out[i] = res
		}
		return out, ws, nil
	}
	axis := Axis{From: 0.5, To: 20, Points: 40, Scale: Log}
	sw, err := Run(axis, eval, r)
	if err != nil {
		t.Fatal(err)
	}
	ratio := math.Pow(axis.To/axis.From, 1/float64(axis.Points-1)) // one log step
	for i, label := range Labels(base) {
		got, want := sw.Saturation[label], base[i].MaxThroughputScale
		if math.IsNaN(got) || got > want*ratio || got < want/ratio {
			t.Errorf("%s saturates at load_scale %v, want max_throughput_scale %v within one step (×%.3f)", label, got, want, ratio)
		}
	}
}

// A closed load never outruns its ceiling: as clients are added its
// throughput levels off at the ceiling and the rest queue in front, its
// headroom 1 from then on. A sweep of the clients reports that point as
// the saturation (review of 2026-11-28: a sweep of 1 to 2,000 clients
// reported none), between a count with room left and one without.
func TestClosedSweepSaturatesWhereTheClientsFillTheCeiling(t *testing.T) {
	p := calibration.Default().Values
	r := model.DefaultRequirements()
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate, w.ThinkTime = 20000, 5000, 0
	a := model.Architecture{ID: model.SingleNode}
	eval := func(x float64) ([]model.Result, model.Workload, error) {
		ws := w
		ws.Clients = int(math.Round(x))
		res, err := a.Evaluate(ws, p, r)
		return []model.Result{res}, ws, err
	}
	sw, err := Run(Axis{From: 1, To: 2000, Points: 12, Scale: Log}, eval, r)
	if err != nil {
		t.Fatal(err)
	}
	x := math.Round(sw.Saturation["single-node"]) // the clients, whole
	if math.IsNaN(x) || x <= 1 {
		t.Fatalf("saturation at %v clients, want one within the sweep", x)
	}
	below, _, _ := eval(x - 1)
	at, _, _ := eval(x)
	if !(below[0].MaxThroughputScale > 1+fullTol) || !(at[0].MaxThroughputScale <= 1+fullTol) {
		t.Errorf("headroom %v at %v clients, %v at %v: want room below the saturation and exactly 1 at it", below[0].MaxThroughputScale, x-1, at[0].MaxThroughputScale, x)
	}
}

// runUnder10ms runs a sweep of a synthetic evaluator under the default
// requirements with a p99 write target of 10 ms, the target the synthetic
// latencies are laid out against.
func runUnder10ms(t *testing.T, axis Axis, eval Evaluator) Sweep {
	t.Helper()
	r := model.DefaultRequirements()
	r.P99Write = 10 * model.Millisecond
	sw, err := Run(axis, eval, r)
	if err != nil {
		t.Fatal(err)
	}
	return sw
}
