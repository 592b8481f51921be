package queue

import (
	"math"
	"math/rand/v2"
	"testing"
)

// simulateTokenBucket simulates n Poisson requests at rate lambda at a
// bucket refilled at rate r that holds depth tokens, first come first
// served, by the tokens owed (seconds of refill; the bucket is full at 0):
// each request adds 1/r, the refill drains them, and a request waits
// until they fall to depth/r. It returns the share of requests that wait
// and the mean wait of those that do.
func simulateTokenBucket(rng *rand.Rand, lambda, r, depth float64, n int) (pWait, wait float64) {
	var owed, waits float64
	waited := 0
	for range n {
		owed = math.Max(0, owed-rng.ExpFloat64()/lambda) + 1/r
		if w := owed - depth/r; w > 0 {
			waited++
			waits += w
		}
	}
	if waited == 0 {
		return 0, 0
	}
	return float64(waited) / float64(n), waits / float64(waited)
}

// TestTokenBucketWaitSimulated checks TokenBucketWait against a
// simulation of the bucket: exact (M/D/1) at depth 1, the Cramér–Lundberg
// tail beyond. Tolerances from the runs of this test: the simulation's own
// noise is up to 2.5 % at ρ 0.95 (depth 1, where the form is exact); at
// depth 2 the tail form puts P(wait) up to 7 % high and the wait 6 % low
// (ρ 0.5); from depth 3 on both are within 3 %, and within 6.5 % where
// only 2 % of requests wait (ρ 0.8, depth 10).
func TestTokenBucketWaitSimulated(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	const rate = 3000 // gp3's baseline IOPS
	for _, rho := range []float64{0.5, 0.8, 0.95} {
		for _, depth := range []float64{1, 2, 3, 5, 10} {
			n := 2_000_000
			if rho > 0.9 {
				n = 6_000_000
			}
			simP, simW := simulateTokenBucket(rng, rho*rate, rate, depth, n)
			p, w := TokenBucketWait(rho*rate, rate, depth)
			tol := 0.08
			switch depth {
			case 1:
				tol = 0.03
			case 2:
				tol = 0.09
			}
			if simP < 0.01 {
				if math.Abs(p-simP) > 0.002 {
					t.Errorf("ρ %.2f depth %g: P(wait) = %.4f, simulated %.4f", rho, depth, p, simP)
				}
				continue
			}
			if math.Abs(p/simP-1) > tol || math.Abs(w/simW-1) > tol {
				t.Errorf("ρ %.2f depth %g: P(wait) = %.4f and wait = %.3g s, simulated %.4f and %.3g s (tolerance %.0f %%)",
					rho, depth, p, w, simP, simW, 100*tol)
			}
		}
	}
}

// TestTokenBucketWaitShape checks the special cases and that the mean
// wait grows with the load and falls with the bucket's depth.
func TestTokenBucketWaitShape(t *testing.T) {
	if p, w := TokenBucketWait(0, 3000, 300); p != 0 || w != 0 {
		t.Errorf("no load: got (%g, %g), want (0, 0)", p, w)
	}
	if p, w := TokenBucketWait(3000, 3000, 300); p != 1 || !math.IsInf(w, 1) {
		t.Errorf("at the rate: got (%g, %g), want (1, +Inf)", p, w)
	}
	if p, _ := TokenBucketWait(math.NaN(), 3000, 300); !math.IsNaN(p) {
		t.Errorf("NaN arrival: got %g, want NaN", p)
	}
	// M/D/1 (depth 1) at ρ = 0.5: P(wait) = ρ, mean wait of the waiters
	// D/(2(1 − ρ)) = D (Pollaczek–Khinchine).
	if p, w := TokenBucketWait(1500, 3000, 1); math.Abs(p-0.5) > 1e-12 || math.Abs(w*3000-1) > 1e-9 {
		t.Errorf("M/D/1 at ρ 0.5: got (%g, %g·D), want (0.5, 1·D)", p, w*3000)
	}
	for _, depth := range []float64{1, 1.5, 2, 4, 30, 300} {
		prev := 0.0
		for rho := 0.05; rho < 0.999; rho += 0.01 {
			p, w := TokenBucketWait(rho*3000, 3000, depth)
			mean := p * w
			if mean < prev || math.IsNaN(mean) {
				t.Fatalf("depth %g: mean wait %g at ρ %.2f below %g before", depth, mean, rho, prev)
			}
			prev = mean
			if p2, w2 := TokenBucketWait(rho*3000, 3000, depth+1); p2*w2 > mean*(1+1e-12) {
				t.Fatalf("depth %g → %g at ρ %.2f: mean wait rose from %g to %g", depth, depth+1, rho, mean, p2*w2)
			}
		}
	}
}

// TestMDOneDecayRoot checks that the Newton iteration starts above the
// root y of ρ(e^y − 1) = y, at min(2ε/ρ, 2·ln(2/ρ)), and solves the
// equation, from ρ = 0.001 to 1 − 10⁻¹², and that TokenBucketWait keeps
// its precision there: as ρ → 1 every request waits, for about
// D/(2(1 − ρ)) (heavy traffic: y ≈ 2(1 − ρ); at 1 − ρ = 10⁻⁴ a bucket
// of 300 still spares e^(−2·10⁻⁴·299) ≈ 6 % of them).
func TestMDOneDecayRoot(t *testing.T) {
	check := func(rho, eps float64) {
		y := mdOneDecay(rho, eps)
		if hi := math.Min(2*eps/rho, 2*math.Log(2/rho)); !(y > 0 && y <= hi*(1+1e-12)) {
			t.Fatalf("ρ %.15g: root %g outside (0, %g]", rho, y, hi)
		}
		if r := rho*math.Expm1(y) - y; math.Abs(r) > 1e-9*y {
			t.Fatalf("ρ %.15g: root %g leaves %g", rho, y, r)
		}
	}
	for rho := 0.001; rho < 1; rho += 0.001 {
		check(rho, 1-rho)
	}
	for _, eps := range []float64{1e-4, 1e-6, 1e-9, 1e-12} {
		check(1-eps, eps)
		const rate = 3000.0
		p, w := TokenBucketWait(rate*(1-eps), rate, 300)
		if want := 1 / (2 * eps * rate); p < 0.9 || math.Abs(w/want-1) > 0.01 {
			t.Errorf("1 − ρ = %g at depth 300: P(wait) %g and wait %g s, want ≈ 1 and %g s", eps, p, w, want)
		}
	}
}
