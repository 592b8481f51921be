package dist

import (
	"math"
	"strings"
	"testing"
)

func TestMoments(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		name               string
		m                  Mixture
		wantMean, wantVar  float64
		wantLen            int
		wantShift, wantRnd float64 // first component's Shift and Mean
	}{
		// A constant: mean t, variance 0.
		{"Atom", Atom(2e-3), 2e-3, 0, 1, 2e-3, 0},
		// Exponential: variance mean².
		{"Exp", Exp(3e-3), 3e-3, 9e-6, 1, 0, 3e-3},
		// Shift adds to the mean, not to the variance.
		{"ShiftedExp", ShiftedExp(1e-3, 2e-3), 3e-3, 4e-6, 1, 1e-3, 2e-3},
		// Moments with variance 0 is the atom at shift + mean.
		{"Moments v=0", Moments(1, 2, 0), 3, 0, 1, 3, 0},
		{"Moments", Moments(1, 2, 0.5), 3, 0.5, 1, 1, 2},
		// Exp(0) is the atom at 0.
		{"Exp(0)", Exp(0), 0, 0, 1, 0, 0},
		// The zero Mixture is the atom at 0.
		{"zero", Mixture{}, 0, 0, 1, 0, 0},
		// Saturated: +Inf mean and variance, canonical {Shift: +Inf}.
		{"Atom(Inf)", Atom(inf), inf, inf, 1, inf, 0},
		{"Moments(0, 1, Inf)", Moments(0, 1, inf), inf, inf, 1, inf, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.m.Mean(); !near(got, tt.wantMean, 1e-15) {
				t.Errorf("Mean() = %g, want %g", got, tt.wantMean)
			}
			if got := tt.m.Variance(); !near(got, tt.wantVar, 1e-15) {
				t.Errorf("Variance() = %g, want %g", got, tt.wantVar)
			}
			if got := tt.m.Len(); got != tt.wantLen {
				t.Errorf("Len() = %d, want %d", got, tt.wantLen)
			}
			c := tt.m.Component(0)
			if c.Prob != 1 || c.Shift != tt.wantShift || c.Mean != tt.wantRnd {
				t.Errorf("Component(0) = %+v, want {Prob: 1, Shift: %g, Mean: %g}", c, tt.wantShift, tt.wantRnd)
			}
		})
	}
}

// TestMomentsHeavy: a c² > 1 shape is two exponential components whose
// mixture keeps the mean and variance asked for, even where the slow
// phase's probability is below 1's resolution (c² 10²⁰: computed as 1 − p,
// it rounded to 0 and the mean to 0.25).
func TestMomentsHeavy(t *testing.T) {
	for _, c2 := range []float64{1 + 1e-7, 1.5, 3, 1e12, 1e20} {
		m := Moments(2, 1, c2)
		if m.Len() != 2 {
			t.Errorf("c² %g: %d components, want 2", c2, m.Len())
		}
		if got := m.Mean(); !near(got, 3, 1e-12) {
			t.Errorf("c² %g: mean %.15g, want 3", c2, got)
		}
		if got := m.Variance(); !near(got, c2, 1e-9) {
			t.Errorf("c² %g: variance %.15g, want %g", c2, got, c2)
		}
	}
}

// TestSumKeepsHeavyTail: a non-negative summand can only raise a
// quantile, Q_p(X+Y) ≥ Q_p(X), and a nearly constant one of mean c moves
// it by c. A heavy-tailed step (c² > 1, an H2: a random-order lock wait)
// refitted as one component from the sum's moments lost its tail: with a
// constant of 12.6 added to a wait of c² 2.2 and mean 28.9 taken with
// probability 0.725 (a hot row's under a closed load, helper review of
// 2026-11-27) the p99 fell from 197 to 185. Its two phases are now two
// components (Moments), each kept exactly through sums.
func TestSumKeepsHeavyTail(t *testing.T) {
	for _, cv2 := range []float64{1.2, 2.2, 5} {
		if got := Moments(0, 28.9, cv2*28.9*28.9).Len(); got != 2 {
			t.Errorf("c² %g: %d components, want the H2's 2 phases", cv2, got)
		}
		x := Branch(0.725, Moments(0, 28.9, cv2*28.9*28.9), Mixture{})
		qx := x.Quantile(0.99)
		for _, ycv2 := range []float64{1, 0.1, 1e-3} {
			y := Moments(0, 12.6, ycv2*12.6*12.6)
			sum := x
			sum.Add(&y)
			q := sum.Quantile(0.99)
			if q < qx {
				t.Errorf("c² %g + c² %g: p99 %.4g below the first summand's %.4g", cv2, ycv2, q, qx)
			}
			if ycv2 == 1e-3 && !near(q, qx+12.6, 0.01) {
				t.Errorf("c² %g + 12.6 nearly constant: p99 %.4g, want %.4g + 12.6 within 1 %%", cv2, q, qx)
			}
		}
	}
}

