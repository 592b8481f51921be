package model_test

import (
	"errors"
	"math"
	"testing"

	"github.com/pgarch/pgarch/calibration"
	"github.com/pgarch/pgarch/model"
)

// pgbenchTPCB is the closest pgarch workload to ClickHouse/PostgresBench's
// runs (calibration.md §6.4; https://github.com/ClickHouse/PostgresBench):
// pgbench's TPC-B-like script in prepared mode at scale 6849, 256 clients,
// 16 threads, 600 s, client in the same region (us-east-2).
//
//   - clients 256, think 0 (pgbench -c 256 is a closed load), sessions 256:
//     pgbench opens one connection per client;
//   - statements 5, round trips 7 (BEGIN, 3 UPDATEs, SELECT, INSERT, END;
//     in prepared mode each is one round trip);
//   - hot rows 6,849: the scale's branches, which every transaction updates
//     (its fourth statement; the INSERT into history follows): at 256
//     clients about 0.04 transactions hold each branch, so little contention;
//     the 68,490 tellers are contended ten times less and are left out;
//   - data 6,849 × 15 MB ≈ 103 GB (pgbench: about 15 MB per scale unit; the
//     PostgresBench README calls scale 6849 "~100 GB");
//   - page popularity: each transaction reads one uniformly chosen account
//     through pgbench_accounts_pkey, one index leaf and one heap page: no
//     working set (all of the data), rows of 97 bytes (three int4 and an
//     84-byte filler with its 1-byte header), which the engine splits into
//     heap pages and leaves (Workload.leafShare: 0.151 of the pages, where
//     pgbench's are 1.9·10⁶ leaves of about 370 16-byte entries at
//     fillfactor 90 and 1.1·10⁷ heap pages of 61 rows, 0.147). Before the
//     engine split them (2026-11-27) this request did: a 15 GB working set
//     of leaves taking half the accesses; the two agree within 1 % in TPS;
//   - client_rtt_ms 0.2: "All services were tested in us-east-2 alongside
//     the client" (PostgresBench README, "Client machine"); the zone is not
//     stated, so the same-zone default of calibration.md §0.2 is used;
//   - pages written 2 and rows appended 1 a transaction: these runs
//     update most of the 1.1·10⁷ heap pages about once, at fillfactor 100
//     each page's first update, not HOT (its heap page and an index leaf;
//     docs/published.md), where the default is the steady state's HOT
//     updates;
//   - CPU per statement and WAL per transaction keep the defaults
//     (0.1 ms, 600 B): nothing is fitted to these runs.
func pgbenchTPCB() model.Workload {
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate = 0, 1 // closed load: the rates set only the mix
	w.Clients, w.ThinkTime, w.Sessions = 256, 0, 256
	w.StatementsPerTxn, w.RoundTripsPerTxn = 5, 7
	w.HotRows, w.HotRowWriteFraction, w.StatementsAfterHotWrite = 6849, 1, 1
	w.DataSize = 6849 * 15 * model.MB
	w.WorkingSet, w.RowBytes = w.DataSize, 97
	w.ClientRTT = 0.2 * model.Millisecond
	w.PagesWrittenPerTxn, w.RowsInsertedPerTxn = 2, 1
	return w
}

// band is the accepted range of predicted/measured for one figure.
type band struct{ lo, hi float64 }

// meets is the band of a row the model is meant to meet: ±35 % of the
// median run. The runs are vendor-run (ClickHouse sells a competing
// service), untuned and from one client; their own spread about the median
// reaches −12 % (self-managed NVMe 16 vCPU: 21,883 vs 24,974 TPS) and −23 %
// (Neon 4 CU: 2,161 vs 2,820). No input of the request is fitted to them,
// and the default CPU per statement is known to charge about a quarter less
// CPU per transaction than these CPU-bound runs imply (0.50 ms against
// 0.64–0.67 ms, i.e. about +30 % TPS; calibration.md §6.4's ~1,500 TPS per
// vCPU on NVMe): 35 % admits that known error and fails on anything larger.
var meets = band{1 / 1.35, 1.35}

