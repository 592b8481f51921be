package dist

import ("math"; "math/rand/v2"; "testing")

func TestZZAccuracy(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 13))
	worst := 0.0
	bad := 0
	for trial := 0; trial < 30000; trial++ {
		m := Atom(0)
		for range 1 + r.IntN(6) {
			s, mean := r.Float64()*1e-3*float64(r.IntN(2)), r.ExpFloat64()*1e-3
			cv2 := []float64{0, 0.02, 0.1, 0.3, 0.5, 0.9, 1, 2, 10}[r.IntN(9)]
			st := Moments(s, mean, cv2*mean*mean)
			if r.IntN(2) == 0 {
				st = Branch(r.Float64(), st, Moments(r.Float64()*2e-3, r.ExpFloat64()*1e-3, []float64{0, 0.3, 1, 4}[r.IntN(4)]*1e-6))
			}
			m = m.Plus(st)
		}
		if trial%5 == 0 { m = MaxOf(m, 1+r.IntN(8)) }
		x := m.fit()
		ps := []float64{0.001, 0.01, 0.1, 0.31, 0.5, 0.69, 0.9, 0.95, 0.99, 0.999, 0.9999}
		p50, p95, p99 := m.Percentiles()
		for _, p := range ps {
			q := m.Quantile(p)
			if math.IsInf(q, 1) { continue }
			// reference: smallest t with CDF(t) >= p by bisection on x.sf
			lo, hi := 0.0, 1e-6
			for 1-func() float64 { s, _ := x.sf(hi); return s }() < p { lo, hi = hi, 2*hi }
			for range 200 {
				mid := lo + (hi-lo)/2
				if mid == lo || mid == hi { break }
				s, _ := x.sf(mid)
				if 1-s >= p { hi = mid } else { lo = mid }
			}
			e := math.Abs(q/hi - 1)
			if hi == 0 && q == 0 { e = 0 }
			if e > worst { worst = e }
			if e > 1e-9 { bad++; if bad < 10 { t.Logf("trial %d p=%g q=%.15g ref=%.15g err=%.3g %v", trial, p, q, hi, e, m) } }
			if p == 0.5 && p50 != q && math.Abs(p50/q-1) > 1e-9 { t.Errorf("p50 %g vs %g", p50, q) }
			if p == 0.95 && p95 != q { t.Errorf("p95 %g vs %g", p95, q) }
			if p == 0.99 && math.Abs(p99/q-1) > 1e-9 { t.Errorf("p99 %g vs %g", p99, q) }
		}
	}
	t.Logf("worst rel err %.3g, bad %d", worst, bad)
	if bad > 0 { t.Fail() }
}
