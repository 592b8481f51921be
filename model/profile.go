package model

// Profile is the platform every architecture of one evaluation runs on: the
// size of a database node, its two kinds of storage, the network round trips
// by placement, the PostgreSQL settings that shape the write path, the
// recovery figures and dated prices. The named, sourced profiles live in
// package calibration; the model only reads the numbers.
type Profile struct {
	Node    Node
	Local   Device // local NVMe (instance store): the single node's disk
	Network Device // network-attached block volume (EBS, Azure managed disk)
	// Disaggregated is DBMS-optimised storage (Aurora, Neon): the log is the
	// database, pages are served by storage.
	Disaggregated Disaggregated
	// KV is the distributed key-value store under distributed SQL.
	KV  KVStore
	RTT RoundTrips
	// Regions are round trips between named regions, for clients and nodes
	// placed by region.
	Regions  RegionRTTs
	Postgres Settings
	Recovery Recovery
	Prices   Prices
}

// Node is one database server (primary, standby or replica; all equal).
type Node struct {
	// VCPUs is the number of cores the CPU station has (processor sharing).
	VCPUs int
	// MinVCPUs and MaxVCPUs are the smallest and largest sizes of the
	// node's instance family: no node, the profile's or an option's own
	// (Architecture.VCPUs), has fewer or more.
	MinVCPUs, MaxVCPUs int
	// LocalMinVCPUs is the smallest size of the family with local NVMe, on
	// which an architecture on local disks runs (0: MinVCPUs): Azure's
	// Lsv3 series starts at 8 vCPUs, its Esv3 series on volumes at 2.
	LocalMinVCPUs int
	// Memory is the node's RAM; the caches get what sessions and the OS leave.
	Memory Bytes
	// OSReserve is memory neither cache may use (kernel, agents, page tables).
	OSReserve Bytes
	// SharedBuffers is shared_buffers as a fraction of Memory (the usual 0.25).
	SharedBuffers Ratio
	// SessionMemory is the memory one backend holds (private memory plus its
	// typical work_mem use), taken from the OS page cache.
	SessionMemory Bytes
	// PageCopyCPU is the CPU time to copy one 8 kB page from the OS page cache
	// into shared_buffers (a pread that hits the page cache).
	PageCopyCPU Time
	// USLSigma and USLKappa are the Universal Scalability Law contention and
	// coherency coefficients per busy backend (Gunther); 0 unless calibrated.
	USLSigma, USLKappa float64
	// ReplayRate is the rate at which PostgreSQL's single startup process
	// replays WAL records (their bytes, full-page images apart) when replay
	// is CPU-bound (crash recovery and physical standbys).
	ReplayRate ByteRate
	// ReplayCPUPerFlush is the CPU a standby's startup process spends each
	// time WAL arrives, about once per primary flush, beyond its records
	// and images: woken, it reads what the walreceiver wrote.
	ReplayCPUPerFlush Time
	// NetworkBandwidth is what the node's network link sustains each way:
	// a cloud instance's baseline, not its minutes-long burst.
	NetworkBandwidth ByteRate
	// NetworkBurst is what the link sustains for a few minutes beyond
	// NetworkBandwidth on network I/O credits (0 or less: a flat link).
	NetworkBurst ByteRate
	// VolumeIOPS and VolumeBandwidth are the most I/Os and bytes per second
	// the instance sustains towards its network volumes, whatever they
	// provision (AWS's EBS-optimized baseline, Azure's uncached disk
	// limit): a network device runs at the smaller (0: no limit).
	VolumeIOPS      Rate
	VolumeBandwidth ByteRate
	// PoolerCPUPerRoundTrip is the CPU one PgBouncer process (single
	// threaded) spends relaying one client round trip, query and result.
	PoolerCPUPerRoundTrip Time
	// WalsenderCPUPerFlush and WalsenderCPUPerKB are the CPU one
	// walsender spends on its primary per WAL flush, and per kilobyte the
	// flush made durable: woken by the flush, it reads the new WAL, sends
	// it and handles the standby's replies.
	WalsenderCPUPerFlush, WalsenderCPUPerKB Time
	// LogicalChangeCPU is the CPU a logical walsender spends on each row
	// change it decodes and sends, beyond reading its records: queued in
	// the reorder buffer, converted by the output plugin (pgoutput) and
	// sent as a message of its own (WalSndWriteData).
	LogicalChangeCPU Time
}

