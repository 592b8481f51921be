package dist

import (
	"fmt"
	"math"
)

// nBins is the number of probability bins (and atoms) of MaxOf and KthOf.
const nBins = 16

// binEdges returns the edges of the probability bins into which MaxOf and
// KthOf discretise their result:
//
//	0 .05 .15 .3 .45 .55 .7 .85 .9 .9375 .9625 .9875 .9925 .996 .99875 .99925 1
//
// Each bin becomes one atom at the exact quantile of its midpoint, so the
// percentiles 50, 95, 99 and 99.9 — midpoints of the bins [.45, .55),
// [.9375, .9625), [.9875, .9925) and [.99875, .99925) — are exact in the
// discretised result; the bins narrow toward the tail to keep it.
func binEdges() [nBins + 1]float64 {
	return [nBins + 1]float64{0, .05, .15, .3, .45, .55, .7, .85, .9, .9375, .9625, .9875, .9925, .996, .99875, .99925, 1}
}

// MaxOf returns the distribution of the largest of n independent copies of
// m: a fork-join that waits for the slowest of n workers. Its CDF is
//
//	P(max ≤ t) = F(t)ⁿ
//
// discretised into 16 atoms at the exact quantiles of the midpoints of the
// bins of binEdges (exact at the 50th, 95th, 99th and 99.9th percentiles;
// a step function in between). MaxQuantile gives any quantile exactly.
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
	e := binEdges()
	var b buffer
	for i := range nBins {
		u := (e[i] + e[i+1]) / 2
		b.add(Component{Prob: e[i+1] - e[i], Shift: m.quantileSF(maxLevel(u, n))})
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
	if p == 0 {
		return m.quantileSF(1)
	}
	return m.quantileSF(maxLevel(p, n))
}

// KthOf returns the distribution of the k-th smallest of independent,
// not necessarily identical variables distributed as ms: the time until k
// of len(ms) replicas have acknowledged (a Raft majority, Aurora's 4 of 6,
// PostgreSQL's ANY k). Its CDF is the Poisson-binomial tail
//
//	P(X₍ₖ₎ ≤ t) = P(at least k of the Xᵢ are ≤ t),  Xᵢ ≤ t w.p. Fᵢ(t)
//
// discretised like MaxOf into 16 atoms at exact quantiles (see binEdges).
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
	var scratch [MaxComponents]float64
	o := newOrder(k, ms, scratch[:])
	e := binEdges()
	var b buffer
	// Solve from the top bin down: each quantile bounds the next from above.
	hi := math.Inf(1)
	var at [nBins]float64
	for i := nBins - 1; i >= 0; i-- {
		at[i] = o.quantileSF(1-(e[i]+e[i+1])/2, hi)
		hi = at[i]
	}
	for i := range nBins {
		b.add(Component{Prob: e[i+1] - e[i], Shift: at[i]})
	}
	return b.mixture()
}

// KthQuantile returns the p-quantile of the k-th smallest of independent
// variables distributed as ms, in seconds: the smallest t with
// P(at least k of the Xᵢ ≤ t) ≥ p, found by a safeguarded Illinois
// iteration (bisection at worst) on the exact Poisson-binomial CDF, to a
// relative tolerance of 1e-9.
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
	var scratch [MaxComponents]float64
	o := newOrder(k, ms, scratch[:])
	return o.quantileSF(1-p, math.Inf(1))
}

func checkKth(name string, k int, ms []Mixture) {
	if k < 1 || k > len(ms) {
		panic(fmt.Sprintf("dist: %s(%d, …): need 1 ≤ k ≤ %d", name, k, len(ms)))
	}
}

// order evaluates the distribution of the k-th smallest of ms.
type order struct {
	k  int
	ms []Mixture
	dp []float64 // scratch, length k
}

func newOrder(k int, ms []Mixture, scratch []float64) order {
	if k > len(scratch) {
		scratch = make([]float64, k)
	}
	return order{k: k, ms: ms, dp: scratch[:k]}
}

// sf returns P(X₍ₖ₎ > t) = P(fewer than k of the Xᵢ are ≤ t), summed from
// the Poisson-binomial probabilities of 0 … k−1 successes (a sum of
// non-negative terms, accurate far into the tail).
func (o *order) sf(t float64) float64 {
	return o.poissonBinomial(func(m *Mixture) float64 {
		s, _ := m.sf(t)
		return s
	})
}

