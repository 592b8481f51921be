package queue

import "math"

// Class is a group of cache objects with the same popularity: Items
// objects, each requested with probability Probability/Items. A
// two-class slice describes hot and cold pages without a per-page sum.
type Class struct {
	// Items is the number of objects in the class (pages, for a buffer
	// cache); it may be fractional. Classes with Items ≤ 0 are ignored.
	Items float64
	// Probability is the fraction of all requests that go to the class,
	// spread uniformly over its objects. The probabilities of a slice of
	// classes should sum to 1; they are normalised if they do not.
	// Classes with Probability ≤ 0 are never requested and never cached.
	Probability float64
}

// cheMaxIter bounds the Newton iterations of cheSolve. From the starting
// point below the root the iterates increase monotonically; even for a
// cache within 1e-15 of holding every object fewer than 60 are needed.
const cheMaxIter = 200

// CheHitRatio returns the hit ratio of an LRU cache holding cacheSize
// objects under the independent reference model, by Che's approximation
// (Che, Tung, Wang, IEEE JSAC 20(7), 2002; analysed by Fricker, Robert,
// Roberts 2012, arXiv:1202.3974). With pᵢ the request probability of
// object i (popularity normalised to sum to 1), the characteristic time t
// (in requests) solves
//
//	Σᵢ (1 − e^(−pᵢ·t)) = C
//
// and the hit ratio is
//
//	h = Σᵢ pᵢ·(1 − e^(−pᵢ·t))
//
// The equation is solved by Newton's method started at t = C, below the
// root; the left side is increasing and concave, so the iterates increase
// monotonically to the root. Each iteration costs O(len(popularity));
// for large populations use [CheHitRatioClasses]. Negative and NaN
// popularities count as 0; popularities must be finite.
//
// PostgreSQL's buffer manager uses a clock sweep with usage counts, not
// LRU; it keeps hot pages better than LRU under skewed access, so this
// estimate is conservative for shared_buffers.
//
// Special cases are:
//
//	CheHitRatio(pop, C) = 0  if C ≤ 0 or no popularity is positive
//	CheHitRatio(pop, C) = 1  if C ≥ N, N the number of objects with
//	                         positive popularity
//	CheHitRatio(pop, NaN) = NaN
//	CheHitRatio(pop, C) = NaN  if a popularity is +Inf
func CheHitRatio(popularity []float64, cacheSize float64) float64 {
	if math.IsNaN(cacheSize) {
		return math.NaN()
	}
	var total, n float64
	for _, p := range popularity {
		if p > 0 {
			total += p
			n++
		}
	}
	switch {
	case math.IsInf(total, 1):
		return math.NaN()
	case cacheSize <= 0 || n == 0:
		return 0
	case cacheSize >= n:
		return 1
	}
	eval := func(t float64) (f, df float64) {
		for _, p := range popularity {
			if p > 0 {
				q := p / total
				e := math.Exp(-q * t)
				f += -math.Expm1(-q * t)
				df += q * e
			}
		}
		return f, df
	}
	t := cheSolve(eval, cacheSize, 1)
	var h float64
	for _, p := range popularity {
		if p > 0 {
			q := p / total
			h += q * -math.Expm1(-q*t)
		}
	}
	return clamp01(h)
}

// CheHitRatioClasses returns the hit ratio of an LRU cache holding
// cacheSize objects under the independent reference model, by Che's
// approximation as in [CheHitRatio], for objects grouped into classes of
// equal popularity: class k has nₖ = Items objects each requested with
// probability qₖ = Pₖ/nₖ, Pₖ = Probability. It also returns the
// characteristic time t, in requests (divide by the request rate for
// seconds):
//
//	Σₖ nₖ·(1 − e^(−qₖ·t)) = C
//	h = Σₖ Pₖ·(1 − e^(−qₖ·t))
//
// An object of class k is in the cache with probability 1 − e^(−qₖ·t).
// The cost is O(len(classes)) per Newton iteration and nothing is
// allocated. Fricker et al. (2012) explain why the approximation is
// accurate across cache sizes and popularity laws. See [CheHitRatio] for
// how PostgreSQL's clock sweep differs from LRU.
//
// Special cases are:
//
//	hit = 0, t = 0     if C ≤ 0 or no class has positive Items and Probability
//	hit = 1, t = +Inf  if C ≥ Σ nₖ over the classes that are requested
//	hit = NaN, t = NaN if C is NaN
func CheHitRatioClasses(classes []Class, cacheSize float64) (hit, t float64) {
	if math.IsNaN(cacheSize) {
		return math.NaN(), math.NaN()
	}
	var total, n float64
	for _, k := range classes {
		if k.Items > 0 && k.Probability > 0 {
			total += k.Probability
			n += k.Items
		}
	}
	switch {
	case cacheSize <= 0 || n == 0:
		return 0, 0
	case cacheSize >= n:
		return 1, math.Inf(1)
	}
	t = cheSolveClasses(classes, total, nil, cacheSize, 1)
	for _, k := range classes {
		if k.Items > 0 && k.Probability > 0 {
			q := k.Probability / total / k.Items
			hit += k.Probability / total * -math.Expm1(-q*t)
		}
	}
	return clamp01(hit), t
}