func TestPanics(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name string
		f    func()
	}{
		{"Atom(-1)", func() { Atom(-1) }},
		{"Atom(NaN)", func() { Atom(nan) }},
		{"Exp(-1)", func() { Exp(-1) }},
		{"ShiftedExp(-1, 1)", func() { ShiftedExp(-1, 1) }},
		{"Moments(0, -1, 0)", func() { Moments(0, -1, 0) }},
		{"Moments(0, 1, -1)", func() { Moments(0, 1, -1) }},
		{"Moments(0, 0, 1)", func() { Moments(0, 0, 1) }},
		{"Branch(1.5)", func() { Branch(1.5, Atom(0), Atom(1)) }},
		{"Branch(NaN)", func() { Branch(nan, Atom(0), Atom(1)) }},
		{"Weighted lengths", func() { Weighted([]float64{1}, nil) }},
		{"Weighted negative", func() { Weighted([]float64{-1, 2}, []Mixture{Atom(0), Atom(1)}) }},
		{"Weighted zero", func() { Weighted([]float64{0}, []Mixture{Atom(0)}) }},
		{"Weighted Inf", func() { Weighted([]float64{math.Inf(1)}, []Mixture{Atom(0)}) }},
		{"Shift(-1)", func() { Exp(1).Shift(-1) }},
		{"Component(1)", func() { Exp(1).Component(1) }},
		{"Quantile(1.1)", func() { Exp(1).Quantile(1.1) }},
		{"Quantile(NaN)", func() { Exp(1).Quantile(nan) }},
		{"MaxOf(0)", func() { MaxOf(Exp(1), 0) }},
		{"MaxQuantile(0)", func() { MaxQuantile(Exp(1), 0, 0.5) }},
		{"MaxQuantile(p=2)", func() { MaxQuantile(Exp(1), 2, 2) }},
		{"KthOf(0)", func() { KthOf(0, []Mixture{Exp(1)}) }},
		{"KthOf(2 of 1)", func() { KthOf(2, []Mixture{Exp(1)}) }},
		{"KthQuantile(p=-1)", func() { KthQuantile(1, []Mixture{Exp(1)}, -1) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if r == nil {
					t.Fatalf("%s did not panic", tt.name)
				}
				if s, ok := r.(string); !ok || !strings.HasPrefix(s, "dist: ") {
					t.Errorf("panic value %q, want a string starting with \"dist: \"", r)
				}
			}()
			tt.f()
		})
	}
}

