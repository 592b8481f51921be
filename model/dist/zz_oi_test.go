package dist
import ("math"; "math/rand/v2"; "testing")
func TestZZOrderInvariantsBig(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 3))
	random := func() Mixture {
		m := Atom(0)
		for range 1 + r.IntN(3) {
			s, mean := r.Float64()*1e-3, r.ExpFloat64()*1e-3
			cv2 := []float64{0, 0.3, 1, 4}[r.IntN(4)]
			m = m.Plus(Branch(r.Float64(), Moments(s, mean, cv2*mean*mean), Atom(r.Float64()*2e-3)))
		}
		return m
	}
	for trial := range 1500 {
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
