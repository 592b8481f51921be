package calibration

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/pgarch/pgarch/model"
)

// USLFit is the Universal Scalability Law fitted to closed-load
// measurements (Gunther, Guerrilla Capacity Planning, 2007, eq. 4.31):
//
//	X(N) = λ·N / (1 + σ(N−1) + κ·N(N−1))
type USLFit struct {
	// Sigma is the contention coefficient σ ≥ 0 (serialisation).
	Sigma float64
	// Kappa is the coherency coefficient κ ≥ 0 (crosstalk).
	Kappa float64
	// Lambda is the throughput of one client, X(1), fitted (no N = 1
	// measurement is needed).
	Lambda model.Rate
	// R2 is the coefficient of determination of the fitted throughputs,
	// stat.RSquaredFrom over the measured X(N).
	R2 float64
	// N is the number of measurements used.
	N int
}

// Throughput returns the fitted X(n).
func (f USLFit) Throughput(n float64) model.Rate {
	return model.Rate(float64(f.Lambda) * n * f.Efficiency(n))
}

// Efficiency returns the fitted per-client efficiency at n clients,
//
//	C(n)/n = 1 / (1 + σ(n−1) + κ·n(n−1))
func (f USLFit) Efficiency(n float64) float64 {
	return 1 / (1 + f.Sigma*(n-1) + f.Kappa*n*(n-1))
}

// PeakClients returns the client count of the throughput maximum,
// N* = √((1−σ)/κ) (Gunther 2007, eq. 4.33); +Inf when κ = 0 (throughput
// rises to the asymptote λ/σ).
func (f USLFit) PeakClients() float64 {
	if f.Kappa == 0 {
		return math.Inf(1)
	}
	return math.Sqrt(math.Max(0, 1-f.Sigma) / f.Kappa)
}

// String reads like "σ=0.0267 κ=0.000769 λ=995.6/s R²=0.9977 (n=32)".
func (f USLFit) String() string {
	return fmt.Sprintf("σ=%.4g κ=%.4g λ=%.4g/s R²=%.4f (n=%d)", f.Sigma, f.Kappa, float64(f.Lambda), f.R2, f.N)
}

// uslMinPoints is the fewest client counts FitUSL accepts: three
// parameters and at least one degree of freedom.
const uslMinPoints = 4

// FitUSL fits the Universal Scalability Law to closed-load measurements at
// four or more distinct client counts by nonlinear least squares on the
// throughput, with σ, κ ≥ 0:
//
//	minimise Σ (X_i − λN_i/(1 + σ(N_i−1) + κN_i(N_i−1)))²
//
// λ is a parameter like σ and κ, so no N = 1 measurement is needed. The
// start comes from Gunther's linearisation (Guerrilla Capacity Planning,
// §5.6): for a trial λ the relative capacity C(N) = X(N)/λ gives
//
//	N/C(N) − 1 = σ(N−1) + κ·N(N−1)
//
// a regression through the origin on two regressors, solved with σ, κ ≥ 0
// (a single-regressor fit through the origin, stat.LinearRegression with
// origin = true, when the two-regressor solution has a negative
// coefficient); the trial λ with the smallest throughput residual is
// refined by Levenberg–Marquardt with the constraints kept by an active
// set. Points are sorted by client count; their order does not matter.
//
// Special cases are:
//
//	fewer than 4 points                     → ErrTooFewPoints
//	NaN, infinite, zero or negative figures → ErrInvalidPoint
//	a client count given twice              → ErrDuplicateClients
//	X(N)/N higher at the largest N than at the smallest
//	                                        → ErrSuperlinear
func FitUSL(points []Point) (USLFit, error) {
	pts, err := checkPoints(points, uslMinPoints)
	if err != nil {
		return USLFit{}, err
	}
	first, last := pts[0], pts[len(pts)-1]
	if float64(last.Throughput)/float64(last.Clients) > float64(first.Throughput)/float64(first.Clients) {
		return USLFit{}, fmt.Errorf("%w: X/N = %.4g at N = %d above %.4g at N = %d", ErrSuperlinear,
			float64(last.Throughput)/float64(last.Clients), last.Clients,
			float64(first.Throughput)/float64(first.Clients), first.Clients)
	}
	n := make([]float64, len(pts))
	x := make([]float64, len(pts))
	lo := 0.0 // λ ≥ max X/N, since σ, κ ≥ 0 make X(N) ≤ λN
	for i, p := range pts {
		n[i], x[i] = float64(p.Clients), float64(p.Throughput)
		lo = math.Max(lo, x[i]/n[i])
	}

	// Start: scan λ over [lo, 100·lo] on a log grid, each with its
	// linearised σ, κ, and keep the smallest throughput residual.
	best := [3]float64{lo, 0, 0}
	bestSSE := math.Inf(1)
	const grid = 400
	for k := 0; k <= grid; k++ {
		lam := lo * math.Pow(100, float64(k)/grid)
		s, kap := linearUSL(n, x, lam)
		if sse := uslSSE(n, x, [3]float64{lam, s, kap}); sse < bestSSE {
			best, bestSSE = [3]float64{lam, s, kap}, sse
		}
	}
	p := levenbergMarquardt(n, x, best)

	est := make([]float64, len(n))
	f := USLFit{Lambda: model.Rate(p[0]), Sigma: p[1], Kappa: p[2], N: len(n)}
	for i := range n {
		est[i] = float64(f.Throughput(n[i]))
	}
	f.R2 = stat.RSquaredFrom(est, x, nil)
	return f, nil
}

