package calibration

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"gonum.org/v1/gonum/floats/scalar"

	"github.com/pgarch/pgarch/model"
)

// schwartz are the 32 measurements of Baron Schwartz, "Practical
// Scalability Analysis with the Universal Scalability Law" (VividCortex,
// 2015), as reproduced in the test data of github.com/codahale/usl
// (model_test.go), whose README says its coefficients are within 0.02 % of
// the book's.
var schwartz = []struct {
	n int
	x float64
}{
	{1, 955.16}, {2, 1878.91}, {3, 2688.01}, {4, 3548.68}, {5, 4315.54}, {6, 5130.43},
	{7, 5931.37}, {8, 6531.08}, {9, 7219.8}, {10, 7867.61}, {11, 8278.71}, {12, 8646.7},
	{13, 9047.84}, {14, 9426.55}, {15, 9645.37}, {16, 9897.24}, {17, 10097.6}, {18, 10240.5},
	{19, 10532.39}, {20, 10798.52}, {21, 11151.43}, {22, 11518.63}, {23, 11806}, {24, 12089.37},
	{25, 12075.41}, {26, 12177.29}, {27, 12211.41}, {28, 12158.93}, {29, 12155.27}, {30, 12118.04},
	{31, 12140.4}, {32, 12074.39},
}

func schwartzPoints() []Point {
	ps := make([]Point, len(schwartz))
	for i, m := range schwartz {
		ps[i] = Point{Clients: m.n, Throughput: model.Rate(m.x)}
	}
	return ps
}

func TestFitUSLPublished(t *testing.T) {
	f, err := FitUSL(schwartzPoints())
	if err != nil {
		t.Fatal(err)
	}
	// σ, κ, λ: codahale/usl model_test.go (TestModel_Sigma, _Kappa,
	// _Lambda), unconstrained Levenberg–Marquardt on the same data; the
	// optimum is inside σ, κ ≥ 0, so the constrained fit must agree. The
	// tolerance is the README's 0.02 %.
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"σ", f.Sigma, 0.02671591},
		{"κ", f.Kappa, 7.690945e-4},
		{"λ", float64(f.Lambda), 995.6486},
		// X(20) and X(35): TestModel_ThroughputAtConcurrency.
		{"X(20)", float64(f.Throughput(20)), 11063.63312570436},
		{"X(35)", float64(f.Throughput(35)), 12341.745655201905},
	} {
		if !scalar.EqualWithinRel(c.got, c.want, 2e-4) {
			t.Errorf("FitUSL(Schwartz).%s = %.7g, want %.7g", c.name, c.got, c.want)
		}
	}
	// The data follow the curve closely (the book's plot); the fit must say so.
	if f.R2 < 0.99 || f.N != 32 {
		t.Errorf("FitUSL(Schwartz) R² = %.4f, N = %d, want ≥ 0.99, 32", f.R2, f.N)
	}
	// N* = √((1−σ)/κ) = √(0.97328/7.690945e-4) = 35.57 (codahale/usl's
	// MaxConcurrency floors it to 35).
	if got := math.Floor(f.PeakClients()); got != 35 {
		t.Errorf("FitUSL(Schwartz).PeakClients() = %g, want 35.x", f.PeakClients())
	}
}

// TestFitUSLWithoutOne drops the N = 1 point (and every odd N) from the
// published data: λ is still fitted, close to the full fit's.
func TestFitUSLWithoutOne(t *testing.T) {
	var ps []Point
	for _, p := range schwartzPoints() {
		if p.Clients%2 == 0 {
			ps = append(ps, p)
		}
	}
	f, err := FitUSL(ps)
	if err != nil {
		t.Fatal(err)
	}
	// Within 5 % of the full data's λ = 995.6 (codahale/usl): half the
	// points and no X(1) leave λ less determined.
	if !scalar.EqualWithinRel(float64(f.Lambda), 995.6486, 0.05) {
		t.Errorf("FitUSL(even N).Lambda = %.1f, want 995.6 ± 5 %%", float64(f.Lambda))
	}
}

