package queue

import (
	"math"
	"slices"
)

// OrderStatisticMean returns the mean of the k-th smallest of n
// independent exponential random variables with rate rate (per second),
// in seconds: the expected time until k of n identical replicas have
// acknowledged. By Rényi's representation the spacings between successive
// order statistics are independent exponentials with rates n·μ,
// (n−1)·μ, … (Rényi 1953, "On the theory of order statistics", Acta Math.
// Acad. Sci. Hungarica 4; David, Nagaraja 2003, §2.5), so
//
//	E[X₍ₖ:ₙ₎] = (1/μ)·Σᵢ₌₀..ₖ₋₁ 1/(n − i) = (Hₙ − Hₙ₋ₖ)/μ
//
// with Hₘ the m-th harmonic number. The cost is O(min(k, n−k, 64)).
//
// Special cases are:
//
//	OrderStatisticMean(n, k, μ) = 0     if k ≤ 0 (nothing to wait for)
//	OrderStatisticMean(n, k, μ) = +Inf  if k > n or μ ≤ 0
//	OrderStatisticMean(n, k, +Inf) = 0  if 1 ≤ k ≤ n
//	OrderStatisticMean(n, k, NaN) = NaN
func OrderStatisticMean(n, k int, rate float64) float64 {
	switch {
	case math.IsNaN(rate):
		return math.NaN()
	case k <= 0:
		return 0
	case k > n || rate <= 0:
		return math.Inf(1)
	}
	return harmonicDiff(n, n-k) / rate
}

// harmonicDiff returns Hₙ − Hₘ = Σᵢ₌ₘ₊₁..ₙ 1/i for 0 ≤ m ≤ n. Up to 64
// terms are summed directly; otherwise the harmonic numbers above 64 come
// from their asymptotic expansion (from Abramowitz, Stegun 1964, 6.3.18,
// with Hₓ = ψ(x+1) + γ), differenced term by term to avoid cancellation:
//
//	Hₓ ≈ ln x + γ + 1/(2x) − 1/(12x²) + 1/(120x⁴) − 1/(252x⁶)
//
// whose next term, 1/(240x⁸), is below 1e-16 for x ≥ 64.
func harmonicDiff(n, m int) float64 {
	if n-m <= 64 {
		var s float64
		for i := n; i > m; i-- {
			s += 1 / float64(i)
		}
		return s
	}
	x := float64(n)
	if m < 64 {
		hm := 0.0
		for i := m; i > 0; i-- {
			hm += 1 / float64(i)
		}
		const eulerGamma = 0.57721566490153286060651209008240243
		hx := math.Log(x) + eulerGamma + 1/(2*x) - 1/(12*x*x) + 1/(120*x*x*x*x) - 1/(252*x*x*x*x*x*x)
		return hx - hm
	}
	y := float64(m)
	d := -math.Log1p(-(x - y) / x)
	d += 1/(2*x) - 1/(2*y)
	d -= 1/(12*x*x) - 1/(12*y*y)
	d += 1/(120*x*x*x*x) - 1/(120*y*y*y*y)
	d -= 1/(252*x*x*x*x*x*x) - 1/(252*y*y*y*y*y*y)
	return d
}

// ShiftedExp is the distribution of a delay made of a constant part and an
// exponential part, Shift + Exp(mean Mean): for example, a replica's
// acknowledgement time, a network round trip plus a queueing delay.
type ShiftedExp struct {
	// Shift is the constant part, in seconds; +Inf means the replica never
	// answers.
	Shift float64
	// Mean is the mean of the exponential part, in seconds; at least 0.
	// Zero makes the delay the constant Shift; +Inf means the replica
	// never answers.
	Mean float64
}

// cdfSurv returns P(X ≤ t) and P(X > t), each computed to full relative
// precision, and whether x is a valid distribution.
func (x ShiftedExp) cdfSurv(t float64) (cdf, surv float64, ok bool) {
	switch {
	case math.IsNaN(x.Shift) || math.IsNaN(x.Mean) || x.Mean < 0 || math.IsInf(x.Shift, -1):
		return math.NaN(), math.NaN(), false
	case t < x.Shift || math.IsInf(x.Mean, 1) || math.IsInf(x.Shift, 1):
		return 0, 1, true
	case x.Mean == 0:
		return 1, 0, true
	}
	z := (t - x.Shift) / x.Mean
	return -math.Expm1(-z), math.Exp(-z), true
}

