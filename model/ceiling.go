package model

import (
	"math"
	"strings"

	"github.com/pgarch/pgarch/model/queue"
)

// The ceiling search (plan.ceiling) brackets the largest unsaturated scale
// s of the offered mix to a relative ceilingTol. Each solve is costly, so
// it probes where the constraints' roots are estimated to be rather than
// bisecting.
//
// The bottleneck is the maximum over the constraints, and which one binds
// can switch near the root, so each constraint's root is estimated on its
// own from its utilisation ρ(s) at the solves so far, and the smallest
// estimate is probed:
//
//   - A station's load is linear or nearly linear in s (CPU, I/O, bandwidth,
//     the WAL flusher by the WAL's share of the bandwidth, replay), so
//     h(s) = s/ρ(s) is nearly constant and the root of h(s) = s is found by
//     a secant on h(s) − s: exact for a linear load from one solve, and for
//     a load a·s/(1 − s/p) from two.
//   - Sessions and locks are held through waits at the stations, which
//     grow without bound as the nearest station on their path saturates
//     (at its estimated root p, with c servers). Their load per unit of
//     scale is fitted to two solves as
//
//     ρ(s)/s = α + β·C(c, c·s/p)/(1 − s/p)
//
//     (C the Erlang C probability of waiting: the wait factor of a CPU of c
//     cores or a device of c servers, and of an M/M/1 station for c = 1),
//     and the fitted form is solved for ρ = 1. A lock (a hot row's, a
//     reference table's) is the nearest pole of the sessions when it is
//     nearer than every station.
//
// A probe just below the estimate and one just above, s·(1 ∓ 0.4·10⁻³),
// close the bracket when the estimate is right; an estimate outside the
// bracket, or three rounds in a row that fail to halve it, are replaced by
// bisection. On the default workload the search needs three solves beyond
// the one at the offered load where bisection needed eight.

// ceilingTol is the relative width to which the ceiling search closes its
// bracket.
const ceilingTol = 1e-3

// maxConstraints bounds the constraints of a state: at most maxStations
// stations, the row lock, the primary's sessions, a replica's, a Citus
// coordinator's and a reference table's lock.
const maxConstraints = maxStations + 5

// sample is one solve's scale s and a constraint's utilisation u there.
type sample struct{ s, u float64 }

// h returns s/ρ(s): the root if the load were linear in s.
func (p sample) h() float64 { return p.s / p.u }

// ceilingSearch is the state of the ceiling search: the bracket and, per
// constraint, the solves nearest its root.
type ceilingSearch struct {
	pl      *plan
	lo, hi  float64 // unsaturated and saturated scales; hi is +Inf until a solve saturates
	binding string  // the bottleneck at hi
	busy    string  // the busiest station at lo
	busyU   float64
	// requests searches the requests' own ceiling: a copy that falls
	// behind (state.behind) does not close the bracket, only a station a
	// request waits at (requestCeiling).
	requests bool
	lagged   bool // the solve at hi falls behind without saturating

	// Constraints 0 … stations−1 are the stations of state.stations, then
	// the row lock, the primary's sessions, a replica's sessions, the
	// coordinator's and the reference table's lock.
	stations int
	servers  [maxConstraints]int  // a station's servers: cores, the device's k, else 1
	replica  [maxConstraints]bool // a read replica's station
	waited   [maxConstraints]bool // a station requests wait at (Architecture.HoldsRequests): a pole of the sessions and locks
	// replay and copyCPU index the startup process and the CPU of the copy
	// it runs on (−1: none): replay slows as that CPU fills, so its root
	// is fitted like a wait's, with the CPU's as its pole.
	replay, copyCPU int
	// below and above are a constraint's solves with ρ < 1 at the largest
	// scale and with ρ ≥ 1 at the smallest; last and prev its two latest.
	// A zero sample is none.
	below, above, last, prev [maxConstraints]sample
	// atLo is every constraint's load at lo (loads).
	atLo [maxConstraints]float64
}

