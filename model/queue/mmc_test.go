package queue

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestMMcPublished(t *testing.T) {
	// PDQ README "Bank Model" (https://github.com/DrQz/pdq-qnm-pkg,
	// README.md): 4 tellers, 0.35 customers per minute, 10 minutes per
	// customer → waiting time 14.7572 min, residence time 24.7572 min,
	// queue length 8.6650, utilisation 87.5 %. Printed to 4 decimals.
	bank := MMc{Servers: 4, Arrival: 0.35 / 60, Service: 10 * 60}
	// R package ErlangC README (https://github.com/cran/ErlangC): 100 calls
	// in 30 minutes, AHT 180 s, 14 agents → average_speed_of_answer
	// 7.83593701177724 s, occupancy 0.7142857.
	calls := MMc{Servers: 14, Arrival: 100.0 / 1800, Service: 180}
	tests := []struct {
		name string
		got  float64
		want float64
		tol  float64 // absolute
	}{
		{"PDQ bank wait", bank.Wait() / 60, 14.7572, 0.00005},
		{"PDQ bank response", bank.Response() / 60, 24.7572, 0.00005},
		{"PDQ bank queue length", bank.Arrival * bank.Response(), 8.6650, 0.00005},
		{"PDQ bank utilisation", bank.Utilization(), 0.875, 1e-15},
		{"R ErlangC ASA", calls.Wait(), 7.83593701177724, 1e-9},
		{"R ErlangC occupancy", calls.Utilization(), 0.7142857, 5e-8},
		{"R ErlangC wait probability", calls.WaitProbability(), 0.1741319, 5e-8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if math.Abs(tt.got-tt.want) > tt.tol {
				t.Errorf("%s = %.10g, want %.10g ± %g", tt.name, tt.got, tt.want, tt.tol)
			}
		})
	}
}

func TestMMcOneServerIsMM1(t *testing.T) {
	// M/M/1 (Kleinrock 1975, §3.2): R = S/(1−ρ), and the sojourn time is
	// exponential with rate μ − λ, so its p-quantile is −ln(1−p)·R.
	for _, rho := range []float64{0.001, 0.1, 0.5, 0.9, 0.99, 0.999999} {
		q := MMc{Servers: 1, Arrival: rho / 0.002, Service: 0.002}
		r := 0.002 / (1 - rho)
		if got := q.Response(); math.Abs(got-r) > 1e-12*r {
			t.Errorf("MMc{1, %g, 0.002}.Response() = %.15g, want %.15g", q.Arrival, got, r)
		}
		for _, p := range []float64{1e-9, 0.1, 0.5, 0.9, 0.99, 0.999, 1 - 1e-12} {
			want := -math.Log1p(-p) * r
			if got := q.ResponseQuantile(p); math.Abs(got-want) > 1e-10*want {
				t.Errorf("MMc{1, %g, 0.002}.ResponseQuantile(%g) = %.15g, want %.15g", q.Arrival, p, got, want)
			}
		}
	}
}

// sojournCDF is the M/M/c sojourn-time distribution in units of S, from
// Gross et al. 2008, §2.3, written in its textbook form (not the form the
// package evaluates): (1−C)·(1−e^(−t)) + C·H(t), H the CDF of
// Exp(1) + Exp(g), or of Erlang-2 when g = 1.
func sojournCDF(c, g, t float64) float64 {
	var h float64
	if g == 1 {
		h = 1 - math.Exp(-t)*(1+t)
	} else {
		h = 1 - (g*math.Exp(-t)-math.Exp(-g*t))/(g-1)
	}
	return (1-c)*(1-math.Exp(-t)) + c*h
}

