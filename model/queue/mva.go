package queue

import "math"

// MVAMaxClients is the largest population the MVA functions solve; a
// larger clients argument is reduced to it. Exact single-server MVA costs
// O(clients·centres), so the cap bounds the cost of one call to about a
// millisecond.
const MVAMaxClients = 10000

// MVAExactLimit is the largest population for which [MVACenters] and
// [MVAThroughputs] solve a network with multi-server centres exactly (by
// load-dependent MVA, whose cost grows as clients·Σ servers). Above it
// they use Schweitzer's approximate MVA with Seidmann's multi-server
// approximation, whose cost does not grow with clients. Networks whose
// centres are all delays or single servers are solved exactly for every
// population up to MVAMaxClients.
const MVAExactLimit = 256

// MVA returns the throughput (per second) and the mean response time
// (seconds, think time excluded) of a closed network of single-server
// queueing centres with service demands demands (seconds per
// interaction, visits × service time), clients customers and think time
// think (seconds), by exact mean value analysis (Reiser, Lavenberg 1980;
// Lazowska et al. 1984, ch. 6). For n = 1, …, N:
//
//	Rₖ(n) = Dₖ·(1 + Qₖ(n−1))
//	X(n)  = n / (Z + Σₖ Rₖ(n))
//	Qₖ(n) = X(n)·Rₖ(n)
//
// and R = Σₖ Rₖ(N). The cost is O(N·len(demands)); nothing is allocated
// for up to 32 centres. clients is capped at [MVAMaxClients]. For
// multi-server and delay centres use [MVACenters].
//
// Special cases are:
//
//	MVA(D, Z, N) = (0, Σ D)      if N ≤ 0
//	MVA(D, Z, N) = (+Inf, 0)     if Z + Σ D = 0
//	MVA(D, +Inf, N) = (0, Σ D)
//	MVA(D, Z, N) = (0, +Inf)     if some demand is +Inf
//	MVA(D, Z, N) = (NaN, NaN)    if Z or some demand is negative or NaN
func MVA(demands []float64, think float64, clients int) (throughput, response float64) {
	var total float64
	for _, d := range demands {
		if math.IsNaN(d) || d < 0 {
			return math.NaN(), math.NaN()
		}
		total += d
	}
	switch {
	case math.IsNaN(think) || think < 0:
		return math.NaN(), math.NaN()
	case math.IsInf(total, 1):
		return 0, math.Inf(1)
	case clients <= 0 || math.IsInf(think, 1):
		return 0, total
	case think+total == 0:
		return math.Inf(1), 0
	}
	n := min(clients, MVAMaxClients)
	var buf [32]float64
	var q []float64
	if len(demands) <= len(buf) {
		q = buf[:len(demands)]
	} else {
		q = make([]float64, len(demands))
	}
	var x, r float64
	for i := 1; i <= n; i++ {
		r = 0
		for k, d := range demands {
			r += d * (1 + q[k])
		}
		x = float64(i) / (think + r)
		for k, d := range demands {
			q[k] = x * d * (1 + q[k])
		}
	}
	return x, r
}

// Center is a service centre of a closed queueing network for
// [MVACenters].
type Center struct {
	// Demand is the service demand of one interaction at the centre, in
	// seconds: visits per interaction × service time per visit. At least 0
	// and finite.
	Demand float64
	// Servers is the number of identical servers (CPU cores, I/O
	// channels); 0 means 1. A row lock on a hot key is a single-server
	// centre whose demand is the lock hold time.
	Servers int
	// Delay makes the centre an infinite-server (pure delay) centre, such
	// as a network round trip: its residence time is its demand at every
	// load. Servers is then ignored.
	Delay bool
}

// mvaKind is the way a centre enters the recursion.
type mvaKind uint8

const (
	mvaDelay  mvaKind = iota // infinite server, or at least as many servers as clients
	mvaSingle                // one server
	mvaMulti                 // 2 ≤ servers < clients
)

// kind returns how c enters a network with n customers: a centre with at
// least n servers never queues and is exactly a delay centre.
func (c Center) kind(n int) mvaKind {
	switch {
	case c.Delay || c.Servers >= n && n > 0:
		return mvaDelay
	case c.Servers <= 1:
		return mvaSingle
	}
	return mvaMulti
}