// The constraints after the stations.
func (c *ceilingSearch) lock() int            { return c.stations }
func (c *ceilingSearch) sessions() int        { return c.stations + 1 }
func (c *ceilingSearch) replicaSessions() int { return c.stations + 2 }
func (c *ceilingSearch) coordSessions() int   { return c.stations + 3 }
func (c *ceilingSearch) referenceLock() int   { return c.stations + 4 }

// loads returns the utilisation of every constraint at the state, given
// its stations (state.stations), in the search's order, NaN for those the
// solve did not reach (a saturated
// station ends it before the locks, a saturated lock before the
// sessions). The WAL flusher's is the WAL's share of the bandwidth: its
// reported utilisation, P(busy), stays below 1 until that share reaches 1.
// The primary's device's leaves out one I/O per commit flush: near its
// ceiling the flushes wait in its queue and batch ever more commits in
// fewer I/Os (plan.queueFlushes), so its utilisation creeps towards 1
// without reaching it, and the device saturates only when its other I/Os
// fill it (behind a volume's token bucket the search otherwise crept
// there in 20–30 solves where it now takes 6–9).
func (st *state) loads(pl *plan, stations []Usage) (u [maxConstraints]float64) {
	n := len(stations)
	full := false
	for i, x := range stations {
		u[i] = float64(x.Value)
		switch x.Resource {
		case "wal_flush":
			u[i] = st.flush.load
		case "decode": // its rounds' work: their fixed part merges as they fill (rounds)
			u[i] = st.decode.load
		case "walsender":
			u[i] = st.sender.load
		case "iops":
			if pl.a.SyncCommit != SyncOff { // else the WAL writer's flushes, on a schedule
				u[i] -= float64(st.flush.rate / pl.dev.IOPS)
			}
		}
		full = full || !(x.Value < 1)
	}
	lock, sessions, replica, coord, ref := math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()
	held := false // a saturated lock
	if !full {
		locks, k := st.locks(pl)
		for _, l := range locks[:k] {
			switch {
			case l.Resource == "reference_lock":
				ref = float64(l.Value)
			case pl.w.HotRowWriteFraction > 0:
				lock = float64(l.Value)
			}
			held = !(l.Value < 1)
		}
	}
	if !full && !held && !pl.amplePool {
		sessions = st.sessionBusy / float64(pl.w.Sessions)
		replica = st.replicaSessionBusy / float64(pl.w.Sessions)
		coord = st.coordSessionBusy / float64(pl.w.Sessions)
	}
	u[n], u[n+1], u[n+2], u[n+3], u[n+4] = lock, sessions, replica, coord, ref
	return u
}

// add records the solve st at scale s.
func (c *ceilingSearch) add(s float64, st *state) {
	full := c.full(st)
	switch {
	case full && s < c.hi:
		c.hi, c.binding, c.lagged = s, st.binding(), !st.saturated
	case !full && s > c.lo:
		c.lo = s
		c.busy, c.busyU = st.busiest(c.pl)
	}
	all, n := st.stations(c.pl)
	u := st.loads(c.pl, all[:n])
	if !full && s == c.lo {
		c.atLo = u
	}
	if c.stations == 0 {
		c.stations = n
		c.replay, c.copyCPU = -1, -1
		for i, x := range all[:n] {
			c.servers[i] = 1
			c.replica[i] = strings.HasPrefix(x.Resource, "replica_")
			c.waited[i] = c.pl.a.HoldsRequests(x.Resource)
			if strings.HasSuffix(x.Resource, "cpu") {
				c.servers[i] = c.pl.p.Node.VCPUs
			}
			switch x.Resource {
			case "replay":
				c.replay = i
			case "replica_cpu", "standby_cpu":
				c.copyCPU = i
			}
		}
	}
	for i, x := range all[:n] {
		// A device's servers follow its mean service time.
		switch x.Resource {
		case "iops":
			c.servers[i] = max(1, st.primary.dev.servers)
		case "replica_iops", "standby_iops":
			c.servers[i] = max(1, st.replica.dev.servers)
		}
	}
	for i, x := range u[:n+5] {
		if !(x > 0) || math.IsInf(x, 1) {
			continue // not reached, or no load: no information on the root
		}
		p := sample{s, x}
		c.prev[i], c.last[i] = c.last[i], p
		switch {
		case x < 1 && s > c.below[i].s:
			c.below[i] = p
		case x >= 1 && (c.above[i].s == 0 || s < c.above[i].s):
			c.above[i] = p
		}
	}
}

