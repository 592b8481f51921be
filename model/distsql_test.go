package model_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/pgarch/pgarch/calibration"
	"github.com/pgarch/pgarch/model"
)

// With RF 3 over three regions a commit waits for the nearest majority: the
// leader and the faster of two followers one region away (a cross-region
// round trip plus half a log flush: the minimum of two exponentials; the
// round trips' random parts, rtt_jitter_ms, let the faster arrive before
// the mean round trip, by up to that much).
// Per-statement consensus pays that round on every write statement too;
// parallel commits pay it once.
func TestDistributedSQLCommitPaysMajority(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate = 100, 10
	a := model.Architecture{ID: model.DistributedSQL, Nodes: 3, NodePlacement: model.CrossRegion}
	perStmt := evaluate(t, a, w, p)
	c, ok := step(perStmt, "commit_consensus")
	if !ok {
		t.Fatalf("commit path %v lacks commit_consensus", perStmt.CommitPath)
	}
	if c < p.RTT.CrossRegion-p.RTT.Jitter || c >= p.RTT.CrossRegion {
		t.Errorf("commit consensus %v, want just under the cross-region round trip %v (the faster of two, each with its random part of %v)", c, p.RTT.CrossRegion, p.RTT.Jitter)
	}
	a.Consensus = model.AtCommit
	parallel := evaluate(t, a, w, p)
	// pgbench's 4 write statements each pay a consensus round; under
	// parallel commits its SELECT of the account it updated waits what is
	// left of that write's round (TestReadOfOwnWriteWaitsForItsReplication).
	stall, _ := step(parallel, "pipeline_stall")
	if d := perStmt.Write.Mean - parallel.Write.Mean; !within(float64(d), float64(4*c-stall), 0.05) {
		t.Errorf("per-statement consensus costs %v more than parallel commits, want 4 rounds less the read's stall ≈ %v", d, 4*c-stall)
	}
	if got := perStmt.Availability.Survives; len(got) != 3 {
		t.Errorf("RF 3 over three regions survives %v, want node, zone, region", got)
	}
}

// TrueTime makes a commit wait out 2ε̄ (Spanner: commit wait ≈ max(Paxos,
// 2ε̄)): across zones the 1 ms majority is far below 2ε̄ = 8 ms, so a
// single-group commit takes about 8 ms where HLC's takes the round. A
// transaction over several groups (pgbench's four written rows) first logs
// its prepare records through Paxos (OSDI 2012, §4.2.1): one round more,
// so it commits 2ε̄ after HLC's single round.
func TestTrueTimeCommitWait(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate = 100, 10
	for _, c := range []struct {
		name       string
		statements int
		extra      func(round model.Time) model.Time
	}{
		{"one row", 2, func(round model.Time) model.Time { return 2*p.KV.TrueTimeEpsilon - round }},
		{"four rows", 5, func(model.Time) model.Time { return 2 * p.KV.TrueTimeEpsilon }},
	} {
		w.StatementsPerTxn = c.statements
		a := model.Architecture{ID: model.DistributedSQL, Nodes: 3, Consensus: model.AtCommit}
		hlc := evaluate(t, a, w, p)
		a.Clock = model.TrueTime
		tt := evaluate(t, a, w, p)
		round, _ := step(hlc, "commit_consensus")
		if d, want := tt.Write.Mean-hlc.Write.Mean, c.extra(round); !within(float64(d), float64(want), 0.02) {
			t.Errorf("%s: TrueTime adds %v, want %v", c.name, d, want)
		}
	}
}

// Reads scale with the nodes (each leaseholds 1/N of the ranges); writes
// with N/RF (every write lands on RF replicas).
func TestDistributedSQLScaling(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate = 400000, 10
	r3 := evaluate(t, model.Architecture{ID: model.DistributedSQL, Nodes: 3}, w, p)
	r9 := evaluate(t, model.Architecture{ID: model.DistributedSQL, Nodes: 9}, w, p)
	if g := r9.MaxThroughputScale / r3.MaxThroughputScale; g < 2.5 {
		t.Errorf("reads: 9 nodes give %.2f× the headroom of 3, want ≈ 3×", g)
	}
	w.ReadRate, w.WriteRate = 10, 5000
	w3 := evaluate(t, model.Architecture{ID: model.DistributedSQL, Nodes: 3, ReplicationFactor: 3}, w, p)
	w9 := evaluate(t, model.Architecture{ID: model.DistributedSQL, Nodes: 9, ReplicationFactor: 3}, w, p)
	if g := w9.MaxThroughputScale / w3.MaxThroughputScale; g < 1.5 || g > 3.5 {
		t.Errorf("writes: 9 nodes give %.2f× the headroom of 3 (bottlenecks %s, %s), want about N/RF-proportional", g, w9.Bottleneck, w3.Bottleneck)
	}
	auto := evaluate(t, model.Architecture{ID: model.DistributedSQL}, w, p)
	if !auto.Sizing.AutoSized || auto.Sizing.Nodes < 3 || auto.Sizing.NodesRequired > float64(auto.Sizing.Nodes) {
		t.Errorf("sizing %+v", auto.Sizing)
	}
}

// Every range keeps a copy in each of three zones (RF 3, diversity
// first), and a zone's nodes share its copies: on four or five nodes the
// lone zones' nodes replicate every write, so a write-only load gains
// from the fourth and fifth node only the leaseholders' share (an even
// split's 4/3 and 5/3 overstate it), while six nodes, two a zone, double
// three's. Follower reads go to the nearest zone's copies, spread over
// its nodes, so their room never falls as nodes are added (review of
// 2026-11-28: 4 nodes had 3/4 of the ranges each and 1.33× the writes'
// room of 3; with follower reads 7 nodes had less room than 6).
func TestUnevenZonesHoldWholeCopies(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate = 1, 6000
	room := func(n int, followerReads bool) float64 {
		return evaluate(t, model.Architecture{ID: model.DistributedSQL, Nodes: n, NodePlacement: model.CrossZone, FollowerReads: followerReads}, w, p).MaxThroughputScale
	}
	three := room(3, false)
	for _, n := range []int{4, 5} {
		if g := room(n, false) / three; !(g > 1 && g < 0.9*float64(n)/3) {
			t.Errorf("writes: %d nodes give %.3f× the room of 3, want above 1 and well below an even split's %.3f×", n, g, float64(n)/3)
		}
	}
	if g := room(6, false) / three; !within(g, 2, 0.02) {
		t.Errorf("writes: 6 nodes give %.3f× the room of 3, want 2× (two nodes a zone)", g)
	}
	w.ReadRate, w.WriteRate = 20000, 2000
	last := 0.0
	for n := 3; n <= 9; n++ {
		if r := room(n, true); r < last*(1-1e-9) {
			t.Errorf("follower reads: %d nodes have %.3f of room, below %d nodes' %.3f", n, r, n-1, last)
		} else {
			last = r
		}
	}
}

// Follower reads are served by the nearest replica at a timestamp the
// staleness bound in the past: cheaper across regions, but a read soon
// after a commit does not see it.
func TestFollowerReads(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate = 1000, 10
	a := model.Architecture{ID: model.DistributedSQL, Nodes: 6, NodePlacement: model.CrossRegion}
	lease := evaluate(t, a, w, p)
	a.FollowerReads = true
	follower := evaluate(t, a, w, p)
	if follower.Read.Mean >= lease.Read.Mean {
		t.Errorf("follower read %v not below leaseholder read %v", follower.Read.Mean, lease.Read.Mean)
	}
	if c := follower.Consistency; c.ReadYourWrites != model.NotGuaranteed || c.StaleReadProbability == nil || *c.StaleReadProbability != 1 {
		t.Errorf("follower-read consistency %+v", c)
	}
}

