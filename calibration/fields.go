package calibration

import (
	"fmt"
	"math"
	"strconv"

	"github.com/pgarch/pgarch/model"
)

// Field describes one numeric parameter of a profile in its public form: the
// name used in JSON, query parameters and CSV headers, and the unit that name
// ends in.
type Field struct {
	// Name is the public snake_case name with its unit as suffix.
	Name string
	// Unit is the unit of the public value, e.g. "µs" or "USD/GB-month";
	// "1" for dimensionless numbers.
	Unit string
	// Description says what the parameter means and, where it is not a plain
	// sanity bound, where its range comes from.
	Description string
	// Min and Max are the values Validate accepts, inclusive, in Unit.
	Min, Max float64
	// Default is the value in the lecture profile, in Unit.
	Default float64
	// Integer marks a count, which takes whole numbers only.
	Integer bool
}

// param is one row of the field table: the public description plus how to
// reach and convert the typed model field.
type param struct {
	Field
	// scale converts the public unit to the model's SI unit:
	// model value = public value × scale.
	scale float64
	// Exactly one accessor is set: num for float64-based unit types, count
	// for integers (which must receive integral values).
	num   func(*model.Profile) *float64
	count func(*model.Profile) *int
}

// Scales from public units to the model's SI units (model value = public
// value × scale).
var (
	inMicroseconds = float64(model.Microsecond)
	inMilliseconds = float64(model.Millisecond)
	inSeconds      = float64(model.Second)
	inGB           = float64(model.GB)
	inMB           = float64(model.MB)
	inMBPerSecond  = float64(model.MBPerSecond)
	inGbps         = float64(model.Gbps)
	inPerSecond    = float64(model.PerSecond)
)

// unscaled is the scale of fields whose public unit is the model's unit:
// fractions, dimensionless coefficients and US dollars.
const unscaled = 1.0

func number(name, unit string, scale, lo, hi float64, desc string, ptr func(*model.Profile) *float64) param {
	return param{Field: Field{Name: name, Unit: unit, Description: desc, Min: lo, Max: hi}, scale: scale, num: ptr}
}

func integer(name, unit string, lo, hi float64, desc string, ptr func(*model.Profile) *int) param {
	return param{Field: Field{Name: name, Unit: unit, Description: desc, Min: lo, Max: hi}, scale: 1, count: ptr}
}

// pricesDateField is the one string field; it is not in the table, and
// Validate accepts "YYYY" or "YYYY-MM".
const pricesDateField = "prices_date"

// maxVCPUs is the field a custom profile may leave out (its node's own size).
const minVCPUs, maxVCPUs = "min_vcpus", "max_vcpus"

