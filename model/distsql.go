package model

import (
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/pgarch/pgarch/model/dist"
)

// lsmWriteAmplification is the bytes a log-structured merge tree
// (RocksDB/Pebble, under CockroachDB and YugabyteDB) writes per byte of
// data through its compactions. Assumption (U): ≈ 10 for levelled
// compaction.
const lsmWriteAmplification = 10

// writeStatements is the statements of a write transaction that write (all
// but one read: pgbench's 4 of 5).
func (pl *plan) writeStatements() int { return max(1, pl.w.StatementsPerTxn-1) }

// kvRanges is the ranges one written row touches: its own and one per
// secondary index (MODEL.md §5: a single-row write with 2 indexes is a
// 3-range transaction).
func (pl *plan) kvRanges() float64 { return float64(1 + pl.a.SecondaryIndexes) }

// singleRange reports whether a transaction writes one row in one range: it
// then commits in a single consensus round (YugabyteDB's single-shard fast
// path; CockroachDB's one-phase commit), whatever the consensus mode.
func (pl *plan) singleRange() bool { return float64(pl.writeStatements())*pl.kvRanges() == 1 }

// rangeCopies is the share of the ranges, and so of the data, the busiest
// node holds a copy of: RF/N where the failure domains (domains) hold
// equal numbers of nodes. CockroachDB's allocator puts a range's copies in
// as many domains as it can, then balances replica counts among a
// domain's nodes ("Replication controls": diversity first), so a domain of
// fewer nodes holds as many copies on fewer of them. A range keeps
// min(n_r, L) copies in domain r of n_r nodes, L the level at which they
// add up to RF, and a node of the smallest domain holds min(1, L/n_r) of
// the ranges (review of 2026-11-28: four nodes over three zones were
// charged 3/4 of the ranges each, where the two lone zones' nodes hold
// them all, so a fourth node seemed to add a third to the writes' room).
func (pl *plan) rangeCopies() float64 {
	return rangeShare(pl.ring(), pl.domains(pl.a.NodePlacement), pl.liveReplicas())
}

// rangeShare is rangeCopies for n nodes laid over d failure domains (node
// i in domain i mod d) holding rf copies of every range.
func rangeShare(n, d, rf int) float64 {
	var sizes [MaxNodes]int
	for r := range d {
		sizes[r] = regionNodes(r, n, d)
	}
	slices.Sort(sizes[:d])
	left := float64(rf)
	for i, m := range sizes[:d] {
		if rest := float64(d - i); float64(m)*rest >= left {
			return min(1, left/rest/float64(sizes[0]))
		}
		left -= float64(m)
	}
	return 1 // rf ≤ n: not reached
}

// diskRing is the fewest nodes, from need (diskNodes: the data's copies
// over the room a node's disk leaves), whose busiest node holds no more
// than need nodes would at an even split (rangeShare).
func diskRing(a Architecture, need float64) float64 {
	return fewestFitting(a.ReplicationFactor, need, func(n int) bool {
		return rangeShare(n, failureDomains(a, a.NodePlacement, n), a.ReplicationFactor) <= float64(a.ReplicationFactor)/need
	})
}

// liveReplicas is the copies of each range alive: RF, less those a
// region's loss took from the survivors (plan.deadReplicas).
func (pl *plan) liveReplicas() int { return pl.a.ReplicationFactor - pl.deadReplicas }

// consensus is one Raft/Paxos round of a range: the leader's log append
// in parallel with its followers', committed when a majority (leader
// included) has it, i.e. at the k-th of RF−1 follower acknowledgements,
// k = (RF−1)/2, each a round trip from the leader plus a log flush
// (Ongaro and Ousterhout, "In Search of an Understandable Consensus
// Algorithm", 2014, §5.3). Where the followers are depends on the range's
// leaseholder (raftLayouts); the round is the mixture over the layouts of
// the k-th acknowledgement, exact for each (quorumStep).
func (pl *plan) consensus(st *state, name string) step {
	k := (pl.a.ReplicationFactor - 1) / 2
	layouts := pl.raftLayouts()
	if !pl.final {
		mean := 0.0
		for _, l := range layouts {
			mean += l.share * quorumMean(k, l.acks(pl, st))
		}
		return delay(name, Time(mean))
	}
	return step{name: name, p: 1, fixed: pl.roundMixture(st, k, layouts)}
}

// roundMixture is consensus's distribution.
func (pl *plan) roundMixture(st *state, k int, layouts []raftLayout) *dist.Mixture {
	if len(layouts) == 1 {
		return quorumStep("", k, layouts[0].acks(pl, st)).fixed
	}
	ws := make([]float64, len(layouts))
	ms := make([]dist.Mixture, len(layouts))
	for i, l := range layouts {
		ws[i], ms[i] = l.share, *quorumStep("", k, l.acks(pl, st)).fixed
	}
	m := dist.Weighted(ws, ms)
	return &m
}

// statementConsensus is a write statement's consensus under per-statement
// replication: its row's range and each index entry's replicate in
// parallel, and the statement waits for the slowest of the kvRanges rounds.
func (pl *plan) statementConsensus(st *state) step {
	return pl.parallelRounds(st, "write_consensus", int(pl.kvRanges()))
}

// parallelRounds is the wait for r consensus rounds of independent ranges
// run in parallel: the slowest (i.i.d. layouts: dist.MaxOf).
func (pl *plan) parallelRounds(st *state, name string, r int) step {
	if r == 1 {
		return pl.consensus(st, name)
	}
	m := dist.MaxOf(*pl.roundMixture(st, (pl.a.ReplicationFactor-1)/2, pl.raftLayouts()), r)
	if !pl.final {
		return delay(name, Time(m.Mean()))
	}
	return step{name: name, p: 1, fixed: &m}
}