// A transaction that writes one row of one range commits in one consensus
// round (YugabyteDB's single-shard fast path, CockroachDB's one-phase
// commit), whatever the consensus mode.
func TestDistributedSQLSingleRowFastPath(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate = 100, 10
	w.StatementsPerTxn, w.RoundTripsPerTxn = 1, 1
	a := model.Architecture{ID: model.DistributedSQL, Nodes: 3, NodePlacement: model.CrossRegion}
	res := evaluate(t, a, w, p)
	if _, ok := step(res, "write_consensus"); ok {
		t.Errorf("single-row write pays per-statement consensus: %v", res.CommitPath)
	}
	a.Consensus = model.AtCommit
	at := evaluate(t, a, w, p)
	if !within(float64(res.Write.Mean), float64(at.Write.Mean), 0.01) {
		t.Errorf("per_statement %v vs at_commit %v: want the same single round", res.Write.Mean, at.Write.Mean)
	}
}

// Each node logs and compacts only its RF/N share of the writes: the WAL a
// node writes falls as nodes are added.
func TestDistributedSQLLogScalesWithNodes(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate = 100, 1000
	three := evaluate(t, model.Architecture{ID: model.DistributedSQL, Nodes: 3}, w, p)
	twelve := evaluate(t, model.Architecture{ID: model.DistributedSQL, Nodes: 12}, w, p)
	if got := float64(twelve.WALRate) / float64(three.WALRate); !within(got, 0.25, 0.01) {
		t.Errorf("per-node WAL 12 vs 3 nodes: ratio %.3f, want 3/12 = 0.25", got)
	}
}

// A range survives a domain's loss only if no domain holds a majority of
// its replicas: RF 3 (or 5) over two regions leaves 2 (3) copies in one,
// and CockroachDB refuses SURVIVE REGION FAILURE below three regions
// (docs, "When to use ZONE vs. REGION survival goals"); over three regions
// it survives one. Zones survive either way (every replica in its own).
func TestDistributedSQLRegionSurvivalNeedsThreeRegions(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate = 100, 10
	w.ClientRegions = map[string]float64{"us-east-1": 0.5, "eu-central-1": 0.5}
	for _, c := range []struct {
		regions []string
		rf      int
		want    []string
	}{
		{[]string{"us-east-1", "eu-central-1"}, 3, []string{"node", "zone"}},
		{[]string{"us-east-1", "eu-central-1"}, 5, []string{"node", "zone"}},
		{[]string{"us-east-1", "eu-central-1", "ap-northeast-1"}, 3, []string{"node", "zone", "region"}},
		{[]string{"us-east-1", "eu-central-1", "ap-northeast-1"}, 5, []string{"node", "zone", "region"}},
	} {
		a := model.Architecture{ID: model.DistributedSQL, Nodes: 5, ReplicationFactor: c.rf, Regions: c.regions}
		got := evaluate(t, a, w, p).Availability.Survives
		if !slices.Equal(got, c.want) {
			t.Errorf("RF %d over %d regions survives %v, want %v", c.rf, len(c.regions), got, c.want)
		}
	}
}

// A follower read goes to the nearest replica: with RF 3 over three regions
// every region holds one, so a gateway without a copy (1 − RF/N of the
// ranges) reads it within its own region, a cross-zone round trip, and
// adding nodes to the same regions never makes it cross a region.
func TestFollowerReadsStayInTheRegion(t *testing.T) {
	p := lecture(t)
	w, regions := threeRegions()
	for _, n := range []int{3, 6, 9} {
		res := evaluate(t, model.Architecture{ID: model.DistributedSQL, Nodes: n, Regions: regions, FollowerReads: true}, w, p)
		hop := readStep(res, "leaseholder_hop")
		if want := model.Time(1-3/float64(n)) * p.RTT.CrossZone; !within(float64(hop), float64(want), 1e-9) {
			t.Errorf("%d nodes: follower read hop %v, want (1 − 3/%d) cross-zone trips = %v", n, hop, n, want)
		}
		if res.Read.P99 >= p.RTT.CrossRegion {
			t.Errorf("%d nodes: follower read p99 %v, want below a cross-region trip %v", n, res.Read.P99, p.RTT.CrossRegion)
		}
	}
}

// Leases live in the primary region, the first named ("a table or row's
// home region is where the leaseholder of its ranges is placed ... by
// default, the database's primary region", CockroachDB's table
// localities), spread over its N/3 nodes; the nodes spread over the
// regions. With clients evenly in the three regions, so the gateways: a
// gateway in the primary region finds the leaseholder itself (3/N) or
// another node there (1 − 3/N, a cross-zone trip); one elsewhere pays its
// region's round trip to the primary (us-east-1 ↔ eu-central-1 93 ms,
// ↔ ap-northeast-1 150 ms: 81 ms over the three gateways' regions).
func TestLeaseholderHopFollowsRegions(t *testing.T) {
	p := lecture(t)
	w, regions := threeRegions()
	var remote model.Time
	for _, r := range regions[1:] {
		rtt, ok := p.Regions.RTT(regions[0], r)
		if !ok {
			t.Fatalf("no round trip %s ↔ %s in the profile", regions[0], r)
		}
		remote += rtt / 3
	}
	for _, n := range []int{3, 9} {
		res := evaluate(t, model.Architecture{ID: model.DistributedSQL, Nodes: n, Regions: regions}, w, p)
		hop := readStep(res, "leaseholder_hop")
		want := float64(remote) + (1-3/float64(n))/3*float64(p.RTT.CrossZone)
		if !within(float64(hop), want, 1e-9) {
			t.Errorf("%d nodes: leaseholder hop %v per read, want %v", n, hop, model.Time(want))
		}
	}
}

// A Raft round commits at the nearest majority, from the leaseholder in
// the primary region: with one copy in each of three regions, the nearer
// of the other two regions' trips (the profile's matrix): us-east-1 ↔
// eu-central-1, 93 ms, before ↔ ap-northeast-1, plus a follower's flush.
// Over two regions, RF 3 keeps the lease and a second copy in the primary
// region, and commits inside it at a cross-zone trip.
func TestConsensusFollowsRegions(t *testing.T) {
	p := lecture(t)
	w, regions := threeRegions()
	rtt := func(a, b string) model.Time {
		t.Helper()
		x, ok := p.Regions.RTT(a, b)
		if !ok {
			t.Fatalf("no round trip %s ↔ %s in the profile", a, b)
		}
		return x
	}
	cases := []struct {
		name    string
		regions []string
		want    model.Time // the mean trip to the majority's follower
	}{
		{"three regions", regions, min(rtt(regions[0], regions[1]), rtt(regions[0], regions[2]))},
		{"two regions", regions[:2], p.RTT.CrossZone},
	}
	for _, c := range cases {
		w := w
		w.ClientRegions = map[string]float64{}
		for _, r := range c.regions {
			w.ClientRegions[r] = 1
		}
		res := evaluate(t, model.Architecture{ID: model.DistributedSQL, Nodes: 3, Regions: c.regions, Consensus: model.AtCommit}, w, p)
		got, _ := step(res, "commit_consensus")
		// A follower's log flush adds at most a millisecond on lecture's
		// 10 µs device.
		if got < c.want || got > c.want+model.Millisecond {
			t.Errorf("%s: commit consensus %v, want the nearest majority's trip %v plus a flush", c.name, got, c.want)
		}
	}
}

// threeRegions is a read-mostly workload with its clients evenly in three
// regions, and the regions.
func threeRegions() (model.Workload, []string) {
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate = 1000, 10
	regions := []string{"us-east-1", "eu-central-1", "ap-northeast-1"}
	w.ClientRegions = map[string]float64{regions[0]: 1, regions[1]: 1, regions[2]: 1}
	return w, regions
}

// readStep is the mean time of a read path's step.
func readStep(r model.Result, name string) model.Time {
	t, _ := step(model.Result{CommitPath: r.ReadPath}, name)
	return t
}