// publishedRun is one PostgresBench configuration, the pgarch request
// closest to it, and its three published runs.
type publishedRun struct {
	name string
	// file is the result file in ClickHouse/PostgresBench.
	file string
	// profile is the built-in profile; vcpus and memGB size its node and
	// adjust sets the storage the service used.
	profile string
	vcpus   int
	memGB   float64
	adjust  func(p *model.Profile)
	arch    model.Architecture
	// tps and latencyMs are the three runs' TPS and mean latency (ms).
	tps, latencyMs [3]float64
	// tpsBand and latencyBand bound predicted/measured (median run); why
	// says why a row has a band other than meets.
	tpsBand, latencyBand band
	why                  string
	// p99Ms is the runs' p99 latency, lowest and highest (ms; calibration.md
	// §6.4, zero where not published there), and p99Band bounds the
	// predicted p99 over them: at least lo times the lowest, at most hi
	// times the highest.
	p99Ms   [2]float64
	p99Band band
}

// tails is the p99 band of a row the model is meant to meet: 30 % below
// the runs' lowest p99 to 30 % above their highest. Under 256 clients on
// saturated cores the p99 is 2 to 4 times the mean; FIFO's nearly constant
// wait at the cores put it at 1.2 to 1.4 times (self-managed NVMe 16 vCPU:
// 9.4 ms against 22–46; Aurora 27.5 against 40–44), which random order
// where the clients all wait meets (ADR 0012).
var tails = band{0.7, 1.3}

// volumeTail is the RDS rows' p99 band: their p99 is about twice their
// mean (71–73 ms for 32–36), the closed form's 3.3 times at 16 vCPU (150
// ms, 2.05 times the highest run's), 4.1 at 4 (247 ms, 1.3 times). The
// queue in front of the volume is FIFO (plan.deviceShape; with the open
// station's exponential there, 163 and 249 ms), but the waits the clients
// the closed form holds at the volume and the flusher see are the open
// stations' near saturation, whose tails are long (known, as K12's at
// the cores).
var volumeTail = band{0.7, 2.2}

// rdsGP3 is an RDS gp3 volume of 1,000 GB with 16,000 provisioned IOPS (the
// published configuration). Its throughput is taken at 500 MiB/s, RDS's
// gp3 baseline at 400 GiB and more (U: recalled from the RDS User Guide
// "gp3 storage", not re-read), below db.m5.4xlarge's and db.m5.xlarge's
// 593.75 MB/s and 18,750 IOPS maximum (AWS EC2 User Guide, "Amazon
// EBS-optimized instances", P; the xlarge reaches it for 30 minutes a day,
// which the runs' steady TPS suggest they had: three runs of 600 s), the
// instance's limits towards its volumes here (the profile's are an
// r6i.2xlarge's baseline, scaled).
func rdsGP3(p *model.Profile) {
	p.Network.IOPS = 16000
	p.Network.Bandwidth = 500 * 1.048576 * model.MBPerSecond
	p.Node.VolumeIOPS, p.Node.VolumeBandwidth = 18750, 593.75*model.MBPerSecond
}

// m8gd4xlarge is the primary of the run with two standbys, an m8gd.4xlarge:
// 7.5 Gbps of baseline network bandwidth ("up to 15 Gbps"; U: recalled
// from the EC2 network specifications, not re-read), which carries its WAL
// to both standbys.
func m8gd4xlarge(p *model.Profile) { p.Node.NetworkBandwidth = 7.5 * model.Gbps }

// DBMS-optimised storage (docs/published.md): the compute spends 2.2–2.8
// times self-managed PostgreSQL's CPU per transaction in these runs (TPS per
// vCPU: Aurora 562–709, Neon 530–705, self-managed NVMe 1,488–1,561): the
// storage client's CPU per commit and per page read from storage
// (storage_client_commit_cpu_us, storage_client_read_cpu_us). Those two were
// fitted to the Aurora rows (a fit, so their band says only that the fit
// holds), and the Neon rows are held out: they test the mechanism, in the
// same ±35 % band as the self-managed rows.
const storageCPU = "the storage client's CPU fitted to the Aurora rows (docs/published.md)"

