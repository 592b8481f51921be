package queue

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestOrderStatisticMean(t *testing.T) {
	tests := []struct {
		name   string
		n, k   int
		rate   float64
		want   float64
		relTol float64
	}{
		// E[max of n Exp(μ)] = Hₙ/μ (David, Nagaraja 2003, §2.5): H₃ = 11/6.
		{"max of 3", 3, 3, 1, 11.0 / 6, 1e-15},
		// E[min of n Exp(μ)] = 1/(n·μ).
		{"min of 5", 5, 1, 2, 0.1, 1e-15},
		// Raft majority of 5 at μ = 2: (1/5 + 1/4 + 1/3)/2 = 47/120.
		{"3 of 5", 5, 3, 2, 47.0 / 120, 1e-15},
		// Aurora 4 of 6: 1/6 + 1/5 + 1/4 + 1/3 = 19/20.
		{"4 of 6", 6, 4, 1, 0.95, 1e-15},
		// H₁₀₀₀ − H₀ = 7.485470860550345 (Hₙ to 16 digits, e.g. OEIS
		// A001008/A002805); k > 64 and n−k < 64 uses the asymptotic H₁₀₀₀.
		{"max of 1000", 1000, 1000, 1, 7.485470860550345, 1e-15},
		// H₂ₙ − Hₙ = ln 2 − 1/(4n) + O(1/n²), here within 3e-7 of ln 2.
		{"500000 of 1e6", 1000000, 500000, 1, math.Ln2, 1e-6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := OrderStatisticMean(tt.n, tt.k, tt.rate)
			if math.Abs(got-tt.want) > tt.relTol*tt.want {
				t.Errorf("OrderStatisticMean(%d, %d, %g) = %.17g, want %.17g", tt.n, tt.k, tt.rate, got, tt.want)
			}
		})
	}
	// The asymptotic branches of harmonicDiff against direct summation
	// (largest terms last, so rounding stays below 1e-13 relative).
	for _, tt := range []struct{ n, m int }{{1000000, 500000}, {100000, 65}, {100000, 10}, {200, 100}, {1 << 40, 1<<40 - 100}} {
		var want float64
		if tt.n-tt.m < 2000000 {
			for i := tt.m + 1; i <= tt.n; i++ {
				want += 1 / float64(i)
			}
		}
		if got := harmonicDiff(tt.n, tt.m); math.Abs(got-want) > 1e-13*want {
			t.Errorf("harmonicDiff(%d, %d) = %.17g, want %.17g", tt.n, tt.m, got, want)
		}
	}
	for _, tt := range []struct {
		n, k       int
		rate, want float64
	}{
		// Documented special cases.
		{5, 0, 1, 0},
		{5, 6, 1, math.Inf(1)},
		{5, 3, 0, math.Inf(1)},
		{5, 3, -1, math.Inf(1)},
		{5, 3, math.Inf(1), 0},
		{5, 3, math.NaN(), math.NaN()},
	} {
		got := OrderStatisticMean(tt.n, tt.k, tt.rate)
		if !(got == tt.want || math.IsNaN(got) && math.IsNaN(tt.want)) {
			t.Errorf("OrderStatisticMean(%d, %d, %g) = %g, want %g", tt.n, tt.k, tt.rate, got, tt.want)
		}
	}
}

func identical(n int, x ShiftedExp) []ShiftedExp {
	xs := make([]ShiftedExp, n)
	for i := range xs {
		xs[i] = x
	}
	return xs
}

