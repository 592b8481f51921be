package model_test

import (
	"math"
	"strings"
	"testing"

	"github.com/pgarch/pgarch/model"
	"github.com/pgarch/pgarch/model/queue"
)

// shared_buffers' misses against PostgreSQL's (validation/cache.sh,
// PostgreSQL 15.18 on this machine): point reads of pgbench_accounts at
// scale 50 (81,968 heap pages, 13,662 index leaves), 90 % of them from the
// first tenth of the rows and the rest from the others, or from a
// hundredth of the rows scattered over the table (hot_rows_clustered
// false) and the rest from every row, or every row alike, with
// shared_buffers of 16 to 256 MB. A read reads one leaf and one heap
// page beyond the index's root and inner page (four buffer accesses a read,
// measured), so its misses are 2·(1 − shared_buffers' hit ratio). The
// engine describes the table as the workload does: its size, rows whose
// leaf share is the table's, the hot tenth as working_set_gb with
// hot_access 0.9. PostgreSQL replaces buffers by clock sweep, not LRU, yet
// Che's LRU approximation (MODEL.md §4) lies within 8 % of every run's
// misses (−0.3 to +7.9 % in two runs, at most +6 % where the reads are
// uniform); the bound is 12 %.
func TestSharedBuffersMissesMeasured(t *testing.T) {
	settings, runs := readResults(t, "cache.txt")
	w, rows := accountsReads(t, settings)
	if len(runs) < 19 {
		t.Fatalf("cache.txt: %d runs, want at least 19", len(runs))
	}
	for _, r := range runs {
		if len(r.v) != 4 {
			continue // the second level's runs
		}
		mix, _, _ := strings.Cut(r.name, "-")
		mb, txns, misses := r.v[0], r.v[1], r.v[3]
		w.WorkingSet, w.HotAccess, w.HotRowsClustered = w.DataSize, 1, true
		switch mix {
		case "hot":
			w.WorkingSet = model.Bytes(float64(w.DataSize) * settings["hot_rows"] / rows)
			w.HotAccess = model.Ratio(settings["hot_access"])
		case "scattered":
			w.WorkingSet = model.Bytes(settings["scattered_rows"]) * w.RowBytes
			w.HotAccess, w.HotRowsClustered = model.Ratio(settings["hot_access"]), false
		}
		p := lecture(t)
		p.Node.SharedBuffers = 0.25
		p.Node.Memory = model.Bytes(4 * mb * (1 << 20)) // shared_buffers' MB are 2²⁰ bytes
		res, err := model.Architecture{ID: model.SingleNode}.Evaluate(w, p, model.DefaultRequirements())
		if err != nil {
			t.Fatal(err)
		}
		got, want := 2*(1-float64(res.SharedBuffersHitRatio)), misses/txns
		e := 100 * (got/want - 1)
		t.Logf("%s: misses a read %.3f, measured %.3f (%+.1f %%)", r.name, got, want, e)
		if math.Abs(e) > 12 {
			t.Errorf("%s: shared_buffers misses a read %.3f, PostgreSQL's %.3f: error %+.1f %% beyond 12 %%", r.name, got, want, e)
		}
	}
}

// The OS page cache behind shared_buffers against Linux's (validation/cache.sh,
// the second part: the same hot reads with 64 MB of shared_buffers, the
// server in a memory cgroup of 256 to 448 MB whose page cache held 22,000
// to 47,000 of the table's and index's pages). The engine's second level,
// two-level Che over shared_buffers' misses (MODEL.md §4; Martina, Garetto
// and Leonardi 2014), sized to the pages the page cache held, predicts the
// device's reads a point read causes, 2·(1 − cache hit ratio). Linux keeps
// its page cache on two lists, inactive and active, not one LRU, yet the
// prediction lay 4.8–15.7 % under the device's reads in two runs of
// 2026-11-27 (the device served 5–19 % more); the bound is 25 %. (It read 8–28 % more
// 8 kB pages than reads: some fetched a neighbouring page too.)
func TestPageCacheMissesMeasured(t *testing.T) {
	settings, runs := readResults(t, "cache.txt")
	w := hotPointReads(t, settings)
	n := 0
	for _, r := range runs {
		if len(r.v) != 7 {
			continue
		}
		n++
		sb := model.Bytes(r.v[0] * (1 << 20))
		txns, reads, resident := r.v[2], r.v[4], r.v[6]
		p := lecture(t)
		p.Node.OSReserve = 0
		p.Node.Memory = sb + model.Bytes(resident)*model.PageSize + p.Node.SessionMemory
		p.Node.SharedBuffers = model.Ratio(sb / p.Node.Memory)
		res, err := model.Architecture{ID: model.SingleNode}.Evaluate(w, p, model.DefaultRequirements())
		if err != nil {
			t.Fatal(err)
		}
		got, want := 2*(1-float64(res.CacheHitRatio)), reads/txns
		e := 100 * (got/want - 1)
		t.Logf("%s: device reads a read %.3f, measured %.3f (%+.1f %%)", r.name, got, want, e)
		if math.Abs(e) > 25 {
			t.Errorf("%s: device reads a read %.3f, Linux's %.3f: error %+.1f %% beyond 25 %%", r.name, got, want, e)
		}
	}
	if n < 3 {
		t.Fatalf("cache.txt: %d runs of the second level, want at least 3", n)
	}
}

