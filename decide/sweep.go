package decide

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/pgarch/pgarch/model"
)

// MaxPoints bounds a sweep: 1000 points of eight architectures take well
// under a second.
const MaxPoints = 1000

// Scale spaces a sweep's points.
type Scale string

// Scales.
const (
	Linear Scale = "linear"
	Log    Scale = "log"
)

// Axis is the swept input: Points values from From to To, spaced by Scale.
type Axis struct {
	From, To float64
	Points   int
	Scale    Scale
}

// AxisError is an axis that cannot be swept: Field names the offending
// member (from, to, points or scale).
type AxisError struct {
	Field, Detail string
}

func (e *AxisError) Error() string { return "decide: " + e.Field + " " + e.Detail }

// Values returns the axis's points, From and To included.
//
// Special cases are (each a *AxisError):
//
//	Points < 2, > MaxPoints, a non-finite bound → error
//	Scale Log with a bound ≤ 0, From == To      → error
func (a Axis) Values() ([]float64, error) {
	switch {
	case a.Points < 2 || a.Points > MaxPoints:
		return nil, &AxisError{"points", fmt.Sprintf("must be 2 to %d", MaxPoints)}
	case math.IsNaN(a.From) || math.IsInf(a.From, 0):
		return nil, &AxisError{"from", "must be finite"}
	case math.IsNaN(a.To) || math.IsInf(a.To, 0):
		return nil, &AxisError{"to", "must be finite"}
	case a.Scale != Log && a.Scale != Linear:
		return nil, &AxisError{"scale", "must be linear or log"}
	case a.Scale == Log && a.From <= 0:
		return nil, &AxisError{"from", "a log scale needs from above 0"}
	case a.Scale == Log && a.To <= 0:
		return nil, &AxisError{"to", "a log scale needs to above 0"}
	case a.From == a.To:
		// Every point the same (review of 2026-11-27: 50 copies of one
		// point, which a spreadsheet's sums multiply).
		return nil, &AxisError{"to", "must differ from from: a sweep needs a range"}
	}
	xs := make([]float64, a.Points)
	for i := range xs {
		xs[i] = a.at(float64(i) / float64(a.Points-1))
	}
	xs[0], xs[len(xs)-1] = a.From, a.To // exact, whatever the rounding
	return xs, nil
}

// at returns the point a fraction t of the way from From to To.
func (a Axis) at(t float64) float64 {
	if a.Scale == Log {
		if r := a.To / a.From; !math.IsInf(r, 0) && r > 0 {
			return a.From * math.Pow(r, t)
		}
		// In logarithms where To/From overflows (1e-300 to 1e9).
		return math.Exp(math.Log(a.From) + t*(math.Log(a.To)-math.Log(a.From)))
	}
	return a.From + t*(a.To-a.From)
}

// mid returns the point halfway between x and y on the axis's scale.
func (a Axis) mid(x, y float64) float64 {
	if a.Scale == Log {
		return math.Sqrt(x) * math.Sqrt(y) // x·y may underflow or overflow
	}
	return (x + y) / 2
}

// Point is one workload of a sweep, evaluated: the results in the order of
// the architectures, the workload and its recommendation.
type Point struct {
	X         float64
	Results   []model.Result
	Recommend Recommendation
	closed    bool // the clients are a closed load's
}

// fullTol is how close to 1 a closed load's headroom is at the ceiling:
// the ceiling search's tolerance (model's ceilingTol).
const fullTol = 1e-3

// full reports whether option j saturates at p: an open load beyond its
// ceiling; a closed load, which never outruns its ceiling, where its
// clients fill it (headroom 1) and the rest queue in front (review of
// 2026-11-28: a sweep of 1 to 2,000 clients reported no saturation).
func (p Point) full(j int) bool {
	r := p.Results[j]
	return r.Saturated || p.closed && r.MaxThroughputScale <= 1+fullTol
}

