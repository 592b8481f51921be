package queue

import "math"

// MMc is an M/M/c queue: Poisson arrivals, exponential service times, c
// identical servers and one FCFS waiting line without limit (Kleinrock
// 1975, §3.5; Gross, Shortle, Thompson, Harris 2008, §2.3).
//
// The zero value has no server and is saturated. Its methods do not
// allocate.
type MMc struct {
	// Servers is the number of servers c; at least 1. With fewer than 1
	// the queue is saturated.
	Servers int
	// Arrival is the arrival rate λ, per second; at least 0.
	Arrival float64
	// Service is the mean service time S = 1/μ, in seconds; at least 0.
	Service float64
}

// state classifies q for its methods.
type mmcState int

const (
	mmcInvalid   mmcState = iota // NaN or negative parameter
	mmcSaturated                 // ρ ≥ 1 or no server
	mmcIdle                      // no queue ever forms: λ = 0 or S = 0
	mmcStable                    // 0 < ρ < 1
)

// load returns the offered load a = λ·S in Erlangs and the state of q.
func (q MMc) load() (float64, mmcState) {
	switch {
	case math.IsNaN(q.Arrival) || math.IsNaN(q.Service) || q.Arrival < 0 || q.Service < 0:
		return math.NaN(), mmcInvalid
	case q.Servers < 1:
		return math.Inf(1), mmcSaturated
	case q.Arrival == 0 || q.Service == 0:
		return 0, mmcIdle
	}
	a := q.Arrival * q.Service
	if a >= float64(q.Servers) {
		return a, mmcSaturated
	}
	return a, mmcStable
}

// Utilization returns the utilisation of each server, the offered load
// divided by the number of servers (Kleinrock 1975, §3.5):
//
//	ρ = λ·S / c
//
// A value of 1 or more means the queue is saturated; it is not capped.
//
// Special cases are:
//
//	Utilization() = +Inf  if Servers < 1
//	Utilization() = 0     if Arrival = 0 or Service = 0
//	Utilization() = NaN   if Arrival or Service is negative or NaN
func (q MMc) Utilization() float64 {
	a, s := q.load()
	switch s {
	case mmcInvalid:
		return math.NaN()
	case mmcSaturated:
		if q.Servers < 1 {
			return math.Inf(1)
		}
	}
	return a / float64(q.Servers)
}

// WaitProbability returns the probability that an arrival finds every
// server busy and has to wait, the Erlang C formula [ErlangC] with offered
// load a = λ·S:
//
//	P(wait) = C(c, a)
//
// Special cases are:
//
//	WaitProbability() = 1    if ρ ≥ 1 or Servers < 1
//	WaitProbability() = 0    if Arrival = 0 or Service = 0
//	WaitProbability() = NaN  if Arrival or Service is negative or NaN
func (q MMc) WaitProbability() float64 {
	a, s := q.load()
	switch s {
	case mmcInvalid:
		return math.NaN()
	case mmcSaturated:
		return 1
	case mmcIdle:
		return 0
	}
	return ErlangC(q.Servers, a)
}

// Wait returns the mean time an arrival spends in the waiting line before
// its service starts (Kleinrock 1975, §3.5; Gross et al. 2008, §2.3):
//
//	W = C(c, a) / (c·μ − λ) = C(c, a)·S / (c − a)
//
// Special cases are:
//
//	Wait() = +Inf  if ρ ≥ 1 or Servers < 1
//	Wait() = 0     if Arrival = 0 or Service = 0
//	Wait() = NaN   if Arrival or Service is negative or NaN
func (q MMc) Wait() float64 {
	a, s := q.load()
	switch s {
	case mmcInvalid:
		return math.NaN()
	case mmcSaturated:
		return math.Inf(1)
	case mmcIdle:
		return 0
	}
	return ErlangC(q.Servers, a) * q.Service / (float64(q.Servers) - a)
}

// Response returns the mean response (sojourn) time, the wait plus the
// service:
//
//	R = W + S
//
// Special cases are:
//
//	Response() = +Inf     if ρ ≥ 1 or Servers < 1
//	Response() = Service  if Arrival = 0
//	Response() = NaN      if Arrival or Service is negative or NaN
func (q MMc) Response() float64 { return q.Wait() + q.Service }

