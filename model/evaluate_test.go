package model_test

import (
	"context"
	"errors"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pgarch/pgarch/calibration"
	"github.com/pgarch/pgarch/model"
)

// lecture returns the default profile's values.
func lecture(t testing.TB) model.Profile {
	t.Helper()
	return builtin(t, "lecture")
}

// builtin returns a built-in profile's values.
func builtin(t testing.TB, name string) model.Profile {
	t.Helper()
	p, ok := calibration.Lookup(name)
	if !ok {
		t.Fatalf("calibration.Lookup(%s) not found", name)
	}
	return p.Values
}

func evaluate(t testing.TB, a model.Architecture, w model.Workload, p model.Profile) model.Result {
	t.Helper()
	res, err := a.Evaluate(w, p, model.DefaultRequirements())
	if err != nil {
		t.Fatalf("Evaluate(%s) error: %v", a.ID, err)
	}
	return res
}

func step(r model.Result, name string) (model.Time, bool) {
	for _, s := range r.CommitPath {
		if s.Name == name {
			return s.Time, true
		}
	}
	return 0, false
}

func usage(r model.Result, name string) float64 {
	for _, u := range r.Utilization {
		if u.Resource == name {
			return float64(u.Value)
		}
	}
	return math.NaN()
}

func within(got, want, rel float64) bool { return math.Abs(got-want) <= rel*math.Abs(want) }

// The lecture's figures come out of the lecture profile: a WAL flush on the
// local device costs ≈ 10 µs, on the network-attached volume ≈ 1 ms
// ("Higher disk latency (esp for writes 10 µs -> 1000 µs)"), and the IOPS
// ceilings are 1M and 10k ("Lower IOPS (1M -> 10k IOPS)").
func TestLectureFigures(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate = 100, 10 // light load: no group-commit batching, no queues
	for _, tc := range []struct {
		id        model.ID
		flush     model.Time // lecture: one latency per device
		ceilingIO model.Rate // lecture: IOPS
	}{
		{model.SingleNode, 10 * model.Microsecond, 1_000_000},
		{model.NetworkAttachedStorage, 1000 * model.Microsecond, 10_000},
	} {
		t.Run(string(tc.id), func(t *testing.T) {
			res := evaluate(t, model.Architecture{ID: tc.id}, w, p)
			got, ok := step(res, "wal_flush")
			if !ok {
				t.Fatalf("commit path %v has no wal_flush step", res.CommitPath)
			}
			// The flush also writes the transaction's WAL (with its
			// full-page images) at the device's bandwidth, and a light load
			// almost never finds a flush busy (MODEL.md §2.3).
			bytes := float64(res.WALRate) / float64(res.Throughput.Writes)
			want := float64(tc.flush) + bytes/float64(p.Local.Bandwidth)
			if tc.id == model.NetworkAttachedStorage {
				want = float64(tc.flush) + bytes/float64(p.Network.Bandwidth)
			}
			// A commit finds a flush in progress with P(busy) = x/(x+e^(−x)),
			// x = λF, and then also waits its residual, F for an exponential
			// flush time.
			x := float64(res.Throughput.Writes) * want
			want *= 1 + x/(x+math.Exp(-x))
			if !within(float64(got), want, 0.001) || got < tc.flush {
				t.Errorf("wal_flush = %v, want ≈ %v (the lecture's %v + %.0f B at the bandwidth)", got, model.Time(want), tc.flush, bytes)
			}
			if res.IOPSCeiling != tc.ceilingIO {
				t.Errorf("IOPSCeiling = %v, want %v", res.IOPSCeiling, tc.ceilingIO)
			}
		})
	}
}

