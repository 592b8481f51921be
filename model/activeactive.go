package model

import (
	"math"
	"slices"

	"github.com/pgarch/pgarch/model/dist"
	"github.com/pgarch/pgarch/model/queue"
)

// Logical replication constants (assumptions, U, to be calibrated).
const (
	// applyCPUShare is the share of a write statement's CPU an apply worker
	// spends on its row change. It skips parsing, planning and the client
	// protocol, and does the executor's work — find the row by key, update
	// heap and indexes, log WAL, commit without waiting for the flush (a
	// subscription's synchronous_commit is off by default). The
	// transaction's reads are not replicated (worker.c applies only INSERT,
	// UPDATE and DELETE; review of 2026-11-26: pgbench's SELECT was
	// charged too). Measured by validation/apply.sh on PostgreSQL 15.18
	// (results/apply.txt): an apply worker's CPU per write statement over
	// the publisher's per statement, 0.30 and 0.35 for TPC-B-like
	// transactions (simple and prepared protocol), 0.38 and 0.43 for one
	// UPDATE, whose apply's BEGIN and COMMIT weigh more (D; model/
	// apply_test.go). It was taken as 1, all of it, which made the apply
	// ceiling and every node's CPU for the others' writes about three
	// times too high (review of 2026-11-28). Every node still does every
	// write's executor work, so writes scale little: N nodes carry at most
	// 1/0.35 ≈ 2.9 times one node's writes (MODEL.md §5 says they do not
	// scale; the measurement says they scale that far and no further).
	applyCPUShare = 0.35
	// rowApplyShare is what each inserted row beyond the write statements
	// (conflicts takes as many rows as statements) costs an apply worker,
	// which applies the rows one by one (apply_handle_insert), as a share
	// of a statement's CPU: 0.05, from validation/replay.sh's wall-clock
	// times on PostgreSQL 15 at one client: a one-statement 40-row INSERT
	// transaction took 0.73–0.88 ms, a TPC-B-like one 1.45 ms over 7
	// commands; less a 0.35 ms WAL flush each, 157 µs a command and 6–10
	// µs a further row (md5 and random included), 0.036–0.061 of a
	// statement (D, an upper side; review of 2026-11-27: 50 rows a
	// transaction applied at the cost of one).
	rowApplyShare = 0.05
)

// logicalRowOverhead is what a row's change adds to the WAL under
// wal_level = logical beyond the row itself: the record header (24 B), the
// heap update's (14 B) and the tuple's (23 B), and the old row's replica
// identity key. Derived from PostgreSQL's WAL record layout (D/U).
const logicalRowOverhead = 64 * Byte

// recordBytes is the WAL records one write transaction logs, full-page
// images apart: the workload's wal_record_bytes_per_txn, but at least every
// inserted row whole with its record (an insert logs its tuple entire;
// review of 2026-11-26: 200 rows of a transaction logged the 600 B of the
// default), and under wal_level = logical (active-active) at least every
// written row whole with its overhead, since logical decoding needs the
// new tuple entire: no prefix or suffix compression (heapam.c,
// log_heap_update: "disable if wal_level='logical'"), and pgoutput sends
// the rows whole (review of 2026-11-26: 2 kB rows streamed as the 600 B of
// the default).
func (pl *plan) recordBytes() Bytes {
	b := pl.w.RecordBytes()
	if pl.a.ID == ActiveActive {
		b = max(b, Bytes(pl.writeStatements())*(pl.w.RowBytes+logicalRowOverhead))
	}
	return b
}

