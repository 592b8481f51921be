package model

import (
	"fmt"
	"math"
	"slices"

	"github.com/pgarch/pgarch/model/dist"
)

const (
	// walSegment is the WAL segment size (initdb default 16 MB): archiving
	// ships whole segments, so archive lag is at most one segment's time.
	walSegment = 16 * MB
	// baseBackupInterval is how often a base backup is taken; restoring a
	// lost local disk replays on average half an interval of archived WAL.
	// Assumption (U): daily base backups.
	baseBackupInterval = 24 * Hour
)

// receivePath is how long after its commit on the primary a transaction's
// WAL is durable on a copy oneWay away (MODEL.md §2.7): under
// synchronous_commit = off the WAL writer first flushes it (the walsender
// sends only flushed WAL; the wait is uniform up to one WAL-writer flush
// interval), then the one-way trip and the walreceiver's write and flush,
// and after a checkpoint the backlog its surge leaves on the link
// (checkpointBurst).
// What a failover loses is what copies have not received: this is the
// RPO's lag. Received WAL that is not yet replayed costs RTO, not data.
func (pl *plan) receivePath(st state, oneWay step, replica bool) path {
	a := &pl.arena
	if pl.a.Storage == DisaggregatedStorage {
		// Replicas see only durable WAL (below Aurora's volume durable LSN):
		// the log quorum, then the writer's one-way trip to the replica.
		legs, k := pl.logStores()
		return a.path(a.group(1, quorumStep("storage_quorum", k, legs), oneWay))
	}
	p := a.path(a.group(1, pl.walsenderStep(&st), oneWay, pl.walSend(&st), delay("standby_write", pl.p.Node.PageCopyCPU)))
	if b, ok := st.send.step("checkpoint_send"); ok {
		p = a.extend(p, a.group(1, b)) // the surge's backlog on the link
	}
	flush := st.standbyFlush.commitStep("standby_flush")
	if replica {
		flush = st.replicaFlush.commitStep("standby_flush")
	}
	if writer, ok := pl.walWriterWait(&st); ok {
		flush = step{name: "standby_flush", p: 1, mean: pl.dev.FsyncLatency, cv2: 1}
		p = a.join(a.path(a.group(1, writer)), p)
	}
	return a.join(p, a.path(a.group(1, flush)))
}

// walWriterWait is, under synchronous_commit = off, how long a commit's
// WAL waits for a flush before a walsender may send it, or a logical one
// decode it (both read up to the flush position: walsender.c,
// WalSndWaitForWal and XLogSendPhysical, GetFlushRecPtr): uniform within
// one interval between flushes, the WAL writer's and a sharded worker's
// prepared transactions', which flush whatever synchronous_commit says;
// false where commits flush their own WAL.
func (pl *plan) walWriterWait(st *state) (step, bool) {
	if pl.a.SyncCommit != SyncOff {
		return step{}, false
	}
	rate := pl.walWriterRate(st.wal)
	if st.flush.f > 0 {
		rate += float64(st.flush.rate)
	}
	wait := uniform(1 / rate)
	return step{name: "wal_writer", p: 1, fixed: &wait}, true
}

// changeVisible is how long after its commit an active-active node's
// change is applied on another oneWay away: the flush a walsender waits
// for under synchronous_commit = off (walWriterWait), the one-way trip,
// the origin's decoding and the other node's apply worker's queue.
func (pl *plan) changeVisible(st *state, oneWay *dist.Mixture) path {
	a := &pl.arena
	p := a.path(a.group(1, step{name: "one_way", p: 1, fixed: oneWay}, st.decode.step("decode"), st.apply.step("apply")))
	if writer, ok := pl.walWriterWait(st); ok {
		p = a.join(a.path(a.group(1, writer)), p)
	}
	return p
}

// copyTrip is the round trip from the primary to the j-th copy of a kind
// (replicas, standbys) at placement. Across named regions the copies at
// cross-region placement go to the regions after the primary's, in turn
// (read replicas serve them), so the trip is the matrix's from the
// primary's region to the copy's; otherwise the profile's for the
// placement.
func (pl *plan) copyTrip(placement Placement, j int) Time {
	regions := pl.a.Regions
	if len(regions) < 2 || placement != CrossRegion {
		return pl.p.rtt(placement)
	}
	t, _ := pl.p.Regions.RTT(regions[0], regions[1+j%(len(regions)-1)])
	return t
}

// standbyTrip is the round trip to standby i (copyTrip, counting the
// standbys at its placement before it).
func (pl *plan) standbyTrip(i int) Time {
	placement := pl.a.Standbys[i]
	return pl.copyTrip(placement, countOf(pl.a.Standbys[:i], placement))
}

// countOf returns how many of ps are p.
func countOf(ps []Placement, p Placement) int {
	n := 0
	for _, x := range ps {
		if x == p {
			n++
		}
	}
	return n
}

// replicasOneWay is the one-way trip from the primary to a read replica,
// over the replicas alike: half the round trip of each.
func (pl *plan) replicasOneWay() step {
	return pl.overReplicas("one_way", 0, func(i int) Time { return pl.copyTrip(pl.a.ReplicaPlacement, i) / 2 })
}

