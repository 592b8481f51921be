package sim_test

import (
	"math"
	"testing"

	"github.com/pgarch/pgarch/model"
	"github.com/pgarch/pgarch/model/queue"
	"github.com/pgarch/pgarch/model/sim"
)

// oneStation is a network of one station visited once by one class.
func oneStation(d model.Discipline, servers int, arrival model.Rate, shift, mean model.Time) model.Network {
	return model.Network{
		Stations: []model.Station{{Name: "s", Discipline: d, Servers: servers}},
		Classes:  []model.Class{{Name: "c", Rate: arrival, Route: []model.Visit{{Kind: model.Serve, Station: 0, Shift: shift, Mean: mean}}}},
	}
}

func run(t *testing.T, n model.Network, requests int) sim.Result {
	t.Helper()
	if testing.Short() {
		requests /= 10
	}
	res, err := sim.Run(n, sim.Config{Seed: 1, Requests: requests})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res
}

// TestTextbook checks the simulator on queues with exact answers before it
// judges the model.
func TestTextbook(t *testing.T) {
	const S = 1e-3 // mean service, s
	for _, tc := range []struct {
		name string
		net  model.Network
		rho  float64 // utilisation per server
		mean float64 // exact mean response, s
		p99  float64 // exact p99 response, s (0: not checked)
	}{
		// M/M/1: R = S/(1−ρ) (Kleinrock vol. 1, eq. 3.26); the response
		// is exponential, so p99 = R·ln 100.
		{"M/M/1 ρ=0.5", oneStation(model.FCFS, 1, 500, 0, S), 0.5, S / 0.5, S / 0.5 * math.Log(100)},
		{"M/M/1 ρ=0.85", oneStation(model.FCFS, 1, 850, 0, S), 0.85, S / 0.15, S / 0.15 * math.Log(100)},
		// M/M/4 at ρ = 0.8: queue.MMc (Erlang C), itself checked against
		// published tables in model/queue; p99 from MMc.ResponseQuantile.
		{"M/M/4 ρ=0.8", oneStation(model.FCFS, 4, 3200, 0, S), 0.8,
			queue.MMc{Servers: 4, Arrival: 3200, Service: S}.Response(),
			queue.MMc{Servers: 4, Arrival: 3200, Service: S}.ResponseQuantile(0.99)},
		// M/D/1-PS: the processor-sharing mean is insensitive, R = x/(1−ρ)
		// for a constant job x (Kleinrock vol. 2, §4.4).
		{"M/D/1-PS ρ=0.7", oneStation(model.ProcessorSharing, 1, 700, S, 0), 0.7, S / 0.3, 0},
		// M/M/8-PS at ρ = 0.85: same number in system as M/M/8, so by
		// Little R = S·(1 + C(c,a)/(c(1−ρ))) = MMc.Response (Cohen 1979;
		// the model's CPU formula, MODEL.md §2.1).
		{"M/M/8-PS ρ=0.85", oneStation(model.ProcessorSharing, 8, 6800, 0, S), 0.85,
			queue.MMc{Servers: 8, Arrival: 6800, Service: S}.Response(), 0},
		// M/D/∞: the delay itself.
		{"M/D/∞", oneStation(model.InfiniteServer, 0, 1000, S, 0), 1, S, S},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := run(t, tc.net, 400_000)
			c := res.Classes[0]
			// Tolerance: the batch-means 95 % interval plus 1 % for its own
			// error (20 batches of a correlated series); -short runs a
			// tenth as long, a few relaxation times at ρ = 0.85, whose
			// interval is not to be trusted: 10 %.
			slack := 0.01
			if testing.Short() {
				slack = 0.10
			}
			if tol := c.Mean.HalfWidth + slack*tc.mean; math.Abs(c.Mean.Value-tc.mean) > tol {
				t.Errorf("mean = %.4g ± %.2g, want %.4g (tolerance %.2g)", c.Mean.Value, c.Mean.HalfWidth, tc.mean, tol)
			}
			if tc.p99 > 0 && !testing.Short() {
				if tol := c.P99.HalfWidth + 0.02*tc.p99; math.Abs(c.P99.Value-tc.p99) > tol {
					t.Errorf("p99 = %.4g ± %.2g, want %.4g (tolerance %.2g)", c.P99.Value, c.P99.HalfWidth, tc.p99, tol)
				}
			}
			if tc.net.Stations[0].Discipline != model.InfiniteServer {
				u := res.Stations[0].Utilization
				if math.Abs(u-tc.rho) > 2*slack*tc.rho {
					t.Errorf("utilisation = %.4f, want %.4f", u, tc.rho)
				}
			}
			t.Logf("mean %.4g±%.2g want %.4g; p99 %.4g±%.2g want %.4g; %d events", c.Mean.Value, c.Mean.HalfWidth, tc.mean, c.P99.Value, c.P99.HalfWidth, tc.p99, res.Events)
		})
	}
}
