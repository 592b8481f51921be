package dist

import (
	"fmt"
	"math"
)

// relTol is the relative tolerance of every quantile.
const relTol = 1e-9

// fitted is a Mixture with the fitted shapes of its components, ready to
// evaluate. Mixture itself holds only the moments, so that Plus, which
// creates components in bulk, does not fit shapes that no one evaluates.
type fitted struct {
	n     int
	total float64                // Σ p, 1 up to rounding
	p     [MaxComponents]float64 // probabilities
	f     [MaxComponents]shape   // shapes, in the order of the components
}

// fit returns m with its shapes fitted.
func (m *Mixture) fit() (x fitted) {
	m.fitInto(&x)
	return x
}

// fitInto sets x to m with its shapes fitted, in place.
func (m *Mixture) fitInto(x *fitted) {
	if m.n == 0 {
		x.n, x.total, x.p[0], x.f[0] = 1, 1, 1, shape{kind: kindAtom}
		return
	}
	x.n = m.n
	total := 0.0
	for i := range m.n {
		c := &m.c[i]
		x.p[i] = c.Prob
		x.f[i] = fitShape(c)
		total += c.Prob
	}
	x.total = total
}

// sf returns the survival function P(X > t) and the density at t (of the
// continuous part; atoms add none). Dividing by the total probability,
// summed in the same order, makes the survival function exactly 1 below
// the support and keeps it monotone under rounding.
func (x *fitted) sf(t float64) (surv, dens float64) {
	for i := range x.n {
		s, d := x.f[i].sf(t)
		surv += x.p[i] * s
		dens += x.p[i] * d
	}
	return surv / x.total, dens / x.total
}

// sf3 is sf with the derivative of the density.

func (x *fitted) sf3(t float64) (surv, dens, slope float64) {
	for i := range x.n {
		s, d, e := x.f[i].sf3(t)
		surv += x.p[i] * s
		dens += x.p[i] * d
		slope += x.p[i] * e
	}
	return surv / x.total, dens / x.total, slope / x.total
}

// rate returns the fastest rate λ still at work at t: over the continuous
// components started by t, the Erlang stages' rate while they are under
// way, α·(t − off) < 2n + 40, and the exponential's after, unless it too
// has decayed below e⁻⁵⁰ (the component no longer counts). Near the start
// of a component with fast stages the derivatives of higher order grow as
// powers of λ, and the error of a Newton or Halley step of size h as
// |h|·(λh)²; two successive steps' ratio need not show it.
func (x *fitted) rate(t float64) float64 {
	lam := 0.0
	for i := range x.n {
		f := &x.f[i]
		if f.kind == kindAtom || f.kind == kindInf || f.off >= t {
			continue
		}
		x := t - f.off
		r := f.r1
		if f.kind == kindHyper && r*x >= 40 || f.kind == kindHypo && r*x >= 2*float64(f.k)+40 {
			r = f.r2
		}
		if r*x < 50 {
			lam = max(lam, r)
		}
	}
	return lam
}

// settled reports whether the step from t to next can be trusted to the
// absolute error lim on the grounds that the convergence test cannot see:
// no component starts between them (where the derivatives jump), and the
// step is small on the scale of the fastest rate at work (see rate).
func (x *fitted) settled(t, next, lim float64) bool {
	lo, hi := min(t, next), max(t, next)
	lh := x.rate(lo) * (hi - lo)
	return x.smooth(lo, hi) && (hi-lo)*lh*lh <= lim
}

// smooth reports whether no component starts in (lo, hi] (an atom is a
// jump, a continuous component a kink): the survival function and its
// derivatives are continuous there.
func (x *fitted) smooth(lo, hi float64) bool {
	for i := range x.n {
		if f := &x.f[i]; f.kind != kindInf && f.off > lo && f.off <= hi {
			return false
		}
	}
	return true
}

// CDF returns P(X ≤ t), the exact cumulative distribution function of the
// mixture of fitted shapes:
//
//	F(t) = Σᵢ pᵢ·Fᵢ(t − sᵢ)
//
// with Fᵢ the shape of component i (a step for an atom).
func (m Mixture) CDF(t float64) float64 {
	var x fitted
	m.fitInto(&x)
	s, _ := x.sf(t)
	return 1 - s
}

