package decide

import (
	"errors"
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

// Values returns the axis's points, From and To included.
//
// Special cases are:
//
//	Points < 2, > MaxPoints, a non-finite bound → error
//	Scale Log with a bound ≤ 0                  → error
func (a Axis) Values() ([]float64, error) {
	switch {
	case a.Points < 2 || a.Points > MaxPoints:
		return nil, errors.New("decide: points must be 2 to 1000")
	case math.IsNaN(a.From) || math.IsInf(a.From, 0) || math.IsNaN(a.To) || math.IsInf(a.To, 0):
		return nil, errors.New("decide: from and to must be finite")
	case a.Scale == Log && (a.From <= 0 || a.To <= 0):
		return nil, errors.New("decide: a log scale needs from and to above 0")
	case a.Scale != Log && a.Scale != Linear:
		return nil, errors.New("decide: scale must be linear or log")
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
}

// Crossover is where the recommended architecture changes.
type Crossover struct {
	// X is the swept input where From stops and To starts being
	// recommended, located by bisection between two sweep points.
	X        float64
	From, To string // labels; "" = nothing feasible
}

// SizeStep is where a re-sized architecture's node count changes.
type SizeStep struct {
	Label    string
	X        float64 // the first point with the new count
	From, To int     // database nodes
}

// Sweep is the result of varying one input.
type Sweep struct {
	Points []Point
	// Saturation maps each option's label to the smallest swept x where it
	// saturates, located by bisection (NaN: not within the range; From when
	// it is saturated at the first point).
	Saturation map[string]float64
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
		return Point{X: x, Results: results, Recommend: Recommend(results, w, r)}, nil
	}
	s := Sweep{Points: make([]Point, len(xs)), Saturation: map[string]float64{}}
	err = parallel(len(xs), func(i int) (err error) {
		s.Points[i], err = at(xs[i])
		return err
	})
	if err != nil {
		return Sweep{}, err
	}

	// Each change between two adjacent points is one bisection.
	type change struct {
		i       int // the first point after the change
		label   string
		changed func(Point) bool
		x       float64
	}
	var changes []*change
	labels := Labels(s.Points[0].Results)
	for j, label := range labels {
		s.Saturation[label] = math.NaN()
		saturated := func(p Point) bool { return p.Results[j].Saturated }
		if saturated(s.Points[0]) {
			s.Saturation[label] = xs[0]
			continue
		}
		if i := slices.IndexFunc(s.Points, saturated); i > 0 {
			changes = append(changes, &change{i: i, label: label, changed: saturated})
		}
	}
	var crossings []*change
	for i := 1; i < len(xs); i++ {
		prev := s.Points[i-1].Recommend.Recommended
		if prev != s.Points[i].Recommend.Recommended {
			c := &change{i: i, changed: func(p Point) bool { return p.Recommend.Recommended != prev }}
			crossings = append(crossings, c)
			changes = append(changes, c)
		}
	}
	err = parallel(len(changes), func(k int) (err error) {
		c := changes[k]
		c.x, err = bisect(axis, s.Points[c.i-1], s.Points[c.i], at, c.changed)
		return err
	})
	if err != nil {
		return Sweep{}, err
	}
	for _, c := range changes {
		if c.label != "" {
			s.Saturation[c.label] = c.x
		}
	}
	for _, c := range crossings {
		s.Crossovers = append(s.Crossovers, Crossover{X: c.x, From: s.Points[c.i-1].Recommend.Recommended, To: s.Points[c.i].Recommend.Recommended})
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

// bisect returns the first x between lo and hi (adjacent points, changed(lo)
// false, changed(hi) true) where changed holds, to within 2⁻¹⁰ of the step.
func bisect(axis Axis, lo, hi Point, at func(float64) (Point, error), changed func(Point) bool) (float64, error) {
	a, b := lo.X, hi.X
	for range bisections {
		m, err := at(axis.mid(a, b))
		if err != nil {
			return 0, err
		}
		if changed(m) {
			b = m.X
		} else {
			a = m.X
		}
	}
	return b, nil
}