func TestKthMeanIdentical(t *testing.T) {
	// For identical Exp(μ) delays KthMean must equal the closed form of
	// OrderStatisticMean (Rényi); with a common shift s it is s more.
	// Measured largest relative error: 3.6e-16 (see the log).
	var worst float64
	for _, tt := range []struct {
		n, k        int
		mean, shift float64
	}{
		{1, 1, 1, 0}, {3, 2, 0.001, 0}, {5, 3, 2, 0}, {6, 4, 0.0005, 0}, {6, 6, 1, 0},
		{16, 1, 1, 0}, {16, 9, 1, 0}, {16, 16, 1, 0}, {40, 21, 1, 0}, {3, 2, 0.001, 0.01},
	} {
		xs := identical(tt.n, ShiftedExp{Shift: tt.shift, Mean: tt.mean})
		got := KthMean(tt.k, xs)
		want := tt.shift + OrderStatisticMean(tt.n, tt.k, 1/tt.mean)
		rel := math.Abs(got-want) / want
		worst = math.Max(worst, rel)
		if rel > 1e-12 {
			t.Errorf("KthMean(%d, %d × %+v) = %.15g, want %.15g", tt.k, tt.n, xs[0], got, want)
		}
	}
	t.Logf("largest relative error of KthMean: %.2g", worst)
}

// binomialAtLeast returns P(Binomial(n, f) ≥ k) by direct summation.
func binomialAtLeast(n, k int, f float64) float64 {
	var s float64
	for j := k; j <= n; j++ {
		lc, _ := math.Lgamma(float64(n + 1))
		l1, _ := math.Lgamma(float64(j + 1))
		l2, _ := math.Lgamma(float64(n - j + 1))
		s += math.Exp(lc-l1-l2) * math.Pow(f, float64(j)) * math.Pow(1-f, float64(n-j))
	}
	return s
}

func TestKthCDFIdentical(t *testing.T) {
	// Identical delays: the number acknowledged by t is Binomial(n, F(t)).
	// Covers both DP orientations and n > 16 with more than 17 states.
	for _, tt := range []struct{ n, k int }{{6, 4}, {6, 1}, {6, 6}, {5, 3}, {40, 21}, {40, 3}, {40, 38}} {
		xs := identical(tt.n, ShiftedExp{Shift: 0.001, Mean: 0.002})
		for _, at := range []float64{0.0005, 0.001, 0.002, 0.004, 0.01} {
			f := 0.0
			if at > 0.001 {
				f = 1 - math.Exp(-(at-0.001)/0.002)
			}
			got, want := KthCDF(tt.k, xs, at), binomialAtLeast(tt.n, tt.k, f)
			if math.Abs(got-want) > 1e-12 {
				t.Errorf("KthCDF(%d, %d × %+v, %g) = %.15g, want %.15g", tt.k, tt.n, xs[0], at, got, want)
			}
		}
	}
}

// aurora is a quorum in the style of Aurora's 4 of 6: two copies in the
// writer's zone and two in each of two other zones, with different round
// trips and storage-node delays (seconds).
var aurora = []ShiftedExp{
	{Shift: 0.0002, Mean: 0.0003}, {Shift: 0.0002, Mean: 0.0003},
	{Shift: 0.0010, Mean: 0.0005}, {Shift: 0.0010, Mean: 0.0005},
	{Shift: 0.0015, Mean: 0.0008}, {Shift: 0.0016, Mean: 0},
}

// sampleKth draws n samples of the k-th smallest of xs.
func sampleKth(rng *rand.Rand, k int, xs []ShiftedExp, n int) []float64 {
	out := make([]float64, n)
	v := make([]float64, len(xs))
	for i := range out {
		for j, x := range xs {
			v[j] = x.Shift + x.Mean*rng.ExpFloat64()
		}
		slices.Sort(v)
		out[i] = v[k-1]
	}
	slices.Sort(out)
	return out
}

