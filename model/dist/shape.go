package dist

import "math"

// maxStages caps the number of exponential stages of a fitted random part.
// A random part with cv² < 1/maxStages keeps its mean and variance but gets
// an internal offset and an Erlang-maxStages shape (see fitShape).
const maxStages = 32

// kind is the family of a component's fitted random part.
type kind uint8

const (
	kindAtom  kind = iota // no random part: all mass at off
	kindExp               // exponential with rate r1
	kindHypo              // Erlang(k, r1) + Exp(r2), r2 ≤ r1
	kindHyper             // H2: Exp(r1) with probability p, else Exp(r2)
	kindInf               // all mass at +Inf (a saturated step)
)

// shape is the fitted distribution of one component, ready for evaluation.
// The component's time is off + (random part); off is the component's Shift
// except for capped Erlang shapes, whose off also holds part of the mean.
type shape struct {
	off  float64 // start of the random part, s
	p    float64 // kindHyper: probability of phase 1; kindHypo: (r1/(r1−r2))^k
	r1   float64 // rate of the Erlang stages or of H2 phase 1, 1/s
	r2   float64 // rate of the last exponential or of H2 phase 2, 1/s
	m1   float64 // 1/r1, s
	m2   float64 // 1/r2, s
	kind kind
	k    uint8 // kindHypo: number of Erlang stages before the last exponential
}

// cvTiny is the squared coefficient of variation below which a random part
// is treated as a constant. It only guards against rates that overflow.
const cvTiny = 1e-30

// fitShape fits the phase-type shape of a canonical component from its
// random part's mean m and variance v, and from the mean θ of its slowest
// exponential phase (c.tail, 0 if unknown):
//
//	v = 0          atom at Shift (canonical components fold m into Shift)
//	m < 1e-10·Shift  atom at Shift + m: the random part is below the
//	               resolution of the quantiles
//	c² = v/m²
//	c² = 1         Exp(m), exact
//	1/k ≤ c² < 1   Erlang(k−1, a) + Exp(b), b ≥ a, solving the two moment
//	               equations (k−1)·a + b = m, (k−1)·a² + b² = v:
//	                 a = (m − √((k·v − m²)/(k−1)))/k,  b = m − (k−1)·a
//	               with k the integer in [⌈1/c²⌉, 32] whose b is nearest θ
//	               (b grows with k, from b = a at c² = 1/k toward √v);
//	               k = ⌈1/c²⌉ if θ is unknown (⌈(1−10⁻¹²)/c²⌉: a c² of
//	               1/k up to rounding, as in an Erlang-k or a uniform bin of
//	               MaxOf, gets k whichever way it rounds). Exact for Erlang-k (a = b)
//	               and for the sum of two exponentials (b = θ at k = 2);
//	               for a sum of unequal exponentials b tracks the largest,
//	               which sets the tail.
//	c² < 1/32      Erlang-32 with the same variance, moved right by an
//	               internal offset so that the mean is kept too:
//	                 a = b = √(v/32),  off = Shift + m − √(32·v)
//	c² > 1         H2 with gamma normalisation (Whitt 1982): the first three
//	               moments of the gamma of the same mean and c², E[X³] =
//	               m³(1+c²)(1+2c²); in units of m the phase means are the
//	               roots x > y of t² − (2(1+c²)/3)·t + (1+c²)/6, the slow
//	               one taken with probability (1 − y)/(x − y). Moments
//	               keeps the two phases as two components.
//
// Tijms (2003, Appendix B, pp. 445–446) fits c² < 1 by a mixture of
// Erlang(k−1) and Erlang(k) with a common rate instead; its single rate
// understates the tail of a sum dominated by one slow stage (p99 −4.7 %
// and p99.9 −8.5 % for Exp(1 ms)+Exp(0.2 ms)+Exp(5 ms), against −0.5 %
// and −0.7 % here), hence the hypoexponential.
func fitShape(c *comp) shape {
	switch {
	case math.IsInf(c.Shift, 1):
		return shape{off: c.Shift, kind: kindInf}
	case c.Mean == 0 || c.Var == 0:
		return shape{off: c.Shift + c.Mean, kind: kindAtom}
	}
	m, v := c.Mean, c.Var
	cv2 := v / (m * m)
	switch {
	case cv2 < cvTiny || m < 1e-10*c.Shift:
		// The random part is below the resolution of the quantiles.
		return shape{off: c.Shift + m, kind: kindAtom}
	case cv2 == 1:
		return shape{off: c.Shift, r1: 1 / m, m1: m, kind: kindExp}
	case cv2 > 1:
		// H2 with gamma normalisation (Whitt 1982): the phases' means
		// are the roots of t² − s·t + q (in units of m) that match the
		// first three moments of the gamma of the same mean and c²,
		// s = 2(1 + c²)/3, q = (1 + c²)/6; the slow one is taken with
		// probability (1 − y)/(x − y). y = q/x, the product of the roots,
		// without the cancellation of s − d for large c².
		s, d := 2*(1+cv2)/3, math.Sqrt((1+cv2)*(4*cv2-2)/9)
		x := (s + d) / 2
		y := (1 + cv2) / 6 / x
		p2 := (1 - y) / (x - y)
		m1, m2 := y*m, x*m
		return shape{off: c.Shift, p: 1 - p2, r1: 1 / m1, r2: 1 / m2, m1: m1, m2: m2, kind: kindHyper}
	case cv2 < 1.0/maxStages:
		a := math.Sqrt(v / maxStages)
		return hypo(c.Shift+m-maxStages*a, maxStages-1, a, a)
	}
	// k = ⌈(1−10⁻¹²)/c²⌉ in [2, 32], by integer conversion.
	k := maxStages
	if ic := (1 - 1e-12) * (m * m) / v; ic < maxStages {
		k = int(ic)
		if float64(k) < ic {
			k++
		}
		k = max(k, 2)
	}
	// b grows with k, so the search starts at the integer part of the real
	// k at which b = θ: (k−1)·a = m − θ and (k−1)·a² = v − θ² give
	// k = 1 + (m − θ)²/(v − θ²). If θ is clearly above √v or m, b stays
	// below θ: k = 32. Near those limits the search runs from the start.
	if th := c.tail; th > 0 {
		if r := v - th*th; r > 1e-6*v && th < m {
			if kr := 1 + (m-th)*(m-th)/r; kr >= maxStages {
				k = maxStages
			} else if int(kr) > k {
				k = int(kr)
			}
		} else if th*th > (1+1e-6)*v || th > (1+1e-6)*m {
			k = maxStages
		}
	}
	a, b := stages(k, m, v)
	for k < maxStages && b < c.tail {
		a1, b1 := stages(k+1, m, v)
		if b1-c.tail > c.tail-b {
			break
		}
		k, a, b = k+1, a1, b1
	}
	if a <= 1e-12*b {
		// c² just below 1: the Erlang stages vanish.
		return shape{off: c.Shift, r1: 1 / m, m1: m, kind: kindExp}
	}
	return hypo(c.Shift, k-1, a, b)
}

