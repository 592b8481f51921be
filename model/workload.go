package model

// Workload is what the application asks of the database. Rates are offered
// (open) load; when Clients > 0 the load is closed instead (like
// `pgbench -c N`) and the rates only set the mix of request classes.
//
// Every field is documented with its public name, unit, default and range
// (see DefaultWorkload and Validate).
type Workload struct {
	// ReadRate is point reads per second (reads_per_sec; default 20,000).
	ReadRate Rate
	// WriteRate is write transactions per second (writes_per_sec; default 1,000).
	WriteRate Rate
	// AnalyticalRate is analytical queries per second (analytical_per_sec; default 0).
	AnalyticalRate Rate

	// StatementsPerTxn is the statements of one write transaction
	// (statements_per_txn; default 5, pgbench's TPC-B-like script: 3 UPDATEs,
	// 1 SELECT, 1 INSERT). Each reads its index leaf and heap page first.
	StatementsPerTxn int
	// RoundTripsPerTxn is client round trips per write transaction
	// (round_trips_per_txn; default 7 = BEGIN + 5 statements + END).
	RoundTripsPerTxn int

	// DataSize is the database size (data_size_gb; default 200 GB).
	DataSize Bytes
	// WorkingSet is the hot part of the data, in pages (working_set_gb;
	// default 20 GB). With RowBytes and HotRowsClustered = false it is read as
	// rows and converted to pages by occupancy (MODEL.md §4).
	WorkingSet Bytes
	// HotAccess is the fraction of page accesses that go to the working set
	// (hot_access_fraction; default 0.9); the rest spread over the other pages.
	HotAccess Ratio
	// RowBytes is the size of one row (row_bytes; default 100 B).
	RowBytes Bytes
	// HotRowsClustered reports whether the working set's rows share pages
	// (hot_rows_clustered; default true). When false, WorkingSet counts rows'
	// bytes scattered over the table.
	HotRowsClustered bool

	// PagesReadPerTxn is the pages one write transaction reads at random,
	// by the data's popularity: the index leaf and heap page of each row it
	// locates (pages_read_per_txn; default 2: pgbench's accounts row; its
	// SELECT re-reads that page, the hot rows' pages and the insert's page
	// stay in shared_buffers).
	PagesReadPerTxn float64
	// PagesWrittenPerTxn is the random pages one write transaction dirties
	// (pages_written_per_txn; default 1.05: pgbench's accounts heap page,
	// and the index leaf of the 5.5 % of its updates that are not HOT).
	// Measured on PostgreSQL 15 (validation/results/hintbits-s100r5-off.txt,
	// scale 100 after 10 minutes' warm-up): 104,019 of 110,039 accounts
	// updates HOT, 94.5 %; 99.9 % at scale 25. A page's first update at
	// fillfactor 100 is not HOT (no room for the new version) and writes
	// the leaf too: 2 on a freshly loaded table, whose pages are mostly
	// updated once (docs/published.md). Hot rows' pages and appended pages
	// are counted apart.
	PagesWrittenPerTxn float64
	// RowsInsertedPerTxn is the rows one write transaction appends to a
	// table (rows_inserted_per_txn; default 1.05: pgbench's history row,
	// and the new version of the 5.5 % of accounts updates that are not
	// HOT, which goes to another page). They fill new pages, which need no
	// full-page image (the first record of a new page initialises it).
	RowsInsertedPerTxn float64
	// WALRecordBytesPerTxn is the WAL one write transaction logs without
	// full-page images (wal_record_bytes_per_txn; default 600 B), at least
	// its inserted rows whole with their records' headers (recordBytes).
	WALRecordBytesPerTxn Bytes
	// ScanPerQuery is the data one analytical query scans (scan_gb_per_query; default 1 GB).
	ScanPerQuery Bytes

	// CPUPerRead is the CPU one point read costs when its pages are in
	// shared_buffers (cpu_ms_per_read; default 0.05 ms).
	CPUPerRead Time
	// CPUPerStatement is the CPU one statement of a write transaction costs
	// (cpu_ms_per_statement; default 0.1 ms).
	CPUPerStatement Time

	// HotRows is the number of rows every hot write contends for
	// (hot_rows; default 0 = no contended rows; pgbench: the scale's branches).
	HotRows int
	// HotRowWriteFraction is the fraction of write transactions that update
	// one of the hot rows (hot_row_write_fraction; default 1 when HotRows > 0).
	HotRowWriteFraction Ratio
	// StatementsAfterHotWrite is the statements a transaction runs after it
	// locked its hot row (statements_after_hot_write; default 1: pgbench
	// inserts into history after updating its branch).
	StatementsAfterHotWrite int
	// OwnWriteReads is the read statements of a write transaction that read
	// a row it wrote before (own_write_reads_per_txn; default 1: pgbench
	// selects the balance of the account it updated). Distributed SQL with
	// pipelined writes makes such a read wait for the write's replication.
	OwnWriteReads int

	// Sessions is the server connections or pool size (sessions; default 200).
	Sessions int
	// Clients is the application connections of a closed load (clients;
	// default 0 = open load). More clients on a node than sessions means a
	// pooler; clients spread over active-active nodes, distributed SQL
	// gateways and Citus workers queried from any node. No more, and no
	// pooler_processes, and each holds a backend of its own.
	Clients int
	// PoolerProcesses is the PgBouncer processes in front of each node
	// (pooler_processes; default 0: as many as the load needs when clients
	// outnumber sessions, none otherwise). Each is single-threaded: a
	// station of its own.
	PoolerProcesses int
	// ThinkTime is the time a closed-load client waits between requests
	// (think_time_ms; default 0, as pgbench).
	ThinkTime Time

	// ClientRTT is the round trip between the application and the database
	// (client_rtt_ms; default 0.2 ms, same zone).
	ClientRTT Time
	// ClientRegions are the regions clients run in, with their weights
	// (client_region_weights, or client_regions for equal weights; default
	// none: every client at client_rtt_ms).
	ClientRegions map[string]float64
	// ReplicaReadFraction is the fraction of reads routed to replicas when an
	// architecture has them (replica_read_fraction; default 1).
	ReplicaReadFraction Ratio
	// ReadAfterWrite is how soon after its commit a client reads its own
	// write (read_after_write_ms; default 10 ms).
	ReadAfterWrite Time
	// SessionAffinity reports whether a client keeps reading from one node
	// (session_affinity; default false).
	SessionAffinity bool
	// MultiNodeWriteFraction is the fraction of write transactions touching
	// more than one shard or node (multi_node_write_fraction; default 0.1).
	MultiNodeWriteFraction Ratio
	// LargestTenantFraction is the share of the routed transactions, and of
	// the data, that belong to one value of a Citus table's distribution
	// column, a multi-tenant app's largest tenant (largest_tenant_fraction;
	// default 0: many tenants, none of them large). Its shard lives on one
	// worker, which carries at least that share (shardLayout); distributed
	// SQL splits a busy tenant's ranges by load, and the other
	// architectures hold every tenant on each node.
	LargestTenantFraction Ratio
	// ReferenceWriteFraction is the fraction of write transactions that
	// write a Citus reference table, replicated to every worker
	// (reference_write_fraction; default 0). With multi_node_write_fraction
	// at most 1.
	ReferenceWriteFraction Ratio
	// ReferenceInsertFraction is the fraction of reference-table writes
	// that only INSERT (reference_insert_fraction; default 0). Citus runs
	// the others (UPDATE, DELETE, upsert) one at a time: they do not
	// commute, so each takes the reference table's shard lock in
	// ExclusiveLock mode and holds it through its two-phase commit
	// (distributed_execution_locks.c, AcquireExecutorShardLocksForExecution:
	// "the order of the placement accesses … might cause the replicas of
	// the same shard placements diverge"). An INSERT takes RowExclusiveLock,
	// which does not conflict with itself.
	ReferenceInsertFraction Ratio
	// RMWUpdateFraction is the fraction of updates that compute a row's new
	// value from its old one, in the client or in SQL (rmw_update_fraction;
	// default 1): last-update-wins applies whole row images, so of two
	// concurrent ones on different nodes one is lost, where a blind write
	// loses nothing its writer meant to keep. The default workload is
	// TPC-B-like, whose three UPDATEs each add a delta to a balance
	// (pgbench's tpcb-like script: SET abalance = abalance + :delta): all of
	// them (it was 0.5, an assumption, which halved the default's lost
	// updates; a review of 2026-11-28).
	RMWUpdateFraction Ratio
	// ConflictKeys is the number of keys concurrent writes spread over
	// (conflict_keys; default 1,000,000).
	ConflictKeys float64
}