// table is the field catalogue: every numeric field of model.Profile once, in
// the documented order (node, local device, network device, round trips,
// PostgreSQL settings, recovery, prices). Marshal, Unmarshal, Set, Validate
// and Fields all walk it.
//
// Ranges are the sanity ranges of calibration.md §0 where it gives one,
// widened only to admit a device class or measurement listed elsewhere in
// calibration.md (the description says so); otherwise they are generous
// bounds that reject only nonsense.
var table = []param{
	// Node.
	integer("vcpus", "vCPU", 1, 1024,
		"cores of one database node (the CPU station's servers); on a built-in profile memory_gb (or vcpus), the node prices, network_gbps and the local NVMe's size, IOPS and bandwidth not given follow the node's size in its instance family",
		func(p *model.Profile) *int { return &p.Node.VCPUs }),
	number("memory_gb", "GB", inGB, 0.5, 40000,
		"RAM of one node; the caches get what sessions and the OS reserve leave; on a built-in profile memory_gb (or vcpus), the node prices, network_gbps and the local NVMe's size, IOPS and bandwidth not given follow the node's size in its instance family",
		func(p *model.Profile) *float64 { return (*float64)(&p.Node.Memory) }),
	integer("min_vcpus", "vCPU", 1, 1024,
		"the smallest size of the node's instance family: no node, the profile's (vcpus) or an architecture's own (its vcpus), may have fewer",
		func(p *model.Profile) *int { return &p.Node.MinVCPUs }),
	integer("local_min_vcpus", "vCPU", 0, 1024,
		"the smallest size of the family with local NVMe: an architecture on local disks runs on no node with fewer (0 = min_vcpus)",
		func(p *model.Profile) *int { return &p.Node.LocalMinVCPUs }),
	integer("max_vcpus", "vCPU", 1, 1024,
		"the largest size of the node's instance family: no node, the profile's (vcpus) or an architecture's own (its vcpus), may have more",
		func(p *model.Profile) *int { return &p.Node.MaxVCPUs }),
	number("os_reserve_gb", "GB", inGB, 0, 1000,
		"memory neither cache may use (kernel, agents, page tables); must be below memory_gb",
		func(p *model.Profile) *float64 { return (*float64)(&p.Node.OSReserve) }),
	number("shared_buffers_fraction", "fraction", unscaled, 0.0001, 0.95,
		"shared_buffers as a fraction of memory_gb",
		func(p *model.Profile) *float64 { return (*float64)(&p.Node.SharedBuffers) }),
	number("session_memory_mb", "MB", inMB, 0.5, 16384,
		"memory one PostgreSQL backend holds: private memory plus its typical work_mem use (a distributed SQL connection holds 25 kB, Cockroach Labs' estimate)",
		func(p *model.Profile) *float64 { return (*float64)(&p.Node.SessionMemory) }),
	number("page_copy_cpu_us", "µs", inMicroseconds, 0.1, 100,
		"CPU time to copy one 8 kB page from the OS page cache into shared_buffers",
		func(p *model.Profile) *float64 { return (*float64)(&p.Node.PageCopyCPU) }),
	number("usl_sigma", "1", unscaled, 0, 1,
		"Universal Scalability Law contention coefficient σ per busy backend; 0 unless fitted",
		func(p *model.Profile) *float64 { return &p.Node.USLSigma }),
	number("usl_kappa", "1", unscaled, 0, 1,
		"Universal Scalability Law coherency coefficient κ per busy backend; 0 unless fitted",
		func(p *model.Profile) *float64 { return &p.Node.USLKappa }),
	number("replay_mb_per_sec", "MB/s", inMBPerSecond, 5, 2000,
		"WAL record bytes (full-page images apart) the single startup process replays per second when CPU-bound (calibration.md §0.3 gives 15–500, the upper end unsourced; widened)",
		func(p *model.Profile) *float64 { return (*float64)(&p.Node.ReplayRate) }),
	number("replay_cpu_per_flush_us", "µs", inMicroseconds, 0, 10000,
		"CPU a standby's startup process spends each time WAL arrives (about once per primary flush), beyond its records and images",
		func(p *model.Profile) *float64 { return (*float64)(&p.Node.ReplayCPUPerFlush) }),
	number("pooler_round_trip_cpu_us", "µs", inMicroseconds, 1, 1000,
		"CPU one single-threaded PgBouncer process spends relaying one client round trip",
		func(p *model.Profile) *float64 { return (*float64)(&p.Node.PoolerCPUPerRoundTrip) }),
	number("walsender_cpu_per_flush_us", "µs", inMicroseconds, 0, 10000,
		"CPU one walsender spends on the primary per WAL flush (wake, read, send, replies): one per standby, read replica and other active-active node",
		func(p *model.Profile) *float64 { return (*float64)(&p.Node.WalsenderCPUPerFlush) }),
	number("walsender_cpu_per_kb_us", "µs", inMicroseconds, 0, 1000,
		"CPU one walsender spends on the primary per kilobyte of WAL a flush made durable, beyond its per-flush CPU",
		func(p *model.Profile) *float64 { return (*float64)(&p.Node.WalsenderCPUPerKB) }),
	number("logical_change_cpu_us", "µs", inMicroseconds, 0, 1000,
		"CPU one logical walsender (active-active) spends per row change it decodes and sends (reorder buffer, pgoutput, its message), beyond reading the records",
		func(p *model.Profile) *float64 { return (*float64)(&p.Node.LogicalChangeCPU) }),
	number("network_gbps", "Gbps", inGbps, 0.1, 400,
		"network bandwidth one node sustains each way (a cloud instance's baseline, not its burst): WAL to standbys, replicas and log stores",
		func(p *model.Profile) *float64 { return (*float64)(&p.Node.NetworkBandwidth) }),
	number("network_burst_gbps", "Gbps", inGbps, 0, 400,
		"network bandwidth one node sustains each way for a few minutes on network I/O credits (AWS: sizes of 16 vCPUs or fewer, 5 to 60 minutes), which carries a checkpoint's surge of WAL to its copies; 0, or at most network_gbps: a flat link",
		func(p *model.Profile) *float64 { return (*float64)(&p.Node.NetworkBurst) }),

	// Local NVMe (instance store).
	number("local_read_latency_us", "µs", inMicroseconds, 5, 5000,
		"local disk: mean latency of one 8 kB random read at queue depth 1",
		func(p *model.Profile) *float64 { return (*float64)(&p.Local.ReadLatency) }),
	number("local_write_latency_us", "µs", inMicroseconds, 10, 5000,
		"local disk: mean latency of one 8 kB data-file write (calibration.md §0.1: 10 µs enterprise floor to 5 ms consumer no-PLP ceiling)",
		func(p *model.Profile) *float64 { return (*float64)(&p.Local.WriteLatency) }),
	number("local_fsync_latency_us", "µs", inMicroseconds, 10, 5000,
		"local disk: mean time of one WAL flush, an 8 kB write plus fdatasync (calibration.md §0.1: 10 µs to 5 ms)",
		func(p *model.Profile) *float64 { return (*float64)(&p.Local.FsyncLatency) }),
	number("local_read_latency_p99_us", "µs", inMicroseconds, 0, 100000,
		"local disk: 99th percentile read latency when measured; 0 means exponential service with the mean",
		func(p *model.Profile) *float64 { return (*float64)(&p.Local.ReadLatencyP99) }),
	number("local_iops", "IOPS", inPerSecond, 25000, 8000000,
		"local disk: ceiling on reads plus writes per second (calibration.md §0.1: 25k–3.3M; widened to i7i.48xlarge's 7.2M)",
		func(p *model.Profile) *float64 { return (*float64)(&p.Local.IOPS) }),
	number("local_bandwidth_mb_per_sec", "MB/s", inMBPerSecond, 100, 100000,
		"local disk: ceiling on bytes read plus written per second",
		func(p *model.Profile) *float64 { return (*float64)(&p.Local.Bandwidth) }),
	number("local_capacity_gb", "GB", inGB, 0, 1000000,
		"local disk: the data it holds, the instance's NVMe; a node whose data_size_gb share does not fit is ruled out (0 = no limit)",
		func(p *model.Profile) *float64 { return (*float64)(&p.Local.Capacity) }),

	// Network-attached block volume.
	number("network_read_latency_us", "µs", inMicroseconds, 100, 20000,
		"network volume: mean latency of one 8 kB random read at queue depth 1",
		func(p *model.Profile) *float64 { return (*float64)(&p.Network.ReadLatency) }),
	number("network_write_latency_us", "µs", inMicroseconds, 200, 10000,
		"network volume: mean latency of one 8 kB data-file write (calibration.md §0.1: io2 0.2 ms to pd-ssd 10 ms)",
		func(p *model.Profile) *float64 { return (*float64)(&p.Network.WriteLatency) }),
	number("network_fsync_latency_us", "µs", inMicroseconds, 200, 10000,
		"network volume: mean time of one WAL flush, an 8 kB write plus fdatasync (calibration.md §0.1: 0.2–10 ms)",
		func(p *model.Profile) *float64 { return (*float64)(&p.Network.FsyncLatency) }),
	number("network_read_latency_p99_us", "µs", inMicroseconds, 0, 1000000,
		"network volume: 99th percentile read latency when measured; 0 means exponential service with the mean",
		func(p *model.Profile) *float64 { return (*float64)(&p.Network.ReadLatencyP99) }),
	number("instance_volume_iops", "IOPS", inPerSecond, 0, 10000000,
		"the most I/Os per second the instance sustains towards its network volumes, whatever they provision (AWS's EBS-optimized baseline, Azure's uncached disk limit); a network volume runs at the smaller and is priced as provisioned (0 = no limit)",
		func(p *model.Profile) *float64 { return (*float64)(&p.Node.VolumeIOPS) }),
	number("instance_volume_mb_per_sec", "MB/s", inMBPerSecond, 0, 100000,
		"the most bytes per second the instance sustains towards its network volumes, whatever they provision; a network volume runs at the smaller and is priced as provisioned (0 = no limit)",
		func(p *model.Profile) *float64 { return (*float64)(&p.Node.VolumeBandwidth) }),
	number("network_iops", "IOPS", inPerSecond, 100, 400000,
		"network volume: ceiling on reads plus writes per second (io2's 100 minimum to Azure Ultra Disk's 400,000)",
		func(p *model.Profile) *float64 { return (*float64)(&p.Network.IOPS) }),
	number("network_bandwidth_mb_per_sec", "MB/s", inMBPerSecond, 10, 10000,
		"network volume: ceiling on bytes read plus written per second (up to Azure Ultra Disk's 10,000 MB/s)",
		func(p *model.Profile) *float64 { return (*float64)(&p.Network.Bandwidth) }),
	number("network_capacity_gb", "GB", inGB, 0, 10000000,
		"network volume: the data one volume holds (its largest size); a node whose data_size_gb share does not fit is ruled out (0 = no limit)",
		func(p *model.Profile) *float64 { return (*float64)(&p.Network.Capacity) }),
	number("network_throttle_window_ms", "ms", inMilliseconds, 0, 1000,
		"network volume: its IOPS limit is a token bucket holding this long's IOPS (at least one I/O: the most a bucket queues, M/D/1), and I/Os wait only for its tokens; 0 = not a throttle but IOPS·latency servers (M/M/k)",
		func(p *model.Profile) *float64 { return (*float64)(&p.Network.ThrottleWindow) }),

	// Round trips.
	// DBMS-optimised storage (Aurora, Neon).
	number("storage_read_latency_us", "µs", inMicroseconds, 10, 100000,
		"a storage node's (Aurora) or the pageserver's (Neon GetPage@LSN) time to serve a page, beyond the same-zone round trip",
		func(p *model.Profile) *float64 { return (*float64)(&p.Disaggregated.ReadLatency) }),
	number("storage_persist_latency_us", "µs", inMicroseconds, 5, 100000,
		"a storage node's or safekeeper's time to persist a batch of WAL records before acknowledging",
		func(p *model.Profile) *float64 { return (*float64)(&p.Disaggregated.PersistLatency) }),
	number("storage_bandwidth_mb_per_sec", "MB/s", inMBPerSecond, 10, 100000,
		"the compute node's network bandwidth towards DBMS-optimised storage",
		func(p *model.Profile) *float64 { return (*float64)(&p.Disaggregated.Bandwidth) }),
	number("local_cache_fraction", "fraction", unscaled, 0, 0.95,
		"the share of a Neon compute's memory that shared_buffers and the local file cache (the second cache level) hold together",
		func(p *model.Profile) *float64 { return (*float64)(&p.Disaggregated.LocalCache) }),
	number("storage_client_commit_cpu_us", "µs", inMicroseconds, 0, 100000,
		"the compute's CPU per commit spent by the storage client (log records to every log store, acknowledgements), beyond local storage's",
		func(p *model.Profile) *float64 { return (*float64)(&p.Disaggregated.ClientCommitCPU) }),
	number("storage_client_read_cpu_us", "µs", inMicroseconds, 0, 100000,
		"the compute's CPU per page read from storage (request, network I/O, reply), beyond a local read's",
		func(p *model.Profile) *float64 { return (*float64)(&p.Disaggregated.ClientReadCPU) }),
	number("cold_start_sec", "s", inSeconds, 0, 600,
		"Neon compute activation after suspend",
		func(p *model.Profile) *float64 { return (*float64)(&p.Disaggregated.ColdStart) }),
	number("aurora_replica_apply_us", "µs", inMicroseconds, 0, 1e6,
		"an Aurora replica's mean time to apply a durable record it received and make it visible, at no load",
		func(p *model.Profile) *float64 { return (*float64)(&p.Disaggregated.ReplicaApply) }),
	number("aurora_replica_apply_us_per_write_per_sec", "µs per write/s", inMicroseconds, 0, 1000,
		"how much an Aurora replica's mean apply time grows per write transaction per second on the writer",
		func(p *model.Profile) *float64 { return (*float64)(&p.Disaggregated.ReplicaApplyPerWrite) }),
	number("storage_failover_sec", "s", inSeconds, 1, 3600,
		"failover to a replica sharing DBMS-optimised storage",
		func(p *model.Profile) *float64 { return (*float64)(&p.Disaggregated.Failover) }),
	number("storage_recreate_sec", "s", inSeconds, 1, 86400,
		"a new compute instance on DBMS-optimised storage where no replica takes over (Aurora recreating its writer; Neon after a zone failure)",
		func(p *model.Profile) *float64 { return (*float64)(&p.Disaggregated.Recreate) }),
	number("storage_restart_sec", "s", inSeconds, 1, 86400,
		"Neon restarting its compute on another node after a node failure",
		func(p *model.Profile) *float64 { return (*float64)(&p.Disaggregated.Restart) }),
	number("neon_history_window_sec", "s", inSeconds, 0, 2592000,
		"how long Neon keeps the WAL for instant restore (its history window), billed as storage",
		func(p *model.Profile) *float64 { return (*float64)(&p.Disaggregated.HistoryWindow) }),
	number("storage_capacity_gb", "GB", inGB, 0, 10000000,
		"the data an Aurora cluster volume holds (its largest size); more is ruled out (0 = no limit; Neon has none)",
		func(p *model.Profile) *float64 { return (*float64)(&p.Disaggregated.Capacity) }),

	// Distributed SQL.
	number("kv_cpu_us", "µs", inMicroseconds, 1, 100000,
		"CPU of one key-value operation on a leaseholder or follower, beyond PostgreSQL's per-statement CPU",
		func(p *model.Profile) *float64 { return (*float64)(&p.KV.OperationCPU) }),
	number("truetime_epsilon_ms", "ms", inMilliseconds, 0.01, 100,
		"TrueTime's mean uncertainty ε̄: a commit waits out 2ε̄ (Spanner)",
		func(p *model.Profile) *float64 { return (*float64)(&p.KV.TrueTimeEpsilon) }),
	number("max_clock_offset_ms", "ms", inMilliseconds, 1, 10000,
		"bound on clock skew under hybrid logical clocks (--max-offset); a read's uncertainty window never exceeds it",
		func(p *model.Profile) *float64 { return (*float64)(&p.KV.MaxClockOffset) }),
	number("clock_skew_ms", "ms", inMilliseconds, 0, 10000,
		"offset actually kept between two nodes' clocks (NTP, PTP): values written this long before a read's timestamp reached its leaseholder restart it",
		func(p *model.Profile) *float64 { return (*float64)(&p.KV.ClockSkew) }),
	number("follower_read_staleness_sec", "s", inSeconds, 0.1, 600,
		"how old a follower read may be",
		func(p *model.Profile) *float64 { return (*float64)(&p.KV.FollowerReadStaleness) }),
	number("lease_interval_sec", "s", inSeconds, 0.5, 600,
		"how long a failed leaseholder's ranges stay unavailable",
		func(p *model.Profile) *float64 { return (*float64)(&p.KV.LeaseInterval) }),

	number("rtt_same_host_ms", "ms", inMilliseconds, 0.005, 0.1,
		"round trip over loopback or a unix socket (calibration.md §0.2)",
		func(p *model.Profile) *float64 { return (*float64)(&p.RTT.SameHost) }),
	number("rtt_same_zone_ms", "ms", inMilliseconds, 0.05, 0.5,
		"round trip between two hosts of one availability zone (calibration.md §0.2)",
		func(p *model.Profile) *float64 { return (*float64)(&p.RTT.SameZone) }),
	number("rtt_cross_zone_ms", "ms", inMilliseconds, 0.25, 3.5,
		"round trip between two zones of one region (calibration.md §0.2, §3.2)",
		func(p *model.Profile) *float64 { return (*float64)(&p.RTT.CrossZone) }),
	number("rtt_cross_region_ms", "ms", inMilliseconds, 5, 400,
		"round trip between two regions (calibration.md §0.2 rows span 10–250 ms; widened to every cloudping pair of §3.3 and Tokyo↔Osaka)",
		func(p *model.Profile) *float64 { return (*float64)(&p.RTT.CrossRegion) }),
	number("rtt_jitter_ms", "ms", inMilliseconds, 0, 2,
		"mean of a network round trip's random part (a client's, a synchronous standby's, a Citus coordinator's hop), an exponential inside its mean, at most half of it (calibration.md §3.2)",
		func(p *model.Profile) *float64 { return (*float64)(&p.RTT.Jitter) }),

	// PostgreSQL settings.
	number("checkpoint_timeout_sec", "s", inSeconds, 30, 86400,
		"checkpoint_timeout (PostgreSQL's allowed range)",
		func(p *model.Profile) *float64 { return (*float64)(&p.Postgres.CheckpointTimeout) }),
	number("max_wal_size_gb", "GB", inGB, 0.032, 100000,
		"max_wal_size: a checkpoint starts early after this much WAL (minimum two 16 MB segments)",
		func(p *model.Profile) *float64 { return (*float64)(&p.Postgres.MaxWALSize) }),
	number("wal_writer_delay_ms", "ms", inMilliseconds, 1, 10000,
		"wal_writer_delay; with synchronous_commit = off up to 3× this much of commits can be lost (PostgreSQL's allowed range)",
		func(p *model.Profile) *float64 { return (*float64)(&p.Postgres.WALWriterDelay) }),
	number("max_standby_streaming_delay_sec", "s", inSeconds, 0, 86400,
		"max_standby_streaming_delay: how long replay waits for conflicting standby queries (PostgreSQL's -1, wait forever, is not representable)",
		func(p *model.Profile) *float64 { return (*float64)(&p.Postgres.MaxStandbyStreamingDelay) }),
	integer("maintenance_io_concurrency", "1", 0, 1000,
		"maintenance_io_concurrency: reads recovery_prefetch keeps in flight during replay (PostgreSQL's allowed range)",
		func(p *model.Profile) *int { return &p.Postgres.MaintenanceIOConcurrency }),
	number("archive_timeout_sec", "s", inSeconds, 0, 86400,
		"archive_timeout: WAL a node loses with its local disk when the archive is the only copy is at most this old, "+
			"or a 16 MB segment's fill time if shorter; 0 = PostgreSQL's default, no forced switch (the fill time, hours at a low write rate); "+
			"streaming archiving (pg_receivewal) is not modelled: about 1 s approximates it",
		func(p *model.Profile) *float64 { return (*float64)(&p.Postgres.ArchiveTimeout) }),
	number("wal_compression_saving_fraction", "fraction", unscaled, 0, 0.95,
		"wal_compression: the fraction of a full-page image's bytes compression removes; 0 = off, PostgreSQL's default. "+
			"On an FPI-heavy workload lz4 wrote about 60 % as much WAL and zstd (level 1) half as much as lz4 "+
			"(J. Pryzby, pgsql-hackers 2022-02-22): whole-WAL savings of ≈ 0.4 and ≈ 0.7, so at least that per image; "+
			"compressible rows save more, random data less: pgbench's pages (blank-padded filler), measured here with PostgreSQL 15.18 "+
			"(pg_stat_wal.wal_fpi and pg_waldump --stats, 2026-11-26), took 7,946 B per image uncompressed, 960 with lz4 (0.88), "+
			"876 with pglz (0.89) and 540 with zstd (0.93)",
		func(p *model.Profile) *float64 { return (*float64)(&p.Postgres.WALCompression.Saving) }),
	number("wal_compress_cpu_us", "µs", inMicroseconds, 0, 1000,
		"CPU to compress one 8 kB full-page image, in the backend that logs it; 0 with wal_compression off. "+
			"lz4 ≈ 11 µs (lz4 1.9.2 at 737 MB/s: lzbench 1.8, one core of an i7-8700K, Silesia corpus); "+
			"zstd at PostgreSQL's level 3 (ZSTD_CLEVEL_DEFAULT) ≈ 30 µs, between lzbench 1.8's zstd 1.4.3 levels 2 (356 MB/s) and 5 (104 MB/s); "+
			"pglz several times slower than lz4",
		func(p *model.Profile) *float64 { return (*float64)(&p.Postgres.WALCompression.CompressCPU) }),
	number("wal_decompress_cpu_us", "µs", inMicroseconds, 0, 1000,
		"CPU to decompress one full-page image at replay (standbys, crash recovery, restore); 0 with wal_compression off. "+
			"lz4 ≈ 2 µs (4,448 MB/s), zstd level 3 ≈ 8 µs (levels 2 and 5 decompress at 1,067 and 932 MB/s) (lzbench 1.8, as above)",
		func(p *model.Profile) *float64 { return (*float64)(&p.Postgres.WALCompression.DecompressCPU) }),

	// Recovery.
	number("failure_detection_sec", "s", inSeconds, 1, 600,
		"time until the failover manager acts on a dead primary",
		func(p *model.Profile) *float64 { return (*float64)(&p.Recovery.FailureDetection) }),
	number("lone_node_detection_sec", "s", inSeconds, 1, 3600,
		"time until a node no failover manager watches (a lone primary, a Citus coordinator without a standby) is noticed dead and its replacement starts",
		func(p *model.Profile) *float64 { return (*float64)(&p.Recovery.LoneNodeDetection) }),
	number("promotion_sec", "s", inSeconds, 0, 600,
		"pg_promote plus reconnecting clients",
		func(p *model.Profile) *float64 { return (*float64)(&p.Recovery.Promotion) }),
	number("reattach_sec", "s", inSeconds, 1, 3600,
		"time to start a new VM and attach the network volume",
		func(p *model.Profile) *float64 { return (*float64)(&p.Recovery.Reattach) }),
	number("restore_mb_per_sec", "MB/s", inMBPerSecond, 1, 100000,
		"rate a base backup is restored at after local-disk loss",
		func(p *model.Profile) *float64 { return (*float64)(&p.Recovery.RestoreRate) }),
	number("manual_failover_sec", "s", inSeconds, 60, 86400,
		"time an operator takes to promote a copy the failover manager cannot (a region lost with the consensus store's majority)",
		func(p *model.Profile) *float64 { return (*float64)(&p.Recovery.ManualFailover) }),
	number("maximum_lag_on_failover_mb", "MB", inMB, 0, 1e6,
		"the most WAL a copy may trail by for the failover manager to promote it (Patroni's maximum_lag_on_failover)",
		func(p *model.Profile) *float64 { return (*float64)(&p.Recovery.MaxLagOnFailover) }),

	// Prices (dated estimates; prices_date is handled separately).
	number("storage_node_usd_per_hour", "USD/hour", unscaled, 0, 1000,
		"price of one Aurora instance (DBMS-optimised storage, Aurora Standard); 0 where Aurora is not offered, which refuses variant aurora",
		func(p *model.Profile) *float64 { return (*float64)(&p.Prices.DisaggregatedNodePerHour) }),
	number("storage_usd_per_gb_month", "USD/GB-month", unscaled, 0, 10,
		"Aurora Standard storage price per GB-month of data (one logical copy)",
		func(p *model.Profile) *float64 { return (*float64)(&p.Prices.DisaggregatedStoragePerGBMonth) }),
	number("io_requests_usd_per_million", "USD/million", unscaled, 0, 100,
		"price of one million storage I/O requests (Aurora Standard; 0 where not billed)",
		func(p *model.Profile) *float64 { return (*float64)(&p.Prices.IORequestsPerMillion) }),
	number("io_optimized_storage_usd_per_gb_month", "USD/GB-month", unscaled, 0, 10,
		"Aurora I/O-Optimized storage price per GB-month (no I/O billed); the cheaper of the two tiers is priced",
		func(p *model.Profile) *float64 { return (*float64)(&p.Prices.IOOptimizedStoragePerGBMonth) }),
	number("io_optimized_compute_uplift_fraction", "fraction", unscaled, 0, 10,
		"Aurora I/O-Optimized instances' price above Aurora Standard's, as a fraction",
		func(p *model.Profile) *float64 { return (*float64)(&p.Prices.IOOptimizedComputeUplift) }),
	number("neon_cu_usd_per_hour", "USD/hour", unscaled, 0, 100,
		"Neon's price per compute unit-hour (a CU is 1 vCPU and 4 GB of RAM; a node is billed as the CUs that hold its vcpus and memory_gb)",
		func(p *model.Profile) *float64 { return (*float64)(&p.Prices.NeonCUPerHour) }),
	number("neon_storage_usd_per_gb_month", "USD/GB-month", unscaled, 0, 10,
		"Neon's storage price per GB-month of data",
		func(p *model.Profile) *float64 { return (*float64)(&p.Prices.NeonStoragePerGBMonth) }),
	number("neon_history_usd_per_gb_month", "USD/GB-month", unscaled, 0, 10,
		"Neon's price per GB-month of WAL kept for instant restore",
		func(p *model.Profile) *float64 { return (*float64)(&p.Prices.NeonHistoryPerGBMonth) }),
	number("neon_transfer_usd_per_gb", "USD/GB", unscaled, 0, 10,
		"Neon's price per GB sent over the public internet (query results to the application) beyond neon_transfer_included_gb a month",
		func(p *model.Profile) *float64 { return (*float64)(&p.Prices.NeonTransferPerGB) }),
	number("neon_transfer_included_gb", "GB", inGB, 0, 1e6,
		"the GB a month Neon's plan includes of public network transfer",
		func(p *model.Profile) *float64 { return (*float64)(&p.Prices.NeonTransferIncluded) }),
	number("node_usd_per_hour", "USD/hour", unscaled, 0, 1000,
		"on-demand price of one database node without local NVMe (data on a network volume)",
		func(p *model.Profile) *float64 { return (*float64)(&p.Prices.NodePerHour) }),
	number("local_node_usd_per_hour", "USD/hour", unscaled, 0, 1000,
		"on-demand price of the same size of node with local NVMe (instance store)",
		func(p *model.Profile) *float64 { return (*float64)(&p.Prices.LocalNodePerHour) }),
	number("network_storage_usd_per_gb_month", "USD/GB-month", unscaled, 0, 1,
		"network volume price per GB-month",
		func(p *model.Profile) *float64 { return (*float64)(&p.Prices.NetworkStoragePerGBMonth) }),
	number("network_baseline_iops", "IOPS", inPerSecond, 0, 400000,
		"IOPS included in the network volume's price",
		func(p *model.Profile) *float64 { return (*float64)(&p.Prices.NetworkBaselineIOPS) }),
	number("network_max_iops", "IOPS", inPerSecond, 0, 400000,
		"the most IOPS one network volume may be provisioned with, from network_baseline_iops (at least 100) on; recommend provisions an option's volumes within it (0 = only network_iops)",
		func(p *model.Profile) *float64 { return (*float64)(&p.Prices.NetworkMaxIOPS) }),
	number("network_throughput_per_iops_mb_per_sec", "MB/s", inMBPerSecond, 0, 10,
		"the most throughput each provisioned IOPS allows a network volume: volumes provisioned with volume_iops get at most that many times it (0 = no such bound)",
		func(p *model.Profile) *float64 { return (*float64)(&p.Prices.NetworkBandwidthPerIOPS) }),
	number("network_max_bandwidth_mb_per_sec", "MB/s", inMBPerSecond, 0, 10000,
		"the most throughput one network volume may be provisioned with, from network_baseline_bandwidth_mb_per_sec on and at most network_throughput_per_iops_mb_per_sec times its IOPS; recommend provisions an option's volumes within it (0 = only network_bandwidth_mb_per_sec)",
		func(p *model.Profile) *float64 { return (*float64)(&p.Prices.NetworkMaxBandwidth) }),
	number("network_iops_usd_per_month", "USD/IOPS-month", unscaled, 0, 1,
		"price of one provisioned IOPS-month above the baseline",
		func(p *model.Profile) *float64 { return (*float64)(&p.Prices.NetworkIOPSPerMonth) }),
	number("network_iops_tier_iops", "IOPS", inPerSecond, 0, 400000,
		"provisioned IOPS above which network_iops_tier_usd_per_month applies instead (0: one price)",
		func(p *model.Profile) *float64 { return (*float64)(&p.Prices.NetworkIOPSTier) }),
	number("network_iops_tier_usd_per_month", "USD/IOPS-month", unscaled, 0, 1,
		"price of one provisioned IOPS-month above network_iops_tier_iops",
		func(p *model.Profile) *float64 { return (*float64)(&p.Prices.NetworkIOPSTierPerMonth) }),
	number("network_baseline_bandwidth_mb_per_sec", "MB/s", inMBPerSecond, 0, 10000,
		"bandwidth included in the network volume's price",
		func(p *model.Profile) *float64 { return (*float64)(&p.Prices.NetworkBaselineBandwidth) }),
	number("network_bandwidth_usd_per_mbs_month", "USD/(MB/s)-month", unscaled, 0, 10,
		"price of one MB/s-month of bandwidth above the baseline",
		func(p *model.Profile) *float64 { return (*float64)(&p.Prices.NetworkBandwidthPerMBsMonth) }),
	number("backup_usd_per_gb_month", "USD/GB-month", unscaled, 0, 1,
		"snapshot storage price per GB-month: a network volume's base backups (and a DBMS-optimised cluster volume's backups)",
		func(p *model.Profile) *float64 { return (*float64)(&p.Prices.BackupPerGBMonth) }),
	number("object_storage_usd_per_gb_month", "USD/GB-month", unscaled, 0, 1,
		"object storage price per GB-month: the WAL archive and a local disk's base backups",
		func(p *model.Profile) *float64 { return (*float64)(&p.Prices.ObjectStoragePerGBMonth) }),
	number("cross_zone_usd_per_gb", "USD/GB", unscaled, 0, 1,
		"transfer price per GB between zones, both sides together",
		func(p *model.Profile) *float64 { return (*float64)(&p.Prices.CrossZonePerGB) }),
	number("cross_region_usd_per_gb", "USD/GB", unscaled, 0, 1,
		"transfer price per GB between regions",
		func(p *model.Profile) *float64 { return (*float64)(&p.Prices.CrossRegionPerGB) }),
	number("failover_manager_usd_per_month", "USD/month", unscaled, 0, 100000,
		"monthly cost of the consensus store a failover manager needs (three small etcd nodes for Patroni)",
		func(p *model.Profile) *float64 { return (*float64)(&p.Prices.FailoverManagerPerMonth) }),
}

