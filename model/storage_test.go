package model_test

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/pgarch/pgarch/model"
	"github.com/pgarch/pgarch/model/queue"
)

// Aurora ships WAL to six storage nodes, two per zone, and commits at the
// fourth acknowledgement: the two in its own zone answer first, so the
// commit waits for the second of four cross-zone nodes, about one
// cross-zone round trip (Verbitski et al., SIGMOD 2017). In exchange the
// primary writes no pages and no full-page images: only WAL records leave it.
func TestAuroraCommitsAtCrossZoneQuorumAndWritesNoPages(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate = 1000, 100
	aurora := evaluate(t, model.Architecture{ID: model.DBMSOptimizedStorage}, w, p)
	single := evaluate(t, model.Architecture{ID: model.SingleNode}, w, p)
	q, ok := step(aurora, "storage_quorum")
	if !ok {
		t.Fatalf("commit path %v lacks storage_quorum", aurora.CommitPath)
	}
	// The 2nd of 4 i.i.d. cross-zone acks, each a round trip with its
	// random part and a persist: without the random part RTT +
	// persist·(1/4 + 1/3) (Rényi), with it jitteredAckMean. The engine
	// takes each ack as a shifted exponential of its mean and variance,
	// within 0.3 % here where the jitter and the persist are alike.
	want := jitteredAckMean(4, 2, p.RTT.CrossZone, p.RTT.Jitter, p.Disaggregated.PersistLatency)
	if !within(float64(q), want, 0.003) {
		t.Errorf("storage_quorum = %v, want ≈ %v (one cross-zone round trip)", q, want)
	}
	if d := aurora.Write.Mean - single.Write.Mean; d < p.RTT.CrossZone*0.8 {
		t.Errorf("Aurora write costs %v more than single-node, want about a cross-zone round trip (%v)", d, p.RTT.CrossZone)
	}
	if aurora.FullPageImageShare != 0 || aurora.CheckpointInterval != 0 {
		t.Errorf("FPI share %v, checkpoint interval %v: want none (no checkpoints)", aurora.FullPageImageShare, aurora.CheckpointInterval)
	}
	// Beyond the read misses, only WAL leaves the compute node, at most one
	// write per commit (group commit): no page writes (single-node writes
	// back about pages_written_per_txn per transaction, or more).
	reads := float64(w.ReadRate)*2*(1-float64(aurora.CacheHitRatio)) + float64(w.WriteRate)*w.PagesReadPerTxn*(1-float64(aurora.CacheHitRatio))
	if writes := float64(aurora.IOPSDemand) - reads; writes < 0 || writes > float64(w.WriteRate) {
		t.Errorf("IOPS demand %v: %v beyond the read misses %v, want ≤ one WAL write per commit (%v)", aurora.IOPSDemand, writes, reads, w.WriteRate)
	}
	// Aurora Standard bills each page read from storage and each 4 KiB of
	// log a flush sends (AWS, "Amazon Aurora pricing"; CloudWatch
	// VolumeReadIOPs): the reads above, and between the WAL's bytes in
	// 4 KiB units and one unit more per commit (a flush rounds up once).
	billed := float64(aurora.Cost.IORequests) / float64(p.Prices.IORequestsPerMillion) * 1e6 / (float64(model.HoursPerMonth) * 3600)
	units := float64(aurora.WALRate) / 4096
	if log := billed - reads; log < units*0.999 || log > units+float64(w.WriteRate) {
		t.Errorf("Aurora bills %.0f I/Os per second: %.0f beyond the page reads %.0f, want the log's %.0f 4 KiB units, at most one more per commit", billed, log, reads, units)
	}
}

// A scan that misses the cache bills every 8 kB page it loads from Aurora's
// storage (there is no OS page cache), not the 256 KiB I/Os an EBS volume
// merges them into: 0.1 scans/s of 1 GB are 0.1·GB/8 kB pages per second.
func TestAuroraBillsEveryPageAScanReads(t *testing.T) {
	p := lecture(t)
	p.Prices.IOOptimizedComputeUplift = 10 // keep it on Standard, which bills I/O (TestAuroraPricesTheCheaperTier)
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate = 1000, 100
	a := model.Architecture{ID: model.DBMSOptimizedStorage}
	without := evaluate(t, a, w, p)
	w.AnalyticalRate, w.ScanPerQuery = 0.1, model.GB
	with := evaluate(t, a, w, p)
	pages := 0.1 * float64(model.GB) / float64(model.PageSize)
	want := pages * float64(model.HoursPerMonth) * 3600 / 1e6 * float64(p.Prices.IORequestsPerMillion)
	if got := float64(with.Cost.IORequests - without.Cost.IORequests); !within(got, want, 0.01) {
		t.Errorf("the scans add $%.0f a month of I/O requests, want $%.0f (%.0f pages/s)", got, want, pages)
	}
}

// Neon commits when 2 of 3 safekeepers (one per zone) acknowledge: the
// faster of the two cross-zone ones, RTT + persist/2 without the round
// trips' random part, jitteredAckMean with it (within 0.3 %: the engine's
// shifted exponential of each ack's mean and variance).
func TestNeonCommitsAtTwoOfThreeSafekeepers(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate = 1000, 100
	neon := evaluate(t, model.Architecture{ID: model.DBMSOptimizedStorage, Variant: model.Neon}, w, p)
	q, _ := step(neon, "storage_quorum")
	if want := jitteredAckMean(2, 1, p.RTT.CrossZone, p.RTT.Jitter, p.Disaggregated.PersistLatency); !within(float64(q), want, 0.003) {
		t.Errorf("storage_quorum = %v, want ≈ %v", q, want)
	}
	if neon.Cost.IORequests != 0 {
		t.Errorf("Neon bills no I/O: %+v", neon.Cost)
	}
}

// Neon's compute runs with full_page_writes on and checkpoints by
// max_wal_size as vanilla PostgreSQL does (Neon docs, "Postgres
// compatibility"): its WAL carries the same images as a single node's on
// the same workload and settings, within 1 % (the caches differ, not the
// pages first touched per cycle), while it writes no pages (the pageserver
// materialises them): its device I/O is its read misses, no write-back.
// Aurora's log has no images (no checkpoints).
func TestNeonLogsFullPageImages(t *testing.T) {
	p := builtin(t, "aws-gp3")
	w := model.DefaultWorkload()
	neon := evaluate(t, model.Architecture{ID: model.DBMSOptimizedStorage, Variant: model.Neon}, w, p)
	single := evaluate(t, model.Architecture{ID: model.SingleNode}, w, p)
	aurora := evaluate(t, model.Architecture{ID: model.DBMSOptimizedStorage}, w, p)
	if !within(float64(neon.WALRate), float64(single.WALRate), 0.01) || neon.FullPageImageShare < 0.5 || neon.CheckpointInterval <= 0 {
		t.Errorf("Neon: WAL %v, image share %v, cycle %v; want single-node's %v with its images", neon.WALRate, neon.FullPageImageShare, neon.CheckpointInterval, single.WALRate)
	}
	if aurora.FullPageImageShare != 0 || aurora.WALRate >= neon.WALRate/10 {
		t.Errorf("Aurora: WAL %v, image share %v: want records only", aurora.WALRate, aurora.FullPageImageShare)
	}
	misses := (float64(w.ReadRate)*2 + float64(w.WriteRate)*w.PagesReadPerTxn) * (1 - float64(neon.CacheHitRatio))
	if got := float64(neon.IOPSDemand); got > misses*1.01+float64(w.WriteRate) {
		t.Errorf("Neon: %.0f I/Os per second, want its %.0f read misses and at most one log write per commit, no page writes", got, misses)
	}
}