// TestFitUSLSynthetic recovers known coefficients from noisy synthetic
// measurements.
func TestFitUSLSynthetic(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, c := range []struct {
		name                 string
		sigma, kappa, lambda float64
		clients              []int
		noise                float64 // relative standard deviation of X
		tolS, tolK, tolL     float64 // absolute on σ, κ; relative on λ
	}{
		// Tolerances of the noisy rows: the worst error over seeds
		// PCG(s, s), s = 1…100, rounded up (measured when this test was
		// written: σ 0.0065, κ 0.00011, λ 3.0 %; σ 0.0062, κ 0.00019,
		// λ 1.7 %; σ 0.024, κ 0.0019, λ 2.3 %).
		{"exact", 0.05, 0.002, 1000, []int{2, 4, 8, 16, 32, 64}, 0, 1e-6, 1e-8, 1e-6},
		{"noise 1%", 0.05, 0.002, 1000, []int{2, 4, 8, 16, 24, 32, 48, 64}, 0.01, 0.01, 0.0002, 0.04},
		{"contention only", 0.1, 0, 500, []int{1, 2, 4, 8, 16, 32}, 0.005, 0.01, 0.0003, 0.02},
		{"pgbench-like", 0.3, 0.02, 10000, []int{1, 2, 4, 8, 12, 16}, 0.01, 0.03, 0.003, 0.03},
	} {
		t.Run(c.name, func(t *testing.T) {
			ps := make([]Point, len(c.clients))
			for i, n := range c.clients {
				nf := float64(n)
				x := c.lambda * nf / (1 + c.sigma*(nf-1) + c.kappa*nf*(nf-1))
				x *= 1 + c.noise*rng.NormFloat64()
				ps[i] = Point{Clients: n, Throughput: model.Rate(x)}
			}
			f, err := FitUSL(ps)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(f.Sigma-c.sigma) > c.tolS || math.Abs(f.Kappa-c.kappa) > c.tolK ||
				!scalar.EqualWithinRel(float64(f.Lambda), c.lambda, c.tolL) {
				t.Errorf("FitUSL = %v, want σ=%g±%g κ=%g±%g λ=%g±%g%%", f, c.sigma, c.tolS, c.kappa, c.tolK, c.lambda, c.tolL*100)
			}
			if f.Sigma < 0 || f.Kappa < 0 {
				t.Errorf("FitUSL = %v, want σ, κ ≥ 0", f)
			}
		})
	}
}

func TestFitUSLErrors(t *testing.T) {
	ok := []Point{{Clients: 1, Throughput: 100}, {Clients: 2, Throughput: 180}, {Clients: 4, Throughput: 300}, {Clients: 8, Throughput: 400}}
	with := func(i int, p Point) []Point {
		s := append([]Point(nil), ok...)
		s[i] = p
		return s
	}
	for _, c := range []struct {
		name   string
		points []Point
		want   error
	}{
		{"none", nil, ErrTooFewPoints},
		{"three", ok[:3], ErrTooFewPoints},
		{"NaN throughput", with(2, Point{Clients: 4, Throughput: model.Rate(math.NaN())}), ErrInvalidPoint},
		{"infinite throughput", with(2, Point{Clients: 4, Throughput: model.Rate(math.Inf(1))}), ErrInvalidPoint},
		{"negative throughput", with(1, Point{Clients: 2, Throughput: -5}), ErrInvalidPoint},
		{"zero throughput", with(1, Point{Clients: 2}), ErrInvalidPoint},
		{"zero clients", with(0, Point{Clients: 0, Throughput: 100}), ErrInvalidPoint},
		{"negative clients", with(0, Point{Clients: -1, Throughput: 100}), ErrInvalidPoint},
		{"NaN latency", with(0, Point{Clients: 1, Throughput: 100, Latency: model.Time(math.NaN())}), ErrInvalidPoint},
		{"duplicate clients", with(3, Point{Clients: 4, Throughput: 310}), ErrDuplicateClients},
		{"superlinear", with(3, Point{Clients: 8, Throughput: 900}), ErrSuperlinear},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := FitUSL(c.points)
			if !errors.Is(err, c.want) {
				t.Errorf("FitUSL(%v) = %v, %v, want error %v", c.points, f, err, c.want)
			}
		})
	}
}