// DefaultWorkload returns the built-in default workload: a moderately loaded
// OLTP application (20,000 point reads and 1,000 pgbench-like write
// transactions per second, 200 GB of data of which 20 GB are hot).
func DefaultWorkload() Workload {
	return Workload{
		ReadRate:                20000,
		WriteRate:               1000,
		StatementsPerTxn:        5,
		RoundTripsPerTxn:        7,
		DataSize:                200 * GB,
		WorkingSet:              20 * GB,
		HotAccess:               0.9,
		RowBytes:                100,
		HotRowsClustered:        true,
		PagesReadPerTxn:         2,
		PagesWrittenPerTxn:      1.05,
		RowsInsertedPerTxn:      1.05,
		WALRecordBytesPerTxn:    600,
		ScanPerQuery:            1 * GB,
		CPUPerRead:              0.05 * Millisecond,
		CPUPerStatement:         0.1 * Millisecond,
		HotRowWriteFraction:     1,
		StatementsAfterHotWrite: 1,
		OwnWriteReads:           1,
		Sessions:                200,
		ClientRTT:               0.2 * Millisecond,
		ReplicaReadFraction:     1,
		ReadAfterWrite:          10 * Millisecond,
		MultiNodeWriteFraction:  0.1,
		RMWUpdateFraction:       1,
		ConflictKeys:            1e6,
	}
}