// recordsCPU is the CPU to read and redo (or decode) one transaction's WAL
// records, full-page images apart, as recordBytes counts them: the
// workload's records (wal_record_bytes_per_txn, a mix of small records)
// at replay_mb_per_sec, or, where they log more, its rows' records one by
// one: each the cost of a small record (smallRecordBytes at that rate: a
// record's header, CRC and page lookup) plus its bytes beyond that at a
// page copy's CPU per 8 kB (page_copy_cpu_us: they are checked and copied
// into the page). Bulk inserts of 40 rows a transaction replayed within
// −18 and +33 % of this on PostgreSQL 15 (validation/results/replay.txt,
// two repetitions), against −44 and −10 % at the mix's rate per byte, and
// an 8 kB row costs 6 µs, not the 220 µs of that rate (review of
// 2026-11-27).
func (pl *plan) recordsCPU() Time {
	rate := pl.p.Node.ReplayRate
	rows, size := pl.w.RowsInsertedPerTxn, pl.w.RowBytes+insertRecordOverhead
	if pl.a.ID == ActiveActive {
		if n := float64(pl.writeStatements()); n*float64(pl.w.RowBytes+logicalRowOverhead) > rows*float64(size) {
			rows, size = n, pl.w.RowBytes+logicalRowOverhead
		}
	}
	perRow := smallRecordBytes.Over(rate) + Time(float64(max(0, size-smallRecordBytes))/float64(PageSize))*pl.p.Node.PageCopyCPU
	return max(pl.w.WALRecordBytesPerTxn.Over(rate), Time(rows)*perRow)
}

// smallRecordBytes is the mean WAL record of the TPC-B-like runs that
// replay_mb_per_sec reproduces (73 B: 7.2 MB of records in 99,137, the
// second repetition of validation/results/replay.txt's nofpw-c1).
const smallRecordBytes = 73 * Byte

// nodes is the number of nodes that accept writes (1 but for active-active).
func (pl *plan) nodes() int {
	if pl.a.ID == ActiveActive {
		return pl.a.Nodes
	}
	return 1
}

// apply is active-active's apply station: on every node, the apply
// workers of each origin replay that origin's changes, a transaction
// each at a time (PostgreSQL logical replication: one apply worker per
// subscription; EDB Postgres Distributed's Parallel Apply: several,
// Architecture.ApplyWorkers). They are M/M/c with arrivals λ_w/N; the
// service per transaction is the row changes' CPU plus the synchronous
// reads of the pages they touch that miss the cache. A decoding
// walsender is one server (workers 0).
type apply struct {
	service Time    // one transaction's apply time
	rho     float64 // one worker's utilisation
	workers int     // the servers; 0 is one
}

// servers is the station's servers, at least one.
func (a apply) servers() int { return max(1, a.workers) }

// load sets the utilisation of one worker at arrival transactions a second.
func (a *apply) load(arrival Rate) {
	a.rho = float64(arrival) * float64(a.service) / float64(a.servers())
}

// applyCPU is the CPU of applying one transaction's changes: its write
// statements' row changes, each inserted row beyond one a statement a
// statement's rowApplyShare, and at least the redo of its records
// (recordsCPU: an apply does what replay does and more).
func (pl *plan) applyCPU() Time {
	w := pl.w
	extra := math.Max(0, w.RowsInsertedPerTxn-float64(pl.writeStatements())) // rows beyond one a statement
	rows := applyCPUShare*Time(pl.writeStatements())*w.CPUPerStatement + rowApplyShare*Time(extra)*w.CPUPerStatement
	return max(rows, pl.recordsCPU()) + Time(w.PagesReadPerTxn)*pl.pageCPU()
}

// nodeWeights returns each active-active node's share of the clients.
// Each client region (clients: without client_region_weights, the first
// named region's) goes to its nearest node's region (serving), whose
// nodes share it evenly (node i in region i mod R, N nodes over the
// regions in turn); without named regions every node serves 1/N.
func (pl *plan) nodeWeights() []float64 {
	n, regions := pl.nodes(), pl.a.Regions
	out := make([]float64, n)
	if len(regions) == 0 {
		for i := range out {
			out[i] = 1 / float64(n)
		}
		return out
	}
	// In a fixed order: sums of floats depend on it, and the same request
	// must give the same numbers.
	clients := pl.clients()
	names := sortedKeys(clients)
	var total float64
	for _, c := range names {
		total += clients[c]
	}
	for i, r := range regions {
		nodes := regionNodes(i, n, len(regions))
		var served float64
		for _, c := range names {
			if pl.serving(c) == r {
				served += clients[c]
			}
		}
		for j := i; j < n; j += len(regions) {
			out[j] = served / total / float64(nodes)
		}
	}
	return out
}

