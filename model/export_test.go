package model

import (
	"context"
	"slices"

	"github.com/pgarch/pgarch/model/queue"
)

// WriteMoments solves the reported state of a at scale s of w's load and
// returns the write path's mean (s) and variance (s²) and the row lock's
// wait given that it waits (s). meansOnly selects the solve the saturation
// check uses, which leaves out sums of distributions.
func WriteMoments(w Workload, p Profile, a Architecture, s float64, meansOnly bool) (mean, variance, lockWait float64) {
	pl := newPlan(context.Background(), w, p, a, DefaultRequirements())
	defer pl.release()
	pl.final, pl.meansOnly = true, meansOnly
	st := pl.solve(s)
	return float64(st.write.mean()), st.write.variance(), float64(st.lockWait)
}

// CheckpointIOs returns the device I/Os of one checkpoint of a plan for w
// on p (single node), given the page updates per second u, the cycle t
// (s) and the share ckpt of the dirtied pages still dirty at the
// checkpoint, and the pages those writes carry.
func CheckpointIOs(w Workload, p Profile, u, t, ckpt float64) (ios, pages float64) {
	pl := newPlan(context.Background(), w, p, Architecture{ID: SingleNode}, DefaultRequirements())
	defer pl.release()
	d, _ := pl.firstTouches(u, t)
	return pl.checkpointIOs(d, ckpt), ckpt * d
}

// FlushedWAL solves the reported state of a at w's load and returns the
// WAL the primary's flushes make durable per second, one copy (the flush
// rate times each flush's bytes), and the WAL the primary writes, both in
// bytes per second.
func FlushedWAL(w Workload, p Profile, a Architecture) (flushed, written float64) {
	pl := newPlan(context.Background(), w, p, a, DefaultRequirements())
	defer pl.release()
	pl.final = true
	st := pl.solve(1)
	return float64(st.flush.rate) * st.flush.batchBytes(), float64(st.wal.rate)
}

// RowSources returns the clients that can queue at a hot row of a under
// w's closed load (plan.rowSources).
func RowSources(w Workload, p Profile, a Architecture) float64 {
	pl := newPlan(context.Background(), w, p, a, DefaultRequirements())
	defer pl.release()
	return pl.rowSources()
}

// ReplayPauses solves a at w's load and returns the share of the time the
// replay of its first copy is paused by conflicts with the copy's
// analytical queries.
func ReplayPauses(w Workload, p Profile, a Architecture) float64 {
	pl := newPlan(context.Background(), w, p, a, DefaultRequirements())
	defer pl.release()
	pl.final = true
	st := pl.solve(1)
	return st.replica.stall
}

// ScanCPUPerGB is the CPU an analytical query spends per GB it scans.
const ScanCPUPerGB = scanCPUPerGB

// DeviceWait returns the mean wait in the queue of the device dev at
// arrival I/Os a second of mean service time service (newDevice).
func DeviceWait(dev Device, arrival Rate, service Time) Time {
	return newDevice(dev, arrival, service).queueWait()
}

// CacheClasses returns a single node's point-access popularity classes
// for w on p, with the analytical scans' bypass (cacheClasses), and its
// two cache levels' sizes in pages.
func CacheClasses(w Workload, p Profile) (classes []queue.Class, sharedBuffers, second float64) {
	pl := newPlan(context.Background(), w, p, Architecture{ID: SingleNode}, DefaultRequirements())
	defer pl.release()
	st := pl.offered(1)
	return slices.Clone(pl.cacheClasses(pl.primaryPoints(st), float64(st.primaryScans))), pl.sbPages, pl.osPages
}

// CopyHits returns the page-cache hit ratios of a's primary and of its
// read replicas for w on p, after the replicas' count is sized, and the
// replicas' count; idle is a copy's that serves no queries.
func CopyHits(w Workload, p Profile, a Architecture) (primary, replica, idle float64, replicas int) {
	pl := newPlan(context.Background(), w, p, a, DefaultRequirements())
	defer pl.release()
	if a.ID == ReadReplicas {
		var s Sizing
		pl.sizeReplicas(&s)
	}
	return pl.osHit, pl.replicaOSHit, pl.standbyOSHit, pl.replicas
}

// ApplyCPUShare is an apply worker's CPU per write statement as a share
// of a statement's (applyCPUShare).
const ApplyCPUShare = applyCPUShare

// IO is one step of a path that reaches the device: n times, each with
// probability p.
type IO struct {
	Name string
	N    int
	P    float64
}

// DeviceShape is deviceShape for a path of the given device steps.
func DeviceShape(ios []IO, queued float64) float64 {
	var p path
	for _, io := range ios {
		p = append(p, group{n: io.N, steps: []step{{name: io.Name, p: io.P}}})
	}
	return deviceShape(p, queued)
}

// ClusterTrips returns the mean (s) and variance (s²) of the round trips
// inside the cluster that a plan of a on p builds outside the paths'
// queues, given that they happen: a Citus reference-table write's call to
// the first worker and its INSERT's visits to the other placements, a
// multi-node write's second BEGIN, a page read from DBMS-optimised
// storage that misses (with its read).
func ClusterTrips(w Workload, p Profile, a Architecture) map[string][2]float64 {
	a, _ = a.withDefaults()
	pl := newPlan(context.Background(), w, p, a, DefaultRequirements())
	defer pl.release()
	call, placements := pl.referenceSteps()
	read := pl.pageRead(device{Device: pl.dev}, 1) // no queue: the trip and the read
	out := map[string][2]float64{}
	for _, s := range []step{call, placements, pl.secondBegin(), read} {
		s.p = 1
		out[s.name] = [2]float64{float64(s.avg()), s.variance()}
	}
	return out
}

// DecodingCPU solves a, active-active, at w's load and returns one
// decoding walsender's CPU per transaction it decodes (s), its node's
// flushes taking batch commits each (the measured batching in place of
// the group commit's) and the node's own WAL alone, as a publisher's
// (validation/apply.sh: no other node's changes applied there).
func DecodingCPU(w Workload, p Profile, a Architecture, batch float64) float64 {
	a, _ = a.withDefaults()
	pl := newPlan(context.Background(), w, p, a, DefaultRequirements())
	defer pl.release()
	pl.final = true
	st := pl.solve(1)
	st.flush.batch, st.flush.rate, st.flush.bytes = batch, st.localWrites/Rate(batch), st.wal.bytesPerTxn
	return pl.decodingRounds(&st).busy / float64(st.localWrites)
}