// Crossover is where the recommended architecture changes.
type Crossover struct {
	// X is the swept input where From stops and To starts being
	// recommended, located by bisection between two sweep points (or
	// between the previous crossover and the next point, where the
	// recommendation changes more than once within one step).
	X float64
	// From and To are labels ("" = nothing feasible); To is the
	// recommendation evaluated just after X, not the next point's.
	From, To string
}

// SizeStep is where a re-sized architecture's node count changes.
type SizeStep struct {
	Label    string
	X        float64 // the first point with the new count
	From, To int     // database nodes
}

// RoundX reports every x as the whole number an integer field was
// evaluated at (the evaluator rounds it): a point, a crossover or a size
// step at the first count with its new state, a saturation at the first
// count that saturates. Points that round to the count before them are the
// same evaluation and are dropped (review of 2026-11-26: x = 1, 1, 2, 2, …
// doubled a pivot table's sums).
func (s *Sweep) RoundX() {
	for i := range s.Points {
		s.Points[i].X = math.Round(s.Points[i].X)
	}
	s.Points = slices.CompactFunc(s.Points, func(a, b Point) bool { return a.X == b.X })
	for i := range s.Crossovers {
		s.Crossovers[i].X = math.Round(s.Crossovers[i].X)
	}
	for i := range s.SizeSteps {
		s.SizeSteps[i].X = math.Round(s.SizeSteps[i].X)
	}
	for k, x := range s.Saturation {
		s.Saturation[k] = math.Round(x)
	}
}

// Sweep is the result of varying one input.
type Sweep struct {
	Points []Point
	// Saturation maps each option's label to the smallest swept x where it
	// saturates (under a closed load: where its clients fill its ceiling),
	// located by bisection (NaN: not within the range; From when it is
	// saturated at the first point).
	Saturation map[string]float64
	// FallsBehind tells, per label with a Saturation, whether what
	// saturates there is a copy's replication, the requests still served.
	FallsBehind map[string]bool
	// Crossovers are in ascending x and chain: each From is the previous
	// To, the first From the first point's recommendation and the last To
	// the last point's.
	Crossovers []Crossover
	SizeSteps  []SizeStep
}

// Evaluator evaluates every architecture at one value of the swept input.
type Evaluator func(x float64) ([]model.Result, model.Workload, error)

// bisections refine a change between two adjacent points to 2⁻¹⁰ of the
// step: far inside one sweep step, for ten evaluations per change.
const bisections = 10

// Run evaluates the sweep's points, recommends at each and locates the
// saturation points and crossovers between them by bisection. Points and
// bisections run in parallel on every available core: eval must be safe
// for concurrent use (a pure function of x, like the model).
func Run(axis Axis, eval Evaluator, r model.Requirements) (Sweep, error) {
	xs, err := axis.Values()
	if err != nil {
		return Sweep{}, err
	}
	at := func(x float64) (Point, error) {
		results, w, err := eval(x)
		if err != nil {
			return Point{}, err
		}
		return Point{X: x, Results: results, Recommend: Recommend(results, w, r, nil), closed: w.Clients > 0}, nil
	}
	s := Sweep{Points: make([]Point, len(xs)), Saturation: map[string]float64{}, FallsBehind: map[string]bool{}}
	err = parallel(len(xs), func(i int) (err error) {
		s.Points[i], err = at(xs[i])
		return err
	})
	if err != nil {
		return Sweep{}, err
	}

	// Each saturation is one bisection and each change of the
	// recommendation between two adjacent points a chain of them
	// (crossovers): the jobs run in parallel, each writing its own slot.
	labels := Labels(s.Points[0].Results)
	saturation := make([]float64, len(labels))
	behind := make([]bool, len(labels))
	steps := make([][]Crossover, len(xs)) // steps[i]: between points i−1 and i
	var jobs []func() error
	// Saturation is looked for as x grows, whichever way the sweep runs
	// (review of 2026-11-26: a sweep from 10 down to 0.1 put every
	// architecture's at 10).
	up := slices.Clone(s.Points)
	if len(xs) > 1 && xs[0] > xs[len(xs)-1] {
		slices.Reverse(up)
	}
	for j := range labels {
		saturation[j] = math.NaN()
		saturated := func(p Point) bool { return p.full(j) }
		if saturated(up[0]) {
			saturation[j], behind[j] = up[0].X, up[0].Results[j].FallsBehind
			continue
		}
		if i := slices.IndexFunc(up, saturated); i > 0 {
			jobs = append(jobs, func() error {
				p, err := bisect(axis, up[i-1], up[i], at, saturated)
				saturation[j] = p.X
				if err == nil {
					behind[j] = p.Results[j].FallsBehind
				}
				return err
			})
		}
	}
	for i := 1; i < len(xs); i++ {
		if s.Points[i-1].Recommend.Recommended != s.Points[i].Recommend.Recommended {
			jobs = append(jobs, func() (err error) {
				steps[i], err = crossovers(axis, s.Points[i-1], s.Points[i], at)
				return err
			})
		}
	}
	if err := parallel(len(jobs), func(k int) error { return jobs[k]() }); err != nil {
		return Sweep{}, err
	}
	for j, label := range labels {
		s.Saturation[label] = saturation[j]
		if !math.IsNaN(saturation[j]) {
			s.FallsBehind[label] = behind[j]
		}
	}
	for _, cs := range steps {
		s.Crossovers = append(s.Crossovers, cs...)
	}
	for j, label := range labels {
		for i := 1; i < len(xs); i++ {
			if a, b := s.Points[i-1].Results[j].Nodes, s.Points[i].Results[j].Nodes; a != b {
				s.SizeSteps = append(s.SizeSteps, SizeStep{Label: label, X: xs[i], From: a, To: b})
			}
		}
	}
	return s, nil
}

