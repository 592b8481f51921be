package calibration

// The built-in profiles, written in public units with one source per field.
// Every number and source comes from /work/shared/reference/calibration.md
// ("calibration.md" below; section numbers refer to it) unless the source
// says otherwise. Tags: P primary, S secondary, D derived here (formula
// given), U uncertain or assumed — check before relying on it.
//
// A profile is a list of groups; a field may appear in only one group of a
// profile, and every field of the table must appear (checked when the
// package loads, and by the tests).

// entry is one field of a built-in profile in its public unit.
type entry struct {
	field  string
	value  float64
	source string
}

// spec is a built-in profile before conversion.
type spec struct {
	name, description    string
	pricesDate, dateNote string
	groups               [][]entry
}

// Node: 8 vCPU / 64 GiB, memory-optimised, no local disk (r6i.2xlarge).
var r6iNode = []entry{
	{"vcpus", 8, "S: AWS EC2 r6i.2xlarge, 8 vCPU / 64 GiB (public pricing tables, 'as of 2024'; calibration.md §8.2)"},
	{"memory_gb", 64, "S: r6i.2xlarge 64 GiB (calibration.md §8.2); entered as 64 GB of the model's decimal GB, 7 % below 64 GiB (conservative)"},
	{"min_vcpus", 2, "U: r6i.large, 2 vCPU / 16 GiB, the R6i family's smallest size (r6id.large likewise, with 118 GB of NVMe; recalled from the EC2 'Memory optimized instances' table, not re-read)"},
	{"local_min_vcpus", 2, "U: r6id.large, 2 vCPU / 16 GiB with 118 GB of NVMe, the R6id family's smallest size (recalled from the EC2 'Memory optimized instances' table, not re-read)"},
	{"max_vcpus", 128, "U: r6i.32xlarge, 128 vCPU / 1,024 GiB, the R6i family's largest size (recalled from the EC2 'Memory optimized instances' table, not re-read; r6id likewise)"},
	{"network_burst_gbps", 12.5, "U: r6i.2xlarge 'up to 12.5 Gbps' (recalled from the EC2 'Network specifications' table, not re-read); P: sizes of 16 vCPUs or fewer burst beyond their baseline on network I/O credits, 'typically from 5 to 60 minutes, depending on the instance size' (AWS EC2 User Guide, 'Amazon EC2 instance network bandwidth')"},
	{"network_gbps", 3.125, "U: r6i.2xlarge baseline 3.125 Gbps, 'up to 12.5 Gbps' as burst (recalled from the EC2 'Network specifications' table, not re-read); P: instances of 16 vCPUs or fewer have a baseline and burst beyond it on credits for 5 to 60 minutes (AWS EC2 User Guide, 'Amazon EC2 instance network bandwidth')"},
}

// Node: AWS i4i.2xlarge, 8 vCPU / 64 GiB plus 1 × 1,875 GB NVMe.
var i4iNode = []entry{
	{"vcpus", 8, "P: AWS i4i.2xlarge, 8 vCPU / 64 GiB, 1 × 1,875 GB NVMe (EC2 'Storage optimized instances', calibration.md §1.1)"},
	{"memory_gb", 64, "P: i4i.2xlarge 64 GiB (calibration.md §1.1); entered as 64 GB of the model's decimal GB, 7 % below 64 GiB (conservative)"},
	{"min_vcpus", 2, "U: i4i.large, 2 vCPU / 16 GiB, the I4i family's smallest size (recalled from the EC2 'Storage optimized instances' table, not re-read)"},
	{"local_min_vcpus", 2, "U: i4i.large, 2 vCPU / 16 GiB with 468 GB of NVMe, the I4i family's smallest size (recalled from the EC2 'Storage optimized instances' table, not re-read)"},
	{"max_vcpus", 128, "U: i4i.32xlarge, 128 vCPU / 1,024 GiB, the I4i family's largest size (recalled from the EC2 'Storage optimized instances' table, not re-read)"},
	{"network_burst_gbps", 12, "U: i4i.2xlarge 'up to 12 Gbps' (recalled from the EC2 'Network specifications' table, not re-read); P: sizes of 16 vCPUs or fewer burst beyond their baseline on network I/O credits, 'typically from 5 to 60 minutes, depending on the instance size' (AWS EC2 User Guide, 'Amazon EC2 instance network bandwidth')"},
	{"network_gbps", 4.687, "U: i4i.2xlarge baseline 4.687 Gbps, 'up to 12 Gbps' as burst (recalled from the EC2 'Network specifications' table, not re-read); P: instances of 16 vCPUs or fewer burst beyond their baseline for 5 to 60 minutes only (AWS EC2 User Guide, 'Amazon EC2 instance network bandwidth')"},
}

// Node: Azure E8s_v3, 8 vCPU / 64 GiB.
var e8sNode = []entry{
	{"vcpus", 8, "S/U: Azure E8s_v3, 8 vCPU / 64 GiB (pricing table in a public repo, calibration.md §8.2)"},
	{"memory_gb", 64, "S/U: Azure E8s_v3 64 GiB (calibration.md §8.2); entered as 64 GB of the model's decimal GB, 7 % below 64 GiB (conservative)"},
	{"min_vcpus", 2, "U: E2s_v3, 2 vCPU / 16 GiB, the Esv3 series' smallest size (recalled from the Esv3-series size table, not re-read), on which the options on volumes run"},
	{"local_min_vcpus", 8, "P: Standard_L8s_v3, the Lsv3 series' smallest size, which the profile's local NVMe is (Microsoft 'Lsv3-series'): an option on local disks runs on no smaller node (a practitioner's review of 2026-11-28: one floor of 8 kept an internal tool's volumes on 8 vCPUs at $371 a month where 2 cost $95)"},
	{"max_vcpus", 64, "U: E64s_v3, 64 vCPU / 432 GiB, the Esv3 series' largest size (recalled from the Esv3-series size table, not re-read); the family scaling gives it 512 GB, 18 % above its memory"},
	{"network_burst_gbps", 0, "U: Azure states one 'expected network bandwidth' per size and no burst for Esv3 (recalled from the Esv3-series size table, not re-read): a flat link"},
	{"network_gbps", 4, "U: Azure E8s_v3 'expected network bandwidth' 4,000 Mbps (recalled from the Esv3-series size table, not re-read)"},
}

// Node figures that do not depend on the instance.
var nodeCommon = []entry{
	{"os_reserve_gb", 2, "U: assumption for kernel, page tables and agents on a 64 GB Linux node; no source in calibration.md"},
	{"shared_buffers_fraction", 0.25, "P: PostgreSQL docs 'Resource Consumption': 'a reasonable starting value for shared_buffers is 25% of the memory', https://www.postgresql.org/docs/current/runtime-config-resource.html (not in calibration.md)"},
	{"session_memory_mb", 6, "D: < 2 MiB per idle backend (Andres Freund, 'Measuring the Memory Overhead of a Postgres Connection', 2020-10-07, P) + one work_mem of 4 MB (PostgreSQL default) = 6 MB (calibration.md §6.3)"},
	{"page_copy_cpu_us", 4, "D: 3.6–3.9 µs per random 8 KiB pread hitting the page cache, measured 2026-11-25 on this 2-vCPU AMD EPYC container (Go, 500,000 reads; P for this box), rounded up for PostgreSQL's buffer lookup and eviction (not measured, U)"},
	{"usl_sigma", 0, "D: 0 = no contention beyond queueing until fitted from pgbench runs at several client counts (MODEL.md §2.1, §8)"},
	{"usl_kappa", 0, "D: 0 = no coherency delay until fitted from pgbench runs at several client counts (MODEL.md §2.1, §8)"},
	{"pooler_round_trip_cpu_us", 20, "S: PgBouncer on one core relays 45,000 pgbench -S transactions/s with prepared statements and 60,000 with the simple protocol (one round trip each; PostgreSQL 15, 80 clients, pool 40, no TLS: pg_doorman's 'Performance Benchmarks' page), i.e. 22 and 17 µs per round trip; with TLS about 33,000/s (ProxySQL blog, 'PgBouncer to ProxySQL: Simple-Mode Benchmark': 77,000 TPS, 2.3 times PgBouncer's), 30 µs"},
	{"walsender_cpu_per_flush_us", 102, walsenderSource},
	{"walsender_cpu_per_kb_us", 0.44, walsenderSource},
	{"logical_change_cpu_us", 6.5, "D/U: a least-squares fit (relative errors) of the model's decoding walsender to validation/apply.sh's simple-protocol and batched runs of 2026-11-28 (PostgreSQL 15.18, pgoutput, one UPDATE and TPC-B-like's four changes at 1.2 and 2.2 to 10 commits a WAL flush; this 2-vCPU AMD EPYC container, P for this box), its rounds at walsender_cpu_per_flush_us and its records at replay_mb_per_sec: without it the TPC-B-like runs were 17 and 42 % short and the one-UPDATE runs within 3 %; with it every run is within −20 and +17 % (model/apply_test.go); unverified on other hosts (U)"},
	{"replay_mb_per_sec", 36, "P/S: PostgreSQL 14 replayed 2.2 GB of WAL in 60.8 s (single CPU-bound startup process), David Rowley, 'Speeding up recovery & VACUUM in Postgres 14', Citus blog 2021-03-25; 2.2 GB / 60.8 s ≈ 36 MB/s (D) (calibration.md §6.7); the TPC-B-like runs of validation/replay.sh alone fit 35 MB/s of record bytes (1σ 19–305 MB/s), its bulk inserts 90 MB/s, which the model then overstates by ≈ 45 %"},
	{"replay_cpu_per_flush_us", 54, replaySource},
}

