package dist

import (
	"fmt"
	"math"
	"strings"
)

// MaxComponents is the largest number of components a Mixture holds.
// Operations whose exact result has more components reduce it (see Plus).
const MaxComponents = 16

// Component is one branch of a Mixture: with probability Prob the time is
// Shift plus a non-negative random part with mean Mean and variance Var.
// The random part's distribution is the phase-type shape fitted to Mean and
// Var (see the package documentation).
type Component struct {
	Prob  float64 // probability of the branch, in (0, 1]
	Shift float64 // constant part, s; +Inf for a saturated branch
	Mean  float64 // mean of the random part, s
	Var   float64 // variance of the random part, s²
}

// Mixture is the distribution of a time, in seconds, as a probability
// mixture of at most MaxComponents components. It is a value: it holds no
// pointers, and every operation returns a new Mixture (Add, which
// accumulates a sum in place, sets its receiver to one).
//
// The zero Mixture is the constant 0, the identity of Plus.
type Mixture struct {
	n int                 // number of components; 0 means Atom(0)
	c [MaxComponents]comp // components, ascending in Shift+Mean
}

// comp is a component with the mean of the slowest exponential phase of
// its random part, tail (s; 0 for a constant). Plus takes the larger of
// the summands' tails, which is exact for sums of exponentials, and the
// shape fit uses it to choose the number of stages (see fitShape).
type comp struct {
	Component
	tail float64
}

// Atom returns the distribution of the constant t seconds.
// It panics if t is negative or NaN; t may be +Inf (a saturated step).
func Atom(t float64) Mixture {
	return Moments(t, 0, 0)
}

// Exp returns the exponential distribution with the given mean, in seconds.
// It panics if mean is negative or NaN.
func Exp(mean float64) Mixture {
	return Moments(0, mean, mean*mean)
}

// ShiftedExp returns the distribution of shift plus an exponential time
// with the given mean, both in seconds.
// It panics if shift or mean is negative or NaN.
func ShiftedExp(shift, mean float64) Mixture {
	return Moments(shift, mean, mean*mean)
}

// Moments returns the distribution of shift plus a non-negative random
// part with the given mean (s) and variance (s²), shaped by the two-moment
// phase-type fit of the package documentation: one component, or for
// c² > 1 the H2's two exponential phases as two.
//
// Special cases are:
//
//	Moments(s, m, 0)     = Atom(s + m)
//	Moments(s, m, v)     = Atom(+Inf)  if s, m or v is +Inf
//
// It panics if an argument is negative or NaN, or if mean is 0 while
// variance is not (no non-negative variable has such moments).
func Moments(shift, mean, variance float64) Mixture {
	if !(shift >= 0) || !(mean >= 0) || !(variance >= 0) {
		panic(fmt.Sprintf("dist: Moments(%g, %g, %g): negative or NaN argument", shift, mean, variance))
	}
	if mean == 0 && variance > 0 {
		panic(fmt.Sprintf("dist: Moments(%g, 0, %g): positive variance with zero mean", shift, variance))
	}
	var m Mixture
	m.n = 1
	m.c[0] = comp{Component: Component{Prob: 1, Shift: shift, Mean: mean, Var: variance}}
	m.c[0].canonicalize()
	// The tail is the slowest phase of the component's own fit, so that
	// the component keeps its shape and sums keep its tail.
	f := fitShape(&m.c[0])
	m.c[0].tail = f.tail()
	if f.kind == kindHyper {
		// An H2 is a mixture of two exponentials: its phases become two
		// components, each kept exactly through sums. As one component,
		// a sum refits it from the summed moments, whose c² is nearer 1,
		// and loses its tail (TestSumKeepsHeavyTail).
		// The slow phase's probability from the mean, exact where it is
		// far below 1 − f.p's resolution (c² beyond 10¹⁶).
		slow := (m.c[0].Mean - f.m1) / (f.m2 - f.m1)
		m.n = 2
		m.c[0] = comp{Component: Component{Prob: 1 - slow, Shift: shift, Mean: f.m1, Var: f.m1 * f.m1}, tail: f.m1}
		m.c[1] = comp{Component: Component{Prob: slow, Shift: shift, Mean: f.m2, Var: f.m2 * f.m2}, tail: f.m2}
	}
	return m
}

// canonicalize puts c in the form that identical distributions share: a
// saturated component is {Shift: +Inf}, a constant one has Mean = Var =
// tail = 0.
func (c *comp) canonicalize() {
	switch {
	case c.Shift > math.MaxFloat64 || c.Mean > math.MaxFloat64 || c.Var > math.MaxFloat64:
		*c = comp{Component: Component{Prob: c.Prob, Shift: math.Inf(1)}}
	case c.Var == 0 || c.Mean == 0:
		*c = comp{Component: Component{Prob: c.Prob, Shift: c.Shift + c.Mean}}
	}
}

