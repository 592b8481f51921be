package queue

import (
	"math"
	"math/big"
	"testing"
)

// logErlangB returns ln B(c, a) evaluated in log space from the textbook
// sum, an evaluation independent of the recursion in ErlangB:
//
//	ln B = c·ln a − ln c! − ln Σₖ₌₀..c aᵏ/k!
func logErlangB(c int, a float64) float64 {
	terms := make([]float64, c+1)
	for k := range terms {
		lg, _ := math.Lgamma(float64(k) + 1)
		terms[k] = float64(k)*math.Log(a) - lg
	}
	return terms[c] - logSumExp(terms)
}

// logErlangC returns ln C(c, a) for a < c in log space from the textbook
// form (Kleinrock 1975, §3.5), independent of ErlangB:
//
//	C = (aᶜ/c!)·c/(c−a) / (Σₖ₌₀..c₋₁ aᵏ/k! + (aᶜ/c!)·c/(c−a))
func logErlangC(c int, a float64) float64 {
	terms := make([]float64, c+1)
	for k := range terms {
		lg, _ := math.Lgamma(float64(k) + 1)
		terms[k] = float64(k)*math.Log(a) - lg
	}
	terms[c] += math.Log(float64(c) / (float64(c) - a))
	return terms[c] - logSumExp(terms)
}

func logSumExp(xs []float64) float64 {
	m := math.Inf(-1)
	for _, x := range xs {
		m = math.Max(m, x)
	}
	var s float64
	for _, x := range xs {
		s += math.Exp(x - m)
	}
	return m + math.Log(s)
}

// exactErlangB returns B(c, a) for integer a in exact rational arithmetic.
func exactErlangB(c, a int64) float64 {
	term := big.NewRat(1, 1) // aᵏ/k!
	sum := big.NewRat(1, 1)
	for k := int64(1); k <= c; k++ {
		term.Mul(term, big.NewRat(a, k))
		sum.Add(sum, term)
	}
	b, _ := new(big.Rat).Quo(term, sum).Float64()
	return b
}

func TestErlangBPublished(t *testing.T) {
	tests := []struct {
		name    string
		servers int
		offered float64
		want    float64
		tol     float64 // absolute
	}{
		// erlang.com calculator manual, "How much traffic can a trunk group
		// handle?": 15 lines at 1 % blocking carry 8.108 Erlangs
		// (https://erlang.com/calculatormanual/howmuchtrafficcanatrunkgrouphandle.htm).
		// 8.108 is rounded to 0.0005 Erlang, and dB/da ≈ 0.0086 there.
		{"erlang.com 15 lines 1%", 15, 8.108, 0.01, 1e-5},
		// Erlang B table value for 10 servers and 5 Erlangs, 0.01838,
		// confirmed by exact rational arithmetic (exactErlangB).
		{"table 10 servers 5 Erlangs", 10, 5, 0.01838, 5e-6},
		// Textbook special values: B(1, a) = a/(1+a); B(2, 1) = (1/2)/(1+1+1/2) = 0.2.
		{"one server", 1, 3, 0.75, 1e-15},
		{"two servers one Erlang", 2, 1, 0.2, 1e-15},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ErlangB(tt.servers, tt.offered)
			if math.Abs(got-tt.want) > tt.tol {
				t.Errorf("ErlangB(%d, %g) = %.10g, want %.10g ± %g", tt.servers, tt.offered, got, tt.want, tt.tol)
			}
		})
	}
	if got, want := ErlangB(10, 5), exactErlangB(10, 5); math.Abs(got-want) > 1e-15 {
		t.Errorf("ErlangB(10, 5) = %.17g, want %.17g (exact rational)", got, want)
	}
}

// Natural logarithms of Erlang B from an open-source Python test suite
// (erlang_test.py for the module capacity_planning.queueing.erlang_queues,
// test_erlB, "values based on mma results", i.e. Mathematica), printed to
// 12 significant digits.
var mathematicaLogB = []struct {
	servers int
	offered float64
	logB    float64
}{
	{100, 120, -1.62826407041},
	{10000, 12000, -1.78927734649},
	{100, 20, -84.1661482002},
	{10000, 200, -29325.7541713},
	{100, 10000, -0.01004931575},
}