// Replicas sharing DBMS-optimised storage apply redo only to cached pages:
// they have no replay ceiling where physical replicas, each replaying every
// write, saturate.
func TestSharedStorageReplicasDoNotReplayEverything(t *testing.T) {
	p := lecture(t)
	p.Node.VCPUs = 32 // r3.8xlarge, the paper's instance: the storage client's CPU per commit needs the cores
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate = 20000, 5000
	w.WALRecordBytesPerTxn = 5000                           // 140 µs of redo per transaction at 36 MB/s
	w.DataSize, w.WorkingSet = 2000*model.GB, 1000*model.GB // little of it cached
	aurora := evaluate(t, model.Architecture{ID: model.DBMSOptimizedStorage, Replicas: 2}, w, p)
	physical := evaluate(t, model.Architecture{ID: model.ReadReplicas, Replicas: 2}, w, p)
	if a, r := usage(aurora, "replay"), usage(physical, "replay"); !(a < r/2) {
		t.Errorf("replay utilisation: shared storage %.3f, physical replicas %.3f; want far lower", a, r)
	}
	if aurora.ReplicationLag == nil || aurora.ReplicationLag.P99 > 20*model.Millisecond {
		t.Errorf("replica lag %+v, want milliseconds (Aurora paper: 2.6–5.4 ms at 1k–10k writes/s; AWS: 'on the order of 10 to 20 milliseconds')", aurora.ReplicationLag)
	}
	if !(aurora.Availability.RPO == 0 && len(aurora.Availability.Survives) == 2) {
		t.Errorf("availability %+v, want RPO 0, survives node and zone", aurora.Availability)
	}
	if aurora.Availability.RTO > 60*model.Second {
		t.Errorf("RTO %v with a replica, want ≈ 30 s failover", aurora.Availability.RTO)
	}
}

// A page that misses every cache is read from storage: one same-zone round
// trip plus the storage's read time, for Aurora (the nearest of six storage
// nodes; Verbitski et al., SIGMOD 2017, §4.2.3) and for Neon (GetPage@LSN
// at the pageserver, which Neon places in the compute's zone: "Latency
// should be 0.2 but sometimes compute and ps are not in the same AZ",
// neondatabase/neon PR #4901). No queue: storage scales out.
func TestStorageReadIsSameZoneRoundTripPlusStorageRead(t *testing.T) {
	p := lecture(t)
	p.Node.Memory, p.Node.OSReserve, p.Node.SessionMemory = 2*model.GB, 0, 0 // a cache far below the data
	p.Disaggregated.LocalCache = 0
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate = 10, 1
	w.DataSize, w.WorkingSet = 10000*model.GB, 0
	for _, v := range []model.Variant{model.Aurora, model.Neon} {
		res := evaluate(t, model.Architecture{ID: model.DBMSOptimizedStorage, Variant: v}, w, p)
		var reads model.Time
		for _, s := range res.ReadPath {
			if s.Name == "page_reads" {
				reads = s.Time
			}
		}
		// Two pages (index leaf and heap), each almost surely a miss.
		want := 2 * (p.RTT.SameZone + p.Disaggregated.ReadLatency)
		if !within(float64(reads), float64(want), 0.01) {
			t.Errorf("%s: page reads %v, want 2 × (same-zone RTT + storage read) = %v", v, reads, want)
		}
	}
}

// Aurora's replica lag against the paper (Verbitski et al., SIGMOD 2017,
// Table 4: 2.62, 3.42, 3.94 and 5.38 ms at 1,000, 2,000, 5,000 and 10,000
// writes/s; r3.8xlarge, SysBench write-only, Aurora MySQL). Beyond the
// durable quorum and a one-way trip (1.55 ms here) a replica applies the
// writer's redo stream, which grows with the write rate: its mean is fitted
// through the two ends of the table, read as medians (an assumption: the
// paper does not say; the 2 % bands there restate the fit), and the middle
// rows are held out: predicted within 20 % (−15 % and −3 %).
func TestAuroraReplicaLagAgainstPaper(t *testing.T) {
	p := lecture(t)
	p.Node.VCPUs = 32 // r3.8xlarge, as in the paper
	for _, c := range []struct {
		writes float64
		paper  model.Time // Table 4
		band   float64    // of pgarch/paper − 1
	}{
		{1000, 2.62 * model.Millisecond, 0.02},
		{2000, 3.42 * model.Millisecond, 0.2},
		{5000, 3.94 * model.Millisecond, 0.2},
		{10000, 5.38 * model.Millisecond, 0.02},
	} {
		w := model.DefaultWorkload()
		w.ReadRate, w.WriteRate = 1000, model.Rate(c.writes)
		res := evaluate(t, model.Architecture{ID: model.DBMSOptimizedStorage, Replicas: 1}, w, p)
		if res.ReplicationLag == nil {
			t.Fatalf("%v writes/s: no replication lag", c.writes)
		}
		q := float64(res.ReplicationLag.P50 / c.paper)
		t.Logf("%v writes/s: lag p50 %v, paper %v (ratio %.2f)", c.writes, res.ReplicationLag.P50, c.paper, q)
		if math.Abs(q-1) > c.band {
			t.Errorf("%v writes/s: lag p50 %v = %.2f × the paper's %v, want within %.0f %%", c.writes, res.ReplicationLag.P50, q, c.paper, 100*c.band)
		}
	}
}

// The WAL flush's write and fsync queue at a throttled volume like every
// other I/O (XLogWrite and issue_xlog_fsync on the same volume): near the
// IOPS ceiling a flush takes the device's mean queue wait q on top of its
// fsync, the q a page read finds. A read's page_reads step is
// 2·miss·(latency + q), which gives q; a commit waits F·(1 + P(busy)) for
// a flush of F under group commit, P(busy) = x/(x + P0), x = λF, with P0 =
// e^(−λ(F − F0))/(1 + λF0) for an exponential F0 = fsync + q (docs/model.md),
// which gives F.
func TestFlushQueuesAtTheVolume(t *testing.T) {
	p := lecture(t)
	p.Network.ThrottleWindow = 0 // IOPS·latency servers (M/M/k), not a throttle: the volume queues at 80 %
	w := model.DefaultWorkload() // 20,000 reads/s and 1,000 writes/s: the volume about 80 % busy
	notHOT(&w)
	res := evaluate(t, model.Architecture{ID: model.NetworkAttachedStorage}, w, p)
	if u := usage(res, "iops"); u < 0.7 || u >= 1 {
		t.Fatalf("volume %.2f busy, want a queue (0.7–1)", u)
	}
	reads := readStep(res, "page_reads")
	miss := 1 - float64(res.CacheHitRatio)
	q := float64(reads)/(2*miss) - float64(p.Network.ReadLatency)
	flush, _ := step(res, "wal_flush")
	if q <= 0.1*float64(p.Network.FsyncLatency) {
		t.Fatalf("queue wait %v: too small to test", model.Time(q))
	}
	l, f0 := float64(w.WriteRate), float64(p.Network.FsyncLatency)+q
	wait := func(f float64) float64 {
		x, p0 := l*f, math.Exp(-l*(f-f0))/(1+l*f0)
		return f * (1 + x/(x+p0))
	}
	lo, hi := 0.0, float64(flush)
	for range 100 {
		if mid := (lo + hi) / 2; wait(mid) < float64(flush) {
			lo = mid
		} else {
			hi = mid
		}
	}
	if want := p.Network.FsyncLatency + model.Time(q); model.Time(lo) < want {
		t.Errorf("a flush takes %v, want at least fsync + the queue wait = %v", model.Time(lo), want)
	}
}

