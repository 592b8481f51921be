package model_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/pgarch/pgarch/model"
)

// hotRowRun is one run of validation/hotrow.sh: its clients, throughput
// (transactions/s), mean latency, the WAL flushes it made with their
// mean time (fdatasync and the write before it, from pg_stat_wal), its
// latencies' median and 99th percentile (pgbench's log), and the server's
// CPU a transaction (the file's last column, WAL records a transaction,
// only docs/model.md reads).
type hotRowRun struct {
	clients, tps float64
	latency      model.Time
	flushes      float64
	flush        model.Time
	p50, p99     model.Time
	cpu          model.Time
}

// readHotRowRuns parses validation/results/hotrow.txt by run name
// (hot-on, spread-off, …) and client count.
func readHotRowRuns(t *testing.T) map[string]map[float64]hotRowRun {
	t.Helper()
	_, lines := readResults(t, "hotrow.txt")
	runs := map[string]map[float64]hotRowRun{}
	for _, r := range lines {
		// clients tps latency_ms wal_sync wal_sync_time_ms wal_write_time_ms p50_ms p99_ms server_cpu_us wal_records
		if v := r.v; len(v) == 10 && v[3] > 0 {
			if runs[r.name] == nil {
				runs[r.name] = map[float64]hotRowRun{}
			}
			runs[r.name][v[0]] = hotRowRun{clients: v[0], tps: v[1], latency: model.Time(v[2]) * model.Millisecond,
				flushes: v[3], flush: model.Time((v[4]+v[5])/v[3]) * model.Millisecond,
				p50: model.Time(v[6]) * model.Millisecond, p99: model.Time(v[7]) * model.Millisecond,
				cpu: model.Time(v[8]) * model.Microsecond}
		}
	}
	if _, ok := runs["spread-off"][1]; !ok || len(runs["hot-on"]) < 2 || len(runs["hot-off"]) < 2 {
		t.Fatalf("hotrow.txt: runs %v, want hot-on, hot-off and spread-off at one client", runs)
	}
	return runs
}

// A hot row's lock against a real PostgreSQL (validation/hotrow.sh on
// this 2-core machine, PostgreSQL 15): clients that all UPDATE one row,
// one statement a transaction, take its lock in turn, so the row passes
// on once per hold and throughput is the inverse of the hold. With the
// run's own flush time (its WAL flushes are one a commit: the lock
// serialises them) and the machine's statement and cores
// (hotRowWorkload, hotRowProfile), the model's throughput is at least the
// measured one and within +30 % of it at 4 clients, +50 % at 16 (the run
// of 2026-11-27 with the server's CPU: +20 % and +37 %; at 4 clients the
// model's hold is the flush and half the statement, 454 µs, where the
// row changed hands every 548 µs). What the model leaves out is the next
// holder's wake-up from its sleep on the lock, dear on this virtual
// machine, and a returning client's barging past sleeping waiters. With
// synchronous_commit off the lock's capacity in the model is at least
// what 16 clients reached on the one row (16,900/s: a hold and hand-over
// of at most 59 µs on the busy cores). Before the review of 2026-11-27
// the model held the row for the flush alone, and waited in it half the
// time for a flush in progress that a holder never meets (its row's
// previous holder flushed before it took the row): −11 % at 4 clients by
// two errors that cancelled, and no lock at all under synchronous_commit
// off.
func TestHotRowHoldMeasured(t *testing.T) {
	runs := readHotRowRuns(t)
	p := hotRowProfile(t)
	w := hotRowWorkload(runs)
	for _, c := range []struct {
		clients, bound float64
	}{{4, 0.30}, {16, 0.50}} {
		run := runs["hot-on"][c.clients]
		w.Clients = int(c.clients)
		p.Local.FsyncLatency = run.flush
		res := evaluate(t, model.Architecture{ID: model.SingleNode}, w, p)
		got := float64(res.Throughput.Total)
		t.Logf("%v clients: %.0f updates/s, measured %.0f (%+.1f %%)", c.clients, got, run.tps, 100*(got/run.tps-1))
		if res.Bottleneck != "row_lock" || got < run.tps || got > run.tps*(1+c.bound) {
			t.Errorf("%v clients on one row, %v a flush: %.0f updates/s at %s, want row_lock at the measured %.0f to +%.0f %%",
				c.clients, run.flush, got, res.Bottleneck, run.tps, 100*c.bound)
		}
	}
	// The lock's own capacity, on the lecture's 8 cores: on the machine's
	// two, pgbench's CPU (17 µs a transaction, which the model does not
	// see) shared them, and the clients queued at the cores as much as at
	// the row (2.4 WAL records a transaction: 38 % of them waited for it).
	off := runs["hot-off"][16]
	w.Clients = 16
	res := evaluate(t, model.Architecture{ID: model.SingleNode, SyncCommit: model.SyncOff}, w, lecture(t))
	busy := usage(res, "row_lock")
	capacity := float64(res.Throughput.Total) / busy
	t.Logf("synchronous_commit off: the lock carries %.0f updates/s, measured %.0f", capacity, off.tps)
	if !(busy > 0) || capacity < off.tps {
		t.Errorf("synchronous_commit off: the row's lock %.3g busy, carrying %.0f updates/s; want it held (the UPDATE's own work) and at least the %.0f measured", busy, capacity, off.tps)
	}
}