func TestErlangBMathematica(t *testing.T) {
	for _, tt := range mathematicaLogB {
		got := ErlangB(tt.servers, tt.offered)
		if tt.logB < -745 { // below the smallest float64: documented to return 0
			if got != 0 {
				t.Errorf("ErlangB(%d, %g) = %g, want 0 (underflow of e^%g)", tt.servers, tt.offered, got, tt.logB)
			}
		} else if math.Abs(math.Log(got)-tt.logB) > 1e-9 {
			t.Errorf("ln ErlangB(%d, %g) = %.12g, want %.12g", tt.servers, tt.offered, math.Log(got), tt.logB)
		}
		// The log-space reference must agree too; it is used below for
		// cases no publication covers.
		if ref := logErlangB(tt.servers, tt.offered); math.Abs(ref-tt.logB) > 1e-6*math.Max(1, math.Abs(tt.logB)) {
			t.Errorf("logErlangB(%d, %g) = %.12g, want %.12g", tt.servers, tt.offered, ref, tt.logB)
		}
	}
}

func TestErlangCPublished(t *testing.T) {
	tests := []struct {
		name    string
		servers int
		offered float64
		want    float64
		tol     float64 // absolute
	}{
		// R package ErlangC, README: 100 calls in 30 min, AHT 180 s, 14
		// agents → traffic 10 Erlangs, wait_probability 0.1741319
		// (https://github.com/cran/ErlangC, README.md; the package tests
		// assert immediate_answer_probability 0.82586807).
		{"R ErlangC README", 14, 10, 0.1741319, 5e-8},
		{"R ErlangC test", 14, 10, 1 - 0.82586807, 5e-9},
		// Same README, the staffing table for 10 Erlangs: 11, 12, 13
		// agents → 0.6821182, 0.4493882, 0.2852705.
		{"R ErlangC 11 agents", 11, 10, 0.6821182, 5e-8},
		{"R ErlangC 12 agents", 12, 10, 0.4493882, 5e-8},
		{"R ErlangC 13 agents", 13, 10, 0.2852705, 5e-8},
		// PDQ README "Bank Model" (https://github.com/DrQz/pdq-qnm-pkg,
		// README.md): 4 tellers, 3.5 Erlangs; its waiting line 5.1650 =
		// C·a/(c−a) gives C = 5.1650·0.5/3.5 = 0.737857… (printed to 4
		// decimals, so ± 0.00005·0.5/3.5).
		{"PDQ bank", 4, 3.5, 5.1650 * 0.5 / 3.5, 0.00005 * 0.5 / 3.5},
		// Saturation.
		{"a = c", 4, 4, 1, 0},
		{"a > c", 4, 9, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ErlangC(tt.servers, tt.offered)
			if math.Abs(got-tt.want) > tt.tol {
				t.Errorf("ErlangC(%d, %g) = %.10g, want %.10g ± %g", tt.servers, tt.offered, got, tt.want, tt.tol)
			}
		})
	}
}

// Natural logarithms of Erlang C from the same Python test suite
// (test_erlC, "values based on mma results"). Only the rows that the
// independent log-space evaluation reproduces are used. The suite also
// lists ln C(100, 50) = 0, ln C(10000, 5000) = −59093.08 and
// ln C(10000, 9990) = −15.46, which cannot be Erlang C (Stirling's formula
// gives ln C(10000, 5000) ≈ −1936.3, and C(10000, 9990) is close to 1);
// they were left out.
var mathematicaLogC = []struct {
	servers int
	offered float64
	logC    float64
}{
	{100, 90, -1.52813224460},
	{10000, 9000, -56.8266885378},
	{100, 10, -143.375505741},
}

func TestErlangCMathematica(t *testing.T) {
	for _, tt := range mathematicaLogC {
		got := ErlangC(tt.servers, tt.offered)
		if tt.logC < -745 {
			if got != 0 {
				t.Errorf("ErlangC(%d, %g) = %g, want 0 (underflow of e^%g)", tt.servers, tt.offered, got, tt.logC)
			}
		} else if math.Abs(math.Log(got)-tt.logC) > 1e-9*math.Max(1, math.Abs(tt.logC)) {
			t.Errorf("ln ErlangC(%d, %g) = %.12g, want %.12g", tt.servers, tt.offered, math.Log(got), tt.logC)
		}
		if ref := logErlangC(tt.servers, tt.offered); math.Abs(ref-tt.logC) > 1e-6*math.Max(1, math.Abs(tt.logC)) {
			t.Errorf("logErlangC(%d, %g) = %.12g, want %.12g", tt.servers, tt.offered, ref, tt.logC)
		}
	}
}

