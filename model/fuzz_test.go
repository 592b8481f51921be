package model_test

import (
	"math"
	"testing"

	"github.com/pgarch/pgarch/model"
)

// FuzzEvaluate drives every architecture with random valid workloads and
// profiles: each result is finite or explicitly saturated, never NaN, and
// obeys the laws of MODEL.md §9 (checkResult); no input panics.
func FuzzEvaluate(f *testing.F) {
	f.Add(20000.0, 1000.0, 0.0, 200.0, 20.0, 0.9, 0.2, 200, 0, 0, 8, 1.0, 1.0)
	f.Add(1e6, 1e5, 1.0, 5000.0, 4000.0, 0.5, 5.0, 50, 10, 400, 2, 1000.0, 0.001)
	f.Add(0.0, 1.0, 0.0, 0.01, 0.0, 0.0, 0.0, 1, 1, 1, 1, 1.0, 10.0)
	// Hot rows beyond max_wal_size's worth of pages (a panic once: every
	// hot page logged an image per cycle, updated or not).
	f.Add(0.0, 1000.0, 0.0, 200.0, 20.0, 0.9, 0.2, 200, 6_000_000, 0, 8, 1.0, 1.0)
	f.Fuzz(func(t *testing.T, reads, writes, analytical, dataGB, wsGB, hot, rttMs float64, sessions, hotRows, clients, vcpus int, latencyScale, iopsScale float64) {
		w := model.DefaultWorkload()
		w.ReadRate, w.WriteRate, w.AnalyticalRate = model.Rate(reads), model.Rate(writes), model.Rate(analytical)
		w.DataSize, w.WorkingSet = model.Bytes(dataGB)*model.GB, model.Bytes(wsGB)*model.GB
		w.HotAccess = model.Ratio(hot)
		w.ClientRTT = model.Time(rttMs) * model.Millisecond
		w.Sessions, w.HotRows, w.Clients = sessions, hotRows, clients
		if w.Validate() != nil {
			t.Skip("not a valid workload: Validate's error tables cover these")
		}
		p := lecture(t)
		if vcpus < 1 || vcpus > 512 || !(latencyScale > 1e-3 && latencyScale < 1e3) || !(iopsScale > 1e-3 && iopsScale < 1e3) {
			t.Skip("profile outside the calibration ranges")
		}
		p.Node.VCPUs = vcpus
		for _, d := range []*model.Device{&p.Local, &p.Network} {
			d.ReadLatency *= model.Time(latencyScale)
			d.WriteLatency *= model.Time(latencyScale)
			d.FsyncLatency *= model.Time(latencyScale)
			d.IOPS *= model.Rate(iopsScale)
		}
		for _, a := range architectures() {
			res, err := a.Evaluate(w, p, model.DefaultRequirements())
			if err != nil {
				t.Fatalf("%s: valid input gave error %v", name(a), err)
			}
			checkResult(t, w, p, res)
			if math.IsNaN(res.MaxThroughputScale) || res.MaxThroughputScale < 0 {
				t.Fatalf("%s: MaxThroughputScale = %v", name(a), res.MaxThroughputScale)
			}
		}
	})
}

// BenchmarkEvaluate evaluates the default workload on the lecture profile:
// "part1" the four one-primary architectures (target ≤ 50 µs and ≤ 300
// allocations), "all" all eight (target ≤ 100 µs and ≤ 600 allocations),
// and each architecture alone.
func BenchmarkEvaluate(b *testing.B) {
	p := lecture(b)
	w := model.DefaultWorkload()
	r := model.DefaultRequirements()
	part1 := []model.ID{model.SingleNode, model.NetworkAttachedStorage, model.ReadReplicas, model.HotStandby}
	for _, set := range []struct {
		name string
		ids  []model.ID
	}{{"part1", part1}, {"all", model.IDs()}} {
		b.Run(set.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, id := range set.ids {
					if _, err := (model.Architecture{ID: id}).Evaluate(w, p, r); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
	for _, id := range model.IDs() {
		b.Run(string(id), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := (model.Architecture{ID: id}).Evaluate(w, p, r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