// elsewhere is the probability that a session without affinity reads on
// another node than the one it wrote on: each request of a client region
// goes to one of its nearest region's nodes alike (serving), 1 − 1/k for a
// region of k nodes; without client regions to any of the N nodes,
// 1 − 1/N. With every client nearest one lone node it is 0.
func (pl *plan) elsewhere() float64 {
	n, regions := pl.nodes(), pl.a.Regions
	if len(regions) == 0 {
		return 1 - 1/float64(n)
	}
	var total, moved float64
	clients := pl.clients()
	for _, c := range sortedKeys(clients) {
		wt := clients[c]
		k := regionNodes(slices.Index(regions, pl.serving(c)), n, len(regions))
		total += wt
		moved += wt * (1 - 1/float64(max(1, k)))
	}
	return moved / total
}

// oneWay is a change's one-way trip from its origin to another node: half
// the round trip between them (between), over the origins by their share
// of the writes (nodeWeights) and the other nodes alike.
func (pl *plan) oneWay() dist.Mixture {
	var trips atoms
	n := pl.ring()
	for i, s := range pl.nodeWeights() {
		for j := range n {
			if i != j && s > 0 {
				trips.add(pl.between(i, j)/2, s/float64(n-1))
			}
		}
	}
	return trips.mixture()
}

// awayLag is the lag of a change on the node a session's next request
// lands on when it leaves the one it wrote on (elsewhere): the one-way trip
// between the two (awayTrip), as lag has it for any pair of nodes
// (changeVisible).
func (pl *plan) awayLag(st state) dist.Mixture {
	if st.full() {
		return dist.Atom(math.Inf(1)) // a copy falls behind without bound
	}
	trip := pl.awayTrip()
	return pl.changeVisible(&st, &trip).distribution()
}

// awayTrip is the one-way trip from the node a session wrote on to the
// other node its next request goes to: another node of the client's
// serving region alike, or without client regions any other node (oneWay)
// (review of 2026-11-27: a session moving between the two nodes of its own
// region was charged the cross-region pairs' lag, stale with probability
// 0.4 where its peer lags 1–3 ms).
func (pl *plan) awayTrip() dist.Mixture {
	regions := pl.a.Regions
	if len(regions) == 0 {
		return pl.oneWay()
	}
	n, r := pl.nodes(), len(regions)
	var trips atoms
	clients := pl.clients()
	for _, c := range sortedKeys(clients) {
		home := slices.Index(regions, pl.serving(c))
		k := regionNodes(home, n, r)
		for i := home; i < n; i += r {
			for j := home; j < n; j += r {
				if i != j {
					trips.add(pl.between(i, j)/2, clients[c]/float64(k*(k-1)))
				}
			}
		}
	}
	if len(trips.t) == 0 {
		return dist.Atom(0) // every session stays on its region's lone node
	}
	return trips.mixture()
}

// replicationLoad is what one node spends on the others' writes: the cores
// its apply workers use and the page reads applying does (its walsenders'
// decoding of its own changes, once per subscriber, is walsenderLoad's).
func (pl *plan) replicationLoad(st *state) (cores float64, reads Rate) {
	if pl.nodes() < 2 {
		return 0, 0
	}
	others := st.writes - st.localWrites
	return float64(others) * float64(pl.applyCPU()), others * Rate(pl.w.PagesReadPerTxn*pl.missRatio())
}

// applyStation is one apply worker at the node's device d.
func (pl *plan) applyStation(st *state, d device) apply {
	reads := pl.w.PagesReadPerTxn * pl.missRatio() * (float64(d.ReadLatency) + d.pWait*float64(d.wait))
	a := apply{service: pl.applyCPU() + Time(reads), workers: pl.a.ApplyWorkers}
	a.load(st.localWrites) // each origin sends its local writes
	return a
}

