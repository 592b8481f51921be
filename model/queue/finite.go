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
	// ln pₖ up to a constant, term by term; then the sums over k ≥ c of
	// pₖ, pₖ·m and pₖ·m(m + 1), m = k − c + 1 (an Erlang's first two
	// moments in units of 1/(c·μ)), scaled by their own largest term, so
	// that a wait hundreds of orders of magnitude below the idle state
	// still has a shape (the fuzz test of 2026-11-27: m₁² underflowed and
	// the shape came out +Inf).
	lnA, c := math.Log(a), float64(servers)
	next := func(l float64, k int) float64 { // ln pₖ from ln pₖ₋₁
		return l + math.Log(float64(others-k+1)) + lnA - math.Log(math.Min(float64(k), c))
	}
	top, topWait := 0.0, math.Inf(-1)
	for k, l := 1, 0.0; k <= others; k++ {
		l = next(l, k)
		top = math.Max(top, l)
		if k >= servers {
			topWait = math.Max(topWait, l)
		}
	}
	all, m0, m1, m2 := math.Exp(-top), 0.0, 0.0, 0.0 // k = 0's term, then the others
	for k, l := 1, 0.0; k <= others; k++ {
		l = next(l, k)
		all += math.Exp(l - top)
		if k >= servers {
			m, p := float64(k-servers+1), math.Exp(l-topWait)
			m0 += p
			m1 += p * m
			m2 += p * m * (m + 1)
		}
	}
	return m0 * math.Exp(topWait-top) / all, m1 / m0, m2*m0/(m1*m1) - 1
}