// A gp3 volume's 3,000 IOPS are a throttle, not three servers: its point
// reads keep their flat time up to the limit, then queue for tokens
// (MODEL.md §2.2, "latency is flat until the ceiling, then requests
// queue"). With the 100 ms bucket a read waits with probability
// C·e^(−y·299), about 10⁻²⁷ at ρ 0.9 (queue.TokenBucketWait), and about
// 5 % at ρ 0.995, then for D/y ≈ 33 ms. As IOPS·latency servers (window
// 0, M/M/k with k ≈ 1) the same page reads took 2.75× their flat time at
// 65 % of the IOPS (the engine before 0.9.5: 1.68 against 0.61 ms).
func TestVolumeThrottleKeepsReadsFlat(t *testing.T) {
	p := builtin(t, "aws-gp3")
	w := model.DefaultWorkload()
	w.WriteRate, w.DataSize, w.WorkingSet = 10, 2000*model.GB, 2000*model.GB
	warned := false // a warning names the bucket: above 90 % of the IOPS, and only there
	at := func(p model.Profile, reads model.Rate) (model.Time, float64, bool) {
		w.ReadRate = reads
		res := evaluate(t, model.Architecture{ID: model.NetworkAttachedStorage}, w, p)
		warned = slices.ContainsFunc(res.Warnings, func(s string) bool { return strings.Contains(s, "token bucket") })
		return readStep(res, "page_reads"), usage(res, "iops"), res.Saturated
	}
	flat, u0, _ := at(p, 100)
	for reads := model.Rate(200); ; reads += 100 {
		got, u, _ := at(p, reads)
		if warned != (u > 0.9) {
			t.Errorf("at %.0f %% of the IOPS: warned of the bucket %v, want %v", 100*u, warned, u > 0.9)
		}
		if u > 0.9 {
			break
		}
		if !within(float64(got), float64(flat), 1e-3) {
			t.Errorf("page reads %v at %.0f %% of the IOPS, %v at %.0f %%: want flat", got, 100*u, flat, 100*u0)
		}
	}
	near := false
	for reads := model.Rate(1450); reads < 1600; reads++ {
		got, u, saturated := at(p, reads)
		if saturated || u < 0.995 {
			continue
		}
		near = true
		if got < flat*11/10 {
			t.Errorf("page reads %v at %.2f %% of the IOPS, flat %v: want the bucket's queue", got, 100*u, flat)
		}
		break
	}
	if !near {
		t.Fatal("no load between 99.5 % of the IOPS and saturation")
	}
	servers := p
	servers.Network.ThrottleWindow = 0
	mmk, u, _ := at(servers, 1000)
	if u < 0.6 || mmk < flat*3/2 {
		t.Errorf("as IOPS·latency servers: page reads %v at %.0f %% of the IOPS, flat %v: want the M/M/k queue of before", mmk, 100*u, flat)
	}
}

// A synchronous standby's walreceiver flushes on its own volume, which
// carries none of the primary's reads: with the primary's volume near its
// IOPS limit from read misses and few writes, the primary's flush waits in
// its device's queue, the standby's, nearly idle, does not.
func TestStandbyFlushSkipsThePrimarysQueue(t *testing.T) {
	p := lecture(t)
	p.Network.ThrottleWindow = 0 // IOPS·latency servers (M/M/k), not a throttle: the volume queues below its ceiling
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate = 56000, 50
	res := evaluate(t, model.Architecture{ID: model.HotStandby, Storage: model.NetworkStorage}, w, p)
	primary, _ := step(res, "wal_flush")
	standby, _ := step(res, "standby_flush")
	if u := usage(res, "iops"); u < 0.7 {
		t.Fatalf("primary's volume %.2f busy, want a queue", u)
	}
	if !(standby < primary*8/10) {
		t.Errorf("standby_flush %v, want well below the primary's %v, which waits in its device's queue", standby, primary)
	}
}

// A node on local storage holds its share of the data on the instance's
// NVMe: aws-gp3 prices local storage as an r6id.2xlarge, 474 GB
// (calibration.md §8.2). A 5 TB database does not fit on one such node
// (review, 2026-11-26: single-node was recommended at $691 a month),
// fits on a network volume, and auto-sizing gives Citus and distributed
// SQL enough nodes to split it. Of 474 GB ext4 leaves the postgres user 95
// % (its 5 % root reservation), 450.3 GB, beside the WAL (max_wal_size, 1
// GB): 5000/449.3 = 11.1 workers' worth, but the busiest of W workers holds
// ⌈32/W⌉ of the 32 shards, three up to 15 workers (469 GB), two at 16.
// Distributed SQL's data may fill 60 % of a node's disk, 284.4 GB, and
// each of three zones holds a whole copy at RF 3: ⌈5000/284.4⌉ = 18 nodes
// a zone, 54.
func TestLocalDiskHoldsTheData(t *testing.T) {
	p := builtin(t, "aws-gp3")
	w := model.DefaultWorkload()
	w.DataSize, w.WorkingSet = 5000*model.GB, 200*model.GB
	single := evaluate(t, model.Architecture{ID: model.SingleNode}, w, p)
	if single.Disk.Fits() || single.Disk.Capacity != 0.95*474*model.GB || !slices.ContainsFunc(single.Warnings, func(s string) bool { return strings.Contains(s, "local disk") }) {
		t.Errorf("single-node: disk %+v, warnings %q, want 5000 GB not fitting the 95 %% of 474 GB ext4 leaves the postgres user, and a warning", single.Disk, single.Warnings)
	}
	if nas := evaluate(t, model.Architecture{ID: model.NetworkAttachedStorage}, w, p); !nas.Disk.Fits() {
		t.Errorf("network-attached-storage: disk %+v, want a volume that holds it", nas.Disk)
	}
	// A volume has its limit too: 64 TiB for gp3 (profile network_capacity_gb,
	// AWS's ModifyVolume reference); a petabyte does not fit one (QA).
	huge := w
	huge.DataSize, huge.WorkingSet = 1e6*model.GB, 200*model.GB
	if nas := evaluate(t, model.Architecture{ID: model.NetworkAttachedStorage}, huge, p); nas.Disk.Fits() {
		t.Errorf("network-attached-storage with 1 PB: disk %+v, want beyond one volume", nas.Disk)
	}
	for _, c := range []struct {
		id   model.ID
		size func(model.Result) int
		want int
	}{
		{model.Sharded, func(r model.Result) int { return r.Sizing.Workers }, 16},
		{model.DistributedSQL, func(r model.Result) int { return r.Sizing.Nodes }, 54},
	} {
		res := evaluate(t, model.Architecture{ID: c.id, Storage: model.LocalStorage}, w, p)
		if got := c.size(res); got != c.want || !res.Disk.Fits() || !res.Sizing.ByDisk {
			t.Errorf("%s: %d nodes holding %v each (sized by disk %v), want %d, the fewest whose busiest fits", c.id, got, res.Disk.Data, res.Sizing.ByDisk, c.want)
		}
	}
}

