package model

import (
	"math"

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

// lagDistribution is how long after its commit on the primary a transaction
// becomes visible on a replica or standby at placement pl (MODEL.md §2.7):
// the one-way trip, the walreceiver's write and flush (its own group
// commit), and the wait at the startup process.
func (pl *plan) lagDistribution(st state, placement Placement) dist.Mixture {
	a := &pl.arena
	g := a.group(1, delay("one_way", pl.p.rtt(placement)/2), delay("standby_write", pl.p.Node.PageCopyCPU))
	lag := a.path(g)
	if st.flush.f > 0 {
		lag = a.join(lag, a.path(a.group(1, st.flush.commitStep("standby_flush"))))
	}
	if st.replica.replay < 1 {
		lag = a.join(lag, a.path(a.group(1, st.replica.replayStep())))
	}
	return lag.distribution()
}

// redo is the time to replay the WAL of a span of writing after a restart:
// the startup process's CPU per transaction plus, with a cold cache, one
// read per modified page that carries no full-page image, overlapped
// maintenance_io_concurrency deep by recovery_prefetch.
func (pl *plan) redo(st state, span Time) Time {
	txns := float64(st.writes) * float64(span)
	reads := math.Max(0, pl.w.PagesWrittenPerTxn-st.wal.fpiPerTxn)
	depth := Time(max(1, pl.p.Postgres.MaintenanceIOConcurrency))
	return Time(txns) * (pl.replayCPU(st.wal) + Time(reads)*pl.dev.ReadLatency/depth)
}

// placementOfCopies is where the replicas or standbys run.
func (pl *plan) placementOfCopies() Placement {
	if pl.replicas > 0 || len(pl.a.Standbys) == 0 {
		return pl.a.ReplicaPlacement
	}
	return pl.a.Standbys[0]
}

// lag summarises the replication lag, or reports it unbounded when replay
// cannot keep up (ρ ≥ 1: the standby falls behind without bound).
func (pl *plan) lag(st state) *Lag {
	if st.saturated && st.replica.replay >= 1 || st.writes == 0 && pl.w.WriteRate > 0 {
		inf := Time(math.Inf(1))
		return &Lag{P50: inf, P99: inf}
	}
	d := pl.lagDistribution(st, pl.placementOfCopies())
	return &Lag{P50: Time(d.Quantile(0.5)), P99: Time(d.Quantile(0.99))}
}

// consistency states the guarantees (MODEL.md §6). Reads on an async
// replica miss a write committed Workload.ReadAfterWrite earlier with
// probability P(lag > read_after_write).
func (pl *plan) consistency(st state) Consistency {
	c := Consistency{ReadYourWrites: Guaranteed, MonotonicReads: Guaranteed, SnapshotIsolation: Guaranteed, LinearHistory: Guaranteed}
	if pl.replicas == 0 || st.replicaReads == 0 {
		return c
	}
	c.ReadYourWrites = NotGuaranteed
	if pl.replicas > 1 || pl.w.ReplicaReadFraction < 1 {
		if !pl.w.SessionAffinity {
			c.MonotonicReads = NotGuaranteed // load balancing goes back and forth in time
		}
	}
	p := 1.0
	if !st.saturated {
		lag := pl.lagDistribution(st, pl.a.ReplicaPlacement)
		p = float64(pl.w.ReplicaReadFraction) * (1 - lag.CDF(float64(pl.w.ReadAfterWrite)))
	}
	c.StaleReadProbability = &p
	return c
}

// availability gives RPO and RTO per failure kind (MODEL.md §7); lag is
// the replication lag where there are copies.
func (pl *plan) availability(st state, lag *Lag) Availability {
	p, w := pl.p, pl.w
	rec := p.Recovery
	// Crash recovery replays from the last completed checkpoint's redo
	// point: about (1 + completion target) cycles of WAL.
	crash := pl.redo(st, (1+checkpointCompletionTarget)*st.wal.cycle)
	// Restoring a lost local disk: base backup plus the archived WAL since.
	restore := w.DataSize.Over(rec.RestoreRate) + pl.redo(st, baseBackupInterval/2)
	archiveLag := Time(0)
	if p.Postgres.ArchiveTimeout > 0 && st.wal.rate > 0 {
		archiveLag = min(p.Postgres.ArchiveTimeout, walSegment.Over(st.wal.rate))
	}
	asyncLoss := Time(0)
	if pl.a.SyncCommit == SyncOff {
		asyncLoss = 3 * p.Postgres.WALWriterDelay // PostgreSQL docs, synchronous_commit
	}
	failover := rec.FailureDetection + rec.Promotion
	var lagP99 Time
	if lag != nil {
		lagP99 = lag.P99
	}

	var a Availability
	switch {
	case pl.replicas == 0 && len(pl.a.Standbys) == 0 && pl.a.Storage == LocalStorage:
		// The local disk dies with the node.
		a.Failures = []Failure{{Kind: "node", RTO: rec.Reattach + restore, RPO: max(archiveLag, asyncLoss), Action: "new node, restore the base backup, replay archived WAL"}}
	case pl.replicas == 0 && len(pl.a.Standbys) == 0:
		a.Failures = []Failure{
			{Kind: "node", RTO: rec.Reattach + crash, RPO: asyncLoss, Action: "new VM, reattach the volume, crash recovery"},
			{Kind: "zone", RTO: rec.Reattach + restore, RPO: max(archiveLag, asyncLoss), Action: "the volume is zonal: restore from snapshot and archive in another zone"},
		}
		a.Survives = []string{"node"}
	default:
		rpo := lagP99 // asynchronous: what the promoted copy had not received
		if pl.a.waitsForStandby() {
			rpo = 0
		}
		// Promotion waits for the copy to replay what it received.
		rto := failover + Time(float64(lagP99))
		a.Failures = []Failure{{Kind: "node", RTO: rto, RPO: rpo, Action: "failover manager promotes a copy"}}
		a.Survives = []string{"node"}
		far := pl.placementOfCopies()
		if pl.replicas == 0 {
			far = farthest(pl.a.Standbys)
		}
		for _, k := range []struct {
			kind  string
			needs Placement
		}{{"zone", CrossZone}, {"region", CrossRegion}} {
			if rank(far) >= rank(k.needs) {
				a.Failures = append(a.Failures, Failure{Kind: k.kind, RTO: rto, RPO: rpo, Action: "promote the copy in another " + k.kind})
				a.Survives = append(a.Survives, k.kind)
			}
		}
		if pl.a.waitsForStandby() && pl.a.Quorum == First && pl.a.QuorumCount == len(pl.a.Standbys) {
			// No spare synchronous standby: commits block when one dies until
			// the failover manager drops to asynchronous replication
			// (Patroni's non-strict synchronous_mode), which then risks the lag.
			degraded := lagP99
			a.RPODegraded = &degraded
			a.Failures = append(a.Failures, Failure{Kind: "standby", RTO: rec.FailureDetection, RPO: 0, Action: "commits block until the manager drops to asynchronous replication"})
		}
	}
	a.RTO, a.RPO = a.Failures[0].RTO, a.Failures[0].RPO
	if a.Survives == nil {
		a.Survives = []string{}
	}
	return a
}

func rank(p Placement) int {
	switch p {
	case CrossZone:
		return 1
	case CrossRegion:
		return 2
	}
	return 0
}

func farthest(ps []Placement) Placement {
	out := SameZone
	for _, p := range ps {
		if rank(p) > rank(out) {
			out = p
		}
	}
	return out
}