// poissonBinomial returns P(fewer than k successes) where variable i fails
// (stays above) with probability surv(&ms[i]).
func (o *order) poissonBinomial(surv func(*Mixture) float64) float64 {
	dp := o.dp
	clear(dp)
	dp[0] = 1
	for i := range o.ms {
		s := surv(&o.ms[i])
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

// infMass returns the probability that m is saturated (+Inf).
func infMass(m *Mixture) float64 {
	p := 0.0
	for i := range m.n {
		if m.f[i].kind == kindInf {
			p += m.c[i].Prob
		}
	}
	return p
}

// kthSmallest returns the k-th smallest of f(&ms[i]).
func (o *order) kthSmallest(f func(*Mixture) float64) float64 {
	var buf [MaxComponents]float64
	v := buf[:0]
	if len(o.ms) > len(buf) {
		v = make([]float64, 0, len(o.ms))
	}
	for i := range o.ms {
		x := f(&o.ms[i])
		j := len(v)
		v = append(v, x)
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
	switch {
	case q >= 1:
		return o.kthSmallest(func(m *Mixture) float64 { return m.quantileSF(1) })
	case q <= 0:
		return o.kthSmallest(func(m *Mixture) float64 { return m.quantileSF(0) })
	}
	if o.poissonBinomial(infMass) > q {
		return math.Inf(1)
	}
	a := o.kthSmallest(func(m *Mixture) float64 { return m.quantileSF(1) })
	sa := o.sf(a)
	if sa <= q {
		return a
	}
	// Upper end: P(X₍ₖ₎ > t) ≤ P(max Xᵢ > t) ≤ Σᵢ P(Xᵢ > t), so the largest
	// of the Xᵢ's quantiles at survival q/n bounds the answer; if that is
	// infinite (a saturated input), double a finite start instead.
	b := hint
	if math.IsInf(b, 1) {
		qn := q / float64(len(o.ms))
		b = 0
		for i := range o.ms {
			b = max(b, o.ms[i].quantileSF(qn))
		}
	}
	sb := 0.0
	if math.IsInf(b, 1) {
		b = max(2*a, 1e-9)
		for sb = o.sf(b); sb > q; sb = o.sf(b) {
			a, sa = b, sb
			b *= 2
			if math.IsInf(b, 1) {
				return b
			}
		}
	} else {
		sb = o.sf(b)
	}
	if b <= a {
		return b
	}
	return o.solve(q, a, sa, b, sb)
}

// solve returns the smallest t in (a, b] with P(X₍ₖ₎ > t) ≤ q, given
// P(X₍ₖ₎ > a) = sa > q ≥ sb = P(X₍ₖ₎ > b). It runs the Illinois variant of
// false position (Dowell, Jarratt 1971) on g(t) = ln S(t) − ln q, which is
// nearly linear in an exponential tail, and bisects whenever a step fails
// to halve the bracket, so it converges even where the CDF jumps. If an
// input atom lies in the final bracket and satisfies the level, the atom is
// returned exactly.
func (o *order) solve(q, a, sa, b, sb float64) float64 {
	lq := math.Log(q)
	ga := math.Log(sa) - lq
	gb := math.Log(max(sb, 1e-300)) - lq
	side := 0
	bisect := false
	for range 300 {
		w := b - a
		if w <= relTol*b {
			break
		}
		t := a + w/2
		if !bisect {
			if ft := (a*gb - b*ga) / (gb - ga); ft > a && ft < b {
				t = ft
			}
		}
		s := o.sf(t)
		g := math.Log(max(s, 1e-300)) - lq
		if s > q {
			a, ga = t, g
			if side < 0 {
				gb /= 2
			}
			side = -1
		} else {
			b, gb = t, g
			if side > 0 {
				ga /= 2
			}
			side = 1
		}
		bisect = !bisect && b-a > w/2
	}
	best := b
	for i := range o.ms {
		m := &o.ms[i]
		for j := range m.n {
			if x := m.f[j].off; m.f[j].kind == kindAtom && x > a && x < best && o.sf(x) <= q {
				best = x
			}
		}
	}
	return best
}