// stages returns the stage mean a of Erlang(k−1, a) + Exp(b) with mean m
// and variance v, and b; 1/k ≤ v/m² ≤ 1.
func stages(k int, m, v float64) (a, b float64) {
	kf := float64(k)
	a = (m - math.Sqrt(max((kf*v-m*m)*inv[k-1], 0))) * inv[k]
	return a, m - (kf-1)*a
}

// tail returns the mean of the slowest exponential phase of s, in
// seconds (0 for an atom).
func (s *shape) tail() float64 {
	switch s.kind {
	case kindExp:
		return s.m1
	case kindHypo:
		return s.m2
	case kindHyper:
		return max(s.m1, s.m2)
	}
	return 0
}

// hypo returns the shape off + Erlang(n, 1/a) + Exp(1/b), a ≤ b.
func hypo(off float64, n int, a, b float64) shape {
	s := shape{off: off, r1: 1 / a, r2: 1 / b, m1: a, m2: b, kind: kindHypo, k: uint8(n)}
	// (α/δ)ⁿ = (b/(b−a))ⁿ for hypoSF, by squaring; capped so that a
	// product with 0 stays 0 (it is only used where δ is not negligible).
	s.p = math.MaxFloat64
	if b > a {
		r, pw := b/(b-a), 1.0
		for e := n; e > 0; e >>= 1 {
			if e&1 == 1 {
				pw *= r
			}
			r *= r
		}
		s.p = min(pw, math.MaxFloat64)
	}
	return s
}

// expUnderflow is the argument beyond which exp(−x) is zero in float64.
const expUnderflow = 746

// inv holds 1/i, so that the series below multiply instead of divide.
var inv = func() (r [128]float64) {
	for i := 1; i < len(r); i++ {
		r[i] = 1 / float64(i)
	}
	return r
}()

// sf returns the survival function P(X > t) of the shape and its density at
// t. Atoms have density 0 everywhere (their jump is handled by the caller).
func (s *shape) sf(t float64) (surv, dens float64) {
	surv, dens, _ = s.sf3(t)
	return surv, dens
}

// sf3 returns the survival function P(X > t) of the shape, its density at
// t and the density's derivative (0 for atoms and below the offset).
func (s *shape) sf3(t float64) (surv, dens, slope float64) {
	x := t - s.off
	switch {
	case s.kind == kindInf:
		return 1, 0, 0
	case x < 0:
		return 1, 0, 0
	case s.kind == kindAtom:
		return 0, 0, 0
	case x == 0:
		return 1, 0, 0
	}
	switch s.kind {
	case kindExp:
		y := s.r1 * x
		if y > expUnderflow {
			return 0, 0, 0
		}
		e := expNeg(y)
		d := s.r1 * e
		return e, d, -s.r1 * d
	case kindHyper:
		var e1, e2 float64
		if y := s.r1 * x; y < expUnderflow {
			e1 = s.p * expNeg(y)
		}
		if y := s.r2 * x; y < expUnderflow {
			e2 = (1 - s.p) * expNeg(y)
		}
		d1, d2 := s.r1*e1, s.r2*e2
		return e1 + e2, d1 + d2, -(s.r1*d1 + s.r2*d2)
	}
	return hypoSF(int(s.k), s.r1, s.r2, s.p, x)
}

