package dist

import (
	"fmt"
	"math"
)

// nodeTol is the relative tolerance of the quantiles at the quadrature
// nodes of discretise: far below the error of the quadrature (about 1e-4
// in the mean), and enough for the bins' variances.
const nodeTol = 1e-8

// nBins is the number of probability bins (and components) of MaxOf and
// KthOf.
const nBins = 16

// binEdges returns the edges of the probability bins into which MaxOf and
// KthOf discretise their result:
//
//	0 .05 .15 .3 .45 .55 .7 .85 .9 .9375 .9625 .9875 .9925 .996 .99875 .99925 1
//
// The bins narrow toward the tail so that the tail keeps its shape, and
// the 50th, 95th, 99th and 99.9th percentiles lie mid-bin.
func binEdges() [nBins + 1]float64 {
	return [nBins + 1]float64{0, .05, .15, .3, .45, .55, .7, .85, .9, .9375, .9625, .9875, .9925, .996, .99875, .99925, 1}
}

// MaxOf returns the distribution of the largest of n independent copies of
// m: a fork-join that waits for the slowest of n workers. Its CDF is
//
//	P(max ≤ t) = F(t)ⁿ
//
// discretised into 16 components, one per probability bin of binEdges (see
// discretise): the mean is exact to about 1e-4, and the quantiles are
// within about 1 % of MaxQuantile at the 50th to 99.9th percentiles (less
// near the tail), but up to several percent between bins where the CDF is
// steep. MaxQuantile gives any quantile exactly.
//
// Special cases are:
//
//	MaxOf(m, 1) = m
//
// It panics if n < 1.
func MaxOf(m Mixture, n int) Mixture {
	if n < 1 {
		panic(fmt.Sprintf("dist: MaxOf(…, %d): need at least one copy", n))
	}
	if n == 1 {
		return m
	}
	x := m.fit()
	return discretise(func(q, hint float64, near point, tol float64) (float64, point) {
		return x.level(maxLevel(1-q, n), hint, near, tol)
	})
}

// discretise returns a mixture with one component per probability bin
// [uₐ, u_b) of binEdges, given the exact quantile function Q by survival
// level (and an upper bound hint for it). Each component has the bin's
// probability and the conditional mean and variance of the bin,
//
//	E[X | bin] = ∫ Q(u) du/(u_b − uₐ),  E[X² | bin] = ∫ Q(u)² du/(u_b − uₐ)
//
// by 3-point Gauss–Legendre quadrature in u (48 quantiles, solved from the
// bottom up, each bounding the next from below and starting its search
// with a Newton step from the last evaluation), and the shift where a uniform
// distribution with those moments would start, mean − √(3·var), kept
// between the neighbouring bins' outer nodes. Atoms at the bins' quantiles
// would make the result a step function: a narrow step added to it with
// Plus would then show the steps (the slowest of 8 reads plus a
// coordinator step: +5.6 % at p90, −0.8 % at p99 against +1.5 % and
// +0.3 % with these components).
func discretise(level func(q, hint float64, near point, tol float64) (float64, point)) Mixture {
	// Gauss–Legendre nodes and weights on [0, 1].
	nodes := [3]float64{0.5 - math.Sqrt(0.15), 0.5, 0.5 + math.Sqrt(0.15)}
	weights := [3]float64{5.0 / 18, 8.0 / 18, 5.0 / 18}
	e := binEdges()
	var q [nBins][3]float64
	near := point{t: math.NaN()}
	pt, pl := math.NaN(), math.NaN() // the solution before, and ln of its level
	for i := range nBins {
		for j := range 3 {
			u := 1 - (e[i] + (e[i+1]-e[i])*nodes[j])
			q[i][j], near = level(u, math.Inf(1), near, nodeTol)
			near.pt, near.pl = pt, pl
			pt, pl = q[i][j], math.Log(u)
		}
	}
	var c, tmp [nBins]comp
	b := pool{c: c[:0], tmp: tmp[:]}
	floor := 0.0
	for i := range nBins {
		p := e[i+1] - e[i]
		mean, m2 := 0.0, 0.0
		for j, w := range weights {
			mean += w * q[i][j]
			m2 += w * q[i][j] * q[i][j]
		}
		if math.IsInf(mean, 1) {
			b.add(comp{Component: Component{Prob: p, Shift: mean}})
			continue
		}
		v := max(m2-mean*mean, 0)
		s := min(max(mean-math.Sqrt(3*v), floor), q[i][0])
		floor = q[i][2]
		b.add(comp{Component: Component{Prob: p, Shift: s, Mean: mean - s, Var: v}})
	}
	return b.mixture()
}