// Branch returns the distribution that is a with probability p and b
// otherwise: a cache hit or miss, a wait or none.
// It panics if p is outside [0, 1].
func Branch(p float64, a, b Mixture) Mixture {
	if !(p >= 0 && p <= 1) {
		panic(fmt.Sprintf("dist: Branch(%g, …): probability outside [0, 1]", p))
	}
	ws := [2]float64{p, 1 - p}
	ms := [2]*Mixture{&a, &b}
	return weighted(ws[:], ms[:])
}

// Weighted returns the mixture that is ms[i] with probability ws[i]/Σws.
// It panics if the lengths differ, a weight is negative or NaN, or all
// weights are 0.
func Weighted(ws []float64, ms []Mixture) Mixture {
	if len(ws) != len(ms) {
		panic(fmt.Sprintf("dist: Weighted: %d weights for %d mixtures", len(ws), len(ms)))
	}
	var small [8]*Mixture
	ps := small[:0]
	if len(ms) > len(small) {
		ps = make([]*Mixture, 0, len(ms))
	}
	for i := range ms {
		ps = append(ps, &ms[i])
	}
	return weighted(ws, ps)
}

// weighted is Weighted on pointers to the mixtures, so that Branch does
// not copy its two.
func weighted(ws []float64, ms []*Mixture) Mixture {
	total := 0.0
	for _, w := range ws {
		if !(w >= 0) || math.IsInf(w, 1) {
			panic(fmt.Sprintf("dist: Weighted: weight %g is not a finite non-negative number", w))
		}
		total += w
	}
	if total == 0 {
		panic("dist: Weighted: all weights are 0")
	}
	n := 0 // components to add
	for i, w := range ws {
		if w > 0 {
			n += max(ms[i].n, 1)
		}
	}
	if n <= smallCap {
		var c, tmp [smallCap]comp
		p := pool{c: c[:0], tmp: tmp[:]}
		p.addWeighted(ws, ms, total)
		return p.mixture()
	}
	var c, tmp [bufCap]comp
	p := pool{c: c[:0], tmp: tmp[:]}
	p.addWeighted(ws, ms, total)
	return p.mixture()
}

// addWeighted adds the components of ms[i] with their probabilities
// multiplied by ws[i]/total, compacting p whenever it would overflow.
func (p *pool) addWeighted(ws []float64, ms []*Mixture, total float64) {
	zero := [1]comp{{Component: Component{Prob: 1}}}
	for i := range ms {
		w := ws[i] / total
		if w == 0 {
			continue
		}
		cs := ms[i].c[:ms[i].n]
		if len(cs) == 0 {
			cs = zero[:]
		}
		if len(p.c)+len(cs) > cap(p.c) {
			p.compact(MaxComponents)
		}
		for _, c := range cs {
			c.Prob *= w
			p.add(c)
		}
	}
}

// Plus returns the distribution of the sum of independent variables
// distributed as m and o. Each pair of components (i, j) becomes one
// component with
//
//	Prob = pᵢ·pⱼ,  Shift = sᵢ+sⱼ,  Mean = mᵢ+mⱼ,  Var = vᵢ+vⱼ
//
// whose shape is fitted again from these moments. Components that are
// identical within a relative 1e-12 merge exactly. If more than
// MaxComponents remain, the mixture is reduced by moment-preserving merges
// of neighbours in mean order, cheapest first (see the package
// documentation): the mean and variance of the result are those of the
// exact sum.
func (m Mixture) Plus(o Mixture) Mixture { return plus(&m, &o) }

// Add sets m to m.Plus(*o), the same distribution, without copying the
// summands: for sums accumulated step by step. o may be m: the sum of two
// i.i.d. copies, which costs about half as much (see sumSorted).
func (m *Mixture) Add(o *Mixture) { plusTo(m, m, o) }

// Times returns the distribution of the sum of n ≥ 0 independent copies
// of m (Atom(0) for n = 0), by binary powers: about log₂ n sums, each
// reduced as Plus reduces, where n − 1 sums would cost n − 1.
func (m Mixture) Times(n int) Mixture {
	var sum Mixture
	for p := m; n > 0; n >>= 1 {
		if n&1 == 1 {
			sum.Add(&p)
		}
		if n > 1 {
			p.Add(&p)
		}
	}
	return sum
}

// plus is Plus on pointers; it does not modify m or o.
func plus(m, o *Mixture) Mixture {
	var r Mixture
	plusTo(&r, m, o)
	return r
}