// A distributed query runs on every node over the ranges it leads (1/N of
// the data, CockroachDB's DistSQL): each node's scan CPU and the query's
// latency fall about as 1/N, unlike a node that scanned everything, whose
// CPU stayed the same whatever N.
func TestDistributedScanSplitsOverNodes(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate, w.AnalyticalRate = 2000, 100, 3
	three := evaluate(t, model.Architecture{ID: model.DistributedSQL, Nodes: 3}, w, p)
	nine := evaluate(t, model.Architecture{ID: model.DistributedSQL, Nodes: 9}, w, p)
	if r := usage(nine, "cpu") / usage(three, "cpu"); r > 0.4 {
		t.Errorf("CPU per node at 9 nodes is %.2f of 3 nodes', want about a third", r)
	}
	if r := float64(nine.Analytical.Mean / three.Analytical.Mean); r > 0.4 {
		t.Errorf("analytical mean at 9 nodes is %.2f of 3 nodes' (%v, %v), want about a third", r, nine.Analytical.Mean, three.Analytical.Mean)
	}
}

// A commit goes from the gateway to the leaseholder of the transaction
// record's range (CockroachDB's EndTxn) before its consensus round: on 5
// nodes over three zones (0 and 3, 1 and 4, 2), from each gateway uniform
// over the leaders, nothing to itself, a same-zone trip to its zone's
// other node where there is one, else a cross-zone trip: (4·same-zone +
// 16·cross-zone)/25 on average.
func TestCommitHopsToTheTransactionRecord(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	res := evaluate(t, model.Architecture{ID: model.DistributedSQL, Nodes: 5}, w, p)
	got, ok := step(res, "commit_hop")
	if want := (4*float64(p.RTT.SameZone) + 16*float64(p.RTT.CrossZone)) / 25; !ok || !within(float64(got), want, 1e-9) {
		t.Errorf("commit hop %v (found %v), want (4·same-zone + 16·cross-zone)/25 = %v", got, ok, model.Time(want))
	}
}

// An implicit transaction, one statement in one round trip, sends its
// writes and its commit to the leaseholders in one batch (CockroachDB's
// one-phase commit on one range, parallel commits on several; YugabyteDB's
// single-shard fast path): no commit hop, the consensus round kept, and on
// several ranges the slowest of their rounds, which run at once (the
// STAGING record in the anchor range's). With its writes replicated statement by statement the
// commit still follows them (review of 2026-11-27: a one-row write 93 ms
// from its leaseholder paid the trip twice; and one round was charged for
// parallel ones).
func TestImplicitTransactionCommitsWithItsStatement(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.StatementsPerTxn, w.RoundTripsPerTxn = 1, 1
	for _, c := range []struct {
		consensus model.Consensus
		indexes   int
		hop       bool
	}{
		{model.AtCommit, 0, false},     // one range: one-phase commit
		{model.AtCommit, 2, false},     // several: parallel commits
		{model.PerStatement, 0, false}, // one range: one-phase commit
		{model.PerStatement, 2, true},  // the commit after the statement's replication
	} {
		a := model.Architecture{ID: model.DistributedSQL, Nodes: 5, Consensus: c.consensus, SecondaryIndexes: c.indexes}
		res := evaluate(t, a, w, p)
		_, hop := step(res, "commit_hop")
		_, round := step(res, "commit_consensus")
		if hop != c.hop || !round {
			t.Errorf("%s, %d indexes: commit hop %v, consensus %v; want a hop %v and the round", c.consensus, c.indexes, hop, round, c.hop)
		}
	}
	one, _ := step(evaluate(t, model.Architecture{ID: model.DistributedSQL, Nodes: 5, Consensus: model.AtCommit}, w, p), "commit_consensus")
	four, _ := step(evaluate(t, model.Architecture{ID: model.DistributedSQL, Nodes: 5, Consensus: model.AtCommit, SecondaryIndexes: 2}, w, p), "commit_consensus")
	if !(four > one) {
		t.Errorf("implicit, at_commit: commit consensus %v over three ranges, %v over one; want the slowest of three rounds above one round", four, one)
	}
	explicit := model.DefaultWorkload() // BEGIN, five statements, COMMIT
	if _, hop := step(evaluate(t, model.Architecture{ID: model.DistributedSQL, Nodes: 5}, explicit, p), "commit_hop"); !hop {
		t.Errorf("an explicit transaction's COMMIT: no commit hop, want one")
	}
}

// Followers go to the failure domains in turn (CockroachDB spreads a
// range's replicas over localities): with RF 3 over three regions every
// commit crosses to the nearer other region, whatever the node count,
// where followers on the next nodes of the ring piled into one region
// when N was not a multiple of three (4 and 5 nodes committed faster than
// 3 and 6, inside a region, while claiming to survive its loss).
func TestRaftFollowersSpreadOverRegions(t *testing.T) {
	p := lecture(t)
	w, regions := threeRegions()
	w.Sessions = 2000
	nearest, _ := p.Regions.RTT(regions[0], regions[1]) // 93 ms, the nearest pair of the three
	for _, n := range []int{3, 4, 5, 6} {
		res := evaluate(t, model.Architecture{ID: model.DistributedSQL, Nodes: n, Regions: regions, Consensus: model.AtCommit}, w, p)
		if got, _ := step(res, "commit_consensus"); got < nearest {
			t.Errorf("%d nodes: commit consensus %v, want at least the nearest pair of regions' %v", n, got, nearest)
		}
	}
}

// Every node runs a flow of each distributed query, but only its gateway
// holds a SQL session for it: a node's sessions carry 1/N of the queries.
func TestDistributedScanHoldsOneSession(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate, w.AnalyticalRate, w.ScanPerQuery = 1, 1, 0.5, 10*model.GB
	res := evaluate(t, model.Architecture{ID: model.DistributedSQL, Nodes: 3}, w, p)
	want := 0.5 * float64(res.Analytical.Mean) / 3 / float64(w.Sessions)
	if got := usage(res, "sessions"); !within(got, want, 0.05) {
		t.Errorf("sessions %.4f busy, want about the gateway's third of the queries' holds %.4f", got, want)
	}
}

// With fewer nodes than named regions, the last regions hold none: a
// client there connects to the nearest region that does, and pays that
// trip (ap-northeast-1's clients to us-west-2's node, 98.5 ms), where
// the client trip took its own region's node, which did not exist, and
// the hops started from another.
func TestClientsReachANodeRegion(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate, w.Sessions = 1000, 10, 2000
	w.ClientRegions = map[string]float64{"ap-northeast-1": 1}
	regions := []string{"us-east-1", "us-west-2", "eu-central-1", "ap-northeast-1"}
	res := evaluate(t, model.Architecture{ID: model.DistributedSQL, Nodes: 3, Regions: regions}, w, p)
	rtt, _ := p.Regions.RTT("ap-northeast-1", "us-west-2")
	if got := readStep(res, "client_round_trip"); !within(float64(got), float64(w.ClientRTT+rtt), 1e-9) {
		t.Errorf("client trip %v, want client_rtt_ms + ap-northeast-1 ↔ us-west-2 = %v", got, w.ClientRTT+rtt)
	}
}

// Follower reads are served by the nearest copy, in the client's own
// region when every region holds one: every gateway's reads hold their
// sessions alike, so the busiest gateway's sessions are Little's law over
// its share, (1/6)·X·R on 6 nodes in 3 equally loaded regions. Until
// 2026-11-26 the busiest gateway charged each read its trip to a
// leaseholder, as without follower reads, and the farthest region's
// sessions ran out: saturated.
func TestFollowerReadsHoldSessionsLocally(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate, w.Sessions = 20000, 0, 60
	w.ClientRegions = map[string]float64{"us-east-1": 1, "eu-central-1": 1, "ap-northeast-1": 1}
	res := evaluate(t, model.Architecture{ID: model.DistributedSQL, Nodes: 6, FollowerReads: true,
		Regions: []string{"us-east-1", "eu-central-1", "ap-northeast-1"}}, w, p)
	if res.Saturated {
		t.Fatalf("saturated at %s, want reads served in-region", res.Bottleneck)
	}
	want := float64(res.Throughput.Reads) * float64(res.Read.Mean) / 6 / float64(w.Sessions)
	if got := usage(res, "sessions"); math.Abs(got/want-1) > 0.02 {
		t.Errorf("sessions %.3f, want Little's %.3f over one gateway's sixth of the reads", got, want)
	}
}