// ResponseQuantile returns the p-quantile of the response (sojourn) time
// T, the smallest t with P(T ≤ t) ≥ p. Under FCFS the service time is
// independent of the wait, which is 0 with probability 1 − C and Exp(γ),
// γ = c·μ − λ, with probability C = C(c, a) (Gross et al. 2008, §2.3). So
// T is Exp(μ) with probability 1 − C and the hypoexponential
// Exp(μ) + Exp(γ) with probability C, and its survival function is
//
//	P(T > t) = e^(−μt) + C·(μ/(γ − μ))·(e^(−μt) − e^(−γt))
//	         = e^(−μt) + C·μt·e^(−m·t)·φ(|γ − μ|·t),  m = min(μ, γ)
//	φ(x)     = (1 − e^(−x))/x,  φ(0) = 1
//
// The second form is the one evaluated: it has no cancellation when γ is
// close to μ and is exact at γ = μ, where T is Erlang-2 with probability C.
// The quantile is the root of ln P(T > t) = ln(1 − p), bracketed by
//
//	−ln(1−p)/μ ≤ t ≤ ln(2/(1−p))/μ + max(0, ln(2C/(1−p))/γ)
//
// (the lower bound is the quantile of the service time alone, the upper
// one a union bound over service and wait), and found by Newton's method
// on the log-survival function with the closed-form density, falling back
// to bisection whenever a step leaves the bracket. It converges to a
// relative error of 1e-12 in a few iterations.
//
// Special cases are:
//
//	ResponseQuantile(p) = 0     if p ≤ 0, or Service = 0 and Servers ≥ 1
//	ResponseQuantile(p) = +Inf  if p ≥ 1 and Service > 0
//	ResponseQuantile(p) = +Inf  if ρ ≥ 1 or Servers < 1 (and p > 0)
//	ResponseQuantile(p) = −ln(1−p)·S  if Arrival = 0
//	ResponseQuantile(p) = NaN   if p, Arrival or Service is NaN or
//	                            Arrival or Service is negative
func (q MMc) ResponseQuantile(p float64) float64 {
	a, s := q.load()
	switch {
	case s == mmcInvalid || math.IsNaN(p):
		return math.NaN()
	case p <= 0:
		return 0
	case s == mmcSaturated:
		return math.Inf(1)
	case q.Service == 0:
		return 0
	case p >= 1:
		return math.Inf(1)
	case s == mmcIdle || math.IsInf(q.Service, 1):
		return -math.Log1p(-p) * q.Service
	}
	c := ErlangC(q.Servers, a)
	g := float64(q.Servers) - a // γ/μ, > 0
	return q.Service * sojournQuantile(c, g, p)
}

// phi returns (1 − e^(−x))/x for x ≥ 0, with phi(0) = 1.
func phi(x float64) float64 {
	if x < 1e-8 {
		return 1 - x/2
	}
	return -math.Expm1(-x) / x
}

// sojournQuantile returns the p-quantile, in units of the mean service
// time (μ = 1), of the M/M/c sojourn time with wait probability c and
// γ/μ = g > 0. See MMc.ResponseQuantile.
func sojournQuantile(c, g, p float64) float64 {
	target := math.Log1p(-p) // ln(1 − p) < 0
	l := -target
	m := math.Min(1, g)
	d := math.Abs(g - 1)

	// logSurv returns ln P(T > t) and the hazard rate f(t)/P(T > t), both
	// computed after factoring e^(−m·t) out so that nothing underflows,
	// and through expm1 and log1p so that small quantiles keep their
	// relative precision.
	logSurv := func(t float64) (float64, float64) {
		em1 := math.Expm1(-(1 - m) * t) // e^(−t)/e^(−m·t) − 1, in (−1, 0]
		ct := c * t * phi(d*t)
		sv1 := em1 + ct // P(T > t)/e^(−m·t) − 1
		f := (1-c)*(1+em1) + g*ct
		return -m*t + math.Log1p(sv1), f / (1 + sv1)
	}

	lo := l
	hi := math.Log(2/(1-p)) + math.Max(0, math.Log(2*c/(1-p))/g)
	if hi <= lo {
		return lo
	}

	// Start from the tail asymptote P(T > t) ≈ A·e^(−m·t).
	t := 0.5 * (lo + hi)
	switch {
	case g < 1-1e-3:
		t = (l + math.Log(c/(1-g))) / g
	case g > 1+1e-3:
		t = l + math.Log1p(c/(g-1))
	}
	if !(t >= lo && t <= hi) {
		t = 0.5 * (lo + hi)
	}

	for range 100 {
		ls, hz := logSurv(t)
		h := ls - target // decreasing in t; the root is the quantile
		switch {
		case h > 0:
			lo = t
		case h < 0:
			hi = t
		default:
			return t
		}
		next := t + h/hz
		if !(next >= lo && next <= hi) || hz <= 0 {
			next = 0.5 * (lo + hi)
		}
		if math.Abs(next-t) <= 1e-12*t || hi-lo <= 1e-12*hi {
			return next
		}
		t = next
	}
	return t
}
