package queue

import (
	"math"
	"testing"
)

func TestMVAJain(t *testing.T) {
	// Jain, The Art of Computer Systems Performance Analysis, 1991,
	// Example 34.2 and Table 34.1 ("MVA Results for Example 34.2"): a
	// timesharing system with a CPU (S = 0.125 s, V = 16), disk A
	// (S = 0.3 s, V = 10) and disk B (S = 0.2 s, V = 5), so D = 2, 3, 1 s,
	// and think time Z = 4 s. The table prints 3 decimals, so the
	// tolerance is half a unit in the last place.
	demands := []float64{2, 3, 1}
	tests := []struct {
		n    int
		r, x float64
	}{
		{1, 6.000, 0.100},
		{2, 7.400, 0.175},
		{3, 9.088, 0.229},
		{4, 11.051, 0.266},
		{5, 13.256, 0.290},
		{17, 47.045, 0.333},
		{18, 50.032, 0.333},
		{19, 53.022, 0.333},
		{20, 56.016, 0.333},
	}
	for _, tt := range tests {
		x, r := MVA(demands, 4, tt.n)
		if math.Abs(x-tt.x) > 0.0005 || math.Abs(r-tt.r) > 0.0005 {
			t.Errorf("MVA([2 3 1], 4, %d) = %.5f, %.5f, want %.3f, %.3f", tt.n, x, r, tt.x, tt.r)
		}
	}
	// Table 34.1 also prints the queue lengths at N = 5: CPU 1.088, disk A
	// 2.365, disk B 0.388.
	x, _, res := MVACenters([]Center{{Demand: 2}, {Demand: 3}, {Demand: 1}}, 4, 5)
	for k, want := range []float64{1.088, 2.365, 0.388} {
		if got := x * res[k]; math.Abs(got-want) > 0.0005 {
			t.Errorf("Q_%d(5) = %.5f, want %.3f", k, got, want)
		}
	}
}

func TestMVACentersSingleServerMatchesMVA(t *testing.T) {
	demands := []float64{0.002, 0.003, 0.001, 0.0005}
	centers := make([]Center, len(demands))
	for i, d := range demands {
		centers[i] = Center{Demand: d, Servers: 1}
	}
	centers[3].Servers = 0 // 0 means 1
	for _, n := range []int{1, 2, 10, 100, 256, 257, 1000, 10000, 20000} {
		x1, r1 := MVA(demands, 0.01, n)
		x2, r2, res := MVACenters(centers, 0.01, n)
		if math.Abs(x1-x2) > 1e-12*x1 || math.Abs(r1-r2) > 1e-12*r1 {
			t.Errorf("n = %d: MVACenters = %.15g, %.15g, MVA = %.15g, %.15g", n, x2, r2, x1, r1)
		}
		if s := mvaSum(res); math.Abs(s-r2) > 1e-12*r2 {
			t.Errorf("n = %d: Σ perCenter = %g, response %g", n, s, r2)
		}
	}
}

func TestMVADelayCenters(t *testing.T) {
	// Only delays: no queueing, X = N/(Z + ΣD) (interactive response time
	// law, Lazowska et al. 1984, §3.4) at every N, and Rₖ = Dₖ.
	// A centre with at least as many servers as clients is a delay too.
	centers := []Center{{Demand: 0.001, Delay: true}, {Demand: 0.004, Delay: true}, {Demand: 0.01, Servers: MVAMaxClients}}
	for _, n := range []int{1, 7, 300, 5000} {
		x, r, res := MVACenters(centers, 0.02, n)
		want := float64(n) / (0.02 + 0.015)
		if math.Abs(x-want) > 1e-12*want || math.Abs(r-0.015) > 1e-15 {
			t.Errorf("n = %d: X = %.15g, R = %.15g, want %.15g, 0.015", n, x, r, want)
		}
		for k, c := range centers {
			if res[k] != c.Demand {
				t.Errorf("n = %d: R_%d = %g, want %g", n, k, res[k], c.Demand)
			}
		}
	}
}

