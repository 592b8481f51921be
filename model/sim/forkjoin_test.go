package sim_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/pgarch/pgarch/model"
	"github.com/pgarch/pgarch/model/sim"
)

// analyticalMix is the comparison's mix with 100 analytical queries per
// second, each scanning 64 MB (128 ms of CPU on one node), and no hot rows
// (K4 would hide the rest on sharded).
func analyticalMix() model.Workload {
	w := mix(0)
	w.AnalyticalRate, w.ScanPerQuery = 100, 64*model.MB
	return w
}

// TestForkJoin compares the closed form's analytical query with the
// simulation: on sharded (4 workers, 32 shards) a fork-join over the
// workers of each worker's shard tasks, each task a processor-sharing job
// (MODEL.md §3: P(max ≤ t) = F(t)^W); on single-node one scan job, the
// reference without fork-join. Tolerances are those of TestArchitectures.
func TestForkJoin(t *testing.T) {
	p := profile(t)
	for _, a := range []model.Architecture{{ID: model.SingleNode}, {ID: model.Sharded, Workers: 4}} {
		for _, level := range levels {
			t.Run(fmt.Sprintf("%s/%.2f", a.ID, level), func(t *testing.T) {
				w, res := scaled(t, a, analyticalMix(), p, level)
				n, err := a.Network(w, p, model.DefaultRequirements())
				if err != nil {
					t.Fatalf("Network: %v", err)
				}
				out, err := sim.Run(n, sim.Config{Seed: 1, Requests: requests()})
				if err != nil {
					t.Fatalf("Run: %v", err)
				}
				c, _ := out.Class("analytical")
				bn, _ := busiest(res)
				for i, x := range []struct {
					name  string
					model model.Time
					sim   sim.Estimate
				}{{"analytical mean", res.Analytical.Mean, c.Mean}, {"analytical p99", res.Analytical.P99, c.P99}} {
					e := 100 * (float64(x.model) - x.sim.Value) / x.sim.Value
					tol := tolerance(2*i, level) + 100*x.sim.HalfWidth/x.sim.Value
					t.Logf("%s: closed form %.4g ms, simulation %.4g ± %.2g ms (%d queries): error %+.1f %%, tolerance %.1f %% (busiest %s)",
						x.name, float64(x.model)*1e3, x.sim.Value*1e3, x.sim.HalfWidth*1e3, c.Count, e, tol, bn)
					if testing.Short() {
						continue
					}
					if k, ok := known[fmt.Sprintf("%s (analytical)/%.2f/%s", a.ID, level, x.name)]; ok {
						if math.Abs(e) > k.bound {
							t.Errorf("%s: error %+.1f %%, beyond the known error %s's bound %.0f %%", x.name, e, k.label, k.bound)
						}
						continue
					}
					if math.Abs(e) > tol {
						t.Errorf("%s: error %+.1f %%, tolerance %.1f %%", x.name, e, tol)
					}
				}
			})
		}
	}
}