// never reports whether x never happens: its shift or mean is +Inf.
func (x ShiftedExp) never() bool {
	return math.IsInf(x.Shift, 1) || math.IsInf(x.Mean, 1)
}

// kthStack is the largest number of dynamic-programming states KthCDF
// keeps on the stack; more states allocate.
const kthStack = 17

// KthCDF returns the probability that at least k of the independent
// delays xs are at most t: the distribution function of their k-th
// smallest value, such as the time a quorum of k acknowledgements forms
// among replicas in different places. With Fᵢ(t) the distribution
// function of xs[i], the number of delays at most t is Poisson-binomial,
// and
//
//	P(X₍ₖ₎ ≤ t) = P(Σᵢ 1{Xᵢ ≤ t} ≥ k)
//
// is computed by the standard dynamic programme over the delays, keeping
// only min(k, n−k+1) states: the probability of each number of successes
// below k, or of each number of failures up to n−k (David, Nagaraja 2003,
// §5.2, for the order statistics of non-identical variables). The cost is
// O(n·min(k, n−k+1)); nothing is allocated when min(k, n−k+1) ≤ 17, for
// instance for any k with n ≤ 16.
//
// Special cases are:
//
//	KthCDF(k, xs, t) = 1    if k ≤ 0
//	KthCDF(k, xs, t) = 0    if k > len(xs)
//	KthCDF(k, xs, t) = NaN  if t is NaN or some xs[i] is invalid (NaN,
//	                        a negative Mean or a Shift of −Inf)
func KthCDF(k int, xs []ShiftedExp, t float64) float64 {
	cdf, _ := kthCDFSurv(k, xs, t)
	return cdf
}

// kthCDFSurv returns P(X₍ₖ₎ ≤ t) and P(X₍ₖ₎ > t), each accumulated
// directly so that both keep full relative precision.
func kthCDFSurv(k int, xs []ShiftedExp, t float64) (cdf, surv float64) {
	n := len(xs)
	switch {
	case math.IsNaN(t):
		return math.NaN(), math.NaN()
	case k <= 0:
		return 1, 0
	case k > n:
		return 0, 1
	}
	var buf [kthStack]float64
	successes := k <= n-k+1
	states := k
	if !successes {
		states = n - k + 1
	}
	var dp []float64
	if states <= kthStack {
		dp = buf[:states]
	} else {
		dp = make([]float64, states)
	}
	dp[0] = 1
	var out float64 // mass that left the tracked states
	for _, x := range xs {
		f, s, ok := x.cdfSurv(t)
		if !ok {
			return math.NaN(), math.NaN()
		}
		if !successes { // track failures: swap the roles of f and s
			f, s = s, f
		}
		out += dp[states-1] * f
		for j := states - 1; j > 0; j-- {
			dp[j] = dp[j]*s + dp[j-1]*f
		}
		dp[0] *= s
	}
	var in float64
	for _, v := range dp {
		in += v
	}
	if successes { // in = P(fewer than k), out = P(at least k)
		return clamp01(out), clamp01(in)
	}
	// in = P(at most n−k failures) = P(at least k), out = the rest
	return clamp01(in), clamp01(out)
}

// kthSmallest returns the k-th smallest (1-based) of v(xs[i]) and
// whether at least k of them are finite.
func kthSmallest(k int, xs []ShiftedExp, v func(ShiftedExp) float64) (float64, bool) {
	var buf [kthStack]float64
	var vals []float64
	if len(xs) <= kthStack {
		vals = buf[:0]
	} else {
		vals = make([]float64, 0, len(xs))
	}
	for _, x := range xs {
		if y := v(x); !math.IsInf(y, 1) {
			vals = append(vals, y)
		}
	}
	if len(vals) < k {
		return math.Inf(1), false
	}
	slices.Sort(vals)
	return vals[k-1], true
}

// validShiftedExps reports whether every element of xs is a valid
// distribution (see ShiftedExp).
func validShiftedExps(xs []ShiftedExp) bool {
	for _, x := range xs {
		if _, _, ok := x.cdfSurv(0); !ok {
			return false
		}
	}
	return true
}