// Under hybrid logical clocks a point read restarts when a value of its key
// lies above its timestamp and within the uncertainty interval. Such a
// value was written between the read's timestamp at the gateway and its
// arrival at the leaseholder, or stamped by a clock at most the actual skew
// ahead (cockroachdb pkg/kv/kvserver/uncertainty/doc.go): the window is the
// one-way trip plus clock_skew_ms, not --max-offset (500 ms). Over three
// regions (lecture's 15 ms cross-region round trip, leaseholders uniform
// over the nodes) the mean one-way trip is 2/3 · 7.5 = 5 ms, so with 2,000
// transactions/s of 4 written rows over 10,000 keys (0.8 writes/s per key)
// P = 1 − e^(−0.8 · 0.006) ≈ 0.48 %. The leaseholder retries on the spot
// (canDoServersideRetry): one KV operation more, no second trip. Review
// (2026-11-26): the 500 ms window gave 33 % and a full hop each, HLC reads
// 45 % slower than TrueTime's.
func TestUncertaintyRestartWindow(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate, w.ConflictKeys = 5000, 2000, 10000
	a := model.Architecture{ID: model.DistributedSQL, Nodes: 3, NodePlacement: model.CrossRegion, Consensus: model.AtCommit}
	hlc := evaluate(t, a, w, p)
	rate := float64(w.WriteRate) * 4 / w.ConflictKeys
	window := float64(p.RTT.CrossRegion)*2/3/2 + float64(p.KV.ClockSkew)
	want := -math.Expm1(-rate*window) * float64(p.KV.OperationCPU)
	if got := readStep(hlc, "uncertainty_restart"); !within(float64(got), want, 0.02) {
		t.Errorf("uncertainty_restart %v, want P·kv_cpu = %v (window %.1f ms)", got, model.Time(want), window*1e3)
	}
	a.Clock = model.TrueTime
	tt := evaluate(t, a, w, p)
	if r := float64(hlc.Read.P50) / float64(tt.Read.P50); r > 1.01 {
		t.Errorf("HLC read p50 %v is %.1f%% above TrueTime's %v, want within 1 %%", hlc.Read.P50, (r-1)*100, tt.Read.P50)
	}
	p.KV.MaxClockOffset = model.Millisecond // now the bound: the window shrinks to 1 ms
	a.Clock = model.HLC
	capped := readStep(evaluate(t, a, w, p), "uncertainty_restart")
	if want := -math.Expm1(-rate*float64(model.Millisecond)) * float64(p.KV.OperationCPU); !within(float64(capped), want, 0.02) {
		t.Errorf("with --max-offset 1 ms: uncertainty_restart %v, want %v", capped, model.Time(want))
	}
}

// A written row and its index entries live in different ranges, whose
// leaseholders may be anywhere: the statement's batch goes to all of them
// in parallel (CockroachDB's DistSender) and waits for the slowest. With
// three nodes in three regions (lecture: 15 ms between any two) a range's
// leaseholder is the gateway itself with probability 1/3, so one hop
// averages 2/3 · 15 = 10 ms and the slowest of four (a row and three
// indexes) 15 · (1 − (1/3)⁴) = 14.81 ms. pgbench's transaction (4 written
// rows, 1 read) then spends 4 · 14.81 + 10 = 69.3 ms hopping where it spent
// 5 · 10 = 50 ms without indexes (review, 2026-11-26: indexes added only
// CPU). Under per-statement consensus each written row waits for its
// slowest of four Raft rounds, in parallel: over us-east-1, us-west-2 and
// eu-central-1 (the profile's region matrix) every range's lease is in
// us-east-1 (the primary region), whose round reaches its nearest
// follower, us-west-2, in 64 ms; four in parallel take the slowest, which
// differs only by the 10 µs flushes: 4 × 64 ms with or without indexes,
// not 4 × 4 rounds.
func TestIndexEntriesHopInParallel(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate = 100, 10
	a := model.Architecture{ID: model.DistributedSQL, Nodes: 3, NodePlacement: model.CrossRegion, Consensus: model.AtCommit}
	plain := evaluate(t, a, w, p)
	a.SecondaryIndexes = 3
	indexed := evaluate(t, a, w, p)
	hop := float64(p.RTT.CrossRegion)
	for _, c := range []struct {
		res  model.Result
		want float64
	}{{plain, 5 * hop * 2 / 3}, {indexed, 4*hop*(1-1.0/81) + hop*2/3}} {
		if got, _ := step(c.res, "leaseholder_hop"); !within(float64(got), c.want, 0.01) {
			t.Errorf("%d indexes: leaseholder_hop %v, want %v", c.res.Architecture.SecondaryIndexes, got, model.Time(c.want))
		}
	}
	regions := []string{"us-east-1", "us-west-2", "eu-central-1"}
	nearest, ok := p.Regions.RTT(regions[0], regions[1])
	if far, _ := p.Regions.RTT(regions[0], regions[2]); !ok || far <= nearest {
		t.Fatalf("want us-west-2 nearer us-east-1 than eu-central-1 in the profile")
	}
	a = model.Architecture{ID: model.DistributedSQL, Nodes: 3, NodePlacement: model.CrossRegion, Regions: regions, Consensus: model.PerStatement}
	for _, indexes := range []int{0, 3} {
		a.SecondaryIndexes = indexes
		if got, _ := step(evaluate(t, a, w, p), "write_consensus"); !within(float64(got), 4*float64(nearest), 0.01) {
			t.Errorf("per-statement consensus with %d indexes: %v, want 4 × %v", indexes, got, nearest)
		}
	}
}

// A zone's failure takes a third of distributed SQL's nodes (three zones a
// region), whose reads and writes the rest must carry: at the target
// utilisation 0.7 they would run at 1.05. So a zone is survived only where
// the survivors carry the load (review: 6 nodes at 0.69 claimed to survive
// a zone whose loss left 4 saturated), and auto-sizing, asked to survive a
// zone, counts for it.
func TestZoneSurvivorsCarryTheLoad(t *testing.T) {
	p := builtin(t, "aws-gp3")
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate, w.Sessions = 224000, 8960, 300
	w.DataSize, w.WorkingSet = 200*model.GB, 30*model.GB
	r := model.DefaultRequirements()
	sized, err := model.Architecture{ID: model.DistributedSQL}.Evaluate(w, p, r)
	if err != nil {
		t.Fatal(err)
	}
	n := sized.Sizing.Nodes
	lost := (n + 2) / 3
	left := sized.MaxThroughputScale * float64(n-lost) / float64(n)
	if left < 1 == slices.Contains(sized.Availability.Survives, "zone") {
		t.Errorf("%d nodes, headroom %.2f: %d left carry %.2f of the load, yet survives %v", n, sized.MaxThroughputScale, n-lost, left, sized.Availability.Survives)
	}
	// Where they do not, service is back when a new node holds its share:
	// its ranges as Raft snapshots at 32 MiB/s (CockroachDB's
	// kv.snapshot_rebalance.max_rate), after the failure is noticed and
	// the node started. Each of the three zones holds a copy of every
	// range over its nodes, and a node of the smallest zone, n/3 rounded
	// down, holds the most.
	if f, _ := failure(sized, "zone"); left < 1 {
		fill := (w.DataSize / model.Bytes(n/3)).Over(32 * 1.048576 * model.MBPerSecond)
		if want := p.Recovery.FailureDetection + p.Recovery.Reattach + fill; !within(float64(f.RTO), float64(want), 1e-9) {
			t.Errorf("zone RTO %v where the survivors saturate, want %v (a node filled by snapshots)", f.RTO, want)
		}
	}
	r.Survive = []string{"zone"}
	ha, err := model.Architecture{ID: model.DistributedSQL}.Evaluate(w, p, r)
	if err != nil {
		t.Fatal(err)
	}
	m := ha.Sizing.Nodes
	if !slices.Contains(ha.Availability.Survives, "zone") || m <= n {
		t.Errorf("asked to survive a zone: %d nodes (against %d), survives %v; want more nodes and the zone survived", m, n, ha.Availability.Survives)
	}
	t.Logf("%d nodes at headroom %.2f survive %v; asked to survive a zone, %d at %.2f", n, sized.MaxThroughputScale, sized.Availability.Survives, m, ha.MaxThroughputScale)
}