// Limits bound every input so that no request can make the engine spend more
// than a few milliseconds or overflow.
const (
	MaxRate     = 1e8     // requests per second of one class
	MaxSessions = 100_000 // server connections
	MaxClients  = 10_000  // closed-load clients
	MaxData     = 1e15    // bytes (1 PB)
	MaxCount    = 1000    // statements, round trips
	MaxHotRows  = 1e9     // contended rows
	maxTime     = 3600.0  // seconds, any single latency input
)

// Validate reports the first field outside its range as a *ParamError
// naming the public field.
func (w Workload) Validate() error {
	// A value, its bounds and unit (the model's value of one public unit:
	// a field named _ms is checked and reported in ms).
	checks := []struct {
		field     string
		v, lo, hi float64
		unit      float64
	}{
		{"reads_per_sec", float64(w.ReadRate), 0, MaxRate, 1},
		{"writes_per_sec", float64(w.WriteRate), 0, MaxRate, 1},
		{"analytical_per_sec", float64(w.AnalyticalRate), 0, MaxRate, 1},
		{"statements_per_txn", float64(w.StatementsPerTxn), 1, MaxCount, 1},
		{"round_trips_per_txn", float64(w.RoundTripsPerTxn), 1, MaxCount, 1},
		{"data_size_gb", float64(w.DataSize), float64(PageSize), MaxData, float64(GB)},
		{"working_set_gb", float64(w.WorkingSet), 0, MaxData, float64(GB)},
		{"hot_access_fraction", float64(w.HotAccess), 0, 1, 1},
		{"row_bytes", float64(w.RowBytes), 1, float64(PageSize), 1},
		{"pages_read_per_txn", w.PagesReadPerTxn, 0, MaxCount, 1},
		{"pages_written_per_txn", w.PagesWrittenPerTxn, 0, MaxCount, 1},
		{"rows_inserted_per_txn", w.RowsInsertedPerTxn, 0, MaxCount, 1},
		{"wal_record_bytes_per_txn", float64(w.WALRecordBytesPerTxn), 0, 1e9, 1},
		{"scan_gb_per_query", float64(w.ScanPerQuery), 0, MaxData, float64(GB)},
		{"cpu_ms_per_read", float64(w.CPUPerRead), 1e-7, 60, float64(Millisecond)},
		{"cpu_ms_per_statement", float64(w.CPUPerStatement), 1e-7, 60, float64(Millisecond)},
		{"hot_rows", float64(w.HotRows), 0, MaxHotRows, 1},
		{"hot_row_write_fraction", float64(w.HotRowWriteFraction), 0, 1, 1},
		{"statements_after_hot_write", float64(w.StatementsAfterHotWrite), 0, MaxCount, 1},
		{"own_write_reads_per_txn", float64(w.OwnWriteReads), 0, MaxCount, 1},
		{"sessions", float64(w.Sessions), 1, MaxSessions, 1},
		{"clients", float64(w.Clients), 0, MaxClients, 1},
		{"think_time_ms", float64(w.ThinkTime), 0, maxTime, float64(Millisecond)},
		{"pooler_processes", float64(w.PoolerProcesses), 0, 64, 1},
		{"client_rtt_ms", float64(w.ClientRTT), 0, 10, float64(Millisecond)},
		{"replica_read_fraction", float64(w.ReplicaReadFraction), 0, 1, 1},
		{"read_after_write_ms", float64(w.ReadAfterWrite), 0, maxTime, float64(Millisecond)},
		{"multi_node_write_fraction", float64(w.MultiNodeWriteFraction), 0, 1, 1},
		{"largest_tenant_fraction", float64(w.LargestTenantFraction), 0, 1, 1},
		{"reference_write_fraction", float64(w.ReferenceWriteFraction), 0, 1, 1},
		{"reference_insert_fraction", float64(w.ReferenceInsertFraction), 0, 1, 1},
		{"rmw_update_fraction", float64(w.RMWUpdateFraction), 0, 1, 1},
		{"conflict_keys", w.ConflictKeys, 1, MaxHotRows, 1},
	}
	for _, c := range checks {
		if err := checkRange(c.field, c.v/c.unit, c.lo/c.unit, c.hi/c.unit); err != nil {
			return err
		}
	}
	if w.MultiNodeWriteFraction+w.ReferenceWriteFraction > 1+1e-9 {
		return &ParamError{Field: "reference_write_fraction", Err: ErrOutOfRange, Detail: "with multi_node_write_fraction more than all writes"}
	}
	if w.WorkingSet > w.DataSize {
		return &ParamError{Field: "working_set_gb", Err: ErrOutOfRange, Detail: "larger than data_size_gb"}
	}
	if w.StatementsAfterHotWrite >= w.StatementsPerTxn && w.HotRows > 0 {
		return &ParamError{Field: "statements_after_hot_write", Err: ErrOutOfRange, Detail: "must be below statements_per_txn"}
	}
	if w.Clients == 0 && w.ReadRate+w.WriteRate+w.AnalyticalRate == 0 {
		return &ParamError{Field: "reads_per_sec", Err: ErrOutOfRange, Detail: "no load: give a rate or clients"}
	}
	if w.Clients > 0 && w.ReadRate+w.WriteRate+w.AnalyticalRate == 0 {
		return &ParamError{Field: "reads_per_sec", Err: ErrOutOfRange, Detail: "closed load needs a mix: give at least one rate"}
	}
	return nil
}