// Quantile returns the smallest t, in seconds, with CDF(t) ≥ p, to a
// relative tolerance of 1e-9. It solves the exact mixture CDF: atoms are
// located by binary search over their positions (the CDF jumps there), and
// between atoms a Halley iteration on ln(1 − F), safeguarded by bisection
// inside a bracket from per-component tail bounds, finds the root.
//
// Special cases are:
//
//	Quantile(0) = the lower end of the support (the smallest shift)
//	Quantile(1) = the largest atom, or +Inf if a component is not an atom
//	Quantile(p) = +Inf  if p > 1 − P(saturated)
//
// It panics if p is outside [0, 1].
func (m Mixture) Quantile(p float64) float64 {
	if !(p >= 0 && p <= 1) {
		panic(fmt.Sprintf("dist: Quantile(%g): probability outside [0, 1]", p))
	}
	var x fitted
	m.fitInto(&x)
	return x.quantile(p)
}

// Percentiles returns the 50th, 95th and 99th percentiles of m, in
// seconds, as Quantile does; where two of them agree within Quantile's
// tolerance the larger is made no smaller than the other.
func (m Mixture) Percentiles() (p50, p95, p99 float64) {
	// p95 is solved as Quantile solves it, so that the two agree exactly;
	// its last evaluation starts the other two.
	var x fitted
	m.fitInto(&x)
	inf := math.Inf(1)
	p95, near := x.level(above(0.95), inf, point{t: math.NaN()}, relTol)
	p99, _ = x.level(above(0.99), inf, near, relTol)
	p50, _ = x.level(above(0.5), p95, near, relTol)
	p95 = max(p95, p50)
	p99 = max(p99, p95)
	return p50, p95, p99
}

// quantile returns the smallest t with P(X ≤ t) ≥ p.
func (x *fitted) quantile(p float64) float64 {
	return x.quantileSF(above(p), math.Inf(1))
}

// above returns 1 − p in float64 arithmetic (a constant 1 − 0.95 would be
// exact, and not the level Quantile(0.95) solves).
func above(p float64) float64 { return 1 - p }

// quantileSF returns the smallest t with P(X > t) ≤ q, 0 ≤ q ≤ 1, given
// that it is at most hint (+Inf if unknown).
func (x *fitted) quantileSF(q, hint float64) float64 {
	t, _ := x.level(q, hint, point{t: math.NaN()}, relTol)
	return t
}

// point is an evaluation of the survival function S, the density f and
// its slope f′ at t (t is NaN for none), and optionally an earlier point
// (pt, ln S(pt)) = (pt, pl) of the same function (pt NaN or 0 if none).
type point struct{ t, s, d, e, pt, pl float64 }

// halley returns the Halley step on g = ln S − ln q from p, or NaN.
func (p *point) halley(q float64) float64 {
	if !(p.s > 0 && p.d > 0) {
		return math.NaN()
	}
	g1 := -p.d / p.s
	k := (-p.e/p.s - g1*g1) / (2 * g1) // g″/(2g′)
	step := math.Log(p.s/q) * p.s / p.d
	if h := 1 + step*k; h > 0.5 && h < 2 {
		step /= h
	}
	return step
}

// level is quantileSF to the relative tolerance tol, starting from a
// Halley step from the evaluation near, if it has one (an earlier level's
// last). It also returns the last evaluation it made (t NaN if none).
//
// Where the branches below the level carry exactly its mass (a read that
// goes to a local replica or a remote one, RF/N = ½), S stays at q across
// the gap to the next branch, rounded to q once the lower branches' tails
// fall below an ulp, and any t in the gap solves S(t) = q in floating
// point: the search stopped wherever it first met one (review of
// 2026-11-27: a median of 0.95, 3.25 or 12.3 ms between branches at 0.3
// and 15.3 ms, moved by inputs that changed neither). In exact arithmetic
// S exceeds q until the next branch starts, so the quantile is that
// start. Where S is that flat at the root (f·t/S below flatAt), the level
// is solved again a relative plateauLevel lower, which floating point
// resolves: across a gap the next branch's start; where S is only flat
// (f·t/S between 10⁻¹⁰ and flatAt), a root later by a relative
// plateauLevel/(f·t/S), at least 10⁻⁹ and at most 10⁻³, the smallest t
// whose CDF exceeds p by plateauLevel·q.
func (x *fitted) level(q, hint float64, near point, tol float64) (float64, point) {
	t, last := x.levelOnce(q, hint, near, tol)
	if last.t > 0 && last.d*last.t < flatAt*last.s {
		return x.levelOnce(q*(1-plateauLevel), hint, point{t: math.NaN()}, tol)
	}
	return t, last
}

// flatAt and plateauLevel are level's test for a root in a gap and its
// step across it: inside a branch f·t/S is of order one at a root, in a
// gap below 10⁻¹⁰; 10⁻¹³ of 0.5 is 450 ulps.
const (
	flatAt       = 1e-4
	plateauLevel = 1e-13
)