// raftLayout is where a range's followers are, seen from its leader: their
// round trips, and the share of the ranges laid out so.
type raftLayout struct {
	share float64
	n     int
	trips [4]Time // RF − 1 ≤ 4, ascending
}

// acks are the layout's acknowledgements: a round trip and a log flush
// each (plan.ackOf).
func (l *raftLayout) acks(pl *plan, st *state) []ack {
	acks := make([]ack, l.n)
	for i, t := range l.trips[:l.n] {
		acks[i] = pl.ackOf(t, st.flush.f)
	}
	return acks
}

// raftLayouts returns the distinct layouts of the ranges' followers
// (followers): the leaseholders spread evenly over the nodes that lead
// (leads), as gatewayHop has them.
func (pl *plan) raftLayouts() []raftLayout {
	if pl.nRaft > 0 {
		return pl.raft[:pl.nRaft]
	}
	n, share := pl.ring(), 1/float64(pl.leaders())
	for l := range n {
		if !pl.leads(l) {
			continue
		}
		var x raftLayout
		f, k := pl.followers(l)
		x.n = k
		for j, o := range f[:k] {
			x.trips[j] = pl.between(l, o)
		}
		slices.Sort(x.trips[:x.n])
		found := false
		for i := range pl.nRaft {
			if pl.raft[i].trips == x.trips {
				pl.raft[i].share += share
				found = true
				break
			}
		}
		if !found {
			x.share = share
			pl.raft[pl.nRaft] = x
			pl.nRaft++
		}
	}
	return pl.raft[:pl.nRaft]
}

// followers returns the RF − 1 nodes holding the followers of the ranges
// node l leads, as layFollowers laid them out.
func (pl *plan) followers(l int) (f [4]int, k int) {
	return pl.follow[l], pl.nFollow[l]
}

// layFollowers lays out, once per plan and for the copies alive, the
// followers of the ranges each node leads. They go to the failure domains
// in turn from the one after the leader's, as diversity asks (CockroachDB's
// allocator spreads a range's replicas over localities first), each to the
// node of that domain holding the fewest copies so far, the next along the
// ring on a tie (it then balances replica counts within a locality; review
// of 2026-11-28: the next node along the ring took three of four ranges'
// copies in a zone of two, and follower reads on four nodes over three
// zones had less room than on three). RF 3 over three regions puts one
// copy in each, and a domain holding two copies holds the leaseholder's
// (RF 5 over three regions keeps two voters and the lease in the leader's
// region, as SURVIVE REGION FAILURE does; "Multi-region capabilities
// overview"). A domain with no node left is skipped.
func (pl *plan) layFollowers() {
	n, d, rf := pl.ring(), pl.domains(pl.a.NodePlacement), pl.liveReplicas()
	var copies [MaxNodes]int
	for l := range n {
		if pl.leads(l) {
			copies[l] = 1
		}
	}
	for l := range n {
		var used [MaxNodes]bool
		used[l] = true
		k := 0
		for j := 1; k < rf-1 && j <= rf*d; j++ {
			r, best := (l%d+j)%d, -1
			for step := 1; step < n; step++ {
				if o := (l + step) % n; o%d == r && !used[o] && (best < 0 || copies[o] < copies[best]) {
					best = o
				}
			}
			if best < 0 {
				continue
			}
			used[best], pl.follow[l][k] = true, best
			if pl.leads(l) {
				copies[best]++
			}
			k++
		}
		pl.nFollow[l] = k
	}
}

// ring is the number of nodes a multi-node architecture spreads its data
// and clients over: distributed SQL's N (at least RF), active-active's.
func (pl *plan) ring() int {
	if pl.a.ID == DistributedSQL {
		return max(pl.a.Nodes, pl.liveReplicas())
	}
	return pl.nodes()
}

// between is the round trip between nodes i and j of the ring. Node i lies
// in failure domain i mod D (domains): with named regions, the region
// a.Regions[i mod D], two regions the profile's matrix apart and two nodes
// of one region a cross-zone trip (a region's nodes spread over its zones);
// otherwise the placement's trip between domains, and inside one the trip
// inside the placement.
func (pl *plan) between(i, j int) Time {
	if i == j {
		return 0
	}
	d := pl.domains(pl.a.NodePlacement)
	if i%d == j%d {
		return pl.p.rtt(inside(pl.a.NodePlacement))
	}
	if pl.namedRegions() {
		return pl.regionTrip[i%d][j%d]
	}
	return pl.p.rtt(pl.a.NodePlacement)
}

// namedRegions reports whether the nodes lie in named regions, the
// profile's matrix apart.
func (pl *plan) namedRegions() bool {
	return len(pl.a.Regions) > 1 && pl.a.NodePlacement == CrossRegion
}

// layRegions looks up, once per plan, the round trips between the named
// regions that hold nodes (at most 16), for between.
func (pl *plan) layRegions() {
	if !pl.namedRegions() {
		return
	}
	d := pl.domains(pl.a.NodePlacement)
	for a := range d {
		for b := range d {
			// validateRegions knows both names; the profile's matrix
			// holds every pair of the regions it names.
			pl.regionTrip[a][b], _ = pl.p.Regions.RTT(pl.a.Regions[a], pl.a.Regions[b])
		}
	}
}