func TestPlusMoments(t *testing.T) {
	read := ShiftedExp(0.1e-3, 0.02e-3).Plus(Branch(0.05, Exp(1e-3), Atom(0)))
	tests := []struct {
		name string
		a, b Mixture
	}{
		{"Exp+Exp", Exp(1), Exp(2)},
		{"atom+Exp", Atom(3), Exp(2)},
		{"read+read", read, read},
		{"branch+H2", Branch(0.3, Atom(1), Exp(2)), Moments(0.5, 1, 4)},
		{"16+16", sumOf(4, Branch(0.8, Exp(1), Moments(1, 2, 1))), sumOf(4, Branch(0.7, Atom(0.5), Exp(3)))},
		{"zero+read", Mixture{}, read},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Means and variances of independent summands add.
			s := tt.a.Plus(tt.b)
			if got, want := s.Mean(), tt.a.Mean()+tt.b.Mean(); !near(got, want, 1e-12) {
				t.Errorf("Mean() = %.15g, want %.15g", got, want)
			}
			if got, want := s.Variance(), tt.a.Variance()+tt.b.Variance(); !near(got, want, 1e-9) {
				t.Errorf("Variance() = %.15g, want %.15g", got, want)
			}
			if got := s.Len(); got > MaxComponents {
				t.Errorf("Len() = %d, want ≤ %d", got, MaxComponents)
			}
			total := 0.0
			for i := range s.Len() {
				total += s.Component(i).Prob
			}
			if !near(total, 1, 1e-14) {
				t.Errorf("Σ Prob = %.17g, want 1", total)
			}
			// Plus is commutative.
			r := tt.b.Plus(tt.a)
			for _, p := range []float64{0.5, 0.99} {
				if x, y := s.Quantile(p), r.Quantile(p); !near(x, y, 1e-9) {
					t.Errorf("a+b Quantile(%g) = %g, b+a %g", p, x, y)
				}
			}
		})
	}
}

func TestPlusMergesIdentical(t *testing.T) {
	// Ten reads with a 10 % miss: 2¹⁰ combinations, but only the number of
	// misses matters, so 11 distinct components remain (exact, no
	// reduction), with binomial probabilities.
	step := ShiftedExp(0.1, 0.02).Plus(Branch(0.1, Exp(1), Atom(0)))
	m := sumOf(10, step)
	if got, want := m.Len(), 11; got != want {
		t.Fatalf("Len() = %d, want %d", got, want)
	}
	// P(no miss) = 0.9¹⁰ is the component with the smallest mean.
	if got, want := m.Component(0).Prob, math.Pow(0.9, 10); !near(got, want, 1e-12) {
		t.Errorf("Component(0).Prob = %.15g, want %.15g", got, want)
	}
	// P(10 misses) = 0.1¹⁰.
	if got, want := m.Component(10).Prob, 1e-10; !near(got, want, 1e-9) {
		t.Errorf("Component(10).Prob = %.15g, want %.15g", got, want)
	}
}

func TestReductionKeepsTail(t *testing.T) {
	// 16 components around 1 ms and one rare 100 ms branch: reducing to 16
	// merges two of the close ones, never the tail.
	var ws []float64
	var ms []Mixture
	for i := range 16 {
		ws = append(ws, 1)
		ms = append(ms, ShiftedExp(1e-3+float64(i)*1e-5, 1e-4))
	}
	ws = append(ws, 16*0.001/0.999)
	ms = append(ms, ShiftedExp(100e-3, 10e-3))
	m := Weighted(ws, ms)
	if got := m.Len(); got != MaxComponents {
		t.Fatalf("Len() = %d, want %d", got, MaxComponents)
	}
	last := m.Component(m.Len() - 1)
	if !near(last.Prob, 0.001, 1e-12) || last.Shift != 100e-3 {
		t.Errorf("last component = %+v, want the 0.1 %% tail at 100 ms unchanged", last)
	}
	// The 99.95th percentile lies in the tail: 100 ms + 10 ms·ln 2.
	if got, want := m.Quantile(0.9995), 100e-3+10e-3*math.Ln2; !near(got, want, 1e-3) {
		t.Errorf("Quantile(0.9995) = %g, want %g", got, want)
	}
}