// The failover figures of DBMS-optimised storage.
const (
	auroraReplicaSource   = "D/U: fitted to Aurora's replica lag in Verbitski et al., SIGMOD 2017, Table 4 (r3.8xlarge, SysBench write-only, Aurora MySQL: 2.62 ms at 1,000 writes/s, 5.38 ms at 10,000), read as medians, beyond the model's own part (the durable quorum and the one-way trip, 1.55 ms): an exponential apply whose mean grows linearly with the write rate, through the two ends; the middle rows, held out, are predicted within −15 % and −3 % (model/storage_test.go). Aurora PostgreSQL is not measured there (U); AWS gives 'usually much less than 100 milliseconds' (Aurora User Guide, 'Replication with Amazon Aurora')"
	auroraFailoverSource  = "P: Aurora User Guide, 'High availability for Aurora': with a replica, service is 'typically restored in less than 60 seconds, and often less than 30 seconds' (the 'often' figure taken, as MODEL.md §7's ≈ 30 s and calibration.md §6.6's ~30 s: a typical value, as Patroni's TTL plus promotion is; review of 2026-11-26)"
	storageRecreateSource = "P: Aurora User Guide, 'High availability for Aurora': without a replica the primary 'is recreated in the same AZ … typically takes less than 10 minutes'; Neon docs, 'High availability': 'AZ failure in 1-10 minutes' (the upper ends taken)"
	neonRestartSource     = "P: Neon docs, 'High availability': 'node failure in 1-2 minutes' (the upper end taken; a Postgres crash or VM failure resolves in seconds)"
)

// replaySource is where the startup process's wake CPU comes from.
const replaySource = "D/U: 54 µs per WAL arrival (a primary flush), the least-squares fit of CPU = a·flushes + record bytes at replay_mb_per_sec (36 MB/s) + 4 µs (page_copy_cpu_us) per full-page image " +
	"to a standby's startup process over two repetitions of six TPC-B-like runs (1, 4 and 16 clients, with full_page_writes off and with a CHECKPOINT every 2 s: WAL 95 % images, one record in seven), each within −19 to +27 % of the fit (the repetitions alone: 50 and 59 µs); " +
	"measured on 2026-11-26 on this 2-vCPU AMD EPYC container with PostgreSQL 15.18, one streaming standby on the same host, the data in both servers' shared_buffers " +
	"(validation/replay.sh, validation/results/replay.txt, refitted by model/replay_test.go; P for this box). Images cost about a page copy or less: the runs with images spent the CPU of those without. " +
	"Unverified elsewhere (U); the runs' noise is large (two one-client runs of the same flushes per transaction cost 56 and 83 µs per transaction)"

// walsenderSource is where the walsender's CPU comes from.
const walsenderSource = "D/U: a = 102 µs per WAL flush and b = 0.44 µs per kB it made durable, a least-squares fit of CPU = a·flushes + b·bytes per walsender over five runs " +
	"(pgbench TPC-B-like at 1, 4 and 16 clients, a bulk insert, 172 kB-per-flush inserts; 133–810 flushes/s; each run within −11 to +27 % of the fit, the idle one-client run the dearest), " +
	"measured 2026-11-26 on this 2-vCPU AMD EPYC container with PostgreSQL 15.18 and two asynchronous standbys on the same host, 72–76 % of it kernel time " +
	"(validation/walsender.sh, validation/results/walsender.txt, refitted by model/walsender_test.go; P for this box). Unverified elsewhere (U): over loopback " +
	"the sender's system time includes part of the standby's receive path, but the same runs over a Unix socket, with no TCP path at all, spent 85 µs per flush " +
	"(LINK=unix, results/walsender-unix.txt, 2026-11-28; a TCP run just before, 91 µs), so that is under a tenth of it; a sixth run with fsync off, 1,317 flushes/s on saturated cores, spent 49 µs per flush; " +
	"a larger, less contended host likely spends less"

// lectureSource quotes the lecture notes the lecture profile is defined by.
const lectureSource = "/work/shared/seed/ lecture notes and /work/shared/reference/seed-source.md §2.2"

// Local device: the lecture's figures.
var lectureLocal = []entry{
	{"local_read_latency_us", 10, "S: " + lectureSource + ": 'Higher disk latency (esp for writes 10 µs -> 1000 µs)'; the lecture gives one latency per device, used for read, write and fsync (MODEL.md §2.2); the blog behind the lecture says ~20 µs"},
	{"local_write_latency_us", 10, "S: " + lectureSource + ": 'Higher disk latency (esp for writes 10 µs -> 1000 µs)'; the blog behind the lecture says ~20 µs; calibration.md §9 calls 10 µs the optimistic end (Optane, best PLP drives)"},
	{"local_fsync_latency_us", 10, "S: " + lectureSource + ": 'Higher disk latency (esp for writes 10 µs -> 1000 µs)'; one latency per device, so the WAL flush costs the same 10 µs"},
	{"local_read_latency_p99_us", 0, "D: 0 = not measured; exponential service with the mean (model.Device)"},
	{"local_iops", 1000000, "S: " + lectureSource + ": 'Lower IOPS (1M -> 10k IOPS)', confirmed by the blog; matches a ~40-vCPU i4i (calibration.md §1.1)"},
	{"local_bandwidth_mb_per_sec", 8192, "D: the lecture gives no bandwidth; 1,000,000 IOPS × 8 KiB pages = 8,192 MB/s, so the lecture's IOPS figure binds first for page I/O; several GB/s is what a multi-drive NVMe box gives (Azure L8s_v3: 2,000 MB/s per 1.92 TB drive, calibration.md §1.1, P)"},
}

// Local device: enterprise NVMe with power-loss protection, AWS i4i.2xlarge.
var nvmeLocal = []entry{
	{"local_read_latency_us", 75, "P (this box): 4k QD1 random read ≈ 75 µs measured here (MODEL.md §2.2); S: PlanetScale 'IO devices and latency' 2025-03-13 gives ~50 µs round trip (calibration.md §1.2)"},
	{"local_write_latency_us", 30, "S/D: 16 KB O_DIRECT write + fsync on enterprise PLP NVMe 12–58 µs (Mark Callaghan, smalldatum 2026-01-07, via a summary, S/U); calibration.md §1.2 and §9 recommend 30 µs"},
	{"local_fsync_latency_us", 30, "S/D: 16 KB O_DIRECT write + fsync on enterprise PLP NVMe 12–58 µs (Mark Callaghan, smalldatum 2026-01-07, via a summary, S/U); calibration.md §1.2 and §9 recommend 30 µs"},
	{"local_read_latency_p99_us", 0, "D: 0 = not measured; exponential service with the mean (model.Device)"},
	{"local_iops", 142000, "D: i4i.2xlarge 200,000 random-read and 110,000 write IOPS (4 KiB; AWS EC2 'Storage optimized instances', calibration.md §1.1, P) combined into one ceiling at a 50/50 mix: 1/(0.5/200,000 + 0.5/110,000) ≈ 141,935, rounded to 142,000; read-heavy mixes get more, write-heavy less"},
	{"local_bandwidth_mb_per_sec", 2000, "S/U: Azure L8s_v3, the same 8 vCPU / 1.92 TB NVMe class, 2,000 MB/s (calibration.md §1.1, P for Azure); the i4i.2xlarge figure was not retrieved"},
}