// A node whose data and pg_wal fill more than 80 % of what its disk holds
// is warned of: VACUUM FULL, CLUSTER and REINDEX write a copy before
// dropping the old, and pg_wal outgrows max_wal_size while archiving fails
// (review of 2026-11-28: 473 GB on a 474 GB disk, unwarned).
func TestFullDiskIsWarned(t *testing.T) {
	p := builtin(t, "aws-gp3")
	w := model.DefaultWorkload()
	warned := func(data model.Bytes) bool {
		w.DataSize = data
		res := evaluate(t, model.Architecture{ID: model.SingleNode}, w, p)
		return res.Disk.Fits() && slices.ContainsFunc(res.Warnings, func(s string) bool { return strings.Contains(s, "VACUUM FULL") })
	}
	if warned(300*model.GB) || !warned(400*model.GB) {
		t.Errorf("warned at 300 GB %v, at 400 GB %v of 450 usable: want only past 80 %%", warned(300*model.GB), warned(400*model.GB))
	}
}

// An Aurora cluster volume holds at most 128 TiB (AWS Aurora User Guide;
// profile storage_capacity_gb, 140,737.488 GB), all of the data and no
// pg_wal beside it (the log is the storage's); Neon's storage has no limit
// on paid plans (Neon docs, "Neon plans"). 150 TB fits Neon, not Aurora.
func TestClusterVolumeHoldsTheData(t *testing.T) {
	p := builtin(t, "aws-gp3")
	w := model.DefaultWorkload()
	w.DataSize, w.WorkingSet = 150000*model.GB, 200*model.GB
	aurora := evaluate(t, model.Architecture{ID: model.DBMSOptimizedStorage}, w, p)
	if aurora.Disk.Fits() || aurora.Disk.Data != w.DataSize || aurora.Disk.Capacity != 140737.488*model.GB ||
		!slices.ContainsFunc(aurora.Warnings, func(s string) bool { return strings.Contains(s, "cluster volume") }) {
		t.Errorf("aurora with 150 TB: disk %+v, warnings %q, want 150000 GB not fitting 140737.488 GB, and a warning", aurora.Disk, aurora.Warnings)
	}
	w.DataSize = 100000 * model.GB
	if aurora := evaluate(t, model.Architecture{ID: model.DBMSOptimizedStorage}, w, p); !aurora.Disk.Fits() {
		t.Errorf("aurora with 100 TB: disk %+v, want it to fit 128 TiB", aurora.Disk)
	}
	w.DataSize = 150000 * model.GB
	if neon := evaluate(t, model.Architecture{ID: model.DBMSOptimizedStorage, Variant: model.Neon}, w, p); !neon.Disk.Fits() || neon.Disk.Capacity != 0 {
		t.Errorf("neon with 150 TB: disk %+v, want no limit", neon.Disk)
	}
}

// Aurora has two storage tiers and a cluster may switch between them: the
// cheaper is priced (AWS, "Amazon Aurora pricing"; calibration.md §8.3).
// 20,000 reads/s and 2,000 writes/s over aws-gp3's 200 GB bill $2,392 a
// month of I/O requests on Standard (review, 2026-11-26: 75 % of its
// $3,171), far over AWS's rule of thumb for switching (I/O over 25 % of the
// bill); I/O-Optimized bills none, for 30 % more compute and $0.225 per
// GB-month: 1.3 × $759 + 0.225 × 200 = $1,032. A light load, 200 reads/s
// and 20 writes/s, stays on Standard, where its I/O costs less than the
// 30 % uplift.
func TestAuroraPricesTheCheaperTier(t *testing.T) {
	p := builtin(t, "aws-gp3")
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate = 20000, 2000
	a := model.Architecture{ID: model.DBMSOptimizedStorage}
	heavy := evaluate(t, a, w, p)
	compute := 1.04 * model.HoursPerMonth * 1.3
	if c := heavy.Cost; c.Plan != "aurora-io-optimized" || c.IORequests != 0 || !within(float64(c.Total), compute+0.225*200, 0.001) {
		t.Errorf("heavy I/O: %+v, want aurora-io-optimized at $%.0f and no I/O billed", c, compute+0.225*200)
	}
	w.ReadRate, w.WriteRate = 200, 20
	light := evaluate(t, a, w, p).Cost
	if light.Plan != "aurora-standard" || light.IORequests <= 0 || light.IORequests > 0.3*light.Compute {
		t.Errorf("light I/O: %+v, want aurora-standard, its I/O under the 30 %% uplift of compute", light)
	}
}