// The lecture's worked example: a 20 ms transaction caps one session at 50
// transactions per second, and sessions are the bottleneck.
func TestTwentyMillisecondTransactionCapsOneSessionAtFifty(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.ReadRate = 0
	w.Sessions = 1
	w.StatementsPerTxn, w.RoundTripsPerTxn = 1, 1
	w.ClientRTT = 20*model.Millisecond - w.CPUPerStatement - 10*model.Microsecond // ≈ 20 ms in all
	w.WriteRate = 1
	light := evaluate(t, model.Architecture{ID: model.SingleNode}, w, p)
	// ≈ 20 ms: the round trip, the statement and, at 2 % utilisation of
	// the one session, an M/M/1 wait for it of ≈ 2 % of 20 ms.
	if !within(float64(light.Write.Mean), 0.020, 0.03) {
		t.Fatalf("transaction time = %v, want ≈ 20ms", light.Write.Mean)
	}
	w.WriteRate = 100 // twice what one session can carry
	res := evaluate(t, model.Architecture{ID: model.SingleNode}, w, p)
	if !res.Saturated || res.Bottleneck != "sessions" {
		t.Errorf("Saturated, Bottleneck = %v, %q, want true, sessions", res.Saturated, res.Bottleneck)
	}
	// Little's law: one session, T = 20 ms → 1/T = 50 per second.
	if got := res.MaxThroughputScale * float64(w.WriteRate); !within(got, 50, 0.01) {
		t.Errorf("max throughput = %.2f/s, want 1/(20 ms) = 50/s", got)
	}
	for _, l := range []model.Latency{res.Write} {
		if !math.IsInf(float64(l.P99), 1) {
			t.Errorf("saturated p99 = %v, want +Inf", l.P99)
		}
	}
}

// pgbench at scale 10 with 16 clients contends for its 10 branch rows
// (MODEL.md §2.5). With a synchronous standby 20 ms away every branch lock is
// held through the standby's round trip, so one row takes at most ≈ 1/20 ms
// = 50 updates per second and the 10 rows cap the system near 500/s: the
// bottleneck is row_lock, and throughput falls as the round trip grows.
func TestRowLocksHeldThroughSynchronousStandby(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate = 0, 1 // the mix: writes only (closed load)
	w.Clients = 16
	w.HotRows = 10
	w.HotRowWriteFraction = 1
	a := model.Architecture{ID: model.HotStandby, Standbys: []model.Placement{model.CrossRegion}}
	var prev float64 = math.Inf(1)
	for _, rtt := range []model.Time{10 * model.Millisecond, 20 * model.Millisecond, 40 * model.Millisecond} {
		p.RTT.CrossRegion = rtt
		res := evaluate(t, a, w, p)
		x := float64(res.Throughput.Writes)
		t.Logf("standby RTT %v: %.0f tps, bottleneck %s, row_lock %.2f", rtt, x, res.Bottleneck, usage(res, "row_lock"))
		if res.Bottleneck != "row_lock" {
			t.Errorf("RTT %v: Bottleneck = %q, want row_lock", rtt, res.Bottleneck)
		}
		// Each of 10 rows is held ≥ one standby round trip per update.
		if limit := 10 / float64(rtt); x > limit {
			t.Errorf("RTT %v: throughput %.0f/s exceeds the lock bound 10/RTT = %.0f/s", rtt, x, limit)
		}
		if x >= prev {
			t.Errorf("RTT %v: throughput %.0f/s did not fall (was %.0f/s)", rtt, x, prev)
		}
		prev = x
	}
}

// A calibrated device read keeps its measured mean and p99 (this machine's
// fio 4k QD1 randread: mean 55.4 µs, p99 185.3 µs, calibration/testdata):
// a read that always misses the cache and never waits shows them.
func TestMeasuredReadPercentiles(t *testing.T) {
	p := lecture(t)
	p.Local.ReadLatency, p.Local.ReadLatencyP99 = 55.4*model.Microsecond, 185.3*model.Microsecond
	p.Node.Memory, p.Node.OSReserve, p.Node.SessionMemory = 2*model.GB, 0, 0 // a cache far below the data
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate = 10, 1
	w.DataSize, w.WorkingSet = 10000*model.GB, 0
	w.ClientRTT, w.CPUPerRead = 0, 1e-7*model.Second
	res := evaluate(t, model.Architecture{ID: model.SingleNode}, w, p)
	var reads model.Time
	for _, s := range res.ReadPath {
		if s.Name == "page_reads" {
			reads = s.Time
		}
	}
	// Two pages, each ≈ always a miss: the mean is 2 × 55.4 µs.
	if !within(float64(reads), 2*55.4e-6, 0.01) {
		t.Errorf("page reads %v, want 2 × 55.4µs", reads)
	}
	// Each read is 19.4 µs + Exp(36.0 µs) (s = (55.4·ln 100 − 185.3)/(ln 100 − 1));
	// two of them: 38.8 µs + Erlang-2(36.0 µs), whose median is 1.6783 × 36.0 µs
	// (the Erlang-2 median, 1.67835 θ), plus the CPU to copy the two pages
	// (2 × page_copy_cpu_us, 4 µs in the lecture profile). An exponential
	// read would give 93.0 µs + 8 µs.
	if got, want := float64(res.Read.P50), 38.8e-6+1.67835*36.0e-6+2*float64(p.Node.PageCopyCPU); !within(got, want, 0.01) {
		t.Errorf("read p50 %v, want ≈ %v", res.Read.P50, model.Time(want))
	}
}