// MVACenters returns the throughput (per second), the mean response time
// (seconds, think time excluded) and the residence time of each centre
// (seconds, perCenter[k] for centers[k], summing to response) of a closed
// network of centers with clients customers and think time think
// (seconds).
//
// Delay and single-server centres enter exact MVA as in [MVA] (a delay
// centre has Rₖ(n) = Dₖ). A centre with c ≥ 2 servers (fewer than the
// clients; with more it never queues and is a delay centre) is
// load-dependent, with service rate min(j, c)/Dₖ when j customers are
// present. Up to [MVAExactLimit] clients it is solved exactly with the
// marginal queue-length probabilities pₖ(j|n) (Reiser, Lavenberg 1980;
// Lazowska et al. 1984, ch. 20; in the form of Bolch, Greiner, de Meer,
// Trivedi, Queueing Networks and Markov Chains, 2nd ed., 2006, ch. 8):
//
//	Rₖ(n)    = (Dₖ/c)·(1 + Qₖ(n−1) + Σⱼ₌₀..c₋₂ (c−1−j)·pₖ(j|n−1))
//	pₖ(j|n)  = (X(n)·Dₖ/j)·pₖ(j−1|n−1),  1 ≤ j ≤ c−1
//	pₖ(0|n)  = 1 − (X(n)·Dₖ + Σⱼ₌₁..c₋₁ (c−j)·pₖ(j|n)) / c
//
// which costs O(clients·Σ c). Above MVAExactLimit clients a network with
// multi-server centres is solved by Schweitzer's approximate MVA
// (Schweitzer 1979; Lazowska et al. 1984, ch. 6), which replaces
// Qₖ(N−1) by (N−1)/N·Qₖ(N), with each c-server centre replaced by
// Seidmann's approximation (Seidmann et al. 1987): a single server with
// demand Dₖ/c followed by a delay of Dₖ·(c−1)/c. The resulting fixed
// point reduces to one equation in X,
//
//	N = X·(Z + Σₖ dₖ + Σₖ sₖ/(1 − ((N−1)/N)·X·sₖ))
//
// (sₖ the single-server demand, dₖ the delay), which is increasing and
// convex in X and is solved by Newton's method from above, to a relative
// error of 1e-14, at a cost independent of N. Schweitzer's approximation
// errs by a few per cent on throughput and Seidmann's by up to 10–20 %
// on response time near the knee of the throughput curve, where it
// underestimates queueing at multi-server centres; the package tests
// report the errors measured against the exact solution at c = 2, 8 and
// 64. The two methods meet at MVAExactLimit, where the result can jump
// by that error.
//
// clients is capped at [MVAMaxClients]. perCenter is newly allocated;
// the exact method also allocates O(len(centers) + Σ c) floats once.
//
// Special cases are:
//
//	MVACenters(C, Z, N) = (0, Σ D, D)       if N ≤ 0 or Z = +Inf
//	MVACenters(C, Z, N) = (+Inf, 0, 0…)     if Z + Σ D = 0
//	MVACenters(C, Z, N) = (0, +Inf, nil)    if some demand is +Inf
//	MVACenters(C, Z, N) = (NaN, NaN, nil)   if Z or some demand is
//	                                        negative or NaN
func MVACenters(centers []Center, think float64, clients int) (throughput, response float64, perCenter []float64) {
	total, ok := mvaCheck(centers, think)
	switch {
	case !ok:
		return math.NaN(), math.NaN(), nil
	case math.IsInf(total, 1):
		return 0, math.Inf(1), nil
	}
	perCenter = make([]float64, len(centers))
	switch {
	case clients <= 0 || math.IsInf(think, 1):
		for k, c := range centers {
			perCenter[k] = c.Demand
		}
		return 0, total, perCenter
	case think+total == 0:
		return math.Inf(1), 0, perCenter
	}
	n := min(clients, MVAMaxClients)
	if mvaUseExact(centers, n) {
		x := mvaExact(centers, think, n, nil, perCenter)
		return x, mvaSum(perCenter), perCenter
	}
	x := mvaSchweitzer(centers, think, n, 0, perCenter)
	return x, mvaSum(perCenter), perCenter
}

