package model

import (
	"math"
	"slices"
	"strings"

	"github.com/pgarch/pgarch/model/dist"
)

// step is one step of a request's path (MODEL.md §1.3): with probability p
// the request spends a constant shift plus a random time (mean, cv2); given
// that, with probability pWait it also waits at a queue (wait, waitCV2).
// Both the step's mean and its distribution derive from these parameters, so
// the reported path and the percentiles cannot disagree.
//
// Cache hit or miss, waiting or not at the device, a group-commit flush
// already in progress: each is a branch of the path's mixture, kept exact.
type step struct {
	name    string
	p       float64
	shift   Time
	mean    Time
	cv2     float64
	pWait   float64
	wait    Time
	waitCV2 float64
	// fixed, when set, replaces the parameters above by a precomputed
	// distribution (an order statistic over standbys or log stores, a page
	// read with three outcomes).
	fixed *dist.Mixture
}

// negligible is the probability below which a branch is dropped from a
// step. It is far below any reported percentile's tail (p99 leaves 10⁻²),
// and keeping such branches only costs mixture components.
const negligible = 1e-7

// pruned returns the step without negligible branches.
func (s step) pruned() step {
	if s.pWait < negligible {
		s.pWait = 0
	}
	switch {
	case s.p < negligible:
		s.p = 0
	case s.p > 1-negligible:
		s.p = 1
	}
	return s
}

// delay is a constant step.
func delay(name string, t Time) step { return step{name: name, p: 1, shift: t} }

// avg returns the step's mean.
func (s step) avg() Time {
	if s.fixed != nil {
		return Time(s.p * s.fixed.Mean())
	}
	return Time(s.p) * (s.shift + s.mean + Time(s.pWait)*s.wait)
}

// variance returns the step's variance (law of total variance over the branches).
func (s step) variance() float64 {
	var given, varGiven float64 // the mean and variance given the step happens
	if s.fixed != nil {
		given, varGiven = s.fixed.Mean(), s.fixed.Variance()
	} else {
		given = float64(s.shift+s.mean) + s.pWait*float64(s.wait)
		varGiven = s.cv2*sq(float64(s.mean)) + s.pWait*(s.waitCV2+1)*sq(float64(s.wait)) - sq(s.pWait*float64(s.wait))
	}
	return math.Max(0, s.p*(varGiven+sq(given))-sq(s.p*given))
}

// mixture returns the step's distribution.
func (s step) mixture() dist.Mixture {
	if s.fixed != nil {
		if s.p < 1 {
			return dist.Branch(s.p, *s.fixed, dist.Mixture{})
		}
		return *s.fixed
	}
	m := dist.Moments(float64(s.shift), float64(s.mean), s.cv2*sq(float64(s.mean)))
	if s.pWait > 0 && s.wait > 0 {
		w := dist.Branch(s.pWait, dist.Moments(0, float64(s.wait), s.waitCV2*sq(float64(s.wait))), dist.Mixture{}) // the zero Mixture is Atom(0)
		m.Add(&w)
	}
	if s.p < 1 {
		return dist.Branch(s.p, m, dist.Mixture{})
	}
	return m
}

// group is a sequence of steps repeated n times (n statements of a
// transaction, n round trips).
type group struct {
	n     int
	steps []step
}

// path is a request's ordered groups of steps.
type path []group

// lengthenWait adds mean to the wait of the path's first step named name
// that waits, in place (its conditional wait by mean/pWait), and gives
// the wait the shape cv2; false if no such step waits.
func (p path) lengthenWait(name string, mean Time, cv2 float64) bool {
	for _, g := range p {
		for i := range g.steps {
			if s := &g.steps[i]; s.name == name && s.pWait > 0 && g.n == 1 {
				s.wait += mean / Time(s.p*s.pWait)
				s.waitCV2 = cv2
				return true
			}
		}
	}
	return false
}

// arena stores the steps and groups of the paths one solve builds, so that
// the many solves of a ceiling search reuse memory instead of allocating.
// A state's paths stay valid until the next solve resets the arena. Slices
// handed out are capped, so an append to them copies instead of
// overwriting a neighbour.
type arena struct {
	steps  []step
	groups []group
}

func (a *arena) reset() { a.steps, a.groups = a.steps[:0], a.groups[:0] }

// copyPath copies p into the arena.
func (a *arena) copyPath(p path) path {
	i := len(a.groups)
	for _, g := range p {
		a.groups = append(a.groups, a.group(g.n, g.steps...))
	}
	return a.groups[i:len(a.groups):len(a.groups)]
}

// group returns n repetitions of steps.
func (a *arena) group(n int, steps ...step) group {
	i := len(a.steps)
	for _, s := range steps {
		a.steps = append(a.steps, s.pruned())
	}
	return group{n: n, steps: a.steps[i:len(a.steps):len(a.steps)]}
}

// path returns the path of the groups.
func (a *arena) path(groups ...group) path {
	i := len(a.groups)
	a.groups = append(a.groups, groups...)
	return a.groups[i:len(a.groups):len(a.groups)]
}

// extend returns p followed by groups: in place when p ends the arena (no
// later path was laid out after it), else as a copy.
func (a *arena) extend(p path, groups ...group) path {
	i := len(a.groups) - len(p)
	if len(p) == 0 || i < 0 || &a.groups[i] != &p[0] {
		i = len(a.groups)
		a.groups = append(a.groups, p...)
	}
	a.groups = append(a.groups, groups...)
	return a.groups[i:len(a.groups):len(a.groups)]
}