// Local device: the 474 GB NVMe of an AWS r6id.2xlarge, the node the AWS
// network-storage profiles price for local storage (local_node_usd_per_hour,
// local_capacity_gb): AWS Nitro SSD, as the i4i's, with the IOPS of its size
// (review of 2026-11-28: those profiles had the i4i.2xlarge's 142,000 IOPS
// beside the r6id's price and disk).
var r6idLocal = append(nvmeLocal[:4:4], // the i4i's latencies, then its own IOPS and bandwidth
	entry{"local_iops", 89400, "U: r6id.2xlarge 134,167 random-read and 67,083 write IOPS (4 KiB), recalled from the EC2 instance-store table (the m6id, r6id and c6id 2xlarge share them), not in calibration.md; its predecessor r5d.2xlarge has 117,000 and 57,000 (calibration.md §1.1, P). Combined at a 50/50 mix: 1/(0.5/134,167 + 0.5/67,083) ≈ 89,444, rounded to 89,400"},
	entry{"local_bandwidth_mb_per_sec", 2000, "U: as the i4i's NVMe class (S/U: Azure L8s_v3 2,000 MB/s, calibration.md §1.1); the r6id figure was not retrieved"},
)

// Local device: Azure L8s_v3 NVMe, enterprise latencies.
var lsv3Local = []entry{
	{"local_read_latency_us", 75, "P (this box): 4k QD1 random read ≈ 75 µs measured here (MODEL.md §2.2); S: PlanetScale ~50 µs NVMe round trip (calibration.md §1.2); no Azure figure"},
	{"local_write_latency_us", 30, "S/D: enterprise PLP NVMe write + fsync 12–58 µs (Mark Callaghan, smalldatum 2026-01-07, S/U); calibration.md §1.2 and §9 recommend 30 µs"},
	{"local_fsync_latency_us", 30, "S/D: enterprise PLP NVMe write + fsync 12–58 µs (Mark Callaghan, smalldatum 2026-01-07, S/U); calibration.md §1.2 and §9 recommend 30 µs"},
	{"local_read_latency_p99_us", 0, "D: 0 = not measured; exponential service with the mean (model.Device)"},
	{"local_iops", 400000, "P: Azure Standard_L8s_v3 NVMe 400,000 IOPS (Microsoft 'Lsv3-series', calibration.md §1.1); one figure for reads and writes"},
	{"local_bandwidth_mb_per_sec", 2000, "P: Azure Standard_L8s_v3 NVMe 2,000 MB/s (Microsoft 'Lsv3-series', calibration.md §1.1)"},
}

// ebsCaps names the instance limits an r6i.2xlarge puts on EBS traffic.
const ebsCaps = "m6i.2xlarge, same Nitro generation as r6i (the r6i row is not in the retrieved snapshot, U): baseline 2,500 Mbps = 312.5 MB/s and 12,000 IOPS at 16 KiB, 1,250 MB/s and 40,000 IOPS for 30 min a day (AWS EC2 User Guide 'Amazon EBS-optimized instances', awsdocs/amazon-ec2-user-guide ebs-optimized.md)"

// throttleSource is where a network volume's token bucket comes from.
const throttleSource = "U/S: no cloud publishes its volumes' bucket. QEMU's block throttle (util/throttle.c, throttle_compute_wait) holds a tenth of a second's rate " +
	"when no burst is set, 'otherwise every other request will be throttled and performance will suffer considerably'; taken because it gives the latency " +
	"MODEL.md §2.2 describes for cloud volumes, flat until the limit (a 3,000-IOPS volume's Poisson I/Os wait only beyond ρ ≈ 0.99), not because AWS is known to use it. " +
	"AWS designs gp2 and gp3 for at least 90 % of their provisioned IOPS 99 % of the time (EBS User Guide, 'Amazon EBS optimization'), above which the result warns"

// Network device: the lecture's figures.
var lectureNetwork = []entry{
	{"network_read_latency_us", 1000, "S: " + lectureSource + ": 'Higher disk latency (esp for writes 10 µs -> 1000 µs)'; the lecture gives one latency per device, used for read, write and fsync (MODEL.md §2.2)"},
	{"network_write_latency_us", 1000, "S: " + lectureSource + ": 'Higher disk latency (esp for writes 10 µs -> 1000 µs)', confirmed by the blog (~1000 µs)"},
	{"network_fsync_latency_us", 1000, "S: " + lectureSource + ": 'Higher disk latency (esp for writes 10 µs -> 1000 µs)'; equals calibration.md §9's gp3 default of 1 ms"},
	{"network_read_latency_p99_us", 0, "D: 0 = not measured; exponential service with the mean (model.Device)"},
	{"instance_volume_iops", 0, "D: the lecture gives no instance limit; this profile ignores the instance's, as its bandwidth does"},
	{"instance_volume_mb_per_sec", 0, "D: the lecture gives no instance limit; this profile ignores the instance's, as its bandwidth does"},
	{"network_iops", 10000, "S: " + lectureSource + ": 'Lower IOPS (1M -> 10k IOPS)', confirmed by the blog"},
	{"network_bandwidth_mb_per_sec", 1048.576, "D: the lecture gives no bandwidth; gp3's maximum 1,000 MiB/s = 1,048.576 MB/s (AWS EBS docs, calibration.md §2.1, P), which a 10,000-IOPS gp3 may provision (0.25 MiB/s per IOPS); an r6i.2xlarge sustains less (" + ebsCaps + "), which this profile ignores"},
	{"network_capacity_gb", 70368.744, "P: AWS EC2 API reference, ModifyVolume: gp3 1–65,536 GiB = 70,368.744 GB (older pages give 16,384 GiB, the earlier limit)"},
	{"network_throttle_window_ms", 100, throttleSource},
}

// Network device: EBS gp3 at its free baseline.
var gp3Network = []entry{
	{"network_read_latency_us", 250, "S: PlanetScale 'IO devices and latency' 2025-03-13: CPU → network-attached SSD (EBS) round trip ~250 µs (calibration.md §2.1, §0.1); the optimistic end of gp3's 'single-digit millisecond' (AWS EBS docs, P)"},
	{"network_write_latency_us", 1000, "D: calibration.md §0.1 and §9 'keep 1 ms for gp3' (= the lecture's 1000 µs), inside gp3's 'single-digit millisecond' (AWS EBS docs, P); no pg_test_fsync on gp3 retrieved (§10, U)"},
	{"network_fsync_latency_us", 1000, "D: calibration.md §0.1 and §9 'keep 1 ms for gp3' (= the lecture's 1000 µs), inside gp3's 'single-digit millisecond' (AWS EBS docs, P); no pg_test_fsync on gp3 retrieved (§10, U)"},
	{"network_read_latency_p99_us", 0, "D: 0 = not measured; exponential service with the mean (model.Device)"},
	{"instance_volume_iops", 12000, "U: the r6i.2xlarge's (" + ebsCaps + "); local-nvme's i4i.2xlarge taken alike (recalled, not re-read); a larger node scales it in proportion, above AWS's (m6i.4xlarge 20,000, m6i.8xlarge 40,000: a sixth under)"},
	{"instance_volume_mb_per_sec", 312.5, "U: the r6i.2xlarge's (" + ebsCaps + "); local-nvme's i4i.2xlarge taken alike (recalled, not re-read)"},
	{"network_iops", 3000, "P: gp3 baseline 3,000 IOPS, included in the price (AWS EBS 'General Purpose SSD volumes', calibration.md §2.1)"},
	{"network_bandwidth_mb_per_sec", 131.072, "P: gp3 baseline 125 MiB/s = 131.072 MB/s, included in the price (AWS EBS docs, calibration.md §2.1)"},
	{"network_capacity_gb", 70368.744, "P: AWS EC2 API reference, ModifyVolume: gp3 1–65,536 GiB = 70,368.744 GB (older pages give 16,384 GiB, the earlier limit)"},
	{"network_throttle_window_ms", 100, throttleSource},
}