// Auto-sizing asked to survive a zone checks the ceiling itself, not only
// the busiest station: at 99,166 reads/s and 4,958 writes/s on aws-gp3 the
// stations allowed 3 nodes, whose headroom 1.49 left 2 carrying 0.996 of
// the load, so the same evaluation said it did not survive the zone it was
// sized for (review: a sweep's recommendation flipped there).
func TestSizedToSurviveAZoneSurvivesIt(t *testing.T) {
	p := builtin(t, "aws-gp3")
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate = 99166, 4958
	r := model.DefaultRequirements()
	r.RPO, r.Survive = 0, []string{"zone"}
	res, err := model.Architecture{ID: model.DistributedSQL}.Evaluate(w, p, r)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(res.Availability.Survives, "zone") {
		t.Errorf("%d nodes at headroom %.3f: survives %v, want the zone it was sized to survive", res.Sizing.Nodes, res.MaxThroughputScale, res.Availability.Survives)
	}
}

// Auto-sizing counts the WAL flusher by its load, as the ceiling does, not
// by its P(busy), which nears 1 while group commit still has room (review
// of 2026-11-26: a P(busy) of 0.71 at 6 nodes sized 8, though 6 met every
// requirement at a 28 % lower cost). The review's workload, 8,377
// writes/s, now sizes the RF's 3 nodes, since its pool of 50 sessions no
// longer buys nodes (relievedByNodes): at 20,000 writes/s, with a pool
// that never binds, 6 nodes carry the load within the target, a zone's
// loss included, while their flusher is busy 90 % of the time, and 5 do
// not carry it (measured 2026-11-28: 6 nodes, flusher P(busy) 0.92, the
// CPU binding at 2.07 times the load; 5 nodes at 1.28). The KV
// operations' CPU is the review's 50 µs.
func TestSizingCountsTheFlusherByItsLoad(t *testing.T) {
	p := builtin(t, "aws-gp3")
	p.KV.OperationCPU = 50 * model.Microsecond
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate = 2000, 20000
	w.DataSize, w.WorkingSet, w.Sessions, w.ClientRTT = 20*model.GB, 5*model.GB, 5000, 300*model.Microsecond
	r := model.DefaultRequirements()
	r.RPO, r.Survive = 0, []string{"zone"}
	target := float64(r.TargetUtilization)
	res, err := model.Architecture{ID: model.DistributedSQL}.Evaluate(w, p, r)
	if err != nil {
		t.Fatal(err)
	}
	if res.Sizing.Nodes > 6 || res.MaxThroughputScale < 1/target || !slices.Contains(res.Availability.Survives, "zone") {
		t.Errorf("%d nodes, headroom %.3f, survives %v: want at most 6 nodes, headroom ≥ %.3f, surviving a zone", res.Sizing.Nodes, res.MaxThroughputScale, res.Availability.Survives, 1/target)
	}
	if u := usage(res, "wal_flush"); u < 0.9 {
		t.Errorf("the flusher's P(busy) %.2f at %d nodes: want the case where it nears 1 (≥ 0.9)", u, res.Sizing.Nodes)
	}
	fewer, err := model.Architecture{ID: model.DistributedSQL, Nodes: res.Sizing.Nodes - 1}.Evaluate(w, p, r)
	if err != nil {
		t.Fatal(err)
	}
	if fewer.MaxThroughputScale >= 1/target && slices.Contains(fewer.Availability.Survives, "zone") {
		t.Errorf("%d nodes already meet the target (headroom %.3f) and survive a zone: %d is not the fewest", res.Sizing.Nodes-1, fewer.MaxThroughputScale, res.Sizing.Nodes)
	}
}

// With every client in us-east-1, the primary region, leases there serve
// them locally (review of 2026-11-26: leases spread over three regions
// put a 52 ms hop in each read): a read stays under 2 ms, a parallel
// commit pays one round to the nearest other region (us-west-2, 64 ms).
// Reads then scale with the primary region's nodes only: nine nodes over
// three regions carry what three carry in one region (within 15 %, the
// writes' copies differ), a third of nine in one region.
func TestLeasesLiveInThePrimaryRegion(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate, w.Sessions = 50000, 500, 5000
	w.ClientRegions = map[string]float64{"us-east-1": 1}
	regions := []string{"us-east-1", "us-west-2", "eu-central-1"}
	nearest, _ := p.Regions.RTT(regions[0], regions[1])
	homed := evaluate(t, model.Architecture{ID: model.DistributedSQL, Nodes: 9, NodePlacement: model.CrossRegion, Regions: regions, Consensus: model.AtCommit}, w, p)
	if homed.Read.Mean > 2*model.Millisecond {
		t.Errorf("read mean %v, want a local read (< 2 ms)", homed.Read.Mean)
	}
	if got, _ := step(homed, "commit_consensus"); got < nearest || got > nearest+model.Millisecond {
		t.Errorf("commit consensus %v, want the trip to us-west-2, %v, plus a flush", got, nearest)
	}
	w.ClientRegions = nil
	three := evaluate(t, model.Architecture{ID: model.DistributedSQL, Nodes: 3}, w, p)
	nine := evaluate(t, model.Architecture{ID: model.DistributedSQL, Nodes: 9}, w, p)
	if r := homed.MaxThroughputScale / three.MaxThroughputScale; r < 0.85 || r > 1.15 || homed.MaxThroughputScale > nine.MaxThroughputScale/2 {
		t.Errorf("headroom %.2f on nine nodes over three regions, %.2f on three and %.2f on nine in one: want about three's",
			homed.MaxThroughputScale, three.MaxThroughputScale, nine.MaxThroughputScale)
	}
}

// Pipelined writes do not wait for consensus, but a later read of the row
// must see the write: it waits until the intent is replicated
// (CockroachDB's txn_interceptor_pipeliner, chainToInFlightWrites; review
// of 2026-11-26). pgbench's SELECT reads the account its UPDATE wrote. With
// clients, gateway and leases in us-east-1 the write's round to us-west-2
// (64 ms) began when the UPDATE was evaluated, one client round trip
// before the SELECT arrives: it stalls the round less that trip. Without
// such a read there is no stall.
func TestReadOfOwnWriteWaitsForItsReplication(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.ReadRate = 5000 // three nodes carry it
	w.ClientRegions = map[string]float64{"us-east-1": 1}
	a := model.Architecture{ID: model.DistributedSQL, Nodes: 3, NodePlacement: model.CrossRegion,
		Regions: []string{"us-east-1", "us-west-2", "eu-central-1"}, Consensus: model.AtCommit}
	res := evaluate(t, a, w, p)
	round, _ := step(res, "commit_consensus")
	stall, ok := step(res, "pipeline_stall")
	if want := round - w.ClientRTT; !ok || !within(float64(stall), float64(want), 0.01) {
		t.Errorf("pipeline stall %v, want the round %v less a client round trip, %v", stall, round, want)
	}
	w.OwnWriteReads = 0
	if _, ok := step(evaluate(t, a, w, p), "pipeline_stall"); ok {
		t.Errorf("a stall without a read of the transaction's own write")
	}
}

