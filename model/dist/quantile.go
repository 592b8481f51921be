package dist

import (
	"fmt"
	"math"
)

// relTol is the relative tolerance of every quantile.
const relTol = 1e-9

// sf returns the survival function P(X > t) of m and its density at t
// (the density of the continuous part; atoms add none).
func (m *Mixture) sf(t float64) (surv, dens float64) {
	if m.n == 0 {
		if t < 0 {
			return 1, 0
		}
		return 0, 0
	}
	for i := range m.n {
		s, d := m.f[i].sf(t)
		surv += m.c[i].Prob * s
		dens += m.c[i].Prob * d
	}
	return min(surv, 1), dens
}

// CDF returns P(X ≤ t), the exact cumulative distribution function of the
// mixture of fitted shapes:
//
//	F(t) = Σᵢ pᵢ·Fᵢ(t − sᵢ)
//
// with Fᵢ the shape of component i (a step for an atom).
func (m Mixture) CDF(t float64) float64 {
	s, _ := m.sf(t)
	return 1 - s
}

// Quantile returns the smallest t, in seconds, with CDF(t) ≥ p, to a
// relative tolerance of 1e-9. It solves the exact mixture CDF: atoms are
// located by binary search over their positions (the CDF jumps there), and
// between atoms a Newton iteration on ln(1 − F), safeguarded by bisection
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
	return m.quantileSF(1 - p)
}

// Percentiles returns the 50th, 95th and 99th percentiles of m, in seconds.
func (m Mixture) Percentiles() (p50, p95, p99 float64) {
	return m.quantileSF(0.5), m.quantileSF(0.05), m.quantileSF(0.01)
}

// quantileSF returns the smallest t with P(X > t) ≤ q, 0 ≤ q ≤ 1.
func (m *Mixture) quantileSF(q float64) float64 {
	if m.n == 0 {
		return 0
	}
	// Atoms in ascending position (components are sorted by Shift+Mean,
	// which is an atom's position), the mass at +Inf, and the continuous
	// components' earliest start.
	var at, am [MaxComponents]float64
	na := 0
	inf, cont := 0.0, 0.0
	cmin := math.Inf(1)
	for i := range m.n {
		f, p := &m.f[i], m.c[i].Prob
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
			return min(cmin, at[0])
		}
		return min(cmin, math.Inf(1))
	case cont > 0 && q <= inf, q < inf:
		return math.Inf(1)
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
		s, _ := m.sf(at[j])
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
		return at[min(j, na-1)]
	}
	if j < na && sHi+am[j] > q {
		return at[j] // the CDF jumps across 1 − q at this atom
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
		u := 0.0
		for i := range m.n {
			if f := &m.f[i]; f.kind != kindAtom && f.kind != kindInf {
				u = max(u, f.upper(qc))
			}
		}
		if u > a {
			b = min(b, u)
		}
	}
	return m.solve(q, a, sA, b)
}

// upper returns a time u with P(X > u) ≤ q for a continuous shape:
//
//	Exp, H2:          off + ln(1/q)/r_min            (the slowest phase)
//	Erlang(n, α)+Exp(β): off + 2·(n·ln 2 + ln(1/q))/α + ln(1/q)/β
//
// the latter from the Chernoff bound P(Y > y) ≤ E[e^(θY)]·e^(−θy) with
// θ = α/2 for the Erlang part, plus the exact exponential quantile.
func (s *shape) upper(q float64) float64 {
	l := -math.Log(q)
	switch s.kind {
	case kindExp:
		return s.off + l/s.r1
	case kindHyper:
		return s.off + l/min(s.r1, s.r2)
	}
	return s.off + 2*(float64(s.k)*math.Ln2+l)/s.r1 + l/s.r2
}

// solve returns the t in (a, b) with P(X > t) = q, where the survival
// function is continuous and decreasing on (a, b), P(X > a) = sa > q and
// P(X > b) ≤ q. It runs Newton's method on g(t) = ln S(t) − ln q,
// g' = −f/S, falling back to bisection whenever a step leaves the bracket.
func (m *Mixture) solve(q, a, sa, b float64) float64 {
	lq := math.Log(q)
	sb, _ := m.sf(b)
	if sb > q {
		// Guard against rounding in the bound: widen until it holds.
		for i := 0; i < 64 && sb > q; i++ {
			a, sa = b, sb
			b = 2*b + 1e-300
			sb, _ = m.sf(b)
		}
	}
	// Start at the point where ln S, interpolated linearly between the
	// bracket ends, crosses ln q: exact for an exponential tail.
	la, lb := math.Log(sa), math.Log(max(sb, 1e-300))
	t := a + (b-a)*(la-lq)/(la-lb)
	if !(t > a && t < b) {
		t = a + (b-a)/2
	}
	for range 100 {
		s, d := m.sf(t)
		if s > q {
			a = t
		} else {
			b = t
		}
		var next float64
		if s > 0 && d > 0 {
			next = t + (math.Log(s)-lq)*s/d
		}
		if !(next > a && next < b) {
			next = a + (b-a)/2
		}
		if math.Abs(next-t) <= relTol*next || b-a <= relTol*b {
			return next
		}
		t = next
	}
	return t
}