// Network device: EBS io2 Block Express on an r6i.2xlarge.
var io2Network = []entry{
	{"network_read_latency_us", 250, "S/D: EBS network round trip ~250 µs (PlanetScale 2025-03-13, calibration.md §2.1); io2 BX averages < 500 µs per 16 KiB I/O (AWS, P), so reads are taken as no slower than gp3's"},
	{"network_write_latency_us", 400, "P/D: io2 Block Express average latency < 500 µs for 16 KiB I/O (AWS 'Amazon EBS optimization', calibration.md §2.1, P); 400 µs as recommended in §0.1 and §9"},
	{"network_fsync_latency_us", 400, "P/D: io2 Block Express average latency < 500 µs for 16 KiB I/O (AWS 'Amazon EBS optimization', calibration.md §2.1, P); 400 µs as recommended in §0.1 and §9"},
	{"network_read_latency_p99_us", 0, "D: 0 = not measured; exponential service with the mean (model.Device); AWS: outliers > 800 µs 10× rarer than on gp volumes"},
	{"instance_volume_iops", 12000, "U: the r6i.2xlarge's (" + ebsCaps + "); a larger node scales it in proportion, above AWS's (m6i.4xlarge 20,000, m6i.8xlarge 40,000: a sixth under)"},
	{"instance_volume_mb_per_sec", 312.5, "U: the r6i.2xlarge's (" + ebsCaps + ")"},
	{"network_iops", 12000, "D: provisioned 12,000 IOPS = the instance's sustained EBS IOPS (" + ebsCaps + "), so no paid IOPS sit idle; inside io2's 100–256,000 range and its first price tier (≤ 32,000) (calibration.md §2.1, §8.1, P)"},
	{"network_bandwidth_mb_per_sec", 3221.225472, "D: io2 Block Express carries 0.256 MiB/s per provisioned IOPS up to 4,000 MiB/s (AWS Storage Blog, calibration.md §2.1, P; network_throughput_per_iops_mb_per_sec), so its 12,000 IOPS carry 3,072 MiB/s = 3,221 MB/s; the instance sustains only 312.5 MB/s towards its volumes (instance_volume_mb_per_sec, " + ebsCaps + "), at which the model runs it"},
	{"network_capacity_gb", 70368.744, "P: io2 Block Express up to 64 TiB = 70,368.744 GB (AWS Storage Blog, calibration.md §2.1)"},
	{"network_throttle_window_ms", 100, throttleSource},
}

// Network device: Azure Premium SSD v2 at its free baseline.
var premiumV2Network = []entry{
	{"network_read_latency_us", 600, "U: Microsoft docs only bound it: 'less than 1 ms average read and write latency' (Azure managed disk types, 2022 and current, calibration.md §2.2, P); 0.6 ms assumed, below the write figure because a read is served by one copy while a write waits for the replicated commit (the asymmetry EBS shows, §2.1)"},
	{"network_write_latency_us", 800, "U: Microsoft docs only bound it: 'less than 1 ms average read and write latency' (calibration.md §2.2, P); 0.8 ms assumed, under the bound with margin and above io2's 0.4 ms, for which AWS publishes a firmer figure"},
	{"network_fsync_latency_us", 800, "U: Microsoft docs only bound it: 'less than 1 ms average read and write latency' (calibration.md §2.2, P); 0.8 ms assumed, under the bound with margin; no pg_test_fsync retrieved"},
	{"network_read_latency_p99_us", 0, "D: 0 = not measured; exponential service with the mean (model.Device)"},
	{"instance_volume_iops", 12800, "U: E8s_v3 'max uncached disk throughput' 12,800 IOPS (recalled from the Esv3-series size table, not re-read)"},
	{"instance_volume_mb_per_sec", 192, "U: E8s_v3 'max uncached disk throughput' 192 MBps (recalled from the Esv3-series size table, not re-read)"},
	{"network_iops", 3000, "P: Premium SSD v2 baseline 3,000 IOPS, included (Azure managed disk types 2022, calibration.md §2.2)"},
	{"network_bandwidth_mb_per_sec", 125, "P: Premium SSD v2 baseline 125 MB/s, included (Azure managed disk types 2022, calibration.md §2.2)"},
	{"network_capacity_gb", 70368.744, "S: Premium SSD v2 provisions 1 GiB to 64 TiB = 70,368.744 GB (secondary summaries of Microsoft's docs; not in calibration.md)"},
	{"network_throttle_window_ms", 100, throttleSource},
}

// Round trips measured on AWS (and this box).
var awsRTT = []entry{
	{"rtt_same_host_ms", 0.02, "P (this box): TCP loopback ping-pong 14.9 µs p50 / 25 µs mean, measured 2026-11-25 (calibration.md §3.1); ~20 µs recommended"},
	{"rtt_same_zone_ms", 0.2, "S: same-AZ pings 0.26–0.45 ms (us-east-1, 2009 and 2014), IBM Cloud intra-zone 0.08–0.10 ms (2024, P for IBM); calibration.md §3.2 default 0.2 ms"},
	{"rtt_cross_zone_ms", 1, "S: cross-AZ averages 0.82–1.33 ms (eu-west-1 2022, us-east-1 2009/2014); AWS 'single-digit millisecond' (P); calibration.md §3.2 default 1 ms"},
	{"rtt_cross_region_ms", 15, "S: cloudping.co p50 us-east-1 ↔ us-east-2 15 ms (snapshot ≈ 2025, calibration.md §3.3), the neighbouring-pair default of §0.2"},
	{"rtt_jitter_ms", 0.07, "S: a shifted exponential fitted to 10 pings per pair, three same-AZ and three cross-AZ pairs (us-east-1, 2009, calibration.md §3.2): average − minimum 0.048–0.094 ms (0.058 within a zone, 0.071 across, on average), 0.0645 over the six, × 10/9 for a minimum of 10 samples = 0.072; ten ICMP pings show no rare spike (cross-AZ pings spiked to 12.3 ms in 5 min, eu-west-1 2022, §3.2), which the exponential tail leaves out"},
}

// Round trips for Azure: AWS measurements as stand-ins.
var azureRTT = []entry{
	{"rtt_same_host_ms", 0.02, "P (this box): TCP loopback ping-pong 14.9 µs p50 / 25 µs mean, measured 2026-11-25 (calibration.md §3.1); host-local, so provider-independent"},
	{"rtt_same_zone_ms", 0.2, "S/U: calibration.md §3.2 default 0.2 ms from AWS and IBM measurements; no Azure same-zone figure retrieved"},
	{"rtt_cross_zone_ms", 1, "P/S: Azure 'round-trip latency of less than 2 ms' between zones (Microsoft 'What are availability zones?', P); 1 ms from the AWS measurements of calibration.md §3.2"},
	{"rtt_cross_region_ms", 15, "U: cloudping.co p50 us-east-1 ↔ us-east-2 15 ms (calibration.md §3.3) as a stand-in for a neighbouring Azure region pair; no Azure figure retrieved"},
	{"rtt_jitter_ms", 0.07, "U: the AWS fit: a shifted exponential fitted to 10 pings per pair, three same-AZ and three cross-AZ pairs (us-east-1, 2009, calibration.md §3.2): average − minimum 0.048–0.094 ms (0.058 within a zone, 0.071 across, on average), 0.0645 over the six, × 10/9 for a minimum of 10 samples = 0.072; ten ICMP pings show no rare spike (cross-AZ pings spiked to 12.3 ms in 5 min, eu-west-1 2022, §3.2), which the exponential tail leaves out; no Azure figure retrieved"},
}

// PostgreSQL defaults, with archive_timeout set as the docs advise.
var postgresDefaults = []entry{
	{"checkpoint_timeout_sec", 300, "P: PostgreSQL default checkpoint_timeout = 5 min (PostgreSQL docs 'WAL Configuration', calibration.md §6.1)"},
	{"max_wal_size_gb", 1, "P: PostgreSQL default max_wal_size = 1 GB (PostgreSQL docs, calibration.md §6.1); PostgreSQL's GB is 1,024 MB, modelled as 10⁹ B"},
	{"wal_writer_delay_ms", 200, "P: PostgreSQL default wal_writer_delay = 200 ms (PostgreSQL docs 'WAL Configuration', calibration.md §6.1)"},
	{"max_standby_streaming_delay_sec", 30, "P: PostgreSQL default max_standby_streaming_delay = 30 s (PostgreSQL docs 'Replication', https://www.postgresql.org/docs/current/runtime-config-replication.html; MODEL.md §2.7)"},
	{"maintenance_io_concurrency", 16, "P: PostgreSQL 18 default 16 (commit cc6be07 'Increase default maintenance_io_concurrency to 16', 2025); it was 10 in PostgreSQL 13–17 (commit fc34b0d)"},
	{"wal_compression_saving_fraction", 0, "P: PostgreSQL default wal_compression = off (PostgreSQL docs 'Write Ahead Log', wal_compression)"},
	{"wal_compress_cpu_us", 0, "P: nothing to compress with wal_compression = off, the default"},
	{"wal_decompress_cpu_us", 0, "P: nothing to decompress with wal_compression = off, the default"},
	{"archive_timeout_sec", 60, "P/D: PostgreSQL docs 'WAL Configuration', archive_timeout: 'settings of a minute or so are usually reasonable'; the default 0 disables forced segment switches (a segment is archived when full, hours later at a low write rate), so 60 s is a modelled choice"},
}