// levelOnce is level without its step across a gap.
func (x *fitted) levelOnce(q, hint float64, near point, tol float64) (float64, point) {
	none := point{t: math.NaN()}
	// Atoms in ascending position (components are sorted by Shift+Mean,
	// which is an atom's position), the mass at +Inf, and the continuous
	// components' earliest start.
	var at, am [MaxComponents]float64
	na := 0
	inf, cont := 0.0, 0.0
	cmin := math.Inf(1)
	for i := range x.n {
		f, p := &x.f[i], x.p[i]
		switch f.kind {
		case kindInf:
			inf += p
		case kindAtom:
			if na > 0 && at[na-1] == f.off {
				am[na-1] += p
			} else {
				at[na], am[na] = f.off, p
				na++
			}
		default:
			cont += p
			cmin = min(cmin, f.off)
		}
	}
	switch {
	case q >= 1:
		if na > 0 {
			return min(cmin, at[0]), none
		}
		return min(cmin, math.Inf(1)), none
	case cont > 0 && q <= inf, q < inf:
		return math.Inf(1), none
	}
	// suf[j] is the mass of the atoms at[j:]; sAt(j) = P(X > at[j]),
	// which below cmin needs no evaluation.
	var suf [MaxComponents + 1]float64
	for j := na - 1; j >= 0; j-- {
		suf[j] = suf[j+1] + am[j]
	}
	sAt := func(j int) float64 {
		if cont == 0 || at[j] < cmin {
			return inf + cont + suf[j+1]
		}
		s, _ := x.sf(at[j])
		return s
	}
	// Smallest atom j with P(X > at[j]) ≤ q (j = na if none).
	lo, hi := 0, na
	sLo, sHi := 1.0, 0.0 // P(X > at[lo-1]), P(X > at[hi])
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if s := sAt(mid); s <= q {
			hi, sHi = mid, s
		} else {
			lo = mid + 1
			sLo = s
		}
	}
	j := lo
	if cont == 0 {
		return at[min(j, na-1)], none
	}
	if j < na && sHi+am[j] > q {
		return at[j], none // the CDF jumps across 1 − q at this atom
	}
	// The root lies in (a, b), where only continuous components vary and
	// the mass beyond (saturated, atoms from at[j]) stays above it.
	a, sA := cmin, inf+cont+suf[j]
	if j > 0 && at[j-1] >= cmin {
		a, sA = at[j-1], sLo
	}
	b := math.Inf(1)
	if j < na {
		b = at[j]
	}
	// Upper bound: every continuous component below the survival level
	// (q − beyond)/cont.
	if qc := (q - inf - suf[j]) / cont; qc > 0 {
		u, l := 0.0, -math.Log(qc)
		for i := range x.n {
			if f := &x.f[i]; f.kind != kindAtom && f.kind != kindInf {
				u = max(u, f.upper(l))
			}
		}
		if u > a {
			b = min(b, u)
		}
	}
	if hint > a {
		b = min(b, hint)
	}
	t0, step := math.NaN(), math.NaN()
	if near.t > a && near.t < b {
		if near.s > q {
			a, sA = near.t, near.s
		} else {
			b = near.t
		}
		step = near.halley(q)
		t0 = near.t + step
	}
	if !(t0 > a && t0 < b) {
		t0 = x.start(q, a, sA)
	}
	return x.solve(q, a, sA, b, t0, step, tol)
}

// start returns a first guess at the root in (a, …) of S(t) = q from the
// exponential components that start at a, S(a) = sa > q: the root if the
// rest of the mass stayed where it is while the most probable of them
// decays, p·e^(−r·x) + (sa − p) = q; NaN if none reaches q so. A median in a
// fast component (a CPU's queueing, near an atom) otherwise takes a
// dozen bisections from a bracket on the scale of the slower ones.
func (x *fitted) start(q, a, sa float64) float64 {
	best, t := 0.0, math.NaN()
	for i := range x.n {
		f, p := &x.f[i], x.p[i]/x.total
		if f.kind != kindExp || f.off != a || p <= best {
			continue
		}
		if left := (q - sa + p) / p; left > 0 && left < 1 {
			best, t = p, a-math.Log(left)*f.m1
		}
	}
	return t
}