func TestFitUSLOrder(t *testing.T) {
	ps := schwartzPoints()
	rev := make([]Point, len(ps))
	for i := range ps {
		rev[len(ps)-1-i] = ps[i]
	}
	a, _ := FitUSL(ps)
	b, err := FitUSL(rev)
	if err != nil || !scalar.EqualWithinRel(a.Sigma, b.Sigma, 1e-9) || !scalar.EqualWithinRel(a.Kappa, b.Kappa, 1e-9) {
		t.Errorf("FitUSL(reversed) = %v, %v, want %v", b, err, a)
	}
}

func TestFitDemand(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	// Synthetic: D = 0.2 ms on 4 servers; below 4 clients X = N/(D+Z)
	// exactly, with 0.5 % noise; above, a saturated X = 4/D that the fit
	// must leave out.
	const d, servers = 0.2e-3, 4
	for _, c := range []struct {
		name string
		z    float64 // think time, s
		tol  float64 // relative on D: 3 standard errors of 0.5 % noise
	}{
		{"no think time", 0, 0.015},
		{"think time", 1e-3, 0.015},
	} {
		t.Run(c.name, func(t *testing.T) {
			var ps []Point
			for _, n := range []int{1, 2, 3, 4, 8, 16} {
				x := float64(n) / (d + c.z)
				if n > servers {
					x = math.Min(x, servers/d) * 0.9 // saturated and lower: contention
				}
				x *= 1 + 0.005*rng.NormFloat64()
				ps = append(ps, Measurement(n, x, 0))
			}
			f, err := FitDemand(ps, servers, model.Time(c.z))
			if err != nil {
				t.Fatal(err)
			}
			if !scalar.EqualWithinRel(float64(f.Demand), d, c.tol) || f.N != 4 || f.R2 < 0.99 {
				t.Errorf("FitDemand = %v, want D = 0.2 ms ± %g%% from 4 points, R₀² ≥ 0.99", f, c.tol*100)
			}
		})
	}
	// One point: D = N/X (Little's law, Z = 0): 1/5000 s = 0.2 ms.
	f, err := FitDemand([]Point{Measurement(1, 5000, 200*time.Microsecond)}, 1, 0)
	if err != nil || !scalar.EqualWithinRel(float64(f.Demand), 0.2e-3, 1e-12) || f.R2 != 1 {
		t.Errorf("FitDemand(1 point) = %v, %v, want D = 0.2 ms, R₀² = 1", f, err)
	}
}

func TestFitDemandErrors(t *testing.T) {
	for _, c := range []struct {
		name    string
		points  []Point
		servers int
		z       model.Time
		want    error
	}{
		{"none", nil, 2, 0, ErrTooFewPoints},
		{"all above servers", []Point{{Clients: 4, Throughput: 100}, {Clients: 8, Throughput: 120}}, 2, 0, ErrTooFewPoints},
		{"NaN", []Point{{Clients: 1, Throughput: model.Rate(math.NaN())}}, 2, 0, ErrInvalidPoint},
		{"negative", []Point{{Clients: 1, Throughput: -1}}, 2, 0, ErrInvalidPoint},
		{"negative think time", []Point{{Clients: 1, Throughput: 100}}, 2, -1, ErrInvalidPoint},
		{"think time exceeds cycle", []Point{{Clients: 1, Throughput: 100}}, 2, 0.02, ErrInvalidPoint},
		{"duplicate", []Point{{Clients: 1, Throughput: 100}, {Clients: 1, Throughput: 90}}, 2, 0, ErrDuplicateClients},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := FitDemand(c.points, c.servers, c.z)
			if !errors.Is(err, c.want) {
				t.Errorf("FitDemand(%v) = %v, %v, want error %v", c.points, f, err, c.want)
			}
		})
	}
}
