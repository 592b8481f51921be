package dist

import (
	"math"
	"testing"
)

// FuzzPlus builds two-branch mixtures from fuzzed components, adds them
// repeatedly (so that the reduction runs) and checks the invariants: no
// NaN, probabilities summing to 1, means and variances additive,
// percentiles ordered, the CDF in [0, 1].
func FuzzPlus(f *testing.F) {
	f.Add(0.05, 0.1e-3, 0.02e-3, 4e-10, 0.0, 1e-3, 1e-6, 0.3, 0.5, 0.2, 0.1, 1.0, 2.0, 0.0, uint8(4))
	f.Add(0.5, 1.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.5, 0.0, 1.0, 3.0, 0.0, 1.0, 0.0, uint8(6))
	f.Add(0.999, 0.0, 1.0, 100.0, 0.0, 1e-9, 1e-30, 0.01, 1e3, 1.0, 1e-3, 0.0, 1e-6, 1e-3, uint8(3))
	f.Fuzz(func(t *testing.T, p1, s1, m1, v1, s2, m2, v2, p2, s3, m3, v3, s4, m4, v4 float64, n uint8) {
		for _, x := range []float64{s1, m1, v1, s2, m2, v2, s3, m3, v3, s4, m4, v4} {
			if !(x >= 0 && x <= 1e6) {
				t.Skip("times outside [0, 1e6] s are outside the domain")
			}
		}
		if !(p1 >= 0 && p1 <= 1 && p2 >= 0 && p2 <= 1) {
			t.Skip("not probabilities")
		}
		mom := func(s, m, v float64) Mixture {
			if m == 0 {
				v = 0
			}
			return Moments(s, m, v)
		}
		a := Branch(p1, mom(s1, m1, v1), mom(s2, m2, v2))
		b := Branch(p2, mom(s3, m3, v3), mom(s4, m4, v4))
		sum, mean, variance := a, a.Mean(), a.Variance()
		for range n % 8 {
			sum = sum.Plus(b)
			mean += b.Mean()
			variance += b.Variance()
		}
		total := 0.0
		for i := range sum.Len() {
			c := sum.Component(i)
			if !(c.Prob > 0 && c.Shift >= 0 && c.Mean >= 0 && c.Var >= 0) {
				t.Fatalf("Component(%d) = %+v, want positive Prob and non-negative moments", i, c)
			}
			total += c.Prob
		}
		if !near(total, 1, 1e-12) {
			t.Errorf("Σ Prob = %.17g, want 1", total)
		}
		if got := sum.Mean(); !near(got, mean, 1e-9) && math.Abs(got-mean) > 1e-12 {
			t.Errorf("Mean() = %.17g, want %.17g", got, mean)
		}
		if got := sum.Variance(); !near(got, variance, 1e-6) && math.Abs(got-variance) > 1e-9*mean*mean+1e-300 {
			t.Errorf("Variance() = %.17g, want %.17g", got, variance)
		}
		p50, p95, p99 := sum.Percentiles()
		if math.IsNaN(p50) || math.IsNaN(p95) || math.IsNaN(p99) || !(p50 <= p95 && p95 <= p99) {
			t.Errorf("Percentiles() = %g, %g, %g, want ordered numbers", p50, p95, p99)
		}
		// p50 is the smallest t with CDF(t) ≥ 0.5 to a relative 1e-9.
		lo := sum.Quantile(0)
		if c := sum.CDF(p50 * (1 + 2e-9)); !(c >= 0.5-1e-12 && c <= 1) {
			t.Errorf("CDF(p50·(1+2e-9) = %g) = %g, want in [0.5, 1]", p50, c)
		}
		if c := sum.CDF(p50 * (1 - 2e-9)); !(c >= 0 && c <= 0.5+1e-12) && p50 > 0 {
			t.Errorf("CDF(p50·(1−2e-9) = %g) = %g, want in [0, 0.5)", p50, c)
		}
		if lo > p50 {
			t.Errorf("Quantile(0) = %g > p50 = %g", lo, p50)
		}
	})
}