// parallel calls f(0) … f(n−1) on every available core and returns the
// first error.
func parallel(n int, f func(i int) error) error {
	var (
		next atomic.Int64
		wg   sync.WaitGroup
		once sync.Once
		err  error
	)
	for range min(n, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				if e := f(i); e != nil {
					once.Do(func() { err = e })
					return
				}
			}
		})
	}
	wg.Wait()
	return err
}

// maxCrossovers bounds the changes of the recommendation located between
// two adjacent points: each costs a bisection, and more than a few within
// one step say the step is too coarse.
const maxCrossovers = 8

// crossovers locates the changes of the recommendation between two adjacent
// points lo and hi that recommend differently, in ascending x. The first
// change is bisected from lo, and the recommendation after it is the one
// evaluated there, not hi's: where the two differ, the recommendation
// changes again before hi, and the search goes on from that point. Each
// change's From is the previous one's To, from lo's recommendation to hi's.
//
// Special cases are:
//
//	more than maxCrossovers changes → the last one bisected goes straight
//	                                  to hi's recommendation
func crossovers(axis Axis, lo, hi Point, at func(float64) (Point, error)) ([]Crossover, error) {
	to := hi.Recommend.Recommended
	var cs []Crossover
	for {
		from := lo.Recommend.Recommended
		changed := func(p Point) bool { return p.Recommend.Recommended != from }
		if len(cs) == maxCrossovers-1 {
			changed = func(p Point) bool { return p.Recommend.Recommended == to }
		}
		after, err := bisect(axis, lo, hi, at, changed)
		if err != nil {
			return nil, err
		}
		cs = append(cs, Crossover{X: after.X, From: from, To: after.Recommend.Recommended})
		if after.Recommend.Recommended == to {
			return cs, nil
		}
		lo = after
	}
}

// bisect returns the first point between lo and hi (changed(lo) false,
// changed(hi) true, at most a step apart) where changed holds, to within
// 2⁻¹⁰ of their distance: hi itself when no point between them is found
// changed.
func bisect(axis Axis, lo, hi Point, at func(float64) (Point, error), changed func(Point) bool) (Point, error) {
	for range bisections {
		m, err := at(axis.mid(lo.X, hi.X))
		if err != nil {
			return Point{}, err
		}
		if changed(m) {
			hi = m
		} else {
			lo = m
		}
	}
	return hi, nil
}