// leads reports whether node l holds leases. In named regions a range's
// lease lives in the primary region, the first named: "a table or row's
// home region is where the leaseholder of its ranges is placed ... by
// default, the database's primary region" (CockroachDB docs, "Table
// localities"; load-based lease rebalancing likewise moves leases toward
// the region their requests come from). Elsewhere every node leads alike
// (review of 2026-11-26: leases spread over three regions put a 52 ms hop
// in every read of clients that all sit in the first).
func (pl *plan) leads(l int) bool {
	return !pl.namedRegions() || l%pl.domains(pl.a.NodePlacement) == 0
}

// leaders is the number of nodes that hold leases (leads).
func (pl *plan) leaders() int {
	if !pl.namedRegions() {
		return pl.ring()
	}
	return regionNodes(0, pl.ring(), pl.domains(pl.a.NodePlacement))
}

// leaderCopies is the share of the ranges the busiest node holds a copy
// of, which the writes replicate to: rangeCopies where every node leads
// alike; in named regions the most any node holds, as a leaseholder or a
// follower of the primary region's leaders (a lone node in a small region
// follows every range: review of 2026-11-26).
func (pl *plan) leaderCopies() float64 {
	if !pl.namedRegions() {
		return pl.rangeCopies()
	}
	var copies [MaxNodes]int
	n := pl.ring()
	for l := range n {
		if !pl.leads(l) {
			continue
		}
		copies[l]++
		f, k := pl.followers(l)
		for _, o := range f[:k] {
			copies[o]++
		}
	}
	return float64(slices.Max(copies[:n])) / float64(pl.leaders())
}

// gatewayHop is the trip from the node a client is connected to (its
// gateway) to the range's leaseholder, uniform over the k nodes that lead
// (leads; all N but in named regions): the gateway itself (1/k), another
// node of its domain, or one in another, the
// round trip between them (between). A follower read goes to the nearest
// of the range's RF copies instead (CockroachDB, "Follower reads"). The
// gateway is the node nearest the client's region, by the regions'
// weights, or without client regions any node alike. Each statement draws
// its leaseholder afresh; a transaction's statements share their client's
// gateway (transactionHops).
func (pl *plan) gatewayHop(read bool) step {
	if read && pl.a.FollowerReads {
		return step{name: "leaseholder_hop", p: 1, fixed: &pl.followerHop}
	}
	return step{name: "leaseholder_hop", p: 1, fixed: &pl.leaseholderHop}
}

// statementHop is a write transaction's statement's trip to its ranges'
// leaseholders: a read statement's one range, a write statement's row and
// index entries in parallel, the slowest of kvRanges (hopMixture), in the
// transaction's proportion of write statements.
func (pl *plan) statementHop() step {
	return step{name: "leaseholder_hop", p: 1, fixed: &pl.statementHops}
}

// hopMixture builds gatewayHop's distribution (newPlan keeps it): to the
// leaseholder, or for a follower read to the nearest copy, from each
// gateway g by its share, Σ_g p_g·hops(trips from g), the gateways that
// see the ranges alike taken together (gatewayGroups).
func (pl *plan) hopMixture(follower bool, draws int) dist.Mixture {
	ws, trips := pl.gatewayGroups(follower)
	ms := make([]dist.Mixture, len(trips))
	for i := range trips {
		ms[i] = pl.hops(&trips[i], draws)
	}
	return dist.Weighted(ws, ms)
}

// gatewayGroups returns the gateways' trips to a range's leaseholder, each
// node that leads alike, or for a follower read to its nearest copy, as
// atoms in ascending order, one per distinct set of trips with the
// gateways' summed shares: without named regions the gateways of a zone
// see the ranges alike.
func (pl *plan) gatewayGroups(follower bool) (ws []float64, trips []atoms) {
	k := float64(pl.leaders())
	for g, pg := range pl.gateway[:pl.ring()] {
		if pg == 0 {
			continue
		}
		var a atoms
		for l := range pl.ring() {
			switch {
			case !pl.leads(l):
			case follower:
				t, _ := pl.nearestCopy(g, l)
				a.add(t, 1/k)
			default:
				a.add(pl.between(g, l), 1/k)
			}
		}
		a.sort()
		if i := slices.IndexFunc(trips, a.equal); i >= 0 {
			ws[i] += pg
			continue
		}
		ws, trips = append(ws, pg), append(trips, a)
	}
	return ws, trips
}

// hops is the distribution of a hop over trips, each a round trip with
// its random part (jitteredDelay; none where the gateway is the node it
// goes to); with draws > 1 the slowest of that many ranges' hops drawn
// independently, as a written row and its index entries are sent in
// parallel (CockroachDB's DistSender splits a batch by range): P(max ≤
// t) = F(t)^draws (dist.MaxOf).
func (pl *plan) hops(trips *atoms, draws int) dist.Mixture {
	ms := make([]dist.Mixture, len(trips.t))
	for i, t := range trips.t {
		j := pl.jitter(t)
		ms[i] = dist.ShiftedExp(float64(t-j), float64(j))
	}
	m := dist.Weighted(trips.w, ms)
	if draws > 1 {
		m = dist.MaxOf(m, draws)
	}
	return m
}