func TestMMcResponseQuantileCDF(t *testing.T) {
	// The quantile must invert the textbook CDF, including the Erlang-2
	// case cμ − λ = μ (c − a = 1) and its neighbourhood.
	tests := []struct {
		name string
		q    MMc
	}{
		{"c=2 a=1 Erlang-2", MMc{Servers: 2, Arrival: 1, Service: 1}},
		{"c=8 a=7 Erlang-2", MMc{Servers: 8, Arrival: 7, Service: 1}},
		{"c=4 rho=0.5", MMc{Servers: 4, Arrival: 2, Service: 1}},
		{"c=4 rho=0.95", MMc{Servers: 4, Arrival: 3.8, Service: 1}},
		{"c=64 rho=0.99", MMc{Servers: 64, Arrival: 63.36, Service: 1}},
		{"c=1000 rho=0.999", MMc{Servers: 1000, Arrival: 999, Service: 1}},
		{"c=16 rho=0.1", MMc{Servers: 16, Arrival: 1.6, Service: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.q.Arrival * tt.q.Service
			c := ErlangC(tt.q.Servers, a)
			g := float64(tt.q.Servers) - a
			for _, p := range []float64{0.01, 0.5, 0.9, 0.99, 0.999, 0.99999} {
				x := tt.q.ResponseQuantile(p)
				if got := sojournCDF(c, g, x/tt.q.Service); math.Abs(got-p) > 1e-9 {
					t.Errorf("CDF(ResponseQuantile(%g) = %.12g) = %.12g, want %g", p, x, got, p)
				}
			}
		})
	}
}

func TestMMcResponseQuantileNearErlang2(t *testing.T) {
	// Continuity through cμ − λ = μ, where the textbook form divides by
	// γ − μ: a change of 1e-9 in the load moves the quantile by O(1e-9).
	at := MMc{Servers: 2, Arrival: 1, Service: 1}
	for _, d := range []float64{1e-15, 1e-12, 1e-9, -1e-9, -1e-12, -1e-15} {
		q := MMc{Servers: 2, Arrival: 1 + d, Service: 1}
		for _, p := range []float64{0.01, 0.5, 0.99, 0.99999} {
			got, want := q.ResponseQuantile(p), at.ResponseQuantile(p)
			if math.Abs(got-want) > 20*math.Abs(d)*want+1e-13 {
				t.Errorf("ResponseQuantile(%g) at a = 1%+g: %.15g, at a = 1: %.15g", p, d, got, want)
			}
		}
	}
}

func TestMMcMeanOfQuantiles(t *testing.T) {
	// E[T] = ∫₀¹ Q(p) dp = ∫₀^∞ Q(1 − e^(−u))·e^(−u) du, integrated by
	// composite Simpson on [0, 36] (the rest is below 1e-14 of R). The
	// mean of the distribution ResponseQuantile inverts must be Response().
	for _, q := range []MMc{
		{Servers: 1, Arrival: 0.5, Service: 1},
		{Servers: 2, Arrival: 1, Service: 1}, // Erlang-2 branch
		{Servers: 4, Arrival: 3.8, Service: 0.01},
		{Servers: 32, Arrival: 30, Service: 2},
		{Servers: 8, Arrival: 2, Service: 1},
	} {
		const n, hi = 20000, 36.0
		h := hi / n
		var s float64
		for i := 0; i <= n; i++ {
			u := float64(i) * h
			f := q.ResponseQuantile(-math.Expm1(-u)) * math.Exp(-u)
			switch {
			case i == 0 || i == n:
				s += f
			case i%2 == 1:
				s += 4 * f
			default:
				s += 2 * f
			}
		}
		got, want := s*h/3, q.Response()
		if math.Abs(got-want) > 1e-8*want {
			t.Errorf("mean of %+v.ResponseQuantile = %.12g, want Response() = %.12g", q, got, want)
		}
	}
}

// simulateMMc simulates an FCFS M/M/c queue with mean service 1 and
// returns the sojourn times of n customers in arrival order, after a
// warm-up of n/10 customers. Each customer goes to the server that frees
// first, so service starts in arrival order (Kiefer–Wolfowitz recursion).
func simulateMMc(rng *rand.Rand, c int, lambda float64, n int) []float64 {
	free := make([]float64, c)
	var now float64
	warm := n / 10
	out := make([]float64, 0, n)
	for i := 0; i < n+warm; i++ {
		now += rng.ExpFloat64() / lambda
		j := 0
		for k := range free {
			if free[k] < free[j] {
				j = k
			}
		}
		done := math.Max(now, free[j]) + rng.ExpFloat64()
		free[j] = done
		if i >= warm {
			out = append(out, done-now)
		}
	}
	return out
}

// batchMeans splits xs into b consecutive batches, applies f to each
// element, and returns the mean of f and its standard error from the
// spread of the batch means, which accounts for the autocorrelation of
// successive sojourn times when batches are long.
func batchMeans(xs []float64, b int, f func(float64) float64) (mean, se float64) {
	size := len(xs) / b
	means := make([]float64, b)
	for i := range means {
		var s float64
		for _, x := range xs[i*size : (i+1)*size] {
			s += f(x)
		}
		means[i] = s / float64(size)
		mean += means[i]
	}
	mean /= float64(b)
	var v float64
	for _, m := range means {
		v += (m - mean) * (m - mean)
	}
	return mean, math.Sqrt(v / float64(b-1) / float64(b))
}