func TestErlangLargeServers(t *testing.T) {
	// No publication covers these; the reference is the log-space
	// evaluation, validated against Mathematica above.
	tests := []struct {
		servers int
		offered float64
	}{
		{2000, 1950},
		{1000, 999},
		{1000, 1e6},
		{5000, 4000},
		{170, 160}, // aᶜ/c! overflows float64 just above c = 170
		{200, 190},
	}
	for _, tt := range tests {
		b := ErlangB(tt.servers, tt.offered)
		if !(b >= 0 && b <= 1) {
			t.Errorf("ErlangB(%d, %g) = %g, want in [0, 1]", tt.servers, tt.offered, b)
		}
		if want := math.Exp(logErlangB(tt.servers, tt.offered)); math.Abs(b-want) > 1e-10*want {
			t.Errorf("ErlangB(%d, %g) = %.15g, want %.15g (log space)", tt.servers, tt.offered, b, want)
		}
		if tt.offered >= float64(tt.servers) {
			continue
		}
		c := ErlangC(tt.servers, tt.offered)
		if !(c >= 0 && c <= 1) {
			t.Errorf("ErlangC(%d, %g) = %g, want in [0, 1]", tt.servers, tt.offered, c)
		}
		if want := math.Exp(logErlangC(tt.servers, tt.offered)); math.Abs(c-want) > 1e-10*want {
			t.Errorf("ErlangC(%d, %g) = %.15g, want %.15g (log space)", tt.servers, tt.offered, c, want)
		}
	}
}

func TestErlangSpecialCases(t *testing.T) {
	tests := []struct {
		name    string
		f       func(int, float64) float64
		servers int
		offered float64
		want    float64
	}{
		// Documented special cases.
		{"B no server", ErlangB, 0, 5, 1},
		{"B negative servers", ErlangB, -3, 5, 1},
		{"B zero load", ErlangB, 5, 0, 0},
		{"B negative load", ErlangB, 5, -1, 0},
		{"B infinite load", ErlangB, 5, math.Inf(1), 1},
		{"B max float load", ErlangB, 1000, math.MaxFloat64, 1},
		{"B tiny load underflows", ErlangB, 1000, 1e-300, 0},
		{"B NaN", ErlangB, 5, math.NaN(), math.NaN()},
		{"C no server", ErlangC, 0, 5, 1},
		{"C zero load", ErlangC, 5, 0, 0},
		{"C infinite load", ErlangC, 5, math.Inf(1), 1},
		{"C NaN", ErlangC, 5, math.NaN(), math.NaN()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.f(tt.servers, tt.offered)
			if !(got == tt.want || math.IsNaN(got) && math.IsNaN(tt.want)) {
				t.Errorf("%s(%d, %g) = %g, want %g", tt.name, tt.servers, tt.offered, got, tt.want)
			}
		})
	}
}

func TestErlangMonotone(t *testing.T) {
	// B and C decrease with servers and increase with load (Jagerman 1974).
	for c := 1; c < 60; c++ {
		for _, a := range []float64{0.5, 5, 30, 59} {
			if b0, b1 := ErlangB(c, a), ErlangB(c+1, a); b1 > b0 {
				t.Errorf("ErlangB(%d, %g) = %g > ErlangB(%d, %g) = %g", c+1, a, b1, c, a, b0)
			}
			if b0, b1 := ErlangB(c, a), ErlangB(c, a*1.01); b1 < b0 {
				t.Errorf("ErlangB(%d, %g) = %g < ErlangB(%d, %g) = %g", c, a*1.01, b1, c, a, b0)
			}
			if a < float64(c) {
				if b, cc := ErlangB(c, a), ErlangC(c, a); cc < b {
					t.Errorf("ErlangC(%d, %g) = %g < ErlangB = %g", c, a, cc, b)
				}
			}
		}
	}
}

func TestErlangAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes allocation counts; the plain go test ./... run checks them")
	}
	if n := testing.AllocsPerRun(100, func() { ErlangC(1000, 950) }); n != 0 {
		t.Errorf("ErlangC allocates %v times, want 0", n)
	}
}