func TestMVABounds(t *testing.T) {
	// Asymptotic bounds (Lazowska et al. 1984, ch. 5): X(N) ≤ N/(Z + ΣD),
	// X(N) ≤ min over centres of cₖ/Dₖ, and X non-decreasing in N, except
	// where the method changes above MVAExactLimit (the approximation is
	// pessimistic, so X may drop there; by at most 1 % in these networks).
	networks := map[string][]Center{
		"single servers": {{Demand: 0.002, Servers: 1}, {Demand: 0.003, Servers: 1}},
		"cpu 8 + disk":   {{Demand: 0.016, Servers: 8}, {Demand: 0.0015, Servers: 1}, {Demand: 0.002, Delay: true}},
		"cpu 64":         {{Demand: 0.064, Servers: 64}, {Demand: 0.0005}},
		"two multi":      {{Demand: 0.01, Servers: 4}, {Demand: 0.03, Servers: 16}},
	}
	for name, centers := range networks {
		for _, z := range []float64{0, 0.05} {
			var sum float64
			cap := math.Inf(1)
			for _, c := range centers {
				sum += c.Demand
				if !c.Delay {
					cap = math.Min(cap, float64(max(c.Servers, 1))/c.Demand)
				}
			}
			xs := MVAThroughputs(centers, z, 2000)
			prev := 0.0
			for i, x := range xs {
				n := float64(i + 1)
				drop := 1e-12
				if i == MVAExactLimit {
					drop = 0.01
				}
				if x > n/(z+sum)*(1+1e-12) || x > cap*(1+1e-12) || x < prev*(1-drop) {
					t.Errorf("%s, Z = %g: X(%d) = %g; bounds %g, %g; X(%d) = %g", name, z, i+1, x, n/(z+sum), cap, i, prev)
					break
				}
				prev = x
			}
		}
	}
}

// convolution returns the exact throughput of a closed product-form
// network with n customers by Buzen's convolution algorithm with
// load-dependent centres (Lazowska et al. 1984, ch. 20; Bolch et al. 2006,
// ch. 8), evaluated in log space so that nothing overflows: an
// independent method to check load-dependent MVA. Think time is an
// infinite-server station.
func convolution(centers []Center, think float64, n int) float64 {
	// logF(c, j) = ln of the product-form factor of j customers at c.
	logF := func(d float64, servers int, delay bool, j int) float64 {
		if j == 0 {
			return 0
		}
		if d == 0 {
			return math.Inf(-1)
		}
		v := float64(j) * math.Log(d)
		for i := 1; i <= j; i++ {
			if delay {
				v -= math.Log(float64(i))
			} else {
				v -= math.Log(float64(min(i, max(servers, 1))))
			}
		}
		return v
	}
	g := make([]float64, n+1) // ln G for the stations so far
	for j := 1; j <= n; j++ {
		g[j] = logF(think, 0, true, j)
	}
	for _, c := range centers {
		next := make([]float64, n+1)
		terms := make([]float64, 0, n+1)
		for m := 0; m <= n; m++ {
			terms = terms[:0]
			for j := 0; j <= m; j++ {
				terms = append(terms, logF(c.Demand, c.Servers, c.Delay, j)+g[m-j])
			}
			next[m] = logSumExp(terms)
		}
		g = next
	}
	return math.Exp(g[n-1] - g[n])
}

func TestMVACentersExactLoadDependent(t *testing.T) {
	// Exact load-dependent MVA against the convolution algorithm, at
	// c = 2, 8 and 64, light to saturated load, up to MVAExactLimit
	// customers (where the marginal-probability recursion is most exposed
	// to cancellation). Measured largest relative difference: 2.6e-13;
	// the tolerance is 1e-9.
	var worst float64
	for _, c := range []int{2, 8, 64} {
		for _, z := range []float64{0, 0.1} {
			centers := []Center{
				{Demand: 0.001 * float64(c), Servers: c},
				{Demand: 0.0005, Servers: 1},
				{Demand: 0.002, Delay: true},
			}
			for _, n := range []int{1, 2, c - 1, c, c + 1, 3 * c, 100, 256} {
				if n < 1 {
					continue
				}
				x, r, _ := MVACenters(centers, z, n)
				want := convolution(centers, z, n)
				rel := math.Abs(x-want) / want
				worst = math.Max(worst, rel)
				if rel > 1e-9 {
					t.Errorf("c = %d, Z = %g, N = %d: X = %.15g, convolution %.15g", c, z, n, x, want)
				}
				if wantR := float64(n)/want - z; math.Abs(r-wantR) > 1e-9*wantR {
					t.Errorf("c = %d, Z = %g, N = %d: R = %.15g, convolution %.15g", c, z, n, r, wantR)
				}
			}
		}
	}
	t.Logf("largest relative difference from convolution: %.2g", worst)
}