// transactionHops is the trips of a write transaction's n statements to
// their leaseholders, each a statementHop, all from their client's
// gateway: Σ_g p_g·H_g^{*n}, the n-fold sum of the statement's trips from
// gateway g, not the sum of n draws from the mixture over gateways, which
// averages a far region's clients with the near ones' (user review of
// 2026-11-27: with a fifth of the clients in ap-northeast-1, whose every
// transaction took at least 1,367 ms, the write p99 was 1,162 ms).
// Without named regions every gateway sees the ranges alike and this is
// statementHop's n-fold sum; it is kept by n in the plan.
func (pl *plan) transactionHops(n int) *dist.Mixture {
	for i := range pl.nTxnHops {
		if pl.txnHops[i].n == n {
			return &pl.txnHops[i].m
		}
	}
	writes := float64(pl.writeStatements()) / float64(pl.w.StatementsPerTxn)
	k := int(pl.kvRanges())
	ws, trips := pl.gatewayGroups(false)
	ms := make([]dist.Mixture, len(trips))
	for i := range trips {
		h := pl.hops(&trips[i], 1)
		if k > 1 {
			h = dist.Weighted([]float64{writes, 1 - writes}, []dist.Mixture{pl.hops(&trips[i], k), h})
		}
		ms[i] = h.Times(n)
	}
	i := min(pl.nTxnHops, len(pl.txnHops)-1)
	pl.txnHops[i].n, pl.txnHops[i].m = n, dist.Weighted(ws, ms)
	pl.nTxnHops = i + 1
	return &pl.txnHops[i].m
}

// nearestCopy is the trip from node g to the nearest copy of a range whose
// leaseholder is node l, l or one of its followers, and that node.
func (pl *plan) nearestCopy(g, l int) (Time, int) {
	t, o := pl.between(g, l), l
	f, k := pl.followers(l)
	for _, x := range f[:k] {
		if u := pl.between(g, x); u < t {
			t, o = u, x
		}
	}
	return t, o
}

// gateways returns the probability that each node is a client's gateway:
// across named regions the node nearest the client's region, by the
// regions' weights (clients: without client_region_weights, the first
// region's clients, as every architecture has them; review of 2026-11-27:
// clients spread over every region put a cross-region hop in most
// statements of distributed SQL alone), a region's nodes sharing its
// clients evenly; otherwise any node alike.
func (pl *plan) gateways() []float64 {
	n, d := pl.ring(), pl.domains(pl.a.NodePlacement)
	gateway := make([]float64, n)
	if !pl.namedRegions() {
		for g := range gateway {
			gateway[g] = 1 / float64(n)
		}
		return gateway
	}
	var total float64
	clients := pl.clients()
	for _, c := range sortedKeys(clients) {
		near := slices.Index(pl.a.Regions[:d], pl.serving(c))
		// The region's nodes share its clients evenly.
		for g := near; g < n; g += d {
			gateway[g] += clients[c] / float64(regionNodes(near, n, d))
		}
		total += clients[c]
	}
	for g := range gateway {
		gateway[g] /= total
	}
	return gateway
}

// busiestGateway turns the mean node's session holds h into those of the
// gateway whose pool is busiest. A node g is the gateway of a share p_g of
// the clients (gateways: N·p_g times the mean node's requests), and each
// of its requests holds its session longer or shorter by how far its mean
// hop to a leaseholder, H_g, lies from the mean hop H, once per hop the
// class makes. In named regions the region farthest from the others binds
// first (docs/simulation.md, K9: its sessions ran at 0.95 when the mean
// node's were at 0.85). Its pool's wait is the one reported for every
// request: the tail is its.
func (pl *plan) busiestGateway(h holds) holds {
	n, mean, nearMean := float64(pl.ring()), pl.leaseholderHop.Mean(), pl.followerHop.Mean()
	best := h
	for g, pg := range pl.gateway[:pl.ring()] {
		at := holds{n: h.n}
		for i, c := range h.classes[:h.n] {
			c.rate *= Rate(n * pg)
			c.extra = Time(float64(c.hops) * (float64(pl.gatewayTrip[g]) - mean))
			if c.nearest { // a follower read's hop is to the range's nearest copy
				c.extra = Time(float64(c.hops) * (float64(pl.followerTrip[g]) - nearMean))
			}
			at.classes[i] = c
			at.rate += c.rate
			at.busy += float64(c.rate) * float64(c.mean())
		}
		if at.busy > best.busy {
			best = at
		}
	}
	return best
}

// atoms is a discrete distribution of times under construction.
type atoms struct {
	t []Time
	w []float64
}

// add adds probability w at time t.
func (a *atoms) add(t Time, w float64) {
	for i := range a.t {
		if a.t[i] == t {
			a.w[i] += w
			return
		}
	}
	a.t, a.w = append(a.t, t), append(a.w, w)
}

// sort orders the atoms by time, in place (a few distinct trips).
func (a *atoms) sort() {
	for i := 1; i < len(a.t); i++ {
		for j := i; j > 0 && a.t[j] < a.t[j-1]; j-- {
			a.t[j], a.t[j-1] = a.t[j-1], a.t[j]
			a.w[j], a.w[j-1] = a.w[j-1], a.w[j]
		}
	}
}

// equal reports whether b holds the same atoms in the same order.
func (a *atoms) equal(b atoms) bool { return slices.Equal(a.t, b.t) && slices.Equal(a.w, b.w) }

// mixture returns the distribution.
func (a *atoms) mixture() dist.Mixture {
	ms := make([]dist.Mixture, len(a.t))
	for i, t := range a.t {
		ms[i] = dist.Atom(float64(t))
	}
	return dist.Weighted(a.w, ms)
}

// inside is the placement of two nodes in the same failure domain of a
// placement: the zones of a region, one zone.
func inside(p Placement) Placement {
	if p == CrossRegion {
		return CrossZone
	}
	return SameZone
}

