package model_test

import (
	"math"
	"testing"

	"github.com/pgarch/pgarch/model"
	"github.com/pgarch/pgarch/model/queue"
)

// The closed-load solution (arrival-theorem approximate MVA over the open
// model's stations, ADR 0003) against exact load-dependent MVA for a
// network the engine reduces to one multi-server CPU centre and a think
// time: point reads of 1 ms of CPU on c cores, all pages cached, no network
// delay. Exact at N = 1; near the knee N* = c·(Z + D)/D the approximation
// errs most. The tolerances are the measured worst errors rounded up (see
// the log): Schweitzer-type approximations err by several percent at the
// knee (Lazowska et al. §7.4; Seidmann's multi-server split errs 10–20 %).
func TestClosedLoadAgainstExactMVA(t *testing.T) {
	p := lecture(t)
	p.Node.USLSigma, p.Node.USLKappa = 0, 0
	const demand = 1e-3 // s of CPU per read
	const think = 5e-3  // s
	for _, c := range []int{2, 8, 64} {
		knee := int(float64(c) * (think + demand) / demand)
		for _, n := range []int{1, c, knee / 2, knee, 2 * knee} {
			p.Node.VCPUs = c
			w := model.DefaultWorkload()
			w.ReadRate, w.WriteRate = 1, 0
			w.DataSize, w.WorkingSet = 1*model.GB, 0
			w.CPUPerRead = demand * model.Second
			w.ClientRTT = 0
			w.Clients, w.ThinkTime = n, think*model.Second
			w.Sessions = 10000
			res := evaluate(t, model.Architecture{ID: model.SingleNode}, w, p)
			got := float64(res.Throughput.Total)
			want, _, _ := queue.MVACenters([]queue.Center{{Demand: demand, Servers: c}}, think, n)
			rel := (got - want) / want
			t.Logf("c=%d N=%d: X = %.1f/s, exact MVA %.1f/s (%+.2f%%)", c, n, got, want, 100*rel)
			tol := 0.06 // measured worst −4.5 % (c = 2, N = 12), −3.1 % (c = 8 at the knee)
			if n == 1 {
				tol = 1e-5 // exact at N = 1 but for the bisection tolerance (10⁻⁶)
			}
			if math.Abs(rel) > tol {
				t.Errorf("c=%d N=%d: X = %.2f/s, exact %.2f/s: error %.1f%% > %.0f%%", c, n, got, want, 100*rel, 100*tol)
			}
		}
	}
}

// TestClosedLoadLightCPU is a light closed load whose CPU almost never
// queues (a review found that the correlated statements' moments then
// divided 0 by 0 and the throughput came out 0): 5 clients with 1 s of
// think time must reach nearly 5/s, and by the interactive response time
// law X = N/(Z + R) exactly, with R the mix's mean response.
func TestClosedLoadLightCPU(t *testing.T) {
	p := lecture(t)
	p.Node.VCPUs = 8
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate = 100, 5
	w.CPUPerRead = 0.5 * model.Millisecond
	w.HotRows, w.HotRowWriteFraction, w.StatementsAfterHotWrite = 10, 1, 3
	w.Clients, w.ThinkTime = 5, 1*model.Second
	res := evaluate(t, model.Architecture{ID: model.SingleNode}, w, p)
	x := float64(res.Throughput.Total)
	r := (float64(w.ReadRate)*float64(res.Read.Mean) + float64(w.WriteRate)*float64(res.Write.Mean)) / float64(w.ReadRate+w.WriteRate)
	if want := 5 / (1 + r); !(math.Abs(x-want) <= 1e-3*want) || x < 4.9 {
		t.Errorf("X = %v/s, want N/(Z + R) = %.4f/s (R = %.3g s)", x, want, r)
	}
}

// Lag, RPO and headroom are the system's over time, at the throughput the
// clients achieve. (An arriving request sees one client fewer — with one
// client an idle system — which gave one client an RPO of 0 or NaN and two
// clients twice the RPO of the same throughput offered openly.) So a closed
// load and the open load of the same achieved rates report the same RPO
// (single-node: the archive segment's fill time) and the same headroom.
func TestClosedLoadRPOAndHeadroomAtTheThroughput(t *testing.T) {
	p := lecture(t)
	for _, clients := range []int{1, 2, 8} {
		w := model.DefaultWorkload()
		w.Clients, w.ThinkTime = clients, 10*model.Millisecond
		closed := evaluate(t, model.Architecture{ID: model.SingleNode}, w, p)
		open := model.DefaultWorkload()
		open.ReadRate, open.WriteRate = closed.Throughput.Reads, closed.Throughput.Writes
		want := evaluate(t, model.Architecture{ID: model.SingleNode}, open, p)
		if got := closed.Availability.RPO; !within(float64(got), float64(want.Availability.RPO), 1e-6) {
			t.Errorf("%d clients: RPO %v, want the open load's at the same throughput %v", clients, got, want.Availability.RPO)
		}
		if got := closed.MaxThroughputScale; !within(got, want.MaxThroughputScale, 1e-3) {
			t.Errorf("%d clients: headroom %.3f×, want the open load's at the same throughput %.3f×", clients, got, want.MaxThroughputScale)
		}
	}
}