// Recovery with Patroni on AWS.
var patroniAWS = []entry{
	{"failure_detection_sec", 30, "P: Patroni ttl default 30 s, the leader key's expiry (Patroni docs 'Dynamic configuration', calibration.md §6.6)"},
	{"promotion_sec", 10, "D/S: Pigsty's passive-failure model (calibration.md §6.6): a replica notices the expired leader within loop_wait (10 s, average 5 s), takes the lock and promotes in 0–2 s, then health checks move clients; Pigsty's ≈ 45 s RTO − 30 s TTL leaves ≈ 15 s; 10 s chosen"},
	{"lone_node_detection_sec", 120, "S/U: a lone node has no failover manager's lease to expire: EC2 reports StatusCheckFailed_System once a minute, and a CloudWatch recover alarm commonly waits for two failed minutes (the AWS examples and runbooks built on them, e.g. novavirtual's 'EC2 Auto-Recovery'); simplified automatic recovery, on by default, acts on the same check, its delay not stated (AWS EC2 User Guide, 'Configure simplified automatic recovery'); 120 s assumed (a practitioner's review of 2026-11-28: Patroni's 30 s had been charged)"},
	{"reattach_sec", 60, "U: EC2 launch to SSH ≈ 23–29 s (daemonology.net 'EC2 boot time benchmarking' 2021-08-12; brevdev/ec2-coldboot-research ≈ 26 s), plus EBS force-detach and attach of the data volume and PostgreSQL start, not measured; 60 s assumed"},
	{"restore_mb_per_sec", 300, "S/U: single-threaded pg_basebackup delivers 300–500 MiB/s on fast hardware, parallel pgBackRest more (postgres.ai, 'Ultra-fast replica creation with pgBackRest', 2025-11-05); an 8-vCPU node restoring from object storage is bound by its network; 300 MB/s assumed, the conservative end"},
	{"manual_failover_sec", 900, "U: paged, an on-call engineer confirms the region is lost and promotes the standby by hand (Patroni does not promote across two sites on its own: a maintainer in zalando/patroni#1151, 'there must be a global quorum across multiple data-centers (two is not enough)'; Percona, 'Performing standby datacentre promotions of a Patroni cluster', a manual procedure); 15 minutes assumed"},
	{"maximum_lag_on_failover_mb", 1.048576, "P: Patroni's maximum_lag_on_failover default, 1048576 bytes (Patroni docs, 'YAML Configuration Settings'): a replica trailing by more is not promoted"},
}

// Recovery with Patroni on Azure.
var patroniAzure = []entry{
	{"failure_detection_sec", 30, "P: Patroni ttl default 30 s, the leader key's expiry (Patroni docs 'Dynamic configuration', calibration.md §6.6)"},
	{"promotion_sec", 10, "D/S: Pigsty's passive-failure model (calibration.md §6.6): loop_wait average 5 s + lock and promote 0–2 s + health checks; Pigsty's ≈ 45 s RTO − 30 s TTL leaves ≈ 15 s; 10 s chosen"},
	{"lone_node_detection_sec", 120, "U: the AWS figure (two failed one-minute status checks) as a stand-in; Azure's service healing moves a failed VM to a healthy host, its detection time not retrieved"},
	{"reattach_sec", 60, "U: the AWS figure (EC2 launch to SSH ≈ 23–29 s plus volume attach and PostgreSQL start) as a stand-in; no Azure VM start time retrieved"},
	{"restore_mb_per_sec", 300, "S/U: single-threaded pg_basebackup 300–500 MiB/s (postgres.ai 2025-11-05); 300 MB/s assumed, the conservative end"},
	{"manual_failover_sec", 900, "U: paged, an on-call engineer confirms the region is lost and promotes the standby by hand (Patroni does not promote across two sites on its own: a maintainer in zalando/patroni#1151, 'there must be a global quorum across multiple data-centers (two is not enough)'; Percona, 'Performing standby datacentre promotions of a Patroni cluster', a manual procedure); 15 minutes assumed"},
	{"maximum_lag_on_failover_mb", 1.048576, "P: Patroni's maximum_lag_on_failover default, 1048576 bytes (Patroni docs, 'YAML Configuration Settings'): a replica trailing by more is not promoted"},
}

// awsPricesDate dates every AWS price below.
const (
	awsPricesDate = "2025"
	awsDateNote   = "P/S: AWS on-demand list prices, us-east-1, read ~2025 (calibration.md §8, compiled 2026-11-25); estimates, check before relying on them"
)

// Prices of AWS transfer and the failover manager, shared by AWS profiles.
var awsTransfer = []entry{
	{"backup_usd_per_gb_month", 0.05, "P: EBS snapshots $0.05 per GB-month, standard tier (AWS EBS pricing, ~2025, calibration.md §8.1)"},
	{"object_storage_usd_per_gb_month", 0.023, "U: S3 Standard $0.023 per GB-month, first 50 TB, us-east-1 (AWS S3 pricing, recalled, not in calibration.md), where pgBackRest or WAL-G keep the WAL archive and a local disk's base backups"},
	{"cross_zone_usd_per_gb", 0.02, "U/D: AWS bills $0.01 per GB on each side of a cross-AZ transfer (EC2 on-demand pricing, recalled, not in calibration.md) = $0.02 per GB; consistent with MODEL.md §7 (20 MB/s to a cross-zone standby ≈ $1,000/month)"},
	{"cross_region_usd_per_gb", 0.02, "U: AWS inter-region transfer $0.02 per GB for most US and EU pairs (recalled, not in calibration.md); us-east-1 ↔ us-east-2 is $0.01"},
	{"failover_manager_usd_per_month", 47, "U/D: three t3.small etcd nodes at $0.0208/h (recalled, not in calibration.md) × 730 h = $45.55, plus 3 × 8 GB gp3 at $0.08 = $1.92, ≈ $47"},
}

// Prices of a gp3 volume.
var gp3Prices = []entry{
	{"network_storage_usd_per_gb_month", 0.08, "P: EBS gp3 $0.08 per GB-month (AWS EBS pricing page, ~2025, calibration.md §8.1)"},
	{"network_baseline_iops", 3000, "P: gp3 includes 3,000 IOPS (AWS EBS docs and pricing, calibration.md §2.1, §8.1)"},
	{"network_max_iops", 16000, "P: gp3 provisions 3,000 to 16,000 IOPS (AWS EBS docs, calibration.md §2.1)"},
	{"network_throughput_per_iops_mb_per_sec", 0.262144, "P: gp3 provisions at most 0.25 MiB/s = 0.262 MB/s of throughput per provisioned IOPS (AWS EBS docs, calibration.md §2.1)"},
	{"network_max_bandwidth_mb_per_sec", 1048.576, "P: gp3 provisions 125 to 1,000 MiB/s = 1,048.576 MB/s of throughput, at most 0.25 MiB/s per provisioned IOPS, so 1,000 MiB/s from 4,000 IOPS on (AWS EBS docs, calibration.md §2.1)"},
	{"network_iops_usd_per_month", 0.005, "P: gp3 $0.005 per provisioned IOPS-month above 3,000 (AWS EBS pricing, ~2025, calibration.md §8.1)"},
	{"network_iops_tier_iops", 0, "P: gp3 has one IOPS price (AWS EBS pricing, calibration.md §8.1)"},
	{"network_iops_tier_usd_per_month", 0, "P: gp3 has one IOPS price"},
	{"network_baseline_bandwidth_mb_per_sec", 131.072, "P: gp3 includes 125 MiB/s = 131.072 MB/s (AWS EBS docs, calibration.md §2.1)"},
	{"network_bandwidth_usd_per_mbs_month", 0.03814697265625, "P/U: gp3 $0.04 per MiB/s-month above 125 MiB/s in us-east-1 (recalled; the pricing page's example uses $0.06), ÷ 1.048576 MB/s per MiB/s = $0.0381 per MB/s-month (D) (calibration.md §8.1)"},
}

