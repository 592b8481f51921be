package model

import (
	"cmp"
	"math"
	"slices"

	"github.com/pgarch/pgarch/model/dist"
	"github.com/pgarch/pgarch/model/queue"
)

// auroraSharedBuffers is Aurora PostgreSQL's shared_buffers share of memory:
// with no OS page cache in the read path it defaults to about 75 %
// (MODEL.md §4; AWS, "Aurora PostgreSQL memory": shared_buffers
// {DBInstanceClassMemory/10922} of 8 kB pages ≈ 75 %).
const auroraSharedBuffers = 0.75

// logStores returns the acknowledgements of the log stores of
// DBMS-optimised storage, each a round trip plus an exponential persist
// time, and how many a commit waits for.
//
//	Aurora: 6 storage nodes, 2 per zone in 3 zones; commit at the 4th
//	        (Verbitski et al., SIGMOD 2017, §2.1): at least two cross-zone.
//	Neon:   3 safekeepers in 3 zones; commit at 2 (Paxos; Neon docs).
func (pl *plan) logStores() ([]ack, int) {
	persist := pl.p.Disaggregated.PersistLatency
	near, far := pl.ackOf(pl.p.RTT.SameZone, persist), pl.ackOf(pl.p.RTT.CrossZone, persist)
	if pl.a.Variant == Neon {
		return []ack{near, far, far}, 2
	}
	return []ack{near, near, far, far, far, far}, 4
}

// ack is one acknowledgement of a quorum, a log store's or a Raft
// follower's: a network round trip of mean trip, whose random part is an
// exponential of mean jitter (plan.jitteredDelay), then the peer's
// persist, an exponential of mean persist; all in seconds.
type ack struct{ trip, jitter, persist float64 }

// ackOf is the acknowledgement over a round trip of mean t of a peer that
// persists in a mean of persist.
func (pl *plan) ackOf(t, persist Time) ack {
	return ack{float64(t), float64(pl.jitter(t)), float64(persist)}
}

// shifted is the ack as one shifted exponential of its mean and variance,
// the form quorumMean and quorumStep take it in: exact without jitter,
// and where the persist or the jitter dominates the other; where they are
// alike it moves the quorum's mean by under 0.3 % (Aurora's 2nd of 4
// cross-zone acks and Neon's faster of two, 0.07 ms of jitter and 50 µs
// persists: TestAuroraCommitsAtCrossZoneQuorumAndWritesNoPages), and the
// ceiling search, which takes quorumMean, sees the reported path's mean.
func (a ack) shifted() queue.ShiftedExp {
	sd := math.Hypot(a.jitter, a.persist)
	return queue.ShiftedExp{Shift: a.trip + a.persist - sd, Mean: sd}
}

// shiftedAll is acks' shifted exponentials, in buf where it is large enough.
func shiftedAll(acks []ack, buf []queue.ShiftedExp) []queue.ShiftedExp {
	legs := buf[:0]
	for _, a := range acks {
		legs = append(legs, a.shifted())
	}
	return legs
}

// storageDevice is DBMS-optimised storage as the compute node sees it: a
// page read is a same-zone round trip plus the storage's read time (Aurora
// reads the nearest storage node that is complete for the read point,
// Verbitski et al., SIGMOD 2017, §4.2.3; Neon places the pageserver in the
// compute's zone: "Latency should be 0.2 but sometimes compute and ps are
// not in the same AZ", neondatabase/neon PR #4901); a flush is the log
// quorum; there is no IOPS ceiling the node could reach (storage scales
// out: each protection group is its own set of nodes).
//
// The storage client's CPU on the compute node (shipping redo to the log
// stores, remote page reads) is not charged: no source gives it per
// operation, and the PostgresBench runs put the whole difference at
// 2.2–2.8 × vanilla PostgreSQL's CPU per transaction (docs/published.md).
func (pl *plan) storageDevice() Device {
	d := pl.p.Disaggregated
	legs, k := pl.logStores()
	return Device{
		ReadLatency:  pl.p.RTT.SameZone + d.ReadLatency,
		FsyncLatency: Time(quorumMean(k, legs)),
		IOPS:         Rate(math.Inf(1)),
		Bandwidth:    d.Bandwidth,
	}
}

// quorumMean is the mean of the k-th acknowledgement, each taken as a
// shifted exponential of its mean and variance (ack.shifted: exact without
// jitter): kthMean.
func quorumMean(k int, acks []ack) float64 {
	var buf [16]queue.ShiftedExp
	return kthMean(k, shiftedAll(acks, buf[:]))
}

// kthMean is the mean of the k-th of legs. When it falls in a group of
// i.i.d. legs that the others do not overlap (separated), it is the j-th
// of the group's n and, by Rényi's representation, its mean is
//
//	shift + mean·(H_n − H_(n−j))
//
// (David and Nagaraja, Order Statistics, §2.5); otherwise it is integrated
// numerically (queue.KthMean).
func kthMean(k int, legs []queue.ShiftedExp) float64 {
	if shift, mean, n, j, ok := separated(k, legs); ok {
		return shift + queue.OrderStatisticMean(n, j, 1/mean)
	}
	return queue.KthMean(k, legs)
}