// A Neon compute is whole compute units of 1 vCPU and 4 GB ("One CU is 1
// vCPU and 4 GB of RAM"; Neon docs, "Manage computes"): the profile's 8
// vCPUs and 64 GB need 16 CU, which have 16 vCPUs, so the compute is
// billed and solved as 16 CU, the same as a profile of 16 vCPUs (review
// of 2026-11-26: billed for 16, solved on 8); 8 vCPUs and 32 GB are 8 CU.
// Neon bills its CUs by the hour, its data, and the WAL kept for instant
// restore (Neon docs, "Neon plans"). One compute each: no readers. Its
// node_vcpus are the compute's 16 (until model 0.11.2 the profile's 8),
// and an option's vcpus are its compute units on the profile's node, whose
// link it keeps: 16 given are the 16 it holds (review of 2026-11-28: they
// were the family's 16-vCPU instance's, with twice the link), 8 half of
// them, 57 beyond Neon's largest compute (56 CU).
func TestNeonBillsComputeUnits(t *testing.T) {
	p := builtin(t, "aws-gp3")
	w := model.DefaultWorkload()
	a := model.Architecture{ID: model.DBMSOptimizedStorage, Variant: model.Neon, Sized: true}
	res := evaluate(t, a, w, p)
	c := res.Cost
	compute := 16 * 0.222 * model.HoursPerMonth
	storage := 0.35*float64(w.DataSize/model.GB) + 0.20*float64(res.WALRate)*86400/1e9
	if c.Plan != "neon-scale" || !within(float64(c.Compute), compute, 0.001) || !within(float64(c.Storage), storage, 0.001) || !(res.WALRate > 0) {
		t.Errorf("Neon: %+v at %v of WAL, want neon-scale, compute $%.2f and storage $%.2f", c, res.WALRate, compute, storage)
	}
	if res.NodeVCPUs != 16 {
		t.Errorf("Neon: node_vcpus %d, want the compute's 16 CU", res.NodeVCPUs)
	}
	given := a
	given.VCPUs = 16
	if same := evaluate(t, given, w, p); same.MaxThroughputScale != res.MaxThroughputScale || same.Cost.Total != c.Total || usage(same, "network") != usage(res, "network") {
		t.Errorf("vcpus 16: headroom %v at $%.0f, network %.3f; want the 16 CU the node holds: %v at $%.0f, %.3f",
			same.MaxThroughputScale, float64(same.Cost.Total), usage(same, "network"), res.MaxThroughputScale, float64(c.Total), usage(res, "network"))
	}
	given.VCPUs = 8
	if eight := evaluate(t, given, w, p); eight.NodeVCPUs != 8 || !within(float64(eight.Cost.Compute), compute/2, 0.001) {
		t.Errorf("vcpus 8: node_vcpus %d, compute $%.0f; want 8 CU, $%.0f", eight.NodeVCPUs, float64(eight.Cost.Compute), compute/2)
	}
	given.VCPUs = 57
	if _, err := given.Evaluate(w, p, model.DefaultRequirements()); !errors.Is(err, model.ErrOutOfRange) {
		t.Errorf("vcpus 57: error %v, want out of range", err)
	}
	p.Node.VCPUs = 16
	if wide := evaluate(t, a, w, p); wide.MaxThroughputScale != res.MaxThroughputScale || wide.Cost.Total != c.Total {
		t.Errorf("16 vCPUs: headroom %v at $%.0f, 8 vCPUs and 64 GB: %v at $%.0f; want the same 16 CU", wide.MaxThroughputScale, float64(wide.Cost.Total), res.MaxThroughputScale, float64(c.Total))
	}
	p.Node.VCPUs, p.Node.Memory = 8, 32*model.GB
	if half := evaluate(t, a, w, p); !within(float64(half.Cost.Compute), compute/2, 0.001) || half.MaxThroughputScale >= res.MaxThroughputScale {
		t.Errorf("8 vCPUs and 32 GB: compute $%.0f, headroom %v; want 8 CU, $%.0f, below 16 CU's %v", float64(half.Cost.Compute), half.MaxThroughputScale, compute/2, res.MaxThroughputScale)
	}
}

// Neon's local file cache lives in the compute's memory with
// shared_buffers, about 75 % of it together (Neon docs, "The neon
// extension"): a larger compute caches more, so the hit ratio does not fall
// as memory grows (review of 2026-11-26: a fixed 32 GB behind a growing
// shared_buffers fell from 90.3 % to 87.6 % from 16 to 96 GB).
func TestNeonCacheGrowsWithTheCompute(t *testing.T) {
	p := builtin(t, "aws-gp3")
	w := model.DefaultWorkload()
	prev := 0.0
	for _, gb := range []model.Bytes{16, 32, 64, 96} {
		p.Node.Memory = gb * model.GB
		res := evaluate(t, model.Architecture{ID: model.DBMSOptimizedStorage, Variant: model.Neon}, w, p)
		if h := float64(res.CacheHitRatio); h < prev {
			t.Errorf("%v GB: hit ratio %.4f, below %.4f with less memory", gb, h, prev)
		} else {
			prev = h
		}
	}
}

// Aurora is an AWS service: on a profile that does not offer it (no
// instance price, as azure-premium-v2) variant aurora is refused, naming
// the field, and DBMS-optimised storage defaults to Neon, which runs there
// (review of 2026-11-26: Aurora was priced on Azure with free I/O).
func TestAuroraOnlyWhereOffered(t *testing.T) {
	p := builtin(t, "azure-premium-v2")
	w := model.DefaultWorkload()
	_, err := model.Architecture{ID: model.DBMSOptimizedStorage, Variant: model.Aurora}.Evaluate(w, p, model.DefaultRequirements())
	var pe *model.ParamError
	if !errors.As(err, &pe) || pe.Field != "variant" {
		t.Errorf("aurora on azure-premium-v2: error %v, want a ParamError on variant", err)
	}
	res := evaluate(t, model.Architecture{ID: model.DBMSOptimizedStorage}, w, p)
	if res.Architecture.Variant != model.Neon || res.Cost.Plan != "neon-scale" {
		t.Errorf("the default on azure-premium-v2: variant %q, plan %q; want neon", res.Architecture.Variant, res.Cost.Plan)
	}
}

// A Neon compute suspends after 5 minutes without a request (Neon docs,
// "Compute lifecycle"): a Poisson request finds it suspended with
// probability e^(−λ·300 s) and waits its cold start (2 s). At thousands a
// second none does, and there is no warning; at one request every 10
// minutes e^(−0.5) = 61 % do: the read's mean carries 0.61 × 2 s and its
// p99 the whole start; at one a day every request is cold, and the warning
// stands (review of 2026-11-26: it had left where every request is cold).
func TestNeonColdStartOnlyWhereIdle(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	cold := func(res model.Result) bool {
		return slices.ContainsFunc(res.Warnings, func(s string) bool { return strings.Contains(s, "cold start") })
	}
	a := model.Architecture{ID: model.DBMSOptimizedStorage, Variant: model.Neon}
	busy := evaluate(t, a, w, p)
	if cold(busy) {
		t.Errorf("at %v requests/s: warnings %q, want no cold start", busy.Throughput.Total, busy.Warnings)
	}
	w.ReadRate, w.WriteRate = 1.0/600, 0
	idle := evaluate(t, a, w, p)
	share := math.Exp(-0.5)
	if !cold(idle) || idle.Read.P99 < p.Disaggregated.ColdStart || !within(float64(idle.Read.Mean-busy.Read.Mean), share*float64(p.Disaggregated.ColdStart), 0.01) {
		t.Errorf("one request every 10 minutes: read mean %v (busy %v), p99 %v, warnings %q; want %.2f × the %v start more, the start in the p99, and the warning",
			idle.Read.Mean, busy.Read.Mean, idle.Read.P99, idle.Warnings, share, p.Disaggregated.ColdStart)
	}
	w.ReadRate = 1.0 / 86400
	if daily := evaluate(t, a, w, p); !cold(daily) || daily.Read.P50 < p.Disaggregated.ColdStart {
		t.Errorf("one request a day: read p50 %v, warnings %q; want every request cold", daily.Read.P50, daily.Warnings)
	}
}