// decodingRounds are the rounds of the walsender that decodes one node's
// changes for one subscriber: each subscription has its own, which reads
// and decodes the origin's whole WAL stream, a transaction's changes sent
// once decoded at its commit (pgoutput without streaming), at about the
// replay rate (recordsCPU, an assumption; review of 2026-11-26: 150 kB
// transactions decoded in no time). It is a walsender: it wakes on the
// flushes for a round (walsenderRounds), in which it decodes what they
// brought, so its rounds' fixed part is paid once a round, however many
// commits it takes up (validation/apply.sh: one UPDATE's walsender spent
// 109 µs a transaction at 1.16 commits a flush, 32 at 9.96, where the
// decoding alone is 17: model/apply_test.go), and each of a commit's row
// changes is decoded and sent as a message of its own
// (Node.LogicalChangeCPU). A flush's commits are the node's own: the
// applied transactions' WAL it carries too is read with the rest
// (Node.WalsenderCPUPerKB) and filtered out (origin = none).
func (pl *plan) decodingRounds(st *state) rounds {
	return pl.walsenderRounds(st, pl.recordsCPU()+Time(pl.rowChanges())*pl.p.Node.LogicalChangeCPU)
}

// rowChanges is a transaction's row changes: one a write statement, and
// each row an INSERT adds beyond one a statement.
func (pl *plan) rowChanges() float64 {
	n := float64(pl.writeStatements())
	return n + math.Max(0, pl.w.RowsInsertedPerTxn-n)
}

// step is a transaction's sojourn at the apply workers or a decoding
// walsender: M/M/1, exponential with mean S/(1 − ρ); M/M/c its service
// and, with the Erlang C probability, a wait exponential with mean
// S/(c·(1 − ρ)).
func (a apply) step(name string) step {
	c := a.servers()
	if c == 1 {
		return step{name: name, p: 1, mean: a.service / Time(1-a.rho), cv2: 1}
	}
	return step{name: name, p: 1, mean: a.service, cv2: 1,
		pWait: queue.ErlangC(c, a.rho*float64(c)), wait: a.service / Time(float64(c)*(1-a.rho)), waitCV2: 1}
}

// conflicts are active-active's update conflicts per second (MODEL.md §6):
// two nodes update the same row within the window W in which neither has
// seen the other's update — the replication lag plus the time the update
// stays uncommitted (hold: on average half the transaction). For row
// updates at rate λ spread uniformly over K rows, an update meets another
// within its window with probability 1 − e^(−(λ/K)·W). Over the pairs of
// nodes i ≠ j that both write (sᵢ, sⱼ their client shares), each with its
// own window W_ij, last-update-wins then keeps one node's chain of updates
// of the row and loses the others':
//
//	conflicts/s = λ·Σ_(i≠j) sᵢ·sⱼ·(1 − e^(−(λ/K)·W_ij))
//	            = λ·(1 − Σ sᵢ²)·(1 − e^(−(λ/K)·W)) ≈ λ²·W·(N−1)/N/K sparse, one W
//
// (MODEL.md §6's low-density form, which grows without bound where this
// tends to the (N−1)/N of the updates a simulation of last-update-wins
// loses when every update collides; review of 2026-11-26). Summed over two
// classes of rows: the hot rows (hot_row_write_fraction of the
// transactions over hot_rows rows) and every other written row (the write
// statements of each transaction over conflict_keys rows, its inserts
// apart: a new row has no update to conflict with). Every row counts, not
// every transaction: last-update-wins resolves per row (pgEdge Spock,
// calibration.md §7.2). W_ij is the lag from one node to the other, its
// own one-way trip (between), and the hold (a review of 2026-11-28: one
// window, the mean lag over every pair, let an idle third node's trips
// raise two regions' conflicts by 78 %).
// Last-update-wins widens it by the nodes' clock skew: it orders by commit
// timestamps, so an update that came later but on a clock behind loses
// too (EDB PGD docs, "Conflict detection": it "requires clocks to be in
// sync"; review of 2026-11-26); PostgreSQL's own logical replication
// compares none, and applies the remote update whatever the local row's
// origin (docs, "Conflicts": update_origin_differs). A conflicting
// read-modify-write update is a lost update; without resolution every
// conflicting update is lost on one node, which then differs.
func (pl *plan) conflicts(writes Rate, lag, hold Time) (perSec, lostPerSec float64) {
	w := pl.w
	rest := hold + lag - Time(pl.oneWay().Mean()) // the window beyond the pair's trip: the hold, the flush's wait, decoding and apply
	if pl.a.ConflictResolution != NoResolution {
		rest += pl.p.KV.ClockSkew
	}
	shares := pl.nodeWeights()
	pairs := func(rate, keys float64) float64 {
		if rate <= 0 {
			return 0 // no updates meet, however long the window (an apply behind has none)
		}
		sum := 0.0
		for i, si := range shares {
			for j, sj := range shares {
				if i != j && si > 0 && sj > 0 {
					window := float64(rest + pl.between(i, j)/2)
					sum += si * sj * -math.Expm1(-rate/keys*window)
				}
			}
		}
		return rate * sum
	}
	rows := float64(writes) * math.Max(0, float64(pl.writeStatements())-w.RowsInsertedPerTxn)
	if w.HotRows > 0 {
		hot := float64(writes) * float64(w.HotRowWriteFraction)
		perSec += pairs(hot, float64(w.HotRows))
		rows -= hot
	}
	perSec += pairs(math.Max(0, rows), w.ConflictKeys)
	if pl.a.ConflictResolution == NoResolution {
		// Each conflict leaves one node with the other's update lost and
		// the nodes different, read-modify-write or not.
		return perSec, perSec
	}
	return perSec, perSec * float64(w.RMWUpdateFraction)
}