// Device is a storage device as the database sees it. Cloud volumes are
// token-bucket throttles: latency is flat until IOPS or Bandwidth binds.
type Device struct {
	// ReadLatency is the mean latency of one 8 kB random read at queue depth 1.
	ReadLatency Time
	// WriteLatency is the mean latency of one 8 kB write (data-file write-back).
	WriteLatency Time
	// FsyncLatency is the mean time of one WAL flush: an 8 kB write followed
	// by fdatasync (pg_test_fsync's default Linux method).
	FsyncLatency Time
	// ReadLatencyP99 is the 99th percentile read latency (fio clat p99) when
	// measured; 0 means exponential service with mean ReadLatency.
	ReadLatencyP99 Time
	// IOPS is the ceiling on reads plus writes per second.
	IOPS Rate
	// Bandwidth is the ceiling on bytes read plus written per second.
	Bandwidth ByteRate
	// Capacity is the most data the device holds: a local disk the
	// instance's, a network volume its largest size (0: no limit).
	Capacity Bytes
	// ThrottleWindow makes IOPS a cloud volume's throttle, a token bucket
	// holding ThrottleWindow·IOPS I/Os (at least one) in front of a
	// backend that serves every I/O in parallel (queue.TokenBucketWait);
	// 0 is a physical device, IOPS·S̄ servers (M/M/k; MODEL.md §2.2).
	ThrottleWindow Time
}

// Disaggregated is DBMS-optimised storage: the compute node ships WAL
// records to a quorum of log stores in several zones and reads pages back
// from storage (Aurora: six storage nodes, 2 per zone; Neon: three
// safekeepers and a pageserver behind a local file cache).
type Disaggregated struct {
	// ReadLatency is a storage node's (Aurora) or the pageserver's (Neon
	// GetPage@LSN) time to serve one page, beyond the same-zone round trip.
	ReadLatency Time
	// PersistLatency is a storage node's or safekeeper's time to persist a
	// batch of WAL records before acknowledging it.
	PersistLatency Time
	// Bandwidth is the compute node's network bandwidth towards storage.
	Bandwidth ByteRate
	// LocalCache is the share of a Neon compute's memory that
	// shared_buffers and its local file cache, the second cache level, hold
	// together (Aurora has no second level, nor an OS page cache:
	// shared_buffers take about 75 % of memory).
	LocalCache Ratio
	// ColdStart is Neon's compute activation after suspend.
	ColdStart Time
	// ClientCommitCPU and ClientReadCPU are the compute's CPU spent by the
	// storage client per commit (shipping the log records to every log
	// store, handling their acknowledgements) and per page read from
	// storage (the request, the network I/O, the reply), beyond what
	// PostgreSQL spends on local storage.
	ClientCommitCPU, ClientReadCPU Time
	// ReplicaApply and ReplicaApplyPerWrite give the mean time an Aurora
	// replica takes, after a record is durable and has crossed to it, to
	// apply it and make it visible: ReplicaApply + ReplicaApplyPerWrite ×
	// the writes per second (the writer's redo batching and the replica's
	// apply, fitted to Verbitski et al., SIGMOD 2017, Table 4).
	ReplicaApply, ReplicaApplyPerWrite Time
	// Failover is the time to fail over to a replica sharing the storage.
	Failover Time
	// Recreate is the time to bring up a new compute instance on the
	// storage where no replica takes over: Aurora recreating its writer,
	// Neon restarting its compute after a zone failure.
	Recreate Time
	// Restart is the time Neon takes to restart its compute on another
	// node after a node failure.
	Restart Time
	// Capacity is the most data an Aurora cluster volume holds (0: no
	// limit; Neon's storage has none on paid plans).
	Capacity Bytes
	// HistoryWindow is how long Neon keeps the WAL for instant restore
	// (its history window), billed as storage.
	HistoryWindow Time
}