// Prices of an io2 volume.
var io2Prices = []entry{
	{"network_storage_usd_per_gb_month", 0.125, "P: EBS io2 $0.125 per GB-month (AWS EBS pricing, ~2025, calibration.md §8.1)"},
	{"network_baseline_iops", 0, "P: io2 includes no IOPS; every provisioned IOPS is billed (AWS EBS pricing, calibration.md §8.1)"},
	{"network_max_iops", 256000, "P: io2 Block Express provisions 100 to 256,000 IOPS on Nitro instances (EC2 API 'Iops' docs, calibration.md §2.1)"},
	{"network_throughput_per_iops_mb_per_sec", 0.268435456, "U: io2 throughput scales at 0.256 MiB/s = 0.268 MB/s per provisioned IOPS, up to 4,000 MiB/s (recalled from the AWS EBS 'Provisioned IOPS SSD volumes' page, not in calibration.md)"},
	{"network_max_bandwidth_mb_per_sec", 4194.304, "P: io2 Block Express up to 4,000 MiB/s = 4,194.304 MB/s per volume (AWS Storage Blog, calibration.md §2.1); its throughput is not billed apart (network_bandwidth_usd_per_mbs_month 0)"},
	{"network_iops_usd_per_month", 0.065, "P: io2 $0.065 per IOPS-month for 0–32,000 IOPS (AWS EBS pricing, ~2025, calibration.md §8.1); the 12,000 provisioned stay in this tier"},
	{"network_iops_tier_iops", 32000, "P: io2's second price tier starts above 32,000 IOPS (AWS EBS pricing, ~2025, calibration.md §8.1)"},
	{"network_iops_tier_usd_per_month", 0.046, "P: io2 $0.046 per IOPS-month for 32,001–64,000 IOPS (calibration.md §8.1); above 64,000 a third tier (≈ $0.032, U) is priced at this one, the dearer"},
	{"network_baseline_bandwidth_mb_per_sec", 0, "D: io2 throughput is not billed apart (network_bandwidth_usd_per_mbs_month 0): it follows the IOPS provisioned, none counted as included"},
	{"network_bandwidth_usd_per_mbs_month", 0, "P: io2 has no throughput charge (AWS EBS pricing lists none, calibration.md §8.1)"},
}

// Prices on Azure.
var azurePrices = []entry{
	{"node_usd_per_hour", 0.504, "S/U: Azure E8s_v3 $0.504/h (pricing table in a public repo, calibration.md §8.2)"},
	{"local_node_usd_per_hour", 0.624, "S/U: Azure L8s_v3 (8 vCPU / 64 GiB, 1.92 TB NVMe) $0.624/h (pricing table in a public repo, calibration.md §8.2)"},
	{"local_capacity_gb", 1920, "P: Azure Standard_L8s_v3 1 × 1.92 TB NVMe (Microsoft 'Lsv3-series', calibration.md §1.1)"},
	{"network_storage_usd_per_gb_month", 0.08, "U: Premium SSD v2 capacity ≈ $0.08 per GiB-month in East US (recalled, not in calibration.md; §10 lists Azure prices as not retrieved)"},
	{"network_baseline_iops", 3000, "P: Premium SSD v2 includes 3,000 IOPS (Azure managed disk types 2022, calibration.md §2.2)"},
	{"network_max_iops", 80000, "P: Premium SSD v2 provisions 3,000 to 80,000 IOPS, 500 IOPS/GiB above 6 GiB (Azure managed disk types, calibration.md §2.2)"},
	{"network_throughput_per_iops_mb_per_sec", 0.25, "S: Premium SSD v2 provisions at most 0.25 MB/s of throughput per provisioned IOPS (lucidity.cloud, 'Azure Premium SSD v2 IOPS and throughput limits', 2026, summarising Microsoft's managed disk types page; not in calibration.md)"},
	{"network_max_bandwidth_mb_per_sec", 2000, "S: Premium SSD v2 provisions 125 to 2,000 MB/s per disk (lucidity.cloud, 'Azure Premium SSD v2 Max IOPS Throughput Guide', 2026, summarising Microsoft's managed disk types page; its 2022 launch figure was 1,200 MB/s; not in calibration.md)"},
	{"network_iops_usd_per_month", 0.005, "U: Premium SSD v2 ≈ $0.005 per IOPS-month above 3,000 (recalled, not in calibration.md)"},
	{"network_iops_tier_iops", 0, "U: Premium SSD v2 taken to have one IOPS price (not in calibration.md)"},
	{"network_iops_tier_usd_per_month", 0, "U: one IOPS price"},
	{"network_baseline_bandwidth_mb_per_sec", 125, "P: Premium SSD v2 includes 125 MB/s (Azure managed disk types 2022, calibration.md §2.2)"},
	{"network_bandwidth_usd_per_mbs_month", 0.04, "U: Premium SSD v2 ≈ $0.04 per MB/s-month above 125 MB/s (recalled, not in calibration.md)"},
	{"backup_usd_per_gb_month", 0.05, "U: Azure incremental snapshots ≈ $0.05 per GB-month (recalled, not in calibration.md)"},
	{"object_storage_usd_per_gb_month", 0.018, "U: Blob Storage hot tier, LRS ≈ $0.018 per GB-month, East US (recalled, not in calibration.md), where the WAL archive and a local disk's base backups are kept"},
	{"cross_zone_usd_per_gb", 0, "U: Azure does not bill transfer between availability zones (recalled; a planned charge was withdrawn; not in calibration.md)"},
	{"cross_region_usd_per_gb", 0.02, "U: Azure inter-region transfer within North America ≈ $0.02 per GB (recalled, not in calibration.md)"},
	{"failover_manager_usd_per_month", 47, "U: three small VMs for etcd, taken equal to the AWS figure (3 × t3.small + disks ≈ $47); no Azure price retrieved"},
}

// DBMS-optimised storage on AWS (Aurora PostgreSQL; Neon runs on the same
// cloud with comparable figures, marked where they differ).
var awsStorage = []entry{
	{"storage_read_latency_us", 300, "U: Aurora storage-node page read beyond the same-zone round trip; no measured figure in calibration.md (EBS round trip ≈ 250 µs, PlanetScale, §2.1, S); Neon's GetPage@LSN taken equal: Neon's own pagebench against one pageserver measured 0.218 ms mean, 0.747 ms p99 (neondatabase/neon PR #7477, 2024, P for a CI machine, not production)"},
	{"storage_persist_latency_us", 50, "U: a storage node persists log records on local NVMe: an enterprise NVMe synced write is 12–58 µs (calibration.md §1.2, S); processing not measured"},
	{"storage_bandwidth_mb_per_sec", 1250, "U: 10 Gbps to the storage network (r6g.2xlarge-class 'up to 10 Gbps'; not in calibration.md)"},
	{"local_cache_fraction", 0.75, "P: Neon docs 'The neon extension' (updated 2025-07-11): the local file cache, 'a layer of caching that stores frequently accessed data in the local memory of the Neon compute', 'extends the cache memory to approximately 75% of your compute's RAM', shared_buffers included"},
	{"storage_client_commit_cpu_us", 743, "D: fitted by CPU balance to the ClickHouse/PostgresBench pgbench runs on Aurora (calibration.md §6.4; 16 vCPU/128 GB: 11,338 TPS, 4 vCPU/32 GB: 2,249 TPS): CPU per transaction vCPUs/TPS minus self-managed PostgreSQL's on the same sizes (24,974 and 5,952 TPS) = 0.771 and 1.107 ms, split over the model's 0.10 and 1.31 storage reads per transaction; held out, the Neon runs are then predicted within −19 % to +24 % (docs/published.md). Mechanism: the storage client runs in the compute (AWS RDS docs, IO:XactSync wait event; Neon's own comparison, neondatabase/neon issue #553: 8k against 25k TPS on one node)"},
	{"storage_client_read_cpu_us", 278, "D/U: fitted by CPU balance to the ClickHouse/PostgresBench pgbench runs on Aurora (calibration.md §6.4; 16 vCPU/128 GB: 11,338 TPS, 4 vCPU/32 GB: 2,249 TPS): CPU per transaction vCPUs/TPS minus self-managed PostgreSQL's on the same sizes (24,974 and 5,952 TPS) = 0.771 and 1.107 ms, split over the model's 0.10 and 1.31 storage reads per transaction; held out, the Neon runs are then predicted within −19 % to +24 % (docs/published.md). Uncertain: the 4 vCPU run is on db.r5 (Intel), the 16 vCPU on db.r6g (Graviton2); with r6g 20 % faster per vCPU the same fit gives 32 µs (docs/published.md, 'What the fit confounds'). Mechanism: the storage client runs in the compute (AWS RDS docs, IO:XactSync wait event; Neon's own comparison, neondatabase/neon issue #553: 8k against 25k TPS on one node)"},
	{"cold_start_sec", 2, "P: Neon docs 'Compute lifecycle': activation 'anywhere from 500 ms to a few seconds' (calibration.md §4.3)"},
	{"aurora_replica_apply_us", 1120, auroraReplicaSource},
	{"aurora_replica_apply_us_per_write_per_sec", 0.443, auroraReplicaSource},
	{"storage_failover_sec", 30, auroraFailoverSource},
	{"storage_recreate_sec", 600, storageRecreateSource},
	{"storage_restart_sec", 120, neonRestartSource},
	{"neon_history_window_sec", 86400, "P: Neon keeps a history window of 1 day by default on its paid plans (Launch up to 7 days, Scale up to 30): the WAL of that span, billed as instant-restore storage (Neon docs, 'Restore window', 2025-12-15)"},
	{"storage_capacity_gb", 140737.488, "P: an Aurora PostgreSQL cluster volume grows in 10 GiB segments up to 128 TiB = 140,737.488 GB (AWS Aurora User Guide, 'Managing Aurora PostgreSQL Limitless Database': 'the maximum capacity for an Aurora PostgreSQL DB cluster'; calibration.md §4.2); Neon's storage is unlimited on paid plans (Neon docs, 'Neon plans', 2026-11-12; the version of 2026-03-20 gave 16 TB per branch, raised on request), so the engine applies this to variant aurora only"},
	{"storage_node_usd_per_hour", 1.04, "D/U: Aurora PostgreSQL db.r6g.2xlarge ≈ 4 × db.r6g.large $0.26/h (calibration.md §8.2); Neon's compute is priced per CU (neon_cu_usd_per_hour)"},
	{"storage_usd_per_gb_month", 0.10, "P/S: Aurora Standard storage $0.10 per GB-month (calibration.md §8.3)"},
	{"io_requests_usd_per_million", 0.20, "P/S: Aurora Standard I/O $0.20 per million requests (calibration.md §8.3); Neon bills no I/O (the engine charges none for it)"},
	{"io_optimized_storage_usd_per_gb_month", 0.225, "S: Aurora I/O-Optimized storage $0.225 per GB-month, no I/O charge (calibration.md §8.3: several consistent secondary summaries)"},
	{"io_optimized_compute_uplift_fraction", 0.30, "S: Aurora I/O-Optimized instances ≈ +30 %: db.r6g.large $0.26 → $0.338 per hour (calibration.md §8.2, a pricing catalogue's changelog; §8.3)"},
	{"neon_cu_usd_per_hour", 0.222, "P: Neon Scale plan, the one with an uptime SLA, $0.222 per CU-hour; Launch $0.106 (Neon docs, 'Neon plans', 2026-11-12)"},
	{"neon_storage_usd_per_gb_month", 0.35, "P: Neon Launch and Scale plans $0.35 per GB-month of data (Neon docs, 'Neon plans', 2026-11-12)"},
	{"neon_history_usd_per_gb_month", 0.20, "P: Neon instant restore $0.20 per GB-month of change history on Launch and Scale (Neon docs, 'Neon plans', 2026-11-12)"},
	{"neon_transfer_usd_per_gb", 0.10, "P: Neon Launch and Scale plans: public network transfer $0.10/GB beyond the allowance (Neon docs, 'Neon plans', 2026-03-20); private networking on Scale $0.01/GB"},
	{"neon_transfer_included_gb", 100, "P: Neon Launch and Scale plans include 100 GB of public network transfer a month (Neon docs, 'Neon plans', 2026-03-20)"},
}