// join returns the concatenation of paths.
func (a *arena) join(paths ...path) path {
	i := len(a.groups)
	for _, p := range paths {
		a.groups = append(a.groups, p...)
	}
	return a.groups[i:len(a.groups):len(a.groups)]
}

// mean returns the path's mean latency.
func (p path) mean() Time {
	var t Time
	for _, g := range p {
		for _, s := range g.steps {
			t += Time(g.n) * s.avg()
		}
	}
	return t
}

// clientTime returns the mean time of the path's client round trips.
func (p path) clientTime() Time {
	var t Time
	for _, g := range p {
		for _, s := range g.steps {
			if strings.HasPrefix(s.name, "client_round_trip") {
				t += Time(g.n) * s.avg()
			}
		}
	}
	return t
}

// timeAt returns the mean time of the path's steps of the given names.
// visits is the probability that a request on the path takes at least one
// of the steps of the given names (each step taken with its own
// probability, each of a group's n times).
func (p path) visits(names ...string) float64 {
	none := 1.0
	for _, g := range p {
		for _, s := range g.steps {
			if slices.Contains(names, s.name) {
				none *= math.Pow(1-math.Min(1, s.p), float64(g.n))
			}
		}
	}
	return 1 - none
}

func (p path) timeAt(names ...string) Time {
	var t Time
	for _, g := range p {
		for _, s := range g.steps {
			if slices.Contains(names, s.name) {
				t += Time(g.n) * s.avg()
			}
		}
	}
	return t
}

// variance returns the path's variance (steps are independent).
func (p path) variance() float64 {
	var v float64
	for _, g := range p {
		for _, s := range g.steps {
			v += float64(g.n) * s.variance()
		}
	}
	return v
}

// distribution returns the path's latency distribution: the sum of its
// independent steps, a group's n copies added by binary powering.
//
// A step without branches (one component: a constant, a CPU job, a flush
// that never waits) moves every component of the sum by the same shift,
// mean and variance, so such steps are summed apart (pending) and added
// once, at the end. That changes the sum only by rounding as long as no sum
// on the way is reduced to dist.MaxComponents, which merges components by
// their moments: before a sum that could be (the product of the summands'
// components above the maximum), the pending steps are added first, as the
// path orders them.
func (p path) distribution() dist.Mixture {
	var total, pending dist.Mixture // the zero Mixture is Atom(0)
	for _, g := range p {
		var one, onePending dist.Mixture
		branchy, single := false, false // one holds a step with branches; onePending a step
		shift := 0.0                    // constant steps
		for _, s := range g.steps {
			switch {
			case s.p == 0:
			case s.p == 1 && s.fixed == nil && s.mean == 0 && s.pWait*float64(s.wait) == 0:
				shift += float64(s.shift) // a constant: no new components
			case s.single():
				m := s.mixture()
				onePending.Add(&m)
				single = true
			default:
				m := s.mixture()
				if single && one.Len()*m.Len() > dist.MaxComponents {
					one.Add(&onePending)
					onePending, single = dist.Mixture{}, false
				}
				one.Add(&m)
				branchy = true
			}
		}
		if shift > 0 {
			onePending, single = onePending.Shift(shift), true
		}
		if branchy && !withinMax(total.Len(), one.Len(), g.n) {
			// The powers of one, or their sum with total, may be reduced:
			// add everything pending first.
			if single {
				one.Add(&onePending)
				onePending, single = dist.Mixture{}, false
			}
			total.Add(&pending)
			pending = dist.Mixture{}
		}
		for n := g.n; n > 0; n >>= 1 {
			if n&1 == 1 {
				if branchy {
					total.Add(&one)
				}
				if single {
					pending.Add(&onePending)
				}
			}
			if n > 1 {
				if branchy {
					one.Add(&one)
				}
				if single {
					onePending.Add(&onePending)
				}
			}
		}
	}
	total.Add(&pending)
	return total
}

// withinMax reports whether a sum of a mixture of a components and n
// copies of one of b components has at most dist.MaxComponents components
// before merging identical ones (b^n·a), and so every partial sum of binary
// powering too.
func withinMax(a, b, n int) bool {
	for range n {
		if a *= b; a > dist.MaxComponents {
			return false
		}
	}
	return true
}

// single reports whether the step's distribution has one component: it
// happens (p = 1) and never waits, or its fixed distribution is one
// component.
func (s step) single() bool {
	if s.p != 1 {
		return false
	}
	if s.fixed != nil {
		return s.fixed.Len() == 1
	}
	return !(s.pWait > 0 && s.wait > 0)
}

// steps flattens the path into named steps with their mean contribution,
// merging steps of the same name, in first-appearance order.
func (p path) steps() []Step {
	n := 0
	for _, g := range p {
		n += len(g.steps)
	}
	out := make([]Step, 0, n) // at most one per step: one allocation
	for _, g := range p {
		for _, s := range g.steps {
			t := Time(g.n) * s.avg()
			merged := false
			for i := range out {
				if out[i].Name == s.name {
					out[i].Time += t
					merged = true
					break
				}
			}
			if !merged {
				out = append(out, Step{Name: s.name, Time: t})
			}
		}
	}
	return out
}

func sq(x float64) float64 { return x * x }
