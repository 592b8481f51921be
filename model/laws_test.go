package model_test

import (
	"fmt"
	"math"
	"reflect"
	"testing"

	"github.com/pgarch/pgarch/model"
)

// workloads is a spread of valid workloads the laws must hold for.
func workloads() map[string]model.Workload {
	base := model.DefaultWorkload()
	out := map[string]model.Workload{"default": base}

	w := base
	w.ReadRate, w.WriteRate = 200000, 100
	out["read-heavy"] = w

	w = base
	w.ReadRate, w.WriteRate = 500, 3000
	w.WorkingSet, w.DataSize = 500*model.GB, 2000*model.GB
	out["write-heavy, data beyond memory"] = w

	w = base
	w.HotRows, w.HotRowWriteFraction = 10, 1
	w.ReadRate, w.WriteRate = 1000, 200
	out["hot rows"] = w

	w = base
	w.AnalyticalRate = 0.5
	out["with analytics"] = w

	w = base
	w.Clients, w.ThinkTime = 64, 5*model.Millisecond
	out["closed, 64 clients"] = w

	w = base
	w.Clients, w.Sessions = 400, 50
	out["closed, pooler"] = w

	// Scans behind a pooler: the search's solves and the reported one must
	// take the same variance of the holds (review of 2026-11-26: Little's
	// law missed by 2.5 to 10 %).
	w = base
	w.Clients, w.Sessions, w.AnalyticalRate = 100, 50, 1
	out["closed, pooler, analytics"] = w

	// Far past the ceiling, behind a pooler: the queue in front splits by
	// the classes' time at the binding station, over the whole cluster's
	// rates (review of 2026-11-26: one node's reads against the cluster's
	// writes broke Little's law by 8 to 14 %).
	w = base
	w.Clients, w.Sessions = 3000, 200
	out["closed, far past the ceiling"] = w

	// Writes that log nothing and dirty no page: in range, and a share of
	// nothing was NaN (review of 2026-11-26: a 422 for a valid request).
	w = base
	w.WALRecordBytesPerTxn, w.PagesWrittenPerTxn = 0, 0
	out["writes log nothing"] = w

	w = base
	w.ClientRTT = 5 * model.Millisecond
	w.Sessions = 100
	out["remote clients"] = w
	return out
}

// architectures is every preset plus the synchronous_commit levels and
// quorums of hot-standby.
func architectures() []model.Architecture {
	out := []model.Architecture{}
	for _, id := range model.IDs() {
		out = append(out, model.Architecture{ID: id})
	}
	for _, sc := range []model.SyncCommit{model.SyncOff, model.SyncLocal, model.SyncRemoteWrite, model.SyncOn, model.SyncRemoteApply} {
		out = append(out, model.Architecture{ID: model.HotStandby, SyncCommit: sc})
	}
	out = append(out,
		model.Architecture{ID: model.HotStandby, Standbys: []model.Placement{model.SameZone, model.CrossZone, model.CrossRegion}, Quorum: model.Any, QuorumCount: 2},
		model.Architecture{ID: model.HotStandby, Standbys: []model.Placement{model.CrossZone, model.CrossRegion}, Quorum: model.First, QuorumCount: 2},
		model.Architecture{ID: model.ReadReplicas, Replicas: 3, ReplicaPlacement: model.CrossRegion},
		model.Architecture{ID: model.HotStandby, Storage: model.NetworkStorage},
		model.Architecture{ID: model.DBMSOptimizedStorage},
		model.Architecture{ID: model.DBMSOptimizedStorage, Variant: model.Neon},
		model.Architecture{ID: model.DBMSOptimizedStorage, Replicas: 2},
		model.Architecture{ID: model.DBMSOptimizedStorage, SyncCommit: model.SyncOff},
	)
	return out
}

func name(a model.Architecture) string {
	s := string(a.ID)
	if a.SyncCommit != "" {
		s += "/" + string(a.SyncCommit)
	}
	if len(a.Standbys) > 1 {
		s += "/" + string(a.Quorum)
	}
	if a.Storage != "" {
		s += "/" + string(a.Storage)
	}
	if a.Variant != "" {
		s += "/" + string(a.Variant)
	}
	if a.Replicas > 0 {
		s += "/replicas"
	}
	return s
}

