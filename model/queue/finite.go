package queue

import "math"

// FiniteSourceWait is the wait of a request at an M/M/c station fed by a
// finite population (the machine-repairman model, M/M/c//N: Gross et al.,
// Fundamentals of Queueing Theory, 4th ed., 2008, §2.8; Kleinrock 1975,
// §3.9), as a request of one of the sources finds it: by the arrival
// theorem, the time-average state of the others = N − 1 sources.
// Each source away from the station comes back at rate a·μ (a = the mean
// service time over the mean time away, μ the service rate), so k of the
// others are at the station with probability
//
//	pₖ ∝ others!/(others − k)! · aᵏ / βₖ,  βₖ = k! for k ≤ c, c!·cᵏ⁻ᶜ beyond,
//
// and a request that finds k ≥ c of them waits for k − c + 1 completions
// at rate c·μ, an Erlang. FiniteSourceWait returns the probability of
// waiting, the mean number of those completions given that it waits (the
// mean wait is pWait·stages/(c·μ)), and the squared coefficient of
// variation of the wait given that it waits: 1 for an infinite population at the same load (the M/M/c's
// exponential wait, the geometric k), less for a finite one, whose queue
// cannot grow beyond it and whose arrivals thin as it grows.
//
// Special cases are:
//
//	FiniteSourceWait(c, others, a) = 0, 0, 1  if others < c, a ≤ 0 or a is NaN (no one waits)
//	FiniteSourceWait(c, others, +Inf) = 1, m, 1/m, m = others − c + 1  (all the others there)
//	FiniteSourceWait(c, others, a) = NaN, NaN, NaN  if c ≤ 0
func FiniteSourceWait(servers, others int, a float64) (pWait, stages, cv2 float64) {
	switch {
	case servers <= 0:
		return math.NaN(), math.NaN(), math.NaN()
	case others < servers || !(a > 0):
		return 0, 0, 1
	case math.IsInf(a, 1):
		m := float64(others - servers + 1)
		return 1, m, 1 / m
	}
	// pₖ up to a constant, term by term from p₀ = 1 (tₖ/tₖ₋₁ =
	// (others − k + 1)·a/min(k, c)), rescaled before it overflows; the
	// sums over k ≥ c of pₖ, pₖ·m and pₖ·m(m + 1), m = k − c + 1 (an
	// Erlang's first two moments in units of 1/(c·μ)). Past the mode the
	// ratio only falls, so the sum stops where the rest, a geometric series
	// at most, is below 10⁻¹⁶ of it: a population of 10,000 costs its
	// mode's few hundred terms, not ten thousand logarithms (an evaluation
	// of 10,000 clients spent 10 ms in them).
	// The waiting states' sums are kept relative to p_c (u = pₖ/p_c),
	// so that a wait far below the idle state, p_c underflowing, keeps its
	// shape (the fuzz test of 2026-11-27: m₁² underflowed to a +Inf cv²).
	const scale, lnScale = 1e-200, -200 * math.Ln10
	c := float64(servers)
	t, all, lnT := 1.0, 1.0, 0.0 // pₖ and Σ pₖ, as t·e^lnT
	lnAt := math.Inf(-1)         // ln p_c
	u, m0, m1, m2 := 1.0, 0.0, 0.0, 0.0
	lnU := 0.0 // u and its sums, as u·e^lnU
	for k := 1; k <= others; k++ {
		r := float64(others-k+1) * a / math.Min(float64(k), c)
		t *= r
		all += t
		switch {
		case k == servers:
			lnAt = math.Log(t) + lnT
		case k > servers:
			u *= r
		}
		if k >= servers {
			m := float64(k - servers + 1)
			m0 += u
			m1 += u * m
			m2 += u * m * (m + 1)
		}
		if t > 1/scale {
			t, all, lnT = t*scale, all*scale, lnT-lnScale
		}
		if u > 1/scale {
			u, m0, m1, m2, lnU = u*scale, m0*scale, m1*scale, m2*scale, lnU-lnScale
		}
		if r < 1 && k >= servers && u < 1e-16*(1-r)*m0 {
			break
		}
	}
	pWait = math.Min(1, math.Exp(lnAt+math.Log(m0)+lnU-math.Log(all)-lnT)) // p_c·Σu/Σp, at most 1 but for rounding
	return pWait, m1 / m0, math.Max(0, (m2/m1)*(m0/m1)-1)                  // ratios: m₁² alone can overflow
}