// activeActiveAvailability: clients of a failed node reconnect to another
// (no promotion: every node is writable) once the failure is detected; the
// failed node's writes not yet applied elsewhere are lost (RPO = lag), and
// not alike: each survivor applied its own share of them, and a mesh
// forwards no other origin's changes (CREATE SUBSCRIPTION, origin = none),
// so the survivors differ until reconciled. A zone holding every node is
// a restore, lost (from primaryAvailability).
func (pl *plan) activeActiveAvailability(lag *Lag, lost Failure) Availability {
	rec := pl.p.Recovery
	rpo := Time(math.Inf(1))
	if lag != nil {
		// Under synchronous_commit = off the lag holds the WAL writer's
		// wait, and the failed node loses what it had not flushed, up to
		// three wal_writer_delay (asyncLoss), as a primary does.
		rpo = max(lag.P99, pl.asyncLoss())
	}
	a := Availability{RTO: rec.FailureDetection, RPO: rpo, Survives: []string{"node"},
		Failures: []Failure{{Kind: "node", RTO: rec.FailureDetection, RPO: rpo,
			Action: "clients reconnect to another writable node; the survivors may each hold a different part of its last writes (a mesh forwards no other origin's changes): reconcile them"}}}
	for _, d := range failureKinds[1:] { // a node's loss is survived above
		if rank(pl.a.NodePlacement) >= rank(d.reach) {
			// A zone or region may fail by being cut off first, as for a
			// primary (primaryAvailability): its nodes keep committing
			// for the clients that still reach them, and nothing fences
			// them (every node is writable), at least until the failure
			// is detected; what they commit meanwhile never leaves
			// (review of 2026-11-27: RPO 3 ms where an asynchronous
			// standby was charged 30 s, and active-active was recommended
			// for rpo_seconds 1).
			a.Failures = append(a.Failures, Failure{Kind: d.kind, RTO: rec.FailureDetection, RPO: rpo + rec.FailureDetection,
				Action: "clients reconnect to a node in another " + d.kind + "; a " + d.kind + " cut off before it fails keeps committing, unfenced, what its nodes cannot send"})
			a.Survives = append(a.Survives, d.kind)
		} else if d.kind == lost.Kind {
			a.Failures = append(a.Failures, lost)
		}
	}
	return a
}