// MVAThroughputs returns the throughput X(n) (per second) of the closed
// network of [MVACenters] for every population n = 1, …, clients, with
// X(n) in element n−1, computed by the same method as MVACenters(centers,
// think, n) for each n: exact MVA up to [MVAExactLimit] (or throughout,
// without multi-server centres), and Schweitzer's approximation with
// Seidmann's above it, warm-started from X(n−1). It is the load-dependent
// service rate of a flow-equivalent server (Lazowska et al. 1984, ch. 8;
// ch. 9 applies it to memory constraints, which is what a pool of
// sessions is): a connection pooler with s sessions in front of the
// network is a centre whose rate with j customers is X(min(j, s)).
//
// clients is capped at [MVAMaxClients]. The result is newly allocated.
//
// Special cases are:
//
//	MVAThroughputs(C, Z, N) = nil        if N ≤ 0
//	MVAThroughputs(C, Z, N) = NaN…       if Z or some demand is negative
//	                                     or NaN
//	MVAThroughputs(C, Z, N) = 0…         if some demand or Z is +Inf
//	MVAThroughputs(C, Z, N) = +Inf…      if Z + Σ D = 0
func MVAThroughputs(centers []Center, think float64, clients int) []float64 {
	if clients <= 0 {
		return nil
	}
	n := min(clients, MVAMaxClients)
	xs := make([]float64, n)
	total, ok := mvaCheck(centers, think)
	var fill float64
	switch {
	case !ok:
		fill = math.NaN()
	case math.IsInf(total, 1) || math.IsInf(think, 1):
		fill = 0
	case think+total == 0:
		fill = math.Inf(1)
	default:
		r := make([]float64, len(centers))
		// MVACenters(n) is exact while n ≤ MVAExactLimit or every
		// multi-server centre has at least n servers.
		exactN := n
		if !mvaUseExact(centers, n) {
			cmin := n
			for _, c := range centers {
				if c.kind(n) == mvaMulti {
					cmin = min(cmin, c.Servers)
				}
			}
			exactN = max(MVAExactLimit, cmin)
		}
		// A centre with at least exactN servers never queues below exactN
		// customers, so classifying by exactN is exact for every smaller
		// population.
		mvaExactWith(centers, think, exactN, exactN, xs[:exactN], r)
		x := xs[exactN-1]
		for i := exactN + 1; i <= n; i++ {
			x = mvaSchweitzer(centers, think, i, x, r)
			xs[i-1] = x
		}
		return xs
	}
	for i := range xs {
		xs[i] = fill
	}
	return xs
}

// mvaCheck returns Σ Demand and whether centers and think are valid.
func mvaCheck(centers []Center, think float64) (float64, bool) {
	if math.IsNaN(think) || think < 0 {
		return 0, false
	}
	var total float64
	for _, c := range centers {
		if math.IsNaN(c.Demand) || c.Demand < 0 {
			return 0, false
		}
		total += c.Demand
	}
	return total, true
}

// mvaUseExact reports whether the network with n customers is solved
// exactly: up to MVAExactLimit customers, or without multi-server centres.
func mvaUseExact(centers []Center, n int) bool {
	if n <= MVAExactLimit {
		return true
	}
	for _, c := range centers {
		if c.kind(n) == mvaMulti {
			return false
		}
	}
	return true
}

func mvaSum(r []float64) float64 {
	var s float64
	for _, v := range r {
		s += v
	}
	return s
}

// mvaExact solves the network exactly for n customers; see mvaExactWith.
func mvaExact(centers []Center, think float64, n int, xs, r []float64) float64 {
	return mvaExactWith(centers, think, n, n, xs, r)
}