// visibilityPath adds the wait at the startup process (and its stalls):
// how long until a reader on the copy sees the commit.
func (pl *plan) visibilityPath(st state, oneWay step, replica bool) path {
	apply := st.replica.replayStep()
	if pl.a.Variant == Aurora { // the variant is dbms-optimized-storage's alone
		// An Aurora replica gets the redo stream from the writer in
		// batches and applies it to cached pages: its lag grows with the
		// write rate (Verbitski et al., SIGMOD 2017, Table 4: 2.62 ms at
		// 1,000 writes/s, 5.38 ms at 10,000), an exponential of the
		// fitted mean beyond the durable quorum and the trip (review of
		// 2026-11-26: 1.5 ms at every rate, a stale read impossible).
		d := pl.p.Disaggregated
		mean := d.ReplicaApply + Time(float64(d.ReplicaApplyPerWrite)*float64(st.writes)) // s + (s per write/s)·(writes/s)
		apply = step{name: "replica_apply", p: 1, mean: mean, cv2: 1}
	}
	return pl.arena.join(pl.receivePath(st, oneWay, replica), pl.arena.path(pl.arena.group(1, apply)))
}

// redo is the time to recover the WAL of a span of writing after a restart
// (MODEL.md §7): the startup process reads the WAL from the volume at its
// bandwidth, the kernel's read-ahead overlapping the reading with replay's
// CPU per transaction (the slower of the two counts), or fetches it from
// the archive at the restore rate, one segment at a time through
// restore_command as replay needs it (the two add); it reads pages evicted
// before their next record (every page's first record after the redo
// point carries a full-page image, so no page is read until the pages
// touched outgrow shared_buffers), overlapped maintenance_io_concurrency
// deep by recovery_prefetch. Crash and archive recovery then end with a
// checkpoint the server waits for before it accepts connections (xlog.c,
// PerformRecoveryXLogAction: CHECKPOINT_END_OF_RECOVERY | IMMEDIATE |
// WAIT; only a promoted standby writes an end-of-recovery record instead):
// it writes the pages the redo left dirty, at most shared_buffers (the
// rest were evicted, and written, during the redo, by the background
// writer that runs during recovery), unthrottled at the device's IOPS,
// adjacent pages merged (checkpointIOs).
func (pl *plan) redo(st state, span Time, fromArchive bool) Time {
	writes := float64(pl.loggedWrites(&st))
	txns := writes * float64(span)
	touched, _ := pl.firstTouches(writes*pl.w.PagesWrittenPerTxn, float64(span))
	depth := Time(max(1, pl.p.Postgres.MaintenanceIOConcurrency))
	walBytes := Bytes(float64(st.wal.rate) * float64(span))
	replay := max(Time(txns)*pl.replayCPU(st.wal), walBytes.Over(pl.dev.Bandwidth))
	if fromArchive {
		replay = Time(txns)*pl.replayCPU(st.wal) + walBytes.Over(pl.p.Recovery.RestoreRate)
	}
	t := replay + Time(math.Max(0, touched-pl.sbPages))*pl.dev.ReadLatency/depth
	return t + Time(pl.checkpointIOs(math.Min(touched, pl.sbPages), 1)/float64(pl.dev.IOPS))
}

// lag summarises the visibility lag of the first copy (the replicas', or
// the first standby's) and returns its distribution, or reports it
// unbounded when the system is saturated (replay at ρ ≥ 1, or the primary:
// copies fall behind without bound).
func (pl *plan) lag(st state) (*Lag, dist.Mixture) {
	if st.full() || st.writes == 0 && pl.w.WriteRate > 0 {
		inf := Time(math.Inf(1))
		return &Lag{P50: inf, P99: inf}, dist.Atom(math.Inf(1))
	}
	var d dist.Mixture
	switch {
	case pl.nodes() > 1:
		// Active-active: the origin's walsender decodes the change once
		// the origin flushed it, and the other node's apply worker commits
		// it after the one-way trip.
		trip := pl.oneWay()
		d = pl.changeVisible(&st, &trip).distribution()
	case pl.replicas > 0:
		d = pl.visibilityPath(st, pl.replicasOneWay(), true).distribution()
	default:
		d = pl.visibilityPath(st, delay("one_way", pl.standbyTrip(0)/2), false).distribution()
	}
	return &Lag{P50: Time(d.Quantile(0.5)), P99: Time(d.Quantile(0.99))}, d
}

// consistency states the guarantees (MODEL.md §6) that a workload meets:
// without writes there is none to miss and no later state to go back
// from, so reads are their own writes' and monotonic (review of
// 2026-11-28: Aurora's replicas ruled out for read_your_writes at 0 writes/s).
func (pl *plan) consistency(st state, lag dist.Mixture) Consistency {
	c := pl.guarantees(st, lag)
	if pl.w.WriteRate == 0 {
		// Nor a state any read could see torn or out of order: every
		// snapshot, on every node, is the same (review of 2026-11-28: a
		// read-only Citus cluster "did not guarantee" snapshot isolation).
		c.ReadYourWrites, c.MonotonicReads, c.SnapshotIsolation, c.LinearHistory = Guaranteed, Guaranteed, Guaranteed, Guaranteed
		for _, p := range []**float64{&c.StaleReadProbability, &c.MonotonicViolationProbability} {
			if *p != nil {
				*p = new(float64)
			}
		}
	}
	return c
}