// A working set of scattered rows touches pages by occupancy (MODEL.md §4):
// 1 GB of 100-byte rows (10⁷ rows) over a 100 GB table (1.22·10⁷ pages)
// touches 1 − e^(−0.82) = 56 % of the pages, ≈ 56 GB, which no longer fits
// a 64 GB node's caches next to the rest; clustered, the same rows fill
// 1 GB of pages and stay cached.
func TestScatteredHotRowsTouchPagesByOccupancy(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.DataSize, w.WorkingSet, w.RowBytes, w.HotAccess = 100*model.GB, 1*model.GB, 100, 0.99
	clustered := evaluate(t, model.Architecture{ID: model.SingleNode}, w, p)
	w.HotRowsClustered = false
	scattered := evaluate(t, model.Architecture{ID: model.SingleNode}, w, p)
	if clustered.CacheHitRatio < 0.98 || scattered.CacheHitRatio > clustered.CacheHitRatio-0.05 {
		t.Errorf("hit ratio clustered %.3f, scattered %.3f: want ≈ 0.99 and clearly lower", clustered.CacheHitRatio, scattered.CacheHitRatio)
	}
}

// PgBouncer runs one thread: a process relays at most 1/x round trips per
// second, x its CPU per round trip, so with k processes the ceiling is
// where trips·x/k = 1. The default workload's 20,000 reads and 1,000
// seven-trip writes per second are 27,000 trips/s: at 20 µs one process is
// 54 % busy, and the ceiling (1.85×) falls below the CPU's. Each round
// trip waits for the relay. More clients than sessions mean a pooler.
func TestPgBouncerIsOneThread(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	trips := float64(w.ReadRate) + float64(w.WriteRate)*float64(w.RoundTripsPerTxn)
	x := float64(p.Node.PoolerCPUPerRoundTrip)
	w.PoolerProcesses = 1
	one := evaluate(t, model.Architecture{ID: model.SingleNode}, w, p)
	// At most 1/(trips·x): the sessions, held through the pooler's growing
	// wait, may run out just before, and are then named after it.
	if want := 1 / (trips * x); one.Bottleneck != "pooler" || one.MaxThroughputScale > want*1.001 || one.MaxThroughputScale < 0.98*want {
		t.Errorf("one PgBouncer: ceiling %.3f (%s), want just below 1/(trips·x) = %.3f (pooler)", one.MaxThroughputScale, one.Bottleneck, want)
	}
	w.PoolerProcesses = 0
	none := evaluate(t, model.Architecture{ID: model.SingleNode}, w, p)
	if !(one.Write.Mean > none.Write.Mean+model.Time(float64(w.RoundTripsPerTxn)*x)) {
		t.Errorf("write mean %v through PgBouncer, want above %v plus a relay per round trip", one.Write.Mean, none.Write.Mean)
	}
	w.Clients, w.Sessions = 400, 100
	if usage(evaluate(t, model.Architecture{ID: model.SingleNode}, w, p), "pooler") <= 0 {
		t.Error("400 clients on 100 sessions: no pooler station")
	}
}

// Sessions and row locks hold through the stations' waits: when a station
// saturates, their load is unknown and left out of the utilisations, not
// reported as idle (30,000 writes/s saturate one node's CPU, and its
// sessions read 0).
func TestSaturatedStationLeavesSessionsUnknown(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.WriteRate = 30_000
	res := evaluate(t, model.Architecture{ID: model.SingleNode}, w, p)
	if !res.Saturated || res.Bottleneck != "cpu" {
		t.Fatalf("saturated %v by %s, want the CPU saturated", res.Saturated, res.Bottleneck)
	}
	for _, u := range res.Utilization {
		if u.Resource == "sessions" || u.Resource == "row_lock" {
			t.Errorf("utilisation of %s reported as %v behind a saturated CPU, want it left out", u.Resource, u.Value)
		}
	}
}