func publishedRuns() []publishedRun {
	return []publishedRun{
		{name: "self-managed NVMe, 16 vCPU / 64 GB", file: "postgres_by_clickhouse/results/postgres_by_clickhouse_16cpu_64gb_6849.json",
			profile: "local-nvme", vcpus: 16, memGB: 64,
			arch: model.Architecture{ID: model.SingleNode},
			tps:  [3]float64{21883, 24974, 25636}, latencyMs: [3]float64{11.677, 10.227, 9.962},
			tpsBand: meets, latencyBand: meets, p99Ms: [2]float64{22, 46}, p99Band: tails},
		{name: "self-managed NVMe, 2 sync standbys ANY 1", file: "postgres_by_clickhouse/results/postgres_by_clickhouse_16cpu_64gb_6849_ha-2s-sync.json",
			profile: "local-nvme", vcpus: 16, memGB: 64, adjust: m8gd4xlarge,
			arch: model.Architecture{ID: model.HotStandby, Standbys: []model.Placement{model.CrossZone, model.CrossZone}, Quorum: model.Any, QuorumCount: 1},
			tps:  [3]float64{23005, 23931, 23870}, latencyMs: [3]float64{11.136, 10.7051, 10.7324},
			tpsBand: meets, latencyBand: meets, p99Ms: [2]float64{25, 30}, p99Band: tails},
		{name: "RDS gp3 16k IOPS, 16 vCPU / 64 GB", file: "rds/results/rds_16cpu_64gb_6849.json",
			profile: "aws-gp3", vcpus: 16, memGB: 64, adjust: rdsGP3,
			arch: model.Architecture{ID: model.NetworkAttachedStorage},
			tps:  [3]float64{8098, 7197, 7597}, latencyMs: [3]float64{31.594, 35.551, 33.676},
			tpsBand: band{0.62, 1.35}, latencyBand: band{1 / 1.35, 1.55}, p99Ms: [2]float64{71, 73}, p99Band: volumeTail,
			why: "IOPS-bound at 2.9 I/Os per transaction where the runs imply at most 2.1: checkpoint writes are charged one I/O per 8 kB page (PostgreSQL sorts them, EBS merges adjacent ones)"},
		{name: "RDS Multi-AZ gp3, 16 vCPU / 64 GB", file: "rds/results/rds_16cpu_64gb_6849_ha-1s-sync.json",
			profile: "aws-gp3", vcpus: 16, memGB: 64, adjust: rdsGP3,
			arch: model.Architecture{ID: model.HotStandby, Storage: model.NetworkStorage, Standbys: []model.Placement{model.CrossZone}},
			tps:  [3]float64{8141, 7121, 7649}, latencyMs: littles(8141, 7121, 7649),
			tpsBand: band{0.62, 1.35}, latencyBand: band{1 / 1.35, 1.55},
			why: "as the single-AZ RDS row: IOPS-bound on unmerged checkpoint writes"},
		{name: "Aurora Standard, 16 vCPU / 128 GB", file: "aurora/results/aurora_16cpu_128gb_6849.json",
			profile: "aws-gp3", vcpus: 16, memGB: 128,
			arch: model.Architecture{ID: model.DBMSOptimizedStorage, Variant: model.Aurora},
			tps:  [3]float64{10772, 11338, 11824}, latencyMs: [3]float64{23.7828, 22.5956, 21.6675},
			tpsBand: meets, latencyBand: meets, why: storageCPU, p99Ms: [2]float64{40, 44}, p99Band: tails},
		{name: "Neon, 16 CU (16 vCPU / 64 GB)", file: "neon/results/neon_16cpu_64gb_6849.json",
			profile: "aws-gp3", vcpus: 16, memGB: 64,
			arch: model.Architecture{ID: model.DBMSOptimizedStorage, Variant: model.Neon},
			tps:  [3]float64{8563, 8483, 8483}, latencyMs: littles(8563, 8483, 8483),
			tpsBand: meets, latencyBand: meets, why: "held out: predicted from the Aurora fit", p99Ms: [2]float64{48, 49}, p99Band: tails},
		{name: "self-managed NVMe, 4 vCPU / 16 GB", file: "postgres_by_clickhouse/results/postgres_by_clickhouse_4cpu_16gb_6849.json",
			profile: "local-nvme", vcpus: 4, memGB: 16,
			arch: model.Architecture{ID: model.SingleNode},
			tps:  [3]float64{5915, 5952, 6172}, latencyMs: littles(5915, 5952, 6172),
			tpsBand: meets, latencyBand: meets, p99Ms: [2]float64{81, 108}, p99Band: tails},
		{name: "RDS gp3 16k IOPS, 4 vCPU / 16 GB", file: "rds/results/rds_4cpu_16gb_6849.json",
			profile: "aws-gp3", vcpus: 4, memGB: 16, adjust: rdsGP3,
			arch: model.Architecture{ID: model.NetworkAttachedStorage},
			tps:  [3]float64{3690, 3784, 3897}, latencyMs: littles(3690, 3784, 3897),
			tpsBand: meets, latencyBand: meets, p99Ms: [2]float64{177, 189}, p99Band: volumeTail},
		{name: "Aurora, 4 vCPU / 32 GB (db.r5.xlarge)", file: "aurora/results/aurora_4cpu_32gb_6849.json",
			profile: "aws-gp3", vcpus: 4, memGB: 32,
			arch: model.Architecture{ID: model.DBMSOptimizedStorage, Variant: model.Aurora},
			tps:  [3]float64{2159, 2249, 2303}, latencyMs: [3]float64{118.511, 113.763, 111.134},
			tpsBand: meets, latencyBand: meets, why: storageCPU},
		{name: "Neon, 4 CU (4 vCPU / 16 GB)", file: "neon/results/neon_4cpu_16gb_6849.json",
			profile: "aws-gp3", vcpus: 4, memGB: 16,
			arch: model.Architecture{ID: model.DBMSOptimizedStorage, Variant: model.Neon},
			tps:  [3]float64{2161, 2847, 2820}, latencyMs: [3]float64{118.281, 89.907, 90.756},
			tpsBand: meets, latencyBand: meets, why: "held out: predicted from the Aurora fit"},
	}
}