// Aurora fails over to a replica sharing the volume (storage_failover_sec,
// 'typically … less than 60 seconds, and often less than 30 seconds');
// without one it recreates the writer in its own zone
// (storage_recreate_sec, 'typically … less than 10 minutes'), and a zone
// failure needs an instance created by hand in another zone (Aurora User
// Guide, "High availability for Aurora"): an operator's time to act, then
// the creation (manual_failover_sec + storage_recreate_sec), so only
// a replica in another zone survives a zone failure. Neon restarts its
// compute on another node, or in another zone (Neon docs, "High
// availability": 1–2 and 1–10 minutes). The log quorum keeps every commit
// either way (RPO 0).
func TestAuroraSurvivesAZoneOnlyWithAReplicaThere(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	failure := func(r model.Result, kind string) model.Failure {
		for _, f := range r.Availability.Failures {
			if f.Kind == kind {
				return f
			}
		}
		t.Fatalf("no %s failure in %+v", kind, r.Availability.Failures)
		return model.Failure{}
	}
	for _, c := range []struct {
		name      string
		a         model.Architecture
		zone      bool
		node, rto model.Time
	}{
		{"lone writer", model.Architecture{ID: model.DBMSOptimizedStorage},
			false, p.Disaggregated.Recreate, p.Recovery.ManualFailover + p.Disaggregated.Recreate},
		{"replica in the same zone", model.Architecture{ID: model.DBMSOptimizedStorage, Replicas: 1, ReplicaPlacement: model.SameZone},
			false, p.Disaggregated.Failover, p.Recovery.ManualFailover + p.Disaggregated.Recreate},
		{"replica in another zone", model.Architecture{ID: model.DBMSOptimizedStorage, Replicas: 1},
			true, p.Disaggregated.Failover, p.Disaggregated.Failover},
		{"Neon", model.Architecture{ID: model.DBMSOptimizedStorage, Variant: model.Neon},
			true, p.Disaggregated.Restart, p.Disaggregated.Recreate},
	} {
		res := evaluate(t, c.a, w, p)
		av := res.Availability
		if got := slices.Contains(av.Survives, "zone"); got != c.zone {
			t.Errorf("%s: survives a zone %v, want %v (survives %v)", c.name, got, c.zone, av.Survives)
		}
		if n, z := failure(res, "node"), failure(res, "zone"); n.RTO != c.node || z.RTO != c.rto || n.RPO != 0 || z.RPO != 0 {
			t.Errorf("%s: node RTO %v RPO %v, zone RTO %v RPO %v; want node RTO %v, zone RTO %v, RPO 0", c.name, n.RTO, n.RPO, z.RTO, z.RPO, c.node, c.rto)
		}
	}
}

// Near a volume's IOPS ceiling the WAL flushes batch more commits in fewer
// I/Os (a waiter that gets WALWriteLock flushes all WAL inserted so far:
// xlog.c, XLogFlush), so the volume saturates only when it is full: a
// write load whose unqueued flushes alone would exceed the ceiling still
// runs, and at its ceiling the volume is busy to the last I/O (review: the
// search for the settled flush stopped at a device the unqueued flushes
// saturated, and the ceiling fell 20 % short, the volume 87 % busy).
func TestFlushesBatchUpToTheIOPSCeiling(t *testing.T) {
	p := builtin(t, "aws-gp3")
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate = 0, 1235
	w.DataSize, w.WorkingSet, w.HotRows, w.Sessions = 15*model.GB, 15*model.GB, 1000, 300
	a := model.Architecture{ID: model.NetworkAttachedStorage}
	res := evaluate(t, a, w, p)
	if res.Saturated {
		t.Fatalf("saturated at %v writes/s on %s: want the flushes to batch", w.WriteRate, res.Bottleneck)
	}
	if f, _ := step(res, "wal_flush"); f <= p.Network.FsyncLatency {
		t.Errorf("wal_flush %v: want above the fsync latency %v (the flush queues at the volume)", f, p.Network.FsyncLatency)
	}
	w.WriteRate *= model.Rate(0.999 * res.MaxThroughputScale)
	at := evaluate(t, a, w, p)
	if u := usage(at, "iops"); at.Saturated || at.Bottleneck != "iops" || u < 0.95 {
		t.Errorf("at %.0f writes/s (0.999 of the ceiling): saturated %v, bottleneck %s, volume %.3f busy; want iops, at least 0.95 busy", float64(w.WriteRate), at.Saturated, at.Bottleneck, u)
	}
}

// Aurora's replicas share the cluster volume of one region: a replica in
// another region is a second cluster (Global Database), which the engine
// does not model, so the placement is refused and named (review: it was
// taken as a replica sharing the volume, failing over in seconds).
func TestAuroraReplicasStayInTheRegion(t *testing.T) {
	_, err := model.Architecture{ID: model.DBMSOptimizedStorage, Replicas: 1, ReplicaPlacement: model.CrossRegion}.Evaluate(model.DefaultWorkload(), lecture(t), model.DefaultRequirements())
	var pe *model.ParamError
	if !errorsAs(err, &pe) || pe.Field != "replica_placement" {
		t.Errorf("cross-region Aurora replica: error %v, want one naming replica_placement", err)
	}
}

// The device's k = IOPS·S̄ servers grow with the mean service as slower
// writes join the mix; on gp3 (3,000 IOPS, 0.25 ms reads, 1 ms writes) it
// crosses 1.5 near 15–20 writes/s at 1,000 reads/s. Rounded, k jumped from
// 1 to 2 there and the read mean fell 1.4 % (review of 2026-11-26, against
// MODEL.md §9: latency never falls as load rises); interpolated between
// whole counts it moves by a few hundredths of a percent a write.
func TestDeviceServersChangeSmoothly(t *testing.T) {
	p := builtin(t, "aws-gp3")
	w := model.DefaultWorkload()
	w.ReadRate = 1000
	a := model.Architecture{ID: model.NetworkAttachedStorage}
	var last model.Time
	for writes := model.Rate(10); writes <= 40; writes++ {
		w.WriteRate = writes
		read := evaluate(t, a, w, p).Read.Mean
		// No step, and no fall beyond the residual docs/model.md
		// states (k grows with the slower writes: about 0.01 % a write/s).
		if last > 0 && (math.Abs(float64(read/last)-1) > 0.002 || float64(read/last)-1 < -0.0003) {
			t.Errorf("%v → %v writes/s: read mean %v → %v, a step of %.3f %%", writes-1, writes, last, read, 100*(float64(read/last)-1))
		}
		last = read
	}
}

// Neon's file cache shares the compute's memory with the sessions: 3,000
// sessions of 6 MB take 18 GB of a 16 GB compute, which leaves no cache
// beyond shared_buffers, as a single node of that memory keeps none
// beyond its own (review of 2026-11-26: Neon kept a hit ratio of 0.33
// where the single node fell to 0.16).
func TestNeonCacheYieldsToSessions(t *testing.T) {
	p := builtin(t, "aws-gp3")
	p.Node.VCPUs, p.Node.Memory = 4, 16*model.GB
	w := model.DefaultWorkload()
	w.Sessions = 3000
	neon := evaluate(t, model.Architecture{ID: model.DBMSOptimizedStorage, Variant: model.Neon}, w, p)
	single := evaluate(t, model.Architecture{ID: model.SingleNode}, w, p)
	if neon.CacheHitRatio != neon.SharedBuffersHitRatio || neon.CacheHitRatio > single.CacheHitRatio {
		t.Errorf("3,000 sessions: Neon hit %.3f (shared_buffers %.3f), single node %.3f; want shared_buffers' alone, no more than the single node's", float64(neon.CacheHitRatio), float64(neon.SharedBuffersHitRatio), float64(single.CacheHitRatio))
	}
}