// linearUSL returns σ, κ ≥ 0 of the linearised USL for a trial λ:
// least squares through the origin of y = λN/X − 1 on (N−1, N(N−1)).
func linearUSL(n, x []float64, lambda float64) (sigma, kappa float64) {
	a := make([]float64, len(n))
	b := make([]float64, len(n))
	y := make([]float64, len(n))
	var saa, sab, sbb, say, sby float64
	for i := range n {
		a[i], b[i], y[i] = n[i]-1, n[i]*(n[i]-1), lambda*n[i]/x[i]-1
		saa += a[i] * a[i]
		sab += a[i] * b[i]
		sbb += b[i] * b[i]
		say += a[i] * y[i]
		sby += b[i] * y[i]
	}
	linSSE := func(s, k float64) float64 {
		var sse float64
		for i := range y {
			r := y[i] - s*a[i] - k*b[i]
			sse += r * r
		}
		return sse
	}
	if det := saa*sbb - sab*sab; det > 1e-12*saa*sbb {
		s := (say*sbb - sby*sab) / det
		k := (sby*saa - say*sab) / det
		if s >= 0 && k >= 0 {
			return s, k
		}
	}
	// A coefficient would be negative: the best of the one-regressor fits
	// through the origin and of σ = κ = 0.
	bestS, bestK, bestSSE := 0.0, 0.0, linSSE(0, 0)
	if saa > 0 {
		_, s := stat.LinearRegression(a, y, nil, true)
		if s = math.Max(s, 0); linSSE(s, 0) < bestSSE {
			bestS, bestK, bestSSE = s, 0, linSSE(s, 0)
		}
	}
	if sbb > 0 {
		_, k := stat.LinearRegression(b, y, nil, true)
		if k = math.Max(k, 0); linSSE(0, k) < bestSSE {
			bestS, bestK = 0, k
		}
	}
	return bestS, bestK
}

// uslSSE is the sum of squared throughput residuals at p = (λ, σ, κ).
func uslSSE(n, x []float64, p [3]float64) float64 {
	var sse float64
	for i := range n {
		r := x[i] - p[0]*n[i]/(1+p[1]*(n[i]-1)+p[2]*n[i]*(n[i]-1))
		sse += r * r
	}
	return sse
}

// levenbergMarquardt minimises uslSSE from p with Marquardt's scaled
// damping, keeping σ, κ ≥ 0 by an active set: a coefficient at 0 whose
// step points below 0 is held at 0 for that step.
func levenbergMarquardt(n, x []float64, p [3]float64) [3]float64 {
	sse := uslSSE(n, x, p)
	mu := 1e-3
	for iter := 0; iter < 500; iter++ {
		// Jacobian of the model and the residuals.
		var jtj [3][3]float64
		var jtr [3]float64
		for i := range n {
			d := 1 + p[1]*(n[i]-1) + p[2]*n[i]*(n[i]-1)
			f := p[0] * n[i] / d
			g := [3]float64{n[i] / d, -f * (n[i] - 1) / d, -f * n[i] * (n[i] - 1) / d}
			r := x[i] - f
			for j := range 3 {
				jtr[j] += g[j] * r
				for k := range 3 {
					jtj[j][k] += g[j] * g[k]
				}
			}
		}
		free := [3]bool{true, true, true}
		var step [3]float64
		improved := false
		for tries := 0; tries < 40 && !improved; tries++ {
			for pass := 0; pass < 3; pass++ {
				step = solveDamped(jtj, jtr, mu, free)
				changed := false
				for j := 1; j < 3; j++ {
					if free[j] && p[j] <= 0 && step[j] < 0 {
						free[j], changed = false, true
					}
				}
				if !changed {
					break
				}
			}
			q := [3]float64{p[0] + step[0], math.Max(0, p[1]+step[1]), math.Max(0, p[2]+step[2])}
			if q[0] <= 0 {
				mu *= 4
				continue
			}
			if s := uslSSE(n, x, q); s < sse {
				rel := (sse - s) / math.Max(sse, 1e-300)
				p, sse, improved = q, s, true
				mu = math.Max(mu/3, 1e-12)
				if rel < 1e-14 {
					return p
				}
			} else {
				mu *= 4
			}
		}
		if !improved {
			return p
		}
	}
	return p
}

// solveDamped solves (JᵀJ + μ·diag(JᵀJ))·δ = Jᵀr over the free
// parameters with gonum's LU; held parameters get δ = 0. A singular system
// returns a zero step.
func solveDamped(jtj [3][3]float64, jtr [3]float64, mu float64, free [3]bool) [3]float64 {
	var idx []int
	for j := range 3 {
		if free[j] {
			idx = append(idx, j)
		}
	}
	var out [3]float64
	k := len(idx)
	if k == 0 {
		return out
	}
	a := mat.NewDense(k, k, nil)
	b := mat.NewVecDense(k, nil)
	for r, j := range idx {
		for c, l := range idx {
			a.Set(r, c, jtj[j][l])
		}
		a.Set(r, r, jtj[j][j]*(1+mu)+1e-300)
		b.SetVec(r, jtr[j])
	}
	var d mat.VecDense
	if err := d.SolveVec(a, b); err != nil {
		// A mat.Condition error still leaves a solution; anything else
		// (an exactly singular matrix) gives no step.
		var cond mat.Condition
		if !errors.As(err, &cond) {
			return out
		}
	}
	for r, j := range idx {
		out[j] = d.AtVec(r)
	}
	return out
}