// maxLevel returns the survival level q = 1 − p^(1/n) at which one copy
// must be read for the p-quantile of the maximum of n copies, computed
// without cancellation as −expm1(ln(p)/n).
func maxLevel(p float64, n int) float64 {
	return -math.Expm1(math.Log(p) / float64(n))
}

// MaxQuantile returns the p-quantile of the largest of n independent
// copies of m, in seconds: since P(max ≤ t) = F(t)ⁿ, it is m's quantile at
// p^(1/n) — for n = 8 the 99th percentile reads each copy at 0.99874.
// It panics if n < 1 or p is outside [0, 1].
func MaxQuantile(m Mixture, n int, p float64) float64 {
	if n < 1 {
		panic(fmt.Sprintf("dist: MaxQuantile(…, %d, …): need at least one copy", n))
	}
	if !(p >= 0 && p <= 1) {
		panic(fmt.Sprintf("dist: MaxQuantile(…, %g): probability outside [0, 1]", p))
	}
	x := m.fit()
	if p == 0 {
		return x.quantileSF(1, math.Inf(1))
	}
	return x.quantileSF(maxLevel(p, n), math.Inf(1))
}

// KthOf returns the distribution of the k-th smallest of independent,
// not necessarily identical variables distributed as ms: the time until k
// of len(ms) replicas have acknowledged (a Raft majority, Aurora's 4 of 6,
// PostgreSQL's ANY k). Its CDF is the Poisson-binomial tail
//
//	P(X₍ₖ₎ ≤ t) = P(at least k of the Xᵢ are ≤ t),  Xᵢ ≤ t w.p. Fᵢ(t)
//
// discretised like MaxOf into 16 components (see discretise); its
// accuracy is that of MaxOf. KthQuantile gives any quantile exactly.
// It does not allocate for len(ms) ≤ 16.
//
// Special cases are:
//
//	KthOf(1, []Mixture{m}) = m
//
// It panics unless 1 ≤ k ≤ len(ms).
func KthOf(k int, ms []Mixture) Mixture {
	checkKth("KthOf", k, ms)
	if len(ms) == 1 {
		return ms[0]
	}
	var st orderStore
	o := newOrder(k, ms, &st)
	return discretise(o.level)
}

// KthQuantile returns the p-quantile of the k-th smallest of independent
// variables distributed as ms, in seconds: the smallest t with
// P(at least k of the Xᵢ ≤ t) ≥ p, to a relative tolerance of 1e-9. It
// runs the safeguarded Newton iteration of Quantile (bisection at worst)
// on the exact Poisson-binomial CDF, with the order statistic's density
//
//	f₍ₖ₎(t) = Σᵢ fᵢ(t) · P(exactly k−1 of the other Xⱼ are ≤ t)
//
// from prefix and suffix Poisson-binomials.
// It does not allocate for len(ms) ≤ 16, and panics unless
// 1 ≤ k ≤ len(ms) and 0 ≤ p ≤ 1.
func KthQuantile(k int, ms []Mixture, p float64) float64 {
	checkKth("KthQuantile", k, ms)
	if !(p >= 0 && p <= 1) {
		panic(fmt.Sprintf("dist: KthQuantile(…, %g): probability outside [0, 1]", p))
	}
	if len(ms) == 1 {
		return ms[0].Quantile(p)
	}
	var st orderStore
	o := newOrder(k, ms, &st)
	return o.quantileSF(1-p, math.Inf(1))
}

func checkKth(name string, k int, ms []Mixture) {
	if k < 1 || k > len(ms) {
		panic(fmt.Sprintf("dist: %s(%d, …): need 1 ≤ k ≤ %d", name, k, len(ms)))
	}
}

// order evaluates the distribution of the k-th smallest of some mixtures.
type order struct {
	k   int
	lo  float64   // the k-th smallest of the inputs' lower ends
	inf float64   // P(X₍ₖ₎ = +Inf)
	xs  []fitted  // the mixtures, fitted
	s   []float64 // scratch, one survival value per mixture
	d   []float64 // scratch, one density per mixture
	dp  []float64 // scratch, (len(xs)+1)·k: prefix Poisson-binomials
	ds  []float64 // scratch, 2·k: suffix Poisson-binomials
}