// littles returns the mean latencies (ms) of three runs of 256 clients
// without think time from their TPS by Little's law, R = N/X: for the rows
// whose result file was not read here (the TPS are calibration.md §6.4's,
// and so are the latency ranges this reproduces).
func littles(tps ...float64) (ms [3]float64) {
	for i, x := range tps {
		ms[i] = 256 / x * 1000
	}
	return ms
}

// median3 is the median of three runs.
func median3(v [3]float64) float64 {
	return math.Max(math.Min(v[0], v[1]), math.Min(math.Max(v[0], v[1]), v[2]))
}

// TestPublishedPgbench predicts the PostgresBench pgbench runs
// (calibration.md §6.4) and checks the achieved TPS
// (Result.Throughput.Writes) and the mean transaction latency
// (Result.Write.Mean) against the median of the three published runs.
// docs/published.md tabulates the result and the likely cause of each miss.
func TestPublishedPgbench(t *testing.T) {
	for _, r := range publishedRuns() {
		t.Run(r.name, func(t *testing.T) {
			prof, ok := calibration.Lookup(r.profile)
			if !ok {
				t.Fatalf("calibration.Lookup(%q) not found", r.profile)
			}
			// The run's instance size, as a request would set it: the node's
			// prices and network baseline follow its size in the profile's
			// instance family (calibration.Profile.Set).
			if err := errors.Join(prof.Set("vcpus", float64(r.vcpus)), prof.Set("memory_gb", r.memGB)); err != nil {
				t.Fatal(err)
			}
			p := prof.Values
			if r.adjust != nil {
				r.adjust(&p)
			}
			res := evaluate(t, r.arch, pgbenchTPCB(), p)
			tps, lat := float64(res.Throughput.Writes), float64(res.Write.Mean)/float64(model.Millisecond)
			mt, ml := median3(r.tps), median3(r.latencyMs)
			t.Logf("%s: %.0f TPS (measured %.0f, %+.0f%%), mean %.1f ms (measured %.1f, %+.0f%%), bottleneck %s, cache hit %.3f",
				r.name, tps, mt, 100*(tps/mt-1), lat, ml, 100*(lat/ml-1), res.Bottleneck, res.CacheHitRatio)
			if q := tps / mt; !(q >= r.tpsBand.lo && q <= r.tpsBand.hi) {
				t.Errorf("TPS = %.0f, measured %.0f (%s): ratio %.2f outside [%.2f, %.2f] %s",
					tps, mt, r.file, q, r.tpsBand.lo, r.tpsBand.hi, r.why)
			}
			if q := lat / ml; !(q >= r.latencyBand.lo && q <= r.latencyBand.hi) {
				t.Errorf("mean latency = %.1f ms, measured %.1f ms (%s): ratio %.2f outside [%.2f, %.2f] %s",
					lat, ml, r.file, q, r.latencyBand.lo, r.latencyBand.hi, r.why)
			}
			if lo, hi := r.p99Ms[0], r.p99Ms[1]; hi > 0 {
				p99 := res.Write.P99.Ms()
				t.Logf("%s: p99 %.1f ms (measured %.0f–%.0f)", r.name, p99, lo, hi)
				if !(p99 >= lo*r.p99Band.lo && p99 <= hi*r.p99Band.hi) {
					t.Errorf("p99 latency = %.1f ms, measured %.0f–%.0f ms (%s): outside [%.1f, %.1f]", p99, lo, hi, r.file, lo*r.p99Band.lo, hi*r.p99Band.hi)
				}
			}
		})
	}
}