// checkResult asserts the laws of MODEL.md §9 that hold for any one result.
func checkResult(t *testing.T, w model.Workload, p model.Profile, res model.Result) {
	t.Helper()
	if path := nan(reflect.ValueOf(res), "result"); path != "" {
		t.Errorf("%s is NaN", path)
	}
	// The requests are served unless a station they wait at saturates: a
	// copy's replay at capacity leaves the copy behind (falls_behind, and
	// the bottleneck then), and only remote_apply commits wait for it; no
	// commit waits for an active-active node's apply, nor for asynchronous
	// copies' WAL on the primary's link. (A copy that falls behind before
	// the requests saturate stays the bottleneck where they do.)
	a := res.Architecture
	syncCopy := len(a.Standbys) > 0 && (a.SyncCommit == model.SyncRemoteWrite || a.SyncCommit == model.SyncOn || a.SyncCommit == model.SyncRemoteApply) ||
		a.ID == model.DBMSOptimizedStorage || a.ID == model.DistributedSQL // copies on the commit path across the link
	lags := res.Bottleneck == "replay" && a.SyncCommit != model.SyncRemoteApply || res.Bottleneck == "apply" || res.Bottleneck == "decode" ||
		res.Bottleneck == "network" && !syncCopy
	if res.FallsBehind && (!res.Saturated || !lags) {
		t.Errorf("falls_behind %v with saturated %v at %s", res.FallsBehind, res.Saturated, res.Bottleneck)
	}
	served := !res.Saturated || res.FallsBehind

	for _, l := range []struct {
		class string
		l     model.Latency
		rate  model.Rate
	}{{"read", res.Read, w.ReadRate}, {"write", res.Write, w.WriteRate}, {"analytical", res.Analytical, w.AnalyticalRate}} {
		vals := []model.Time{l.l.Mean, l.l.P50, l.l.P95, l.l.P99}
		for _, v := range vals {
			if math.IsNaN(float64(v)) || v < 0 {
				t.Fatalf("%s latency %v: NaN or negative", l.class, l.l)
			}
			// Finite iff served (for the classes that have load).
			if l.rate > 0 && math.IsInf(float64(v), 1) == served {
				t.Fatalf("%s latency %v with Saturated = %v (bottleneck %s)", l.class, l.l, res.Saturated, res.Bottleneck)
			}
		}
		if !(l.l.P50 <= l.l.P95 && l.l.P95 <= l.l.P99) {
			t.Errorf("%s percentiles not ordered: %v", l.class, l.l)
		}
	}
	// Saturated iff some station is at or beyond its capacity (open load).
	if w.Clients == 0 {
		full := false
		for _, u := range res.Utilization {
			if math.IsNaN(float64(u.Value)) || u.Value < 0 {
				t.Fatalf("utilization %s = %v", u.Resource, u.Value)
			}
			full = full || u.Value >= 1
		}
		if full != res.Saturated && !(res.Saturated && res.Bottleneck == "wal_flush") {
			t.Errorf("Saturated = %v but utilisations %v", res.Saturated, res.Utilization)
		}
		if res.Saturated != (res.MaxThroughputScale < 1) {
			t.Errorf("Saturated = %v but MaxThroughputScale = %v", res.Saturated, res.MaxThroughputScale)
		}
	}
	if res.Saturated {
		return
	}
	// R ≥ the deterministic steps: the client round trips, the CPU work;
	// its median ≥ their constant part, the round trips without their
	// random part (rtt_jitter_ms).
	jitter := min(p.RTT.Jitter, w.ClientRTT/2)
	if w.WriteRate > 0 {
		floor := model.Time(w.RoundTripsPerTxn)*w.ClientRTT + model.Time(w.StatementsPerTxn)*w.CPUPerStatement
		fixed := floor - model.Time(w.RoundTripsPerTxn)*jitter
		if res.Write.Mean < floor*(1-1e-9) || res.Write.P50 < fixed*(1-1e-6) {
			t.Errorf("write %v below its deterministic part %v (its constant part %v)", res.Write, floor, fixed)
		}
		// The path's steps add up to the mean (one engine: the path is the distribution).
		var sum model.Time
		for _, s := range res.CommitPath {
			sum += s.Time
		}
		if !within(float64(sum), float64(res.Write.Mean), 1e-6) {
			t.Errorf("commit path sums to %v, mean is %v", sum, res.Write.Mean)
		}
	}
	if w.ReadRate > 0 && res.Read.Mean < (w.ClientRTT+w.CPUPerRead)*(1-1e-9) {
		t.Errorf("read %v below its deterministic part", res.Read)
	}
	if res.Availability.RPO < 0 || res.Availability.RTO <= 0 || math.IsNaN(float64(res.Availability.RTO)) {
		t.Errorf("availability %+v", res.Availability)
	}
	if res.Cost.Total <= 0 || math.IsNaN(float64(res.Cost.Total)) {
		t.Errorf("cost %+v", res.Cost)
	}
}