// hotPointReads is the second level's runs of validation/cache.sh as a
// workload: accountsReads of one client, its hot tenth as working_set_gb
// with the runs' hot_access.
func hotPointReads(t *testing.T, settings map[string]float64) model.Workload {
	t.Helper()
	w, rows := accountsReads(t, settings)
	w.Sessions = 1
	w.WorkingSet = model.Bytes(float64(w.DataSize) * settings["hot_rows"] / rows)
	w.HotAccess = model.Ratio(settings["hot_access"])
	return w
}

// accountsReads is validation/cache.sh's table as a read-only workload:
// its heap pages and leaves, and rows whose leaf share is the table's (the
// engine derives it from a row's bytes, Workload.leafShare: an index entry
// of 20 B at fillfactor 90 beside a heap tuple of the row and 28 B,
// inverted here); and the table's rows.
func accountsReads(t *testing.T, settings map[string]float64) (w model.Workload, rows float64) {
	t.Helper()
	heap, leaves, rows := settings["heap_pages"], settings["leaf_pages"], settings["rows"]
	if heap <= 0 || leaves <= 0 || rows <= 0 {
		t.Fatalf("cache.txt: %v heap pages, %v leaves, %v rows", heap, leaves, rows)
	}
	pages := heap + leaves
	w = model.DefaultWorkload()
	w.WriteRate = 0
	w.DataSize = model.Bytes(pages) * model.PageSize
	entry := 20 / 0.9
	w.RowBytes = model.Bytes(entry*pages/leaves - entry - 28)
	return w, rows
}

// Point reads beside a client scanning a 1 GB table over and over
// (validation/cache.sh with SCAN_MB=1024, results/cache-scan.txt,
// PostgreSQL 15.18 on this machine, the measured part 20 s): PostgreSQL
// keeps the scan out of shared_buffers by a ring buffer, but the page
// cache takes its pages like any read's, about 110,000 a second, and the
// pages of pgbench_accounts it held at the end fell from 30,103 and 46,457
// to none at 320 and 448 MB. The engine's point classes for the table
// (CacheClasses, the page cache the plain run's room), with the scanned
// table as objects only the bypass requests (queue.Class.Bypass, at the
// measured scans per point page access), predict the point reads'
// page-cache hits at under a tenth of those without it (until 2026-11-28
// scans left them untouched).
func TestScanStreamEmptiesThePageCacheMeasured(t *testing.T) {
	settings, runs := readResults(t, "cache-scan.txt")
	w := hotPointReads(t, settings)
	measured := settings["measure_s"] // s: cache.sh's MEASURE
	if measured == 0 {
		measured = 20 // the run of 2026-11-28, before the header said it: the default, "20s measured" in its log
	}
	scanPages := settings["scan_pages"]
	room := map[float64]float64{} // the plain runs' resident pages by cgroup limit
	n := 0
	for _, r := range runs {
		switch {
		case len(r.v) == 7 && !strings.HasPrefix(r.name, "os-scan"):
			room[r.v[1]] = r.v[6]
		case len(r.v) == 9:
			n++
			resident0, ok := room[r.v[1]]
			if !ok || scanPages <= 0 {
				t.Fatalf("%s: no plain run at %v MB before it, or no scan_pages (%v)", r.name, r.v[1], scanPages)
			}
			sb := model.Bytes(r.v[0] * (1 << 20))
			p := lecture(t)
			p.Node.OSReserve = 0
			p.Node.Memory = sb + model.Bytes(resident0)*model.PageSize + p.Node.SessionMemory
			p.Node.SharedBuffers = model.Ratio(sb / p.Node.Memory)
			classes, l1, l2 := model.CacheClasses(w, p)
			pointAccesses := r.v[2] / measured * 2 // a read's leaf and heap page
			scans := r.v[7] / measured / scanPages
			h1, alone := queue.CheTwoLevel(classes, l1, l2)
			_, beside := queue.CheTwoLevel(append(classes, queue.Class{Items: scanPages, Bypass: scans / pointAccesses}), l1, l2)
			t.Logf("%s: page-cache hits a page access %.4f beside the scan, %.4f alone (shared_buffers %.4f); resident %v of %v", r.name, beside, alone, h1, r.v[6], resident0)
			if !(r.v[6] < resident0/10) || !(beside < alone/10) {
				t.Errorf("%s: resident %v (alone %v), page-cache hits %.4f (alone %.4f): want both under a tenth", r.name, r.v[6], resident0, beside, alone)
			}
		}
	}
	if n < 2 {
		t.Fatalf("cache-scan.txt: %d runs beside a scan, want 2", n)
	}
}