// KVStore are the figures of distributed SQL's key-value store, whose
// ranges are replicated by Raft/Paxos (CockroachDB, YugabyteDB, Spanner).
type KVStore struct {
	// OperationCPU is the CPU of one key-value operation on its leaseholder
	// or a follower, beyond PostgreSQL's own per-statement CPU.
	OperationCPU Time
	// TrueTimeEpsilon is TrueTime's mean uncertainty ε̄ (Spanner): a commit
	// waits until 2ε̄ have passed.
	TrueTimeEpsilon Time
	// MaxClockOffset is the bound on clock skew under hybrid logical clocks
	// (CockroachDB --max-offset): the uncertainty window of a read never
	// exceeds it.
	MaxClockOffset Time
	// ClockSkew is the offset actually kept between two nodes' clocks
	// (NTP or PTP): with the read's trip it bounds which values can fall in
	// its uncertainty window.
	ClockSkew Time
	// FollowerReadStaleness is how old a follower read may be.
	FollowerReadStaleness Time
	// LeaseInterval is how long a failed leaseholder's ranges are unavailable.
	LeaseInterval Time
}

// RoundTrips are network round-trip times by placement of the two ends.
type RoundTrips struct {
	SameHost    Time // loopback / unix socket
	SameZone    Time // two hosts in one availability zone
	CrossZone   Time // two zones of one region
	CrossRegion Time // two regions (a neighbouring pair unless overridden)
	// Jitter is the mean of a round trip's random part: a client round
	// trip of mean t takes t − j + Exp(j), j = min(Jitter, client_rtt_ms)
	// (plan.clientTrips), so its mean stays t and its tail is the
	// network's.
	Jitter Time
}

// Settings are the PostgreSQL settings the model reads.
type Settings struct {
	// CheckpointTimeout is checkpoint_timeout (default 5 min).
	CheckpointTimeout Time
	// MaxWALSize is max_wal_size (default 1 GB): a checkpoint starts early
	// when this much WAL was written since the last one.
	MaxWALSize Bytes
	// WALWriterDelay is wal_writer_delay (default 200 ms); with
	// synchronous_commit = off up to 3× this much of commits can be lost.
	WALWriterDelay Time
	// MaxStandbyStreamingDelay is max_standby_streaming_delay (default 30 s):
	// how long replay waits for conflicting standby queries.
	MaxStandbyStreamingDelay Time
	// MaintenanceIOConcurrency is maintenance_io_concurrency (default 10):
	// reads recovery_prefetch keeps in flight during replay.
	MaintenanceIOConcurrency int
	// ArchiveTimeout is archive_timeout: the WAL a node loses with its local
	// disk when the archive is the only copy is at most this old, or a
	// segment's fill time if that is shorter (0 = no forced switch: the
	// fill time).
	ArchiveTimeout Time
	// WALCompression is what wal_compression does to full-page images; the
	// zero value is PostgreSQL's default, off.
	WALCompression WALCompression
}

// WALCompression describes wal_compression (PostgreSQL 15+: pglz, lz4,
// zstd): the backend that logs a full-page image compresses it, and replay
// decompresses it (PostgreSQL docs, "wal_compression"). It shrinks only
// full-page images, not WAL records.
type WALCompression struct {
	// Saving is the fraction of a full-page image's bytes compression
	// removes (0: off).
	Saving Ratio
	// CompressCPU is the CPU to compress one image, in the logging backend.
	CompressCPU Time
	// DecompressCPU is the CPU to decompress one image at replay.
	DecompressCPU Time
}

// Recovery are the times failover and restore take.
type Recovery struct {
	// FailureDetection is the time until the failover manager acts on a dead
	// primary (Patroni: about the leader-key TTL, 30 s by default).
	FailureDetection Time
	// LoneNodeDetection is the time until a node no failover manager
	// watches is noticed dead and its replacement starts: the cloud's
	// instance status check and recovery, or an operator's alert.
	LoneNodeDetection Time
	// Promotion is pg_promote plus reconnecting clients.
	Promotion Time
	// Reattach is the time to start a new VM and attach a network volume.
	Reattach Time
	// RestoreRate is the rate a base backup is restored at (local-disk loss).
	RestoreRate ByteRate
	// ManualFailover is the time an operator takes to promote a copy the
	// failover manager does not: its consensus store has no majority
	// left, or the copy trails by more than MaxLagOnFailover.
	ManualFailover Time
	// MaxLagOnFailover is the most WAL a copy may trail by for the failover
	// manager to promote it (Patroni's maximum_lag_on_failover).
	MaxLagOnFailover Bytes
}