// orderStore is storage for an order that needs no allocation for up to
// MaxComponents mixtures.
type orderStore struct {
	xs   [MaxComponents]fitted
	s, d [MaxComponents]float64
	dp   [(MaxComponents + 1) * MaxComponents]float64
	ds   [2 * MaxComponents]float64
}

// newOrder returns the order statistic k of ms, using st as storage if it
// is large enough.
func newOrder(k int, ms []Mixture, st *orderStore) order {
	n := len(ms)
	o := order{k: k, xs: st.xs[:], s: st.s[:], d: st.d[:], dp: st.dp[:], ds: st.ds[:]}
	if n > len(st.xs) {
		o.xs, o.s, o.d = make([]fitted, n), make([]float64, n), make([]float64, n)
		o.dp, o.ds = make([]float64, (n+1)*k), make([]float64, 2*k)
	}
	o.xs, o.s, o.d, o.dp, o.ds = o.xs[:n], o.s[:n], o.d[:n], o.dp[:(n+1)*k], o.ds[:2*k]
	for i := range ms {
		ms[i].fitInto(&o.xs[i])
	}
	o.lo, o.inf = o.kthQuantile(1), o.sfInf()
	return o
}

// sf returns P(X₍ₖ₎ > t) = P(fewer than k of the Xᵢ are ≤ t).
func (o *order) sf(t float64) float64 {
	for i := range o.xs {
		o.s[i], _ = o.xs[i].sf(t)
	}
	return o.poissonBinomial()
}

// sfDens returns P(X₍ₖ₎ > t) and the density of X₍ₖ₎ at t,
//
//	f₍ₖ₎(t) = Σᵢ fᵢ(t) · P(exactly k−1 of the other Xⱼ are ≤ t)
//
// with the leave-one-out probabilities from prefix and suffix
// Poisson-binomials (O(n·k)).
func (o *order) sfDens(t float64) (surv, dens float64) {
	for i := range o.xs {
		o.s[i], o.d[i] = o.xs[i].sf(t)
	}
	k, n := o.k, len(o.xs)
	// dp[i·k + j] = P(j of X₀ … Xᵢ₋₁ are ≤ t), j < k.
	pre := o.dp
	clear(pre[:k])
	pre[0] = 1
	for i, s := range o.s {
		cur, nxt := pre[i*k:(i+1)*k], pre[(i+1)*k:(i+2)*k]
		f := 1 - s
		nxt[0] = cur[0] * s
		for j := 1; j < k; j++ {
			nxt[j] = cur[j]*s + cur[j-1]*f
		}
	}
	for _, x := range pre[n*k : (n+1)*k] {
		surv += x
	}
	// Suffix Poisson-binomials over Xᵢ₊₁ … Xₙ₋₁, from the end.
	suf, tmp := o.ds[:k], o.ds[k:]
	clear(suf)
	suf[0] = 1
	for i := n - 1; i >= 0; i-- {
		if o.d[i] > 0 {
			// P(exactly k−1 of the others ≤ t) = Σⱼ pre[i][j]·suf[k−1−j].
			cur, p := pre[i*k:(i+1)*k], 0.0
			for j := range k {
				p += cur[j] * suf[k-1-j]
			}
			dens += o.d[i] * p
		}
		s := o.s[i]
		f := 1 - s
		tmp[0] = suf[0] * s
		for j := 1; j < k; j++ {
			tmp[j] = suf[j]*s + suf[j-1]*f
		}
		suf, tmp = tmp, suf
	}
	return min(surv, 1), dens
}

// sfInf returns P(X₍ₖ₎ = +Inf) = P(fewer than k of the Xᵢ are finite).
func (o *order) sfInf() float64 {
	for i := range o.xs {
		x := &o.xs[i]
		o.s[i] = 0
		for j := range x.n {
			if x.f[j].kind == kindInf {
				o.s[i] += x.p[j]
			}
		}
	}
	return o.poissonBinomial()
}

// poissonBinomial returns P(fewer than k successes) where variable i fails
// (stays above) with probability o.s[i]: the Poisson-binomial
// probabilities of 0 … k−1 successes by the usual recurrence over the
// variables, summed. Every term is non-negative, so the result is accurate
// far into the tail.
func (o *order) poissonBinomial() float64 {
	dp := o.dp[:o.k]
	clear(dp)
	dp[0] = 1
	for i, s := range o.s {
		f := 1 - s
		for j := min(i+1, o.k-1); j >= 1; j-- {
			dp[j] = dp[j]*s + dp[j-1]*f
		}
		dp[0] *= s
	}
	sum := 0.0
	for _, x := range dp {
		sum += x
	}
	return min(sum, 1)
}