// A point read's trip from its gateway to the range's leaseholder crosses
// zones for the 2 of 3 leaseholders on other nodes (three nodes in three
// zones): each carries the row and 200 B of KV headers (hopBytes, U) at
// the cross-zone price, billed as the Raft replication is (review of
// 2026-11-26: only replication was billed). With follower reads the
// nearest copy is the gateway's own (RF 3 on 3 nodes): nothing crosses.
func TestDistributedReadsBillTheirHops(t *testing.T) {
	p := builtin(t, "aws-gp3")
	w := model.DefaultWorkload()
	a := model.Architecture{ID: model.DistributedSQL, Nodes: 3}
	w.ReadRate = 0
	none := evaluate(t, a, w, p)
	w.ReadRate = 30000
	reads := evaluate(t, a, w, p)
	perMonth := 30000 * float64(w.RowBytes+200) * float64(model.HoursPerMonth) * 3600 / 1e9
	want := perMonth * 2.0 / 3 * float64(p.Prices.CrossZonePerGB)
	if got := float64(reads.Cost.Transfer - none.Cost.Transfer); !within(got, want, 1e-6) {
		t.Errorf("30,000 reads/s add $%.2f of transfer a month, want $%.2f", got, want)
	}
	// The price follows where the nodes are, not the trips' lengths
	// (review: overlapping RTTs billed every hop as free).
	q := p
	q.RTT.SameZone, q.RTT.CrossZone = 400*model.Microsecond, 300*model.Microsecond
	if odd := evaluate(t, a, w, q); !within(float64(odd.Cost.Transfer-none.Cost.Transfer), want, 1e-6) {
		t.Errorf("a same-zone trip slower than a cross-zone one: $%.2f of the reads' transfer, want $%.2f", float64(odd.Cost.Transfer-none.Cost.Transfer), want)
	}
	a.FollowerReads = true
	if f := evaluate(t, a, w, p); f.Cost.Transfer != none.Cost.Transfer {
		t.Errorf("follower reads on RF 3 over 3 nodes: transfer $%.2f, want the writes' $%.2f", float64(f.Cost.Transfer), float64(none.Cost.Transfer))
	}
}

// An RTO required binds a node's failure, which saturated survivors turn
// into a snapshot refill's hour: auto-sizing counts the nodes so that a
// node's loss is carried, as for a failure to survive (review of
// 2026-11-26: 3 nodes and an RTO of 3,160 s where 4 met rto_seconds 300).
// A hot row's lock, which lives on one node, is not a reason for more
// nodes (64 were chosen where 3 carried the load as well).
func TestSizingCarriesWhatTheRequirementsBind(t *testing.T) {
	p := builtin(t, "azure-premium-v2")
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate, w.ClientRTT = 735, 14000, 130*model.Microsecond
	w.DataSize, w.WorkingSet = 103*model.GB, 24.4*model.GB
	r := model.DefaultRequirements()
	r.RTO = 300 * model.Second
	res, err := model.Architecture{ID: model.DistributedSQL}.Evaluate(w, p, r)
	if err != nil {
		t.Fatal(err)
	}
	if res.Availability.RTO > r.RTO {
		t.Errorf("%d nodes: RTO %v on a node failure, want at most the %v required", res.Sizing.Nodes, res.Availability.RTO, r.RTO)
	}
	q := lecture(t)
	h := model.DefaultWorkload()
	h.HotRows = 1
	if hot := evaluate(t, model.Architecture{ID: model.DistributedSQL}, h, q); hot.Sizing.Nodes > 3 {
		t.Errorf("one hot row: %d nodes, want the 3 the stations need (the lock is one node's)", hot.Sizing.Nodes)
	}
}

// A distributed SQL node keeps no pg_wal: max_wal_size, PostgreSQL's,
// neither fills its disk nor adds nodes (review of 2026-11-26: 400 GB of
// it sized 9 nodes where 3 held the data).
func TestDistributedSQLKeepsNoPGWAL(t *testing.T) {
	p := builtin(t, "aws-gp3")
	w := model.DefaultWorkload()
	small := evaluate(t, model.Architecture{ID: model.DistributedSQL}, w, p)
	p.Postgres.MaxWALSize = 400 * model.GB
	large := evaluate(t, model.Architecture{ID: model.DistributedSQL}, w, p)
	if large.Disk.Data != small.Disk.Data || large.Sizing.Nodes != small.Sizing.Nodes {
		t.Errorf("max_wal_size 1 GB: %v on %d nodes; 400 GB: %v on %d nodes; want the same", small.Disk.Data, small.Sizing.Nodes, large.Disk.Data, large.Sizing.Nodes)
	}
}

// A transaction's statements all go through its client's gateway: with a
// fifth of the clients in ap-northeast-1, whose every write transaction
// takes what those clients alone take, the write p99 is theirs (within
// the 5 % the mixtures' reduction may add), and the mean is the clients'
// weighted mean, as when each statement drew its gateway afresh (user
// review of 2026-11-27: p99 1,162 ms below the 1,367 ms every
// ap-northeast-1 transaction took).
func TestTransactionStatementsShareTheGateway(t *testing.T) {
	p := builtin(t, "aws-gp3")
	regions := []string{"us-east-1", "eu-central-1", "ap-northeast-1"}
	a := model.Architecture{ID: model.DistributedSQL, Nodes: 9, Regions: regions}
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet = 500, 20, 200*model.GB, 20*model.GB
	weights := map[string]float64{"us-east-1": 0.5, "eu-central-1": 0.3, "ap-northeast-1": 0.2}
	alone := map[string]model.Time{}
	var mean float64
	for r, f := range weights {
		w.ClientRegions = map[string]float64{r: 1}
		res := evaluate(t, a, w, p)
		alone[r] = res.Write.P50
		mean += f * float64(res.Write.Mean)
	}
	w.ClientRegions = weights
	mixed := evaluate(t, a, w, p).Write
	far := alone["ap-northeast-1"]
	t.Logf("write mean %v, p99 %v; ap-northeast-1 alone %v", mixed.Mean, mixed.P99, far)
	if mixed.P99 < far*0.999 || mixed.P99 > far*1.05 {
		t.Errorf("write p99 %v with a fifth of the clients in ap-northeast-1, want theirs, %v, to +5 %%", mixed.P99, far)
	}
	if math.Abs(float64(mixed.Mean)/mean-1) > 1e-6 {
		t.Errorf("write mean %v, want the clients' weighted mean %v", mixed.Mean, model.Time(mean))
	}
}

// A region's loss takes its copy of every range (RF 3, one copy in each of
// three regions): until the ranges are re-replicated, each write waits for
// a majority of three among the two copies left, across the two regions
// left, and the survivors carry less than the intact cluster did, never
// more (user review of 2026-11-27: two survivors re-solved as a fresh
// cluster of three, a phantom copy beside the leaseholder, carried 29
// times the intact cluster's load).
func TestRegionLossLeavesRangesUnderReplicated(t *testing.T) {
	p := builtin(t, "aws-gp3")
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet = 200, 60, 100*model.GB, 10*model.GB
	for _, n := range []int{3, 6} {
		res := evaluate(t, model.Architecture{ID: model.DistributedSQL, Nodes: n, Regions: []string{"us-east-1", "eu-central-1", "ap-northeast-1"}}, w, p)
		f, ok := failure(res, "region")
		if !ok || f.SurvivorsHeadroom == nil {
			t.Fatalf("%d nodes: region failure %+v, want its survivors' headroom", n, f)
		}
		t.Logf("%d nodes: headroom %.2f, after a region's loss %.2f", n, res.MaxThroughputScale, *f.SurvivorsHeadroom)
		if *f.SurvivorsHeadroom >= res.MaxThroughputScale {
			t.Errorf("%d nodes: headroom %.2f after a region's loss, want below the intact %.2f", n, *f.SurvivorsHeadroom, res.MaxThroughputScale)
		}
	}
}

// A hot row's lock does not follow the nodes: its ceiling is the same at
// 3 nodes and 12, and a node's loss neither lowers it nor is lifted by a
// new node, so the failure's RTO is the lease's move alone (user review
// of 2026-11-27: the ceiling was scaled by the nodes left, and the loss of
// one node said to saturate until a new one restored its data, 6,050 s).
func TestHotRowCeilingSurvivesANode(t *testing.T) {
	p := builtin(t, "aws-gp3")
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet, w.HotRows = 5000, 1000, 200*model.GB, 20*model.GB, 1
	for _, n := range []int{3, 12} {
		res := evaluate(t, model.Architecture{ID: model.DistributedSQL, Nodes: n}, w, p)
		f, _ := failure(res, "node")
		if res.Bottleneck != "row_lock" || f.SurvivorsHeadroom == nil {
			t.Fatalf("%d nodes: bottleneck %s, node failure %+v; want the row lock, and the survivors' headroom", n, res.Bottleneck, f)
		}
		if got := *f.SurvivorsHeadroom; math.Abs(got/res.MaxThroughputScale-1) > 0.01 || f.RTO > 60*model.Second {
			t.Errorf("%d nodes: survivors' headroom %.3f against %.3f intact, RTO %v; want the same within 1 %% and the lease's move", n, got, res.MaxThroughputScale, f.RTO)
		}
	}
}

