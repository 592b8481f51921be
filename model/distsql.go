package model

import (
	"math"

	"github.com/pgarch/pgarch/model/queue"
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

// rangeCopies is the fraction of the data one node holds: RF/N.
func (pl *plan) rangeCopies() float64 {
	return float64(pl.a.ReplicationFactor) / float64(max(pl.a.Nodes, pl.a.ReplicationFactor))
}

// consensus is one Raft/Paxos round of a range: the leader's log append
// in parallel with its followers', committed when a majority (leader
// included) has it, i.e. at the k-th of RF−1 follower acknowledgements,
// k = (RF−1)/2, each a round trip at the nodes' placement plus a log flush
// (Ongaro and Ousterhout, "In Search of an Understandable Consensus
// Algorithm", 2014, §5.3). The followers are identical, so the k-th is
// exact by Rényi's representation (quorumStep).
func (pl *plan) consensus(st *state, name string) step {
	rf := pl.a.ReplicationFactor
	legs := make([]queue.ShiftedExp, rf-1)
	for i := range legs {
		legs[i] = queue.ShiftedExp{Shift: float64(pl.p.rtt(pl.a.NodePlacement)), Mean: float64(st.flush.f)}
	}
	k := (rf - 1) / 2
	if !pl.final {
		return delay(name, Time(quorumMean(k, legs)))
	}
	return quorumStep(name, k, legs)
}

// gatewayHop is the trip from the node a client is connected to (its
// gateway) to the range's leaseholder, spread evenly over the N nodes and
// their D failure domains: the gateway itself (1/N), another node of its
// zone or region (1/D − 1/N, at the round trip inside a domain), or one
// in another (1 − 1/D). A follower read goes to the nearest replica,
// remote only when the gateway holds none (1 − RF/N), and then within the
// gateway's own zone or region when the RF copies span every domain (a
// multi-region database keeps a replica in each region for this;
// CockroachDB, "Follower reads").
func (pl *plan) gatewayHop(read bool) step {
	far, near := pl.p.rtt(pl.a.NodePlacement), pl.p.rtt(inside(pl.a.NodePlacement))
	n := float64(max(pl.a.Nodes, pl.a.ReplicationFactor))
	d := float64(pl.domains(pl.a.NodePlacement))
	if read && pl.a.FollowerReads {
		s := delay("leaseholder_hop", far)
		s.p = 1 - pl.rangeCopies()
		if float64(pl.a.ReplicationFactor) >= d {
			s.shift = near
		}
		return s
	}
	// Remote (1 − 1/N), at the nearer trip, and given that, one more
	// constant stretch to another domain with probability (1 − 1/D)/(1 − 1/N).
	s := delay("leaseholder_hop", near)
	s.p = 1 - 1/n
	if d >= n {
		s.shift = far // every node its own domain
	} else if s.p > 0 {
		s.pWait, s.wait = (1-1/d)/s.p, far-near
	}
	return s
}

// inside is the placement of two nodes in the same failure domain of a
// placement: the zones of a region, one zone.
func inside(p Placement) Placement {
	if p == CrossRegion {
		return CrossZone
	}
	return SameZone
}

// restartProbability is the chance a read under hybrid logical clocks finds
// a value written within the clock-offset uncertainty window after its
// timestamp and must restart (CockroachDB "uncertainty restarts"; YugabyteDB
// "read restart"): writes to its key within the offset, for writes spread
// over conflict_keys keys.
func (pl *plan) restartProbability(writes Rate) float64 {
	if pl.a.Clock != HLC {
		return 0
	}
	rate := float64(writes) * float64(pl.writeStatements()) / pl.w.ConflictKeys
	return -math.Expm1(-rate * float64(pl.p.KV.MaxClockOffset))
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
	for _, d := range []struct {
		kind  string
		reach Placement
	}{{"zone", CrossZone}, {"region", CrossRegion}} {
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
// the named regions, else (as the round trips have it) every node its own
// zone or region.
func (pl *plan) domains(reach Placement) int {
	n := max(pl.a.Nodes, pl.a.ReplicationFactor)
	if reach == CrossRegion && len(pl.a.Regions) > 1 {
		return min(n, len(pl.a.Regions))
	}
	return n
}

// readShareOf is the share of the transactions a node serves as gateway.
func readShareOf(pl *plan) float64 { r, _ := pl.shares(); return r }
