package queue

import "math"

// MVAMaxClients is the largest population the MVA functions solve; a
// larger clients argument is reduced to it. Exact single-server MVA costs
// O(clients·centres), so the cap bounds the cost of one call to about a
// millisecond.
const MVAMaxClients = 10000

// MVAExactLimit is the largest population for which [MVACenters] and
// [MVAThroughputs] solve a network with multi-server centres exactly
// (its cost grows as clients² per multi-server centre). Above it they
// use Schweitzer's approximate MVA with Seidmann's multi-server
// approximation, whose cost does not grow with clients. Networks whose
// centres are all delays or single servers are solved exactly by MVA
// for every population up to MVAMaxClients.
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
	// channels); values below 1 mean 1. A row lock on a hot key is a
	// single-server centre whose demand is the lock hold time.
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
// present. Up to [MVAExactLimit] clients such a network is solved
// exactly: its product-form solution (Lazowska et al. 1984, ch. 20;
// Bolch, Greiner, de Meer, Trivedi, Queueing Networks and Markov Chains,
// 2nd ed., 2006, ch. 8) is evaluated by convolution in a numerically
// stable form (see the comment above mvaConvolve), not by the MVA
// recursion for the marginal probabilities pₖ(j|n) (Reiser, Lavenberg
// 1980), which loses all precision when c is large and the centre busy.
// It gives X(n) for every n ≤ N and the residence times at N, at a cost
// of O(N²) per multi-server centre (less in practice: negligible terms
// are skipped), about 20–100 µs for N = 256. Above MVAExactLimit clients
// a network with multi-server centres is solved by Schweitzer's
// approximate MVA (Schweitzer 1979; Lazowska et al. 1984, ch. 6), which
// replaces
// Qₖ(N−1) by (N−1)/N·Qₖ(N), with each c-server centre replaced by
// Seidmann's approximation (Seidmann et al. 1987): a single server with
// demand Dₖ/c followed by a delay of Dₖ·(c−1)/c. The resulting fixed
// point reduces to one equation in X,
//
//	N = X·(Z + Σₖ dₖ + Σₖ sₖ/(1 − ((N−1)/N)·X·sₖ))
//
// (sₖ the single-server demand, dₖ the delay), which is increasing and
// convex in X and is solved by Newton's method from above, to a relative
// error of 1e-14, at a cost independent of N. Seidmann's approximation is
// pessimistic near the knee of the throughput curve (its fast single
// server queues more than c slow ones): against the exact solution the
// package tests measure response times up to 6.5 %, 12 % and 8 % too
// high at c = 2, 8 and 64, and 10 %, 16 % and 10 % with Schweitzer's
// approximation added; far from the knee the errors vanish. The two
// methods meet at MVAExactLimit, where the result can jump by that error.
//
// clients is capped at [MVAMaxClients]. perCenter is newly allocated;
// the exact method also allocates (2·M + 4)·(N + 1) floats once, M the
// number of multi-server centres.
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
			// X(i) ≤ X(i−1)·i/(i−1): a start above the root, close to it.
			x = mvaSchweitzer(centers, think, i, x*float64(i)/float64(i-1), r)
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

// mvaExactWith solves the network exactly for populations 1, …, n,
// classifying centres as for a population of classify ≥ n. It stores
// X(i) in xs[i−1] when xs is not nil, the residence times at population
// n in r, and returns X(n). Networks of delays and single servers go
// through the MVA recursion; networks with multi-server centres through
// mvaConvolve.
func mvaExactWith(centers []Center, think float64, n, classify int, xs, r []float64) float64 {
	for _, c := range centers {
		if c.kind(classify) == mvaMulti && c.Demand > 0 {
			return mvaConvolve(centers, think, n, classify, xs, r)
		}
	}
	q := make([]float64, len(centers))
	var x float64
	for i := 1; i <= n; i++ {
		var sum float64
		for k, c := range centers {
			rk := c.Demand
			if c.kind(classify) != mvaDelay {
				rk *= 1 + q[k] // a multi-server centre here has no demand
			}
			r[k] = rk
			sum += rk
		}
		x = float64(i) / (think + sum)
		if xs != nil {
			xs[i-1] = x
		}
		for k := range centers {
			q[k] = x * r[k]
		}
	}
	return x
}