// guarantees states the architecture's guarantees (MODEL.md §6). Reads on
// an async replica miss a write whose commit their client saw
// Workload.ReadAfterWrite earlier with the probability replicaStale gives,
// lag the replicas' visibility lag.
func (pl *plan) guarantees(st state, lag dist.Mixture) Consistency {
	c := Consistency{ReadYourWrites: Guaranteed, MonotonicReads: Guaranteed, SnapshotIsolation: Guaranteed, LinearHistory: Guaranteed}
	if pl.nodes() > 1 {
		// Active-active (MODEL.md §6): a session that stays on its node reads
		// its writes and monotonically, until a failover moves it; nodes
		// commit independently, so there is neither one global snapshot nor
		// one linear history, and concurrent updates conflict after commit.
		if !pl.w.SessionAffinity {
			c.ReadYourWrites, c.MonotonicReads = NotGuaranteed, NotGuaranteed
		}
		c.SnapshotIsolation, c.LinearHistory = NotGuaranteed, NotGuaranteed
		if !st.saturated {
			conflicts, lost := pl.conflicts(st.writes, Time(lag.Mean()), st.write.mean()/2)
			c.ConflictsPerSec, c.LostUpdatesPerSec = &conflicts, &lost
			if !pl.w.SessionAffinity {
				// The write's acknowledgement and the next read each
				// take half the client's round trip.
				away := pl.awayLag(st)
				p := pl.elsewhere() * (1 - away.CDF(float64(pl.w.ReadAfterWrite+pl.w.ClientRTT)))
				c.StaleReadProbability = &p
				// A read on another node one client round trip δ after
				// the last misses what the last node's own writers
				// committed before it, where that node's changes lag
				// more than δ: the term of a read from the primary, then
				// a replica, in backInTime (MODEL.md §6; a third
				// origin's changes reaching the two nodes out of order
				// add a little more; review of 2026-11-28: no figure was
				// given).
				mono := pl.elsewhere() * (1 - away.CDF(float64(pl.w.ClientRTT)))
				c.MonotonicViolationProbability = &mono
			}
		}
		return c
	}
	if pl.a.ID == Sharded {
		// Multi-node reads are not one global snapshot (Citus: each worker
		// takes its own; MODEL.md §6), and COMMIT PREPARED reaches the
		// workers at different times, so such a read may see a later
		// transaction without an earlier one, or part of one (citus PR
		// #6489, citus_use_snapshot; review of 2026-11-26).
		c.SnapshotIsolation = NotGuaranteed
		if pl.workers() > 1 {
			c.LinearHistory = NotGuaranteed
		}
	}
	if pl.a.ID == DistributedSQL && pl.a.Clock == HLC {
		// Hybrid logical clocks give serializability, not strict
		// serializability: transactions on disjoint keys may commit in an
		// order their clients did not see (CockroachDB's "causal reverse").
		c.LinearHistory = NotGuaranteed
	}
	if pl.a.ID == DistributedSQL && pl.a.FollowerReads {
		// Follower reads are served at a timestamp the staleness bound in
		// the past: a read sooner than that after a commit never sees it.
		c.ReadYourWrites, c.MonotonicReads = NotGuaranteed, NotGuaranteed
		p := 0.0
		if pl.w.ReadAfterWrite < pl.p.KV.FollowerReadStaleness {
			p = 1
		}
		c.StaleReadProbability = &p
		return c
	}
	if pl.replicas == 0 || st.replicaReads == 0 {
		return c
	}
	// Under remote_apply a commit is acknowledged once every standby it
	// waits for has applied it: where reads go to those standbys alone
	// (FIRST n or ANY n of n), a client reads its own writes there.
	applied := pl.a.StandbyReads && pl.a.SyncCommit == SyncRemoteApply && pl.a.QuorumCount == len(pl.a.Standbys)
	if !applied {
		c.ReadYourWrites = NotGuaranteed
	}
	f := pl.toReplicas()
	// Across named regions each client reads one node, its region's copy
	// or the primary, where every read may go to a replica and each region
	// holds one (review of 2026-11-27: 0.25 of a client's reads went back
	// in time as though balanced between the two).
	oneNode := pl.routed() && pl.w.ReplicaReadFraction >= 1 && pl.replicas < len(pl.a.Regions)
	if (pl.replicas > 1 || f < 1) && !oneNode {
		if !pl.w.SessionAffinity {
			c.MonotonicReads = NotGuaranteed // load balancing goes back and forth in time
		}
	}
	p, mono := 1.0, 1.0
	if !st.full() {
		p = pl.replicaStale(st, lag)
		mono = pl.backInTime(lag, f)
	}
	if applied {
		p = 0
	}
	c.StaleReadProbability = &p
	if c.MonotonicReads == NotGuaranteed {
		c.MonotonicViolationProbability = &mono
	}
	return c
}

