package dist

import "testing"

// sixteen returns a 16-component mixture: four reads of different sizes,
// each a hit (shift plus exponential) or a miss adding a slower
// exponential.
func sixteen() Mixture {
	var m Mixture
	for i := range 4 {
		f := float64(i + 1)
		hit := ShiftedExp(0.1e-3*f, 0.02e-3*f)
		m = m.Plus(Branch(0.9-0.1*float64(i), hit, hit.Plus(Exp(1e-3*f))))
	}
	return m
}

func TestSixteen(t *testing.T) {
	if got := sixteen().Len(); got != 16 {
		t.Fatalf("sixteen().Len() = %d, want 16", got)
	}
}

func BenchmarkPlus16x2(b *testing.B) {
	m := sixteen()
	o := Branch(0.95, ShiftedExp(0.05e-3, 0.01e-3), Exp(2e-3))
	b.ReportAllocs()
	for b.Loop() {
		_ = m.Plus(o)
	}
}

func BenchmarkPlus16x16(b *testing.B) {
	m := sixteen()
	o := sixteen().Shift(1e-3)
	b.ReportAllocs()
	for b.Loop() {
		_ = m.Plus(o)
	}
}

func BenchmarkQuantile16(b *testing.B) {
	m := sixteen()
	b.ReportAllocs()
	for b.Loop() {
		_ = m.Quantile(0.99)
	}
}

func BenchmarkPercentiles16(b *testing.B) {
	m := sixteen()
	b.ReportAllocs()
	for b.Loop() {
		_, _, _ = m.Percentiles()
	}
}

func BenchmarkMaxOf(b *testing.B) {
	m := sixteen()
	b.ReportAllocs()
	for b.Loop() {
		_ = MaxOf(m, 8)
	}
}

// BenchmarkKthOf is a 2-of-3 quorum: a 16-component replica and two
// single-component ones.
func BenchmarkKthOf(b *testing.B) {
	ms := []Mixture{sixteen(), Exp(1e-3), ShiftedExp(1e-3, 1e-3)}
	b.ReportAllocs()
	for b.Loop() {
		_ = KthOf(2, ms)
	}
}

func BenchmarkKthQuantile(b *testing.B) {
	ms := []Mixture{sixteen(), Exp(1e-3), ShiftedExp(1e-3, 1e-3)}
	b.ReportAllocs()
	for b.Loop() {
		_ = KthQuantile(2, ms, 0.99)
	}
}

// TestNoAllocation checks that the operations on mixtures do not allocate
// (for KthOf and KthQuantile: with at most 16 inputs).
func TestNoAllocation(t *testing.T) {
	m, o := sixteen(), Branch(0.95, ShiftedExp(0.05e-3, 0.01e-3), Exp(2e-3))
	ms := []Mixture{m, Exp(1e-3), ShiftedExp(1e-3, 1e-3)}
	ws := []float64{1, 2, 3}
	var sink float64
	tests := []struct {
		name string
		f    func()
	}{
		{"Plus16x2", func() { sink += m.Plus(o).Mean() }},
		{"Plus16x16", func() { sink += m.Plus(m).Mean() }},
		{"Branch", func() { sink += Branch(0.3, m, o).Mean() }},
		{"Weighted", func() { sink += Weighted(ws, ms).Mean() }},
		{"Quantile", func() { sink += m.Quantile(0.99) }},
		{"CDF", func() { sink += m.CDF(1e-3) }},
		{"Percentiles", func() { a, b, c := m.Percentiles(); sink += a + b + c }},
		{"MaxOf", func() { sink += MaxOf(m, 8).Mean() }},
		{"MaxQuantile", func() { sink += MaxQuantile(m, 8, 0.99) }},
		{"KthOf", func() { sink += KthOf(2, ms).Mean() }},
		{"KthQuantile", func() { sink += KthQuantile(2, ms, 0.99) }},
	}
	for _, tt := range tests {
		if got := testing.AllocsPerRun(10, tt.f); got != 0 {
			t.Errorf("%s: %g allocations per run, want 0", tt.name, got)
		}
	}
	_ = sink
}