// A hot row's hand-overs against a real PostgreSQL (validation/hotrow.sh,
// 2026-11-27, this 2-core machine): each commit of the row wakes every
// waiter, and each but the next re-checks it and queues again
// (plan.rowLock, handOverWork), so the server's CPU a transaction grows
// with the clients on one row, beyond the same updates spread over rows:
// by 2, 162, 302, 756 and 1,066 µs at 2, 4, 8, 16 and 32 clients. The
// model on the machine's two cores charges none at 2 clients (no one
// waits behind the next holder), and 99, 296, 474 and 625 µs at 4 to 32
// (−39 %, −2 %, −37 %, −41 %: from 16 clients on it holds a row's chain of
// wake-ups to a core, where the machine's ran 1.2 and 1.3 cores, part of
// each waiter's work running beside the chain); within 25 % at 8
// clients, 45 % at 4, 16 and 32. That CPU slows the holders' own work, so
// the row carries less as the clients grow: measured 1,825 updates/s at 4
// clients and 1,263 at 32 (−31 %), the model 2,184 and 1,600 (−27 %),
// where before it gave the same at every count; the fall is bounded
// within half to one and a half times the measured.
func TestHotRowHandOverMeasured(t *testing.T) {
	runs := readHotRowRuns(t)
	p := hotRowProfile(t)
	w := hotRowWorkload(runs)
	perTxn := func(clients float64) (model.Result, model.Time) {
		w.Clients = int(clients)
		p.Local.FsyncLatency = runs["hot-on"][clients].flush
		res := evaluate(t, model.Architecture{ID: model.SingleNode}, w, p)
		return res, model.Time(usage(res, "cpu") * float64(p.Node.VCPUs) / float64(res.Throughput.Total))
	}
	_, alone := perTxn(1)
	throughput := map[float64]float64{}
	for _, c := range []struct{ clients, bound float64 }{{2, 0}, {4, 0.45}, {8, 0.25}, {16, 0.45}, {32, 0.45}} {
		res, cpu := perTxn(c.clients)
		throughput[c.clients] = float64(res.Throughput.Total)
		got, want := cpu-alone, runs["hot-on"][c.clients].cpu-runs["spread-on"][c.clients].cpu
		t.Logf("%v clients: %.0f µs more CPU a transaction than one client's, measured %.0f µs more than spread rows'; %.0f updates/s",
			c.clients, float64(got)*1e6, float64(want)*1e6, throughput[c.clients])
		switch {
		case c.bound == 0 && got > model.Microsecond/1000:
			t.Errorf("%v clients: %.3g µs of hand-over CPU a transaction, want none (no one waits behind the next holder)", c.clients, float64(got)*1e6)
		case c.bound > 0 && !within(float64(got), float64(want), c.bound):
			t.Errorf("%v clients on one row: %.0f µs more CPU a transaction, measured %.0f: want within %.0f %%", c.clients, float64(got)*1e6, float64(want)*1e6, 100*c.bound)
		}
	}
	fall := 1 - throughput[32]/throughput[4]
	measured := 1 - runs["hot-on"][32].tps/runs["hot-on"][4].tps
	t.Logf("from 4 to 32 clients the throughput falls %.0f %%, measured %.0f %%", 100*fall, 100*measured)
	if fall < measured/2 || fall > 1.5*measured {
		t.Errorf("from 4 to 32 clients on one row the model's throughput falls %.0f %%, measured %.0f %%: want half to one and a half times", 100*fall, 100*measured)
	}
}

