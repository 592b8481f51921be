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