// Prices are dated list prices; results built from them are estimates.
type Prices struct {
	// Date is when the prices were read (YYYY-MM).
	Date string
	// NodePerHour is the on-demand price per hour of one database node
	// without local NVMe (its data on a network volume).
	NodePerHour USD
	// LocalNodePerHour is the on-demand price per hour of the same size of
	// node with local NVMe (instance store), for architectures on local storage.
	LocalNodePerHour USD
	// NetworkStoragePerGBMonth is the block volume's price per GB-month.
	NetworkStoragePerGBMonth USD
	// NetworkBaselineIOPS is the IOPS included in the volume's price.
	NetworkBaselineIOPS Rate
	// NetworkMaxIOPS is the most IOPS one volume may be provisioned with
	// (0: none but the profile's network IOPS).
	NetworkMaxIOPS Rate
	// NetworkBandwidthPerIOPS is the most throughput each provisioned IOPS
	// allows a volume (0: no such bound).
	NetworkBandwidthPerIOPS ByteRate
	// NetworkMaxBandwidth is the most throughput one volume may be
	// provisioned with (0: none but the profile's network bandwidth).
	NetworkMaxBandwidth ByteRate
	// NetworkIOPSPerMonth is the price of one provisioned IOPS-month above
	// the baseline.
	NetworkIOPSPerMonth USD
	// NetworkIOPSTier is the provisioned IOPS above which each IOPS-month
	// costs NetworkIOPSTierPerMonth instead (0: one price): io2's 32,000.
	NetworkIOPSTier         Rate
	NetworkIOPSTierPerMonth USD
	// NetworkBaselineBandwidth is the bandwidth included in the price.
	NetworkBaselineBandwidth ByteRate
	// NetworkBandwidthPerMBsMonth is the price of one MB/s-month above it.
	NetworkBandwidthPerMBsMonth USD
	// BackupPerGBMonth is the price of backup/snapshot storage per GB-month:
	// a network volume's snapshots.
	BackupPerGBMonth USD
	// ObjectStoragePerGBMonth is the price of object storage per GB-month,
	// where archive_command (pgBackRest, WAL-G) sends the WAL archive and a
	// local disk's base backups.
	ObjectStoragePerGBMonth USD
	// CrossZonePerGB is the transfer price per GB between zones (charged on
	// each side by AWS; this is the total).
	CrossZonePerGB USD
	// CrossRegionPerGB is the transfer price per GB between regions.
	CrossRegionPerGB USD
	// FailoverManagerPerMonth is the monthly cost of the consensus store a
	// failover manager needs (three small etcd nodes for Patroni).
	FailoverManagerPerMonth USD
	// DisaggregatedNodePerHour is the price per hour of one compute node of
	// DBMS-optimised storage (an Aurora instance of the same size).
	DisaggregatedNodePerHour USD
	// DisaggregatedStoragePerGBMonth is its storage price per GB-month
	// (one logical copy; the service keeps the replicas).
	DisaggregatedStoragePerGBMonth USD
	// IORequestsPerMillion is the price of one million storage I/O requests
	// (Aurora Standard; 0 where I/O is not billed).
	IORequestsPerMillion USD
	// IOOptimizedStoragePerGBMonth and IOOptimizedComputeUplift are Aurora
	// I/O-Optimized's: storage per GB-month, and its instances' price above
	// Aurora Standard's as a fraction; it bills no I/O.
	IOOptimizedStoragePerGBMonth USD
	IOOptimizedComputeUplift     Ratio
	// NeonCUPerHour, NeonStoragePerGBMonth and NeonHistoryPerGBMonth are
	// Neon's prices per compute unit-hour (a CU is 1 vCPU and 4 GB), per
	// GB-month of data and per GB-month of WAL kept for instant restore.
	NeonCUPerHour, NeonStoragePerGBMonth, NeonHistoryPerGBMonth USD
	// NeonTransferPerGB is Neon's price per GB its databases send over the
	// public internet (query results to the application) beyond
	// NeonTransferIncluded a month.
	NeonTransferPerGB    USD
	NeonTransferIncluded Bytes
}

// HoursPerMonth is the 730 hours cloud price lists bill a month as.
const HoursPerMonth = 730

// offersAurora reports whether the profile's cloud offers Aurora, which
// it marks by a price for its instances (Aurora is an AWS service).
func (p Profile) offersAurora() bool { return p.Prices.DisaggregatedNodePerHour > 0 }