func TestKthMonteCarlo(t *testing.T) {
	// Non-identical shifted exponentials against 400,000 samples of the
	// order statistic, fixed seed. The empirical CDF has standard error
	// ≤ 0.0008, so the tolerance is 0.004 (5 SE); the mean's standard
	// error is below 0.3 % here, its tolerance 1 %. Measured: CDF within
	// 0.0015, mean within 0.1 % (see the log).
	rng := rand.New(rand.NewPCG(1, 1))
	for _, tt := range []struct {
		name string
		k    int
		xs   []ShiftedExp
	}{
		{"aurora 4 of 6", 4, aurora},
		{"aurora 3 of 6", 3, aurora},
		{"raft 2 of 3", 2, []ShiftedExp{{0, 0.0001}, {0.001, 0.0002}, {0.030, 0.002}}},
		{"any 1 of 2", 1, []ShiftedExp{{0.0005, 0.001}, {0.002, 0}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			const n = 400000
			s := sampleKth(rng, tt.k, tt.xs, n)
			var worst float64
			for _, p := range []float64{0.01, 0.1, 0.5, 0.9, 0.99} {
				at := s[int(p*n)]
				got := KthCDF(tt.k, tt.xs, at)
				emp := float64(sort64(s, at)) / n
				worst = math.Max(worst, math.Abs(got-emp))
				if math.Abs(got-emp) > 0.004 {
					t.Errorf("KthCDF(%d, xs, %g) = %.5f, empirical %.5f", tt.k, at, got, emp)
				}
			}
			var mean float64
			for _, v := range s {
				mean += v
			}
			mean /= n
			got := KthMean(tt.k, tt.xs)
			if math.Abs(got-mean) > 0.01*mean {
				t.Errorf("KthMean(%d, xs) = %.6g, sample mean %.6g", tt.k, got, mean)
			}
			t.Logf("largest CDF difference %.5f; mean %.6g vs sample %.6g (%+.2f%%)", worst, got, mean, 100*(got-mean)/mean)
		})
	}
}

// sort64 returns the number of elements of the sorted s that are ≤ x.
func sort64(s []float64, x float64) int {
	i, _ := slices.BinarySearch(s, math.Nextafter(x, math.Inf(1)))
	return i
}

func TestKthQuantile(t *testing.T) {
	for _, tt := range []struct {
		name string
		k    int
		xs   []ShiftedExp
	}{
		{"aurora 4 of 6", 4, aurora},
		{"identical 2 of 3", 2, identical(3, ShiftedExp{Shift: 0.001, Mean: 0.001})},
		{"20 replicas 11 of 20", 11, identical(20, ShiftedExp{Shift: 0, Mean: 1})},
		{"mixed scales", 2, []ShiftedExp{{0, 1e-6}, {0.1, 0.01}, {0.0001, 100}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			prev := math.Inf(-1)
			for _, p := range []float64{1e-6, 0.01, 0.5, 0.9, 0.99, 0.999, 0.99999} {
				// The quantile is the smallest t with F(t) ≥ p: F(q) ≥ p,
				// and just below q, F < p (F may jump at q: aurora has a
				// constant replica).
				q := KthQuantile(tt.k, tt.xs, p)
				if f, below := KthCDF(tt.k, tt.xs, q), KthCDF(tt.k, tt.xs, q*(1-1e-9)); f < p-1e-9 || below > p+1e-9 {
					t.Errorf("KthCDF at KthQuantile(%g) = %.12g: %.12g, just below: %.12g", p, q, f, below)
				}
				if q < prev {
					t.Errorf("KthQuantile(%g) = %g < previous %g", p, q, prev)
				}
				prev = q
			}
		})
	}
	// Identical exponentials, k = n: P(max ≤ t) = (1 − e^(−t))ⁿ, so the
	// p-quantile is −ln(1 − p^(1/n)) (the fork-join rule of MODEL.md §3).
	xs := identical(4, ShiftedExp{Mean: 1})
	for _, p := range []float64{0.5, 0.99} {
		want := -math.Log(1 - math.Pow(p, 0.25))
		if got := KthQuantile(4, xs, p); math.Abs(got-want) > 1e-11*want {
			t.Errorf("KthQuantile(4, 4 × Exp(1), %g) = %.15g, want %.15g", p, got, want)
		}
	}
}