func TestMVACentersRepairman(t *testing.T) {
	// One c-server centre with think time Z is the finite-source M/M/c//N
	// (machine repairman) queue, whose state probabilities are
	// p(j) ∝ N!/(N−j)!·(D/Z)ʲ/∏ᵢ₌₁..ⱼ min(i, c) (Kleinrock 1975, §3.10;
	// PDQ's examples/ppdq_2005/perl_examples/timeshare.pl computes the same
	// sum for m = 2, N = 4, D = 5). X = (mean busy servers)/D.
	repairman := func(c, n int, d, z float64) float64 {
		logp := make([]float64, n+1)
		for j := 1; j <= n; j++ {
			logp[j] = logp[j-1] + math.Log(float64(n-j+1)*d/z) - math.Log(float64(min(j, c)))
		}
		m := logSumExp(logp)
		var busy float64
		for j, lp := range logp {
			busy += float64(min(j, c)) * math.Exp(lp-m)
		}
		return busy / d
	}
	for _, tt := range []struct {
		c, n int
		d, z float64
	}{{2, 4, 5, 0.001}, {2, 4, 5, 10}, {8, 50, 1, 5}, {64, 256, 1, 2}, {3, 200, 0.3, 20}} {
		x, _, _ := MVACenters([]Center{{Demand: tt.d, Servers: tt.c}}, tt.z, tt.n)
		if want := repairman(tt.c, tt.n, tt.d, tt.z); math.Abs(x-want) > 1e-10*want {
			t.Errorf("M/M/%d//%d, D = %g, Z = %g: X = %.15g, want %.15g", tt.c, tt.n, tt.d, tt.z, x, want)
		}
	}
}

func TestMVAOpenLimit(t *testing.T) {
	// As the population grows with the think time, at a fixed
	// throughput, the arrivals at the centre become Poisson and the closed
	// network tends to the open M/M/c queue at the same throughput
	// (Lazowska et al. 1984, ch. 6 and 7). The finite-population gap
	// shrinks roughly as 1/N. Measured at ρ = 0.75, N = 128 and 256:
	// c = 1: −6.9 %, −3.9 % (and −0.12 % at N = 10,000); c = 4: −4.9 %,
	// −2.7 %; c = 16: −2.3 %, −1.1 % (see the log).
	gap := func(c, n int) float64 {
		const d = 1.0
		z := float64(n)/(0.75*float64(c)/d) - 1.5*d
		x, r, _ := MVACenters([]Center{{Demand: d, Servers: c}}, z, n)
		want := MMc{Servers: c, Arrival: x, Service: d}.Response()
		return (r - want) / want
	}
	for _, c := range []int{1, 4, 16} {
		g128, g256 := gap(c, 128), gap(c, 256)
		if !(math.Abs(g256) < math.Abs(g128) && math.Abs(g256) < 0.05) {
			t.Errorf("c = %d: gap to M/M/c %.3g at N = 128, %.3g at N = 256", c, g128, g256)
		}
		t.Logf("c = %d: closed vs open M/M/c response: %+.2f%% at N = 128, %+.2f%% at N = 256", c, 100*g128, 100*g256)
	}
	if g := gap(1, MVAMaxClients); math.Abs(g) > 0.002 {
		t.Errorf("c = 1: gap to M/M/1 at N = %d is %.3g", MVAMaxClients, g)
	} else {
		t.Logf("c = 1: %+.3f%% at N = %d", 100*g, MVAMaxClients)
	}
}