// hotRowProfile is the lecture's profile on validation/hotrow.sh's
// machine: two cores.
func hotRowProfile(t *testing.T) model.Profile {
	p := lecture(t)
	p.Node.VCPUs = 2
	return p
}

// hotRowWorkload is validation/hotrow.sh's hot runs as a workload: one
// UPDATE of one row a transaction, in one call, by clients that do
// nothing else, the statement's CPU the server's a transaction in the
// spread run at one client without a flush (the UPDATE and its commit).
func hotRowWorkload(runs map[string]map[float64]hotRowRun) model.Workload {
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate, w.AnalyticalRate = 0, 1, 0 // the mix: writes only
	w.StatementsPerTxn, w.RoundTripsPerTxn, w.StatementsAfterHotWrite = 1, 1, 0
	w.PagesReadPerTxn, w.PagesWrittenPerTxn, w.RowsInsertedPerTxn = 0, 0, 0
	w.HotRows, w.HotRowWriteFraction = 1, 1
	w.ClientRTT, w.ThinkTime = 0, 0 // the hold has no client trip: one call
	w.CPUPerStatement = runs["spread-off"][1].cpu
	return w
}

// The shape of a hot row's wait against a real PostgreSQL
// (validation/hotrow.sh, PostgreSQL 15): at 16 clients on one row, nearly
// all of them waiting, the p99 of the latency is 4.3, 4.1 and 4.4 times
// its mean in three runs of 2026-11-27, whatever the hold's own error
// (the ratio, not the p99: TestHotRowHoldMeasured bounds the hold). A
// FIFO queue of 15 waiters would bound the wait near 15 hand-overs, an
// Erlang with p99 about 1.7 times its mean; PostgreSQL's 46 ms are 70.
// Its waiters do not queue in order: the tuple lock a waiter takes to
// keep its place is on the row version it found (heapam.c, heap_update:
// heap_acquire_tuplock on oldtup.t_self), and once that version's updater
// commits, the update fails (TM_Updated), the lock is released and the
// waiter locks the newest version (table_tuple_lock with
// TUPLE_LOCK_FLAG_FIND_LAST_VERSION, then EvalPlanQual) behind whoever
// reached it first: every hand-over restarts the race, which is nearer
// random order than FIFO. The model's wait (plan.rowLock: the M/G/1's
// with random order's second moment, its factor taken in the share of the
// clients not at the row) gives 4.6, within 25 %. At 4 clients the runs
// measured 5.9, 5.2 and 9.3, the model 4.9: below each, since a client
// back from its commit can take the row before the waiters wake (they
// race with it, not only among themselves; the wake-ups are dear on this
// virtual machine), a bias random order leaves out; the test bounds it
// between half the measured ratio and the measured.
// (A FIFO shape of the closed population's, tried on 2026-11-27 because
// a FIFO simulation bore it out, gave 1.7 at 16 clients, −59 %, and was
// reverted.)
func TestHotRowWaitShapeMeasured(t *testing.T) {
	runs := readHotRowRuns(t)
	p := hotRowProfile(t)
	w := hotRowWorkload(runs)
	for _, clients := range []float64{4, 16} {
		run := runs["hot-on"][clients]
		w.Clients = int(clients)
		p.Local.FsyncLatency = run.flush
		res := evaluate(t, model.Architecture{ID: model.SingleNode}, w, p)
		got, want := float64(res.Write.P99/res.Write.Mean), float64(run.p99/run.latency)
		t.Logf("%v clients: p99/mean %.2f (%.3g / %.3g ms, median %.3g), measured %.2f (%.3g / %.3g ms, median %.3g)", clients, got,
			float64(res.Write.P99)*1e3, float64(res.Write.Mean)*1e3, float64(res.Write.P50)*1e3,
			want, float64(run.p99)*1e3, float64(run.latency)*1e3, float64(run.p50)*1e3)
		switch {
		case clients == 16 && math.Abs(got/want-1) > 0.25:
			t.Errorf("16 clients on one row: p99/mean %.2f, measured %.2f: want within 25 %%", got, want)
		case clients == 4 && (got > want || got < want/2):
			t.Errorf("4 clients on one row: p99/mean %.2f, measured %.2f: want half the measured to the measured", got, want)
		}
	}
}