// commitRides reports whether a distributed SQL transaction's commit
// travels with its only statement, sparing the gateway a trip: an implicit
// transaction (one statement, one client round trip) sends its writes and
// its EndTxn to the leaseholders in one batch, CockroachDB's one-phase
// commit on one range and its parallel commits (the STAGING record beside
// the writes) on several; YugabyteDB's single-shard fast path is one RPC.
// The consensus round stays. Writes replicated statement by statement, and
// Spanner's two-phase commit across groups, still commit after them
// (review of 2026-11-27: a one-row write 93 ms from its leaseholder paid
// the trip twice).
func (pl *plan) commitRides() bool {
	implicit := pl.w.StatementsPerTxn == 1 && pl.w.RoundTripsPerTxn == 1
	return implicit && (pl.singleRange() || pl.a.Consensus == AtCommit && pl.a.Clock == HLC)
}

// pipelineStall is what a read of a row the transaction wrote waits for
// under pipelined writes (consensus at_commit with HLC clocks: CockroachDB's
// write pipelining), and how many such reads a transaction makes: the read
// must see the write, so it waits until the write's intent is replicated
// (txn_interceptor_pipeliner.go, chainToInFlightWrites: a QueryIntent
// ahead of the read; review of 2026-11-26). The write's consensus began
// when the write was evaluated; since, its result went back to the
// client and the read came to the leaseholder, about a client round trip
// and a gateway hop, so the stall is the round's mean less those, taken as
// a constant (the round's spread is left out). Spanner buffers a transaction's
// writes at the client and reads its own from there: no stall.
func (pl *plan) pipelineStall(st *state) (step, int) {
	a := pl.a
	if a.ID != DistributedSQL || a.Consensus != AtCommit || a.Clock != HLC || pl.singleRange() {
		return step{}, 0
	}
	n := min(pl.w.OwnWriteReads, pl.w.StatementsPerTxn-pl.writeStatements())
	if n <= 0 {
		return step{}, 0
	}
	stall := pl.consensus(st, "").avg() - pl.w.ClientRTT - Time(pl.leaseholderHop.Mean())
	if stall <= 0 {
		return step{}, 0 // replicated before the read arrives
	}
	return delay("pipeline_stall", stall), n
}

// restartProbability is the chance a point read under hybrid logical
// clocks finds a value in its uncertainty interval, above its timestamp and
// within the clock offset, and must restart (CockroachDB's
// ReadWithinUncertaintyIntervalError; YugabyteDB's read restart). Such a
// value must exist when the read evaluates, so it was written between the
// read's timestamp at the gateway and its arrival at the leaseholder, or
// carries a timestamp at most the clocks' actual skew ahead: a window of the
// one-way trip plus KV.ClockSkew, --max-offset only bounding it
// (cockroachdb pkg/kv/kvserver/uncertainty/doc.go, D1–D7; observed
// timestamps cut later visits' windows further). Writes to its key within
// the window, spread over conflict_keys keys:
//
//	P(restart) = 1 − e^(−λ_key·W),  W = min(hop/2 + skew, max_offset)
//
// A follower read runs at a fixed past timestamp with no uncertainty.
func (pl *plan) restartProbability(writes Rate) float64 {
	if pl.a.Clock != HLC || pl.a.FollowerReads {
		return 0
	}
	kv := pl.p.KV
	window := min(Time(pl.leaseholderHop.Mean())/2+kv.ClockSkew, kv.MaxClockOffset)
	rate := float64(writes) * float64(pl.writeStatements()) / pl.w.ConflictKeys
	return -math.Expm1(-rate * float64(window))
}

// uncertaintyRestart is a restarted point read: its leaseholder retries it
// at a higher timestamp on the spot, as a read with no earlier reads to
// refresh may (canDoServersideRetry, pkg/kv/kvserver): one more key-value
// operation, no trip.
func (pl *plan) uncertaintyRestart(p float64) step {
	return step{name: "uncertainty_restart", p: p, shift: pl.p.KV.OperationCPU}
}

// commitWait is TrueTime's commit wait beyond the consensus it overlaps:
// a commit is visible only once 2ε̄ have passed since its timestamp
// (Spanner, OSDI 2012 §4.1.2), so it waits max(consensus, 2ε̄).
func (pl *plan) commitWait(consensus Time) step {
	if pl.a.Clock != TrueTime {
		return delay("commit_wait", 0)
	}
	return delay("commit_wait", max(0, 2*pl.p.KV.TrueTimeEpsilon-consensus))
}

// distributedAvailability: every range keeps RF copies spread as evenly as
// the failure domains allow, so the largest domain holds ⌈RF/D⌉ of them; a
// majority survives that domain's loss when ⌈RF/D⌉ ≤ (RF−1)/2. RF 3 or 5
// over three zones survives a zone, over three regions a region; over two
// regions one region holds a majority and its loss stops the ranges led
// there (CockroachDB refuses SURVIVE REGION FAILURE below three regions).
// A failed leaseholder's ranges wait one lease interval. Commits are
// majority-acknowledged: RPO 0.
func (pl *plan) distributedAvailability() Availability {
	rto := pl.p.KV.LeaseInterval
	a := Availability{RTO: rto, Survives: []string{"node"},
		Failures: []Failure{{Kind: "node", RTO: rto, Action: "leases move to surviving replicas"}}}
	rf := pl.a.ReplicationFactor
	for _, d := range failureKinds[1:] { // a node's loss is survived above
		if rank(pl.a.NodePlacement) < rank(d.reach) {
			continue
		}
		if domains := pl.domains(d.reach); (rf+domains-1)/domains > (rf-1)/2 {
			continue
		}
		a.Failures = append(a.Failures, Failure{Kind: d.kind, RTO: rto, Action: "a majority of every range survives in the other " + d.kind + "s"})
		a.Survives = append(a.Survives, d.kind)
	}
	return a
}

