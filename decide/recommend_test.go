package decide

import (
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pgarch/pgarch/calibration"
	"github.com/pgarch/pgarch/model"
)

// evaluate evaluates the architectures (all eight presets when none are
// given) on a built-in profile.
func evaluate(t *testing.T, w model.Workload, profile string, r model.Requirements, archs ...model.Architecture) []model.Result {
	t.Helper()
	p, archs := setup(t, profile, archs)
	out := make([]model.Result, 0, len(archs))
	for _, a := range archs {
		res, err := a.Evaluate(w, p.Values, r)
		if err != nil {
			t.Fatalf("%s: %v", a.ID, err)
		}
		out = append(out, res)
	}
	return out
}

// setup returns a built-in profile and the architectures, all eight
// presets when none are given.
func setup(t *testing.T, profile string, archs []model.Architecture) (calibration.Profile, []model.Architecture) {
	t.Helper()
	p, ok := calibration.Lookup(profile)
	if !ok {
		t.Fatalf("no profile %q", profile)
	}
	if len(archs) == 0 {
		for _, id := range model.IDs() {
			archs = append(archs, model.Architecture{ID: id})
		}
	}
	return p, archs
}

// inRegions places every preset's nodes in the given regions.
func inRegions(regions ...string) []model.Architecture {
	var archs []model.Architecture
	for _, id := range model.IDs() {
		archs = append(archs, model.Architecture{ID: id, Regions: regions})
	}
	return archs
}

func option(t *testing.T, rec Recommendation, label string) Option {
	t.Helper()
	for _, o := range rec.Options {
		if o.Label == label {
			return o
		}
	}
	t.Fatalf("no option %s", label)
	return Option{}
}

func hasReason(o Option, requirement string) bool {
	return slices.ContainsFunc(o.Reasons, func(r Reason) bool { return r.Requirement == requirement })
}

// The scenarios of issue 6, each a judgement a database engineer would make.
func TestScenarios(t *testing.T) {
	t.Run("small OLTP in memory, RPO 0, survive a zone: a synchronous standby, not a distributed system", func(t *testing.T) {
		// 5,000 reads/s, 300 writes/s and a 10 GB working set fit one
		// node's memory and CPU. RPO 0 needs a synchronous copy; surviving
		// a zone needs it in another zone: hot-standby's preset. DBMS-
		// optimised storage and distributed SQL also qualify but are more
		// complex and not under half the cost.
		w, r := model.DefaultWorkload(), model.DefaultRequirements()
		w.ReadRate, w.WriteRate, w.WorkingSet = 5000, 300, 10*model.GB
		r.RPO, r.Survive = 0, []string{"zone"}
		rec := Recommend(evaluate(t, w, "lecture", r), w, r, nil)
		if rec.Recommended != string(model.HotStandby) {
			t.Fatalf("Recommended = %q, want hot-standby; rationale %q", rec.Recommended, rec.Rationale)
		}
		if o := option(t, rec, "single-node"); !hasReason(o, "rpo_seconds") || !hasReason(o, "survive") {
			t.Errorf("single-node reasons = %+v, want rpo_seconds and survive", o.Reasons)
		}
		for _, id := range []string{"sharded", "distributed-sql", "active-active"} {
			if rec.Recommended == id {
				t.Errorf("a distributed system (%s) recommended for a workload that fits one node", id)
			}
		}
	})

	t.Run("a lone Aurora writer does not survive a zone; with a replica in another it does, at no saving", func(t *testing.T) {
		// Without a replica Aurora recreates the writer in its own zone
		// (Aurora User Guide, "Failing over an Aurora DB cluster"): the
		// log quorum keeps every commit, but no instance outside the zone
		// takes over (review: it counted as surviving a zone, at half the
		// standby's cost, and won). With a replica in another zone it
		// survives one, at twice the instances' price (I/O-Optimized, no
		// cross-zone transfer): not under half the standby's, so the
		// simpler standby is chosen.
		w, r := model.DefaultWorkload(), model.DefaultRequirements()
		r.RPO, r.Survive = 0, []string{"zone"}
		rec := Recommend(evaluate(t, w, "lecture", r,
			model.Architecture{ID: model.HotStandby},
			model.Architecture{ID: model.DBMSOptimizedStorage, Replicas: 1},
			model.Architecture{ID: model.DBMSOptimizedStorage}), w, r, nil)
		if rec.Recommended != string(model.HotStandby) {
			t.Fatalf("Recommended = %q, want hot-standby; rationale %q", rec.Recommended, rec.Rationale)
		}
		if o := option(t, rec, "dbms-optimized-storage#2"); o.Status != RuledOut || !hasReason(o, "survive") {
			t.Errorf("a lone Aurora writer: %s %+v, want ruled out by survive", o.Status, o.Reasons)
		}
		standby, aurora := option(t, rec, "hot-standby"), option(t, rec, "dbms-optimized-storage#1")
		if aurora.Status != Feasible {
			t.Fatalf("Aurora with a replica in another zone: %s %+v, want feasible", aurora.Status, aurora.Reasons)
		}
		if c, s := aurora.Result.Cost.Total, standby.Result.Cost.Total; !(c >= s/2) || aurora.Result.Cost.Plan != "aurora-io-optimized" {
			t.Errorf("Aurora $%.0f on %s against the standby's $%.0f: want I/O-Optimized, not under half", c, aurora.Result.Cost.Plan, s)
		}
	})

	t.Run("reads beyond one node's CPU: read replicas", func(t *testing.T) {
		// 2M point reads/s at 0.05 ms CPU each is 100 cores' worth, more
		// than the largest node of the lecture profile's family can take
		// at the target (128 vCPUs, 90 cores at 70 %; its 8-vCPU node
		// saturates on cpu at ~150k requests/s): 400k reads/s, as this
		// case had, now go to a 32-vCPU single node, scaling up first
		// (TestLargerNodeBeforeScaleOut). 500 writes/s stay on the primary.
		w, r := model.DefaultWorkload(), model.DefaultRequirements()
		w.ReadRate, w.WriteRate = 2_000_000, 500
		rec := Recommend(evaluate(t, w, "lecture", r), w, r, reevaluator(t, "lecture"))
		if rec.Recommended != string(model.ReadReplicas) {
			t.Fatalf("Recommended = %q, want read-replicas; rationale %q", rec.Recommended, rec.Rationale)
		}
		if o := option(t, rec, "single-node"); !hasReason(o, "throughput") {
			t.Errorf("single-node reasons = %+v, want throughput (cpu)", o.Reasons)
		}
		if !slices.ContainsFunc(rec.Rationale, func(s string) bool { return strings.Contains(s, "100k reads/s") }) {
			t.Errorf("rationale %q does not cite the lecture's read-replica guideline", rec.Rationale)
		}
	})

	t.Run("on network storage a working set beyond memory: sharding beats read replicas on read latency and IOPS", func(t *testing.T) {
		// aws-gp3: 3000 IOPS per volume. A 300 GB working set of 600 GB
		// data: replicas each cache the same pages (hit ratio stays at one
		// node's), shards each cache 1/W of the data, so with the same
		// node count sharding serves more reads from memory, needs fewer
		// IOPS per volume and reads faster.
		w, r := model.DefaultWorkload(), model.DefaultRequirements()
		w.WorkingSet, w.DataSize, w.ReadRate = 300*model.GB, 600*model.GB, 5000
		for _, nodes := range []int{4, 8} {
			res := evaluate(t, w, "aws-gp3", r,
				model.Architecture{ID: model.ReadReplicas, Storage: model.NetworkStorage, Replicas: nodes - 1},
				model.Architecture{ID: model.Sharded, Storage: model.NetworkStorage, Workers: nodes})
			replicas, sharded := res[0], res[1]
			if sharded.CacheHitRatio <= replicas.CacheHitRatio {
				t.Errorf("%d nodes: cache hit sharded %.3f ≤ replicas %.3f", nodes, sharded.CacheHitRatio, replicas.CacheHitRatio)
			}
			if sharded.MaxThroughputScale <= replicas.MaxThroughputScale {
				t.Errorf("%d nodes: headroom sharded %.2f ≤ replicas %.2f (both IOPS-bound)", nodes, sharded.MaxThroughputScale, replicas.MaxThroughputScale)
			}
			if !(sharded.Read.P99 < replicas.Read.P99) {
				t.Errorf("%d nodes: p99 read sharded %v, replicas %v: want sharded faster", nodes, sharded.Read.P99, replicas.Read.P99)
			}
		}
	})

	t.Run("queue-like writes from three regions, local latency, eventual consistency: active-active; not with read-modify-write updates or read-your-writes", func(t *testing.T) {
		// Clients in us-east-1, eu-central-1 and ap-northeast-1 (70–230 ms
		// apart, cloudping) with 20 ms read and 50 ms write targets: any
		// single writer puts 7 round trips across an ocean into a write;
		// active-active writes locally. The lecture keeps it for very
		// simple workloads such as queues: with the default workload's
		// read-modify-write updates (rmw_update_fraction 1) last-update-
		// wins loses some of them, which no one accepts by default
		// (lost_updates_per_sec 0; review: active-active was recommended
		// for TPC-B-like updates losing 1.65 a second).
		w, r := model.DefaultWorkload(), model.DefaultRequirements()
		w.ClientRegions = map[string]float64{"us-east-1": 1, "eu-central-1": 1, "ap-northeast-1": 1}
		w.ReadRate, w.WriteRate, w.Sessions = 3000, 300, 3000
		r.P99Read, r.P99Write = 20*model.Millisecond, 50*model.Millisecond
		archs := inRegions("us-east-1", "eu-central-1", "ap-northeast-1")
		rec := Recommend(evaluate(t, w, "aws-gp3", r, archs...), w, r, nil)
		if o := option(t, rec, "active-active"); o.Status != RuledOut || !hasReason(o, "lost_updates_per_sec") {
			t.Errorf("active-active with read-modify-write updates: %s %+v, want ruled out for lost_updates_per_sec", o.Status, o.Reasons)
		}
		w.RMWUpdateFraction = 0 // appends and blind writes: nothing to lose
		rec = Recommend(evaluate(t, w, "aws-gp3", r, archs...), w, r, nil)
		if rec.Recommended != string(model.ActiveActive) {
			t.Fatalf("Recommended = %q, want active-active; rationale %q", rec.Recommended, rec.Rationale)
		}
		r.ReadYourWrites = true
		rec = Recommend(evaluate(t, w, "aws-gp3", r, archs...), w, r, nil)
		if o := option(t, rec, "active-active"); o.Status != RuledOut || !hasReason(o, "read_your_writes") {
			t.Errorf("active-active with read_your_writes and no session affinity: %s %+v, want ruled out for read_your_writes", o.Status, o.Reasons)
		}
		w.SessionAffinity = true // a session stays on its node: it reads its writes
		rec = Recommend(evaluate(t, w, "aws-gp3", r, archs...), w, r, nil)
		if o := option(t, rec, "active-active"); hasReason(o, "read_your_writes") {
			t.Errorf("active-active with session affinity: reasons %+v, want read_your_writes met", o.Reasons)
		}
	})

	t.Run("writes beyond one node, survive a region, snapshot isolation: distributed SQL", func(t *testing.T) {
		// 20k writes/s of five statements and 20k reads saturate one
		// primary's CPU (~29k requests/s here); Citus does not give one
		// snapshot across workers and active-active none at all; Raft
		// across three regions survives losing one.
		w, r := model.DefaultWorkload(), model.DefaultRequirements()
		w.ReadRate, w.WriteRate, w.Sessions = 20_000, 20_000, 2000
		r.RPO, r.Survive, r.SnapshotIsolation = 0, []string{"region"}, true
		rec := Recommend(evaluate(t, w, "aws-gp3", r, inRegions("us-east-1", "us-west-2", "eu-central-1")...), w, r, nil)
		if rec.Recommended != string(model.DistributedSQL) {
			t.Fatalf("Recommended = %q, want distributed-sql; rationale %q", rec.Recommended, rec.Rationale)
		}
		if o := option(t, rec, "sharded"); !hasReason(o, "snapshot_isolation") {
			t.Errorf("sharded reasons = %+v, want snapshot_isolation", o.Reasons)
		}
	})
}

// result is a hand-made result for ranking tests: only what Recommend reads.
func result(id model.ID, cost model.USD, p99Write model.Time) model.Result {
	return model.Result{
		Architecture:       model.Architecture{ID: id},
		MaxThroughputScale: 4,
		Throughput:         model.Throughput{Writes: 100, Total: 100},
		Read:               model.Latency{P99: model.Millisecond},
		Write:              model.Latency{P99: p99Write},
		Availability:       model.Availability{Survives: []string{"node"}},
		Consistency:        model.Consistency{ReadYourWrites: model.Guaranteed, MonotonicReads: model.Guaranteed, SnapshotIsolation: model.Guaranteed},
		Cost:               model.Cost{Total: cost},
	}
}

func TestRanking(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	tests := []struct {
		name    string
		results []model.Result
		want    []string
	}{
		// The lecture's order wins while costs are within a factor of two.
		{"simplest first", []model.Result{
			result(model.DistributedSQL, 900, 10*model.Millisecond),
			result(model.HotStandby, 1000, 3*model.Millisecond),
			result(model.SingleNode, 1500, 2*model.Millisecond),
		}, []string{"single-node", "hot-standby", "distributed-sql"}},
		// Same id: the cheaper first, then the faster.
		{"cost, then headroom", []model.Result{
			result(model.HotStandby, 1000, 5*model.Millisecond),
			result(model.HotStandby, 1000, 3*model.Millisecond),
			result(model.HotStandby, 800, 9*model.Millisecond),
		}, []string{"hot-standby#3", "hot-standby#2", "hot-standby#1"}},
		// 400 < 0.5 × 1000: the saving pays for the complexity.
		{"far cheaper wins", []model.Result{
			result(model.SingleNode, 1000, 2*model.Millisecond),
			result(model.Sharded, 600, 4*model.Millisecond),
			result(model.ActiveActive, 400, 4*model.Millisecond),
		}, []string{"active-active", "single-node", "sharded"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := Recommend(tt.results, w, r, nil)
			if !slices.Equal(rec.Ranking, tt.want) {
				t.Fatalf("Ranking = %v, want %v", rec.Ranking, tt.want)
			}
			if rec.Recommended != tt.want[0] {
				t.Errorf("Recommended = %q, want %q", rec.Recommended, tt.want[0])
			}
		})
	}
	rec := Recommend(tests[2].results, w, r, nil)
	if !strings.Contains(rec.Rationale[0], "under half") || !strings.Contains(rec.Rationale[0], "single-node") {
		t.Errorf("rationale %q does not say why the more complex option won", rec.Rationale[0])
	}
	// The option between them, cheaper than the simplest but not by half,
	// is named too (user review of 2026-11-27).
	if !strings.Contains(rec.Rationale[0], "sharded, simpler than active-active, costs $600, not under half of single-node's") {
		t.Errorf("rationale %q does not name sharded, simpler and cheaper than single-node", rec.Rationale[0])
	}
}

