package sim_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/pgarch/pgarch/model"
	"github.com/pgarch/pgarch/model/dist"
	"github.com/pgarch/pgarch/model/queue"
	"github.com/pgarch/pgarch/model/sim"
)

// The known errors K1–K3 of docs/simulation.md, each isolated in a network
// of the one mechanism, with the closed form as the model builds it today
// and as its proposed fix would, both as model/dist mixtures. Each case
// checks that the proposal is closer to the simulation than today's form
// and, but for a residual it names, within the tolerance of a p99
// (10 % + the interval).

// p99 simulates n for the given measured requests (a tenth with -short)
// and returns its only class's p99.
func p99(t *testing.T, n model.Network, requests int) sim.Estimate {
	t.Helper()
	if testing.Short() {
		requests /= 10
	}
	res, err := sim.Run(n, sim.Config{Seed: 2, Requests: requests})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res.Classes[0].P99
}

// checkProposal compares today's form and the proposal with the
// simulation; residual marks a case where the proposal is known to leave an
// error beyond tolerance (docs/simulation.md), which must still shrink.
func checkProposal(t *testing.T, got sim.Estimate, today, proposed dist.Mixture, residual bool) {
	t.Helper()
	now, fix := today.Quantile(0.99), proposed.Quantile(0.99)
	errNow, errFix := 100*(now-got.Value)/got.Value, 100*(fix-got.Value)/got.Value
	t.Logf("p99: simulation %.4g ± %.2g ms; today %.4g ms (%+.1f %%), proposed %.4g ms (%+.1f %%)",
		got.Value*1e3, got.HalfWidth*1e3, now*1e3, errNow, fix*1e3, errFix)
	if testing.Short() {
		return // too short a run to judge a p99
	}
	if math.Abs(errFix) >= math.Abs(errNow) {
		t.Errorf("the proposal (%+.1f %%) is no closer than today's form (%+.1f %%)", errFix, errNow)
	}
	if tol := 10 + 100*got.HalfWidth/got.Value; math.Abs(errFix) > tol && !residual {
		t.Errorf("the proposal errs %+.1f %%, beyond %.1f %%", errFix, tol)
	}
}

// K1: a page read from DBMS-optimised storage is a same-zone round trip
// plus the storage's exponential read (Profile.Disaggregated.ReadLatency);
// model.storageDevice makes it one exponential of their sum. Here a point
// read's two page reads, each a miss with the probability of the
// dbms-optimized-storage comparison (lecture profile, 0.3).
func TestProposalStorageRead(t *testing.T) {
	p := profile(t)
	rtt, read := p.RTT.SameZone, p.Disaggregated.ReadLatency
	res, err := model.Architecture{ID: model.DBMSOptimizedStorage}.Evaluate(mix(10), p, model.DefaultRequirements())
	if err != nil {
		t.Fatal(err)
	}
	miss := 1 - float64(res.CacheHitRatio)
	fixed := 0.25e-3 // the read's client round trip and CPU, s (constant at low load)
	page := model.Visit{Kind: model.Branch, P: miss, Then: []model.Visit{{Kind: model.Delay, Shift: rtt}, {Kind: model.Delay, Mean: read}}}
	n := model.Network{Classes: []model.Class{{Name: "read", Rate: 1000, Route: []model.Visit{{Kind: model.Delay, Shift: model.Time(fixed)}, page, page}}}}
	today := dist.Branch(miss, dist.Exp(float64(rtt+read)), dist.Atom(0))
	proposed := dist.Branch(miss, dist.ShiftedExp(float64(rtt), float64(read)), dist.Atom(0))
	checkProposal(t, p99(t, n, 300_000), today.Plus(today).Shift(fixed), proposed.Plus(proposed).Shift(fixed), false)
}

// K3: a constant CPU job of size x at c = 8 processor-sharing cores;
// model.cpu.job gives it x + Exp(x·(f − 1)), f = 1 + C/(c(1 − ρ)). The
// proposal keeps the mean but puts the slowdown in the branch where the
// job finds all cores busy (probability C, Erlang C):
// x + Branch(C, Exp(x·(f − 1)/C)). A write's six CPU visits, 0.2 ms apart
// (its round trips), at ρ = 0.6 and 0.85.
func TestProposalCPUTail(t *testing.T) {
	const x, gap = 1e-4, 2e-4
	for _, rho := range []float64{0.6, 0.85} {
		for _, visits := range []int{1, 6} {
			t.Run(fmt.Sprintf("ρ=%.2f/visits=%d", rho, visits), func(t *testing.T) {
				lambda := rho * 8 / x // jobs per second at the cores
				var route []model.Visit
				for range visits {
					route = append(route, model.Visit{Kind: model.Serve, Station: 0, Shift: x}, model.Visit{Kind: model.Delay, Shift: gap})
				}
				// One fifth of the jobs are the measured class's, the rest
				// background jobs of the same size.
				n := model.Network{
					Stations: []model.Station{{Name: "cpu", Discipline: model.ProcessorSharing, Servers: 8,
						Background: model.Rate(0.8 * lambda), BackgroundService: x}},
					Classes: []model.Class{{Name: "write", Rate: model.Rate(0.2 * lambda / float64(visits)), Route: route}},
				}
				c := queue.ErlangC(8, rho*8)
				extra := x * c / (8 * (1 - rho)) // x·(f − 1)
				today, proposed := dist.Atom(0), dist.Atom(0)
				for range visits {
					today = today.Plus(dist.ShiftedExp(x+gap, extra))
					proposed = proposed.Plus(dist.Branch(c, dist.Exp(extra/c), dist.Atom(0)).Shift(x + gap))
				}
				// 60,000 six-visit writes are 1.8 million jobs at the cores.
				requests := 300_000 / visits
				// Six visits at ρ = 0.85: what remains is the correlation
				// of a transaction's visits through the queue (K3b).
				checkProposal(t, p99(t, n, requests), today, proposed, visits > 1 && rho > 0.8)
			})
		}
	}
}

// K2: a hot row's lock held for a constant h (round trips and a short
// flush: nearly constant). The closed form's wait is P(wait) = ρ times an
// exponential of mean W/ρ, W = λh²/(2(1 − ρ)) (Pollaczek–Khinchine). The
// proposal keeps the branch and the mean but takes the conditional wait's
// variance from the M/G/1 second moment (Takács; Kleinrock vol. 1,
// eq. 5.114): E[W²] = 2W² + λE[h³]/(3(1 − ρ)), so E[W² | wait] = E[W²]/ρ.
func TestProposalLockWait(t *testing.T) {
	const h = 1e-3
	for _, rho := range []float64{0.3, 0.6} {
		t.Run(fmt.Sprintf("ρ=%.2f", rho), func(t *testing.T) {
			lambda := rho / h
			n := model.Network{
				Pools:   []model.Pool{{Name: "row", Instances: 1, Capacity: 1}},
				Classes: []model.Class{{Name: "write", Rate: model.Rate(lambda), Route: []model.Visit{{Kind: model.Hold, Pool: 0, Then: []model.Visit{{Kind: model.Delay, Shift: h}}}}}},
			}
			w := lambda * h * h / (2 * (1 - rho))
			cond := w / rho
			today := dist.Branch(rho, dist.Exp(cond), dist.Atom(0)).Shift(h)
			second := 2*w*w + lambda*h*h*h/(3*(1-rho))
			proposed := dist.Branch(rho, dist.Moments(0, cond, second/rho-cond*cond), dist.Atom(0)).Shift(h)
			checkProposal(t, p99(t, n, 300_000), today, proposed, false)
		})
	}
}