// replicaStale is the probability that a read sent read_after_write_ms
// after its client saw its own write commit reaches a replica that has not
// applied it yet (MODEL.md §6). The replica's lag counts from the commit's
// flush on the primary, and the read arrives later by the
// acknowledgement's one-way trip to the client, the client's wait and the
// read's one-way trip to the replica, per client region (review of
// 2026-11-27: a cross-region replica missed every read sooner than 8 ms,
// though the read itself travels 7.5 ms after the WAL does). Each read
// meets the lag of the replica it reaches, lag where the replicas are
// alike (review of 2026-11-28: the lag of a replica in Tokyo made half of
// the reads in Frankfurt, served by Frankfurt's, stale).
func (pl *plan) replicaStale(st state, lag dist.Mixture) float64 {
	f, n := float64(pl.w.ReplicaReadFraction), max(1, pl.replicas)
	trip := func(j int) Time { return pl.copyTrip(pl.a.ReplicaPlacement, j) }
	alike := true
	for j := 1; j < n && alike; j++ {
		alike = trip(j) == trip(0)
	}
	type lagAt struct {
		trip Time
		lag  dist.Mixture
	}
	var lags []lagAt // the replicas' lags by their trip from the primary
	missed := func(j int, ack, toReplica Time) float64 {
		d := lag
		if !alike {
			i := slices.IndexFunc(lags, func(l lagAt) bool { return l.trip == trip(j) })
			if i < 0 {
				lags = append(lags, lagAt{trip(j), pl.visibilityPath(st, delay("one_way", trip(j)/2), true).distribution()})
				i = len(lags) - 1
			}
			d = lags[i].lag
		}
		return 1 - d.CDF(float64(ack+pl.w.ReadAfterWrite+toReplica/2))
	}
	var p, total float64
	clients := pl.clients()
	for _, c := range sortedKeys(clients) {
		wc := clients[c]
		total += wc
		home, _ := pl.p.Regions.RTT(c, pl.homeRegion())
		ack := (pl.w.ClientRTT + home) / 2
		if pl.routed() {
			// Across named regions a client reads from the nearest
			// replica's region, if nearer than the primary's.
			if place := pl.nearestRegion(c, pl.replicas); place > 0 { // replica place−1's region
				rtt, _ := pl.p.Regions.RTT(c, pl.a.Regions[place])
				p += wc * f * missed(place-1, ack, pl.w.ClientRTT+rtt)
			}
			continue
		}
		for i := range n {
			p += wc * f / float64(n) * missed(i, ack, pl.clientToReplica(pl.w.ClientRTT+home, i))
		}
	}
	return p / total
}

// backInTime is the probability that a client's next read, one client
// round trip δ after the previous one, sees an older state (MODEL.md §6).
// Reads go to the primary with probability 1 − f and to each of R replicas
// with f/R. From the primary to a replica the state is older when the
// replica lags more than δ; between two different replicas with i.i.d.
// lags L₁, L₂ when L₂ > L₁ + δ, i.e. E[1 − F(L₁ + δ)], averaged here over
// 8 quantile midpoints of L₁.
func (pl *plan) backInTime(lag dist.Mixture, f float64) float64 {
	delta := float64(pl.w.ClientRTT)
	const n = 8
	var older float64
	for i := range n {
		older += 1 - lag.CDF(lag.Quantile((float64(i)+0.5)/n)+delta)
	}
	older /= n
	r := float64(pl.replicas)
	return f*f*(1-1/r)*older + (1-f)*f*(1-lag.CDF(delta))
}

// copy is a replica or standby: where it runs, the round trip to it and
// whether commits wait for it.
type copy struct {
	placement Placement
	trip      Time
	sync      bool
	replica   bool // a read replica, not a standby
}

// copies lists the replicas and standbys. Under FIRST k only the k
// highest-priority standbys are synchronous; under ANY k all are candidates.
func (pl *plan) copies() []copy {
	var out []copy
	for i := range pl.readReplicas() {
		out = append(out, copy{placement: pl.a.ReplicaPlacement, trip: pl.copyTrip(pl.a.ReplicaPlacement, i), replica: true})
	}
	for i, p := range pl.a.Standbys {
		sync := pl.a.waitsForStandby() && (pl.a.Quorum == Any || i < pl.a.QuorumCount)
		out = append(out, copy{placement: p, trip: pl.standbyTrip(i), sync: sync})
	}
	return out
}

// failedOverByHand reports whether a failure of the kind is an operator's
// failover whatever the lag: a region's, where the consensus store spans
// fewer than three regions and the survivors hold no majority.
func (pl *plan) failedOverByHand(kind string) bool {
	return kind == "region" && pl.consensusRegions() < 3
}

// consensusRegions is how many regions the failover manager's consensus
// store (Patroni's etcd, three or more members) can spread over: every
// named region, one running as a witness where no copy runs; without named
// regions, the primary's and one per copy at cross-region placement.
// Surviving a region automatically needs three ("there must be a global
// quorum across multiple data-centers (two is not enough)", a Patroni
// maintainer, zalando/patroni#1151).
func (pl *plan) consensusRegions() int {
	if len(pl.a.Regions) > 1 {
		return len(pl.a.Regions)
	}
	n := 1
	for _, c := range pl.copies() {
		if c.placement == CrossRegion {
			n++
		}
	}
	return n
}