func TestKthAtoms(t *testing.T) {
	// Constant delays (Mean 0): the k-th smallest is a constant, the CDF a
	// step, and the quantile the smallest t where the step is reached.
	xs := []ShiftedExp{{0.003, 0}, {0.001, 0}, {0.002, 0}, {math.Inf(1), 0}}
	for k, want := range []float64{0.001, 0.002, 0.003} {
		if got := KthMean(k+1, xs); got != want {
			t.Errorf("KthMean(%d, constants) = %g, want %g", k+1, got, want)
		}
		for _, p := range []float64{0.001, 0.5, 0.999} {
			if got := KthQuantile(k+1, xs, p); math.Abs(got-want) > 1e-12*want {
				t.Errorf("KthQuantile(%d, constants, %g) = %.15g, want %g", k+1, p, got, want)
			}
		}
	}
	// A constant mixed with an exponential: 1 of {0.002 constant,
	// Exp(mean 0.001)} is min(0.002, E), whose mean is
	// 0.001·(1 − e^(−2)).
	mixed := []ShiftedExp{{0.002, 0}, {0, 0.001}}
	if got, want := KthMean(1, mixed), 0.001*(1-math.Exp(-2)); math.Abs(got-want) > 1e-13*want {
		t.Errorf("KthMean(1, mixed) = %.15g, want %.15g", got, want)
	}
	// P(min ≤ t) = 1 − e^(−t/0.001) for t < 0.002, then 1: the median is
	// 0.001·ln 2, below the jump; every p above 1 − e^(−2) = 0.8647 has
	// its quantile at the jump.
	if got, want := KthQuantile(1, mixed, 0.5), 0.001*math.Ln2; math.Abs(got-want) > 1e-11*want {
		t.Errorf("KthQuantile(1, mixed, 0.5) = %.15g, want %.15g", got, want)
	}
	for _, p := range []float64{0.9, 0.9999} {
		if got := KthQuantile(1, mixed, p); math.Abs(got-0.002) > 1e-14 {
			t.Errorf("KthQuantile(1, mixed, %g) = %.15g, want 0.002", p, got)
		}
	}
}

func TestKthSpecialCases(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	xs := []ShiftedExp{{0.001, 0.001}, {0.002, 0.001}, {inf, 0}, {0.001, inf}}
	bad := []ShiftedExp{{0.001, -1}}
	same := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
	tests := []struct {
		name string
		got  float64
		want float64
	}{
		// Documented special cases.
		{"CDF k ≤ 0", KthCDF(0, xs, 0), 1},
		{"CDF k > n", KthCDF(5, xs, 1), 0},
		{"CDF never-answering replicas", KthCDF(3, xs, 1e9), 0},
		{"CDF NaN t", KthCDF(1, xs, nan), nan},
		{"CDF invalid", KthCDF(1, bad, 1), nan},
		{"quantile k ≤ 0", KthQuantile(0, xs, 0.5), 0},
		{"quantile p ≤ 0", KthQuantile(2, xs, 0), 0.002},
		{"quantile p ≥ 1", KthQuantile(1, xs, 1), inf},
		{"quantile too few finite", KthQuantile(3, xs, 0.5), inf},
		{"quantile NaN p", KthQuantile(1, xs, nan), nan},
		{"quantile invalid", KthQuantile(1, bad, 0.5), nan},
		{"mean k ≤ 0", KthMean(0, xs), 0},
		{"mean k > n", KthMean(5, xs), inf},
		{"mean too few finite", KthMean(3, xs), inf},
		{"mean invalid", KthMean(1, []ShiftedExp{{nan, 1}}), nan},
	}
	for _, tt := range tests {
		if !same(tt.got, tt.want) {
			t.Errorf("%s: got %g, want %g", tt.name, tt.got, tt.want)
		}
	}
}

func TestKthAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes allocation counts; the plain go test ./... run checks them")
	}
	if n := testing.AllocsPerRun(100, func() {
		KthCDF(4, aurora, 0.002)
		KthQuantile(4, aurora, 0.99)
	}); n != 0 {
		t.Errorf("KthCDF and KthQuantile allocate %v times, want 0", n)
	}
}