// seidmannNetwork replaces every multi-server centre by Seidmann's pair:
// a single server with demand D/c and a delay D·(c−1)/c.
func seidmannNetwork(centers []Center) []Center {
	var out []Center
	for _, c := range centers {
		if c.Delay || c.Servers <= 1 {
			out = append(out, c)
			continue
		}
		s := float64(c.Servers)
		out = append(out, Center{Demand: c.Demand / s, Servers: 1}, Center{Demand: c.Demand * (s - 1) / s, Delay: true})
	}
	return out
}

func TestMVASeidmannError(t *testing.T) {
	// How far the approximations used above MVAExactLimit are from exact
	// load-dependent MVA, for a pgbench-like network: c cores with 1 ms of
	// CPU capacity per transaction (D = c ms), a 0.5 ms single-server WAL
	// flush and a 2 ms network delay, Z = 0, N = 1…256 (the knee is at
	// N ≈ c + 2.5). Measured largest relative errors (see the log):
	//
	//	c    Seidmann X   Seidmann R   Schweitzer+Seidmann X   R
	//	2    −6.1 %        6.5 %         −9.2 %               10.1 %
	//	8   −10.9 %       12.2 %        −13.8 %               16.0 %
	//	64   −7.4 %        8.0 %         −9.2 %               10.1 %
	//
	// always at the knee (N ≈ c + 1…3) and always pessimistic (lower X,
	// higher R): Seidmann's fast single server queues more than c slow
	// ones, R − R_exact = (D/c)·(ρ − C)/(1 − ρ) for an open queue. Far
	// from the knee both errors vanish. The assertions only bound them by
	// 20 %.
	for _, c := range []int{2, 8, 64} {
		centers := []Center{
			{Demand: 0.001 * float64(c), Servers: c},
			{Demand: 0.0005, Servers: 1},
			{Demand: 0.002, Delay: true},
		}
		exact := MVAThroughputs(centers, 0, MVAExactLimit)
		seid := MVAThroughputs(seidmannNetwork(centers), 0, MVAExactLimit)
		r := make([]float64, len(centers))
		var worstSX, worstSR, worstAX, worstAR float64
		var atSX, atAX int
		for i := range exact {
			n := float64(i + 1)
			ex, sx := exact[i], seid[i]
			ax := mvaSchweitzer(centers, 0, i+1, 0, r)
			eSX, eAX := (sx-ex)/ex, (ax-ex)/ex
			eSR, eAR := (n/sx-n/ex)/(n/ex), (n/ax-n/ex)/(n/ex)
			if math.Abs(eSX) > math.Abs(worstSX) {
				worstSX, atSX = eSX, i+1
			}
			if math.Abs(eAX) > math.Abs(worstAX) {
				worstAX, atAX = eAX, i+1
			}
			worstSR = math.Max(worstSR, math.Abs(eSR))
			worstAR = math.Max(worstAR, math.Abs(eAR))
		}
		t.Logf("c = %2d: Seidmann X %+.1f%% (N = %d), R %.1f%%; Schweitzer+Seidmann X %+.1f%% (N = %d), R %.1f%%",
			c, 100*worstSX, atSX, 100*worstSR, 100*worstAX, atAX, 100*worstAR)
		if math.Abs(worstSX) > 0.2 || worstSR > 0.2 || math.Abs(worstAX) > 0.2 || worstAR > 0.2 {
			t.Errorf("c = %d: approximation error above 20 %%", c)
		}
	}
}

func TestMVAThresholdJump(t *testing.T) {
	// At MVAExactLimit the method changes; log the jump for a network
	// whose knee is near the limit (c = 200 cores), and check that far
	// above the knee the approximation agrees with the throughput bound.
	centers := []Center{{Demand: 0.2, Servers: 200}, {Demand: 0.0004}, {Demand: 0.01, Delay: true}}
	x256, r256, _ := MVACenters(centers, 0, MVAExactLimit)
	x257, r257, _ := MVACenters(centers, 0, MVAExactLimit+1)
	t.Logf("c = 200: X(256) = %.6g exact, X(257) = %.6g approximate (%+.2f%%); R %.6g → %.6g",
		x256, x257, 100*(x257-x256)/x256, r256, r257)
	if x257 < x256*0.9 || x257 > x256*1.2 {
		t.Errorf("X jumps from %g to %g at the exact limit", x256, x257)
	}
	x, _, _ := MVACenters(centers, 0, 10000)
	if want := 200 / 0.2; math.Abs(x-want) > 0.001*want {
		t.Errorf("X(10000) = %g, want the bound %g", x, want)
	}
}

