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
	p    float64 // kindHyper: probability of phase 1
	r1   float64 // rate of the Erlang stages or of H2 phase 1, 1/s
	r2   float64 // rate of the last exponential or of H2 phase 2, 1/s
	kind kind
	k    uint8 // kindHypo: number of Erlang stages before the last exponential
}

// cvTiny is the squared coefficient of variation below which a random part
// is treated as a constant. It only guards against rates that overflow.
const cvTiny = 1e-30

// fitShape fits the phase-type shape of a canonical component from its
// random part's mean m and variance v (Tijms 2003, Appendix B; the
// hypoexponential branch solves the two moment equations directly):
//
//	v = 0          atom at Shift (canonical components fold m into Shift)
//	c² = v/m²
//	c² = 1         Exp(m), exact
//	1/k ≤ c² < 1   Erlang(k−1, a) + Exp(b), k = ⌈1/c²⌉, b ≥ a:
//	                 a = (m − √((k·v − m²)/(k−1)))/k,  b = m − (k−1)·a
//	               exact for Erlang-k (a = b) and for the sum of two
//	               exponentials (k = 2); it keeps the slowest stage b close
//	               to the dominant exponential of a sum of unequal ones
//	c² < 1/32      Erlang-32 with the same variance, moved right by an
//	               internal offset so that the mean is kept too:
//	                 a = b = √(v/32),  off = Shift + m − √(32·v)
//	c² > 1         H2 with balanced means (Tijms 2003, p. 447):
//	                 p₁ = (1 + √((c²−1)/(c²+1)))/2,  r₁ = 2p₁/m,  r₂ = 2p₂/m
func fitShape(c Component) shape {
	switch {
	case math.IsInf(c.Shift, 1):
		return shape{off: c.Shift, kind: kindInf}
	case c.Mean == 0 || c.Var == 0:
		return shape{off: c.Shift + c.Mean, kind: kindAtom}
	}
	m, v := c.Mean, c.Var
	cv2 := v / (m * m)
	switch {
	case cv2 < cvTiny:
		return shape{off: c.Shift + m, kind: kindAtom}
	case cv2 == 1:
		return shape{off: c.Shift, r1: 1 / m, kind: kindExp}
	case cv2 > 1:
		// p₂ = (1 − r)/2 with r = √((c²−1)/(c²+1)), written without the
		// cancellation of 1 − r for large c².
		r := math.Sqrt((cv2 - 1) / (cv2 + 1))
		p2 := (1 / (cv2 + 1)) / (1 + r)
		p1 := 1 - p2
		return shape{off: c.Shift, p: p1, r1: 2 * p1 / m, r2: 2 * p2 / m, kind: kindHyper}
	case cv2 < 1.0/maxStages:
		a := math.Sqrt(v / maxStages)
		return shape{off: c.Shift + m - maxStages*a, r1: 1 / a, r2: 1 / a, kind: kindHypo, k: maxStages - 1}
	}
	k := math.Ceil(1 / cv2)
	if k < 2 {
		k = 2
	}
	if k > maxStages {
		k = maxStages
	}
	d := (k*v - m*m) / (k - 1)
	a := (m - math.Sqrt(max(d, 0))) / k
	b := m - (k-1)*a
	if a <= 1e-12*b {
		// c² just below 1: the Erlang stages vanish.
		return shape{off: c.Shift, r1: 1 / m, kind: kindExp}
	}
	return shape{off: c.Shift, r1: 1 / a, r2: 1 / b, kind: kindHypo, k: uint8(k - 1)}
}

// expUnderflow is the argument beyond which exp(−x) is zero in float64.
const expUnderflow = 746

// sf returns the survival function P(X > t) of the shape and its density at
// t. Atoms have density 0 everywhere (their jump is handled by the caller).
func (s *shape) sf(t float64) (surv, dens float64) {
	x := t - s.off
	switch {
	case s.kind == kindInf:
		return 1, 0
	case x < 0:
		return 1, 0
	case s.kind == kindAtom:
		return 0, 0
	case x == 0:
		return 1, 0
	}
	switch s.kind {
	case kindExp:
		y := s.r1 * x
		if y > expUnderflow {
			return 0, 0
		}
		e := math.Exp(-y)
		return e, s.r1 * e
	case kindHyper:
		var e1, e2 float64
		if y := s.r1 * x; y < expUnderflow {
			e1 = s.p * math.Exp(-y)
		}
		if y := s.r2 * x; y < expUnderflow {
			e2 = (1 - s.p) * math.Exp(-y)
		}
		var d float64
		if e1 > 0 {
			d += s.r1 * e1
		}
		if e2 > 0 {
			d += s.r2 * e2
		}
		return e1 + e2, d
	}
	return hypoSF(int(s.k), s.r1, s.r2, x)
}

// hypoSF returns the survival function and density at x > 0 of
// Y + Z with Y ~ Erlang(n, α) and Z ~ Exp(β), β ≤ α:
//
//	P(Y+Z > x) = P(Y > x) + T(x),   f(x) = β·T(x)
//	T(x) = ∫₀ˣ f_Y(y)·e^(−β(x−y)) dy = e^(−βx)·(α/δ)ⁿ·P(Gamma(n, δ) ≤ x),  δ = α − β
//
// T is summed as e^(−αx)(αx)ⁿ/n!·Σᵢ zⁱ·n!/(n+i)! with z = δx while z ≤ n
// (no cancellation, and exact as δ → 0), otherwise from the complement of
// the Gamma(n, δ) survival function, which is then at most about 1/2.
func hypoSF(n int, alpha, beta, x float64) (surv, dens float64) {
	if beta*x > expUnderflow {
		return 0, 0
	}
	y := alpha * x
	// Erlang(n, α) survival e^(−y)·Σ_{j<n} yʲ/j!, by a forward recurrence
	// from e^(−y): every term is positive, so there is no cancellation.
	term := 0.0
	if y < expUnderflow {
		term = math.Exp(-y)
	}
	sy := 0.0
	for j := 1; j <= n; j++ {
		sy += term
		term *= y / float64(j)
	}
	// term is now e^(−y)·yⁿ/n!.
	z := (alpha - beta) * x
	var tx float64
	if z <= float64(n) {
		sum, u := 1.0, 1.0
		for i := 1; i < 400; i++ {
			u *= z / float64(n+i)
			sum += u
			if u <= 1e-17*sum {
				break
			}
		}
		tx = term * sum
	} else {
		// P(Gamma(n, δ) ≤ x) = 1 − e^(−z)·Σ_{j<n} zʲ/j!
		g, tz := 0.0, math.Exp(-z)
		for j := 1; j <= n; j++ {
			g += tz
			tz *= z / float64(j)
		}
		// e^(−βx)·(α/δ)ⁿ = exp(n·ln(y/z) − (y − z))
		tx = math.Exp(float64(n)*math.Log(y/z)-(y-z)) * (1 - g)
	}
	return sy + tx, beta * tx
}
