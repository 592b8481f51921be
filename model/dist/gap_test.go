package dist

import (
	"math"
	"testing"
)

// The slower of two standbys' acknowledgements, each a millisecond but for
// a replay pause met now and then (four components between 0.26 and 1.8 s,
// the pause's uniform wait): the order statistic's quantiles cross the
// gap between the components, where the density is next to nothing, and
// the mean is E[max] = ∫ (1 − F(t)²) dt (review of 2026-11-27: it came out
// +Inf, a Newton step across the gap without an upper bound). The 16
// probability bins discretise it; the one that straddles the gap reads
// its quantiles below it, so the mean is low by 3.6 %: within 5 %.
func TestKthAcrossAGap(t *testing.T) {
	type c struct{ p, shift, mean, sd float64 }
	cs := []c{{0.967, 0.001107, 0.00014, 8.9e-05}}
	for _, at := range []float64{0.2553, 0.7637, 1.272, 1.781} {
		cs = append(cs, c{0.00825, at, 0.00014, 8.9e-05})
	}
	var ws []float64
	var ms []Mixture
	for _, x := range cs {
		ws, ms = append(ws, x.p), append(ms, Moments(x.shift, x.mean, x.sd*x.sd))
	}
	leg := Weighted(ws, ms)
	got := KthOf(2, []Mixture{leg, leg}).Mean()
	want, dt := 0.0, 1e-5
	for x := dt / 2; x < 2; x += dt {
		f := leg.CDF(x)
		want += (1 - f*f) * dt
	}
	if !(math.Abs(got-want) <= 0.05*want) {
		t.Errorf("mean of the slower of two: %g, want ∫(1 − F²) = %g", got, want)
	}
}