// DBMS-optimised storage on Azure: no Aurora; Neon runs on Azure too. The
// AWS figures are taken over and marked U.
var azureStorage = []entry{
	{"storage_read_latency_us", 300, "U: taken over from the AWS profiles (Neon's GetPage@LSN; no Azure figure in calibration.md)"},
	{"storage_persist_latency_us", 50, "U: taken over from the AWS profiles (safekeeper persist on local NVMe, calibration.md §1.2)"},
	{"storage_bandwidth_mb_per_sec", 1250, "U: 10 Gbps assumed, as on AWS"},
	{"local_cache_fraction", 0.75, "P: Neon docs 'The neon extension' (2025-07-11): shared_buffers plus the local file cache in the compute's memory ≈ 75 % of its RAM; the same on Azure"},
	{"storage_client_commit_cpu_us", 743, "U: taken over from the AWS profiles (fitted to PostgresBench's Aurora runs, docs/published.md)"},
	{"storage_client_read_cpu_us", 278, "U: taken over from the AWS profiles (fitted to PostgresBench's Aurora runs, docs/published.md)"},
	{"cold_start_sec", 2, "P: Neon docs 'Compute lifecycle': 500 ms to a few seconds (calibration.md §4.3)"},
	{"aurora_replica_apply_us", 1120, "U: taken over from AWS (no Aurora on Azure): " + auroraReplicaSource},
	{"aurora_replica_apply_us_per_write_per_sec", 0.443, "U: taken over from AWS (no Aurora on Azure): " + auroraReplicaSource},
	{"storage_failover_sec", 30, "U: taken over from AWS: " + auroraFailoverSource},
	{"storage_recreate_sec", 600, "U: taken over from AWS: " + storageRecreateSource},
	{"storage_restart_sec", 120, "U: taken over from AWS: " + neonRestartSource},
	{"neon_history_window_sec", 86400, "P: Neon keeps a history window of 1 day by default on its paid plans (Launch up to 7 days, Scale up to 30): the WAL of that span, billed as instant-restore storage (Neon docs, 'Restore window', 2025-12-15)"},
	{"storage_capacity_gb", 0, "P: no limit: Neon's storage is unlimited on paid plans (Neon docs, 'Neon plans', 2026-11-12); no Aurora on Azure"},
	{"storage_node_usd_per_hour", 0, "P: no Aurora on Azure (Aurora is an AWS service): 0 marks the variant not offered, so variant aurora is refused on this profile and dbms-optimized-storage defaults to neon"},
	{"storage_usd_per_gb_month", 0.10, "U: the AWS Aurora figure taken over (calibration.md §8.3)"},
	{"io_requests_usd_per_million", 0, "U: Neon bills no I/O; no Aurora on Azure"},
	{"io_optimized_storage_usd_per_gb_month", 0.225, "U: the AWS Aurora I/O-Optimized figure taken over (calibration.md §8.3); no Aurora on Azure"},
	{"io_optimized_compute_uplift_fraction", 0.30, "U: the AWS Aurora I/O-Optimized figure taken over (calibration.md §8.2); no Aurora on Azure"},
	{"neon_cu_usd_per_hour", 0.222, "P: Neon Scale plan $0.222 per CU-hour (Neon docs, 'Neon plans', 2026-11-12: one price list for every cloud)"},
	{"neon_storage_usd_per_gb_month", 0.35, "P: Neon $0.35 per GB-month (Neon docs, 'Neon plans', 2026-11-12)"},
	{"neon_history_usd_per_gb_month", 0.20, "P: Neon instant restore $0.20 per GB-month (Neon docs, 'Neon plans', 2026-11-12)"},
	{"neon_transfer_usd_per_gb", 0.10, "P: Neon public network transfer $0.10/GB beyond the allowance (Neon docs, 'Neon plans', 2026-03-20)"},
	{"neon_transfer_included_gb", 100, "P: Neon includes 100 GB of public network transfer a month (Neon docs, 'Neon plans', 2026-03-20)"},
}

// Distributed SQL figures (the same on every cloud).
var distributedSQL = []entry{
	{"kv_cpu_us", 270, "S/D: CPU per key-value operation above PostgreSQL's (request evaluation, MVCC, Raft proposal and apply). Cockroach Labs' 'Performance' page (docs v19.2, cockroachdb/docs#5595): 3 × c5d.9xlarge (108 vCPUs) ran sysbench oltp_point_select at 336,000 reads/s and oltp_insert at 118,000 inserts/s; taken as CPU-bound at their peaks, a point read costs 108/336,000 = 321 µs, less the workload's 50 µs of SQL (cpu_ms_per_read) = 271 µs, and an insert 915 µs, its statement's 100 µs plus three replicas' 272 µs each: one figure fits both. kv95 on one 32-vCPU node (cockroachdb/cockroach#62998, 2021) ran 68,000 ops/s, 470 µs an operation, on other hardware and a later version (review of 2026-11-28: 50 µs, unmeasured, was 5–8 times low)"},
	{"truetime_epsilon_ms", 4, "P: Spanner, OSDI 2012 §3: ε 'typically a sawtooth … from about 1 to 7 ms … ε̄ is therefore 4 ms most of the time' (calibration.md §5.1)"},
	{"max_clock_offset_ms", 500, "P: CockroachDB default --max-offset 500 ms (docs 'Global tables'; calibration.md §5.2)"},
	{"clock_skew_ms", 1, "S: EC2 with the Amazon Time Sync Service's NTP keeps a clock within ±0.5–2 ms of true time, ±40 µs with its PTP hardware clock (the clockbound Python library's README, citing AWS's ClockBound); 1 ms between two nodes taken"},
	{"follower_read_staleness_sec", 4.8, "P: CockroachDB follower reads, minimum staleness 4.8 s (docs v20.1+; calibration.md §5.2); YugabyteDB's default is 30 s"},
	{"lease_interval_sec", 10, "P: Spanner leader lease 10 s, recovery after a zone kill ≈ 10 s (OSDI 2012 §5.2; calibration.md §5.1, §6.6); CockroachDB/YugabyteDB similar (U)"},
}

