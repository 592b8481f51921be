package dist

import (
	"fmt"
	"math"
	"testing"
)

func TestSanity(t *testing.T) {
	e := Exp(1)
	for _, p := range []float64{0.1, 0.5, 0.9, 0.99, 0.999} {
		fmt.Println(p, e.Quantile(p), -math.Log(1-p))
	}
	er := Exp(1).Plus(Exp(1)).Plus(Exp(1))
	fmt.Println(er, er.Quantile(0.5))
	m := ShiftedExp(0.1e-3, 0.02e-3)
	miss := Branch(0.05, Exp(1e-3), Atom(0))
	r := m.Plus(miss)
	fmt.Println(r)
	fmt.Println(r.Percentiles())
	h := Exp(1e-3).Plus(Exp(0.2e-3)).Plus(Exp(5e-3))
	fmt.Println(h, h.Mean(), h.Variance())
	fmt.Println(h.Percentiles())
	fmt.Println(MaxOf(Exp(1), 8).Percentiles())
	fmt.Println(MaxQuantile(Exp(1), 8, 0.5), MaxQuantile(Exp(1), 8, 0.99))
	fmt.Println(KthOf(2, []Mixture{Exp(1), Exp(1), Exp(1)}).Percentiles())
	fmt.Println(KthQuantile(2, []Mixture{Exp(1), Exp(1), Exp(1)}, 0.5))
}
