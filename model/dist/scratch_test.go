package dist

import (
	"fmt"
	"math"
	"testing"
)

// exact hypoexponential survival for distinct means
func hypoExactSF(th []float64, t float64) float64 {
	s := 0.0
	for i := range th {
		c := 1.0
		for j := range th {
			if j != i {
				c *= th[i] / (th[i] - th[j])
			}
		}
		s += c * math.Exp(-t/th[i])
	}
	return s
}

func bisectSF(sf func(float64) float64, q float64) float64 {
	lo, hi := 0.0, 1.0
	for sf(hi) > q {
		hi *= 2
	}
	for i := 0; i < 200; i++ {
		mid := (lo + hi) / 2
		if sf(mid) > q {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi
}

func erlMixSF(m, v, t float64) float64 {
	c2 := v / m / m
	k := math.Ceil(1 / c2)
	p := (k*c2 - math.Sqrt(k*(1+c2)-k*k*c2)) / (1 + c2)
	mu := (k - p) / m
	y := mu * t
	term := math.Exp(-y)
	s := 0.0
	for j := 0; j < int(k)-1; j++ {
		s += term
		term *= y / float64(j+1)
	}
	return s + (1-p)*term
}

func TestScratchFits(t *testing.T) {
	cases := [][]float64{{1, 5}, {1, 0.2, 5}, {1, 1, 5.0001}, {1, 0.2, 5, 0.5, 2}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 10}, {1, 1.1}, {1, 1.5, 2, 2.5}}
	for _, th := range cases {
		m := Atom(0)
		mean, v := 0.0, 0.0
		for _, x := range th {
			m = m.Plus(Exp(x))
			mean += x
			v += x * x
		}
		fmt.Printf("%v cv2=%.3f\n", th, v/mean/mean)
		for _, p := range []float64{0.5, 0.95, 0.99, 0.999} {
			ex := bisectSF(func(t float64) float64 { return hypoExactSF(th, t) }, 1-p)
			got := m.Quantile(p)
			em := bisectSF(func(t float64) float64 { return erlMixSF(mean, v, t) }, 1-p)
			fmt.Printf("  p%.1f exact %.4f hypo %+.2f%%  erlmix %+.2f%%\n", p*100, ex, 100*(got/ex-1), 100*(em/ex-1))
		}
	}
}