// Neon bills compute hours only while the compute is active: one
// suspended for the share e^(−λ·300 s) of the time (Poisson gaps beyond
// the 5 minutes) costs that share less (review of 2026-11-26: billed as
// always on at one request every 10 minutes). At thousands a second it is
// never suspended.
func TestNeonBillsOnlyActiveCompute(t *testing.T) {
	p := builtin(t, "aws-gp3")
	w := model.DefaultWorkload()
	a := model.Architecture{ID: model.DBMSOptimizedStorage, Variant: model.Neon}
	busy := evaluate(t, a, w, p)
	w.ReadRate, w.WriteRate = 1.0/600, 0
	idle := evaluate(t, a, w, p)
	if want := float64(busy.Cost.Compute) * (1 - math.Exp(-0.5)); !within(float64(idle.Cost.Compute), want, 1e-9) {
		t.Errorf("one request every 10 minutes: compute $%.2f, want $%.2f (active 1 − e^(−0.5) of the time)", float64(idle.Cost.Compute), want)
	}
}

// A point read locates its row through a primary-key leaf, and a leaf
// holds the entries of about six heap pages' rows (Workload.leafShare):
// each leaf is about six times as popular as a heap page, and LRU caches
// keep more of them. A uniform 100 GB table of 100-byte rows has 14.8 GB
// of leaves (20/0.9 B an entry against 128 B of heap a row); a node of
// 20 GB has shared_buffers of 5 GB and a page cache of 12.4 GB (less the
// OS's 2 GB and 100 sessions' 0.6 GB). The hit ratio is the two-level Che
// approximation over those two classes, each taking half the accesses
// (queue.CheTwoLevel, laid out here apart from the engine): above the
// caches' share of the data, 0.174, which no cache of pages alike
// exceeds, and below what the best static choice of 17.4 GB of pages hits
// under independent references, every leaf and 2.6 GB of heap pages:
// ½ + ½·2.6/85.2 = 0.515.
func TestCachesKeepTheLeaves(t *testing.T) {
	p := lecture(t)
	p.Node.Memory = 20 * model.GB
	w := model.DefaultWorkload()
	w.DataSize, w.WorkingSet, w.Sessions = 100*model.GB, 100*model.GB, 100
	res := evaluate(t, model.Architecture{ID: model.SingleNode}, w, p)
	pages := func(b model.Bytes) float64 { return float64(b / model.PageSize) }
	heap, leaf := 128.0, 20/0.9
	leaves := pages(w.DataSize) * leaf / (heap + leaf)
	sb := model.Bytes(p.Node.SharedBuffers) * p.Node.Memory
	second := p.Node.Memory - sb - p.Node.OSReserve - 100*p.Node.SessionMemory
	h1, h2 := queue.CheTwoLevel([]queue.Class{{Items: pages(w.DataSize) - leaves, Probability: 0.5}, {Items: leaves, Probability: 0.5}}, pages(sb), pages(second))
	t.Logf("hit ratio %.4f, laid out %.4f (shared_buffers %.4f, %.4f)", res.CacheHitRatio, h1+h2, res.SharedBuffersHitRatio, h1)
	if got := float64(res.CacheHitRatio); math.Abs(got-(h1+h2)) > 1e-9 || got < 0.174 || got > 0.515 {
		t.Errorf("hit ratio %.4f, want the two classes' %.4f, between 0.174 and 0.515", got, h1+h2)
	}
}

// A read replica's walreceiver flushes on its own volume, behind its own
// reads' misses: its lag does not change when a synchronous standby, with
// an idle volume of its own, joins it (commit-path review of 2026-11-27:
// the replicas took the standby's flush, and their lag's p99 fell from
// 12.2 to 6.4 ms, the stale reads' probability 37 times).
func TestReplicaLagIsItsOwnVolumes(t *testing.T) {
	p := builtin(t, "aws-gp3")
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate, w.ReplicaReadFraction = 21000, 300, 1
	alone := evaluate(t, model.Architecture{ID: model.ReadReplicas, Storage: model.NetworkStorage, Replicas: 2}, w, p)
	beside := evaluate(t, model.Architecture{ID: model.ReadReplicas, Storage: model.NetworkStorage, Replicas: 2, Standbys: []model.Placement{model.CrossZone}, SyncCommit: model.SyncOn}, w, p)
	if usage(alone, "replica_iops") < 0.5 {
		t.Fatalf("replica volume %.2f busy, want a queue", usage(alone, "replica_iops"))
	}
	a, b := alone.ReplicationLag.P99, beside.ReplicationLag.P99
	t.Logf("replicas' lag p99 %v alone, %v beside a synchronous standby", a, b)
	if math.Abs(float64(b/a)-1) > 0.01 {
		t.Errorf("replicas' lag p99 %v beside a synchronous standby, want theirs alone, %v, within 1 %%", b, a)
	}
}

// DBMS-optimised storage's readers are auto-sized as read replicas are
// when none are given, where the writer alone cannot carry the load at the
// target utilisation (review of 2026-11-28: a writer alone, saturated by
// 200,000 reads/s, ruled Aurora out). With 200,000 reads/s and 1,000
// writes/s on aws-gp3 the readers leave the target's room and one fewer
// would not; the default workload's 20,000 reads/s leave the writer alone;
// and a writer its writes saturate keeps none, as readers do not relieve it.
func TestDBMSStorageReadersAutoSized(t *testing.T) {
	p := builtin(t, "aws-gp3")
	target := float64(model.DefaultRequirements().TargetUtilization)
	for _, v := range []model.Variant{model.Aurora, model.Neon} {
		a := model.Architecture{ID: model.DBMSOptimizedStorage, Variant: v}
		w := model.DefaultWorkload()
		w.ReadRate = 200_000
		res := evaluate(t, a, w, p)
		n := res.Sizing.Replicas
		if !res.Sizing.AutoSized || n < 1 || res.MaxThroughputScale < 1/target {
			t.Fatalf("%s at 200,000 reads/s: %d readers (auto-sized %v), headroom %.3f: want readers leaving at least 1/target = %.3f", v, n, res.Sizing.AutoSized, res.MaxThroughputScale, 1/target)
		}
		fewer := a
		fewer.Replicas = n - 1
		if n > 1 {
			if got := evaluate(t, fewer, w, p); got.MaxThroughputScale >= 1/target {
				t.Errorf("%s: %d readers already leave headroom %.3f: %d is not the fewest", v, n-1, got.MaxThroughputScale, n)
			}
		}
		if res := evaluate(t, a, model.DefaultWorkload(), p); res.Sizing.Replicas != 0 || res.Sizing.AutoSized {
			t.Errorf("%s, default workload: %d readers (auto-sized %v), want none: the writer carries it", v, res.Sizing.Replicas, res.Sizing.AutoSized)
		}
		w = model.DefaultWorkload()
		w.ReadRate, w.WriteRate = 1000, 40_000
		if res := evaluate(t, a, w, p); res.Sizing.Replicas != 0 || !res.Saturated {
			t.Errorf("%s, 40,000 writes/s: %d readers (saturated %v, %s), want none beside a writer its writes saturate", v, res.Sizing.Replicas, res.Saturated, res.Bottleneck)
		}
	}
}