// domains is how many failure domains of the kind reach the nodes span:
// the named regions; across zones three, the zones of a region, node i in
// zone i mod 3 (as CockroachDB and YugabyteDB deploy a region: review of
// 2026-11-27, every node in a zone of its own charged a follower read on
// six nodes a cross-zone trip half the time, though RF 3 over three zones
// keeps a copy of every range in each); otherwise every node its own.
func (pl *plan) domains(reach Placement) int {
	if reach == CrossZone && pl.lostZones > 0 {
		return min(pl.ring(), zonesPerRegion-pl.lostZones)
	}
	return failureDomains(pl.a, reach, pl.ring())
}

// zoneLost reports whether a failure of the kind is a zone's loss on
// distributed SQL whose nodes spread over a region's zones (and no named
// regions): the zone's nodes go, and with them a copy of every range.
func (pl *plan) zoneLost(kind string) bool {
	return pl.a.ID == DistributedSQL && kind == "zone" && pl.a.NodePlacement == CrossZone && !pl.namedRegions()
}

// failureDomains is domains for the architecture a on n nodes.
func failureDomains(a Architecture, reach Placement, n int) int {
	switch {
	case reach == CrossRegion && len(a.Regions) > 1:
		return min(n, len(a.Regions))
	case reach == CrossZone:
		return min(n, zonesPerRegion)
	}
	return n
}

// zonesPerRegion is how many availability zones a region's nodes spread
// over: three, as CockroachDB and YugabyteDB deploy a region (and AWS
// builds most of its regions).
const zonesPerRegion = 3

// afterLoss is the headroom left to the nodes a failure of the kind
// spares, given the headroom of all n: a failure takes a domain's share of
// the nodes, ⌈n/domains⌉ (a node: one), and the reads and writes spread
// over the rest (both scale with the nodes): headroom·(n − lost)/n. It also
// returns the nodes left.
func (pl *plan) afterLoss(kind string, headroom float64) (left float64, nodes int) {
	n, domains := pl.ring(), pl.ring()
	switch kind {
	case "zone":
		domains = pl.domains(CrossZone)
	case "region":
		domains = pl.domains(CrossRegion)
	}
	nodes = n - (n+domains-1)/domains
	return headroom * float64(nodes) / float64(n), nodes
}

// carriesLoss reports whether distributed SQL's nodes, whose load can grow
// by headroom before one saturates, carry it after each failure to
// survive (lossHeadroom ≥ 1), as survivorsCarry judges it.
func (pl *plan) carriesLoss(headroom float64, survive []string) bool {
	if pl.a.ID != DistributedSQL {
		return true
	}
	for _, kind := range survive {
		if left, _, _, _ := pl.lossHeadroom(kind, headroom, headroom); left < 1 {
			return false
		}
	}
	return true
}

// snapshotRate is the rate a distributed SQL node receives ranges at when
// it joins: CockroachDB's kv.snapshot_rebalance.max_rate, 32 MiB/s by
// default since v22 (Cockroach Labs docs, "Cluster settings"; 8 MiB/s
// before); YugabyteDB's remote bootstrap is faster (U).
const snapshotRate = 32 * 1.048576 * MBPerSecond