// byName indexes table by public name.
var byName = index(table)

func index(ps []param) map[string]*param {
	m := make(map[string]*param, len(ps))
	for i := range ps {
		p := &ps[i]
		if _, dup := m[p.Name]; dup || p.Name == pricesDateField {
			panic("calibration: field listed twice: " + p.Name)
		}
		if (p.num == nil) == (p.count == nil) {
			panic("calibration: field needs exactly one accessor: " + p.Name)
		}
		m[p.Name] = p
	}
	return m
}

// get returns the field's value in its public unit. Scaled values are rounded
// to 15 significant digits, so a value entered in public units (10 µs) reads
// back exactly as entered instead of as 9.999999999999999.
func (f *param) get(p *model.Profile) float64 {
	if f.count != nil {
		return float64(*f.count(p))
	}
	v := *f.num(p)
	if f.scale == 1 || math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(v/f.scale, 'g', 15, 64), 64)
	if err != nil {
		return v / f.scale
	}
	return r
}

// set stores v, given in the public unit, into the model field. The caller
// has checked v.
func (f *param) set(p *model.Profile, v float64) {
	if f.count != nil {
		*f.count(p) = int(v)
		return
	}
	*f.num(p) = v * f.scale
}

// check reports whether v, in the public unit, is a valid value of the field.
func (f *param) check(v float64) error {
	if !(v >= f.Min && v <= f.Max) {
		return &model.ParamError{Field: f.Name, Err: model.ErrOutOfRange,
			Detail: fmt.Sprintf("%g %s not in [%g, %g]", v, f.Unit, f.Min, f.Max)}
	}
	if f.count != nil && v != math.Trunc(v) {
		return &model.ParamError{Field: f.Name, Err: model.ErrOutOfRange,
			Detail: fmt.Sprintf("%g is not a whole number", v)}
	}
	return nil
}

// Fields returns the catalogue of numeric profile fields in their documented
// order: node, local device, network device, round trips, PostgreSQL
// settings, recovery, prices. Default is each field's value in the lecture
// profile. The string field prices_date is not in the catalogue.
func Fields() []Field {
	lecture := builtins[defaultName]
	fs := make([]Field, len(table))
	for i := range table {
		fs[i] = table[i].Field
		fs[i].Default = table[i].get(&lecture.Values)
		fs[i].Integer = table[i].count != nil
	}
	return fs
}