// Auto-sizing stops where more nodes cannot help: ten hot rows that the
// offered load saturates (2,000 writes/s of three statements, clients
// 0.3 ms away, on aws-gp3) saturate them on every count, so the count is
// the one the stations need, as at 1,900 writes/s, where they still carry
// it (review of 2026-11-28: 3 nodes at 1,900 writes/s, 64 at 2,000).
func TestSizingStopsAtAHotRow(t *testing.T) {
	p := builtin(t, "aws-gp3")
	w := model.DefaultWorkload()
	w.ReadRate, w.StatementsPerTxn, w.RoundTripsPerTxn, w.HotRows, w.HotRowWriteFraction = 5000, 3, 5, 10, 1
	w.DataSize, w.WorkingSet, w.Sessions, w.ClientRTT = 50*model.GB, 5*model.GB, 200, 300*model.Microsecond
	r := model.DefaultRequirements()
	r.Survive = []string{"zone"}
	var nodes [2]int
	for i, writes := range []model.Rate{1900, 2000} {
		w.WriteRate = writes
		res, err := model.Architecture{ID: model.DistributedSQL}.Evaluate(w, p, r)
		if err != nil {
			t.Fatal(err)
		}
		nodes[i] = res.Architecture.Nodes
		if i == 1 && (!res.Saturated || res.Bottleneck != "row_lock") {
			t.Errorf("%v writes/s: saturated %v at %s, want the row lock saturated", writes, res.Saturated, res.Bottleneck)
		}
	}
	if nodes[1] != nodes[0] {
		t.Errorf("auto-sized %d nodes at 1,900 writes/s, %d at 2,000: want the same, the hot rows no node relieves", nodes[0], nodes[1])
	}
}

// Distributed SQL's nodes are sized by their stations and data, not by
// the pool in front of each gateway, which the client enlarges for the
// price of a goroutine per connection (Cockroach Labs, "Connection
// Pooling": 20–30 kB idle): three regions' clients whose statements cross
// between them hold a session for a tenth of a second and more, so a pool
// of 100 per node saturates, and the nodes are those a pool of 2,000
// needs (reviews of 2026-11-28: the pool's 100 sized 64 nodes at 10 %
// CPU, still saturated by sessions). The result names the sessions and
// the pool that carries the load at the target; with it, the same nodes
// carry the load unsaturated, their sessions within the target, and
// survive the region asked for (the pool counts the survivors' sessions:
// a reviewer found the intact cluster's pool, 1,213, leaving a region's
// survivors at 0.83 of the load).
func TestNodesAreNotSizedBySessions(t *testing.T) {
	p := builtin(t, "aws-gp3")
	w, regions := threeRegions()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet = 20000, 4000, 300*model.GB, 40*model.GB
	r := model.DefaultRequirements()
	r.Survive = []string{"region"}
	target := float64(r.TargetUtilization)
	at := func(sessions int) model.Result {
		t.Helper()
		w := w
		w.Sessions = sessions
		res, err := model.Architecture{ID: model.DistributedSQL, Regions: regions}.Evaluate(w, p, r)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	small, large := at(100), at(2000)
	if large.Saturated || large.Bottleneck == "sessions" {
		t.Fatalf("a pool of 2,000: saturated %v by %s, want the stations to bind", large.Saturated, large.Bottleneck)
	}
	if small.Sizing.Nodes != large.Sizing.Nodes {
		t.Errorf("%d nodes with a pool of 100, %d with 2,000: want the same nodes", small.Sizing.Nodes, large.Sizing.Nodes)
	}
	if !small.Saturated || small.Bottleneck != "sessions" || !(small.Sizing.SessionsRequired > 100) {
		t.Fatalf("a pool of 100: saturated %v by %s, sessions required %.0f: want saturated by sessions, more required",
			small.Saturated, small.Bottleneck, small.Sizing.SessionsRequired)
	}
	need := int(math.Ceil(small.Sizing.SessionsRequired))
	enough := at(need)
	if enough.Saturated || enough.Sizing.Nodes != small.Sizing.Nodes {
		t.Errorf("a pool of %d: %d nodes, saturated %v by %s: want %d nodes, unsaturated", need, enough.Sizing.Nodes, enough.Saturated, enough.Bottleneck, small.Sizing.Nodes)
	}
	if u := usage(enough, "sessions"); u > target {
		t.Errorf("a pool of %d: sessions at %.3f, want at most the target %.2f", need, u, target)
	}
	if !slices.Contains(enough.Availability.Survives, "region") {
		t.Errorf("a pool of %d: survives %v, want the region", need, enough.Availability.Survives)
	}
}

// Citus workers are not bought for their sessions either: a worker's
// max_connections is raised for session_memory_mb a backend, a worker
// costs a node (review of 2026-11-28: 11 workers at 13 % CPU on a pool of
// 20, where 3 carried the load with a pool of 100). Queried from any
// node, a pool of 20 and one of 2,000 size the same workers, and the
// small pool's result names the pool the load needs.
func TestWorkersAreNotSizedBySessions(t *testing.T) {
	p := builtin(t, "aws-gp3")
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet, w.ClientRTT = 20000, 5000, 200*model.GB, 30*model.GB, 2*model.Millisecond
	at := func(sessions int) model.Result {
		t.Helper()
		w := w
		w.Sessions = sessions
		return evaluate(t, model.Architecture{ID: model.Sharded, QueryFromAnyNode: true}, w, p)
	}
	small, large := at(20), at(2000)
	if small.Sizing.Workers != large.Sizing.Workers {
		t.Errorf("%d workers on a pool of 20, %d on 2,000: want the same", small.Sizing.Workers, large.Sizing.Workers)
	}
	if _, short := small.PoolShort(20); !short || !small.Saturated {
		t.Errorf("a pool of 20: saturated %v by %s, sessions required %.1f: want saturated, the pool named", small.Saturated, small.Bottleneck, small.Sizing.SessionsRequired)
	}
}

// Asked to survive a region, distributed SQL's nodes carry a zone's loss
// too, the smaller failure, as CockroachDB's REGION survival goal does
// (review of 2026-11-28: 15 nodes over three regions, 70 % of the
// clients in the first, carried 87 % of the load after a zone's loss,
// bound by the CPU; 21 measured after the change, more than those 15).
func TestRegionSurvivalCarriesAZone(t *testing.T) {
	p := builtin(t, "aws-gp3")
	w := model.DefaultWorkload()
	regions := []string{"us-east-1", "us-west-2", "eu-central-1"}
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet, w.Sessions = 40000, 8000, 500*model.GB, 60*model.GB, 5000
	w.ClientRegions = map[string]float64{regions[0]: 0.7, regions[1]: 0.1, regions[2]: 0.2}
	r := model.DefaultRequirements()
	r.Survive = []string{"region"}
	res, err := model.Architecture{ID: model.DistributedSQL, Regions: regions}.Evaluate(w, p, r)
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"region", "zone"} {
		if !slices.Contains(res.Availability.Survives, kind) {
			t.Errorf("%d nodes survive %v: want a %s's loss carried", res.Sizing.Nodes, res.Availability.Survives, kind)
		}
	}
	if res.Sizing.Nodes <= 15 {
		t.Errorf("%d nodes: want more than the 15 sized for the region alone", res.Sizing.Nodes)
	}
}