// quorumStep is the k-th acknowledgement as a path step, each taken as a
// shifted exponential (ack.shifted). In the separated case it is exact
// and cheap: the far shift plus j exponentials of means mean/n,
// mean/(n−1), …, mean/(n−j+1) (Rényi); otherwise the order statistic's
// distribution (dist.KthOf).
func quorumStep(name string, k int, acks []ack) step {
	var q dist.Mixture
	var buf [16]queue.ShiftedExp
	legs := shiftedAll(acks, buf[:])
	if shift, mean, n, j, ok := separated(k, legs); ok {
		q = dist.Atom(shift)
		for i := range j {
			q = q.Plus(dist.Exp(mean / float64(n-i)))
		}
	} else {
		ms := make([]dist.Mixture, len(legs))
		for i, l := range legs {
			ms[i] = dist.ShiftedExp(l.Shift, l.Mean)
		}
		q = dist.KthOf(k, ms)
	}
	return step{name: name, p: 1, fixed: &q}
}

// separated reports whether the k-th acknowledgement falls in a group of
// legs with one shift and one mean that the others do not overlap: every
// faster leg done (its shift plus separatedMeans means) before the group
// starts, every slower one starting only after the group's separatedMeans
// means. Then the k-th is the j-th of the group's n i.i.d. legs. Replicas
// in named regions (a Raft round over the region matrix), standbys in
// zones and regions, and Aurora's two near and four far storage nodes all
// fall so: their round trips differ by far more than a flush and a round
// trip's random part.
// separatedMeans is how many of its means a leg's exponential part must
// fall short of another group's shift for separated: an overlap
// probability under e^(−9) = 1.2·10⁻⁴, a hundredth of the 10⁻² beyond the
// highest percentile reported, p99 (it was 15, which the near storage
// nodes' persist and their round trip's random part, 0.086 ms together,
// overran: Aurora's quorum went through the order statistic's numerical
// mean and discretised form, and its evaluation took three times as
// long).
const separatedMeans = 9

func separated(k int, legs []queue.ShiftedExp) (shift, mean float64, n, j int, ok bool) {
	var buf [16]queue.ShiftedExp
	sorted := append(buf[:0], legs...)
	slices.SortFunc(sorted, func(a, b queue.ShiftedExp) int { return cmp.Compare(a.Shift, b.Shift) })
	shift = sorted[k-1].Shift
	lo, hi := k-1, k
	for lo > 0 && sorted[lo-1].Shift == shift {
		lo--
	}
	for hi < len(sorted) && sorted[hi].Shift == shift {
		hi++
	}
	mean = sorted[lo].Mean
	if !(mean > 0) {
		return 0, 0, 0, 0, false
	}
	for i, l := range sorted {
		switch {
		case i < lo && l.Shift+separatedMeans*l.Mean >= shift,
			i >= lo && i < hi && l.Mean != mean,
			i >= hi && l.Shift < shift+separatedMeans*mean:
			return 0, 0, 0, 0, false
		}
	}
	return shift, mean, hi - lo, k - lo, true
}

// walCopies is how many copies of its WAL the primary sends: one to its own
// device, or one to each log store of DBMS-optimised storage.
func (pl *plan) walCopies() float64 {
	if pl.a.Storage != DisaggregatedStorage {
		return 1
	}
	legs, _ := pl.logStores()
	return float64(len(legs))
}

// pageRead is the read of one page beyond shared_buffers: a device read on
// a miss; a hit in the second level (the OS page cache, Neon's local file
// cache) costs the page copy's CPU, at the CPU station.
func (pl *plan) pageRead(d device, miss float64) step {
	read := d.read("page_reads", miss)
	if pl.a.Storage == DisaggregatedStorage {
		// A same-zone round trip to a storage node, then its exponential
		// read: the hop's constant part is a shift, not part of the
		// exponential (docs/simulation.md, K1: p99 +26 % → +0.3 %); its
		// random part (jitter) and the read make a hypoexponential, taken
		// by its mean and variance.
		hop, r := pl.jitter(pl.p.RTT.SameZone), pl.p.Disaggregated.ReadLatency
		read.shift, read.mean = pl.p.RTT.SameZone-hop, r+hop
		read.cv2 = (sq(float64(r)) + sq(float64(hop))) / sq(float64(r+hop))
	}
	return read
}

// storageCommit is the commit's wait on DBMS-optimised storage: the WAL
// records go to every log store as they are written, and the commit returns
// at the quorum's k-th acknowledgement of its own records (Aurora 4 of 6,
// Neon 2 of 3). There is no serialized flush to wait behind: Aurora streams
// redo asynchronously and acknowledges a commit once the volume durable LSN
// passes it (Verbitski et al., SIGMOD 2017, §4.2.1); Neon's walproposer
// streams to the safekeepers likewise. The records still cross the storage
// network (wal_transfer). While the ceiling is searched the quorum enters
// by its exact mean; the reported state has its distribution.
func (pl *plan) storageCommit(st *state) path {
	a := &pl.arena
	legs, k := pl.logStores()
	quorum := delay("storage_quorum", pl.dev.FsyncLatency)
	if pl.final {
		quorum = quorumStep("storage_quorum", k, legs)
	}
	transfer := delay("wal_transfer", st.flush.f-pl.dev.FsyncLatency)
	client := st.primary.cpu.job("storage_client_cpu", pl.p.Disaggregated.ClientCommitCPU)
	return a.path(a.group(1, client, quorum, transfer))
}