func TestReasons(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	r.P99Write, r.RPO, r.Survive, r.ReadYourWrites = 20*model.Millisecond, 0, []string{"zone"}, true
	res := result(model.ReadReplicas, 1000, 71.2*model.Millisecond)
	res.Availability.RPO = 0.5
	res.Consistency.ReadYourWrites = model.NotGuaranteed
	res.MaxThroughputScale, res.Bottleneck = 1.25, "cpu" // busiest station at 80 % > 70 %
	got := Check(res, w, r)
	want := []Reason{
		{"target_utilization", 0.8, 0.7, "target_utilization: the load is 0.8 of the ceiling (cpu) > 0.7"},
		{"p99_write_ms", 71.2, 20.0, "p99_write_ms: 71.2 > 20"},
		{"rpo_seconds", 0.5, 0.0, "rpo_seconds: 0.5 > 0 (a node failure)"},
		{"survive", "node", "zone", "survive: no copy outside a failed zone takes over (survives: node)"},
		{"read_your_writes", "not_guaranteed", "guaranteed", "read_your_writes: not guaranteed"},
	}
	if len(got) != len(want) {
		t.Fatalf("Check = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Check[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
}

// RPO and RTO bind every failure the requirements ask to survive, not
// only a node's (review, 2026-11-26): a hot standby whose synchronous
// standby shares the primary's zone fails over a zone with the
// cross-zone copy's lag lost, so RPO 0 with survive zone rules it out,
// and the reason names the zone failure and its figure. A kind not asked
// for does not bind.
func TestReasonsPerSurvivedFailure(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	r.RPO, r.RTO, r.Survive = 0, 60, []string{"zone"}
	res := result(model.HotStandby, 1000, 3*model.Millisecond)
	res.Availability = model.Availability{RPO: 0, RTO: 40, Survives: []string{"node", "zone", "region"}, Failures: []model.Failure{
		{Kind: "node", RPO: 0, RTO: 40},
		{Kind: "zone", RPO: 0.000706, RTO: 40},
		{Kind: "region", RPO: 0.05, RTO: 90},
	}}
	// check compares the details; a value is the figure rounded up at four
	// digits (never below it, so that relaxing the limit to it suffices).
	check := func(want map[string]float64, details ...string) {
		t.Helper()
		got := Check(res, w, r)
		if len(got) != len(details) {
			t.Fatalf("Check = %+v, want %q", got, details)
		}
		for i, g := range got {
			v, _ := g.Value.(float64)
			if g.Detail != details[i] || v < want[g.Requirement] || v > want[g.Requirement]*1.001 {
				t.Errorf("Check[%d] = %+v, want %q with value %v", i, g, details[i], want[g.Requirement])
			}
		}
	}
	check(map[string]float64{"rpo_seconds": 0.000706}, "rpo_seconds: 0.000706 > 0 (a zone failure)")
	r.Survive = []string{"zone", "region"}
	check(map[string]float64{"rpo_seconds": 0.05, "rto_seconds": 90}, "rpo_seconds: 0.05 > 0 (a region failure)", "rto_seconds: 90 > 60 (a region failure)")
	// A figure that reads as the limit takes the digits to show it is not
	// (40.01 before: overstated by 10 ms).
	res.Availability.Failures[1].RPO, r.RPO, r.Survive = 40.0000337, 40, []string{"zone"}
	check(map[string]float64{"rpo_seconds": 40.0000337}, "rpo_seconds: 40.00004 > 40 (a zone failure)")
}

// reevaluator is the Reevaluator of evaluate's options: archs (all eight
// presets when none are given) on a built-in profile.
func reevaluator(t *testing.T, profile string, archs ...model.Architecture) Reevaluator {
	t.Helper()
	p, archs := setup(t, profile, archs)
	return func(i int, w model.Workload, r model.Requirements, edit func(*model.Architecture)) (model.Result, error) {
		a := archs[i]
		if edit != nil {
			edit(&a)
		}
		p, err := p.Option(a)
		if err != nil {
			return model.Result{}, err
		}
		return a.Evaluate(w, p.Values, r)
	}
}

// relaxed applies a relaxation to the workload and requirements, as a user
// re-running the request would: the offered rates scaled in their mix to
// the load a throughput change quotes, every requirement set to its To; it
// reports whether the option's architecture must query from any node.
func relaxed(t *testing.T, w model.Workload, r model.Requirements, rl Relaxation) (model.Workload, model.Requirements, bool) {
	t.Helper()
	r.Survive = slices.Clone(r.Survive)
	anyNode := false
	for _, c := range rl.Changes {
		to, _ := c.To.(float64)
		switch c.Requirement {
		case "throughput":
			s := model.Rate(to / float64(w.ReadRate+w.WriteRate+w.AnalyticalRate))
			w.ReadRate, w.WriteRate, w.AnalyticalRate = w.ReadRate*s, w.WriteRate*s, w.AnalyticalRate*s
		case "query_from_any_node":
			anyNode = true
		case "node_placement": // the architecture's: the caller edits it
		case "sessions":
			w.Sessions = int(to)
		case "p99_read_ms":
			r.P99Read = model.Time(to) * model.Millisecond
		case "p99_write_ms":
			r.P99Write = model.Time(to) * model.Millisecond
		case "rpo_seconds":
			r.RPO = model.Time(to)
		case "rto_seconds":
			r.RTO = model.Time(to)
		case "target_utilization":
			r.TargetUtilization = model.Ratio(to)
		case "survive":
			r.Survive = c.To.([]string)
		case "read_your_writes":
			r.ReadYourWrites = false
		case "monotonic_reads":
			r.MonotonicReads = false
		case "snapshot_isolation":
			r.SnapshotIsolation = false
		case "lost_updates_per_sec":
			r.LostUpdates = model.Rate(to)
		default:
			t.Fatalf("%s: unknown change %q", rl.Label, c.Requirement)
		}
	}
	return w, r, anyNode
}

// A saturated option has no latency or lag at the offered load: its
// relaxation is the load at its target utilisation and what it misses
// there, every one met when re-run; its reasons and relaxations encode as
// JSON (no NaN or Inf).
func TestSaturatedRelax(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.WriteRate = 500_000 // far beyond every preset on the lecture profile
	r.P99Write, r.RPO = 10*model.Millisecond, 0
	re := reevaluator(t, "lecture")
	rec := Recommend(evaluate(t, w, "lecture", r), w, r, re)
	if rec.Recommended != "" || len(rec.Ranking) != 0 {
		t.Fatalf("Recommended %q, ranking %v: want none at 500k writes/s", rec.Recommended, rec.Ranking)
	}
	if len(rec.Relax) != len(rec.Options) {
		t.Fatalf("%d relaxations for %d options", len(rec.Relax), len(rec.Options))
	}
	if _, err := json.Marshal(rec.Relax); err != nil {
		t.Fatalf("relaxations do not encode: %v", err)
	}
	for _, o := range rec.Options {
		if _, err := json.Marshal(o.Reasons); err != nil {
			t.Errorf("%s: reasons do not encode: %v", o.Label, err)
		}
	}
	if !strings.HasPrefix(rec.Rationale[1], "The smallest change:") {
		t.Errorf("rationale %q: want the smallest change second", rec.Rationale)
	}
	for _, rl := range rec.Relax {
		i := slices.IndexFunc(rec.Options, func(o Option) bool { return o.Label == rl.Label })
		o := rec.Options[i]
		if first := rl.Changes[0].Requirement; o.Result.Saturated && first != "throughput" && !(coordinatorBound(o.Result) && first == "query_from_any_node") {
			t.Errorf("%s is saturated: relaxation %+v, want the load (or query_from_any_node) first", rl.Label, rl.Changes)
		}
		if c := rl.Changes[0]; c.Requirement == "throughput" {
			// At most the carried load at the target utilisation, 0.7.
			if carried := float64(o.Result.Throughput.Total) * o.Result.MaxThroughputScale; !(c.To.(float64) <= 0.7*carried) {
				t.Errorf("%s: offer at most %v, want at most 0.7 × %v carried", rl.Label, c.To, carried)
			}
		}
		rw, rr, anyNode := relaxed(t, w, r, rl)
		res, err := re(i, rw, rr, func(a *model.Architecture) { a.QueryFromAnyNode = anyNode })
		if err != nil {
			t.Fatal(err)
		}
		if got := Check(res, rw, rr); len(got) > 0 {
			t.Errorf("%s relaxed by %+v still misses %+v", rl.Label, rl.Changes, got)
		}
	}
}

// Without a Reevaluator nothing verifies a saturated option's relaxation:
// it is left out rather than guessed.
func TestSaturatedRelaxUnverified(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.WriteRate = 500_000
	rec := Recommend(evaluate(t, w, "lecture", r), w, r, nil)
	for _, rl := range rec.Relax {
		if o := option(t, rec, rl.Label); o.Result.Saturated {
			t.Errorf("%s is saturated and relaxed by %+v without a Reevaluator", rl.Label, rl.Changes)
		}
	}
}

// A sharded cluster whose coordinator binds says so: query from any node.
// 250k requests/s (100k reads, 150k writes) on aws-gp3 saturate the
// coordinator's CPU at ~47k (review scenario s10); with
// query_from_any_node the workers carry it.
func TestCoordinatorBound(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet, w.Sessions = 100_000, 150_000, 1000*model.GB, 100*model.GB, 500
	r.P99Read, r.P99Write = 10*model.Millisecond, 3*model.Millisecond
	archs := []model.Architecture{{ID: model.Sharded}}
	results := evaluate(t, w, "aws-gp3", r, archs...)
	if !coordinatorBound(results[0]) || !results[0].Saturated {
		t.Fatalf("sharded: bottleneck %s, saturated %v: want its coordinator saturated", results[0].Bottleneck, results[0].Saturated)
	}
	rec := Recommend(results, w, r, nil)
	if d := rec.Options[0].Reasons[0].Detail; !strings.HasSuffix(d, viaCoordinator) {
		t.Errorf("without a Reevaluator: detail %q, want the engine's advice %q", d, viaCoordinator)
	}
	rec = Recommend(results, w, r, reevaluator(t, "aws-gp3", archs...))
	if d := rec.Options[0].Reasons[0].Detail; !strings.Contains(d, "with query_from_any_node: true it still misses p99_write_ms") {
		t.Errorf("detail %q: want what query_from_any_node leaves missed", d)
	}
	if len(rec.Relax) != 1 || rec.Relax[0].Changes[0].Requirement != "query_from_any_node" {
		t.Fatalf("relax = %+v, want query_from_any_node first", rec.Relax)
	}
}

func TestRoundUp(t *testing.T) {
	// A relaxed limit must be met: rounded up, three significant digits.
	for _, tt := range []struct{ in, want float64 }{{71.23, 71.3}, {152.32, 153}, {0.0123, 0.0123}, {1052.1, 1060}, {0.7, 0.7}} {
		if got := roundUp(tt.in); got != tt.want {
			t.Errorf("roundUp(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// A reason's value reads as its words write it: four significant digits,
// from 1000 on the whole number (review of 2026-11-28: a throughput reason
// of 29870 said "29874 requests/s").
func TestRoundMatchesTheWords(t *testing.T) {
	for _, v := range []float64{29873.6, 1000.4, 40012.2, 123456.7} {
		if got, words := round(v), num(v); strconv.FormatFloat(got, 'f', -1, 64) != words {
			t.Errorf("round(%v) = %v, its words %q", v, got, words)
		}
	}
	if got := round(71.234); got != 71.23 {
		t.Errorf("round(71.234) = %v, want four significant digits, 71.23", got)
	}
}

// TestRelaxSmallestFirst: 5000 writes/s with a 2 ms p99 write target, RPO
// 0 and surviving a zone. Hot standby misses only the latency target and
// by little (~3 ms: its commit waits for a cross-zone round trip); distributed
// SQL misses it by far more (~12 ms of consensus), so the smallest change is
// hot-standby's.
func TestRelaxSmallestFirst(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.WriteRate = 5000
	r.P99Write, r.RPO, r.Survive = 2*model.Millisecond, 0, []string{"zone"}
	rec := Recommend(evaluate(t, w, "lecture", r), w, r, nil)
	if rec.Recommended != "" {
		t.Fatalf("Recommended = %q, want none at a 2 ms p99 write with a synchronous standby", rec.Recommended)
	}
	best := rec.Relax[0]
	if best.Label != "hot-standby" || len(best.Changes) != 1 || best.Changes[0].Requirement != "p99_write_ms" {
		t.Errorf("smallest relaxation = %+v, want hot-standby's p99_write_ms", best)
	}
	if !strings.HasPrefix(rec.Rationale[1], "The smallest change: hot-standby") {
		t.Errorf("rationale %q", rec.Rationale[1])
	}
}

// A cost-driven choice says what the simpler option's money goes on, so a
// reader can judge whether tuning would undo it: the "far cheaper" case of
// TestRanking, with single-node's $1000 mostly data transfer.
func TestCostDriver(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	single := result(model.SingleNode, 1000, 2*model.Millisecond)
	single.Cost.Compute, single.Cost.Transfer = 250, 750
	single.Warnings = []string{"max_wal_size triggers a checkpoint every 10 s"}
	rec := Recommend([]model.Result{single, result(model.ActiveActive, 400, 4*model.Millisecond)}, w, r, nil)
	want := "75% of single-node's $1000 per month is data transfer ($750); the engine warns: max_wal_size triggers a checkpoint every 10 s."
	if rec.Recommended != "active-active" || rec.Rationale[1] != want {
		t.Errorf("Recommended %q, rationale[1] = %q, want active-active and %q", rec.Recommended, rec.Rationale[1], want)
	}
}

// A figure just above its limit reads above it, and the relaxation it
// suggests is enough: hot-standby's RTO of 40.0000324 s against 40 s was
// "40 > 40", and relaxing to the suggested 40 left it ruled out; a p99 of
// 4.0058 ms against a limit of 4.0057 read "4.006 > 4.01", and one of
// 4.0041 against 4.004 would read "4 > 4.004" with the limit in full
// (review of 2026-11-27).
func TestReasonJustAboveTheLimit(t *testing.T) {
	for _, c := range []struct{ got, limit float64 }{{40.0000324, 40}, {3.0004, 3}, {0.70001, 0.7}, {71.2, 20}, {71.20004, 20}, {4.0058, 4.0057}, {4.0041, 4.004}, {0.0012902891, 0}, {1000.7, 1000.6}, {18742.7, 60}, {1e300, 1}} { // the last three: from 1000 on (review of 2026-11-27)
		v, text := over(c.got, c.limit)
		if !(v > c.limit) || v < c.got || !readsAbove(text, c.limit) {
			t.Errorf("over(%g, %g) = %g, %q: want a value above both the limit and the figure, reading above %q", c.got, c.limit, v, text, FormatLimit(c.limit))
		}
		if to := roundUp(v); !(to >= c.got) {
			t.Errorf("relaxing %g to %g leaves %g above it", c.limit, to, c.got)
		}
	}
	// A limit set to the figure a result reports is met: the model's
	// seconds, reported in ms (÷ 10⁻³, model.Time.Ms), and the limit's ms
	// taken back to seconds (× 10⁻³), which rounding leaves one unit in
	// the last place below the figure for some of them.
	rounded := 0
	for i := range 1000 {
		got := 0.001 + float64(i)*0.0000377 // seconds
		limit := (got / 1e-3) * 1e-3
		if got > limit {
			rounded++
		}
		if exceeds(got, limit) {
			t.Errorf("a figure of %.17g s against itself through ms (%.17g s): exceeds", got, limit)
		}
	}
	if rounded == 0 {
		t.Error("no figure lost a unit in the round trip: the check tests nothing")
	}
}

// A node whose share of the data does not fit on its local disk cannot
// run, whatever its latencies: the option is ruled out, the reason names
// both figures and what would hold the data (for a single node not more
// nodes, each of which would hold it all: review of 2026-11-27), and no
// relaxation of the requirements is offered (none would).
func TestReasonsDisk(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	res := result(model.SingleNode, 700, 2*model.Millisecond)
	res.Disk = model.Disk{Data: 5000 * model.GB, Capacity: 474 * model.GB}
	got := Check(res, w, r)
	if len(got) != 1 || got[0].Requirement != "disk" || !strings.HasPrefix(got[0].Detail, "disk: 5000 GB per node > the 474 GB its data may fill on its local disk (every node holds the whole database: a network volume") {
		t.Fatalf("Check = %+v, want one disk reason saying what would hold the data", got)
	}
	if _, ok := change(got[0], res, r); ok {
		t.Errorf("a disk reason relaxed by a requirement, want none")
	}
	// Distributed SQL at the 64 nodes a request may give: no more nodes.
	full := result(model.DistributedSQL, 700, 2*model.Millisecond)
	full.Architecture.Nodes, full.Disk = model.MaxNodes, model.Disk{Data: 286 * model.GB, Capacity: 284 * model.GB}
	if got := Check(full, w, r); len(got) != 1 || !strings.Contains(got[0].Detail, "at the most nodes a request may give, 64") {
		t.Errorf("Check = %+v at 64 nodes, want the disk reason to say that no more nodes can be given", got)
	}
	// A Citus tenant's data on one worker: no count of workers splits it.
	tenant := result(model.Sharded, 700, 2*model.Millisecond)
	tenant.Disk = model.Disk{Data: 5001 * model.GB, Capacity: 450 * model.GB, TenantOverflows: true}
	if got := Check(tenant, w, r); len(got) != 1 || !strings.Contains(got[0].Detail, "the largest tenant's data lies on one worker") || strings.Contains(got[0].Detail, "more nodes") {
		t.Errorf("Check = %+v for a tenant over its worker's disk, want the reason to say that no count of workers holds it", got)
	}
	res.Disk.Capacity = 0 // a network volume
	if got := Check(res, w, r); len(got) != 0 {
		t.Errorf("Check = %+v on a volume without a limit, want none", got)
	}
}

// Sessions whose memory a node does not have rule the option out, however
// fast it is: it would swap or lose backends to the OOM killer (review of
// 2026-11-27: 10,000 sessions, 60 GB on the lecture's 64 GB node with
// 16 GB of shared_buffers and 2 GB for the OS, recommended with only a
// warning). Its relaxation is the most sessions that fit, ⌊46 GB / 6 MB⌋
// = 7,666, met when evaluated again.
func TestReasonsMemory(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.Sessions = 10_000
	re := reevaluator(t, "lecture")
	rec := Recommend(evaluate(t, w, "lecture", r, model.Architecture{ID: model.SingleNode}), w, r, re)
	o := option(t, rec, "single-node")
	if !hasReason(o, "memory") || o.Status != RuledOut {
		t.Fatalf("10,000 sessions on single-node: %s %+v, want ruled out by memory", o.Status, o.Reasons)
	}
	t.Log(o.Reasons[0].Detail)
	if len(rec.Relax) != 1 || rec.Relax[0].Changes[0].Requirement != "sessions" {
		t.Fatalf("relax %+v, want sessions first", rec.Relax)
	}
	if got := rec.Relax[0].Changes[0].To.(float64); got != 7666 {
		t.Errorf("sessions relaxed to %v, want 7666", got)
	}
	rw, rr, _ := relaxed(t, w, r, rec.Relax[0])
	res, err := re(0, rw, rr, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := Check(res, rw, rr); len(got) > 0 {
		t.Errorf("relaxed by %+v still misses %+v", rec.Relax[0].Changes, got)
	}
}

// A pool too small for the load is relaxed by a larger pool, not by less
// load: a synchronous standby in another region holds every write's
// session through the round trip, so 2,000 writes/s and 5,000 reads/s
// keep about 35 sessions in use, and a pool of 30 saturates at 5,930
// requests/s while the CPU and device idle. The reason says how large a
// pool carries the load, and the relaxation is that pool (Little's law
// over the target, rounded up), which the option then meets every
// requirement with; before, it asked to offer 59 % of the load instead.
func TestRelaxMoreSessions(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.Sessions = 5000, 2000, 30
	a := model.Architecture{ID: model.HotStandby, Standbys: []model.Placement{model.CrossRegion}, SyncCommit: model.SyncOn}
	re := reevaluator(t, "lecture", a)
	rec := Recommend(evaluate(t, w, "lecture", r, a), w, r, re)
	o := option(t, rec, "hot-standby")
	if o.Status != RuledOut || o.Result.Bottleneck != "sessions" || !hasReason(o, "throughput") {
		t.Fatalf("a pool of 30: %s by %s, %+v: want ruled out by throughput at the sessions", o.Status, o.Result.Bottleneck, o.Reasons)
	}
	if !strings.Contains(o.Reasons[0].Detail, "a pool of about") {
		t.Errorf("reason %q: want the pool that carries the load", o.Reasons[0].Detail)
	}
	if len(rec.Relax) != 1 || rec.Relax[0].Changes[0].Requirement != "sessions" {
		t.Fatalf("relax %+v, want a larger pool", rec.Relax)
	}
	n := rec.Relax[0].Changes[0].To.(float64)
	rw, rr, _ := relaxed(t, w, r, rec.Relax[0])
	res, err := re(0, rw, rr, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := Check(res, rw, rr); len(got) > 0 || res.Sizing.SessionsRequired > n {
		t.Errorf("a pool of %v still misses %+v, or requires %.1f", n, got, res.Sizing.SessionsRequired)
	}
}

// A single node whose CPU cannot carry the load is judged on the larger
// nodes of its instance family before the load is sent to a distributed
// system: 150,000 reads/s and 5,000 writes/s saturate an 8-vCPU r6i at
// 77 % of the load, and the 16-vCPU size carries it at 64 % of its
// ceiling for $1,046 a month, so the single node is configured with it
// and recommended, the simplest option (review of 2026-11-28: scaling up
// was never considered). A node the request gives (vcpus: 8) is its own:
// no larger one is tried.
func TestLargerNodeBeforeScaleOut(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate = 150000, 5000
	archs := []model.Architecture{{ID: model.SingleNode}, {ID: model.ReadReplicas}, {ID: model.DistributedSQL}}
	rec := Recommend(evaluate(t, w, "aws-gp3", r, archs...), w, r, reevaluator(t, "aws-gp3", archs...))
	o := option(t, rec, "single-node")
	if o.Status != Feasible || len(o.Configured) != 1 || o.Configured[0].Requirement != "vcpus" || o.Configured[0].To != 16.0 || len(o.AsListed) == 0 {
		t.Fatalf("single node: %s, configured %+v, as listed %+v: want 16 vCPUs, where 8 are ruled out", o.Status, o.Configured, o.AsListed)
	}
	if rec.Recommended != "single-node" {
		t.Errorf("recommended %s, want the single node on its larger node", rec.Recommended)
	}
	held := []model.Architecture{{ID: model.SingleNode, VCPUs: 8}}
	rec = Recommend(evaluate(t, w, "aws-gp3", r, held...), w, r, reevaluator(t, "aws-gp3", held...))
	if o := option(t, rec, "single-node"); o.Status != RuledOut || len(o.Configured) > 0 {
		t.Errorf("a node given at 8 vCPUs: %s, configured %+v; want it ruled out as given", o.Status, o.Configured)
	}
}

// A small application gets a node sized to it (review of 2026-11-28: 500
// reads/s and 50 writes/s were priced on the profile's 8 vCPUs at 0.7 %
// of their ceiling): on aws-gp3 the single node and the hot standby are
// judged down to 2 vCPUs, the family's smallest (r6i.large), which still
// meet every requirement for a quarter of the price (the model's
// figures: $112 against $444, $312 against $974). Not where a smaller
// node's disk would be crowded (the default workload's 200 GB on a
// 4-vCPU node's 225 GB of instance store), nor where its node was given.
// The hot standby's local disks are given: on volumes it costs less still
// (TestVolumesForLess).
func TestSmallerNodeWhenItSuffices(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet, w.Sessions = 500, 50, 20*model.GB, 5*model.GB, 50
	archs := []model.Architecture{{ID: model.SingleNode}, {ID: model.HotStandby, Storage: model.LocalStorage}, {ID: model.SingleNode, VCPUs: 8}}
	rec := Recommend(evaluate(t, w, "aws-gp3", r, archs...), w, r, reevaluator(t, "aws-gp3", archs...))
	for _, label := range []string{"single-node#1", "hot-standby"} {
		o := option(t, rec, label)
		if o.Status != Feasible || len(o.Configured) != 1 || o.Configured[0].To != 2.0 || len(o.AsListed) != 0 || o.Listed.VCPUs != 0 {
			t.Fatalf("%s: %s, configured %+v: want 2 vCPUs, feasible as listed too", label, o.Status, o.Configured)
		}
		if !strings.Contains(o.Configured[0].Detail, "against $") || o.Result.NodeVCPUs != 2 {
			t.Errorf("%s: %q on %d vCPUs, want the profile's node's cost beside it", label, o.Configured[0].Detail, o.Result.NodeVCPUs)
		}
	}
	// The chosen option's node in a sentence of its own, the others' in one.
	if !slices.ContainsFunc(rec.Rationale, func(s string) bool {
		return strings.HasPrefix(s, "Sized to the load,") && strings.Contains(s, "hot-standby on 2 vCPUs at $")
	}) || !slices.ContainsFunc(rec.Rationale, func(s string) bool { return strings.HasPrefix(s, rec.Recommended+" is judged with vcpus: 2") }) {
		t.Errorf("rationale %q: want the chosen node's sentence and the others' sizes in one", rec.Rationale)
	}
	if given := option(t, rec, "single-node#2"); len(given.Configured) != 0 || given.Result.NodeVCPUs != 8 {
		t.Errorf("a node given at 8 vCPUs configured %+v, want it as given", given.Configured)
	}
	if one, given := option(t, rec, "single-node#1"), option(t, rec, "single-node#2"); !(one.Result.Cost.Total < given.Result.Cost.Total/3) {
		t.Errorf("2 vCPUs at $%.0f, 8 at $%.0f: want about a quarter", float64(one.Result.Cost.Total), float64(given.Result.Cost.Total))
	}
	w = model.DefaultWorkload()
	a := model.Architecture{ID: model.SingleNode}
	rec = Recommend(evaluate(t, w, "aws-gp3", r, a), w, r, reevaluator(t, "aws-gp3", a))
	if o := option(t, rec, "single-node"); len(o.Configured) != 0 {
		t.Errorf("the default workload configured %+v: want the profile's node, the 4-vCPU node's disk crowded", o.Configured)
	}
}

// The options a configuration makes feasible are sized to the load too,
// so that the ranking compares like with like (review of 2026-11-28: read
// replicas with their standby stayed on 8 vCPUs beside a hot standby on
// 2), and distributed SQL and Citus not below 4 vCPUs, the least their
// vendors run (CockroachDB's production checklist; Azure's managed Citus).
func TestSmallerNodeForConfiguredOptions(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet, w.Sessions = 500, 50, 20*model.GB, 5*model.GB, 50
	r.Survive, r.RPO = []string{"zone"}, 0
	// The read replicas' local disks given: on volumes they cost less
	// still (TestVolumesForLess).
	archs := []model.Architecture{{ID: model.ReadReplicas, Storage: model.LocalStorage}, {ID: model.DistributedSQL}, {ID: model.Sharded}}
	rec := Recommend(evaluate(t, w, "aws-gp3", r, archs...), w, r, reevaluator(t, "aws-gp3", archs...))
	o := option(t, rec, "read-replicas")
	if n := len(o.Configured); o.Status != Feasible || n < 2 || o.Configured[0].Requirement != "standbys" || o.Configured[n-1].Requirement != "vcpus" || o.Result.NodeVCPUs >= 8 {
		t.Errorf("read replicas: %s, configured %+v on %d vCPUs: want the standby, then a smaller node", o.Status, o.Configured, o.Result.NodeVCPUs)
	}
	for _, label := range []string{"distributed-sql", "sharded"} {
		if o := option(t, rec, label); o.Status != Feasible || o.Result.NodeVCPUs != 4 {
			t.Errorf("%s %s on %d vCPUs, want feasible on 4, the least (2 would meet the load)", label, o.Status, o.Result.NodeVCPUs)
		}
	}
}

// Data that a node's instance store cannot hold goes on network volumes,
// as RDS runs PostgreSQL, before a more complex architecture (review of
// 2026-11-28: 500 GB on aws-gp3 ruled read replicas out by their 450 GB
// of NVMe and recommended Aurora at $6,624 a month). With gp3 volumes
// provisioned to 16,000 IOPS and 1,000 MB/s, read replicas on volumes with
// a synchronous standby in another zone meet every requirement, scaled up
// to 16 vCPUs with 3 replicas for $5,442 where the profile's 8 vCPUs took
// 13 nodes for $7,651 (the model's figures). The hot standby is judged on the
// larger nodes of its family too, whose instance store grows with them
// (r6id.4xlarge: 950 GB; review of 2026-11-28): on 16 vCPUs it meets every
// requirement for $3,637 and ranks first, the simplest.
func TestNetworkVolumesWhereTheLocalDiskIsSmall(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet, w.Sessions, w.ClientRTT = 100000, 2000, 500*model.GB, 50*model.GB, 400, 300*model.Microsecond
	r.P99Read, r.P99Write, r.Survive, r.RPO = 10*model.Millisecond, 50*model.Millisecond, []string{"zone"}, 1
	p, archs := setup(t, "aws-gp3", nil)
	if err := errors.Join(p.Set("network_iops", 16000), p.Set("network_bandwidth_mb_per_sec", 1000)); err != nil {
		t.Fatal(err)
	}
	re := func(i int, w model.Workload, r model.Requirements, edit func(*model.Architecture)) (model.Result, error) {
		a, p := archs[i], p
		if edit != nil {
			edit(&a)
		}
		if a.VCPUs != 0 {
			var err error
			if p, err = p.Resized(a.VCPUs); err != nil {
				return model.Result{}, err
			}
		}
		return a.Evaluate(w, p.Values, r)
	}
	results := make([]model.Result, len(archs))
	for i := range archs {
		var err error
		if results[i], err = re(i, w, r, nil); err != nil {
			t.Fatal(err)
		}
	}
	rec := Recommend(results, w, r, re)
	o := option(t, rec, "read-replicas")
	if o.Status != Feasible || len(o.Configured) != 4 || o.Configured[0].Requirement != "storage" || o.Configured[3].Requirement != "vcpus" ||
		o.Result.Architecture.Storage != model.NetworkStorage || !hasReasonOf(o.AsListed, "disk") || !(o.Result.Cost.Total < 7651) {
		t.Fatalf("read replicas: %s, configured %+v, as listed %+v: want them on network volumes with a standby, on larger nodes for less than 8 vCPUs' $7,651", o.Status, o.Configured, o.AsListed)
	}
	hs := option(t, rec, "hot-standby")
	if rec.Recommended != "hot-standby" || len(hs.Configured) != 1 || hs.Configured[0].Requirement != "vcpus" || hs.Configured[0].To != 16.0 || hs.Result.Architecture.Storage != model.LocalStorage {
		t.Errorf("recommended %s, the hot standby configured %+v on %s: want it on a 16-vCPU node's local disk, the simplest that meets every requirement", rec.Recommended, hs.Configured, hs.Result.Architecture.Storage)
	}
	// A storage the request gives is its own, and a single node on a
	// volume is network-attached-storage, judged as such.
	for _, label := range []string{"single-node"} {
		if o := option(t, rec, label); len(o.Configured) != 0 {
			t.Errorf("%s configured %+v: want it as listed", label, o.Configured)
		}
	}
	given := []model.Architecture{{ID: model.ReadReplicas, Storage: model.LocalStorage}}
	grec := Recommend([]model.Result{results[2]}, w, r, func(_ int, w model.Workload, r model.Requirements, edit func(*model.Architecture)) (model.Result, error) {
		a := given[0]
		if edit != nil {
			edit(&a)
		}
		return a.Evaluate(w, p.Values, r)
	})
	if o := grec.Options[0]; o.Status != RuledOut || len(o.Configured) != 0 {
		t.Errorf("read replicas given local storage: %s, configured %+v; want them ruled out as given", o.Status, o.Configured)
	}
	// Where the volumes still miss, the disk reason says what.
	if aa := option(t, rec, "active-active"); aa.Status != RuledOut || !slices.ContainsFunc(aa.Reasons, func(rs Reason) bool {
		return rs.Requirement == "disk" && strings.Contains(rs.Detail, "on network volumes (storage: network) it still misses")
	}) {
		t.Errorf("active-active %s %+v: want its disk reason to say what volumes still miss", aa.Status, aa.Reasons)
	}
}

// Under a closed load whose clients queue in PgBouncer for a pool that is
// always in use, the relaxation is the smallest pool that meets every
// requirement, not the p99s the queue makes: 3,000 clients at 50 ms think
// time on a pool of 10 see reads at 483 ms p99 on a hot standby (the
// review of 2026-11-28 that found the relaxation asking to accept them);
// a pool of 57 meets the 50 ms asked, and 56 does not, nor does the
// largest, 2,000 backends in the run queue of 8 saturated cores, taken in
// no order (ADR 0012: the write p99 above the 100 ms asked), which the
// search no longer starts from.
func TestClosedLoadPoolRelaxation(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet = 20000, 5000, 200*model.GB, 30*model.GB
	w.Sessions, w.Clients, w.ThinkTime, w.ClientRTT = 10, 3000, 50*model.Millisecond, model.Millisecond
	r.P99Read, r.P99Write, r.RPO, r.RTO, r.Survive = 50*model.Millisecond, 100*model.Millisecond, 0, 60, []string{"zone"}
	a := model.Architecture{ID: model.HotStandby}
	re := reevaluator(t, "aws-gp3", a)
	rec := Recommend(evaluate(t, w, "aws-gp3", r, a), w, r, re)
	if len(rec.Relax) != 1 || len(rec.Relax[0].Changes) != 1 || rec.Relax[0].Changes[0].Requirement != "sessions" {
		t.Fatalf("relax %+v: want a larger pool alone", rec.Relax)
	}
	n := int(rec.Relax[0].Changes[0].To.(float64))
	for _, c := range []struct {
		pool int
		meet bool
	}{{n, true}, {n - 1, false}, {2000, false}} {
		w := w
		w.Sessions = c.pool
		res, err := re(0, w, r, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := Check(res, w, r); (len(got) == 0) != c.meet {
			t.Errorf("a pool of %d: reasons %+v, want met %v", c.pool, got, c.meet)
		}
	}
}

// Larger nodes are judged wherever a node's size lifts what binds, at the
// family's every size (review of 2026-11-28, whose requests these are, on
// aws-gp3): a read replica's CPU (replica_cpu), not only the primary's;
// and the 12xlarge's 48 vCPUs between the 8xlarge and the 16xlarge, 32 %
// cheaper than the 64 vCPUs the doubling sizes chose. A local disk too
// small for the data is not bought with cores: the single node with 1.5
// TB is ruled out by its disk, not configured with 32 vCPUs.
func TestLargerNodeSizes(t *testing.T) {
	cases := []struct {
		name    string
		w       func(*model.Workload)
		a       model.Architecture
		want    float64
		binding string
	}{
		{"a replica's CPU", func(w *model.Workload) { w.ReadRate, w.WriteRate = 150000, 3000 },
			model.Architecture{ID: model.ReadReplicas, Replicas: 1}, 16, "replica_cpu"},
		{"a local disk", func(w *model.Workload) {
			w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet = 30000, 1000, 1500*model.GB, 400*model.GB
		}, model.Architecture{ID: model.SingleNode}, 0, ""},
		{"a 12xlarge", func(w *model.Workload) { w.ReadRate, w.WriteRate, w.Sessions = 420000, 5000, 1000 },
			model.Architecture{ID: model.SingleNode}, 48, "cpu"},
		// With p99 limits the 16-vCPU node, still saturated, has no
		// latency to compare: the ladder goes on by the load it carries
		// (the review found it stopped there).
		{"latency limits", func(w *model.Workload) { w.ReadRate, w.WriteRate, w.Sessions = 420000, 5000, 1000 },
			model.Architecture{ID: model.SingleNode}, 48, "cpu"},
	}
	for _, c := range cases {
		w, r := model.DefaultWorkload(), model.DefaultRequirements()
		if c.name == "latency limits" {
			r.P99Read, r.P99Write = 5*model.Millisecond, 50*model.Millisecond
		}
		c.w(&w)
		rec := Recommend(evaluate(t, w, "aws-gp3", r, c.a), w, r, reevaluator(t, "aws-gp3", c.a))
		o := rec.Options[0]
		if c.binding != "" && (len(o.AsListed) == 0 || !strings.Contains(o.AsListed[0].Detail, c.binding)) {
			t.Errorf("%s: as listed %+v, want it bound by %s", c.name, o.AsListed, c.binding)
		}
		if c.want == 0 {
			if o.Status != RuledOut || !hasReason(o, "disk") || len(o.Configured) > 0 {
				t.Errorf("%s: %s, configured %+v; want ruled out by its disk", c.name, o.Status, o.Configured)
			}
			continue
		}
		if o.Status != Feasible || len(o.Configured) != 1 || o.Configured[0].To != c.want {
			t.Errorf("%s: %s, configured %+v; want %v vCPUs", c.name, o.Status, o.Configured, c.want)
		}
	}
}

// A PostgreSQL pool is raised to at most 2,000 backends (Andres Freund,
// 2020: a few thousand connections run into real problems): a client 50
// ms away holds its session through every round trip of its
// transactions, so 7,000 requests/s on the lecture's node need about
// 1,362 sessions, which the relaxation offers; 100 ms away they need
// about 2,722, and the relaxation is less load instead, the reason saying
// why no larger pool is offered.
func TestPoolRelaxationStopsAtBackends(t *testing.T) {
	r := model.DefaultRequirements()
	a := model.Architecture{ID: model.SingleNode}
	re := reevaluator(t, "lecture", a)
	for _, c := range []struct {
		rtt  model.Time
		want string
	}{{50 * model.Millisecond, "sessions"}, {100 * model.Millisecond, "throughput"}} {
		w := model.DefaultWorkload()
		w.ReadRate, w.WriteRate, w.Sessions, w.ClientRTT = 5000, 2000, 100, c.rtt
		rec := Recommend(evaluate(t, w, "lecture", r, a), w, r, re)
		if len(rec.Relax) != 1 || rec.Relax[0].Changes[0].Requirement != c.want {
			t.Errorf("client %v away: relax %+v, want %s first", c.rtt, rec.Relax, c.want)
			continue
		}
		if ch := rec.Relax[0].Changes[0]; c.want == "sessions" && ch.To.(float64) > maxBackends {
			t.Errorf("client %v away: a pool of %v, want at most %d", c.rtt, ch.To, maxBackends)
		}
		if o := option(t, rec, "single-node"); c.want == "throughput" && !strings.Contains(o.Reasons[0].Detail, "backends a relaxation offers") {
			t.Errorf("client %v away: reason %q, want it to say why no larger pool is offered", c.rtt, o.Reasons[0].Detail)
		}
	}
}

// Distributed SQL asked to survive a region with no regions named is
// judged with its nodes spread over neighbouring regions, as a CockroachDB
// cluster that survives a region is spread over three: so configured it
// needs only a pool a quarter larger (its statements now cross 15 ms
// between regions and hold their sessions that much longer), and that
// relaxation, which keeps every guarantee, comes before the hot standby's
// "survive: drop region" (review of 2026-11-28: dropping the region was
// distributed SQL's only relaxation, and the first offered). Relaxed so,
// it meets every requirement.
func TestRegionSurvivalSpreadsTheNodes(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate = 20000, 2000
	r.RPO, r.Survive = 0, []string{"region"}
	archs := []model.Architecture{{ID: model.DistributedSQL}, {ID: model.HotStandby}}
	re := reevaluator(t, "aws-gp3", archs...)
	rec := Recommend(evaluate(t, w, "aws-gp3", r, archs...), w, r, re)
	if len(rec.Relax) == 0 || rec.Relax[0].Label != "distributed-sql" {
		t.Fatalf("relax %+v: want distributed SQL first", rec.Relax)
	}
	rl := rec.Relax[0]
	if c := rl.Changes[0]; c.Requirement != "node_placement" || c.To != string(model.CrossRegion) {
		t.Fatalf("distributed SQL relaxed by %+v: want its nodes spread over regions first", rl.Changes)
	}
	if slices.ContainsFunc(rl.Changes, func(c Change) bool { return c.Requirement == "survive" }) {
		t.Errorf("distributed SQL relaxed by %+v: want the region kept", rl.Changes)
	}
	rw, rr, _ := relaxed(t, w, r, rl)
	res, err := re(0, rw, rr, func(a *model.Architecture) { a.NodePlacement = model.CrossRegion })
	if err != nil {
		t.Fatal(err)
	}
	if got := Check(res, rw, rr); len(got) > 0 {
		t.Errorf("relaxed by %+v still misses %+v", rl.Changes, got)
	}
}

// Read replicas ruled out by a zone's loss alone are judged with a
// synchronous standby in another zone, and that configuration, which
// meets every requirement, is the option ranked: simpler and cheaper than
// distributed SQL, it is recommended, and the rationale says what it adds
// and what ruled the replicas out as listed (review of 2026-11-28:
// distributed SQL was recommended at $4,251 a month as "the only option
// that meets every requirement", beside a note that the replicas with a
// standby met them too, at $1,915).
func TestCopiedOptionIsConfigured(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet, w.Sessions = 150_000, 200, 100*model.GB, 20*model.GB, 400
	r.P99Read, r.P99Write, r.RPO, r.RTO, r.Survive = 5*model.Millisecond, 20*model.Millisecond, 1, 120, []string{"zone"}
	archs := []model.Architecture{{ID: model.ReadReplicas}, {ID: model.DistributedSQL}}
	re := reevaluator(t, "aws-io2", archs...)
	rec := Recommend(evaluate(t, w, "aws-io2", r, archs...), w, r, re)
	o := option(t, rec, "read-replicas")
	if o.Status != Feasible || !availabilityOnly(o.AsListed) || len(o.Configured) == 0 || o.Configured[0].Requirement != "standbys" || len(o.Listed.Standbys) != 0 {
		t.Fatalf("read-replicas: %s, configured %+v, as listed %+v with %v; want feasible with a standby, ruled out by availability alone as listed, without one", o.Status, o.Configured, o.AsListed, o.Listed.Standbys)
	}
	if got := o.Result.Architecture; len(got.Standbys) != 1 || got.Standbys[0] != model.CrossZone || got.SyncCommit != model.SyncOn {
		t.Errorf("configured architecture %+v, want one synchronous cross-zone standby", got)
	}
	if rec.Recommended != string(model.ReadReplicas) {
		t.Fatalf("Recommended %q, want read-replicas, configured", rec.Recommended)
	}
	text := strings.Join(rec.Rationale, " ")
	if !strings.Contains(text, "read-replicas is judged with standbys: [cross-zone]") {
		t.Errorf("rationale %q: want what the read replicas are judged with", rec.Rationale)
	}
}

// Surviving a region asks a copy in another region, whose round trip a
// tight p99 write target cannot take; a copy in another zone, beside
// dropping the region, meets everything else as given and is the smaller
// relaxation (review of 2026-11-28: read replicas on aws-gp3 at 20,000
// reads/s and 2,000 writes/s, p99 write 5 ms, RPO 0, surviving a region,
// were asked a cross-region standby and p99 write 5 → 17.4 ms besides
// dropping the region).
func TestRelaxTakesTheNearerCopy(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate = 20000, 2000
	r.P99Write, r.RPO, r.Survive = 5*model.Millisecond, 0, []string{"region"}
	archs := []model.Architecture{{ID: model.ReadReplicas}}
	re := reevaluator(t, "aws-gp3", archs...)
	rec := Recommend(evaluate(t, w, "aws-gp3", r, archs...), w, r, re)
	if len(rec.Relax) != 1 {
		t.Fatalf("relax %+v, want read-replicas'", rec.Relax)
	}
	var asked []string
	for _, c := range rec.Relax[0].Changes {
		asked = append(asked, c.Detail)
		if c.Requirement == "p99_write_ms" {
			t.Errorf("change %q: want the target kept, a copy in another zone meeting it", c.Detail)
		}
	}
	if !strings.Contains(strings.Join(asked, "; "), "standbys: [cross-zone]") {
		t.Errorf("changes %q: want a standby in another zone", asked)
	}
}

// A coordinator-bound sharded cluster that also misses RPO 0 and a zone's
// survival is judged querying from any node with a synchronous standby per
// worker, which meets every requirement: the option is that configuration,
// not a relaxation that gives up both (review of 2026-11-28: 50,000
// reads/s and 5,000 writes/s on lecture, RPO 0, surviving a zone).
func TestAnyNodeWithACopyIsConfigured(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate = 50000, 5000
	r.RPO, r.Survive = 0, []string{"zone"}
	archs := []model.Architecture{{ID: model.Sharded}}
	re := reevaluator(t, "lecture", archs...)
	rec := Recommend(evaluate(t, w, "lecture", r, archs...), w, r, re)
	o := option(t, rec, "sharded")
	var added []string
	for _, c := range o.Configured {
		added = append(added, c.Requirement)
	}
	if o.Status != Feasible || rec.Recommended != "sharded" || len(added) < 3 || !slices.Equal(added[:3], []string{"query_from_any_node", "standbys", "sync_commit"}) {
		t.Errorf("sharded %s, configured with %q, recommended %q: want feasible querying from any node with a synchronous standby", o.Status, added, rec.Recommended)
	}
	if a := o.Result.Architecture; !a.QueryFromAnyNode || len(a.Standbys) != 1 {
		t.Errorf("configured architecture %+v, want query_from_any_node and one standby", a)
	}
}

// Relaxations come smallest first in all, not fewest first: giving up an
// RPO of 0 is a whole change, more than raising p99 3 → 4.15 ms and RTO
// 30 → 40.1 s (0.28 + 0.25). The figures are the review's s7 scenario,
// where a count-first order offered active-active's "rpo_seconds: 0 →
// 0.00542" as the smallest change.
func TestRelaxGivingUpAGuaranteeIsLarge(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	r.P99Write, r.RPO, r.RTO = 3*model.Millisecond, 0, 30
	option := func(id model.ID, reasons ...Reason) Option {
		res := result(id, 1000, 2*model.Millisecond)
		res.MaxThroughputScale = 2
		return Option{Label: string(id), Result: res, Status: RuledOut, Reasons: reasons}
	}
	got := relax([]Option{
		option(model.ActiveActive, Reason{"rpo_seconds", 0.00542, 0.0, "rpo_seconds: 0.00542 > 0"}),
		option(model.HotStandby, Reason{"p99_write_ms", 4.15, 3.0, "p99_write_ms: 4.15 > 3"}, Reason{"rto_seconds", 40.1, 30.0, "rto_seconds: 40.1 > 30"}),
	}, w, r, nil)
	if len(got) != 2 || got[0].Label != "hot-standby" {
		t.Errorf("relax = %+v, want hot-standby's two small changes first", got)
	}
}

// Dropping two failure kinds chains: [zone region] → [region] → [], each
// change from the list the last one left (QA, 2026-11-26: the second
// change started again from [zone region] and the two read as
// contradictory, zone → [region] then region → [zone]).
func TestRelaxSurviveChains(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	r.Survive = []string{"zone", "region"}
	res := result(model.SingleNode, 500, 2*model.Millisecond)
	got, ok := changesFor(Check(res, w, r), res, r, "")
	if !ok || len(got) != 2 {
		t.Fatalf("changes = %+v, want two", got)
	}
	if !slices.Equal(got[0].To.([]string), []string{"region"}) || !slices.Equal(got[1].From.([]string), []string{"region"}) || len(got[1].To.([]string)) != 0 {
		t.Errorf("changes = %+v, want [zone region] → [region] → []", got)
	}
}

// A region's failure a configuration would survive is relaxed with that
// configuration named beside dropping the requirement: distributed SQL's
// nodes over three named regions (review of 2026-11-27: "survive: drop
// region" was the only way offered); single-node has no copy to place.
// Unevaluated, it is named as what surviving takes, with the round trips
// the other requirements must allow, not as a way to become feasible
// (review of 2026-11-28: distributed SQL over three regions had a p99
// write of 328 ms where 13 would have done).
func TestRelaxSurviveNamesTheRegions(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	r.Survive = []string{"region"}
	for id, want := range map[model.ID]string{model.DistributedSQL: "three named regions", model.SingleNode: ""} {
		res := result(id, 500, 2*model.Millisecond)
		got, ok := changesFor(Check(res, w, r), res, r, "")
		if !ok || len(got) != 1 {
			t.Fatalf("%s: changes = %+v, want one", id, got)
		}
		if has := strings.Contains(got[0].Detail, "regions"); has != (want != "") || !strings.Contains(got[0].Detail, want) {
			t.Errorf("%s: %q, want it to name %q", id, got[0].Detail, want)
		}
		if want != "" && (strings.Contains(got[0].Detail, "(or ") || !strings.Contains(got[0].Detail, "round trips the other requirements must allow")) {
			t.Errorf("%s: %q, want what surviving takes, with its round trips to check, not an alternative", id, got[0].Detail)
		}
	}
}

// A guideline the choice falls outside of says what binds instead, and the
// option a guideline names says where it stands (review: read replicas
// were chosen at 50k reads/s with the guideline "above ~100k reads/s or
// when reads bottleneck the CPU" cited as if it applied, and the sharding
// guideline beside it while sharded went unmentioned).
func TestGuidelinesSayWhereTheyStand(t *testing.T) {
	p, archs := setup(t, "aws-gp3", nil)
	p.Values.Local.Capacity = 0 // no disk limit: the working set decides
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.Sessions = 70000, 5000, 800 // one node's IOPS at 0.88 of its ceiling
	w.PagesWrittenPerTxn, w.RowsInsertedPerTxn = 2, 2      // updates that are not HOT
	w.DataSize, w.WorkingSet, w.ClientRTT = 3000*model.GB, 200*model.GB, 0.3*model.Millisecond
	r.P99Read, r.P99Write = 10*model.Millisecond, 30*model.Millisecond
	var results []model.Result
	for _, a := range archs {
		res, err := a.Evaluate(w, p.Values, r)
		if err != nil {
			t.Fatal(err)
		}
		results = append(results, res)
	}
	rec := Recommend(results, w, r, nil)
	if rec.Recommended != string(model.ReadReplicas) {
		t.Fatalf("Recommended %q, want read-replicas (one node's IOPS bind)", rec.Recommended)
	}
	one := option(t, rec, "single-node").Result.Bottleneck
	text := strings.Join(rec.Rationale, " ")
	if !strings.Contains(text, "70000 reads/s, below that, and one node's bottleneck is "+one+", not its CPU") {
		t.Errorf("rationale %q: want the replica guideline to say it is below 100k reads/s and what binds (%s)", rec.Rationale, one)
	}
	sharded := option(t, rec, "sharded")
	if !strings.Contains(text, "this working set is 200 GB; sharded "+map[Status]string{Feasible: "meets every requirement", RuledOut: "is ruled out here"}[sharded.Status]) {
		t.Errorf("rationale %q: want the sharding guideline to say where sharded stands (%s)", rec.Rationale, sharded.Status)
	}
}

// A closed load's clients push past a copy that falls behind: a hot
// standby whose replay cannot keep up with 100 inserted 1 kB rows per
// transaction from 64 clients serves them, but its copy trails without
// bound, so it is ruled out however the other requirements stand (review
// of 2026-11-26: recommended with an unbounded RTO).
func TestClosedLoadRulesOutACopyThatFallsBehind(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.Clients, w.ThinkTime, w.RowsInsertedPerTxn, w.RowBytes = 64, 0, 1000, 100
	res := evaluate(t, w, "lecture", r, model.Architecture{ID: model.HotStandby})[0]
	if !res.Saturated || res.Bottleneck != "replay" {
		t.Fatalf("saturated %v at %s, want replay behind (the case this test is about)", res.Saturated, res.Bottleneck)
	}
	got := Check(res, w, r)
	if len(got) == 0 || got[0].Requirement != "throughput" || !strings.Contains(got[0].Detail, "replay falls behind") {
		t.Errorf("Check = %+v, want a throughput reason naming replay falling behind", got)
	}
}

// Under closed load the options carry what their clients reach, not one
// offered load: a distributed SQL cluster at $1,430 a month serving 6,174
// requests/s costs $0.23 per request/s, a hot standby at $2,867 serving
// 23,082 costs $0.12, so the simpler hot standby stays first, where on
// monthly cost alone the cluster, under half, was promoted (review of
// 2026-11-26, a sweep over clients).
func TestClosedLoadComparesCostPerThroughput(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	standby, cluster := result(model.HotStandby, 2867, 3*model.Millisecond), result(model.DistributedSQL, 1430, 5*model.Millisecond)
	standby.Throughput.Total, cluster.Throughput.Total = 23082, 6174
	if rec := Recommend([]model.Result{cluster, standby}, w, r, nil); rec.Recommended != "distributed-sql" {
		t.Fatalf("open load: recommended %q, want distributed-sql (under half the cost; the test's premise)", rec.Recommended)
	}
	w.Clients = 64
	if rec := Recommend([]model.Result{cluster, standby}, w, r, nil); rec.Recommended != "hot-standby" {
		t.Errorf("closed load: recommended %q (%v), want hot-standby, the cheaper per request/s", rec.Recommended, rec.Rationale)
	}
}

// A closed load whose copies fall behind is relaxed by fewer clients,
// found by re-evaluation (fewer clients reach less, not in proportion:
// one without think time keeps a replay busy alone): at the count offered
// the copies keep up, at one more they fall behind (review of 2026-11-26:
// no relaxation was offered; of 2026-11-27: 27 offered where 33 kept up).
func TestClosedLoadRelaxesTheClients(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.Clients, w.ThinkTime, w.RowsInsertedPerTxn, w.RowBytes = 64, 0, 1000, 100
	standby := model.Architecture{ID: model.HotStandby}
	re := reevaluator(t, "lecture", standby) // the options' own: the test re-evaluated single-node before
	rec := Recommend(evaluate(t, w, "lecture", r, standby), w, r, re)
	if len(rec.Relax) != 1 || rec.Relax[0].Changes[0].Requirement != "clients" {
		t.Fatalf("relax %+v, want fewer clients for hot-standby", rec.Relax)
	}
	c := rec.Relax[0].Changes[0]
	fewer := w
	fewer.Clients = int(c.To.(float64))
	res, err := re(0, fewer, r, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !(fewer.Clients < w.Clients) || res.Saturated {
		t.Errorf("%d clients offered: saturated %v at %s; want fewer than 64 that the copies keep up with", fewer.Clients, res.Saturated, res.Bottleneck)
	}
	fewer.Clients++
	if res, err := re(0, fewer, r, nil); err != nil || !res.Saturated {
		t.Errorf("%d clients, one more than offered: saturated %v (%v); want the copies behind: the most that keep up offered", fewer.Clients, res.Saturated, err)
	}
}

// A rare lost update reads as its mean interval: 8.39·10⁻¹³ per second is
// one every 37,769 years (1/8.39·10⁻¹³ = 1.1919·10¹² s over 365.25 days of 86,400 s), and
// 10⁻⁶ one every 11.6 days; one a second is said as a rate alone.
func TestOnceEvery(t *testing.T) {
	for _, c := range []struct {
		perSec float64
		want   string
	}{
		{8.39e-13, "; one every 37769 years on average"},
		{1e-6, "; one every 11.6 days on average"},
		{1, ""},
	} {
		if got := onceEvery(c.perSec); got != c.want {
			t.Errorf("onceEvery(%g) = %q, want %q", c.perSec, got, c.want)
		}
	}
}

// Where its sessions, not a station, set an auto-sized count, the
// rationale says so and that a larger pool needs fewer nodes (user review
// of 2026-11-27: 21 distributed SQL nodes at 5 % CPU for 200 sessions
// each, 3 with 2,000, and nothing said why).
func TestSessionBoundSizingSaysSo(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	res := result(model.DistributedSQL, 9705, 900*model.Millisecond)
	res.Bottleneck = "sessions"
	res.Sizing = model.Sizing{AutoSized: true, Nodes: 21, NodesRequired: 20.3, TargetUtilization: 0.7}
	rec := Recommend([]model.Result{res}, w, r, nil)
	if text := strings.Join(rec.Rationale, " "); !strings.Contains(text, "Its sessions bind, not its CPU or disks: 200 a node (sessions)") {
		t.Errorf("rationale %q: want the sessions named as what sets the count", rec.Rationale)
	}
}

// An option whose data does not fit its disk is relaxed by nothing a load
// or a session count could change (change), so no relaxation re-evaluates
// it (review of 2026-11-28: sixteen such options bisected their clients for
// 141 s), while a saturated option whose disk holds its data still finds
// the load it carries.
func TestRelaxSkipsWhatTheDiskRulesOut(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	calls := 0
	counted := func(re Reevaluator) Reevaluator {
		return func(i int, w model.Workload, r model.Requirements, edit func(*model.Architecture)) (model.Result, error) {
			calls++
			return re(i, w, r, edit)
		}
	}
	re := counted(reevaluator(t, "lecture", model.Architecture{ID: model.SingleNode}))
	res := result(model.SingleNode, 700, 2*model.Millisecond)
	res.Saturated, res.MaxThroughputScale = true, 0.5
	res.Disk = model.Disk{Data: 5000 * model.GB, Capacity: 474 * model.GB}
	if rec := Recommend([]model.Result{res}, w, r, re); len(rec.Relax) != 0 || calls != 0 {
		t.Errorf("disk ruled out: relaxations %+v after %d re-evaluations, want none and none", rec.Relax, calls)
	}
	res.Disk = model.Disk{Data: 100 * model.GB, Capacity: 474 * model.GB}
	if rec := Recommend([]model.Result{res}, w, r, re); calls == 0 {
		t.Errorf("saturated, its data on its disk: relaxations %+v after no re-evaluation, want the load it carries verified", rec.Relax)
	}
}

// goldenMin finds the least of a function that falls and then rises, at
// either end of the range too, and inside a flat window: a pool's worse
// p99 over its target against the pool (poolForClients).
func TestGoldenMin(t *testing.T) {
	for _, k := range []int{1, 2, 7, 57, 1000, 1999, 2000} {
		calls := 0
		got := goldenMin(1, 2000, func(n int) float64 { calls++; return float64((n - k) * (n - k)) })
		if got != k || calls > 30 {
			t.Errorf("(n − %d)²: least at %d after %d evaluations, want %d within 30", k, got, calls, k)
		}
	}
	window := func(n int) float64 { return math.Max(0, math.Max(75-float64(n), float64(n)-104)) }
	if got := goldenMin(10, 2000, window); got < 75 || got > 104 {
		t.Errorf("a window of 75 to 104: least at %d", got)
	}
	if got := goldenMin(5, 7, func(n int) float64 { return float64(n) }); got != 5 {
		t.Errorf("three points rising: least at %d, want 5", got)
	}
}

// Under a closed load a smaller node is judged by what rank compares, the
// cost per request/s carried, and must carry its clients within the
// target utilisation (review of 2026-11-28: 64 clients without think time
// were put on 2 vCPUs at 100 % CPU, a quarter of the 8-vCPU node's
// throughput and five times its p99, for the same cost per request/s).
// Without think time the clients fill any node: the profile's 8 vCPUs
// stay. Thinking 100 ms, the same clients ask about 640 transactions a
// second, a few per cent of a node's cores: 2 vCPUs carry them.
func TestSmallerNodeUnderClosedLoad(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.Clients, w.ThinkTime, w.Sessions = 64, 0, 100
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet, w.HotAccess = 0, 1000, 15*model.GB, 15*model.GB, 1 // the review's: writes alone, cached
	a := model.Architecture{ID: model.SingleNode}
	rec := Recommend(evaluate(t, w, "aws-gp3", r, a), w, r, reevaluator(t, "aws-gp3", a))
	o := option(t, rec, "single-node")
	if o.Status != Feasible || o.Result.Bottleneck != "cpu" {
		t.Fatalf("single node %s, bottleneck %s: the case wants it feasible and CPU-bound", o.Status, o.Result.Bottleneck)
	}
	if len(o.Configured) != 0 || o.Result.NodeVCPUs != 8 {
		t.Errorf("configured %+v on %d vCPUs, want the profile's 8", o.Configured, o.Result.NodeVCPUs)
	}
	w.ThinkTime = 100 * model.Millisecond
	rec = Recommend(evaluate(t, w, "aws-gp3", r, a), w, r, reevaluator(t, "aws-gp3", a))
	if o := option(t, rec, "single-node"); o.Status != Feasible || o.Result.NodeVCPUs != 2 {
		t.Errorf("thinking 100 ms: %s on %d vCPUs, want feasible on 2", o.Status, o.Result.NodeVCPUs)
	}
}

// Analytical queries that replay conflicts cancel on the replicas are not
// served: the option is ruled out by the analytical load it cannot carry
// (review of 2026-11-28: read replicas were recommended for 2 GB reports
// that ran 40 s on gp3 replicas, past max_standby_streaming_delay's 30 s;
// model.TestLoadedScansAreCancelled has the mechanism).
func TestCancelledScansRuleOut(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.AnalyticalRate, w.ScanPerQuery = 2000, 200, 0.2, 2*model.GB
	w.DataSize, w.WorkingSet = 1000*model.GB, 50*model.GB
	a := model.Architecture{ID: model.ReadReplicas, Storage: model.NetworkStorage, Replicas: 5}
	rec := Recommend(evaluate(t, w, "aws-gp3", r, a), w, r, reevaluator(t, "aws-gp3", a))
	o := option(t, rec, "read-replicas")
	k := slices.IndexFunc(o.Reasons, func(rs Reason) bool { return rs.Requirement == "analytical_per_sec" })
	if o.Status != RuledOut || k < 0 || !strings.Contains(o.Reasons[k].Detail, "replay conflicts cancel") {
		t.Fatalf("%s, reasons %+v: want ruled out by its cancelled analytical queries", o.Status, o.Reasons)
	}
	if served, offered := o.Reasons[k].Value.(float64), o.Reasons[k].Limit.(float64); !(served < offered) || offered != 0.2 {
		t.Errorf("served %v of %v analytical queries a second: want fewer than the 0.2 offered", served, offered)
	}
}

// Network volumes are provisioned to the load, as nodes are sized to it
// (judgeFewerIOPS; review of 2026-11-28: a tiny tool on io2 was priced
// $873, $780 of it for 12,000 IOPS against a demand of about 15, and
// Aurora was recommended as under half of that). io2 provisions from 100
// IOPS (calibration.md §2.1), the ladder's least, which carries 50 reads
// and 5 writes a second within the target; gp3's 3,000 included IOPS are
// the least it provisions, so nothing fewer is judged there.
func TestVolumesProvisionedToTheLoad(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet, w.Sessions = 50, 5, 5*model.GB, model.GB, 50
	a := model.Architecture{ID: model.NetworkAttachedStorage}
	rec := Recommend(evaluate(t, w, "aws-io2", r, a), w, r, reevaluator(t, "aws-io2", a))
	o := option(t, rec, "network-attached-storage")
	k := slices.IndexFunc(o.Configured, func(c Change) bool { return c.Requirement == "volume_iops" })
	if o.Status != Feasible || k < 0 || o.Configured[k].To != 100.0 || o.Result.VolumeIOPS != 100 {
		t.Fatalf("io2: %s, configured %+v at %v IOPS: want 100 provisioned", o.Status, o.Configured, o.Result.VolumeIOPS)
	}
	if !strings.Contains(o.Configured[k].Detail, "fewer IOPS") || !(o.Result.Cost.IOPS < 10) {
		t.Errorf("io2: %q, IOPS at $%.2f a month: want fewer, for under $10 (100 × $0.065)", o.Configured[k].Detail, float64(o.Result.Cost.IOPS))
	}
	rec = Recommend(evaluate(t, w, "aws-gp3", r, a), w, r, reevaluator(t, "aws-gp3", a))
	if o := option(t, rec, "network-attached-storage"); o.Result.VolumeIOPS != 3000 {
		t.Errorf("gp3: %v IOPS, configured %+v: want its 3,000 included", o.Result.VolumeIOPS, o.Configured)
	}
}

// Volumes whose IOPS bind are provisioned with more before a larger node
// is judged (judgeProvisioned; review of 2026-11-28: a catalogue's 80,000
// reads a second at gp3's 3,000 included IOPS went to a 16-vCPU node at
// $753, where 12,000 IOPS, $45 more, met every requirement for $430). At
// 3,000 IOPS the volume carries 29,206 requests a second, 0.1027 I/Os
// each, so the 80,200 offered need 8,238 IOPS, and 11,769 at the target
// utilisation of 0.7: 12,000 on the ladder.
func TestVolumesProvisionedForTheLoad(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet = 80000, 200, 100*model.GB, 20*model.GB
	a := model.Architecture{ID: model.NetworkAttachedStorage}
	rec := Recommend(evaluate(t, w, "aws-gp3", r, a), w, r, reevaluator(t, "aws-gp3", a))
	o := option(t, rec, "network-attached-storage")
	if o.Status != Feasible || o.Result.VolumeIOPS != 12000 || o.Result.NodeVCPUs != 8 || len(o.AsListed) == 0 {
		t.Fatalf("%s on %d vCPUs at %v IOPS, configured %+v: want 12,000 IOPS on the profile's 8 vCPUs, ruled out as listed", o.Status, o.Result.NodeVCPUs, o.Result.VolumeIOPS, o.Configured)
	}
	// The default workload: 3,000 IOPS carry 12,092 requests a second,
	// 0.2481 I/Os each, so the 21,000 offered need 5,210 IOPS, 7,443 at
	// the target. 6,000 are 0.868 of the ceiling, over the target, which
	// the ladder must take as progress from 4,000's saturation (review of
	// 2026-11-28: it stopped there and took a 32-vCPU node at $1,530).
	// 8,000 carry the load at 0.65 of the ceiling, but run the volume's
	// 5,796 I/Os a second, commit flushes included, at 0.72 of its IOPS,
	// over the target: 12,000, at 0.48, for $471.
	w = model.DefaultWorkload()
	rec = Recommend(evaluate(t, w, "aws-gp3", r, a), w, r, reevaluator(t, "aws-gp3", a))
	if o := option(t, rec, "network-attached-storage"); o.Status != Feasible || o.Result.VolumeIOPS != 12000 || o.Result.NodeVCPUs != 8 {
		t.Errorf("default workload: %s on %d vCPUs at %v IOPS, configured %+v: want 12,000 IOPS on the profile's 8 vCPUs", o.Status, o.Result.NodeVCPUs, o.Result.VolumeIOPS, o.Configured)
	}
}

// Distributed SQL sized by its local disks takes network volumes where
// they cost less, its count sized afresh by the load (judgeOnVolumes;
// review of 2026-11-28: 2 TB of single-row inserts at 30,000 a second
// took 24 nodes at 14 % CPU on aws-gp3's 474 GB of instance store, $12,962
// a month; on volumes 15 nodes, $8,684, before a smaller node).
func TestDiskSizedCountsTakeVolumes(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet = 500, 30000, 2000*model.GB, 50*model.GB
	w.StatementsPerTxn, w.RoundTripsPerTxn, w.PagesReadPerTxn, w.PagesWrittenPerTxn, w.RowsInsertedPerTxn = 1, 1, 0, 0, 1
	a := model.Architecture{ID: model.DistributedSQL}
	listed := evaluate(t, w, "aws-gp3", r, a)
	if !listed[0].Sizing.ByDisk {
		t.Fatalf("%d nodes, not sized by disk: the case wants the local disks to bind", listed[0].Nodes)
	}
	rec := Recommend(listed, w, r, reevaluator(t, "aws-gp3", a))
	o := option(t, rec, "distributed-sql")
	if o.Status != Feasible || len(o.Configured) == 0 || o.Configured[0].Requirement != "storage" || o.Result.Architecture.Storage != model.NetworkStorage {
		t.Fatalf("%s, configured %+v: want network volumes first", o.Status, o.Configured)
	}
	if !(o.Result.Nodes < listed[0].Nodes) || !(o.Result.Cost.Total < listed[0].Cost.Total) {
		t.Errorf("%d nodes at $%.0f on volumes, %d at $%.0f on local disks: want fewer for less", o.Result.Nodes, float64(o.Result.Cost.Total), listed[0].Nodes, float64(listed[0].Cost.Total))
	}
	// On io2 the volumes are provisioned down, but not past the target
	// utilisation with the commit flushes counted (review of 2026-11-28:
	// 1,000 IOPS at 0.985 of them, the p99 write from 14 to 26 ms).
	rec = Recommend(evaluate(t, w, "aws-io2", r, a), w, r, reevaluator(t, "aws-io2", a))
	o = option(t, rec, "distributed-sql")
	for _, u := range o.Result.Utilization {
		if strings.HasSuffix(u.Resource, "iops") && u.Value > r.TargetUtilization {
			t.Errorf("io2: %s at %v of %v IOPS, configured %+v: want within the target %v", u.Resource, u.Value, o.Result.VolumeIOPS, o.Configured, r.TargetUtilization)
		}
	}
}

// Auto-sized counts that the volumes' IOPS bind are judged with more IOPS
// for fewer nodes (judgeFewerNodes; review of 2026-11-28: read replicas on
// gp3 volumes took 52 nodes at their 3,000 included IOPS, $31,822 a
// month, where 12,000 IOPS need 9 for $6,083): 3 TB, more than a node's
// instance store holds, so the replicas go on volumes (judgeNetworked),
// 30,000 reads a second over a 1 TB working set, most of them misses.
func TestMoreIOPSForFewerNodes(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet, w.HotAccess = 30000, 500, 3000*model.GB, 1000*model.GB, 0.7
	r.P99Read = 3 * model.Millisecond
	a := model.Architecture{ID: model.ReadReplicas}
	listed := evaluate(t, w, "aws-gp3", r, a)
	rec := Recommend(listed, w, r, reevaluator(t, "aws-gp3", a))
	o := option(t, rec, "read-replicas")
	k := slices.IndexFunc(o.Configured, func(c Change) bool { return c.Requirement == "volume_iops" })
	if o.Status != Feasible || k < 0 || o.Result.VolumeIOPS <= 3000 || o.Result.Nodes > 10 {
		t.Fatalf("%s on %d nodes at %v IOPS, configured %+v: want more IOPS for ten nodes at most", o.Status, o.Result.Nodes, o.Result.VolumeIOPS, o.Configured)
	}
	if !(o.Result.Cost.Total < 10000) {
		t.Errorf("$%.0f a month: want under a third of the 3,000 IOPS' $31,822", float64(o.Result.Cost.Total))
	}
}

// A volume's throughput is provisioned where it binds, as its IOPS are
// (review of 2026-11-28: gp3's 125 MiB/s included, 131 MB/s, was never
// raised, though gp3 provisions up to 1,000 MiB/s at $0.04 per
// MiB/s-month; AWS EBS docs, calibration.md §2.1, §8.1). Five-gigabyte
// scans every 50 s beside 1,000 reads and 100 writes a second run gp3's
// throughput at 0.756 (the model's figure), over the target of 0.7: the
// next step, 187.5 MiB/s = 196.6 MB/s, carries them within it for about
// $2.50 a month more. And an ingest that needs more than an 8-vCPU node
// sustains towards its volumes (312.5 MB/s) gets a larger node and its
// volumes' throughput raised together: neither alone carries it. At 16
// vCPUs gp3's most, 16,000 IOPS, run at 0.83 of theirs, over the target,
// and at 32 vCPUs, whose larger cache reads less, at 0.64, its 524 MB/s at
// 0.69 (the model's figures).
func TestThroughputProvisionedForTheLoad(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet = 1000, 100, 500*model.GB, 20*model.GB
	w.AnalyticalRate, w.ScanPerQuery = 0.02, 5*model.GB
	a := model.Architecture{ID: model.NetworkAttachedStorage, VCPUs: 8} // its node held: the volumes alone are judged
	rec := Recommend(evaluate(t, w, "aws-gp3", r, a), w, r, reevaluator(t, "aws-gp3", a))
	o := option(t, rec, "network-attached-storage")
	k := slices.IndexFunc(o.Configured, func(c Change) bool { return c.Requirement == "volume_mb_per_sec" })
	if o.Status != Feasible || k < 0 || o.Configured[k].To != 196.608 || o.Result.VolumeIOPS != 3000 || len(o.AsListed) == 0 {
		t.Fatalf("scans: %s, configured %+v at %v IOPS: want 196.608 MB/s at gp3's 3,000 included IOPS, ruled out as listed", o.Status, o.Configured, o.Result.VolumeIOPS)
	}

	w, r = model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet = 5000, 4000, 2000*model.GB, 40*model.GB
	w.RowsInsertedPerTxn, w.RowBytes, w.AnalyticalRate, w.ScanPerQuery = 3, 500, 0.05, 5*model.GB
	r.P99Read, r.P99Write = 20*model.Millisecond, 50*model.Millisecond
	a = model.Architecture{ID: model.NetworkAttachedStorage}
	rec = Recommend(evaluate(t, w, "aws-gp3", r, a), w, r, reevaluator(t, "aws-gp3", a))
	o = option(t, rec, "network-attached-storage")
	var changed []string
	for _, c := range o.Configured {
		changed = append(changed, c.Requirement)
	}
	if o.Status != Feasible || !slices.Equal(changed, []string{"vcpus", "volume_iops", "volume_mb_per_sec"}) || o.Result.NodeVCPUs != 32 ||
		o.Result.VolumeIOPS != 16000 || !(o.Result.VolumeBandwidth > 312.5*model.MBPerSecond) {
		t.Errorf("ingest: %s on %d vCPUs at %v IOPS and %v MB/s, configured %v: want 32 vCPUs, 16,000 IOPS and more than 312.5 MB/s", o.Status, o.Result.NodeVCPUs,
			o.Result.VolumeIOPS, float64(o.Result.VolumeBandwidth/model.MBPerSecond), changed)
	}
}

// An option moved to network volumes because no local disk of its family
// holds the data (10 TB: the 128-vCPU node's instance store is 7.2 TB) is
// provisioned and judged on larger nodes there as any option on volumes
// (review of 2026-11-28: "on network volumes it still misses throughput"
// at gp3's 3,000 included IOPS ended the judgement): 20,000 reads and
// 2,000 writes a second need more than the 8-vCPU node's 12,000 IOPS
// towards its volumes (the model's figures).
func TestNetworkedOptionScaledUp(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet = 20000, 2000, 10000*model.GB, 100*model.GB
	r.P99Read, r.P99Write, r.RPO, r.Survive = 10*model.Millisecond, 25*model.Millisecond, 0, []string{"zone"}
	a := model.Architecture{ID: model.HotStandby}
	rec := Recommend(evaluate(t, w, "aws-gp3", r, a), w, r, reevaluator(t, "aws-gp3", a))
	o := option(t, rec, "hot-standby")
	if o.Status != Feasible || len(o.Configured) < 2 || o.Configured[0].Requirement != "storage" || o.Result.VolumeIOPS <= 12000 || o.Result.NodeVCPUs <= 8 {
		t.Errorf("%s on %d vCPUs at %v IOPS, configured %+v: want network volumes of more than 12,000 IOPS on a larger node", o.Status, o.Result.NodeVCPUs, o.Result.VolumeIOPS, o.Configured)
	}
}

// On Azure the options on volumes run on the Esv3 series, from E2s_v3,
// and those on local NVMe on the Lsv3 series, from L8s_v3 (Microsoft,
// "Lsv3-series"): one floor of 8 vCPUs kept a small internal tool's volumes
// on 8 vCPUs at $371 a month, where 2 meet every requirement for $95 (the
// model's figures), under half the single node's $456 on its L8s_v3,
// which is then recommended instead (a practitioner's review of
// 2026-11-28). No option on local disks is judged below 8 vCPUs, and a
// profile given 2 vCPUs evaluates its options on local disks all the
// same, ruled out by their disk: no such node exists (a review of the
// same day: the whole request failed, naming the option's vcpus).
func TestLocalDisksHaveTheirOwnSmallestNode(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet, w.Sessions, w.ClientRTT = 150, 15, 20*model.GB, 5*model.GB, 20, 500*model.Microsecond
	r.P99Read, r.P99Write, r.RPO, r.RTO = 50*model.Millisecond, 100*model.Millisecond, 300, 3600
	archs := []model.Architecture{{ID: model.SingleNode}, {ID: model.NetworkAttachedStorage}, {ID: model.HotStandby, Storage: model.LocalStorage}}
	rec := Recommend(evaluate(t, w, "azure-premium-v2", r, archs...), w, r, reevaluator(t, "azure-premium-v2", archs...))
	nas := option(t, rec, "network-attached-storage")
	if rec.Recommended != "network-attached-storage" || nas.Result.NodeVCPUs != 2 {
		t.Errorf("recommended %s, network-attached-storage on %d vCPUs: want it recommended on 2", rec.Recommended, nas.Result.NodeVCPUs)
	}
	for _, label := range []string{"single-node", "hot-standby"} {
		if o := option(t, rec, label); o.Status != Feasible || o.Result.NodeVCPUs != 8 {
			t.Errorf("%s: %s on %d vCPUs, want feasible on L8s_v3's 8", label, o.Status, o.Result.NodeVCPUs)
		}
	}
	p, _ := setup(t, "azure-premium-v2", nil)
	small, err := p.Resized(2)
	if err != nil {
		t.Fatal(err)
	}
	res, err := model.Architecture{ID: model.SingleNode}.Evaluate(w, small.Values, r)
	if err != nil || res.Disk.NoLocalNode != 8 || !hasReasonOf(Check(res, w, r), "disk") {
		t.Errorf("single-node on 2 vCPUs: %v, no local node %d, reasons %+v: want it evaluated and ruled out by its disk", err, res.Disk.NoLocalNode, Check(res, w, r))
	}
}

// Counts that the volumes' throughput binds are judged with more of it,
// as those their IOPS bind (judgeFewerNodes), and distributed SQL sized by
// its local disks compares its volumes so provisioned (judgeOnVolumes):
// 4 TB of 4 kB rows inserted 20,000 times a second take 45 nodes by disk
// ($31,496 a month), 57 on volumes at gp3's included 125 MiB/s ($34,199),
// and 24 at 375 MiB/s = 393 MB/s ($22,298; the model's figures).
func TestMoreThroughputForFewerNodes(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet, w.RowBytes = 500, 20000, 4000*model.GB, 50*model.GB, 4000
	w.StatementsPerTxn, w.RoundTripsPerTxn, w.PagesReadPerTxn, w.PagesWrittenPerTxn, w.RowsInsertedPerTxn = 1, 1, 0, 0, 1
	a := model.Architecture{ID: model.DistributedSQL}
	rec := Recommend(evaluate(t, w, "aws-gp3", r, a), w, r, reevaluator(t, "aws-gp3", a))
	o := option(t, rec, "distributed-sql")
	if o.Status != Feasible || o.Result.Architecture.Storage != model.NetworkStorage || !o.configuredWith("volume_mb_per_sec") ||
		o.Result.Nodes >= 45 || !(o.Result.VolumeBandwidth > 131.072*model.MBPerSecond) {
		t.Errorf("%s on %d %s nodes at %v MB/s, configured %+v: want network volumes with more throughput, fewer than 45 nodes", o.Status, o.Result.Nodes,
			o.Result.Architecture.Storage, float64(o.Result.VolumeBandwidth/model.MBPerSecond), o.Configured)
	}
}

// An option on volumes is compared with a larger local node at the size
// and IOPS it would be sized to (a review of 2026-11-28): on io2, 800 GB
// with RPO 0 across zones, a hot standby on volumes was priced at the
// profile's 8 vCPUs and 12,000 IOPS, $2,762, against a 16-vCPU local node
// at $2,010, which was kept, and Aurora at $705 was recommended as under
// half of it; sized to the load, on 4 vCPUs and 3,000 IOPS, the hot
// standby on volumes costs $1,224 (the model's figures) and is
// recommended.
func TestNetworkedComparedAsSized(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet = 2000, 200, 800*model.GB, 20*model.GB
	r.P99Read, r.P99Write, r.RPO, r.Survive = 20*model.Millisecond, 50*model.Millisecond, 0, []string{"zone"}
	archs := []model.Architecture{{ID: model.HotStandby}, {ID: model.DBMSOptimizedStorage}}
	rec := Recommend(evaluate(t, w, "aws-io2", r, archs...), w, r, reevaluator(t, "aws-io2", archs...))
	hs := option(t, rec, "hot-standby")
	if rec.Recommended != "hot-standby" || hs.Result.Architecture.Storage != model.NetworkStorage || !(hs.Result.Cost.Total < 2010) {
		t.Errorf("recommended %s; the hot standby on %s at $%.0f: want it recommended on volumes, sized to under the local node's $2,010", rec.Recommended, hs.Result.Architecture.Storage, float64(hs.Result.Cost.Total))
	}
}

// Where the IOPS and the throughput take turns binding, each step that
// hands the bottleneck to the other counts as progress though it gains
// under 5 % (a review of 2026-11-28): on io2 an ingest of 2,000 writes of
// three 500-byte rows a second beside 5,000 reads and 5 GB scans stopped
// at 16,000 IOPS and 393 MB/s on 16 vCPUs (shortfall 1.495, then 1.446)
// and was ruled out; 24,000 IOPS and 786 MB/s meet every requirement
// there for $2,764 (the model's figures).
func TestVolumesClimbWhereIOPSAndThroughputAlternate(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet = 5000, 4000, 2000*model.GB, 40*model.GB
	w.RowsInsertedPerTxn, w.RowBytes, w.AnalyticalRate, w.ScanPerQuery = 3, 500, 0.05, 5*model.GB
	r.P99Read, r.P99Write = 20*model.Millisecond, 50*model.Millisecond
	a := model.Architecture{ID: model.NetworkAttachedStorage}
	rec := Recommend(evaluate(t, w, "aws-io2", r, a), w, r, reevaluator(t, "aws-io2", a))
	o := option(t, rec, "network-attached-storage")
	if o.Status != Feasible || o.Result.NodeVCPUs != 16 || o.Result.VolumeIOPS <= 16000 {
		t.Errorf("%s on %d vCPUs at %v IOPS and %v MB/s, configured %+v: want feasible on 16 vCPUs with more than 16,000 IOPS", o.Status, o.Result.NodeVCPUs,
			o.Result.VolumeIOPS, float64(o.Result.VolumeBandwidth/model.MBPerSecond), o.Configured)
	}
}

// IOPS carried up from a smaller node to a larger one, whose cache holds
// more, are trimmed back where they idle (fewerIOPS; a review of
// 2026-11-28): 40,000 reads a second over a 70 GB working set that 99.5 %
// of them touch need more than 12,000 IOPS on 8 vCPUs, but on 16 vCPUs
// gp3's included 3,000 carry them within the target (the model's figures),
// for $50 a month less.
func TestFewerIOPSOnTheLargerNode(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet, w.HotAccess = 40000, 300, 500*model.GB, 70*model.GB, 0.995
	a := model.Architecture{ID: model.NetworkAttachedStorage}
	re := reevaluator(t, "aws-gp3", a)
	o := judge("network-attached-storage", evaluate(t, w, "aws-gp3", r, a)[0], w, r)
	size := func(a *model.Architecture) { a.VCPUs = 16 }
	v := o.withVolumes(0, w, r, re, volume{iops: 12000}, size)
	if v == nil || v.Status != Feasible {
		t.Fatalf("16 vCPUs at 12,000 IOPS: %+v, want feasible", v)
	}
	if got := o.fewerIOPS(0, w, r, re, v, size); got.Result.VolumeIOPS != 3000 || !(price(got.Result, w) < price(v.Result, w)) {
		t.Errorf("trimmed to %v IOPS at $%.0f (from $%.0f), want gp3's 3,000 for less", got.Result.VolumeIOPS, float64(got.Result.Cost.Total), float64(v.Result.Cost.Total))
	}
}

// A disk's IOPS run within the target utilisation, commit flushes
// included, or the option is ruled out, as listed or configured: the
// ceiling leaves the flushes out, as they batch more as a disk fills, so a
// smaller node whose cache reads less put the volume at 0.81 of its IOPS
// while its load stood at 0.66 of its ceiling (a metamorphic hunt of
// 2026-11-28: 219 reads and 861 writes a second over 124 GB on Azure's
// Premium SSD v2, sized to 4 vCPUs at 4,000 IOPS; at 8 vCPUs those IOPS
// run at 0.675, the model's figures).
func TestDisksWithinTheTarget(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet, w.Sessions = 219, 861, 124.3*model.GB, 124.3*model.GB, 50
	r.P99Read, r.P99Write, r.RPO, r.RTO = 200*model.Millisecond, 1000*model.Millisecond, 0, 3600
	a := model.Architecture{ID: model.NetworkAttachedStorage}
	rec := Recommend(evaluate(t, w, "azure-premium-v2", r, a), w, r, reevaluator(t, "azure-premium-v2", a))
	o := option(t, rec, "network-attached-storage")
	if o.Status != Feasible || iopsLoad(o.Result) > float64(r.TargetUtilization) {
		t.Errorf("%s on %d vCPUs at %v IOPS, their load %.3f: want feasible within 0.7", o.Status, o.Result.NodeVCPUs, o.Result.VolumeIOPS, iopsLoad(o.Result))
	}
	p, _ := setup(t, "azure-premium-v2", nil)
	small, err := p.Option(model.Architecture{ID: model.NetworkAttachedStorage, VCPUs: 4, VolumeIOPS: 4000})
	if err != nil {
		t.Fatal(err)
	}
	res, err := model.Architecture{ID: model.NetworkAttachedStorage, Storage: model.NetworkStorage, VCPUs: 4, VolumeIOPS: 4000}.Evaluate(w, small.Values, r)
	if err != nil {
		t.Fatal(err)
	}
	if loadShare(res) > 0.7 || !hasReasonOf(Check(res, w, r), "target_utilization") {
		t.Errorf("4 vCPUs at 4,000 IOPS: load %.3f of the ceiling, the IOPS' %.3f, reasons %+v: want it ruled out by its IOPS alone", loadShare(res), iopsLoad(res), Check(res, w, r))
	}
}

// A larger node whose local disk holds the data is searched past the
// sizes whose disk does not (largerDisk; a metamorphic hunt of
// 2026-11-28): 8.4 TB written 20,000 times a second on local-nvme rule a
// hot standby out on 8 vCPUs by its CPU and its 1.8 TB disk; 16 and 32
// vCPUs still lack the disk, and the search stopped at 16, as the disk's
// shortfall there exceeded the CPU's on 8. On 48 vCPUs (i4i's 1,875 GB
// per 8 vCPUs, scaled: 11.25 TB, where 32 have 7.5) it meets every
// requirement (the model's figures).
func TestLargerDiskPassesOverSmallDisks(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet = 569, 20345, 8422.2*model.GB, 84.22*model.GB
	w.AnalyticalRate, w.ScanPerQuery = 0.888, 0.034*model.GB
	r.P99Read, r.P99Write, r.RPO, r.RTO, r.Survive = 50*model.Millisecond, 10*model.Millisecond, 60, 3600, []string{"node", "zone"}
	a := model.Architecture{ID: model.HotStandby}
	rec := Recommend(evaluate(t, w, "local-nvme", r, a), w, r, reevaluator(t, "local-nvme", a))
	if o := option(t, rec, "hot-standby"); o.Status != Feasible || o.Result.NodeVCPUs != 48 || o.Result.Architecture.Storage != model.LocalStorage {
		t.Errorf("%s on %d vCPUs (%s), configured %+v: want feasible on 48 vCPUs' local disks", o.Status, o.Result.NodeVCPUs, o.Result.Architecture.Storage, o.Configured)
	}
}

// A larger node that its auto-sizing gives fewer copies is judged with the
// copy a failure to survive needs (largerNode; a metamorphic hunt of
// 2026-11-28): at a target of 0.8, Aurora's 8-vCPU writer saturates at 72
// % of 32,000 reads and 8,900 writes a second (its storage client's CPU);
// on 16 vCPUs it is sized no reader and so loses a zone's failure, ruling
// it out where at 0.7 it kept one; with a replica in another zone it meets
// every requirement (the model's figures).
func TestLargerNodeWithItsCopy(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet, w.RowBytes = 32175, 8879, 23.4*model.GB, 2.34*model.GB, 1000
	w.AnalyticalRate, w.ScanPerQuery = 0.055, 0.088*model.GB
	r.P99Read, r.P99Write, r.RPO, r.RTO, r.Survive, r.TargetUtilization = 50*model.Millisecond, 200*model.Millisecond, 3600, 60, []string{"zone"}, 0.8
	a := model.Architecture{ID: model.DBMSOptimizedStorage}
	rec := Recommend(evaluate(t, w, "aws-gp3", r, a), w, r, reevaluator(t, "aws-gp3", a))
	o := option(t, rec, "dbms-optimized-storage")
	if o.Status != Feasible || o.Result.NodeVCPUs != 16 || !o.configuredWith("replicas") {
		t.Errorf("%s on %d vCPUs, configured %+v: want 16 vCPUs with a replica", o.Status, o.Result.NodeVCPUs, o.Configured)
	}
}

// The climb of a volume's IOPS counts a step after which the disks' IOPS
// miss the target, where the load's share of the ceiling did before, as
// progress though it gains under 5 %: each is measured on its own scale
// (a metamorphic hunt of 2026-11-28). 1,380 writes of 4 kB rows a second
// over 3.7 TB on local-nvme's gp3 volumes: the load at 0.81 of the
// ceiling at 3,000 IOPS; 4,000 take it to 0.607 but run the IOPS at
// 0.776; 6,000 meet every requirement. The climb stopped at 4,000 and a
// 16-vCPU node was bought at $1,261, where the looser target of 0.6 was
// met for $903 (the model's figures).
func TestVolumesClimbWhereWhatMissesTurns(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet, w.RowBytes, w.ClientRTT = 215, 1380, 3704.7*model.GB, 37.05*model.GB, 4000, 100*model.Microsecond
	w.AnalyticalRate, w.ScanPerQuery = 0.012, 0.17*model.GB
	r.P99Read, r.P99Write, r.RPO, r.RTO, r.Survive = 5*model.Millisecond, 20*model.Millisecond, 60, 3600, []string{"node"}
	a := model.Architecture{ID: model.NetworkAttachedStorage}
	rec := Recommend(evaluate(t, w, "local-nvme", r, a), w, r, reevaluator(t, "local-nvme", a))
	if o := option(t, rec, "network-attached-storage"); o.Status != Feasible || o.Result.VolumeIOPS != 6000 || !(o.Result.Cost.Total < 903) {
		t.Errorf("%s on %d vCPUs at %v IOPS, $%.0f: want 6,000 IOPS for less than the tighter target's $903", o.Status, o.Result.NodeVCPUs, o.Result.VolumeIOPS, float64(o.Result.Cost.Total))
	}
}

// A smaller node that its volumes hold back is provisioned before it is
// judged: its smaller cache sends more reads to them, which more IOPS
// carry. Network-attached storage on the lecture profile at 2,648 reads/s
// and 1,692 writes/s over a 39 GB working set meets every requirement on
// 2 vCPUs at 16,000 IOPS for $291 a month (the model's figures), where
// before 8 vCPUs at 8,000 IOPS, $527, were recommended: the smaller sizes
// were judged at the profile's 10,000 IOPS and stopped at the first miss
// (metamorphic hunt of 2026-11-28).
func TestSmallerNodeWithMoreIOPS(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet, w.RowsInsertedPerTxn, w.Sessions = 2647.5, 1692, 392*model.GB, 39.2*model.GB, 0, 50
	r.P99Read, r.P99Write, r.RPO, r.RTO, r.Survive = 10*model.Millisecond, 20*model.Millisecond, 3600*model.Second, 300*model.Second, []string{"node"}
	a := model.Architecture{ID: model.NetworkAttachedStorage}
	o, _ := recommendOne(t, w, r, "lecture", a)
	if o.Status != Feasible || o.Result.NodeVCPUs >= 8 || o.Result.VolumeIOPS <= 10000 {
		t.Fatalf("%s on %d vCPUs at %v IOPS (configured %+v): want a smaller node with more IOPS", o.Status, o.Result.NodeVCPUs, o.Result.VolumeIOPS, o.Configured)
	}
	if cost := float64(o.Result.Cost.Total); cost > 400 {
		t.Errorf("$%.0f a month on %d vCPUs at %v IOPS: want about $291, under 8 vCPUs' $527", cost, o.Result.NodeVCPUs, o.Result.VolumeIOPS)
	}
	for _, req := range []string{"vcpus", "volume_iops"} {
		if !o.configuredWith(req) {
			t.Errorf("configured %+v: want %s among the changes, so that evaluate reproduces it", o.Configured, req)
		}
	}
}

// A step of the IOPS climb that makes a saturated option carry its load
// is progress, whatever it then misses by: network-attached storage on
// Premium SSD v2, 877 reads/s and 528 writes/s over an 11 TB working set,
// saturates at the profile's 3,000 IOPS (1,127 requests/s carried), and
// 4,000 carry it with a p99 read 1.75 times the target; 6,000 meet every
// requirement on 4 vCPUs for $2,640 a month (the model's figures). The
// climb compared 1.75 with the saturated 1.56 and stopped, so a target of
// 0.8 ruled the option out where 0.7 bought 16 vCPUs for $3,192
// (metamorphic hunt of 2026-11-28).
func TestClimbPastSaturation(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet = 877, 528, 18682.6*model.GB, 11209.56*model.GB
	r.P99Read, r.P99Write, r.RPO, r.RTO = 50*model.Millisecond, 1000*model.Millisecond, 86400*model.Second, 86400*model.Second
	a := model.Architecture{ID: model.NetworkAttachedStorage}
	for _, target := range []model.Ratio{0.7, 0.8} {
		r.TargetUtilization = target
		o, _ := recommendOne(t, w, r, "azure-premium-v2", a)
		if o.Status != Feasible {
			t.Errorf("target %v: %s %+v, want feasible with more IOPS", target, o.Status, o.Reasons)
			continue
		}
		if cost := float64(o.Result.Cost.Total); cost > 2700 {
			t.Errorf("target %v: $%.0f a month on %d vCPUs at %v IOPS, want about $2,640 (4 vCPUs, 6,000 IOPS)", target, cost, o.Result.NodeVCPUs, o.Result.VolumeIOPS)
		}
	}
}

// An option the profile's node makes feasible only by its count is judged
// on larger nodes too, counted afresh, and takes the cheapest that needs
// fewer nodes: scale up before scaling out (ADR 0011). Aurora on aws-gp3
// at 167,127 point reads and 533 writes a second over 210 GB was sized 12
// readers beside its 8-vCPU writer, $15,513 a month, where a 32-vCPU
// writer alone meets every requirement for $3,995 (the model's figures;
// metamorphic hunt of 2026-11-28).
func TestScaleUpBeforeCopies(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet = 167127, 533, 210.1*model.GB, 210.1*model.GB
	r.P99Read, r.P99Write, r.RPO, r.RTO = 10*model.Millisecond, 20*model.Millisecond, 86400*model.Second, 86400*model.Second
	a := model.Architecture{ID: model.DBMSOptimizedStorage}
	o, listed := recommendOne(t, w, r, "aws-gp3", a)
	if o.Status != Feasible || o.Result.Nodes >= listed.Nodes || !(o.Result.Cost.Total < listed.Cost.Total/2) {
		t.Fatalf("%s on %d nodes of %d vCPUs at $%.0f, listed %d nodes at $%.0f: want fewer, larger nodes for under half",
			o.Status, o.Result.Nodes, o.Result.NodeVCPUs, float64(o.Result.Cost.Total), listed.Nodes, float64(listed.Cost.Total))
	}
	if !o.configuredWith("vcpus") {
		t.Errorf("configured %+v: want vcpus among the changes", o.Configured)
	}
}

// TestEvenSpreadOnVolumes: distributed SQL on network volumes keeps a copy
// of every range in each of three zones, so of five nodes the one alone in
// its zone holds the whole data set and every volume is sized as its; six
// nodes hold half each. The hunt's case (2.4 TB, 845 reads/s, 1,775
// writes/s on aws-gp3): five 4-vCPU nodes at $2,819 a month against six at
// $2,354, both meeting every requirement (pgarch recommend at 6cf09c5,
// nodes fixed). The volumes' IOPS are given, gp3's included 3,000: with
// more provisioned, three nodes at 4,000 meet every requirement for
// $1,817 (since model 0.11.2, fewerNodes trying the IOPS where the WAL
// flushes bind).
func TestEvenSpreadOnVolumes(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet = 845, 1775, 2449.7*model.GB, 1469.82*model.GB
	r.P99Read, r.P99Write, r.RPO, r.RTO = 50*model.Millisecond, 200*model.Millisecond, 86400*model.Second, 86400*model.Second
	a := model.Architecture{ID: model.DistributedSQL, Storage: model.NetworkStorage, VolumeIOPS: 3000}
	o, _ := recommendOne(t, w, r, "aws-gp3", a)
	if o.Status != Feasible || o.Result.Architecture.Storage != model.NetworkStorage || o.Result.Nodes%3 != 0 {
		t.Fatalf("%s on %d nodes (%s storage) at $%.0f: want network volumes on a multiple of three zones' nodes",
			o.Status, o.Result.Nodes, o.Result.Architecture.Storage, float64(o.Result.Cost.Total))
	}
	v := rejudge(&o, 0, w, r, reevaluator(t, "aws-gp3", a), func(b *model.Architecture) { o.Configure(b); b.Nodes = o.Result.Nodes - 1 })
	if v == nil || v.Status == Feasible && !(o.Result.Cost.Total < v.Result.Cost.Total) {
		t.Errorf("%d nodes at $%.0f: want it cheaper than one node fewer", o.Result.Nodes, float64(o.Result.Cost.Total))
	}
	if !o.configuredWith("nodes") {
		t.Errorf("configured %+v: want nodes among the changes", o.Configured)
	}
}

// TestIOPSCarryTheThroughput: io2's throughput follows its IOPS (0.256 MiB/s
// each up to 4,000 MiB/s, calibration.md §2.1), so where more throughput
// is wanted the IOPS are raised and no volume_mb_per_sec is configured
// apart. The hunt's ingest on aws-io2 (12,697 writes/s, half of them
// inserting a row, 2,000 sessions) took 24,000 IOPS and 16 vCPUs, and was
// configured with volume_mb_per_sec 4194.304 too, the most those IOPS
// give (pgarch recommend at 9c6d878).
func TestIOPSCarryTheThroughput(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet = 1715, 12697, 20.3*model.GB, 2.03*model.GB
	w.RowsInsertedPerTxn, w.Sessions = 0.5, 2000
	r.P99Read, r.P99Write, r.RPO, r.RTO = 2*model.Millisecond, 1000*model.Millisecond, 86400*model.Second, 86400*model.Second
	a := model.Architecture{ID: model.NetworkAttachedStorage}
	o, _ := recommendOne(t, w, r, "aws-io2", a)
	if o.Status != Feasible || !o.configuredWith("volume_iops") {
		t.Fatalf("%s, configured %+v: want feasible with more IOPS provisioned", o.Status, o.Configured)
	}
	if o.configuredWith("volume_mb_per_sec") || o.Result.Architecture.VolumeBandwidth != 0 {
		t.Errorf("configured %+v, volume_mb_per_sec %v: want the throughput left to the IOPS", o.Configured, o.Result.Architecture.VolumeBandwidth)
	}
}

// A volume climb whose step of what binds gains nothing tries the other
// resource before it stops: a WAL flush binds by the volume's IOPS and its
// throughput alike. The hunt's case on azure-premium-v2 (31,837 reads/s,
// 8,937 writes/s over 15 GB, p99 write 20 ms): on 16 vCPUs more throughput
// left the shortfall at 1.602 where more IOPS met every requirement, and
// the climb stopped, so a 32-vCPU node was bought for $1,800 where 16
// vCPUs at 24,000 IOPS cost $1,059 (pgarch recommend at 44476a3, the
// cheaper configuration evaluated with its fields fixed).
func TestClimbTriesTheOtherResource(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet = 31837, 8937, 14.9*model.GB, 5.53*model.GB
	r.P99Read, r.P99Write, r.RPO, r.RTO = 500*model.Millisecond, 20*model.Millisecond, 1*model.Second, 3600*model.Second
	a := model.Architecture{ID: model.NetworkAttachedStorage}
	o, _ := recommendOne(t, w, r, "azure-premium-v2", a)
	if o.Status != Feasible || o.Result.NodeVCPUs > 16 {
		t.Errorf("%s on %d vCPUs at %v IOPS, $%.0f: want feasible on 16 vCPUs at most (about $1,059)", o.Status, o.Result.NodeVCPUs, o.Result.VolumeIOPS, float64(o.Result.Cost.Total))
	}
}

// A feasible option on local disks is judged on network volumes too, at
// any count, counted, sized and provisioned as an option on them is, and
// takes them where they meet every requirement for less: an instance
// store costs more than the same node beside a volume while the data is
// small. The hunt's case on local-nvme (6,259 reads/s, 1,664 writes/s over
// 44 GB, surviving a zone): distributed SQL on three local 8-vCPU nodes at
// $1,770 a month, where the same three on volumes of the profile's 3,000
// IOPS met every requirement for $1,381 (pgarch recommend at cfa1090, the
// cheaper configuration evaluated with its fields fixed).
func TestVolumesForLess(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet = 6259, 1664, 43.9*model.GB, 28.24*model.GB
	r.P99Read, r.P99Write, r.RPO, r.RTO, r.Survive = 5*model.Millisecond, 100*model.Millisecond, 86400*model.Second, 86400*model.Second, []string{"zone"}
	a := model.Architecture{ID: model.DistributedSQL}
	o, listed := recommendOne(t, w, r, "local-nvme", a)
	if o.Status != Feasible || o.Result.Architecture.Storage != model.NetworkStorage || !(o.Result.Cost.Total < 0.9*listed.Cost.Total) {
		t.Errorf("%s on %s storage at $%.0f, on local disks $%.0f: want network volumes for under 90 %% of it (about $1,381)",
			o.Status, o.Result.Architecture.Storage, float64(o.Result.Cost.Total), float64(listed.Cost.Total))
	}
	given := model.Architecture{ID: model.DistributedSQL, Storage: model.LocalStorage}
	if o, _ := recommendOne(t, w, r, "local-nvme", given); o.configuredWith("storage") {
		t.Errorf("local disks given, configured %+v: want them kept", o.Configured)
	}
}

// A feasible Citus cluster its coordinator binds is judged querying from
// any node too, sized down as any option is, and takes that where it
// meets every requirement for less. The hunt's case on lecture (3,924
// writes/s over 13 GB): two 8-vCPU workers at $1,384 a month, bound by the
// coordinator's CPU, where 4 vCPUs querying from any node met every
// requirement for $722 (pgarch recommend at 4429675, given
// query_from_any_node: true).
func TestAnyNodeForLess(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet = 146, 3924, 13.3*model.GB, 1.73*model.GB
	r.P99Read, r.P99Write, r.RPO, r.RTO = 100*model.Millisecond, 100*model.Millisecond, 86400*model.Second, 86400*model.Second
	a := model.Architecture{ID: model.Sharded}
	o, listed := recommendOne(t, w, r, "lecture", a)
	if o.Status != Feasible || !o.Result.Architecture.QueryFromAnyNode || !(o.Result.Cost.Total < 0.6*listed.Cost.Total) {
		t.Errorf("%s, query_from_any_node %v, $%.0f (as listed $%.0f, bound by %s): want querying from any node for under 60 %% of it (about $722)",
			o.Status, o.Result.Architecture.QueryFromAnyNode, float64(o.Result.Cost.Total), float64(listed.Cost.Total), listed.Bottleneck)
	}
}

// Network volumes are taken for less on no more nodes, as a smaller node
// is (judgeSmaller): a review of 2026-11-28 found a third Citus worker on
// volumes taken for $2 a month less than two on local disks, its p99
// write 18 ms against 4.3 (local-nvme, 20,000 reads/s and 6,000 writes/s
// over 20 GB; pgarch recommend at 5b3e997).
func TestVolumesForLessOnNoMoreNodes(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet = 20000, 6000, 20*model.GB, 6.667*model.GB
	r.P99Read, r.P99Write, r.RPO, r.RTO = 20*model.Millisecond, 50*model.Millisecond, 86400*model.Second, 86400*model.Second
	a := model.Architecture{ID: model.Sharded}
	if o, listed := recommendOne(t, w, r, "local-nvme", a); o.Status != Feasible || o.Result.Nodes > listed.Nodes {
		t.Errorf("%s on %d nodes (%s storage), as listed %d: want no more nodes", o.Status, o.Result.Nodes, o.Result.Architecture.Storage, listed.Nodes)
	}
}

// recommendOne recommends a alone for w and r on a built-in profile, and
// returns its option and its result as listed.
func recommendOne(t *testing.T, w model.Workload, r model.Requirements, profile string, a model.Architecture) (Option, model.Result) {
	t.Helper()
	results := evaluate(t, w, profile, r, a)
	rec := Recommend(results, w, r, reevaluator(t, profile, a))
	return option(t, rec, rec.Options[0].Label), results[0]
}

// An option its local disks sized (a larger node for their instance store
// or cores, a count or a node sized down beside them) is judged on network
// volumes as listed too, where the node the local disks needed is not: a
// metamorphic hunt of 2026-11-28 found a hot standby on Premium SSD v2
// (80,399 reads/s, 2,512 writes/s over 35 GB, surviving a zone) taken to
// 16 vCPUs on local disks and kept there on volumes at $1,679, where the
// profile's 8 vCPUs at 12,000 IOPS met every requirement for $943
// (pgarch recommend at 78a6b56, storage: network given).
func TestVolumesForLessAsListed(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet = 80399, 2512, 34.5*model.GB, 24.03*model.GB
	r.P99Read, r.P99Write, r.RPO, r.RTO, r.Survive = 5*model.Millisecond, 50*model.Millisecond, 86400*model.Second, 86400*model.Second, []string{"zone"}
	o, _ := recommendOne(t, w, r, "azure-premium-v2", model.Architecture{ID: model.HotStandby})
	if o.Status != Feasible || o.Result.Architecture.Storage != model.NetworkStorage || o.Result.NodeVCPUs > 8 || o.Result.Cost.Total > 1000 {
		t.Errorf("%s on %s storage, %d vCPUs, $%.0f, configured %+v: want network volumes on the profile's 8 vCPUs at about $943",
			o.Status, o.Result.Architecture.Storage, o.Result.NodeVCPUs, float64(o.Result.Cost.Total), o.Configured)
	}
	if o.configuredWith("vcpus") {
		t.Errorf("configured %+v: want no node size of the local disks'", o.Configured)
	}
	// Nor the copies: a Citus cluster with RPO 1 s on local-nvme (36,830
	// reads/s over 22 GB) kept the standbys its local disks needed on
	// volumes, 6 nodes of 8 vCPUs at $2,597, where 3 of 4 querying from
	// any node met every requirement without them for $567 (the same
	// hunt, storage: network given).
	w, r = model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet = 36830, 476, 22.3*model.GB, 21.32*model.GB
	r.P99Read, r.P99Write, r.RPO, r.RTO = 20*model.Millisecond, 200*model.Millisecond, 1*model.Second, 300*model.Second
	o, _ = recommendOne(t, w, r, "local-nvme", model.Architecture{ID: model.Sharded})
	if o.Status != Feasible || o.Result.Architecture.Storage != model.NetworkStorage || len(o.Result.Architecture.Standbys) > 0 || o.Result.Cost.Total > 600 {
		t.Errorf("Citus: %s on %s storage with standbys %v, $%.0f: want network volumes without standbys at about $567",
			o.Status, o.Result.Architecture.Storage, o.Result.Architecture.Standbys, float64(o.Result.Cost.Total))
	}
}

// Under a closed load a configuration taken for less carries its clients
// with its volumes' I/Os, commit flushes included, within the target
// utilisation, as Check holds an open load's: a metamorphic hunt of
// 2026-11-28 found io2 volumes provisioned down from 12,000 to 4,000 IOPS
// running at 0.79 of them under 209 clients (think time 100 ms; pgarch
// recommend at 78a6b56).
func TestClosedLoadVolumesWithinTheTarget(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet = 156, 469, 18.2*model.GB, 8.84*model.GB
	w.Clients, w.ThinkTime = 209, 100*model.Millisecond
	r.P99Read, r.P99Write, r.RPO, r.RTO = 100*model.Millisecond, 5*model.Millisecond, 86400*model.Second, 86400*model.Second
	o, _ := recommendOne(t, w, r, "aws-io2", model.Architecture{ID: model.NetworkAttachedStorage})
	if o.Status != Feasible || iopsLoad(o.Result) > float64(r.TargetUtilization) {
		t.Errorf("%s at %v IOPS, their load %.3f: want feasible within the target %v", o.Status, o.Result.VolumeIOPS, iopsLoad(o.Result), r.TargetUtilization)
	}
}

// A smaller node whose cache sends more reads to its volumes, so that its
// count rises at the volumes' IOPS, is judged with more IOPS too, which
// may bring the count back: read replicas on Premium SSD v2 (36,830
// reads/s and 476 writes/s over 22.3 GB, RPO 1 s) were recommended one
// replica on 8 vCPUs at the profile's 3,000 IOPS for $794 a month, where
// on 4 vCPUs two were counted at 3,000 IOPS and one at 6,000 met every
// requirement for $456 (the model's figures; a metamorphic hunt of
// 2026-11-28, pgarch recommend at 7b098e7).
func TestSmallerNodeWithMoreIOPSKeepsItsCount(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet = 36830, 476, 22.3*model.GB, 21.32*model.GB
	r.P99Read, r.P99Write, r.RPO, r.RTO, r.Survive = 20*model.Millisecond, 200*model.Millisecond, 1*model.Second, 300*model.Second, nil
	o, _ := recommendOne(t, w, r, "azure-premium-v2", model.Architecture{ID: model.ReadReplicas})
	if o.Status != Feasible || o.Result.Nodes > 2 || o.Result.NodeVCPUs >= 8 || o.Result.Cost.Total > 600 {
		t.Errorf("%s, %d nodes of %d vCPUs at %v IOPS, $%.0f (configured %+v): want one replica on a smaller node with more IOPS, about $456 against 8 vCPUs' $794",
			o.Status, o.Result.Nodes, o.Result.NodeVCPUs, o.Result.VolumeIOPS, float64(o.Result.Cost.Total), o.Configured)
	}
}

// Neon's compute is sized down in compute units as another option's node
// is in its family: 2,000 reads/s and 200 writes/s on Premium SSD v2,
// whose node (8 vCPUs, 64 GB) takes 16 CU to hold, meet every requirement
// on 2 CU (4 GB each) at 0.66 of their ceiling, $588 a month against
// $2,857 (the model's figures; until model 0.11.2 Neon was left at the
// 16 CU).
func TestNeonComputeSizedDown(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate = 2000, 200
	o, listed := recommendOne(t, w, r, "azure-premium-v2", model.Architecture{ID: model.DBMSOptimizedStorage, Variant: model.Neon})
	if listed.NodeVCPUs != 16 {
		t.Fatalf("as listed on %d CU, want the 16 that hold the profile's node", listed.NodeVCPUs)
	}
	if o.Status != Feasible || o.Result.NodeVCPUs >= 16 || !(o.Result.Cost.Total < listed.Cost.Total/2) || !o.configuredWith("vcpus") {
		t.Errorf("%s on %d CU at $%.0f (configured %+v): want fewer compute units for under half the 16 CU's $%.0f",
			o.Status, o.Result.NodeVCPUs, float64(o.Result.Cost.Total), o.Configured, float64(listed.Cost.Total))
	}
}

// Three cheaper configurations a metamorphic hunt of 2026-11-28 found
// recommend itself judging feasible beside its answer (pgarch recommend at
// 8a2eaf6; the model's figures), each now reached:
//   - distributed SQL on aws-gp3 (2,192 reads/s, 2,947 writes/s over
//     1 TB) bound by its WAL flushes on volumes: a throughput step gained
//     nothing and the climb stopped at 8 nodes and 3,000 IOPS, $3,873 a
//     month, where 4,000 IOPS needed 6, $3,034 (fewerNodes tries the IOPS);
//   - read replicas surviving a zone (357 reads/s over 175 GB): sized to 4
//     vCPUs on local disks and moved to volumes at that size, $699, where 2
//     vCPUs met every requirement for $423 (judgeSmaller sizes a node
//     recommend sized, not one the request gave);
//   - read replicas (5,986 reads/s over 479 GB): their volumes provisioned
//     up to 8,000 IOPS on 4 nodes, $1,820, were not judged at 12,000 on 3,
//     $1,449 (onVolumes counts the volumes recommend provisioned as its
//     own to provision).
func TestCheaperNeighboursReached(t *testing.T) {
	for _, c := range []struct {
		name        string
		a           model.Architecture
		reads       model.Rate
		writes      model.Rate
		data, ws    model.Bytes
		p99r, p99w  model.Time
		survive     []string
		nodes       int
		below, then float64 // the cost to beat, and the cost then
	}{
		{"distributed SQL", model.Architecture{ID: model.DistributedSQL}, 2192, 2947, 1022.3 * model.GB, 679.33 * model.GB, 100 * model.Millisecond, 20 * model.Millisecond, nil, 6, 3034, 3873},
		{"read replicas, a zone", model.Architecture{ID: model.ReadReplicas}, 357, 99, 174.8 * model.GB, 15.81 * model.GB, 50 * model.Millisecond, 20 * model.Millisecond, []string{"zone"}, 3, 424, 699},
		{"read replicas", model.Architecture{ID: model.ReadReplicas}, 5986, 1297, 478.8 * model.GB, 421.42 * model.GB, 2 * model.Millisecond, 10 * model.Millisecond, nil, 3, 1450, 1820},
	} {
		w, r := model.DefaultWorkload(), model.DefaultRequirements()
		w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet = c.reads, c.writes, c.data, c.ws
		r.P99Read, r.P99Write, r.RPO, r.RTO, r.Survive = c.p99r, c.p99w, 86400*model.Second, 86400*model.Second, c.survive
		o, _ := recommendOne(t, w, r, "aws-gp3", c.a)
		if o.Status != Feasible || o.Result.Nodes > c.nodes || !(float64(o.Result.Cost.Total) < c.below) {
			t.Errorf("%s: %s, %d nodes of %d vCPUs at %v IOPS, $%.0f (configured %+v): want at most %d nodes under $%.0f (it was $%.0f)",
				c.name, o.Status, o.Result.Nodes, o.Result.NodeVCPUs, o.Result.VolumeIOPS, float64(o.Result.Cost.Total), o.Configured, c.nodes, c.below, c.then)
		}
	}
}

// On network volumes a Citus cluster its coordinator binds is judged
// querying from any node too, sized down: 21,840 reads/s and 1,500
// writes/s over 6 GB on Premium SSD v2 stayed on 8-vCPU volumes at $1,115
// a month, its coordinator at 0.565 of its ceiling, where querying from
// any node on 4 vCPUs met every requirement for $563 (a metamorphic hunt
// of 2026-11-28, pgarch recommend at 581e05d; the model's figures).
func TestAnyNodeForLessOnVolumes(t *testing.T) {
	w, r := model.DefaultWorkload(), model.DefaultRequirements()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet = 21840, 1500, 6*model.GB, 0.65*model.GB
	r.P99Read, r.P99Write, r.RPO, r.RTO = 200*model.Millisecond, 100*model.Millisecond, 86400*model.Second, 86400*model.Second
	o, _ := recommendOne(t, w, r, "azure-premium-v2", model.Architecture{ID: model.Sharded})
	if o.Status != Feasible || !o.Result.Architecture.QueryFromAnyNode || !(float64(o.Result.Cost.Total) < 800) {
		t.Errorf("%s, querying from any node %v, %d vCPUs, $%.0f (configured %+v): want any node for about $563, under the coordinator's $1,115",
			o.Status, o.Result.Architecture.QueryFromAnyNode, o.Result.NodeVCPUs, float64(o.Result.Cost.Total), o.Configured)
	}
}