// The exact solution of a network with multi-server centres does not use
// the MVA recursion for their marginal probabilities: its step
//
//	p(0|n) = 1 − (X(n)·D + Σⱼ₌₁..c₋₁ (c−j)·p(j|n)) / c
//
// cancels catastrophically when the centre is busy, and the error grows
// like (X·D)ʲ/j! through the recursion; with 64 servers it gives
// throughputs off by a factor of two. mvaConvolve instead evaluates the
// same product-form solution by convolution (Buzen 1973; Lazowska et al.
// 1984, ch. 20), in a form whose every step adds positive terms.
//
// A network, or a part of one, is represented by its throughputs
// x(m) = G(m−1)/G(m), m = 1, …, N, where G is its normalising constant
// (G(0) = 1): a single server of demand D has x(m) = 1/D, a c-server
// centre min(m, c)/D and a delay Z m/Z. Two disjoint parts a and b
// combine as G = Gₐ ⊛ G_b, and with S(m) = G(m)/G_b(m)
//
//	S(m) = Σⱼ₌₀..ₘ Tⱼ,  T₀ = 1,  Tⱼ = Tⱼ₋₁·x_b(m−j+1)/xₐ(j)
//	x(m) = x_b(m)·S(m−1)/S(m)
//
// Tⱼ/S(m) is the probability that part a holds j of the m customers.
// Throughputs do not decrease with the population, so the ratios
// x_b(m−j+1)/xₐ(j) decrease with j and the terms rise and then fall;
// the sum stops once they are negligible. Terms are rescaled by powers of
// two when they grow large, so nothing overflows.

// mvaConvolve solves a network with at least one multi-server centre of
// positive demand exactly; see mvaExactWith for the arguments.
func mvaConvolve(centers []Center, think float64, n, classify int, xs, r []float64) float64 {
	z := think // the delay part: think time plus every delay centre
	var multi []int
	for k, c := range centers {
		switch c.kind(classify) {
		case mvaDelay:
			z += c.Demand
		case mvaMulti:
			if c.Demand > 0 {
				multi = append(multi, k)
			}
		}
	}
	m := len(multi)
	// Vectors of length n+1 (index 0 unused): the base (delays and single
	// servers), m prefixes, m suffixes, and scratch.
	buf := make([]float64, (2*m+4)*(n+1))
	vec := func(i int) []float64 { return buf[i*(n+1) : (i+1)*(n+1)] }
	base, station, tmp, inv := vec(0), vec(1), vec(2), vec(3)
	prefix := func(i int) []float64 { return vec(4 + i) }     // i = 0..m−1
	suffix := func(i int) []float64 { return vec(4 + m + i) } // i = 0..m−1

	// The base: single servers, folded in one by one, then the delays.
	haveBase := false
	for _, c := range centers {
		if c.kind(classify) != mvaSingle || c.Demand == 0 {
			continue
		}
		if !haveBase {
			for j := 1; j <= n; j++ {
				base[j] = 1 / c.Demand
			}
			haveBase = true
			continue
		}
		ldFoldSingle(base, c.Demand)
	}
	if z > 0 {
		for j := 1; j <= n; j++ {
			station[j] = float64(j) / z
		}
		if haveBase {
			ldCombine(tmp, station, base, inv)
			copy(base, tmp)
		} else {
			copy(base, station)
			haveBase = true
		}
	}
	multiStation := func(dst []float64, c Center) {
		s := float64(c.Servers)
		for j := 1; j <= n; j++ {
			dst[j] = math.Min(float64(j), s) / c.Demand
		}
	}
	// prefix(i) = base ⊛ multi[0..i]; prefix(m−1) is the whole network.
	for i, k := range multi {
		multiStation(station, centers[k])
		switch {
		case i > 0:
			ldCombine(prefix(i), station, prefix(i-1), inv)
		case haveBase:
			ldCombine(prefix(i), station, base, inv)
		default:
			copy(prefix(i), station)
		}
	}
	// suffix(i) = multi[i..m−1].
	for i := m - 1; i >= 0; i-- {
		multiStation(station, centers[multi[i]])
		if i == m-1 {
			copy(suffix(i), station)
		} else {
			ldCombine(suffix(i), station, suffix(i+1), inv)
		}
	}
	full := prefix(m - 1)
	x := full[n]
	if xs != nil {
		copy(xs, full[1:n+1])
	}
	for k, c := range centers {
		switch c.kind(classify) {
		case mvaDelay:
			r[k] = c.Demand
		case mvaSingle:
			// P(nₖ ≥ j) = Dʲ·G(n−j)/G(n) = ∏ᵢ₌ₙ₋ⱼ₊₁..ₙ D·x(i) (Buzen 1973).
			var q float64
			p := 1.0
			for i := n; i >= 1 && c.Demand > 0; i-- {
				p *= c.Demand * full[i]
				q += p
				if p < 1e-18*q {
					break
				}
			}
			r[k] = q / x
		case mvaMulti:
			r[k] = 0
		}
	}
	// A multi-server centre's queue length from its marginal distribution
	// against the rest of the network: base ⊛ the other multi-server
	// centres.
	for i, k := range multi {
		var others []float64
		switch {
		case i == 0 && m == 1:
			if haveBase {
				others = base
			}
		case i == 0:
			if haveBase {
				ldCombine(tmp, base, suffix(1), inv)
				others = tmp
			} else {
				others = suffix(1)
			}
		case i == m-1:
			others = prefix(m - 2)
		default:
			ldCombine(tmp, prefix(i-1), suffix(i+1), inv)
			others = tmp
		}
		q := float64(n) // alone in the network: it holds every customer
		if others != nil {
			multiStation(station, centers[k])
			q = ldMeanPart(station, others, n)
		}
		r[k] = q / x
	}
	return x
}