// run closes the bracket by probing the estimated ceiling. It reports
// false if the load can grow beyond any meaningful scale (10¹²).
func (c *ceilingSearch) run() bool {
	const delta = 0.4 * ceilingTol // a probe pair spans 0.8·10⁻³
	fails := 0                     // rounds in a row that did not halve the bracket
	for range 200 {
		if c.hi < math.Inf(1) && c.hi-c.lo <= ceilingTol*c.hi {
			return true
		}
		width := c.hi - c.lo
		est := c.estimate()
		switch {
		case math.IsInf(c.hi, 1) && est*(1+delta) > 1e12:
			return false
		case fails >= 3 || c.hi < math.Inf(1) && !(est > c.lo && est < c.hi):
			c.probe((c.lo + c.hi) / 2)
		case !(est > c.lo):
			c.probe(2 * c.lo) // no bound yet, and no estimate beyond lo
		default:
			if !c.probe(math.Max(est*(1-delta), (c.lo+est)/2)) {
				if b := est * (1 + delta); b < c.hi {
					c.probe(b)
				}
			}
		}
		if c.hi-c.lo <= width/2 {
			fails = 0
		} else {
			fails++
		}
	}
	return true // not reached but by pathological inputs: lo is unsaturated
}

// probe solves at scale s, records the solve and reports whether it
// saturated.
func (c *ceilingSearch) probe(s float64) bool {
	st := c.pl.solve(s)
	c.add(s, &st)
	return c.full(&st)
}

// full reports whether st closes the bracket from above.
func (c *ceilingSearch) full(st *state) bool {
	if c.requests {
		return st.saturated
	}
	return st.full()
}

// estimate returns the smallest of the constraints' estimated roots.
func (c *ceilingSearch) estimate() float64 {
	est := math.Inf(1)
	primary, replica := pole{p: math.Inf(1), servers: 1}, pole{p: math.Inf(1), servers: 1}
	for i := range c.stations {
		r := c.stationRoot(i)
		if i == c.replay && c.copyCPU >= 0 {
			r = c.waitRoot(i, pole{p: c.stationRoot(c.copyCPU), servers: c.servers[c.copyCPU]})
		}
		if !c.waited[i] {
			// A copy's replay, apply or decoding falls behind: no session
			// waits there, and only the full search stops there.
			if !c.requests {
				est = math.Min(est, r)
			}
			continue
		}
		est = math.Min(est, r)
		near := &primary
		if c.replica[i] {
			near = &replica
		}
		if r < near.p {
			*near = pole{p: r, servers: c.servers[i]}
		}
	}
	lock := math.Min(c.waitRoot(c.lock(), primary), c.waitRoot(c.referenceLock(), primary))
	sessions := primary
	if lock < sessions.p {
		sessions = pole{p: lock, servers: 1} // M/G/1 per hot row, or the reference table
	}
	est = math.Min(est, lock)
	est = math.Min(est, c.waitRoot(c.sessions(), sessions))
	est = math.Min(est, c.waitRoot(c.coordSessions(), sessions))
	return math.Min(est, c.waitRoot(c.replicaSessions(), replica))
}

// pole is the nearest saturation on a path: the scale p at which a
// station of the given servers saturates.
type pole struct {
	p       float64
	servers int
}