func TestLaws(t *testing.T) {
	p := lecture(t)
	for wname, w := range workloads() {
		for _, a := range architectures() {
			t.Run(wname+"/"+name(a), func(t *testing.T) {
				res := evaluate(t, a, w, p)
				checkResult(t, w, p, res)
				if w.Clients > 0 {
					// Little's law for the closed loop: N = X·(Z + R).
					x := float64(res.Throughput.Total)
					r := (float64(res.Throughput.Reads)*float64(res.Read.Mean) + float64(res.Throughput.Writes)*float64(res.Write.Mean) +
						float64(res.Throughput.Analytical)*float64(res.Analytical.Mean)) / x
					if n := x * (float64(w.ThinkTime) + r); !within(n, float64(w.Clients), 1e-3) {
						t.Errorf("X·(Z+R) = %.3f, want N = %d", n, w.Clients)
					}
				}
			})
		}
	}
}

// Latency does not fall as the load grows at fixed sizes, up to saturation.
func TestLatencyNonDecreasingInLoad(t *testing.T) {
	p := lecture(t)
	for _, a := range architectures() {
		if a.ID == model.ReadReplicas && a.Replicas == 0 {
			a.Replicas = 2 // fixed size
		}
		switch a.ID {
		case model.DBMSOptimizedStorage:
			a.Sized = true // its readers as given, none: sizing adds them as the load grows
		case model.DistributedSQL:
			a.Nodes = max(a.Nodes, 5) // fixed size
		case model.Sharded:
			a.Workers = max(a.Workers, 4)
		}
		t.Run(name(a), func(t *testing.T) {
			prev := model.Result{}
			for i, s := range []float64{0.05, 0.2, 0.5, 0.8, 1, 1.2, 1.5, 2, 3, 5} {
				w := model.DefaultWorkload()
				w.ReadRate *= model.Rate(s)
				w.WriteRate *= model.Rate(s)
				res := evaluate(t, a, w, p)
				if i > 0 && !prev.Saturated {
					for _, c := range []struct {
						name      string
						got, prev model.Latency
					}{{"read", res.Read, prev.Read}, {"write", res.Write, prev.Write}} {
						// Mixture reduction (moment-preserving merges, model/dist)
						// moves a quantile a little: measured up to 0.3 % (a
						// replica read of dbms-optimized-storage, scale 0.05 → 0.2).
						// The mean may fall by a hair for a physical reason: at a
						// fixed checkpoint cycle more writes share each page's
						// full-page image, and a page's first access in a cycle
						// is less often a pruning read (readImages), so a commit
						// flushes fewer bytes (measured 2·10⁻⁶ on a local device,
						// 3.5·10⁻⁵ with reads' images: sharded, scale 0.05 → 0.2).
						if c.got.Mean < c.prev.Mean*(1-1e-4) || c.got.P99 < c.prev.P99*(1-5e-3) {
							t.Errorf("scale %.2f: %s %v fell from %v", s, c.name, c.got, c.prev)
						}
					}
				}
				prev = res
			}
		})
	}
}