// availability gives RPO and RTO per failure kind (MODEL.md §7); lag is
// the copies' visibility lag, if any. On a sharded cluster the failures are
// a worker's (each worker fails like one primary with its standbys), plus
// the coordinator's: without its own standby it is a single point of
// failure (MODEL.md §5) whose metadata is restored on a new node; with
// query from any node every worker holds the metadata.
func (pl *plan) availability(st state, lag *Lag) Availability {
	a := pl.primaryAvailability(st, lag)
	if pl.a.ID != Sharded || pl.a.QueryFromAnyNode {
		return a
	}
	// Either way the new coordinator's maintenance daemon then resolves
	// the two-phase commits in doubt in its first loop, within seconds of
	// the start (maintenanced.c: lastRecoveryTime starts at 0, so the
	// citus.recover_2pc_interval has passed), and until it does their
	// prepared transactions hold only their own rows' locks on the
	// workers: no part of the RTO (review of 2026-11-27: 60 s were added
	// for the interval, and a coordinator's 100 s ruled sharding out).
	//
	// What the coordinator loses is no acknowledged commit: Citus sends
	// COMMIT PREPARED to every worker and waits for their replies in its
	// XACT_EVENT_COMMIT callback, before PostgreSQL answers the client
	// (transaction_management.c, CoordinatedTransactionCallback;
	// remote_transaction.c, FinishRemoteTransactionCommit). Its commit
	// decisions (pg_dist_transaction) matter only for the two-phase
	// commits still in flight when it fails: a decision the new
	// coordinator lacks (a local disk restored from its archive, which
	// lacks the last unfilled segment) is rolled back on the workers that
	// had not committed it yet, leaving that unacknowledged transaction
	// partly committed. A standby or a reattached volume keeps them (review
	// of 2026-11-28: RPO archive_timeout, 60 s, ruled sharding out of
	// requirements its workers met; an earlier review of 2026-11-27 had
	// counted the lost decisions as lost commits).
	rec := pl.p.Recovery
	coord := Failure{Kind: "coordinator", RTO: rec.LoneNodeDetection + rec.Reattach, // no failover manager watches it
		Action: "new coordinator node, reattach its volume, resolve the two-phase commits in doubt"}
	switch {
	case len(pl.a.Standbys) > 0:
		coord = Failure{Kind: "coordinator", RTO: rec.FailureDetection + rec.Promotion,
			Action: "fail over to the coordinator's standby, which resolves the two-phase commits in doubt"}
	case pl.a.Storage == LocalStorage:
		// Its base backup is the metadata, megabytes: restored in the
		// node's replacement time.
		coord.Action = "new coordinator node, restore its base backup (the metadata) and archived WAL, resolve the two-phase commits in doubt: " +
			"those in flight whose decision the archive lacks are rolled back where not yet committed, leaving them partly committed"
	}
	a.Failures = append(a.Failures, coord)
	a.RTO = max(a.RTO, coord.RTO)
	return a
}

// patroniLoopWait is how often Patroni's leader publishes its WAL
// position to the DCS: its HA loop's loop_wait, 10 s by default (Patroni
// docs, "Dynamic Configuration Settings").
const patroniLoopWait = 10 * Second

// cutOff is how long a primary cut off from its failover manager keeps
// committing: until it demotes itself at its next loop after retry_timeout
// (Patroni), within the leader key's TTL, failure_detection_sec (review of
// 2026-11-27: a shorter TTL promoted a copy before the cut-off primary was
// said to stop).
func (pl *plan) cutOff() Time {
	return min(patroniLoopWait+patroniRetryTimeout, pl.p.Recovery.FailureDetection)
}

// patroniRetryTimeout is how long Patroni retries the DCS before a leader
// that cannot renew its key demotes itself: retry_timeout, 10 s by default
// (Patroni docs, "Dynamic Configuration Settings").
const patroniRetryTimeout = 10 * Second

// promotedByHand is the probability that the failover manager declines to
// promote an asynchronous copy whose received WAL trails the primary's
// flushed WAL by lag, at wal bytes per second. Patroni compares a candidate's
// position with the one the leader last published, not the dead
// primary's last (Ha.is_lagging: cluster.status.last_lsn − wal_position >
// maximum_lag_on_failover): published a time u ago, uniform over
// loop_wait, that position trails the primary by wal·u, so the copy is
// refused when lag − u > maximum_lag_on_failover/wal (review of
// 2026-11-26: refusing every copy that trailed the live primary by more
// turned a 40 s failover into a 930 s one at 8 ms of lag).
func (pl *plan) promotedByHand(lag Time, wal ByteRate) float64 {
	if lag <= 0 || wal <= 0 {
		return 0
	}
	over := lag - pl.p.Recovery.MaxLagOnFailover.Over(wal)
	return math.Min(1, math.Max(0, float64(over/patroniLoopWait)))
}

// asyncLoss is what a crash loses of the commits synchronous_commit = off
// acknowledged before their flush: up to three wal_writer_delay
// (PostgreSQL docs, synchronous_commit).
func (pl *plan) asyncLoss() Time {
	if pl.a.SyncCommit != SyncOff {
		return 0
	}
	return 3 * pl.p.Postgres.WALWriterDelay
}

// archiveLag is what an archive lacks of a server writing WAL at rate:
// archive_command archives completed segments only, so a segment waits
// until the WAL fills it, or archive_timeout forces a switch (0, the
// default, never does; PostgreSQL docs, "Continuous Archiving").
func (pl *plan) archiveLag(rate ByteRate) Time {
	if rate <= 0 {
		return 0
	}
	lag := walSegment.Over(rate)
	if t := pl.p.Postgres.ArchiveTimeout; t > 0 {
		lag = min(lag, t)
	}
	return lag
}