func TestMMcResponseQuantileMonteCarlo(t *testing.T) {
	// Independent check by simulation with a fixed seed: the fraction of
	// simulated sojourns below ResponseQuantile(p) must be p, and their
	// mean Response(), within 4.5 standard errors estimated by 20 batch
	// means of 40,000 customers. Measured: every deviation within 2.2 SE
	// (see the log).
	rng := rand.New(rand.NewPCG(1, 1))
	for _, tt := range []struct {
		c      int
		lambda float64
	}{{1, 0.5}, {2, 1.2}, {4, 3.2}, {16, 14}} {
		q := MMc{Servers: tt.c, Arrival: tt.lambda, Service: 1}
		sim := simulateMMc(rng, tt.c, tt.lambda, 800000)
		mean, se := batchMeans(sim, 20, func(x float64) float64 { return x })
		if want := q.Response(); math.Abs(mean-want) > 4.5*se {
			t.Errorf("c=%d λ=%g: simulated mean %.5g ± %.2g, Response() = %.5g", tt.c, tt.lambda, mean, se, want)
		}
		t.Logf("c=%d λ=%g mean: exact %.5g simulated %.5g (%+.1f SE)", tt.c, tt.lambda, q.Response(), mean, (mean-q.Response())/se)
		for _, p := range []float64{0.5, 0.9, 0.95, 0.99} {
			x := q.ResponseQuantile(p)
			frac, se := batchMeans(sim, 20, func(v float64) float64 {
				if v <= x {
					return 1
				}
				return 0
			})
			if math.Abs(frac-p) > 4.5*se {
				t.Errorf("c=%d λ=%g: P(T ≤ ResponseQuantile(%g) = %.5g) simulated %.5f ± %.2g", tt.c, tt.lambda, p, x, frac, se)
			}
			t.Logf("c=%d λ=%g p=%g: quantile %.5g, simulated fraction below %.5f (%+.1f SE)", tt.c, tt.lambda, p, x, frac, (frac-p)/se)
		}
	}
}

func TestMMcInvariants(t *testing.T) {
	for _, c := range []int{1, 2, 3, 8, 64, 500} {
		prev := 0.0
		for _, rho := range []float64{0, 0.01, 0.3, 0.7, 0.9, 0.99, 0.9999, 1, 1.5} {
			q := MMc{Servers: c, Arrival: rho * float64(c) / 0.01, Service: 0.01}
			r := q.Response()
			if finite := !math.IsInf(r, 1); finite != (rho < 1) {
				t.Errorf("%+v.Response() = %g: finite = %v, want %v (ρ = %g)", q, r, finite, rho < 1, rho)
			}
			if r < q.Service || r < prev {
				t.Errorf("%+v.Response() = %g, want ≥ S and ≥ %g (non-decreasing in λ)", q, r, prev)
			}
			prev = r
			// Little's law at the waiting line: Lq = λ·W = C·ρ/(1−ρ)
			// (Kleinrock 1975, §3.5).
			if rho > 0 && rho < 1 {
				lq := q.Arrival * q.Wait()
				if want := q.WaitProbability() * rho / (1 - rho); math.Abs(lq-want) > 1e-9*want {
					t.Errorf("%+v: λ·W = %g, want C·ρ/(1−ρ) = %g", q, lq, want)
				}
			}
			q50, q95, q99 := q.ResponseQuantile(0.5), q.ResponseQuantile(0.95), q.ResponseQuantile(0.99)
			if !(q50 <= q95 && q95 <= q99) {
				t.Errorf("%+v: quantiles %g, %g, %g not ordered", q, q50, q95, q99)
			}
		}
	}
}