// stationRoot estimates the root of station i, the s with h(s) = s, by a
// secant on h(s) − s through its two latest solves (regula falsi on its own
// bracket if the secant leaves it), or h from its only solve.
func (c *ceilingSearch) stationRoot(i int) float64 {
	a, b := c.last[i], c.prev[i]
	if a.s == 0 {
		return math.Inf(1)
	}
	if b.s == 0 || b.s == a.s {
		return a.h()
	}
	r := secant(a, b)
	if lo, hi := c.below[i], c.above[i]; lo.s > 0 && hi.s > 0 && !(r > lo.s && r < hi.s) {
		r = secant(lo, hi)
	}
	if !(r > 0) {
		return a.h()
	}
	return r
}

// secant returns the root of the line through (a.s, h(a) − a.s) and
// (b.s, h(b) − b.s).
func secant(a, b sample) float64 {
	fa, fb := a.h()-a.s, b.h()-b.s
	return a.s - fa*(b.s-a.s)/(fb-fa)
}

// waitRoot estimates the root of constraint i, which waits at the stations
// whose nearest saturation is near, by fitting ρ(s)/s = α + β·g(s) with
// g(s) = C(c, c·s/p)/(1 − s/p) to its solves on either side of the root
// (else its two latest) and solving s·(α + β·g(s)) = 1. From one solve
// below the root it returns h (at least the root of a load that grows at
// least linearly); from one above, the fit with α = 0 (all of the load
// waiting), which lies between h and the solve.
func (c *ceilingSearch) waitRoot(i int, near pole) float64 {
	a, b := c.below[i], c.above[i]
	if a.s == 0 || b.s == 0 {
		a, b = c.last[i], c.prev[i]
	}
	if a.s == 0 {
		return math.Inf(1)
	}
	one := b.s == 0 || b.s == a.s
	if one && a.u < 1 || math.IsInf(near.p, 1) {
		if one {
			return a.h()
		}
		return c.stationRoot(i)
	}
	p, k := near.p, near.servers
	g := func(s float64) float64 {
		if s >= p {
			return math.Inf(1)
		}
		x := s / p
		return queue.ErlangC(k, float64(k)*x) / (1 - x)
	}
	var alpha, beta float64
	if one {
		beta = a.u / a.s / g(a.s)
	} else {
		ga, gb := g(a.s), g(b.s)
		beta = (b.u/b.s - a.u/a.s) / (gb - ga)
		alpha = a.u/a.s - beta*ga
	}
	if !(beta > 0) || math.IsInf(beta, 1) {
		return c.stationRoot(i) // no faster than linear: a secant will do
	}
	f := func(s float64) float64 { return s*(alpha+beta*g(s)) - 1 }
	// Bracket the root: f(0) = −1, the fit reproduces the solves
	// (f = ρ − 1 there), and f grows without bound toward p.
	lo, flo, hi, fhi := 0.0, -1.0, p, math.Inf(1)
	for _, x := range [2]sample{a, b} {
		switch {
		case x.s == 0:
		case x.u < 1 && x.s > lo && x.s < p:
			lo, flo = x.s, x.u-1
		case x.u >= 1 && x.s < hi:
			hi, fhi = x.s, x.u-1
		}
	}
	for k := 0; math.IsInf(fhi, 1) && k < 60; k++ {
		if s := p - (p-lo)/2; s > lo {
			if v := f(s); v >= 0 {
				hi, fhi = s, v
			} else {
				lo, flo = s, v
			}
		} else {
			break
		}
	}
	if math.IsInf(fhi, 1) {
		return hi
	}
	// Regula falsi, Illinois variant (Dowell and Jarratt, 1971), to a
	// relative 10⁻⁶: a hundredth of the probe pair's half-width.
	side := 0
	for range 60 {
		s := (lo*fhi - hi*flo) / (fhi - flo)
		if !(s > lo && s < hi) {
			s = (lo + hi) / 2
		}
		v := f(s)
		if v < 0 {
			lo, flo = s, v
			if side == -1 {
				fhi /= 2
			}
			side = -1
		} else {
			hi, fhi = s, v
			if side == 1 {
				flo /= 2
			}
			side = 1
		}
		if hi-lo <= 1e-6*hi || v == 0 {
			return s
		}
	}
	return hi
}