// primaryAvailability is the availability of one primary (a worker) with
// its copies.
func (pl *plan) primaryAvailability(st state, lag *Lag) Availability {
	p := pl.p
	rec := p.Recovery
	// Crash recovery replays from the last completed checkpoint's redo
	// point: up to (1 + completion target) = 1.9 cycles of WAL, the worst
	// case an RTO bounds (1.4 on average).
	crash := pl.redo(st, (1+checkpointCompletionTarget)*st.wal.cycle, false)
	// Restoring a lost local disk: base backup plus the archived WAL since.
	restore := pl.dataPerNode().Over(rec.RestoreRate) + pl.redo(st, baseBackupInterval/2, true)
	// archive_command archives completed segments only: a segment waits
	// until the WAL fills it, or archive_timeout forces a switch (0, the
	// default, never does; PostgreSQL docs, "Continuous Archiving").
	archiveLag := pl.archiveLag(st.wal.rate)
	asyncLoss := pl.asyncLoss()
	if pl.a.Storage == DisaggregatedStorage {
		return pl.storageAvailability()
	}
	if pl.nodes() > 1 {
		// Every node in one zone: its loss is a restore in another, as a
		// lone node's (zoneRestore below), and what the nodes commit cut
		// off until the failure is detected is lost too (review of
		// 2026-11-28: the row was missing).
		lost := Failure{Kind: "zone", RTO: rec.FailureDetection + rec.Reattach + restore, RPO: max(archiveLag, asyncLoss) + rec.FailureDetection,
			Action: "every node is in the zone: a new node in another zone restores a base backup and replays the archived WAL, the others join it by full copies; cut off before it fails, the nodes keep committing for the clients inside the zone, unfenced, and lose those commits too"}
		return pl.activeActiveAvailability(lag, lost)
	}
	if pl.a.ID == DistributedSQL {
		return pl.distributedAvailability()
	}
	copies := pl.copies()
	var a Availability
	// The failure is noticed first (a failover manager's lease, or where
	// none watches a lone node, the cloud's status check), then the node
	// is replaced.
	detection := rec.FailureDetection
	if len(copies) == 0 {
		detection = rec.LoneNodeDetection
	}
	replace := detection + rec.Reattach
	zoneRestore := Failure{Kind: "zone", RTO: replace + restore, RPO: max(archiveLag, asyncLoss),
		Action: "a new node in another zone restores the base backup and replays the archived WAL"}
	if pl.a.Storage == NetworkStorage {
		zoneRestore.Action = "the volume is zonal: restore from snapshot and archive in another zone"
	}
	if len(copies) > 0 {
		// A zone cut off before it fails takes the commits its primary
		// makes meanwhile, until the failover manager demotes it
		// (cutOff), with it: failover or not.
		zoneRestore.RPO += pl.cutOff()
	}
	if len(copies) == 0 {
		// A lone node has no failover manager: cut off first, it commits
		// for the clients inside its zone until someone fences it, as
		// active-active's nodes do, and is charged the failure detection
		// as they are, a lower bound (review of 2026-11-28: Patroni's 20 s
		// were charged to a node without Patroni; then the archive's lag
		// alone, though the action said more was lost).
		zoneRestore.RPO += detection
		zoneRestore.Action += "; cut off before it fails, the node keeps committing for the clients inside its zone until fenced by hand, and loses those commits too (at least the failure detection's)"
		if pl.a.Storage == LocalStorage { // the local disk dies with the node
			a.Failures = []Failure{{Kind: "node", RTO: replace + restore, RPO: max(archiveLag, asyncLoss), Action: "new node, restore the base backup, replay archived WAL"}, zoneRestore}
		} else {
			a.Failures = []Failure{
				{Kind: "node", RTO: replace + crash, RPO: asyncLoss, Action: "new VM, reattach the volume, crash recovery"},
				zoneRestore,
			}
			a.Survives = []string{"node"}
		}
		a.RTO, a.RPO = a.Failures[0].RTO, a.Failures[0].RPO
		return a
	}

	// Failover to the copy that lost the least: promotion replays what it
	// received but had not applied (the backlog's mean), then clients move.
	// A replay that cannot keep up leaves a backlog without bound.
	backlog := Time(math.Inf(1))
	if st.standby.replay < 1 {
		backlog = st.standby.replayStep().avg() // a standby when there is one (serving queries with standby_reads), else a replica
	}
	// The receive lag's p99 by the round trip to the copy: a few trips.
	var known []copy // the copies whose receive lag's p99 (p99s) is known, by trip and kind
	var p99s []Time
	received := func(c copy) Time {
		for i, k := range known {
			if k.trip == c.trip && k.replica == c.replica {
				return p99s[i]
			}
		}
		if st.saturated || st.behind && (st.lagging == "network" || st.lagging == "walsender") {
			// A copy behind a link that cannot carry its WAL trails it
			// without bound (review of 2026-11-27: 7.8 ms of receive lag
			// reported beside an unbounded replication lag).
			return Time(math.Inf(1))
		}
		t := Time(pl.receivePath(st, delay("one_way", c.trip/2), c.replica).distribution().Quantile(0.99))
		known, p99s = append(known, c), append(p99s, t)
		return t
	}
	for _, d := range failureKinds {
		var inside, syncInside, syncOutside int
		best := Time(math.Inf(1))
		for _, c := range copies {
			if rank(c.placement) < rank(d.reach) {
				inside++
				if c.sync {
					syncInside++
				}
				continue
			}
			if c.sync {
				syncOutside++
			}
			best = min(best, received(c))
		}
		if inside == len(copies) {
			// No copy outside the failed domain: a zone's loss is a
			// restore in another zone from the object store, which
			// survives a zone (not a region's: the store is regional),
			// and is not survived (review of 2026-11-27: the row was
			// missing where a network volume's restore was listed).
			if d.kind == "zone" {
				a.Failures = append(a.Failures, zoneRestore)
			}
			continue
		}
		// RPO = 0 only if every acknowledging set holds a copy outside the
		// failed domain (synchronous_standby_names): FIRST k: one of the k
		// synchronous standbys is outside; ANY k: at most k−1 candidates are
		// inside. Otherwise the nearest surviving copy's receive lag is lost.
		// A copy has only WAL the primary flushed: under
		// synchronous_commit = off it cannot save the commits the WAL writer
		// had not yet flushed, whose window the crash of a lone node loses.
		rpo := max(asyncLoss, best)
		if pl.a.waitsForStandby() {
			if pl.a.Quorum == First && syncOutside > 0 || pl.a.Quorum == Any && syncInside <= pl.a.QuorumCount-1 {
				rpo = 0
			}
		}
		if rpo > 0 && d.kind != "node" {
			// A zone or region may fail by being cut off first: the primary
			// keeps committing for the clients it can still reach, with no
			// copy outside waiting for it, until the failover manager
			// demotes it: Patroni's leader notices at its next HA loop
			// (loop_wait) that it cannot renew the leader key, retries for
			// retry_timeout and demotes, before the key's TTL runs out
			// (Patroni docs, "Dynamic Configuration Settings": loop_wait +
			// 2·retry_timeout ≤ ttl so that it does; review of 2026-11-27:
			// the whole TTL was charged). A synchronous copy outside makes
			// those commits wait instead.
			cut := pl.cutOff()
			if pl.failedOverByHand(d.kind) {
				// The consensus store's majority is in the primary's
				// region (failoverAction: the other cannot promote), so
				// the primary keeps its leader key and commits until an
				// operator fences it (review of 2026-11-28: 20 s
				// charged where Patroni never demotes it).
				cut = rec.FailureDetection + rec.ManualFailover - rec.Promotion
			}
			rpo += cut
		}
		byHand, action := pl.failoverAction(d.kind, best, st.wal.rate)
		operator := Time(byHand) * (rec.ManualFailover - rec.Promotion)
		a.Failures = append(a.Failures, Failure{Kind: d.kind, RTO: rec.FailureDetection + rec.Promotion + backlog + operator, RPO: rpo, Action: action})
		if byHand < 0.5 {
			a.Survives = append(a.Survives, d.kind)
		}
	}
	alone := asyncLoss // what a lone node loses: on a local disk, which dies with it, its archive's lag too
	if pl.a.Storage == LocalStorage {
		alone = max(archiveLag, asyncLoss)
	}
	pl.standbyLoss(&a, copies, received, alone)
	a.RTO, a.RPO = a.Failures[0].RTO, a.Failures[0].RPO
	return a
}