// survivorsCarry takes out of the survived failures of distributed SQL
// and active-active those whose survivors cannot carry the load (their
// headroom, lossHeadroom, below 1, bound by a station requests wait at;
// an apply or decoding that falls behind only says so): they saturate
// until nodes are replaced
// (and re-replication, after five minutes in CockroachDB, adds to distributed
// SQL's load), so the service is back only then: the failure's RTO is a
// new node's, noticed, started and filled: from a base backup on
// active-active (its catching up left out), as a lone node's on a local
// disk, by Raft snapshots on distributed SQL (review of 2026-11-26: 30 s
// reported where the survivors carried 22 % of the load).
// headroom is the reported headroom, searched the search's scale (they
// differ under closed load). For the pool the survivors need
// (sessionsRequired) it returns, over the failures survived, the most
// sessions a plan of the survivors has in use at the offered load
// (spared), and the largest scale of the intact cluster's load that the
// survivors' load per node stands for where their headroom is the intact
// one's scaled (headroom over what is left).
func (pl *plan) survivorsCarry(a *Availability, headroom, searched float64) (spared, scale float64) {
	if (pl.a.ID != DistributedSQL && pl.a.ID != ActiveActive) || math.IsInf(headroom, 1) || !(searched > 0) {
		return 0, 0
	}
	rec := pl.p.Recovery
	replace := rec.FailureDetection + rec.Reattach + pl.dataPerNode().Over(rec.RestoreRate)
	if pl.a.ID == DistributedSQL {
		// A new node receives its ranges as Raft snapshots from the
		// survivors, rate-limited per sender (review: a PostgreSQL
		// restore was taken for CockroachDB's).
		replace = rec.FailureDetection + rec.Reattach + pl.dataPerNode().Over(snapshotRate)
	}
	for i := range a.Failures {
		f := &a.Failures[i]
		if !slices.Contains(a.Survives, f.Kind) {
			continue
		}
		left, nodes, binding, sessions := pl.lossHeadroom(f.Kind, headroom, searched)
		f.SurvivorsHeadroom = &left
		switch {
		case sessions > 0:
			spared = math.Max(spared, sessions)
		case left > 0:
			scale = math.Max(scale, headroom/left)
		}
		switch {
		case left >= 1 || left >= headroom*(1-ceilingTol):
			// Carried, or no less than before: what binds does not
			// follow the nodes (a hot row's lock), and a new node would
			// not lift it.
			continue
		case !pl.a.HoldsRequests(binding):
			// An apply or decoding that falls behind holds no client up:
			// the survivors serve from the failure's RTO on, but their
			// copies of each other's writes diverge without bound, which
			// is not surviving it (review of 2026-11-26: a decode bound at
			// 32 % CPU was taken for the survivors saturating, and then
			// for a survived failure).
			f.SurvivorsFallBehind = true
			f.Action += fmt.Sprintf("; the %d nodes left serve the load, but their %s falls behind: each sees the others' writes ever later until a new node takes its share", nodes, binding)
			a.Survives = slices.DeleteFunc(a.Survives, func(k string) bool { return k == f.Kind })
			continue
		case pl.w.closed():
			// A closed load's clients wait longer on fewer nodes: the
			// throughput falls, nothing saturates (review of 2026-11-26:
			// a closed load at its ceiling never survived a loss).
			f.Action += fmt.Sprintf("; the %d nodes left serve the clients at %.0f%% of their throughput at most", nodes, 100*left)
			continue
		}
		if binding != "" {
			binding = " (bound by " + binding + ")"
		}
		f.Action += fmt.Sprintf("; the %d nodes left carry %.0f%% of the load at most%s and saturate until a new node has restored its data", nodes, 100*left, binding)
		f.RTO = max(f.RTO, replace)
		if f.Kind == "node" {
			a.RTO = f.RTO
		}
		a.Survives = slices.DeleteFunc(a.Survives, func(k string) bool { return k == f.Kind })
	}
	return spared, scale
}

// lossHeadroom is the headroom left after a failure of the kind, the
// nodes left, what binds them, and the sessions their busiest pool has in
// use at the offered load where a plan of them was solved (0: else). Where the survivors' load does not
// follow their count, a new plan of the nodes spared is solved (spared):
// active-active's, whose survivors take the lost nodes' clients while
// each still applies every write, and a named region's loss on
// distributed SQL, whose leases then move to the next region named (its
// clients to the nearest region left), and hot rows on distributed SQL,
// whose locks' ceiling does not follow the nodes (user review of
// 2026-11-27: a hot row's ceiling, 0.2 at 3 nodes and 12 alike, was scaled
// by the nodes left, and the loss of one of twelve nodes said to saturate
// until a new node restored its data). Distributed SQL's node or zone in
// named regions takes its leaseholders' share from the primary region,
// which serves every read: headroom·(k − lost)/k of its k nodes (all k: as
// the region's loss). A zone's loss on distributed SQL is solved too
// (zoneLost): the survivors are the largest zone's nodes fewer, over the
// zones left, holding every range's copies once replaced; with zones of
// unequal counts, scaling the intact cluster by the nodes left put 10
// nodes' survivors below 9's (metamorphic hunt of 2026-11-28: 9 and 11
// nodes survived a zone, 10 did not, though 10 lose the 4 of the largest
// zone and keep 9's 6). Elsewhere afterLoss scales by the nodes left.
func (pl *plan) lossHeadroom(kind string, headroom, searched float64) (left float64, nodes int, binding string, sessions float64) {
	named := pl.a.ID == DistributedSQL && pl.namedRegions()
	if named && kind != "region" {
		k := pl.leaders()
		if lost := pl.struck(kind, k); lost < k {
			return headroom * float64(k-lost) / float64(k), pl.ring() - lost, "", 0
		}
	}
	zone := pl.zoneLost(kind)
	if pl.a.ID != ActiveActive && !named && !zone && !(pl.a.ID == DistributedSQL && pl.w.hotWrites()) {
		left, nodes = pl.afterLoss(kind, headroom)
		if kind == "node" && pl.zoneLost("zone") {
			// A zone's loss takes a node and more: its survivors are
			// some of a node's, which carry at least what they do
			// (metamorphic hunt of 2026-11-28: three nodes, one a zone,
			// kept 0.93 of the load's room after a node's loss, scaled,
			// and 1.25 after the same node's as a zone's, solved).
			z, _, _, _ := pl.lossHeadroom("zone", headroom, searched)
			left = math.Max(left, z)
		}
		return left, nodes, "", 0
	}
	left = math.Inf(1)
	for _, b := range pl.spared(kind) {
		if b.Nodes < 1 {
			return 0, 0, "", 0
		}
		m := pl.sparedCeiling(b, zone)
		if m.scale*headroom/searched < left {
			left, nodes, binding, sessions = m.scale*headroom/searched, b.Nodes, m.binding, m.sessions
		}
	}
	return left, nodes, binding, sessions
}

