package dist

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// harmonic returns Hₙ = Σ_{i=1..n} 1/i.
func harmonic(n int) float64 {
	h := 0.0
	for i := 1; i <= n; i++ {
		h += 1 / float64(i)
	}
	return h
}

func TestMaxQuantileClosedForm(t *testing.T) {
	// The maximum of n Exp(θ): F(t)ⁿ = p gives t = −θ·ln(1 − p^(1/n)).
	for _, n := range []int{1, 2, 8, 64} {
		for _, p := range []float64{0.01, 0.5, 0.95, 0.99, 0.999} {
			got := MaxQuantile(Exp(2), n, p)
			want := -2 * math.Log(1-math.Pow(p, 1/float64(n)))
			if !near(got, want, exactTol) {
				t.Errorf("MaxQuantile(Exp(2), %d, %g) = %.12g, want %.12g", n, p, got, want)
			}
		}
	}
}

// binomialTail returns P(at least k of n successes), success probability f.
func binomialTail(k, n int, f float64) float64 {
	s := 0.0
	for j := k; j <= n; j++ {
		c := 1.0
		for i := range j {
			c = c * float64(n-i) / float64(i+1)
		}
		s += c * math.Pow(f, float64(j)) * math.Pow(1-f, float64(n-j))
	}
	return s
}

func TestKthQuantileClosedForm(t *testing.T) {
	// The k-th smallest of n i.i.d. Exp(1): P(X₍ₖ₎ ≤ t) is the binomial
	// tail at F(t) = 1 − e^(−t); reference by bisection on it.
	for _, tc := range []struct{ k, n int }{{1, 3}, {2, 3}, {3, 3}, {4, 6}, {2, 5}, {8, 16}} {
		ms := make([]Mixture, tc.n)
		for i := range ms {
			ms[i] = Exp(1)
		}
		for _, p := range []float64{0.01, 0.5, 0.9, 0.99, 0.999} {
			got := KthQuantile(tc.k, ms, p)
			want := bisect(func(x float64) float64 { return binomialTail(tc.k, tc.n, -math.Expm1(-x)) }, p)
			if !near(got, want, 1e-8) {
				t.Errorf("KthQuantile(%d of %d Exp(1), %g) = %.12g, want %.12g", tc.k, tc.n, p, got, want)
			}
		}
	}
	// The maximum (k = n) agrees with MaxQuantile.
	ms := []Mixture{Exp(1), Exp(1), Exp(1), Exp(1)}
	for _, p := range []float64{0.5, 0.99} {
		if got, want := KthQuantile(4, ms, p), MaxQuantile(Exp(1), 4, p); !near(got, want, 1e-8) {
			t.Errorf("KthQuantile(4 of 4, %g) = %.12g, want MaxQuantile %.12g", p, got, want)
		}
	}
}

func TestKthQuantileAtoms(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		name string
		k    int
		ms   []Mixture
		p    float64
		want float64
	}{
		// Constants: the k-th smallest constant.
		{"2 of {3,1,2}", 2, []Mixture{Atom(3), Atom(1), Atom(2)}, 0.5, 2},
		{"1 of {3,1,2}", 1, []Mixture{Atom(3), Atom(1), Atom(2)}, 0.99, 1},
		// A constant 1 and Exp(1): the minimum is ≤ t w.p. 1 − e^(−t) for
		// t < 1 and 1 from t = 1, so it jumps at 1 from 1 − e^(−1) = 0.632.
		{"min{1, Exp} p=0.5", 1, []Mixture{Atom(1), Exp(1)}, 0.5, -math.Log(0.5)},
		{"min{1, Exp} p=0.7", 1, []Mixture{Atom(1), Exp(1)}, 0.7, 1},
		// The maximum of a constant 1 and Exp(1): below 1 it is 0; at and
		// above 1 it is 1 − e^(−t).
		{"max{1, Exp} p=0.5", 2, []Mixture{Atom(1), Exp(1)}, 0.5, 1},
		{"max{1, Exp} p=0.9", 2, []Mixture{Atom(1), Exp(1)}, 0.9, math.Log(10)},
		// A saturated replica: 2 of {Exp, Exp, +Inf} needs both finite
		// ones, the maximum of two Exp(1).
		{"2 of {Exp, Exp, Inf}", 2, []Mixture{Exp(1), Exp(1), Atom(inf)}, 0.5, -math.Log(1 - math.Sqrt(0.5))},
		// 3 of them is never reached.
		{"3 of {Exp, Exp, Inf}", 3, []Mixture{Exp(1), Exp(1), Atom(inf)}, 0.5, inf},
		// p = 0 and p = 1: the k-th smallest lower and upper ends.
		{"p=0", 2, []Mixture{ShiftedExp(1, 1), ShiftedExp(2, 1), Atom(0.5)}, 0, 1},
		{"p=1", 2, []Mixture{Atom(3), Exp(1), Atom(2)}, 1, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := KthQuantile(tt.k, tt.ms, tt.p); !near(got, tt.want, 1e-8) {
				t.Errorf("KthQuantile(%d, …, %g) = %.12g, want %.12g", tt.k, tt.p, got, tt.want)
			}
		})
	}
}