// failoverAction is how a failure of the kind is failed over to the
// nearest copy outside it, best its receive lag, at wal bytes per second:
// the probability that an operator must promote it, and what is done.
func (pl *plan) failoverAction(kind string, best Time, wal ByteRate) (byHand float64, action string) {
	rec := pl.p.Recovery
	// Where Patroni may refuse the copy, the RTO is the expectation,
	// an operator's time with the refusal's probability, continuous
	// in the load; the failure counts as survived while the failover
	// manager promotes more often than not (review: a 445 s jump where
	// the probability reached ½).
	byHand = pl.promotedByHand(best, wal)
	action = "failover manager promotes a copy outside the failed " + kind
	switch {
	case pl.failedOverByHand(kind):
		// The failover manager promotes only with a majority of its
		// consensus store (Patroni's etcd), whose members across two
		// regions leave none after losing the one holding the most.
		byHand = 1
		action = "an operator promotes a copy outside the failed region: the failover manager's consensus store spans two regions, and a majority needs three; a primary cut off first keeps that majority and commits until the operator fences it"
	case byHand >= 0.5:
		action = fmt.Sprintf("an operator promotes a copy outside the failed %s with probability %.0f%%: the nearest copy trails the position the primary last published by more than the failover manager's maximum_lag_on_failover (%.1f MB)",
			kind, 100*byHand, float64(rec.MaxLagOnFailover/MB))
	case byHand > 0.005:
		action += fmt.Sprintf(" (an operator, with probability %.0f%%: the copy trails the position the primary last published by more than maximum_lag_on_failover)", 100*byHand)
	}
	return byHand, action
}