// mvaExactWith runs exact (load-dependent) MVA for populations 1, …, n,
// classifying centres as for a population of classify ≥ n. It stores
// X(i) in xs[i−1] when xs is not nil, the residence times at population
// n in r, and returns X(n).
func mvaExactWith(centers []Center, think float64, n, classify int, xs, r []float64) float64 {
	// Marginal probabilities p(0..c−1) of each multi-server centre, laid
	// out one after the other in p.
	size := len(centers)
	for _, c := range centers {
		if c.kind(classify) == mvaMulti {
			size += c.Servers
		}
	}
	buf := make([]float64, size)
	q, p := buf[:len(centers)], buf[len(centers):]
	off := 0
	for _, c := range centers {
		if c.kind(classify) == mvaMulti {
			p[off] = 1 // p(0|0) = 1
			off += c.Servers
		}
	}
	var x float64
	for i := 1; i <= n; i++ {
		var sum float64
		off = 0
		for k, c := range centers {
			var rk float64
			switch c.kind(classify) {
			case mvaDelay:
				rk = c.Demand
			case mvaSingle:
				rk = c.Demand * (1 + q[k])
			case mvaMulti:
				s := c.Servers
				pk := p[off : off+s]
				var corr float64
				for j := 0; j <= s-2; j++ {
					corr += float64(s-1-j) * pk[j]
				}
				rk = c.Demand / float64(s) * (1 + q[k] + corr)
				off += s
			}
			r[k] = rk
			sum += rk
		}
		x = float64(i) / (think + sum)
		if xs != nil {
			xs[i-1] = x
		}
		off = 0
		for k, c := range centers {
			q[k] = x * r[k]
			if c.kind(classify) != mvaMulti {
				continue
			}
			s := c.Servers
			pk := p[off : off+s]
			u := x * c.Demand
			for j := min(i, s-1); j >= 1; j-- {
				pk[j] = u / float64(j) * pk[j-1]
			}
			busy := u
			for j := 1; j < s; j++ {
				busy += float64(s-j) * pk[j]
			}
			// The subtraction loses precision when the centre is nearly
			// always busy; p(0) is then tiny and clamped at 0.
			pk[0] = clamp01(1 - busy/float64(s))
			off += s
		}
	}
	return x
}

// mvaSchweitzer solves the network for n customers by Schweitzer's
// approximate MVA with Seidmann's multi-server approximation, stores the
// residence times in r and returns the throughput. A positive guess is a
// throughput near the solution (such as the solution for n−1 customers)
// to start from.
func mvaSchweitzer(centers []Center, think float64, n int, guess float64, r []float64) float64 {
	a := float64(n-1) / float64(n)
	// g(X) = X·(Z + Σd + Σ s/(1 − a·X·s)) − n, increasing and convex.
	var dsum, total, smax float64
	for _, c := range centers {
		total += c.Demand
		d, s := seidmann(c, n)
		dsum += d
		smax = math.Max(smax, s)
	}
	eval := func(x float64) (g, dg float64) {
		g = think + dsum
		dg = think + dsum
		for _, c := range centers {
			_, s := seidmann(c, n)
			if s == 0 {
				continue
			}
			v := 1 - a*x*s
			if v <= 0 {
				return math.Inf(1), math.Inf(1)
			}
			g += s / v
			dg += s / (v * v)
		}
		return x*g - float64(n), dg
	}
	// Start where g ≥ 0: X(Z + ΣD) ≥ n there, or the bottleneck's term
	// alone reaches n (a·X·smax = a·n/(1 + a·n)).
	x := float64(n) / (think + total)
	if smax > 0 {
		x = math.Min(x, float64(n)/(smax*(1+a*float64(n))))
	}
	if guess > 0 && guess < x {
		if g, _ := eval(guess); g >= 0 {
			x = guess
		}
	}
	// Newton from above converges monotonically for a convex increasing g.
	for range 200 {
		g, dg := eval(x)
		if g <= 0 || math.IsInf(g, 1) || dg <= 0 {
			break
		}
		step := g / dg
		x -= step
		if step <= 1e-14*x {
			break
		}
	}
	for k, c := range centers {
		d, s := seidmann(c, n)
		r[k] = d
		if s > 0 {
			r[k] += s / (1 - a*x*s)
		}
	}
	return x
}

// seidmann returns the delay and single-server demands that stand for c
// in Seidmann's approximation with n customers: a c-server centre of
// demand D is a delay D·(c−1)/c plus a single server of demand D/c.
func seidmann(c Center, n int) (delay, single float64) {
	switch c.kind(n) {
	case mvaDelay:
		return c.Demand, 0
	case mvaSingle:
		return 0, c.Demand
	}
	s := float64(c.Servers)
	return c.Demand * (s - 1) / s, c.Demand / s
}