// CheTwoLevel returns the hit ratios of two LRU caches in series, such as
// PostgreSQL's shared_buffers (level 1, size1 objects) in front of the
// operating system's page cache (level 2, size2 objects): every request
// goes to level 1, and its misses go to level 2. hit1 is the fraction of
// all requests served by level 1 and hit2 the fraction of all requests
// served by level 2, so the overall miss ratio is 1 − hit1 − hit2.
//
// Level 1 is solved by Che's approximation as in [CheHitRatioClasses],
// giving its characteristic time t₁. The miss stream of level 1 is then
// approximated as an independent-reference stream in which an object of
// class k arrives with probability rₖ = qₖ·e^(−qₖ·t₁) per request at
// level 1, and level 2 is solved by Che's approximation for that stream:
//
//	Σₖ nₖ·(1 − e^(−rₖ·t₂)) = C₂
//	hit1 = Σₖ Pₖ·(1 − e^(−qₖ·t₁))
//	hit2 = Σₖ Pₖ·e^(−qₖ·t₁)·(1 − e^(−rₖ·t₂))
//
// This is the Poisson (IRM) approximation of a miss stream, the baseline
// that Martina, Garetto, Leonardi (2014, arXiv:1307.6702) use for networks
// of caches and refine by modelling the miss stream as a renewal process;
// the refinement is not implemented here. The miss stream of an LRU cache
// is burstier than Poisson for objects just evicted, so hit2 is an
// estimate (see the package tests for its measured error against a
// simulation). Each level is modelled on its own, so a page may be in
// both at once, as in PostgreSQL, which reads through the page cache
// (double buffering). PostgreSQL's clock sweep is not exactly LRU (see
// [CheHitRatio]); Linux approximates LRU for its page cache with active
// and inactive lists. Nothing is allocated.
//
// Special cases are:
//
//	hit1 = 0            if size1 ≤ 0 (then level 2 sees every request)
//	hit2 = 0            if size2 ≤ 0 or hit1 = 1
//	hit1, hit2 = NaN    if size1 or size2 is NaN
func CheTwoLevel(classes []Class, size1, size2 float64) (hit1, hit2 float64) {
	if math.IsNaN(size1) || math.IsNaN(size2) {
		return math.NaN(), math.NaN()
	}
	var total, n float64
	for _, k := range classes {
		if k.Items > 0 && k.Probability > 0 {
			total += k.Probability
			n += k.Items
		}
	}
	if n == 0 {
		return 0, 0
	}
	var t1 float64 // level-1 characteristic time; 0 if the cache is empty
	switch {
	case size1 >= n:
		return 1, 0
	case size1 > 0:
		t1 = cheSolveClasses(classes, total, nil, size1, 1)
	}
	// Miss ratio of level 1: the total request probability level 2 sees.
	var miss float64
	for _, k := range classes {
		if k.Items > 0 && k.Probability > 0 {
			q := k.Probability / total / k.Items
			m := math.Exp(-q * t1)
			hit1 += k.Probability / total * (1 - m)
			miss += k.Probability / total * m
		}
	}
	hit1 = clamp01(hit1)
	if size2 <= 0 || miss <= 0 {
		return hit1, 0
	}
	if size2 >= n {
		return hit1, clamp01(1 - hit1)
	}
	t2 := cheSolveClasses(classes, total, &t1, size2, miss)
	for _, k := range classes {
		if k.Items > 0 && k.Probability > 0 {
			q := k.Probability / total / k.Items
			m := math.Exp(-q * t1)
			hit2 += k.Probability / total * m * -math.Expm1(-q*m*t2)
		}
	}
	return hit1, clamp01(math.Min(hit2, 1-hit1))
}

// cheSolveClasses solves Σₖ nₖ·(1 − e^(−rₖ·t)) = size for t, where
// rₖ = qₖ = Pₖ/(total·nₖ), or rₖ = qₖ·e^(−qₖ·t₁) when t1 is not nil (the
// miss stream of a first-level cache). rate is Σₖ nₖ·rₖ, the total
// request probability of the stream. It requires 0 < size < Σₖ nₖ.
func cheSolveClasses(classes []Class, total float64, t1 *float64, size, rate float64) float64 {
	eval := func(t float64) (f, df float64) {
		for _, k := range classes {
			if k.Items > 0 && k.Probability > 0 {
				r := k.Probability / total / k.Items
				if t1 != nil {
					r *= math.Exp(-r * *t1)
				}
				x := r * t
				f += k.Items * -math.Expm1(-x)
				df += k.Items * r * math.Exp(-x)
			}
		}
		return f, df
	}
	return cheSolve(eval, size, rate)
}

// cheSolve solves f(t) = size for t ≥ 0, where f(t) = Σ nᵢ·(1 − e^(−rᵢ·t))
// is increasing and concave with f(0) = 0 and f'(0) = rate = Σ nᵢ·rᵢ, and
// eval returns f and f'. Since f(t) ≤ rate·t, the root is at least
// size/rate; Newton's method started there stays below the root (the
// tangent of a concave function lies above it) and increases
// monotonically to it. It requires 0 < size < f(+Inf).
func cheSolve(eval func(float64) (float64, float64), size, rate float64) float64 {
	t := size / rate
	for range cheMaxIter {
		f, df := eval(t)
		if f >= size || df <= 0 {
			return t
		}
		step := (size - f) / df
		if math.IsInf(step, 0) || math.IsNaN(step) {
			return t
		}
		t += step
		if step <= 1e-13*t {
			return t
		}
	}
	return t
}

// clamp01 limits x to [0, 1]; it absorbs rounding in sums of probabilities.
func clamp01(x float64) float64 {
	return math.Max(0, math.Min(1, x))
}
