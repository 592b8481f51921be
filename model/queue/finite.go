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
