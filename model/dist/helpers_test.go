package dist

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// mcSamples is the Monte Carlo sample size of every simulation test.
const mcSamples = 1_000_000

// monteCarlo draws mcSamples values with draw from a PCG generator seeded
// (1, 1) and returns them sorted.
func monteCarlo(draw func(r *rand.Rand) float64) []float64 {
	r := rand.New(rand.NewPCG(1, 1))
	xs := make([]float64, mcSamples)
	for i := range xs {
		xs[i] = draw(r)
	}
	slices.Sort(xs)
	return xs
}

// empirical returns the empirical p-quantile of sorted samples: the
// smallest sample with at least a fraction p of the samples at or below it.
func empirical(sorted []float64, p float64) float64 {
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[max(i, 0)]
}

// sampleMean returns the mean of xs.
func sampleMean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// exp draws an exponential variable with the given mean.
func exp(r *rand.Rand, mean float64) float64 { return mean * r.ExpFloat64() }

// relErr returns got/want − 1.
func relErr(got, want float64) float64 { return got/want - 1 }

// near reports whether got is within the relative tolerance tol of want
// (or both are the same infinity).
func near(got, want, tol float64) bool {
	if got == want {
		return true
	}
	return math.Abs(got-want) <= tol*math.Abs(want)
}

// checkQuantiles compares m's quantiles at ps with the sorted samples
// within the relative tolerance tol and logs every relative error.
func checkQuantiles(t *testing.T, m Mixture, sorted []float64, tol float64, ps ...float64) {
	t.Helper()
	for _, p := range ps {
		got, want := m.Quantile(p), empirical(sorted, p)
		t.Logf("p%g: model %.6g, Monte Carlo %.6g, error %+.2f%%", 100*p, got, want, 100*relErr(got, want))
		if !near(got, want, tol) {
			t.Errorf("Quantile(%g) = %.6g, want %.6g ± %.1f%% (Monte Carlo)", p, got, want, 100*tol)
		}
	}
}

// bisect returns the smallest t in [0, ∞) with cdf(t) ≥ p to full double
// precision: an independent reference for closed-form CDFs.
func bisect(cdf func(float64) float64, p float64) float64 {
	lo, hi := 0.0, 1.0
	for cdf(hi) < p {
		lo, hi = hi, 2*hi
	}
	for range 200 {
		mid := lo + (hi-lo)/2
		if mid == lo || mid == hi {
			break
		}
		if cdf(mid) >= p {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// gammaP returns the regularized lower incomplete gamma function P(a, x),
// by its series for x < a+1 and by the Legendre continued fraction
// otherwise (Press et al., Numerical Recipes, 3rd ed., 2007, §6.2).
func gammaP(a, x float64) float64 {
	if x <= 0 {
		return 0
	}
	lg, _ := math.Lgamma(a)
	if x < a+1 {
		sum, term := 1/a, 1/a
		for n := 1; n < 1000; n++ {
			term *= x / (a + float64(n))
			sum += term
			if term < sum*1e-16 {
				break
			}
		}
		return sum * math.Exp(-x+a*math.Log(x)-lg)
	}
	// Modified Lentz for the continued fraction of Q(a, x).
	const tiny = 1e-300
	b := x + 1 - a
	c := 1 / tiny
	d := 1 / b
	h := d
	for i := 1; i < 1000; i++ {
		an := -float64(i) * (float64(i) - a)
		b += 2
		d = an*d + b
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = b + an/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		del := d * c
		h *= del
		if math.Abs(del-1) < 1e-16 {
			break
		}
	}
	return 1 - math.Exp(-x+a*math.Log(x)-lg)*h
}

// gammaFitQuantile returns the p-quantile of the gamma distribution with the
// given mean and variance: the single two-moment fit that MODEL.md §3
// rejects for mixtures.
func gammaFitQuantile(mean, variance, p float64) float64 {
	shape := mean * mean / variance
	scale := variance / mean
	return scale * bisect(func(x float64) float64 { return gammaP(shape, x) }, p)
}

// erlangCDF returns the CDF at t of the Erlang-k distribution with the
// given mean (the sum of k exponentials of mean mean/k):
//
//	F(t) = 1 − e^(−x)·Σ_{j<k} xʲ/j!,  x = k·t/mean
func erlangCDF(k int, mean, t float64) float64 {
	x := float64(k) * t / mean
	term, sum := math.Exp(-x), 0.0
	for j := range k {
		sum += term
		term *= x / float64(j+1)
	}
	return 1 - sum
}
