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
// simulation: on single-node one scan job, the reference without
// fork-join; on sharded a fork-join over the workers of each worker's
// shard tasks, a batch of processor-sharing jobs that arrive together
// (MODEL.md §3; the closed form's batchJob). The sharded configurations
// cover batches as wide as the worker's 8 cores (4 workers and 32 shards,
// 8 and 64) and half as wide (4 and 16). Tolerances are those of
// TestArchitectures.
func TestForkJoin(t *testing.T) {
	p := profile(t)
	for _, c := range []struct {
		name string
		a    model.Architecture
	}{
		{"single-node", model.Architecture{ID: model.SingleNode}},
		{"sharded", model.Architecture{ID: model.Sharded, Workers: 4}},
		{"sharded W8 S64", model.Architecture{ID: model.Sharded, Workers: 8, Shards: 64}},
		{"sharded W4 S16", model.Architecture{ID: model.Sharded, Workers: 4, Shards: 16}},
		{"distributed-sql", model.Architecture{ID: model.DistributedSQL, Nodes: 5}},
	} {
		a := c.a
		for _, level := range levels {
			t.Run(fmt.Sprintf("%s/%.2f", c.name, level), func(t *testing.T) {
				w, res := scaled(t, a, analyticalMix(), p, level)
				n, err := a.Network(w, p, model.DefaultRequirements())
				if err != nil {
					t.Fatalf("Network: %v", err)
				}
				// Analytical queries are 1 in 41 requests: three times the
				// usual run, replicated five times (replicated), gives their
				// mean and p99 intervals that hold.
				runs := simulate(t, n, sim.Config{Requests: 3 * requests()}, !testing.Short())
				cl := pooled(runs, "analytical")
				bn, _ := busiest(res)
				for i, x := range []struct {
					name  string
					model model.Time
					sim   sim.Estimate
				}{{"analytical mean", res.Analytical.Mean, cl.Mean}, {"analytical p99", res.Analytical.P99, cl.P99}} {
					e := 100 * (float64(x.model) - x.sim.Value) / x.sim.Value
					tol := tolerance(2*i, level) + 100*x.sim.HalfWidth/x.sim.Value
					t.Logf("%s: closed form %.4g ms, simulation %.4g ± %.2g ms (%d queries): error %+.1f %%, tolerance %.1f %% (busiest %s)",
						x.name, float64(x.model)*1e3, x.sim.Value*1e3, x.sim.HalfWidth*1e3, cl.Count, e, tol, bn)
					if testing.Short() {
						continue
					}
					if k, ok := known[fmt.Sprintf("%s (analytical)/%.2f/%s", c.name, level, x.name)]; ok {
						// A known error's bound, like a tolerance, holds up
						// to the simulation's own interval.
						if ci := 100 * x.sim.HalfWidth / x.sim.Value; math.Abs(e) > k.bound+ci {
							t.Errorf("%s: error %+.1f %%, beyond the known error %s's bound %.0f %% plus the interval %.1f %%", x.name, e, k.label, k.bound, ci)
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