func TestBranchWeighted(t *testing.T) {
	a, b := Exp(1), Atom(5)
	tests := []struct {
		name     string
		m        Mixture
		wantMean float64
		wantLen  int
	}{
		// p·E[a] + (1−p)·E[b].
		{"Branch(0.25)", Branch(0.25, a, b), 0.25*1 + 0.75*5, 2},
		// p = 1 and p = 0 return one side.
		{"Branch(1)", Branch(1, a, b), 1, 1},
		{"Branch(0)", Branch(0, a, b), 5, 1},
		// Weights are normalised: 1:3 is 0.25.
		{"Weighted(1, 3)", Weighted([]float64{1, 3}, []Mixture{a, b}), 0.25*1 + 0.75*5, 2},
		// Identical branches merge.
		{"Branch(a, a)", Branch(0.3, a, a), 1, 1},
		// A zero Mixture is the atom at 0.
		{"Branch(0.5, zero)", Branch(0.5, Mixture{}, b), 2.5, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.m.Mean(); !near(got, tt.wantMean, 1e-15) {
				t.Errorf("Mean() = %g, want %g", got, tt.wantMean)
			}
			if got := tt.m.Len(); got != tt.wantLen {
				t.Errorf("Len() = %d, want %d", got, tt.wantLen)
			}
		})
	}
	// Many mixtures: Weighted reduces as it goes and keeps the moments.
	var ws []float64
	var ms []Mixture
	mean := 0.0
	for i := range 40 {
		w := float64(i + 1)
		ws = append(ws, w)
		ms = append(ms, Branch(0.5, Exp(float64(i)+1), Atom(float64(i))))
		mean += w * (float64(i) + 0.5)
	}
	mean /= 820 // Σ w = 40·41/2
	m := Weighted(ws, ms)
	if got := m.Mean(); !near(got, mean, 1e-12) {
		t.Errorf("Weighted(40 mixtures).Mean() = %.15g, want %.15g", got, mean)
	}
}

func TestShift(t *testing.T) {
	m := Branch(0.3, Exp(1), Moments(2, 1, 0.25))
	s := m.Shift(10)
	if got, want := s.Mean(), m.Mean()+10; !near(got, want, 1e-15) {
		t.Errorf("Shift(10).Mean() = %g, want %g", got, want)
	}
	for _, p := range []float64{0.1, 0.5, 0.99} {
		if got, want := s.Quantile(p), m.Quantile(p)+10; !near(got, want, 1e-9) {
			t.Errorf("Shift(10).Quantile(%g) = %g, want %g", p, got, want)
		}
	}
	// Shift is Plus with an atom.
	if got, want := m.Plus(Atom(10)).Quantile(0.9), s.Quantile(0.9); got != want {
		t.Errorf("Plus(Atom(10)).Quantile(0.9) = %g, want %g", got, want)
	}
}

func TestString(t *testing.T) {
	tests := []struct {
		m    Mixture
		want string
	}{
		{Atom(1e-3), "{1×(0.001)}"},
		{Branch(0.25, ShiftedExp(1, 2), Atom(3)), "{0.25×(1 + 2/2), 0.75×(3)}"},
		{Mixture{}, "{1×(0)}"},
	}
	for _, tt := range tests {
		if got := tt.m.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

// Times is the n-fold sum: its mean and variance are n times m's (moments
// of independent summands add, and every reduction keeps them), and its
// percentiles are those of n − 1 sums in a row, to the reductions' error
// (the bound is 1 %; a read's path with a branch, n up to 1000: the sizes
// of a distributed SQL transaction's statement hops).
func TestTimes(t *testing.T) {
	read := ShiftedExp(0.1e-3, 0.02e-3).Plus(Branch(0.05, Exp(1e-3), Atom(0)))
	if got := read.Times(0); got.Len() != 1 || got.Mean() != 0 {
		t.Errorf("Times(0) = %v, want Atom(0)", got)
	}
	for _, n := range []int{1, 2, 5, 7, 64, 1000} {
		s := read.Times(n)
		if got, want := s.Mean(), float64(n)*read.Mean(); !near(got, want, 1e-12) {
			t.Errorf("Times(%d).Mean() = %.15g, want %.15g", n, got, want)
		}
		if got, want := s.Variance(), float64(n)*read.Variance(); !near(got, want, 1e-9) {
			t.Errorf("Times(%d).Variance() = %.15g, want %.15g", n, got, want)
		}
		if n > 64 {
			continue
		}
		r := sumOf(n, read)
		for _, p := range []float64{0.5, 0.99} {
			if x, y := s.Quantile(p), r.Quantile(p); !near(x, y, 1e-2) {
				t.Errorf("Times(%d).Quantile(%g) = %g, %d sums in a row %g", n, p, x, n-1, y)
			}
		}
	}
}