// sparedCeiling is the ceiling of the layout b a failure spares and the
// sessions its busiest pool has in use at the offered load, solved once
// per layout an evaluation meets (a node's and a zone's loss often spare
// the same). zone marks distributed SQL's survivors of a zone's loss
// (zoneLost), which span a zone fewer.
func (pl *plan) sparedCeiling(b Architecture, zone bool) spare {
	for _, m := range pl.spares {
		if m.nodes == b.Nodes && m.zone == zone && slices.Equal(m.regions, b.Regions) {
			return m
		}
	}
	domains, lostZones := 0, 0 // the failure domains a failure struck one of (0: no range is short of a copy)
	switch {
	case pl.a.ID == DistributedSQL && len(b.Regions) < len(pl.a.Regions):
		domains = len(pl.a.Regions)
	case zone:
		// The ranges take new copies on the survivors once CockroachDB
		// declares the zone's stores dead (server.time_until_store_dead,
		// 5 min): RF copies over the zones left, two of a range's in one
		// zone where diversity cannot be kept, which is a preference,
		// not a constraint, without zone configs. The survivors carry
		// that load for as long as the zone is down. Fewer than RF
		// survivors leave the dead copies gone (below).
		lostZones = 1
		if b.Nodes < pl.a.ReplicationFactor {
			domains = pl.domains(CrossZone)
		}
	}
	dead := 0
	if domains > 0 {
		dead = (pl.a.ReplicationFactor + domains - 1) / domains
	}
	q := newSurvivorsPlan(pl.ctx, pl.survivingClients(b), pl.p, b, pl.r, dead, lostZones)
	q.amplePool = pl.amplePool
	if domains > 0 {
		// The region's copies of each range are gone, and stay gone at
		// least until CockroachDB declares their stores dead
		// (server.time_until_store_dead, 5 min) and the ranges take new
		// copies; with no room for them (RF nodes' diversity) never. Until
		// then every write waits for a majority of RF among the copies
		// left (user review of 2026-11-27: two survivors were re-solved as
		// a fresh cluster of three, the third a phantom beside the
		// leaseholder, and carried 29 times the intact cluster's load). A
		// range's copies are spread over the regions (zones), at most
		// ⌈RF/d⌉ in one (followers).
		if q.liveReplicas()-1 < (pl.a.ReplicationFactor-1)/2 {
			q.release()
			m := spare{nodes: b.Nodes, zone: zone, regions: b.Regions, binding: "quorum"} // a majority lost with the domain
			pl.spares = append(pl.spares, m)
			return m
		}
	}
	m := spare{nodes: b.Nodes, zone: zone, regions: b.Regions}
	m.scale, m.binding = q.ceiling()
	m.sessions = q.inUseAtOne
	q.release()
	pl.spares = append(pl.spares, m)
	return m
}

// survivingClients is the workload after a failure leaves layout b: the
// clients of a region that lost every node come back through the
// application servers of the nearest region left, whose sessions are local
// there, as a region's application tier fails with it and global load
// balancing sends its users elsewhere (review of 2026-11-27: they held
// their sessions through 93 ms round trips across the Atlantic, and three
// active-active regions survived none of their losses).
func (pl *plan) survivingClients(b Architecture) Workload {
	w, cloned := pl.w, false
	clients := pl.clients()                                  // without client regions, the writer's region's
	left := b.Regions[:min(len(b.Regions), max(1, b.Nodes))] // the regions that hold nodes
	for _, c := range sortedKeys(clients) {
		if !slices.Contains(pl.a.Regions, c) || slices.Contains(left, c) || len(left) == 0 {
			continue // clients away from every node, or in a region left
		}
		to, best := left[0], Time(math.Inf(1))
		for _, r := range left {
			if t, _ := pl.p.Regions.RTT(c, r); t < best {
				to, best = r, t
			}
		}
		if !cloned {
			w.ClientRegions, cloned = maps.Clone(clients), true
		}
		w.ClientRegions[to] += w.ClientRegions[c]
		delete(w.ClientRegions, c)
	}
	return w
}

// spare is a layout's ceiling sparedCeiling solved.
type spare struct {
	nodes    int
	zone     bool // a zone's loss (sparedCeiling)
	regions  []string
	scale    float64
	binding  string
	sessions float64 // the busiest pool's sessions in use at the offered load (0: not reached)
}

// struck is how many of a named region's k nodes a failure of the kind
// takes: a node, a zone's ⌈k/3⌉ (a region's nodes spread over three
// zones), or all k.
func (pl *plan) struck(kind string, k int) int {
	switch kind {
	case "zone":
		return (k + zonesPerRegion - 1) / zonesPerRegion
	case "region":
		return k
	}
	return 1
}

// spared lists the layouts a failure of the kind may leave, the worst of
// which lossHeadroom keeps. With named regions the failure strikes each
// region in turn (struck): a region left without nodes is dropped, its
// clients going to the nearest region left (serving) and, on distributed
// SQL, its leases to the next region named; one left with fewer is moved
// last, where the nodes' round-robin over the regions gives the fewest
// (exact where the regions held equal counts; distributed SQL's primary
// region keeps its place and lossHeadroom its leaseholders). Without
// named regions it takes afterLoss's share.
func (pl *plan) spared(kind string) []Architecture {
	a := pl.a
	n, r := a.Nodes, len(a.Regions)
	if r < 2 {
		_, a.Nodes = pl.afterLoss(kind, 1)
		return []Architecture{a}
	}
	var out []Architecture
	for i := range a.Regions {
		k := regionNodes(i, n, r)
		lost := pl.struck(kind, k)
		b := a
		b.Nodes = n - lost
		b.Regions = slices.Delete(slices.Clone(a.Regions), i, i+1)
		if lost < k {
			b.Regions = append(b.Regions, a.Regions[i])
		}
		out = append(out, b)
	}
	return out
}

// readShareOf is the share of the transactions a node serves as gateway.
func readShareOf(pl *plan) float64 { r, _ := pl.shares(); return r }