// A range error reports the value in its field's public unit, as the API
// does: p99_read_ms in ms, data_size_gb in GB (QA, 2026-11-26: the CLI said
// "5000 not in [0, 3600]" for 5,000,000 ms, in seconds).
func TestRangeErrorsInPublicUnits(t *testing.T) {
	r := model.DefaultRequirements()
	r.P99Read = 5000 * model.Second
	if err := r.Validate(); err == nil || !strings.Contains(err.Error(), "5e+06 not in [0, 3.6e+06]") {
		t.Errorf("p99_read_ms 5e6: %v, want the ms figures", err)
	}
	w := model.DefaultWorkload()
	w.ThinkTime = 2 * model.Hour
	if err := w.Validate(); err == nil || !strings.Contains(err.Error(), "think_time_ms: out of range: 7.2e+06 not in [0, 3.6e+06]") {
		t.Errorf("think_time_ms 7.2e6: %v, want the ms figures", err)
	}
}

// Sessions that take more memory than the node has beside shared_buffers
// are warned of: the OS cache is already 0 there, and the node would swap
// or lose backends (review: 20,000 sessions on a 64 GB node evaluated
// silently). session_memory_mb × sessions against memory − OS reserve −
// shared_buffers: 20,000 × 6 MB = 120 GB against 64 − 2 − 16 = 46 GB.
func TestSessionsBeyondMemoryWarn(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	warnedOn := func(a model.Architecture, sessions int) bool {
		w.Sessions = sessions
		res := evaluate(t, a, w, p)
		return slices.ContainsFunc(res.Warnings, func(s string) bool { return strings.Contains(s, "OOM killer") })
	}
	warned := func(sessions int) bool { return warnedOn(model.Architecture{ID: model.SingleNode}, sessions) }
	room := float64(p.Node.Memory-p.Node.OSReserve) - float64(p.Node.SharedBuffers)*float64(p.Node.Memory)
	most := int(room / float64(p.Node.SessionMemory))
	if warned(most) || !warned(most+1) {
		t.Errorf("warned at %d sessions %v, at %d %v: want the warning from %d (%.0f GB beside shared_buffers at %.0f MB each)",
			most, warned(most), most+1, warned(most+1), most+1, room/1e9, float64(p.Node.SessionMemory)/1e6)
	}
	// Aurora gives shared_buffers 75 % of the memory: 64 − 2 − 48 = 14 GB
	// for its sessions, so the single node's limit already warns there
	// (review: Aurora was skipped).
	if !warnedOn(model.Architecture{ID: model.DBMSOptimizedStorage}, most) {
		t.Errorf("Aurora at %d sessions: no warning, want one (its shared_buffers take 75 %% of the memory)", most)
	}
}

// Scattered hot rows share their pages with cold rows, which lie on every
// page: the smaller the rows, the more pages the working set's rows touch,
// and the closer the access comes to uniform, so the cache hit ratio
// cannot fall as rows grow (review of 2026-11-26: 30-byte rows hit 0.304
// and 400-byte rows 0.228, a tenth of the accesses counted on the few
// pages without a hot row).
func TestScatteredHotRowsHitRatioGrowsWithRowSize(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.HotRowsClustered = false
	last := 0.0
	for _, rb := range []model.Bytes{20, 30, 100, 400, 800, 8000} {
		w.RowBytes = rb
		hit := float64(evaluate(t, model.Architecture{ID: model.SingleNode}, w, p).CacheHitRatio)
		if hit < last-1e-9 {
			t.Errorf("%v rows: hit ratio %.4f, below the smaller rows' %.4f", rb, hit, last)
		}
		last = hit
	}
}

// Read replicas are sized until their sessions leave the target's room
// when the sessions bind: 132,249 reads/s from three regions on
// azure-premium-v2 need 40 replicas by the linear estimate, whose
// sessions run past the target (their clients' trips across regions hold
// them). Before the review of 2026-11-27 each replica added for them was
// taken back (the sessions were not a load sizing could read), and read
// replicas, 0.752 of their ceiling against 0.7, were ruled out where 43
// replicas carried the load (the decision-level review's finding).
func TestReplicaSessionsSizeTheReplicas(t *testing.T) {
	p := builtin(t, "azure-premium-v2")
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate = 132249, 306
	w.DataSize, w.WorkingSet = 242.9*model.GB, 66.74*model.GB
	w.ClientRegions = map[string]float64{"eu-central-1": 0.72, "us-east-1": 1.03, "us-west-2": 0.64}
	res := evaluate(t, model.Architecture{ID: model.ReadReplicas}, w, p)
	target := float64(model.DefaultRequirements().TargetUtilization)
	if res.Saturated || float64(res.MaxThroughputScale)*target < 1 {
		t.Errorf("%d replicas (%.1f required): headroom %.3f, bottleneck %s; want at least 1/%.1f = %.3f", res.Sizing.Replicas, res.Sizing.ReplicasRequired, res.MaxThroughputScale, res.Bottleneck, target, 1/target)
	}
}