// kthQuantile returns the k-th smallest of the mixtures' quantiles at
// survival level q: the exact answer for q = 0 and q = 1.
func (o *order) kthQuantile(q float64) float64 {
	v := o.s
	for i := range o.xs {
		x := o.xs[i].quantileSF(q, math.Inf(1))
		j := i
		for ; j > 0 && v[j-1] > x; j-- {
			v[j] = v[j-1]
		}
		v[j] = x
	}
	return v[o.k-1]
}

// quantileSF returns the smallest t with P(X₍ₖ₎ > t) ≤ q, given that it is
// at most hint (+Inf if unknown).
func (o *order) quantileSF(q, hint float64) float64 {
	t, _ := o.level(q, hint, point{t: math.NaN()}, relTol)
	return t
}

// settled is fitted.settled over all the inputs.
func (o *order) settled(t, next, lim float64) bool {
	for i := range o.xs {
		if !o.xs[i].settled(t, next, lim) {
			return false
		}
	}
	return true
}

// level is quantileSF given an evaluation near the solution (t NaN if
// none): the last of a neighbouring level. If it lies below the solution,
// it is the lower end of the bracket, and a Newton step from it the start.
// It also returns the last evaluation it made.
func (o *order) level(q, hint float64, near point, tol float64) (float64, point) {
	none := point{t: math.NaN()}
	switch {
	case q >= 1:
		return o.kthQuantile(1), none
	case q <= 0:
		return o.kthQuantile(0), none
	case o.inf > q:
		return math.Inf(1), none
	}
	a := o.lo
	var t float64
	var last point
	if near.t > a && near.s > q && near.d > 0 {
		// The bracket starts at the neighbour's solution, and the search
		// at a Newton step from it; the upper end is the hint or found
		// by doubling.
		b := math.Inf(1)
		if hint > near.t {
			b = hint
		}
		// A Newton step on g = ln S − ln q, or, given an earlier point,
		// the step on the parabola in ln S through both points with the
		// slope at near (as a Halley step with that curvature).
		g1 := -near.d / near.s
		step := -math.Log(near.s/q) / g1
		if dt := near.pt - near.t; dt != 0 && dt == dt {
			k := (near.pl - math.Log(near.s) - g1*dt) / (dt * dt) / g1
			if h := 1 + step*k; h > 0.5 && h < 2 {
				step /= h
			}
		}
		t0 := near.t + step
		if !(b < math.Inf(1)) && t0 > 2*near.t {
			t0 = math.NaN() // no bound above: a step beyond doubling is not trusted (solveSF)
		}
		if !(t0 > near.t && t0 < b) {
			t0, step = math.NaN(), math.NaN()
			if b < math.Inf(1) {
				t0 = near.t + (b-near.t)/2
			}
		}
		if t0 == t0 {
			t, last = solveSF(o.sfDens, o.settled, q, near.t, near.s, b, t0, step, tol, near)
			return o.atomBelow(q, t), last
		}
	}
	sa := o.sf(a)
	if sa <= q {
		return a, none
	}
	// Upper end: the hint; else, as P(X₍ₖ₎ > t) ≤ P(max Xᵢ > t) ≤
	// Σᵢ P(Xᵢ > t), the largest of the Xᵢ's quantiles at survival q/n; if
	// that is infinite (a saturated input), a start that solveSF doubles.
	// solveSF also widens a bound that does not hold.
	b := hint
	if !(b > a && b < math.Inf(1)) {
		qn := q / float64(len(o.xs))
		b = 0
		for i := range o.xs {
			b = max(b, o.xs[i].quantileSF(qn, math.Inf(1)))
		}
	}
	if !(b > a && b < math.Inf(1)) {
		b = max(2*a, a+1e-9)
	}
	t, last = solveSF(o.sfDens, o.settled, q, a, sa, b, math.NaN(), math.NaN(), tol, point{t: math.NaN()})
	return o.atomBelow(q, t), last
}

// atomBelow returns the smallest of t and the inputs' atoms just below it
// (within twice the relative tolerance) that already satisfy the level:
// the CDF jumps there, and such an atom is the exact answer.
func (o *order) atomBelow(q, t float64) float64 {
	best := t
	for i := range o.xs {
		x := &o.xs[i]
		for j := range x.n {
			if u := x.f[j].off; x.f[j].kind == kindAtom && u < best && u >= t*(1-2*relTol) && o.sf(u) <= q {
				best = u
			}
		}
	}
	return best
}