func TestOrderIdentities(t *testing.T) {
	m := ShiftedExp(0.1e-3, 0.02e-3).Plus(Branch(0.05, Exp(1e-3), Atom(0)))
	// MaxOf(m, 1) and KthOf(1 of 1) are m itself.
	for name, got := range map[string]Mixture{"MaxOf(m, 1)": MaxOf(m, 1), "KthOf(1, {m})": KthOf(1, []Mixture{m})} {
		for _, p := range []float64{0.5, 0.95, 0.99} {
			if g, w := got.Quantile(p), m.Quantile(p); g != w {
				t.Errorf("%s.Quantile(%g) = %g, want %g", name, p, g, w)
			}
		}
	}
	if g, w := KthQuantile(1, []Mixture{m}, 0.99), m.Quantile(0.99); g != w {
		t.Errorf("KthQuantile(1, {m}, 0.99) = %g, want %g", g, w)
	}
}

// TestMaxOfDiscretisation checks the 16 components of MaxOf against the
// exact quantiles and mean of the maximum of n Exp(1). Measured: p50
// −0.7 … −0.25 %, p95 −0.5 … −0.2 %, p99 and p99.9 +0.1 … +0.2 %; mean
// within 0.01 % of Hₙ.
func TestMaxOfDiscretisation(t *testing.T) {
	for _, n := range []int{2, 8, 64} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			d := MaxOf(Exp(1), n)
			if got := d.Len(); got != nBins {
				t.Errorf("Len() = %d, want %d", got, nBins)
			}
			for _, p := range []float64{0.5, 0.95, 0.99, 0.999} {
				got, want := d.Quantile(p), MaxQuantile(Exp(1), n, p)
				t.Logf("p%g: %.5g vs exact %.5g: %+.2f%%", 100*p, got, want, 100*relErr(got, want))
				if !near(got, want, 0.01) {
					t.Errorf("Quantile(%g) = %.6g, want %.6g ± 1%% (MaxQuantile)", p, got, want)
				}
			}
			// Expected maximum of n Exp(1): Hₙ (Rényi's representation).
			got, want := d.Mean(), harmonic(n)
			t.Logf("mean %.6g vs Hₙ = %.6g: %+.3f%%", got, want, 100*relErr(got, want))
			if !near(got, want, 5e-4) {
				t.Errorf("Mean() = %.6g, want %.6g ± 0.05%%", got, want)
			}
		})
	}
}

// TestForkJoin compares the slowest of 8 reads (a multi-shard query) with
// Monte Carlo, both MaxQuantile (exact) and MaxOf (16 atoms) plus a
// coordinator step added with Plus.
func TestForkJoin(t *testing.T) {
	read := ShiftedExp(0.1e-3, 0.02e-3).Plus(Branch(0.05, Exp(1e-3), Atom(0)))
	drawRead := func(r *rand.Rand) float64 {
		x := 0.1e-3 + exp(r, 0.02e-3)
		if r.Float64() < 0.05 {
			x += exp(r, 1e-3)
		}
		return x
	}
	xs := monteCarlo(func(r *rand.Rand) float64 {
		x := 0.0
		for range 8 {
			x = max(x, drawRead(r))
		}
		return x
	})
	for _, p := range []float64{0.5, 0.95, 0.99} {
		got, want := MaxQuantile(read, 8, p), empirical(xs, p)
		t.Logf("MaxQuantile p%g: %.5g vs Monte Carlo %.5g: %+.2f%%", 100*p, got, want, 100*relErr(got, want))
		if !near(got, want, 0.01) {
			t.Errorf("MaxQuantile(read, 8, %g) = %.6g, want %.6g ± 1%% (Monte Carlo)", p, got, want)
		}
	}
	checkQuantiles(t, MaxOf(read, 8), xs, 0.01, 0.5, 0.95, 0.99)

	// The fork-join followed by a 0.5 ms + Exp(0.1 ms) coordinator step.
	// Measured: p50 +0.04 %, p90 +1.5 %, p95 −0.5 %, p99 +0.3 %.
	coord := ShiftedExp(0.5e-3, 0.1e-3)
	ys := monteCarlo(func(r *rand.Rand) float64 {
		x := 0.0
		for range 8 {
			x = max(x, drawRead(r))
		}
		return x + 0.5e-3 + exp(r, 0.1e-3)
	})
	checkQuantiles(t, MaxOf(read, 8).Plus(coord), ys, 0.02, 0.5, 0.9, 0.95, 0.99)
}