// Analytical scans of a database larger than the page cache take its room
// from the point reads as they grow, but not shared_buffers', which a scan
// passes through a ring buffer: on aws-gp3's 64 GB node, 1 GB scans of a
// 200 GB database 0.05 a second (50 MB/s) raise the point reads' misses
// from 7.6 to 11.1 % of their page accesses, ten times as many to 23.6 %.
// A database the page cache holds whole (30 GB) loses nothing to them:
// its scanned pages are cached already (the engine, queue.Class.Bypass;
// TestCheTwoLevelBypass bounds its error against an LRU simulation).
func TestScansTakeThePageCacheFromPointReads(t *testing.T) {
	p := builtin(t, "aws-gp3")
	w := model.DefaultWorkload()
	w.ScanPerQuery = model.GB
	var last model.Result
	for i, rate := range []model.Rate{0, 0.05, 0.5} {
		w.AnalyticalRate = rate
		res := evaluate(t, model.Architecture{ID: model.SingleNode}, w, p)
		if i > 0 && (!(res.CacheHitRatio < last.CacheHitRatio) || res.SharedBuffersHitRatio != last.SharedBuffersHitRatio) {
			t.Errorf("%.2f scans/s: hit ratio %.4f (shared_buffers %.4f), at fewer scans %.4f (%.4f): want lower, shared_buffers' the same",
				rate, res.CacheHitRatio, res.SharedBuffersHitRatio, last.CacheHitRatio, last.SharedBuffersHitRatio)
		}
		last = res
	}
	w.DataSize, w.WorkingSet = 30*model.GB, 20*model.GB
	w.AnalyticalRate = 0
	alone := evaluate(t, model.Architecture{ID: model.SingleNode}, w, p)
	w.AnalyticalRate = 0.5
	if beside := evaluate(t, model.Architecture{ID: model.SingleNode}, w, p); beside.CacheHitRatio != alone.CacheHitRatio {
		t.Errorf("30 GB: hit ratio %.4f beside 0.5 scans/s, %.4f alone: want the same, the page cache holding it whole", beside.CacheHitRatio, alone.CacheHitRatio)
	}
}

// A read replica's page cache holds what its own queries leave: the scans
// sent to the replicas take its room, not the primary's (PostgreSQL's
// copies each have their own page cache; a scan reads through the one of
// the node it runs on). On aws-gp3's 64 GB nodes, a 200 GB database with
// 1 GB scans 0.5 a second, every read and scan on the replicas: the
// primary's page cache serves as much as without the scans, at the
// auto-sized count as at a given one (review of 2026-11-28: the sizing's
// primary kept them); and a replica's serves what a single node given its
// share of the reads and scans, and every write to replay, would serve —
// less than without the scans. (Replay touches the pages a write
// modifies, a write on a single node those it reads: the workload makes
// them the same.)
func TestReplicasCacheTheirOwnScans(t *testing.T) {
	p := builtin(t, "aws-gp3")
	w := model.DefaultWorkload()
	w.DataSize, w.ScanPerQuery, w.ReplicaReadFraction = 200*model.GB, model.GB, 1
	w.PagesReadPerTxn = w.PagesWrittenPerTxn
	quiet := w
	w.AnalyticalRate = 0.5
	a := model.Architecture{ID: model.ReadReplicas}
	alone, _, _, _ := model.CopyHits(quiet, p, a)
	primary, replica, _, n := model.CopyHits(w, p, a)
	if n < 1 || primary != alone {
		t.Errorf("%d auto-sized replicas: the primary's page cache hits %.4f of its page accesses, %.4f without scans: want the same, the scans on the replicas", n, primary, alone)
	}
	a.Replicas = n
	if given, _, _, _ := model.CopyHits(w, p, a); given != primary {
		t.Errorf("%d replicas given: the primary's page cache hits %.4f, auto-sized %.4f: want the same", n, given, primary)
	}
	share := w
	share.ReadRate, share.AnalyticalRate = w.ReadRate/model.Rate(n), w.AnalyticalRate/model.Rate(n)
	single := evaluate(t, model.Architecture{ID: model.SingleNode}, share, p)
	want := float64(single.CacheHitRatio - single.SharedBuffersHitRatio)
	if math.Abs(replica-want) > 1e-9 || !(replica < alone) {
		t.Errorf("a replica's page cache hits %.4f of its page accesses, a single node serving its share %.4f, without the scans %.4f: want the first two equal, below the third", replica, want, alone)
	}
	// Every read and scan on the primary: a replica that serves none
	// caches what replay touches, as without the scans.
	w.ReplicaReadFraction = 0
	if primary, _, idle, _ := model.CopyHits(w, p, a); idle != alone || !(primary < alone) {
		t.Errorf("no reads on the replicas: a replica's page cache hits %.4f, the primary's %.4f, without the scans %.4f: want the replica's the last", idle, primary, alone)
	}
}