// plusTo sets dst to the sum of m and o, as plus returns it. dst may be m
// or o: Add writes the sum in place instead of copying it out of a
// returned Mixture.
func plusTo(dst, m, o *Mixture) {
	switch {
	case m.n == 0:
		*dst = *o
		return
	case o.n == 0:
		*dst = *m
		return
	// A constant summand only moves the other one.
	case o.n == 1 && o.c[0].Mean == 0:
		*dst = m.Shift(o.c[0].Shift)
		return
	case m.n == 1 && m.c[0].Mean == 0:
		*dst = o.Shift(m.c[0].Shift)
		return
	}
	// The components of the sum arrive sorted (see sumSorted).
	a, z := m, o
	if a.n > z.n {
		a, z = z, a
	}
	if a.n == 1 {
		plusOne(dst, a.c[0], z)
		return
	}
	if a.n*z.n <= smallCap {
		var c [smallCap]comp
		reducedTo(dst, sumSorted(c[:0], a, z))
		return
	}
	var c [bufCap]comp
	reducedTo(dst, sumSorted(c[:0], a, z))
}

// plusOne sets dst to the sum of a one-component summand a and z:
// sumSorted's single row, written straight into dst (each component of z
// moved by a, in z's order), then merged and normalised as reduced does;
// z has at most MaxComponents components, so none is reduced. dst may be
// z: component j is read before the j-th or a later one is written.
func plusOne(dst *Mixture, a comp, z *Mixture) {
	k := 0
	for j := range z.n {
		c := convolve(&a, &z.c[j])
		if c.Prob != 0 {
			c.canonicalize()
			dst.c[k] = c
			k++
		}
	}
	dst.n = dedup(dst.c[:k])
	total := 0.0
	for i := range dst.n {
		total += dst.c[i].Prob
	}
	for i := range dst.n {
		dst.c[i].Prob /= total
	}
}

// reducedTo merges identical components of the sorted c, reduces them to
// MaxComponents and sets dst to the Mixture.
func reducedTo(dst *Mixture, c []comp) {
	c = c[:dedup(c)]
	if len(c) > MaxComponents {
		c = c[:reduce(c, MaxComponents)]
	}
	mixtureTo(dst, c)
}

// Shift returns the distribution of the time plus the constant d seconds.
// It panics if d is negative or NaN.
func (m Mixture) Shift(d float64) Mixture {
	if !(d >= 0) {
		panic(fmt.Sprintf("dist: Shift(%g): negative or NaN time", d))
	}
	if m.n == 0 {
		return Atom(d)
	}
	if math.IsInf(d, 1) {
		return Atom(d)
	}
	for i := range m.n {
		m.c[i].Shift += d
	}
	return m
}

// Len returns the number of components of m, at least 1.
func (m Mixture) Len() int {
	return max(m.n, 1)
}

// Component returns the i-th component of m, 0 ≤ i < m.Len(). Components
// are in ascending order of Shift+Mean; a saturated one comes last.
func (m Mixture) Component(i int) Component {
	if m.n == 0 && i == 0 {
		return Component{Prob: 1}
	}
	if i < 0 || i >= m.n {
		panic(fmt.Sprintf("dist: Component(%d) of a mixture with %d components", i, m.n))
	}
	return m.c[i].Component
}

// Mean returns the mean of m, in seconds:
//
//	E[X] = Σᵢ pᵢ·(sᵢ + mᵢ)
//
// It is +Inf if a component is saturated.
func (m Mixture) Mean() float64 {
	mu := 0.0
	for i := range m.n {
		c := &m.c[i]
		mu += c.Prob * (c.Shift + c.Mean)
	}
	return mu
}

// Variance returns the variance of m, in s², by the law of total variance:
//
//	Var[X] = Σᵢ pᵢ·vᵢ + Σᵢ pᵢ·(sᵢ + mᵢ − E[X])²
//
// It is +Inf if a component is saturated.
func (m Mixture) Variance() float64 {
	mu := m.Mean()
	if math.IsInf(mu, 1) {
		return mu
	}
	v := 0.0
	for i := range m.n {
		c := &m.c[i]
		d := c.Shift + c.Mean - mu
		v += c.Prob * (c.Var + d*d)
	}
	return v
}

// String returns a compact description of m for debugging, one
// "prob×(shift + mean/sd)" term per component, times in seconds.
func (m Mixture) String() string {
	var sb strings.Builder
	sb.WriteByte('{')
	for i := range m.Len() {
		c := m.Component(i)
		if i > 0 {
			sb.WriteString(", ")
		}
		fmt.Fprintf(&sb, "%.4g×(%.4g", c.Prob, c.Shift)
		if c.Mean > 0 {
			fmt.Fprintf(&sb, " + %.4g/%.4g", c.Mean, math.Sqrt(c.Var))
		}
		sb.WriteByte(')')
	}
	sb.WriteByte('}')
	return sb.String()
}

// convolve is the component of the sum of two independent components: the
// probabilities multiply; shifts, means and variances add; the heavier tail
// stays.
func convolve(a, b *comp) comp {
	return comp{Component{
		Prob:  a.Prob * b.Prob,
		Shift: a.Shift + b.Shift,
		Mean:  a.Mean + b.Mean,
		Var:   a.Var + b.Var,
	}, max(a.tail, b.tail)}
}