// An evaluation whose context is done stops at its next solve and returns
// the context's error, not a result; one whose context is live returns
// Evaluate's result (a server bounds a request's work by a deadline).
func TestEvaluateContextStops(t *testing.T) {
	p := lecture(t)
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	a := model.Architecture{ID: model.DistributedSQL} // auto-sized: many plans and solves
	want, err := a.Evaluate(w, p, r)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := a.EvaluateContext(context.Background(), w, p, r); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("live context: %v, result equal to Evaluate's %v", err, reflect.DeepEqual(got, want))
	}
	done, cancel := context.WithCancel(context.Background())
	cancel()
	if got, err := a.EvaluateContext(done, w, p, r); !errors.Is(err, context.Canceled) || !reflect.DeepEqual(got, model.Result{}) {
		t.Errorf("cancelled context: error %v, result %+v; want context.Canceled and no result", err, got.Architecture)
	}
	late, stop := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer stop()
	if _, err := a.EvaluateContext(late, w, p, r); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("past deadline: error %v, want context.DeadlineExceeded", err)
	}
}

// An option's own node size must be the profile's node: the adapter gives
// each size its profile (calibration scales the family), and the model
// refuses a size its profile does not have rather than evaluate the
// profile's node under another name.
func TestNodeSizeMatchesTheProfile(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	if _, err := (model.Architecture{ID: model.SingleNode, VCPUs: p.Node.VCPUs}).Evaluate(w, p, model.DefaultRequirements()); err != nil {
		t.Errorf("the profile's own size: %v", err)
	}
	_, err := model.Architecture{ID: model.SingleNode, VCPUs: 2 * p.Node.VCPUs}.Evaluate(w, p, model.DefaultRequirements())
	var pe *model.ParamError
	if !errors.As(err, &pe) || pe.Field != "vcpus" {
		t.Errorf("twice the profile's size: %v, want a vcpus error", err)
	}
}

// A large node's write ceiling is its cores' only where contention is
// fitted: at 64 vCPUs and 60,000 writes/s with usl_sigma and usl_kappa 0 a
// warning names the WAL insertion locks and ProcArrayLock that bound it
// first (review of 2026-11-28: such a node was adopted without a word);
// with σ fitted, the model charges it and says nothing.
func TestLargeNodeWritesWarn(t *testing.T) {
	p := lecture(t)
	p.Node.VCPUs, p.Node.MaxVCPUs, p.Node.Memory = 64, 128, 512*model.GB
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate = 20000, 60000
	warned := func(p model.Profile) bool {
		res := evaluate(t, model.Architecture{ID: model.SingleNode}, w, p)
		return slices.ContainsFunc(res.Warnings, func(s string) bool { return strings.Contains(s, "NUM_XLOGINSERT_LOCKS") })
	}
	if !warned(p) {
		t.Error("64 vCPUs at 60,000 writes/s, contention unfitted: no warning, want the insertion locks named")
	}
	p.Node.USLSigma = 0.001
	if warned(p) {
		t.Error("contention fitted: a warning, want none")
	}
}

// Auto-sizing holds a node's disk within the target with its commit
// flushes, as recommend does: distributed SQL on gp3 volumes at 3,000
// IOPS, 70,000 point reads and 339 writes a second over a 713 GB working
// set, is sized where every node's I/Os, flushes included, run at the
// target utilisation or below. Sized by the device's load without its
// flushes (the ceiling's), 27 nodes ran their I/Os at 0.78 and recommend
// ruled them out at every IOPS it provisioned (metamorphic hunt of
// 2026-11-28).
func TestSizingHoldsTheDisksWithTheirFlushes(t *testing.T) {
	p := builtin(t, "aws-gp3")
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate = 69633, 339
	w.DataSize, w.WorkingSet = 2377*model.GB, 713.1*model.GB
	r := model.DefaultRequirements()
	res, err := model.Architecture{ID: model.DistributedSQL, Storage: model.NetworkStorage}.Evaluate(w, p, r)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range res.Utilization {
		if strings.HasSuffix(u.Resource, "iops") && u.Value > r.TargetUtilization {
			t.Errorf("%d nodes: %s at %.3f, above the target %.2f", res.Sizing.Nodes, u.Resource, u.Value, r.TargetUtilization)
		}
	}
}
