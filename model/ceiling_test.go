package model_test

import (
	"math"
	"testing"

	"github.com/pgarch/pgarch/model"
)

// scaled returns w with its offered rates multiplied by s.
func scaled(w model.Workload, s float64) model.Workload {
	w.ReadRate *= model.Rate(s)
	w.WriteRate *= model.Rate(s)
	w.AnalyticalRate *= model.Rate(s)
	return w
}

// TestCeilingBracket checks the ceiling search's contract for every
// architecture and open workload: the offered load times
// MaxThroughputScale is unsaturated, and the load a relative 10⁻³ above
// it saturates (the search closes its bracket to hi − lo ≤ 10⁻³·hi). The
// sizes are those of the first evaluation: a new load would size anew.
func TestCeilingBracket(t *testing.T) {
	p := lecture(t)
	r := model.DefaultRequirements()
	for wname, w := range workloads() {
		if w.Clients > 0 {
			continue // closed: the scale is of the open ceiling's mix, not of these rates
		}
		for _, a := range architectures() {
			res := evaluate(t, a, w, p)
			s := res.MaxThroughputScale
			if math.IsInf(s, 1) {
				continue
			}
			for _, c := range []struct {
				scale     float64
				saturated bool
			}{{s, false}, {s / (1 - 1e-3), true}} {
				at := scaled(w, c.scale)
				if at.Validate() != nil {
					continue // beyond the workload's ranges
				}
				got, err := res.Architecture.Evaluate(at, p, r)
				if err != nil {
					t.Fatalf("%s, %s at %.6g× the load: %v", wname, name(a), c.scale, err)
				}
				if got.Saturated != c.saturated {
					t.Errorf("%s, %s: MaxThroughputScale = %.6g (%s), but at %.6g× the load Saturated = %v",
						wname, name(a), s, res.Bottleneck, c.scale, got.Saturated)
				}
			}
		}
	}
}