// specs are the built-in profiles.
var specs = []spec{
	{
		name: "lecture",
		description: "The lecture's figures: local disk 10 µs and 1,000,000 IOPS versus network-attached 1000 µs and 10,000 IOPS, " +
			"one latency per device for read, write and fsync; an 8 vCPU / 64 GiB node (r6i.2xlarge class), neighbouring-region RTTs " +
			"and PostgreSQL defaults from calibration.md. Prices are dated estimates (AWS us-east-1 list prices, 2025; gp3 volume).",
		pricesDate: awsPricesDate, dateNote: awsDateNote,
		groups: [][]entry{r6iNode, nodeCommon, lectureLocal, lectureNetwork, awsRTT, postgresDefaults, patroniAWS,
			{{"node_usd_per_hour", 0.504, "S: EC2 r6i.2xlarge $0.504/h on-demand, us-east-1 (public pricing tables agree, calibration.md §8.2)"},
				{"local_node_usd_per_hour", 0.6048, "U: EC2 r6id.2xlarge (r6i.2xlarge with 474 GB NVMe) $0.6048/h on-demand, us-east-1; one table gives $0.5832 (calibration.md §8.2)"},
				{"local_capacity_gb", 474, "S: EC2 r6id.2xlarge, the node priced for local storage: 1 × 474 GB NVMe (calibration.md §8.2)"}},
			gp3Prices, awsTransfer, awsStorage, distributedSQL},
	},
	{
		name: "local-nvme",
		description: "Enterprise NVMe with power-loss protection on an AWS i4i.2xlarge (8 vCPU / 64 GiB, 1.875 TB): reads 75 µs, " +
			"writes and fsync 30 µs, 142,000 IOPS; the network volume is a gp3 at its baseline. Prices are dated estimates " +
			"(AWS us-east-1 list prices, 2025; the i4i price is uncertain).",
		pricesDate: awsPricesDate, dateNote: awsDateNote,
		groups: [][]entry{i4iNode, nodeCommon, nvmeLocal, gp3Network, awsRTT, postgresDefaults, patroniAWS,
			{{"node_usd_per_hour", 0.504, "S: EC2 r6i.2xlarge $0.504/h on-demand, us-east-1 (public pricing tables agree, calibration.md §8.2), for a node on the gp3 volume"},
				{"local_node_usd_per_hour", 0.69, "U: EC2 i4i.2xlarge ≈ $0.69/h on-demand, us-east-1 (secondary tables disagree: $0.62–$0.77; calibration.md §8.2)"},
				{"local_capacity_gb", 1875, "P: EC2 i4i.2xlarge 1 × 1,875 GB NVMe (EC2 'Storage optimized instances', calibration.md §1.1)"}},
			gp3Prices, awsTransfer, awsStorage, distributedSQL},
	},
	{
		name: "aws-gp3",
		description: "EBS gp3 at its free baseline (read 250 µs, write and fsync 1 ms, 3,000 IOPS, 125 MiB/s) on an r6i.2xlarge " +
			"(8 vCPU / 64 GiB); the local device is the r6id.2xlarge's 474 GB NVMe (latencies as local-nvme's, 89,400 IOPS). Prices are dated estimates (AWS us-east-1 list prices, 2025).",
		pricesDate: awsPricesDate, dateNote: awsDateNote,
		groups: [][]entry{r6iNode, nodeCommon, r6idLocal, gp3Network, awsRTT, postgresDefaults, patroniAWS,
			{{"node_usd_per_hour", 0.504, "S: EC2 r6i.2xlarge $0.504/h on-demand, us-east-1 (public pricing tables agree, calibration.md §8.2); r6i has no local NVMe"},
				{"local_node_usd_per_hour", 0.6048, "U: EC2 r6id.2xlarge (r6i.2xlarge with 474 GB NVMe) $0.6048/h on-demand, us-east-1; one table gives $0.5832 (calibration.md §8.2)"},
				{"local_capacity_gb", 474, "S: EC2 r6id.2xlarge, the node priced for local storage: 1 × 474 GB NVMe (calibration.md §8.2)"}},
			gp3Prices, awsTransfer, awsStorage, distributedSQL},
	},
	{
		name: "aws-io2",
		description: "EBS io2 Block Express (read 250 µs, write and fsync 0.4 ms, 12,000 provisioned IOPS, 312.5 MB/s: the sustained EBS " +
			"limits of the r6i.2xlarge it is attached to); the local device is the r6id.2xlarge's 474 GB NVMe (latencies as local-nvme's, 89,400 IOPS). " +
			"Prices are dated estimates (AWS us-east-1 list prices, 2025).",
		pricesDate: awsPricesDate, dateNote: awsDateNote,
		groups: [][]entry{r6iNode, nodeCommon, r6idLocal, io2Network, awsRTT, postgresDefaults, patroniAWS,
			{{"node_usd_per_hour", 0.504, "S: EC2 r6i.2xlarge $0.504/h on-demand, us-east-1 (public pricing tables agree, calibration.md §8.2); r6i has no local NVMe"},
				{"local_node_usd_per_hour", 0.6048, "U: EC2 r6id.2xlarge (r6i.2xlarge with 474 GB NVMe) $0.6048/h on-demand, us-east-1; one table gives $0.5832 (calibration.md §8.2)"},
				{"local_capacity_gb", 474, "S: EC2 r6id.2xlarge, the node priced for local storage: 1 × 474 GB NVMe (calibration.md §8.2)"}},
			io2Prices, awsTransfer, awsStorage, distributedSQL},
	},
	{
		name: "azure-premium-v2",
		description: "Azure Premium SSD v2 at its free baseline (documented < 1 ms: read 0.6 ms, write and fsync 0.8 ms assumed; " +
			"3,000 IOPS, 125 MB/s) on an E8s_v3 (8 vCPU / 64 GiB); the local device is Lsv3-class NVMe. " +
			"Prices are dated estimates, mostly uncertain (Azure East US, 2025).",
		pricesDate: "2025", dateNote: "U: Azure prices recalled or from undated secondary tables (calibration.md §8.2, §10: Azure prices not retrieved from primary docs); estimates",
		groups: [][]entry{e8sNode, nodeCommon, lsv3Local, premiumV2Network, azureRTT, postgresDefaults, patroniAzure, azurePrices, azureStorage, distributedSQL},
	},
}

// builtins holds the built-in profiles by name; never handed out, only
// copies (Lookup).
var builtins = buildAll(specs)

func buildAll(ss []spec) map[string]Profile {
	m := make(map[string]Profile, len(ss))
	for _, sp := range ss {
		if _, dup := m[sp.name]; dup {
			panic("calibration: profile defined twice: " + sp.name)
		}
		m[sp.name] = build(sp)
	}
	if _, ok := m[defaultName]; !ok {
		panic("calibration: no default profile " + defaultName)
	}
	return m
}

// build converts a spec into a Profile. A misspelt, repeated, missing or
// out-of-range field is a programming error in this file and panics.
func build(sp spec) Profile {
	p := Profile{Name: sp.name, Description: sp.description, Sources: make(map[string]string)}
	for _, g := range sp.groups {
		for _, e := range g {
			f, ok := byName[e.field]
			if !ok {
				panic("calibration: " + sp.name + ": unknown field " + e.field)
			}
			if _, dup := p.Sources[e.field]; dup {
				panic("calibration: " + sp.name + ": field given twice: " + e.field)
			}
			if err := f.check(e.value); err != nil {
				panic("calibration: " + sp.name + ": " + err.Error())
			}
			if e.source == "" {
				panic("calibration: " + sp.name + ": no source for " + e.field)
			}
			f.set(&p.Values, e.value)
			p.Sources[e.field] = e.source
		}
	}
	for i := range table {
		if _, ok := p.Sources[table[i].Name]; !ok {
			panic("calibration: " + sp.name + ": no value for " + table[i].Name)
		}
	}
	p.Values.Prices.Date = sp.pricesDate
	p.Sources[pricesDateField] = sp.dateNote
	p.Values.Regions = regionRTTs()
	if err := p.Validate(); err != nil {
		panic("calibration: " + sp.name + ": " + err.Error())
	}
	return p
}