// ldScale is the power of two at which ldCombine and ldMeanPart rescale
// their running terms.
const ldScale = 600

// ldCombine stores in dst the throughputs of the union of the disjoint
// network parts with throughputs a and b (see mvaConvolve), for
// populations 1, …, len(dst)−1. inv is scratch of the same length; dst
// must not alias a or b.
func ldCombine(dst, a, b, inv []float64) {
	n := len(dst) - 1
	// The sum runs over the customers held by a and stops after their
	// most likely number; let a be the part that holds fewer, the one
	// with the higher throughput at full population.
	if a[n] < b[n] {
		a, b = b, a
	}
	for j := 1; j <= n; j++ {
		inv[j] = 1 / a[j]
	}
	prevS, prevE := 1.0, 0 // S(0) = 1
	for mm := 1; mm <= n; mm++ {
		t, s, e := 1.0, 1.0, 0
		for j := 1; j <= mm; j++ {
			ratio := b[mm-j+1] * inv[j]
			t *= ratio
			s += t
			if t > 0x1p600 {
				t = math.Ldexp(t, -ldScale)
				s = math.Ldexp(s, -ldScale)
				e++
			}
			if ratio <= 1 && t <= 1e-18*s {
				break
			}
		}
		dst[mm] = b[mm] * math.Ldexp(prevS/s, ldScale*(prevE-e))
		prevS, prevE = s, e
	}
}

// ldFoldSingle replaces x, the throughputs of a network part, by those of
// the part joined with a single server of demand d, in O(len(x)). With
// a(m) = d·x(m), S(m) = 1 + a(m)·S(m−1), and v = 1/S ∈ (0, 1]:
//
//	x'(m) = x(m) / (v(m−1) + a(m)),  v(m) = v(m−1) / (v(m−1) + a(m))
func ldFoldSingle(x []float64, d float64) {
	v := 1.0
	for mm := 1; mm < len(x); mm++ {
		a := d * x[mm]
		w := v + a
		x[mm] /= w
		v /= w
	}
}

// ldMeanPart returns the mean number of the n customers held by part a of
// the network made of the disjoint parts a and b (see mvaConvolve).
func ldMeanPart(a, b []float64, n int) float64 {
	t, s, js := 1.0, 1.0, 0.0
	for j := 1; j <= n; j++ {
		ratio := b[n-j+1] / a[j]
		t *= ratio
		s += t
		js += float64(j) * t
		if t > 0x1p600 {
			t = math.Ldexp(t, -ldScale)
			s = math.Ldexp(s, -ldScale)
			js = math.Ldexp(js, -ldScale)
		}
		if ratio <= 1 && t <= 1e-18*s {
			break
		}
	}
	return js / s
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