// Where hot rows' hand-overs take a share of a busy CPU the result warns
// of a collapse the steady state does not show: the simulator's K15 case
// (docs/simulation.md: ten hot rows, three reads a write, lecture
// profile, CPU at 0.85, where two runs in three tipped into one) warns;
// the same rows at half the load, and the same load without hot rows,
// do not.
func TestHotRowHandOverWarning(t *testing.T) {
	p := lecture(t)
	for _, c := range []struct {
		writes model.Rate
		hot    int
		warn   bool
	}{{9620, 10, true}, {4800, 10, false}, {9620, 0, false}} {
		w := model.DefaultWorkload()
		w.ReadRate, w.WriteRate, w.HotRows = 3*c.writes, c.writes, c.hot
		res := evaluate(t, model.Architecture{ID: model.SingleNode}, w, p)
		warned := slices.ContainsFunc(res.Warnings, func(s string) bool { return strings.Contains(s, "wakes every waiter") })
		t.Logf("%.0f writes/s, %d hot rows: cpu %.2f, warned %v", float64(c.writes), c.hot, usage(res, "cpu"), warned)
		if warned != c.warn {
			t.Errorf("%.0f writes/s on %d hot rows, CPU %.2f busy: warned %v, want %v (%q)", float64(c.writes), c.hot, usage(res, "cpu"), warned, c.warn, res.Warnings)
		}
	}
}

// Where sessions run out at the ceiling, what holds them is named: twenty
// hot rows behind a synchronous standby on io2 fill the sessions through
// the lock's queue while the volume's IOPS run at 0.96, and twice the IOPS
// leave the ceiling where it was (review of 2026-11-28: "iops" named where
// buying IOPS changes nothing). The lock, whose saturation is nearer than
// every station's, is named at both.
func TestSessionsHeldByALockNameIt(t *testing.T) {
	p := builtin(t, "aws-io2")
	p.Postgres.MaxWALSize, p.Postgres.CheckpointTimeout = 32*model.GB, 900*model.Second
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet, w.ReplicaReadFraction = 15000, 5000, 200*model.GB, 30*model.GB, 0
	w.HotRows, w.HotRowWriteFraction, w.StatementsAfterHotWrite = 20, 1, 1
	a := model.Architecture{ID: model.HotStandby, Storage: model.NetworkStorage, Standbys: []model.Placement{model.CrossZone}}
	res := evaluate(t, a, w, p)
	p.Network.IOPS, p.Node.VolumeIOPS = 24000, 24000
	more := evaluate(t, a, w, p)
	if !within(more.MaxThroughputScale, res.MaxThroughputScale, 1e-3) || usage(res, "iops") < 0.9 {
		t.Fatalf("headroom %v at 12,000 IOPS (iops %.3f), %v at 24,000: want the same ceiling beside a nearly full volume", res.MaxThroughputScale, usage(res, "iops"), more.MaxThroughputScale)
	}
	if res.Bottleneck != "row_lock" || more.Bottleneck != "row_lock" {
		t.Errorf("bottleneck %s at 12,000 IOPS, %s at 24,000: want row_lock at both", res.Bottleneck, more.Bottleneck)
	}
}