// A synchronous standby's write latency is the asynchronous write latency
// plus the standby leg (MODEL.md §9), at a load where the leg does not
// change the primary's queues.
func TestSyncStandbyAddsItsLeg(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate = 100, 50
	async := evaluate(t, model.Architecture{ID: model.HotStandby, SyncCommit: model.SyncLocal}, w, p)
	for _, sc := range []model.SyncCommit{model.SyncRemoteWrite, model.SyncOn, model.SyncRemoteApply} {
		sync := evaluate(t, model.Architecture{ID: model.HotStandby, SyncCommit: sc}, w, p)
		var leg model.Time
		for _, s := range sync.CommitPath {
			if len(s.Name) > 8 && s.Name[:8] == "standby_" || s.Name == "wal_send" || s.Name == "walsender" {
				leg += s.Time
			}
		}
		if leg < p.RTT.CrossZone {
			t.Errorf("%s: standby leg %v shorter than the cross-zone round trip %v", sc, leg, p.RTT.CrossZone)
		}
		// The session wait grows with the longer hold; at 50 writes/s on
		// 200 sessions it is below 10⁻⁶ of the latency.
		if got, want := sync.Write.Mean, async.Write.Mean+leg; !within(float64(got), float64(want), 1e-4) {
			t.Errorf("%s: write mean %v, want async %v + leg %v = %v", sc, got, async.Write.Mean, leg, want)
		}
	}
}

// Each synchronous_commit level waits for strictly more than the one before.
func TestSyncCommitLevelsOrdered(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	prev := model.Time(-1)
	for _, sc := range []model.SyncCommit{model.SyncOff, model.SyncLocal, model.SyncRemoteWrite, model.SyncOn, model.SyncRemoteApply} {
		res := evaluate(t, model.Architecture{ID: model.HotStandby, SyncCommit: sc}, w, p)
		if res.Write.Mean <= prev {
			t.Errorf("%s: write mean %v not above the previous level's %v", sc, res.Write.Mean, prev)
		}
		prev = res.Write.Mean
		// Without a standby acknowledgement a failover loses the lag (local)
		// or up to 3 × wal_writer_delay (off).
		if async := sc == model.SyncOff || sc == model.SyncLocal; async != (res.Availability.RPO > 0) {
			t.Errorf("%s: RPO %v", sc, res.Availability.RPO)
		}
	}
}

// ANY 1 of a near and a far standby waits for the near one; FIRST 2 for
// the far one; each after its walsender takes the commit up
// (walsender_cpu_per_flush_us).
func TestQuorumPicksByPlacement(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate = 100, 50
	both := []model.Placement{model.SameZone, model.CrossRegion}
	any1 := evaluate(t, model.Architecture{ID: model.HotStandby, Standbys: both, Quorum: model.Any, QuorumCount: 1}, w, p)
	first2 := evaluate(t, model.Architecture{ID: model.HotStandby, Standbys: both, Quorum: model.First, QuorumCount: 2}, w, p)
	local := evaluate(t, model.Architecture{ID: model.HotStandby, SyncCommit: model.SyncLocal}, w, p)
	sender := p.Node.WalsenderCPUPerFlush
	if d, near := any1.Write.Mean-local.Write.Mean, p.RTT.SameZone+sender; d < near || d > near*1.5 {
		t.Errorf("ANY 1 adds %v, want ≈ the same-zone round trip and the walsender's %v", d, near)
	}
	if d, far := first2.Write.Mean-local.Write.Mean, p.RTT.CrossRegion+sender; d < far || d > far*1.1 {
		t.Errorf("FIRST 2 adds %v, want ≈ the cross-region round trip and the walsender's %v", d, far)
	}
}

