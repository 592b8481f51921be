package queue

import "math"

// TokenBucketWait returns the probability that a request waits at a token
// bucket and the mean wait of those that wait, for Poisson requests at
// rate arrival (per second), tokens added at rate (per second) and a
// bucket that holds depth tokens (at least 1). A request takes one token
// and waits, first come first served, while the bucket is empty: the IOPS
// limit of a cloud volume (MODEL.md §2.2: "latency is flat until the
// ceiling, then requests queue"; QEMU's block throttle, util/throttle.c,
// is such a bucket, holding a tenth of a second's rate when no burst is
// set).
//
// The tokens owed, counted in seconds of refill, rise by D = 1/rate at
// each request and drain at unit speed: they are the unfinished work V of
// an M/D/1 queue with service D, and a request waits (V + D − depth·D)⁺,
// i.e. (V − (depth − 1)·D)⁺, with V the M/D/1 waiting time (PASTA). So
// with ρ = arrival/rate:
//
//   - depth = 1 is the M/D/1 queue: P(wait) = ρ and the mean wait of
//     those that wait D/(2(1 − ρ)) (Pollaczek–Khinchine);
//   - beyond, the tail P(V > x) ≈ C·e^(−θx) (Cramér–Lundberg for M/G/1,
//     e.g. Asmussen, Applied Probability and Queues, §XIII.5), with y = θD
//     the positive root of ρ(e^y − 1) = y and C = (1 − ρ)/(ρe^y − 1): a
//     request waits with probability C·e^(−y(depth − 1)), and waits then
//     an exponential of mean D/y;
//   - between depth 1 and 2, P(wait) and the mean wait are interpolated
//     linearly.
//
// Against a simulation of the bucket (the package tests, ρ 0.5, 0.8 and
// 0.95) the tail form puts P(wait) 7 % high and the wait 6 % low at depth
// 2 (ρ 0.5), and is within 3 % from depth 3 on but where few requests wait
// (6.5 % at ρ 0.8 and depth 10, where 2 % wait). Almost no request waits
// at depth ≫ 1/y: with a tenth of a second's tokens a 3,000-IOPS volume
// queues Poisson requests only beyond ρ ≈ 0.99.
//
// Special cases are:
//
//	TokenBucketWait(λ, R, B) = (0, 0)     if λ ≤ 0
//	TokenBucketWait(λ, R, B) = (1, +Inf)  if λ ≥ R
//	TokenBucketWait(λ, R, B) = (NaN, NaN) if λ, R or B is NaN
func TokenBucketWait(arrival, rate, depth float64) (pWait, wait float64) {
	switch {
	case math.IsNaN(arrival) || math.IsNaN(rate) || math.IsNaN(depth):
		return math.NaN(), math.NaN()
	case !(arrival > 0):
		return 0, 0
	case arrival >= rate:
		return 1, math.Inf(1)
	}
	rho, eps, d := arrival/rate, (rate-arrival)/rate, 1/rate
	depth = math.Max(1, depth)
	if depth >= 2 {
		return tokenTail(rho, eps, d, depth)
	}
	p2, w2 := tokenTail(rho, eps, d, 2)
	f := depth - 1
	p := rho + f*(p2-rho)
	mean := (1-f)*rho*d/(2*eps) + f*p2*w2 // unconditional mean waits
	if !(p > 0) {
		return 0, 0
	}
	return p, mean / p
}

// tokenTail is the Cramér–Lundberg form of TokenBucketWait for depth ≥ 2,
// with ε = 1 − ρ computed from the rates: at the root ρe^y − 1 = y − ε, so
// C = ε/(y − ε), which keeps its precision as ρ → 1 where 1 − ρ and
// ρe^y − 1 would cancel.
func tokenTail(rho, eps, d, depth float64) (pWait, wait float64) {
	y := mdOneDecay(rho, eps)
	p := eps / (y - eps) * math.Exp(-y*(depth-1))
	if !(p > 0) {
		return 0, 0
	}
	return math.Min(p, rho), d / y
}

// mdOneDecay returns the positive root y of ρ(e^y − 1) = y for 0 < ρ < 1,
// ε = 1 − ρ, the M/D/1 waiting time's decay rate in units of the service
// time. Newton on f(y) = ρ·expm1(y) − y, f′(y) = ρ·expm1(y) − ε, from above
// converges monotonically: f is convex, and both e^y − 1 ≥ y + y²/2 and
// (for y = 2·ln(2/ρ)) ρ(e^y − 1) = 4/ρ − ρ ≥ y put the root below
// min(2ε/ρ, 2·ln(2/ρ)).
func mdOneDecay(rho, eps float64) float64 {
	y := math.Min(2*eps/rho, 2*math.Log(2/rho))
	for range 100 {
		e := rho * math.Expm1(y)
		next := y - (e-y)/(e-eps)
		if !(next < y) || y-next <= 1e-12*y {
			return math.Max(next, 0)
		}
		y = next
	}
	return y
}