// FiniteSourceRowWait is the wait of a request at one of rows identical
// single-server FCFS stations that a finite population visits, each visit
// to one of them at random (a hot row's lock among the workload's hot
// rows), as a request of one of the sources finds it: the others =
// N − 1 sources, each away from the stations coming back to them at rate
// a·μ (a = the mean service time over the mean time away, μ the service
// rate, as FiniteSourceWait's). The network is of product form for
// exponential services (BCMP: Baskett et al., JACM 22(2), 1975), so k of
// the others are at the stations with probability
//
//	pₖ ∝ C(k + rows − 1, rows − 1) · others!/(others − k)! · (a/rows)ᵏ,
//
// and given k, every split of them over the rows is equally likely: the
// request's row holds j of them with probability
// C(k − j + rows − 2, rows − 2)/C(k + rows − 1, rows − 1), mean k/rows,
// variance k(k + rows)(rows − 1)/(rows²(rows + 1)), and j ≥ 1 with
// probability k/(k + rows − 1) (Feller, An Introduction to Probability
// Theory, vol. 1, 3rd ed., 1968, §II.5: Bose–Einstein occupancy). A
// request that finds j there waits for j completions, an Erlang.
// It returns, as FiniteSourceWait, the probability of waiting, the mean
// number of completions given that it waits and the squared coefficient
// of variation of the wait given that it waits.
//
// With one row it is FiniteSourceWait with one server. Where the others
// all queue at the rows, a request's row holds a Bose–Einstein share of
// them, cv² about (rows − 1)/(rows + 1): one hot row's queue is the
// clients', nearly constant, and ten hot rows' nearly the open station's
// exponential.
//
// Special cases are:
//
//	FiniteSourceRowWait(rows, others, a) = 0, 0, 1  if others < 1, a ≤ 0 or a is NaN (no one waits)
//	FiniteSourceRowWait(rows, others, +Inf) = the split of all the others over the rows
//	FiniteSourceRowWait(rows, others, a) = NaN, NaN, NaN  if rows ≤ 0
func FiniteSourceRowWait(rows, others int, a float64) (pWait, stages, cv2 float64) {
	switch {
	case rows <= 0:
		return math.NaN(), math.NaN(), math.NaN()
	case others < 1 || !(a > 0):
		return 0, 0, 1
	}
	r := float64(rows)
	// Given k at the rows: P(j ≥ 1), E[j] and E[j(j + 1)] at the
	// request's row.
	given := func(k float64) (p, m1, m2 float64) {
		mean := k / r
		return k / (k + r - 1), mean, k*(k+r)*(r-1)/(r*r*(r+1)) + mean*mean + mean
	}
	if float64(others)*a/r > 1e100 {
		// Every other at the rows but with a probability below about
		// 10⁻⁹⁶: the last state's, to double precision.
		p, m1, m2 := given(float64(others))
		return p, m1 / p, math.Max(0, (m2/m1)*(p/m1)-1)
	}
	// pₖ relative to p₁ (u = pₖ/p₁, p₁/p₀ = others·a), rescaled before it
	// overflows, and p₀/p₁ apart; past the mode the ratio only falls, so
	// the sums stop where the rest is negligible (FiniteSourceWait).
	const scale, lnScale = 1e-100, -100 * math.Ln10 // a step multiplies by at most 10¹⁰⁹ (a billion rows)
	lnFirst := math.Log(float64(others) * a)        // ln(p₁/p₀)
	u, all, m0, m1, m2, lnU := 1.0, 0.0, 0.0, 0.0, 0.0, 0.0
	for k := 1; k <= others; k++ {
		if k > 1 {
			u *= float64(k+rows-1) / float64(k) * float64(others-k+1) * a / r
		}
		p, e1, e2 := given(float64(k))
		all += u
		m0 += u * p
		m1 += u * e1
		m2 += u * e2
		for u > 1/scale {
			u, all, m0, m1, m2, lnU = u*scale, all*scale, m0*scale, m1*scale, m2*scale, lnU-lnScale
		}
		// The next term's ratio to this one, which only falls from here.
		_, _, next := given(float64(k + 1))
		ratio := float64(k+rows) / float64(k+1) * float64(others-k) * a / r * next / e2
		if ratio < 1 && u*e2 < 1e-17*(1-ratio)*m2 {
			break
		}
	}
	// P(wait) = Σ pₖ·P(j ≥ 1 | k) / (p₀ + Σ pₖ), with p₀/Σ pₖ = e^−x.
	x := lnFirst + math.Log(all) + lnU
	return m0 / all / (1 + math.Exp(-x)), m1 / m0, math.Max(0, (m2/m1)*(m0/m1)-1)
}