// KthQuantile returns the p-quantile of the k-th smallest of the
// independent delays xs, the smallest t with KthCDF(k, xs, t) ≥ p: for
// example the p99 of the time until a quorum of k replicas has
// acknowledged. The root is bracketed by
//
//	lo = k-th smallest Shiftᵢ
//	hi = k-th smallest of Shiftᵢ + Meanᵢ·ln(n/(1−p))
//
// (each of the k delays with the smallest such bounds exceeds its bound
// with probability at most (1−p)/n, so by the union bound all k are done
// by hi with probability at least p: KthCDF(hi) ≥ p) and found by the
// Illinois variant of regula falsi with a bisection step whenever the
// bracket shrinks too slowly, to a relative width of 1e-12. The
// distribution function may jump (a Mean of 0) or be flat; the bracket
// keeps KthCDF(lo) < p ≤ KthCDF(hi), so the result is always the
// smallest t.
//
// Special cases are:
//
//	KthQuantile(k, xs, p) = 0     if k ≤ 0 (nothing to wait for)
//	KthQuantile(k, xs, p) = lo    if p ≤ 0
//	KthQuantile(k, xs, p) = +Inf  if p ≥ 1, k > len(xs), or fewer than k
//	                              delays are finite
//	KthQuantile(k, xs, p) = NaN   if p is NaN or some xs[i] is invalid
func KthQuantile(k int, xs []ShiftedExp, p float64) float64 {
	switch {
	case math.IsNaN(p) || !validShiftedExps(xs):
		return math.NaN()
	case k <= 0:
		return 0
	case k > len(xs) || p >= 1:
		return math.Inf(1)
	}
	lo, ok := kthSmallest(k, xs, func(x ShiftedExp) float64 {
		if x.never() {
			return math.Inf(1)
		}
		return x.Shift
	})
	if !ok {
		return math.Inf(1)
	}
	flo := KthCDF(k, xs, lo)
	if p <= 0 || flo >= p {
		return lo
	}
	ln := math.Log(float64(len(xs)) / (1 - p))
	hi, _ := kthSmallest(k, xs, func(x ShiftedExp) float64 {
		if x.never() {
			return math.Inf(1)
		}
		return x.Shift + x.Mean*ln
	})
	fhi := KthCDF(k, xs, hi)
	// Illinois: g(t) = F(t) − p, g(lo) < 0 ≤ g(hi).
	glo, ghi := flo-p, fhi-p
	side := 0
	for range 200 {
		if hi-lo <= 1e-12*math.Max(math.Abs(hi), math.Abs(lo)) || hi-lo <= 1e-300 {
			break
		}
		width := hi - lo
		t := lo + width*(-glo)/(ghi-glo)
		if !(t > lo && t < hi) || side == 3 || side == -3 {
			t = lo + width/2 // bisection after 3 steps on one side
			side = 0
		}
		g := KthCDF(k, xs, t) - p
		if g >= 0 {
			hi, ghi = t, g
			if side < 0 {
				side = 0
			}
			side++
			if side >= 2 {
				glo /= 2
			}
		} else {
			lo, glo = t, g
			if side > 0 {
				side = 0
			}
			side--
			if side <= -2 {
				ghi /= 2
			}
		}
	}
	return hi
}

