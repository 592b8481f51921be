package dist

import "math"

// rootSearch is the search for the t in (a, b) with S(t) = q that solveSF
// (Newton steps on a survival function and its density) and fitted.solve
// (Halley steps with the density's slope too) share. It works on
// g(t) = ln S(t) − ln q (logAbove), which is linear in an exponential tail, taking
// the method's steps safeguarded as in rtsafe (Press et al., Numerical
// Recipes, 3rd ed., 2007, §9.4): a step that leaves the bracket, fails to
// halve the step before last or, while b is unknown, goes beyond doubling
// is replaced by bisection (by doubling while b is unknown), so it also
// converges to a jump of S. It stops on a step below 1/16 of the relative
// tolerance, on a bracket within it, or when the error of a step is
// predicted below that from two sides, by two successive steps,
// |step|·(step/previous)² (the error of a quadratically converging one),
// and by the method's own estimate, and settled vouches for the step.
type rootSearch struct {
	// eval evaluates S at t with its density and, where the method knows
	// it, the density's slope (e; NaN otherwise).
	eval func(t float64) point
	// step returns the method's step from an evaluation and the predicted
	// error of its result (NaN: none); a step of +Inf or NaN is none.
	step func(p point) (step, err float64)
	// start returns where to begin once a bracket had to be searched for,
	// given its last evaluation at the bound b, the bracket's a, the false
	// position t and the step0 given.
	start func(last point, a, t, step0 float64) (float64, float64)
	// settled vouches for a step from t to next whose error is predicted
	// below lim (see fitted.settled).
	settled func(t, next, lim float64) bool
}

// solve returns the t in (a, b) with S(t) = q, S continuous and decreasing
// on (a, b) with S(a) = sa > q and S(b) ≤ q (b may be +Inf if no finite
// bound is known), starting from t0 if it is inside (a, b) (sa is then not
// needed; step0 is the step that gave t0, or NaN), and from false position
// on g otherwise. It also returns its last evaluation.
func (r rootSearch) solve(q, a, sa, b, t0, step0, tol float64) (float64, point) {
	lq := math.Log(q)
	last := point{t: math.NaN()}
	t := t0
	if !(t > a && t < b) {
		if !(b < math.Inf(1)) {
			b = 2*a + 1e-300 // no bound below the resolution of a: search upward
		}
		last = r.eval(b)
		for last.s > q {
			// The bound is the root to rounding (an exponential's is
			// exact), or, failing that, too tight: widen it.
			if last.d > 0 {
				if step := logAbove(last.s, lq) * last.s / last.d; step <= tol/16*b {
					return b + step, last
				}
			}
			a, sa = b, last.s
			b = 2*b + 1e-300
			if math.IsInf(b, 1) {
				return b, last
			}
			last = r.eval(b)
		}
		t, step0 = r.start(last, a, falsePosition(a, logAbove(sa, lq), b, logAbove(last.s, lq)), step0)
	}
	dx, dxOld := b-a, b-a
	prev := step0 // the last step (NaN after a bisection)
	for range 300 {
		last = r.eval(t)
		if last.s > q {
			a = t
		} else {
			b = t
		}
		step, err := r.step(last)
		next := t + step
		if next >= a && next <= b {
			lim := tol / 16 * next
			ratio := step / prev
			if (math.Abs(step) <= tol/16*t || math.Abs(step)*ratio*ratio <= lim && err <= lim) && r.settled(t, next, lim) {
				// A step well inside the tolerance: the linearisation
				// can be trusted.
				return next, last
			}
		}
		// Without an upper bound a step goes at most as far as doubling
		// would: across a gap between a mixture's components the density
		// is next to nothing and the Newton step astronomical, from where
		// bisecting back takes more steps than there are (review of
		// 2026-11-27: a quorum of standbys whose replay pauses came out
		// +Inf).
		far := !(b < math.Inf(1)) && next > 2*t+1e-300
		if next > a && next <= b && math.Abs(step) <= math.Abs(dxOld)/2 && !far {
			dxOld, dx = dx, step
			t, prev = next, step
			continue
		}
		prev = math.NaN()
		if !(b < math.Inf(1)) {
			// No upper bound yet: search upward.
			dxOld, dx = dx, t+1e-300
			t = 2*t + 1e-300
			continue
		}
		// A bisection: the root is within dx of the midpoint.
		dxOld, dx = dx, (b-a)/2
		t = a + dx
		if dx <= tol*t {
			return t, last
		}
	}
	return b, last
}

// logAbove is g = ln S − ln q at S = s, lq = ln q, with S floored at
// 10⁻³⁰⁰ (its logarithm stays finite).
func logAbove(s, lq float64) float64 { return math.Log(max(s, 1e-300)) - lq }