// hypoSF returns the survival function, density and density's derivative
// at x > 0 of Y + Z with Y ~ Erlang(n, α) and Z ~ Exp(β), β ≤ α, given
// pw = (α/δ)ⁿ:
//
//	P(Y+Z > x) = P(Y > x) + T(x),   f(x) = β·T(x),   f′(x) = β·(f_Y(x) − β·T(x))
//	T(x) = ∫₀ˣ f_Y(y)·e^(−β(x−y)) dy = e^(−βx)·(α/δ)ⁿ·P(Gamma(n, δ) ≤ x),  δ = α − β
//
// With y = αx and z = δx, T is summed as the series
//
//	T = e^(−y)·yⁿ/n! · Σᵢ zⁱ·n!/(n+i)!
//
// while z < n/2 (no cancellation, exact as δ → 0), otherwise as
//
//	T = (α/δ)ⁿ·(e^(−βx) − e^(−y)·Σ_{j<n} zʲ/j!)
//
// where P(Gamma(n, δ) ≤ x) is large enough that the difference loses at
// most a few digits. Either way it costs one or two exponentials (one
// where the Erlang part is below 2⁻⁶⁰ of the rest).
func hypoSF(n int, alpha, beta, pw, x float64) (surv, dens, slope float64) {
	bx := beta * x
	if bx > expUnderflow {
		return 0, 0, 0
	}
	y := alpha * x
	z := y - bx
	eb := 0.0
	if z >= float64(n)/2 {
		// Far in the tail the Erlang part, e^(−y)·Σ_{j<n} yʲ/j! <
		// e^(−βx)·e^(−z)·(1+y)ⁿ⁻¹, is below 2⁻⁶⁰ of e^(−βx), and so are
		// its density and the correction in T: one exponential will do.
		eb = expNeg(bx)
		e2 := int(math.Float64bits(1+y)>>52) - 1023 // 1+y < 2^(e2+1)
		if z*math.Log2E > float64(60+(e2+1)*(n-1)) {
			tx := pw * eb
			d := beta * tx
			return min(tx, 1), d, -beta * d
		}
	}
	// Erlang(n, α) survival e^(−y)·Σ_{j<n} yʲ/j!, by a forward recurrence
	// from e^(−y): every term is positive, so there is no cancellation.
	ey := 0.0
	if y < expUnderflow {
		ey = expNeg(y)
	}
	term, sy, prev := ey, 0.0, 0.0
	for j := 1; j <= n; j++ {
		sy += term
		prev = term
		term *= y * inv[j]
	}
	// term is now e^(−y)·yⁿ/n!, prev e^(−y)·yⁿ⁻¹/(n−1)! = f_Y(x)/α.
	var tx float64
	if z < float64(n)/2 {
		sum, u := 1.0, 1.0
		for i := n + 1; u > 1e-17*sum; i++ {
			if i < len(inv) {
				u *= z * inv[i]
			} else {
				u *= z / float64(i)
			}
			sum += u
		}
		tx = term * sum
	} else {
		sz, tz := 0.0, 1.0
		for j := 1; j <= n; j++ {
			sz += tz
			tz *= z * inv[j]
		}
		tx = pw * max(eb-ey*sz, 0)
	}
	d := beta * tx
	return min(sy+tx, 1), d, beta * (alpha*prev - d)
}

// expTab holds 2^(j/64), j < 64, for expNeg.
var expTab = func() (r [64]float64) {
	for j := range r {
		r[j] = math.Exp2(float64(j) / 64)
	}
	return r
}()

// expNeg returns e^(−y) for y ≥ 0 within a few ulp, about three times as
// fast as math.Exp: −y = (64·e + j)·ln2/64 + r with |r| ≤ ln2/128, and
// e^r by its Taylor polynomial of degree 5 (truncation below 4e-17).
func expNeg(y float64) float64 {
	if !(y <= 708) {
		return math.Exp(-y) // subnormal results, +Inf and NaN
	}
	const (
		c    = 64 / math.Ln2
		hi   = 0x1.62e42fee00000p-7 // ln2/64, upper bits: kf·hi is exact
		lo   = 0x1.a39ef35793c76p-39
		half = 0x1.8p52 // rounds to the nearest integer
	)
	kf := (-y*c + half) - half
	r := (-y - kf*hi) - kf*lo
	p := 1 + r*(1+r*(1.0/2+r*(1.0/6+r*(1.0/24+r*(1.0/120)))))
	k := int64(kf)
	scale := math.Float64frombits(uint64(k>>6+1023) << 52)
	return scale * expTab[k&63] * p
}