// KthMean returns the mean of the k-th smallest of the independent delays
// xs, in seconds: the expected time until a quorum of k acknowledgements
// forms. With a = the k-th smallest Shift, below which the k-th smallest
// delay cannot fall,
//
//	E[X₍ₖ₎] = a + ∫ₐ^∞ P(X₍ₖ₎ > t) dt
//
// The survival function is smooth between consecutive shifts, so the
// integral is split at every shift; each finite piece is integrated by
// adaptive Gauss–Kronrod quadrature (7 and 15 points, Piessens et al.,
// QUADPACK, 1983), and the tail after the last shift over intervals of
// doubling width starting at the smallest positive Mean, until the
// survival function, times n and the largest Mean, falls below 1e-16 of
// the result. The requested absolute error is 1e-12 of the scale of the
// result (its lower bound a plus the largest Mean); the Kronrod estimate
// is conservative: the package tests measure relative errors of 4e-16
// against the closed form of [OrderStatisticMean], and below 1e-13 for a
// constant mixed with an exponential. The cost is a few hundred
// evaluations of [KthCDF], about 20 µs for six replicas.
//
// Special cases are:
//
//	KthMean(k, xs) = 0     if k ≤ 0 (nothing to wait for)
//	KthMean(k, xs) = +Inf  if k > len(xs) or fewer than k delays are finite
//	KthMean(k, xs) = NaN   if some xs[i] is invalid
func KthMean(k int, xs []ShiftedExp) float64 {
	switch {
	case !validShiftedExps(xs):
		return math.NaN()
	case k <= 0:
		return 0
	case k > len(xs):
		return math.Inf(1)
	}
	shiftOf := func(x ShiftedExp) float64 {
		if x.never() {
			return math.Inf(1)
		}
		return x.Shift
	}
	a, ok := kthSmallest(k, xs, shiftOf)
	if !ok {
		return math.Inf(1)
	}
	var minMean, maxMean float64 = math.Inf(1), 0
	for _, x := range xs {
		if !x.never() && x.Mean > 0 {
			minMean = math.Min(minMean, x.Mean)
			maxMean = math.Max(maxMean, x.Mean)
		}
	}
	surv := func(t float64) float64 {
		_, s := kthCDFSurv(k, xs, t)
		return s
	}
	tol := 1e-12 * (math.Abs(a) + maxMean)
	if tol == 0 {
		tol = 1e-300
	}
	// Integrate between consecutive shifts above a, in increasing order.
	var sum float64
	left := a
	for {
		next := math.Inf(1)
		for _, x := range xs {
			if s := shiftOf(x); s > left && s < next {
				next = s
			}
		}
		if math.IsInf(next, 1) {
			break
		}
		sum += adaptiveGK(surv, left, next, tol, 0)
		left = next
	}
	// Tail: the survival function is a sum of decaying exponentials.
	if minMean > 0 && !math.IsInf(minMean, 1) {
		n := float64(len(xs))
		w := minMean
		for range 2000 {
			s := surv(left)
			if s == 0 || s*n*maxMean <= 1e-16*(math.Abs(a)+sum) {
				break
			}
			sum += adaptiveGK(surv, left, left+w, tol, 0)
			left += w
			w *= 2
		}
	}
	return a + sum
}

// Gauss–Kronrod 7–15 nodes and weights on [−1, 1] (QUADPACK qk15): xgk
// are the Kronrod abscissae in decreasing order (the odd-indexed ones are
// the Gauss points), wgk the Kronrod weights and wg the Gauss weights.
var (
	xgk = [8]float64{
		0.991455371120812639206854697526329,
		0.949107912342758524526189684047851,
		0.864864423359769072789712788640926,
		0.741531185599394439863864773280788,
		0.586087235467691130294144845693013,
		0.405845151377397166906606412076961,
		0.207784955007898467600689403773245,
		0.000000000000000000000000000000000,
	}
	wgk = [8]float64{
		0.022935322010529224963732008058970,
		0.063092092629978553290700663189204,
		0.104790010322250183839876322541518,
		0.140653259715525918745189590510238,
		0.169004726639267902826583426598550,
		0.190350578064785409913256402421014,
		0.204432940075298892414161999234649,
		0.209482141084727828012999174891714,
	}
	wg = [4]float64{
		0.129484966168869693270611432679082,
		0.279705391489276667901467771423780,
		0.381830050505118944950369775488975,
		0.417959183673469387755102040816327,
	}
)

// adaptiveGK integrates f over [a, b] by Gauss–Kronrod 7–15 quadrature,
// bisecting the interval until the difference between the two rules is
// at most tol (halved at each level) or the depth reaches 40.
func adaptiveGK(f func(float64) float64, a, b, tol float64, depth int) float64 {
	c, h := (a+b)/2, (b-a)/2
	fc := f(c)
	k := fc * wgk[7]
	g := fc * wg[3]
	for j := range 7 {
		x := h * xgk[j]
		s := f(c-x) + f(c+x)
		k += wgk[j] * s
		if j%2 == 1 {
			g += wg[j/2] * s
		}
	}
	k *= h
	g *= h
	if math.Abs(k-g) <= tol || depth >= 40 {
		return k
	}
	return adaptiveGK(f, a, c, tol/2, depth+1) + adaptiveGK(f, c, b, tol/2, depth+1)
}