// TestQuorum compares a 2-of-3 quorum of non-identical replicas (one
// local, two remote of different distances; a synchronous standby set
// ANY 2) with Monte Carlo.
func TestQuorum(t *testing.T) {
	ms := []Mixture{
		ShiftedExp(0.2e-3, 0.1e-3),
		ShiftedExp(1e-3, 0.5e-3).Plus(Branch(0.1, Exp(2e-3), Atom(0))),
		ShiftedExp(5e-3, 1e-3),
	}
	xs := monteCarlo(func(r *rand.Rand) float64 {
		a := 0.2e-3 + exp(r, 0.1e-3)
		b := 1e-3 + exp(r, 0.5e-3)
		if r.Float64() < 0.1 {
			b += exp(r, 2e-3)
		}
		c := 5e-3 + exp(r, 1e-3)
		// The second smallest of three.
		return max(min(a, b), min(max(a, b), c))
	})
	for _, p := range []float64{0.5, 0.95, 0.99} {
		got, want := KthQuantile(2, ms, p), empirical(xs, p)
		t.Logf("KthQuantile p%g: %.5g vs Monte Carlo %.5g: %+.2f%%", 100*p, got, want, 100*relErr(got, want))
		if !near(got, want, 0.01) {
			t.Errorf("KthQuantile(2, …, %g) = %.6g, want %.6g ± 1%% (Monte Carlo)", p, got, want)
		}
	}
	q := KthOf(2, ms)
	checkQuantiles(t, q, xs, 0.01, 0.5, 0.95, 0.99)
	if got, want := q.Mean(), sampleMean(xs); !near(got, want, 0.005) {
		t.Errorf("KthOf(2, …).Mean() = %.6g, want %.6g ± 0.5%% (Monte Carlo)", got, want)
	}
}

// TestOrderInvariants runs random quorums (fixed seed) through the order
// statistics: KthQuantile is non-decreasing in p and in k, the minimum's
// quantile is at most every input's and the maximum's at least every
// input's, and KthOf has a finite, non-negative mean.
func TestOrderInvariants(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	random := func() Mixture {
		m := Atom(0)
		for range 1 + r.IntN(3) {
			s, mean := r.Float64()*1e-3, r.ExpFloat64()*1e-3
			cv2 := []float64{0, 0.3, 1, 4}[r.IntN(4)]
			m = m.Plus(Branch(r.Float64(), Moments(s, mean, cv2*mean*mean), Atom(r.Float64()*2e-3)))
		}
		return m
	}
	for trial := range 40 {
		n := 2 + r.IntN(5)
		ms := make([]Mixture, n)
		for i := range ms {
			ms[i] = random()
		}
		for k := 1; k <= n; k++ {
			prev := 0.0
			for _, p := range []float64{0.01, 0.2, 0.5, 0.8, 0.95, 0.99, 0.999} {
				q := KthQuantile(k, ms, p)
				lo, hi := math.Inf(1), 0.0
				for _, m := range ms {
					lo, hi = min(lo, m.Quantile(p)), max(hi, m.Quantile(p))
				}
				// Independent reference: bisection on the order CDF built
				// from the inputs' CDFs.
				if want := bisect(func(x float64) float64 { return kthCDF(k, ms, x) }, p); !near(q, want, 1e-8) {
					t.Fatalf("trial %d: KthQuantile(%d of %d, %g) = %.12g, want %.12g (bisection)", trial, k, n, p, q, want)
				}
				if math.IsNaN(q) || q < prev*(1-1e-9) {
					t.Fatalf("trial %d: KthQuantile(%d of %d, %g) = %g, want ≥ %g", trial, k, n, p, q, prev)
				}
				if k == 1 && q > lo*(1+1e-9) || k == n && q < hi*(1-1e-9) {
					t.Fatalf("trial %d: KthQuantile(%d of %d, %g) = %g, inputs' quantiles in [%g, %g]", trial, k, n, p, q, lo, hi)
				}
				if k > 1 {
					if below := KthQuantile(k-1, ms, p); below > q*(1+1e-9) {
						t.Fatalf("trial %d: KthQuantile(%d, %g) = %g > KthQuantile(%d) = %g", trial, k-1, p, below, k, q)
					}
				}
				prev = q
			}
			mean := KthOf(k, ms).Mean()
			if math.IsNaN(mean) || math.IsInf(mean, 0) || mean < 0 {
				t.Fatalf("trial %d: KthOf(%d of %d).Mean() = %g", trial, k, n, mean)
			}
		}
	}
}

// kthCDF returns P(at least k of the ms are ≤ t) by the Poisson-binomial
// recurrence over their CDFs, written independently of order.sf.
func kthCDF(k int, ms []Mixture, t float64) float64 {
	p := make([]float64, len(ms)+1) // p[j] = P(exactly j ≤ t)
	p[0] = 1
	for i, m := range ms {
		f := m.CDF(t)
		for j := i + 1; j >= 1; j-- {
			p[j] = p[j]*(1-f) + p[j-1]*f
		}
		p[0] *= 1 - f
	}
	s := 0.0
	for j := k; j <= len(ms); j++ {
		s += p[j]
	}
	return s
}