// closed reports whether the load is closed (clients and think time).
func (w Workload) closed() bool { return w.Clients > 0 }

// hotWrites reports whether write transactions contend for hot rows.
func (w Workload) hotWrites() bool { return w.HotRows > 0 && w.HotRowWriteFraction > 0 }

// leafShare is the share of the data's pages that are its primary key's
// B-tree leaves, through which every point read and write locates its row
// (one index: secondary indexes are not modelled). A row takes RowBytes +
// 28 B of heap page (its tuple header, 23 B aligned to 24, and a 4-byte
// line pointer) and 20 B of leaf (an 8-byte index tuple header, a key of up
// to 8 bytes, and a line pointer), leaves filled to the B-tree's default
// fillfactor, 90 % (PostgreSQL docs, "Database Page Layout" and CREATE
// INDEX): 0.148 for 100-byte rows, about 6 rows' entries on a leaf for each
// row on a heap page. pgbench's scale 6849: 1.9·10⁶ leaves and 1.1·10⁷
// heap pages, 0.147 (TestPublishedPgbench).
func (w Workload) leafShare() float64 {
	heap := float64(w.RowBytes) + 28
	leaf := 20 / 0.9
	return leaf / (heap + leaf)
}

// insertRecordOverhead is what a heap insert's WAL record adds to its row:
// the record header (XLogRecord, 24 B), one block reference (its header,
// relation and block number, 20 B), xl_heap_insert (3 B) and
// xl_heap_header (5 B) (PostgreSQL's WAL record layout: xlogrecord.h,
// heapam_xlog.h). Index entries come on top.
const insertRecordOverhead = 52 * Byte

// RecordBytes is the WAL records one write transaction logs under
// wal_level = replica, full-page images apart: wal_record_bytes_per_txn,
// but at least its inserted rows whole (recordBytes).
func (w Workload) RecordBytes() Bytes {
	return max(w.WALRecordBytesPerTxn, Bytes(w.RowsInsertedPerTxn)*(w.RowBytes+insertRecordOverhead))
}