func TestInvalidInput(t *testing.T) {
	p := lecture(t)
	for _, tc := range []struct {
		name  string
		a     model.Architecture
		w     func(*model.Workload)
		field string
	}{
		{"negative reads", model.Architecture{ID: model.SingleNode}, func(w *model.Workload) { w.ReadRate = -1 }, "reads_per_sec"},
		{"NaN rtt", model.Architecture{ID: model.SingleNode}, func(w *model.Workload) { w.ClientRTT = model.Time(math.NaN()) }, "client_rtt_ms"},
		{"no load", model.Architecture{ID: model.SingleNode}, func(w *model.Workload) { w.ReadRate, w.WriteRate = 0, 0 }, "reads_per_sec"},
		{"working set above data", model.Architecture{ID: model.SingleNode}, func(w *model.Workload) { w.WorkingSet = 2 * w.DataSize }, "working_set_gb"},
		{"unknown architecture", model.Architecture{ID: "mainframe"}, func(*model.Workload) {}, "architectures"},
		{"sync without standby", model.Architecture{ID: model.HotStandby, Standbys: []model.Placement{}, SyncCommit: model.SyncOn}, func(*model.Workload) {}, "sync_commit"},
		{"quorum beyond standbys", model.Architecture{ID: model.HotStandby, QuorumCount: 2}, func(*model.Workload) {}, "quorum"},
		// A quorum over no standbys, or a variant on a node that has no
		// storage service, was silently dropped or half applied.
		{"quorum without standbys", model.Architecture{ID: model.SingleNode, Quorum: model.Any, QuorumCount: 1}, func(*model.Workload) {}, "quorum"},
		{"variant off dbms-optimized-storage", model.Architecture{ID: model.SingleNode, Variant: model.Neon}, func(*model.Workload) {}, "variant"},
		{"unknown placement", model.Architecture{ID: model.HotStandby, Standbys: []model.Placement{"moon"}}, func(*model.Workload) {}, "standbys"},
		{"unknown replica placement", model.Architecture{ID: model.ReadReplicas, ReplicaPlacement: "moon"}, func(*model.Workload) {}, "replica_placement"},
		{"unknown node placement", model.Architecture{ID: model.DistributedSQL, NodePlacement: "cross_zone"}, func(*model.Workload) {}, "node_placement"},
		{"too many clients", model.Architecture{ID: model.SingleNode}, func(w *model.Workload) { w.Clients = 20000 }, "clients"},
		// Consensus has no asynchronous commit: off dropped its rounds.
		{"asynchronous consensus", model.Architecture{ID: model.DistributedSQL, SyncCommit: model.SyncOff}, func(*model.Workload) {}, "sync_commit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := model.DefaultWorkload()
			tc.w(&w)
			_, err := tc.a.Evaluate(w, p, model.DefaultRequirements())
			var pe *model.ParamError
			if !errorsAs(err, &pe) || pe.Field != tc.field {
				t.Errorf("Evaluate error = %v, want a ParamError for %s", err, tc.field)
			}
		})
	}
}

// nan returns the path of the first NaN among v's numbers, or "".
func nan(v reflect.Value, path string) string {
	switch v.Kind() {
	case reflect.Float64, reflect.Float32:
		if math.IsNaN(v.Float()) {
			return path
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return nan(v.Elem(), path)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if p := nan(v.Field(i), path+"."+v.Type().Field(i).Name); p != "" {
				return p
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if p := nan(v.Index(i), fmt.Sprintf("%s[%d]", path, i)); p != "" {
				return p
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if p := nan(it.Value(), fmt.Sprintf("%s[%v]", path, it.Key())); p != "" {
				return p
			}
		}
	}
	return ""
}

// A hot row held for nothing — one call, no statement after the hot
// UPDATE, a commit that waits for no flush — is a lock of zero hold: the
// apply workers that also take it keep its load, and the result is finite
// (review of 2026-11-26: a panic on the hold's third moment, 0/0).
func TestZeroHoldLock(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.HotRows, w.StatementsAfterHotWrite, w.RoundTripsPerTxn = 10, 0, 1
	for _, a := range []model.Architecture{{ID: model.ActiveActive, Nodes: 3, SyncCommit: model.SyncOff}, {ID: model.SingleNode, SyncCommit: model.SyncOff}} {
		checkResult(t, w, p, evaluate(t, a, w, p))
	}
}