func TestMMcSpecialCases(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	tests := []struct {
		name                string
		q                   MMc
		util, pw, w, r, q99 float64
	}{
		// Documented special cases.
		{"no server", MMc{0, 1, 1}, inf, 1, inf, inf, inf},
		{"saturated", MMc{2, 2, 1}, 1, 1, inf, inf, inf},
		{"idle", MMc{2, 0, 1}, 0, 0, 0, 1, -math.Log(0.01)},
		{"zero service", MMc{2, 5, 0}, 0, 0, 0, 0, 0},
		{"infinite arrivals", MMc{2, inf, 1}, inf, 1, inf, inf, inf},
		{"negative arrival", MMc{2, -1, 1}, nan, nan, nan, nan, nan},
		{"NaN service", MMc{2, 1, nan}, nan, nan, nan, nan, nan},
	}
	same := func(a, b float64) bool {
		return a == b || math.IsNaN(a) && math.IsNaN(b) || math.Abs(a-b) <= 1e-12*math.Abs(b)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.q.Utilization(); !same(got, tt.util) {
				t.Errorf("Utilization() = %g, want %g", got, tt.util)
			}
			if got := tt.q.WaitProbability(); !same(got, tt.pw) {
				t.Errorf("WaitProbability() = %g, want %g", got, tt.pw)
			}
			if got := tt.q.Wait(); !same(got, tt.w) {
				t.Errorf("Wait() = %g, want %g", got, tt.w)
			}
			if got := tt.q.Response(); !same(got, tt.r) {
				t.Errorf("Response() = %g, want %g", got, tt.r)
			}
			if got := tt.q.ResponseQuantile(0.99); !same(got, tt.q99) {
				t.Errorf("ResponseQuantile(0.99) = %g, want %g", got, tt.q99)
			}
		})
	}
	q := MMc{Servers: 2, Arrival: 1, Service: 1}
	for _, tt := range []struct{ p, want float64 }{{0, 0}, {-1, 0}, {1, inf}, {2, inf}, {nan, nan}} {
		if got := q.ResponseQuantile(tt.p); !same(got, tt.want) {
			t.Errorf("ResponseQuantile(%g) = %g, want %g", tt.p, got, tt.want)
		}
	}
}

func TestMMcAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes allocation counts; the plain go test ./... run checks them")
	}
	q := MMc{Servers: 8, Arrival: 7, Service: 0.001}
	if n := testing.AllocsPerRun(100, func() {
		q.Utilization()
		q.WaitProbability()
		q.Wait()
		q.Response()
		q.ResponseQuantile(0.99)
	}); n != 0 {
		t.Errorf("MMc methods allocate %v times, want 0", n)
	}
}

// FuzzMMc checks the invariants of MMc over random parameters within the
// physical domain (1–2000 servers, rates up to 1e9/s, service times up to
// 1e6 s, where no product overflows): no NaN, ordered quantiles, R ≥ S,
// and finite results exactly when ρ < 1.
func FuzzMMc(f *testing.F) {
	f.Add(1, 0.5, 1.0, 0.99)
	f.Add(4, 3.5, 1.0, 0.5)
	f.Add(2, 1.0, 1.0, 0.999) // Erlang-2 branch
	f.Add(64, 63.9, 1.0, 0.9)
	f.Add(1000, 1.0, 0.999, 0.99)
	f.Add(3, 1e9, 1e-9, 0.95)
	f.Fuzz(func(t *testing.T, servers int, arrival, service, p float64) {
		if servers < 1 || servers > 2000 ||
			!(arrival >= 0 && arrival <= 1e9) || !(service >= 0 && service <= 1e6) {
			t.Skip()
		}
		q := MMc{Servers: servers, Arrival: arrival, Service: service}
		rho := q.Utilization()
		vals := []float64{rho, q.WaitProbability(), q.Wait(), q.Response()}
		qs := []float64{q.ResponseQuantile(0.5), q.ResponseQuantile(0.95), q.ResponseQuantile(0.99)}
		if p >= 0 && p <= 1 {
			qs = append(qs, q.ResponseQuantile(p))
		}
		for _, v := range append(vals, qs...) {
			if math.IsNaN(v) {
				t.Fatalf("%+v: NaN in %v %v", q, vals, qs)
			}
		}
		if !(qs[0] <= qs[1] && qs[1] <= qs[2]) {
			t.Fatalf("%+v: quantiles %v not ordered", q, qs[:3])
		}
		r := q.Response()
		if r < service {
			t.Fatalf("%+v: Response() = %g < Service", q, r)
		}
		if finite := !math.IsInf(r, 1) && !math.IsInf(qs[2], 1); finite != (rho < 1) {
			t.Fatalf("%+v: ρ = %g but Response() = %g, p99 = %g", q, rho, r, qs[2])
		}
	})
}