// standbyLoss adds the failure of a synchronous standby: without a spare,
// commits block until the failover manager drops to asynchronous
// replication, which then risks the best surviving copy's lag (at the
// worst standby to lose; alone, what a lone node loses, with none left);
// under FIRST k with a spare, commits stall until the dead one is known
// dead.
func (pl *plan) standbyLoss(a *Availability, copies []copy, received func(copy) Time, alone Time) {
	rec := pl.p.Recovery
	if pl.a.waitsForStandby() && pl.a.QuorumCount == len(pl.a.Standbys) {
		// No spare synchronous standby: commits block when one dies until
		// the failover manager drops to asynchronous replication (Patroni's
		// non-strict synchronous_mode), which then risks the lag of the
		// best surviving copy, at the worst standby to lose; with none left
		// what a lone node loses (its archive's lag on a local disk, which
		// dies with it; nothing more than the unflushed window on a volume).
		degraded := Time(0)
		for j := range pl.a.Standbys {
			survivor := alone
			for i, c := range copies {
				if i != pl.readReplicas()+j {
					survivor = min(survivor, received(c))
				}
			}
			degraded = max(degraded, survivor)
		}
		a.RPODegraded = &degraded
		a.Failures = append(a.Failures, Failure{Kind: "standby", RTO: rec.FailureDetection, RPO: 0, Action: "commits block until the manager drops to asynchronous replication"})
	} else if pl.a.waitsForStandby() && pl.a.Quorum == First {
		// A spare standby takes over only once the dead one is known dead:
		// PostgreSQL replaces a synchronous standby that disconnects, but a
		// dead host's connection lasts until wal_sender_timeout (60 s by
		// default), and the failover manager names the next one in
		// synchronous_standby_names when the dead member's key expires.
		// Meanwhile every commit waits. ANY k needs any k: a spare answers
		// at once.
		a.Failures = append(a.Failures, Failure{Kind: "standby", RTO: rec.FailureDetection, RPO: 0,
			Action: "commits stall until the failover manager names the next synchronous standby (FIRST k: the dead one is waited for until it is known dead)"})
	}
}

// failureKind is a failure availability reports and the placement that
// reaches beyond it: a copy placed at least that far apart survives it.
type failureKind struct {
	kind  string
	reach Placement
}

// failureKinds are the failures, the smallest first: a node's, a zone's, a
// region's.
var failureKinds = [...]failureKind{{"node", SameZone}, {"zone", CrossZone}, {"region", CrossRegion}}

// rank orders the placements by the failures they reach beyond: same-zone
// (a node's) 0, cross-zone 1, cross-region 2.
func rank(p Placement) int {
	switch p {
	case CrossZone:
		return 1
	case CrossRegion:
		return 2
	}
	return 0
}

// storageAvailability is availability on DBMS-optimised storage (MODEL.md
// §7). The log quorum spans three zones, so acknowledged commits survive a
// node or a zone (Aurora: 4 of 6 copies, two per zone; Neon: 2 of 3
// safekeepers), not a region: RPO 0. Nothing is replayed at startup (the
// storage applies redo continuously; Verbitski et al. §3.2).
//
// Aurora fails over to a replica sharing the volume (storage_failover_sec);
// without one it recreates the writer in the failed instance's own zone
// (storage_recreate_sec; Aurora User Guide, "High availability for
// Aurora"), and after a zone failure with no instance in another zone one
// must be created there by hand ("make sure to manually create one or more
// new DB instances in another AZ", same page): only a replica in another
// zone survives a zone failure. Neon restarts its compute on another node
// (storage_restart_sec) and, after a zone failure, in another zone
// (storage_recreate_sec; Neon docs, "High availability").
func (pl *plan) storageAvailability() Availability {
	rec, d := pl.p.Recovery, pl.p.Disaggregated
	nodeAction := "fail over to a replica sharing the cluster volume"
	zoneAction := "the log quorum survives a zone; a replica in another zone takes over"
	var node, zone Time
	survives := []string{"node", "zone"}
	switch {
	case pl.a.Variant == Neon:
		node, zone = d.Restart, d.Recreate
		nodeAction, zoneAction = "Neon restarts the compute on another node", "the safekeepers' quorum survives a zone; Neon restarts the compute in another zone"
	case pl.replicas > 0 && pl.a.ReplicaPlacement != SameZone:
		node, zone = d.Failover, d.Failover
	default:
		node, nodeAction = d.Recreate, "Aurora recreates the writer instance in its zone"
		if pl.replicas > 0 {
			node, nodeAction = d.Failover, "fail over to a replica sharing the cluster volume (same zone)"
		}
		// By hand: an operator's time to act (manual_failover_sec, as
		// for a copy no failover manager promotes), then the instance's
		// creation; no failover manager's detection (review).
		zone = rec.ManualFailover + d.Recreate
		zoneAction = "no instance outside the zone: the log quorum keeps every commit, and a writer created by hand in another zone takes over"
		survives = []string{"node"}
	}
	var rpo Time
	if pl.a.SyncCommit == SyncOff {
		rpo = 3 * pl.p.Postgres.WALWriterDelay // not yet shipped to the log stores
	}
	return Availability{
		RTO: node,
		RPO: rpo,
		Failures: []Failure{
			{Kind: "node", RTO: node, RPO: rpo, Action: nodeAction},
			{Kind: "zone", RTO: zone, RPO: rpo, Action: zoneAction},
		},
		Survives: survives,
	}
}