func TestMVAThroughputsConsistent(t *testing.T) {
	// Element n−1 of MVAThroughputs equals the throughput MVACenters
	// returns for n, on both sides of MVAExactLimit, including a centre
	// with more servers than the limit (exact until its servers are
	// exceeded).
	centers := []Center{{Demand: 0.03, Servers: 300}, {Demand: 0.008, Servers: 8}, {Demand: 0.0002}, {Demand: 0.001, Delay: true}}
	for _, cs := range [][]Center{centers, centers[:1], centers[2:]} {
		xs := MVAThroughputs(cs, 0.005, 700)
		for _, n := range []int{1, 2, 100, 256, 257, 299, 300, 301, 500, 700} {
			x, _, _ := MVACenters(cs, 0.005, n)
			if math.Abs(xs[n-1]-x) > 1e-12*x {
				t.Errorf("%d centres: MVAThroughputs[%d] = %.15g, MVACenters(%d) = %.15g", len(cs), n-1, xs[n-1], n, x)
			}
		}
	}
	if xs := MVAThroughputs(centers, 0, 20000); len(xs) != MVAMaxClients {
		t.Errorf("len(MVAThroughputs(…, 20000)) = %d, want %d", len(xs), MVAMaxClients)
	}
}

func TestMVASpecialCases(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	same := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
	for _, tt := range []struct {
		name    string
		demands []float64
		think   float64
		n       int
		x, r    float64
	}{
		// Documented special cases.
		{"no clients", []float64{1, 2}, 1, 0, 0, 3},
		{"no demand", []float64{0, 0}, 0, 5, inf, 0},
		{"infinite think", []float64{1, 2}, inf, 5, 0, 3},
		{"infinite demand", []float64{1, inf}, 1, 5, 0, inf},
		{"negative demand", []float64{1, -2}, 1, 5, nan, nan},
		{"NaN think", []float64{1}, nan, 5, nan, nan},
		{"no centres", nil, 2, 4, 2, 0},
	} {
		x, r := MVA(tt.demands, tt.think, tt.n)
		if !same(x, tt.x) || !same(r, tt.r) {
			t.Errorf("%s: MVA = %g, %g, want %g, %g", tt.name, x, r, tt.x, tt.r)
		}
		centers := make([]Center, len(tt.demands))
		for i, d := range tt.demands {
			centers[i] = Center{Demand: d, Servers: 4}
		}
		x, r, _ = MVACenters(centers, tt.think, tt.n)
		if !same(x, tt.x) || !same(r, tt.r) {
			t.Errorf("%s: MVACenters = %g, %g, want %g, %g", tt.name, x, r, tt.x, tt.r)
		}
	}
	if xs := MVAThroughputs([]Center{{Demand: 1}}, 0, 0); xs != nil {
		t.Errorf("MVAThroughputs(…, 0) = %v, want nil", xs)
	}
	if xs := MVAThroughputs([]Center{{Demand: -1}}, 0, 2); !math.IsNaN(xs[0]) || !math.IsNaN(xs[1]) {
		t.Errorf("MVAThroughputs(negative demand) = %v, want NaNs", xs)
	}
	if xs := MVAThroughputs([]Center{{Demand: 1}}, inf, 2); xs[0] != 0 || xs[1] != 0 {
		t.Errorf("MVAThroughputs(Z = +Inf) = %v, want zeros", xs)
	}
}

func TestMVAAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes allocation counts; the plain go test ./... run checks them")
	}
	demands := []float64{0.002, 0.003, 0.001}
	if n := testing.AllocsPerRun(20, func() { MVA(demands, 0.01, 500) }); n != 0 {
		t.Errorf("MVA allocates %v times, want 0", n)
	}
	centers := []Center{{Demand: 0.016, Servers: 8}, {Demand: 0.0005}, {Demand: 0.002, Delay: true}}
	if n := testing.AllocsPerRun(20, func() { MVACenters(centers, 0, 200) }); n > 2 {
		t.Errorf("MVACenters allocates %v times, want at most 2", n)
	}
}