// A distributed SQL connection is a goroutine, not a PostgreSQL backend:
// Cockroach Labs estimates an idle one at 20–30 kB ("Connection
// Pooling"), so a pool of 10,000 per node takes 0.25 GB, fits in the
// memory, and leaves the caches as a pool of 100 does (within a part in a
// thousand), where 10,000 backends of 6 MB would take 60 GB of a 64 GB
// node.
func TestConnectionsAreGoroutines(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	at := func(sessions int) model.Result {
		t.Helper()
		w := w
		w.Sessions = sessions
		return evaluate(t, model.Architecture{ID: model.DistributedSQL, Nodes: 3}, w, p)
	}
	few, many := at(100), at(10_000)
	if got := float64(many.Memory.Sessions()) / float64(model.GB); !many.Memory.Fits() || got > 0.3 {
		t.Errorf("10,000 connections take %.2f GB (fits %v), want about 0.25", got, many.Memory.Fits())
	}
	if d := math.Abs(float64(many.CacheHitRatio - few.CacheHitRatio)); d > 1e-3 {
		t.Errorf("cache hit ratio %.4f with 10,000 connections, %.4f with 100: want the same", many.CacheHitRatio, few.CacheHitRatio)
	}
}

// Distributed SQL and Citus nodes below 4 vCPUs, the least their vendors
// run in production (CockroachDB's production checklist; Azure's managed
// Citus), are warned of, as recommend sizes none below it (review of
// 2026-11-28: distributed SQL given 2 vCPUs passed without a word); a
// single node of 2 is not.
func TestSmallNodesAreWarned(t *testing.T) {
	gp3, _ := calibration.Lookup("aws-gp3")
	small, err := gp3.Resized(2)
	if err != nil {
		t.Fatal(err)
	}
	warned := func(r model.Result) bool {
		return slices.ContainsFunc(r.Warnings, func(s string) bool { return strings.Contains(s, "2 vCPUs a node, below the 4") })
	}
	for _, id := range []model.ID{model.DistributedSQL, model.Sharded, model.SingleNode} {
		res := evaluate(t, model.Architecture{ID: id}, model.DefaultWorkload(), small.Values)
		if want := id != model.SingleNode; warned(res) != want {
			t.Errorf("%s on 2 vCPUs: warned %v, want %v: %q", id, warned(res), want, res.Warnings)
		}
		if res := evaluate(t, model.Architecture{ID: id}, model.DefaultWorkload(), gp3.Values); warned(res) {
			t.Errorf("%s on 8 vCPUs warned of a small node: %q", id, res.Warnings)
		}
	}
}

// Auto-sized nodes leave the target's room on the workload's own pool,
// not only at the sizing's busiest load (a metamorphic hunt of
// 2026-11-28): 110,000 reads and 4,690 writes a second with 2 scans of
// 14 GB a second on aws-gp3 took 20 nodes, 19.97 required by the busiest
// CPU at 0.699 of the target, whose ceiling then lay at 1/0.7009 of the
// load; the next count, 21, leaves the room (the model's figures).
func TestAutoSizedNodesLeaveTheTargetsRoom(t *testing.T) {
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet = 109974, 4690, 895.6*model.GB, 89.56*model.GB
	w.AnalyticalRate, w.ScanPerQuery, w.RowBytes = 1.986, 14.094*model.GB, 300
	res := evaluate(t, model.Architecture{ID: model.DistributedSQL}, w, builtin(t, "aws-gp3"))
	if target := float64(model.DefaultRequirements().TargetUtilization); res.MaxThroughputScale*target < 1 {
		t.Errorf("%d nodes, the load at %.4f of their ceiling: want it within %.1f", res.Nodes, 1/res.MaxThroughputScale, target)
	}
}

// A zone's loss takes the largest zone's ⌈n/3⌉ nodes: the survivors are
// solved as what they are, the nodes of two zones holding every range's
// copies again once replaced. So a node added to the largest zone (n =
// 3k+1) leaves the survivors of 3k, and their headroom never falls as
// nodes are added. Scaling the intact cluster's headroom by the nodes
// left, as before, put 10 nodes' survivors below 9's (4.43 against 4.58
// on this workload; solved, 4.58 both), and 7's and 13's below 6's and
// 12's: a metamorphic hunt of 2026-11-28 saw 9 and 11 nodes survive a
// zone where 10 did not. (With equal zones the two agree: 9 nodes' 4.58
// scaled, 4.58 solved.)
func TestZoneSurvivorsMonotoneInNodes(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	var prev float64
	for n := 6; n <= 13; n++ {
		res := evaluate(t, model.Architecture{ID: model.DistributedSQL, Nodes: n}, w, p)
		i := slices.IndexFunc(res.Availability.Failures, func(f model.Failure) bool { return f.Kind == "zone" })
		if i < 0 || res.Availability.Failures[i].SurvivorsHeadroom == nil {
			t.Fatalf("%d nodes: no zone failure with the survivors' headroom in %+v", n, res.Availability.Failures)
		}
		left := *res.Availability.Failures[i].SurvivorsHeadroom
		switch {
		case n%3 == 1 && !within(left, prev, 1e-9):
			t.Errorf("%d nodes: zone survivors' headroom %.4f, want %d nodes' %.4f (the same survivors)", n, left, n-1, prev)
		case left < prev*(1-1e-9):
			t.Errorf("%d nodes: zone survivors' headroom %.4f below %d nodes' %.4f", n, left, n-1, prev)
		}
		prev = left
	}
}

// A zone's loss takes a node and more, so its survivors carry no more
// than a node's: distributed SQL's headroom after a node's loss is at
// least that after a zone's, and on three nodes, one a zone, the two are
// the same event. Before, a node's loss was scaled (two of three nodes:
// 2/3 of the headroom) and a zone's solved, and three nodes survived a
// zone but not a node (metamorphic hunt of 2026-11-28: 0.93 against 1.25).
func TestNodeLossNoWorseThanZoneLoss(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	for n := 3; n <= 8; n++ {
		res := evaluate(t, model.Architecture{ID: model.DistributedSQL, Nodes: n}, w, p)
		left := map[string]float64{}
		for _, f := range res.Availability.Failures {
			if f.SurvivorsHeadroom != nil {
				left[f.Kind] = *f.SurvivorsHeadroom
			}
		}
		node, zone := left["node"], left["zone"]
		if node == 0 || zone == 0 {
			t.Fatalf("%d nodes: survivors' headroom %v, want a node's and a zone's", n, left)
		}
		if node < zone*(1-1e-9) {
			t.Errorf("%d nodes: a node's loss leaves %.4f, below a zone's %.4f", n, node, zone)
		}
		if n == 3 && !within(node, zone, 1e-9) {
			t.Errorf("3 nodes, one a zone: a node's loss leaves %.4f, a zone's %.4f; want the same", node, zone)
		}
	}
}

// A statement's hop from its gateway to the range's leaseholder is a
// round trip like any other, with its random part (rtt_jitter_ms, a
// shifted exponential of the same mean: calibration.md §3.2), except
// where the gateway leads the range itself. With no client round trip
// that random part is all a read's spread beyond its CPU: its mean stays,
// its p99 rises (until model 0.11.1 the hop was a constant).
func TestLeaseholderHopHasItsRandomPart(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate, w.ClientRTT = 1000, 100, 0
	a := model.Architecture{ID: model.DistributedSQL, Nodes: 5}
	p.RTT.Jitter = 0
	constant := evaluate(t, a, w, p)
	p.RTT.Jitter = 70 * model.Microsecond
	jittered := evaluate(t, a, w, p)
	if !within(float64(jittered.Read.Mean), float64(constant.Read.Mean), 0.001) {
		t.Errorf("read mean %v with the random part, %v without: want the same", jittered.Read.Mean, constant.Read.Mean)
	}
	if d := jittered.Read.P99 - constant.Read.P99; d < 50*model.Microsecond {
		t.Errorf("read p99 %v with the random part, %v without: want it at least 50 µs higher (an exponential of 70 µs's p99 is 322 µs)", jittered.Read.P99, constant.Read.P99)
	}
}