// An instance bounds every network volume attached to it (AWS EC2 User
// Guide, "Amazon EBS-optimized instances": an r6i.2xlarge sustains 12,000
// IOPS and 312.5 MB/s at its baseline). A gp3 provisioned 16,000 IOPS and
// 1,000 MiB/s there runs as one of 12,000 IOPS and 312.5 MB/s, and is billed
// as provisioned (review of 2026-11-28: it was solved at 16,000, its
// headroom 1.61× where 1.21× holds).
func TestVolumeRunsAtTheInstancesLimits(t *testing.T) {
	p := builtin(t, "aws-gp3")
	w := model.DefaultWorkload()
	w.WriteRate = 5000
	a := model.Architecture{ID: model.NetworkAttachedStorage}
	provisioned := p
	provisioned.Network.IOPS, provisioned.Network.Bandwidth = 16000, 1048.576*model.MBPerSecond
	atLimit := p
	atLimit.Network.IOPS, atLimit.Network.Bandwidth = 12000, 312.5*model.MBPerSecond
	unbounded := provisioned
	unbounded.Node.VolumeIOPS, unbounded.Node.VolumeBandwidth = 0, 0
	got, want, free := evaluate(t, a, w, provisioned), evaluate(t, a, w, atLimit), evaluate(t, a, w, unbounded)
	if got.IOPSCeiling != 12000 || got.MaxThroughputScale != want.MaxThroughputScale || got.Write.P99 != want.Write.P99 {
		t.Errorf("16,000 IOPS provisioned: ceiling %v IOPS, headroom %v, write p99 %v; want the 12,000-IOPS volume's %v, %v, %v",
			got.IOPSCeiling, got.MaxThroughputScale, got.Write.P99, want.IOPSCeiling, want.MaxThroughputScale, want.Write.P99)
	}
	if got.Cost.IOPS != free.Cost.IOPS || !(got.Cost.IOPS > want.Cost.IOPS) || !(free.MaxThroughputScale > got.MaxThroughputScale) {
		t.Errorf("IOPS billed $%v (unbounded instance $%v, a 12,000-IOPS volume $%v), headroom %v unbounded: want billed as provisioned, run at the limit",
			got.Cost.IOPS, free.Cost.IOPS, want.Cost.IOPS, free.MaxThroughputScale)
	}
	if !slices.ContainsFunc(got.Warnings, func(s string) bool {
		return strings.Contains(s, "the instance sustains only 12000 IOPS (instance_volume_iops) of the 16000 the volume provisions and 312 MB/s (instance_volume_mb_per_sec) of its 1049")
	}) {
		t.Errorf("warnings %q: want the instance's limits named", got.Warnings)
	}
}

// An Aurora cluster has at most 15 replicas (Aurora User Guide,
// "Replication with Amazon Aurora"): auto-sizing stops there, reported
// with the fractional requirement beyond it, and 16 given is refused.
func TestAuroraReplicasAtMost15(t *testing.T) {
	p := builtin(t, "aws-gp3")
	w := model.DefaultWorkload()
	w.ReadRate = 2_000_000
	a := model.Architecture{ID: model.DBMSOptimizedStorage, Variant: model.Aurora}
	res := evaluate(t, a, w, p)
	if res.Sizing.Replicas != 15 || !(res.Sizing.ReplicasRequired > 15) {
		t.Errorf("2,000,000 reads/s: %d readers (%.1f required), want 15, the cluster's most, below the requirement", res.Sizing.Replicas, res.Sizing.ReplicasRequired)
	}
	a.Replicas = 16
	if _, err := a.Evaluate(w, p, model.DefaultRequirements()); err == nil || !strings.Contains(err.Error(), "at most 15 replicas") {
		t.Errorf("16 replicas given: error %v, want at most 15", err)
	}
}

// Where the storage client's fitted CPU is a large share of the CPU that
// sizes Aurora's readers, a warning says that the figure is uncertain
// (docs/published.md, "What the fit confounds"): review of 2026-11-28,
// 10,000 reads/s over a 1 TB working set sized two readers, where the
// read part at 32 µs instead of 278 sizes none. Without the client's CPU
// the warning goes.
func TestStorageClientShareIsWarned(t *testing.T) {
	p := builtin(t, "aws-gp3")
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate = 10000, 500
	w.DataSize, w.WorkingSet, w.HotAccess = 2000*model.GB, 1000*model.GB, 0.9
	a := model.Architecture{ID: model.DBMSOptimizedStorage, Variant: model.Aurora}
	warned := func(p model.Profile) bool {
		return slices.ContainsFunc(evaluate(t, a, w, p).Warnings, func(s string) bool { return strings.Contains(s, "storage client takes") })
	}
	if res := evaluate(t, a, w, p); res.Bottleneck != "replica_cpu" || !warned(p) {
		t.Errorf("bottleneck %s, warnings %q: want the readers' CPU to bind and the storage client's share warned", res.Bottleneck, res.Warnings)
	}
	p.Disaggregated.ClientCommitCPU, p.Disaggregated.ClientReadCPU = 0, 0
	if warned(p) {
		t.Error("warned without the storage client's CPU")
	}
}

// Every round trip inside the cluster has its random part, an exponential
// of mean j (rtt_jitter_ms) in place of j of its mean (calibration.md
// §3.2), like a client's: n trips in a row add n·j² of variance and keep
// their mean. Until model 0.11.2 a Citus reference-table write's call to
// the first worker (two trips), its INSERT's visits to the other W − 1
// placements, a multi-node write's second BEGIN, and DBMS-optimised
// storage's hop to a storage node on a page read were constants.
func TestClusterTripsHaveTheirRandomPart(t *testing.T) {
	p := lecture(t)
	const workers = 8
	w := model.DefaultWorkload()
	w.ReferenceWriteFraction, w.ReferenceInsertFraction = 0.1, 1
	rtt, j := float64(p.RTT.SameZone), float64(p.RTT.Jitter)
	cpu, read := float64(w.CPUPerStatement), float64(p.Disaggregated.ReadLatency)
	for _, c := range []struct {
		a           model.Architecture
		step        string
		mean, extra float64 // the mean, and the variance beyond the read's
		trips       int
	}{
		{model.Architecture{ID: model.Sharded, Workers: workers}, "reference_lock_call", 2 * rtt, 0, 2},
		{model.Architecture{ID: model.Sharded, Workers: workers}, "reference_placements", (workers - 1) * (rtt + cpu), 0, workers - 1},
		{model.Architecture{ID: model.Sharded, Workers: workers}, "remote_begin", rtt, 0, 1},
		{model.Architecture{ID: model.DBMSOptimizedStorage, Variant: model.Aurora}, "page_reads", rtt + read, read * read, 1},
	} {
		got := model.ClusterTrips(w, p, c.a)[c.step]
		if !within(got[0], c.mean, 1e-9) {
			t.Errorf("%s: mean %.4g s, want %.4g", c.step, got[0], c.mean)
		}
		if want := c.extra + float64(c.trips)*j*j; !within(got[1], want, 1e-9) {
			t.Errorf("%s: variance %.4g s², want %.4g: %d·j² more than without the random part (rtt_jitter_ms %v)", c.step, got[1], want, c.trips, p.RTT.Jitter)
		}
	}
}