// upper returns a time u with P(X > u) ≤ q for a continuous shape, given
// l = ln(1/q):
//
//	Exp, H2:             off + l/r_min   (the slowest phase)
//	Erlang(n, α)+Exp(β): off + 2·(n·ln 2 + l′)/α + l′/β,  l′ = l + ln 2
//
// the latter the sum of the points where the Erlang part and the
// exponential each exceed with probability q/2: the Chernoff bound
// P(Y > y) ≤ E[e^(θY)]·e^(−θy) = 2ⁿ·e^(−αy/2) at θ = α/2, and the exact
// exponential quantile.
func (s *shape) upper(l float64) float64 {
	switch s.kind {
	case kindExp:
		return s.off + l*s.m1
	case kindHyper:
		return s.off + l*max(s.m1, s.m2)
	}
	l += math.Ln2 // each part below q/2
	return s.off + 2*(float64(s.k)*math.Ln2+l)*s.m1 + l*s.m2
}

// solveSF returns the t in (a, b) with S(t) = q for a survival function
// S, evaluated with its density by sf, that is continuous and decreasing
// on (a, b) with S(a) = sa > q and S(b) ≤ q (b may be +Inf if no finite
// bound is known), starting from t0 if it is inside (a, b) (sa is then
// not needed; step0 is the Newton step that gave t0, or NaN, and from an
// evaluation of sf it was taken from, t NaN if none) and from false
// position on g otherwise. It takes Newton steps (g′ = −f/S) in
// rootSearch, whose error beyond the convergence of two successive steps
// is predicted by the curvature from the last two evaluations,
// |g″/(2g′)|·step², and settled vouches for the step (see
// fitted.settled). It also returns its last evaluation.
func solveSF(sf func(float64) (float64, float64), settled func(t, next, lim float64) bool, q, a, sa, b, t0, step0, tol float64, from point) (float64, point) {
	lq := math.Log(q)
	pt, pg := from.t, -from.d/from.s // the evaluation before: t and g′
	r := rootSearch{
		eval: func(t float64) point {
			s, d := sf(t)
			return point{t: t, s: s, d: d, e: math.NaN()}
		},
		settled: settled,
		start: func(last point, _, t, step0 float64) (float64, float64) {
			pt, pg = last.t, -last.d/last.s
			return t, step0
		},
		step: func(p point) (step, err float64) {
			if !(p.s > 0 && p.d > 0) {
				return math.Inf(1), math.NaN()
			}
			step = logAbove(p.s, lq) * p.s / p.d
			// g″/(2g′) by the difference of g′ from the evaluation before.
			g1 := -p.d / p.s
			k := (g1 - pg) / (p.t - pt) / (2 * g1)
			pt, pg = p.t, g1
			return step, math.Abs(k) * step * step
		},
	}
	return r.solve(q, a, sa, b, t0, step0, tol)
}

// solve returns the t in (a, b) with S(t) = q, where the mixture's
// survival function S is continuous and decreasing on (a, b) with
// S(a) = sa > q and S(b) ≤ q (b may be +Inf if no finite bound is known),
// starting from t0 if it is inside (a, b). It takes Halley steps (g′ =
// −f/S, g″ = −f′/S − g′², from the exact density and its slope) in
// rootSearch, the first from the bound where that search found one, whose
// error beyond the convergence of two successive steps is the leading term
// of a Halley step's, (g″/(2g′))²·|step|³, with no component starting
// between t and the result (settled: where g′ may jump).
func (x *fitted) solve(q, a, sa, b, t0, step0, tol float64) (float64, point) {
	lq := math.Log(q)
	r := rootSearch{
		eval: func(t float64) point {
			s, d, e := x.sf3(t)
			return point{t: t, s: s, d: d, e: e}
		},
		settled: x.settled,
		start: func(last point, a, t, step0 float64) (float64, float64) {
			if h := last.halley(q); last.t+h > a && last.t+h < last.t {
				return last.t + h, h // from the bound, last.t
			}
			return t, step0
		},
		step: func(p point) (step, err float64) {
			if !(p.s > 0 && p.d > 0) {
				return math.NaN(), math.NaN()
			}
			g1 := -p.d / p.s
			k := (-p.e/p.s - g1*g1) / (2 * g1)   // g″/(2g′)
			step = logAbove(p.s, lq) * p.s / p.d // Newton
			if h := 1 + step*k; h > 0.5 && h < 2 {
				step /= h // Halley
			}
			return step, k * k * math.Abs(step*step*step)
		},
	}
	return r.solve(q, a, sa, b, t0, step0, tol)
}

// falsePosition returns the root of the line through (a, ga) and (b, gb),
// ga > 0 ≥ gb, or the midpoint if that is not inside (a, b].
func falsePosition(a, ga, b, gb float64) float64 {
	if t := (a*gb - b*ga) / (gb - ga); t > a && t <= b {
		return t
	}
	return a + (b-a)/2
}
