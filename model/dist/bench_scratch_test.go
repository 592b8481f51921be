package dist

import "testing"

func mix16() Mixture {
	m := Atom(0)
	for i := range 4 {
		f := float64(i + 1)
		hit := ShiftedExp(0.1e-3*f, 0.02e-3*f)
		m = m.Plus(Branch(0.9-0.1*float64(i), hit, hit.Plus(Exp(1e-3*f))))
	}
	return m
}

func BenchmarkXPlus16x2(b *testing.B) {
	m := mix16()
	o := Branch(0.95, ShiftedExp(0.05e-3, 0.01e-3), Exp(2e-3))
	b.ReportAllocs()
	for b.Loop() {
		_ = m.Plus(o)
	}
}
func BenchmarkXPlus16x16(b *testing.B) {
	m := mix16()
	o := mix16().Shift(1e-3)
	b.ReportAllocs()
	for b.Loop() {
		_ = m.Plus(o)
	}
}
func BenchmarkXQuantile16(b *testing.B) {
	m := mix16()
	b.ReportAllocs()
	for b.Loop() {
		_ = m.Quantile(0.99)
	}
}
func BenchmarkXKthOf(b *testing.B) {
	ms := []Mixture{mix16(), Exp(1e-3), ShiftedExp(1e-3, 1e-3)}
	b.ReportAllocs()
	for b.Loop() {
		_ = KthOf(2, ms)
	}
}
func TestXLen(t *testing.T) { t.Log(mix16().Len(), mix16()) }
