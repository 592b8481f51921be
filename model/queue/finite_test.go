package queue

import (
	"math"
	"testing"
)

// A finite population's wait against closed forms: one server and one
// other source (only it can be ahead: the wait is one exponential
// service, cv² 1, with the probability a/(1 + a) that it is there); one
// server and two others, by the state probabilities 1 : 2a : 2a² (one
// ahead waits one service, two ahead an Erlang of two); and a population
// so large against its load that it is the M/M/c (Erlang C, exponential
// wait).
func TestFiniteSourceWait(t *testing.T) {
	const a = 0.5
	if p, m, cv2 := FiniteSourceWait(1, 1, a); math.Abs(p-a/(1+a)) > 1e-12 || m != 1 || math.Abs(cv2-1) > 1e-12 {
		t.Errorf("c=1, one other: P(wait) %g, stages %g, cv² %g; want %g, 1 and 1", p, m, cv2, a/(1+a))
	}
	// Two others: p0, p1, p2 ∝ 1, 2a, 2a²; m = 1 w.p. p1, 2 w.p. p2.
	p1, p2 := 2*a, 2*a*a
	wantP := (p1 + p2) / (1 + p1 + p2)
	e1, e2 := (p1*1+p2*2)/(p1+p2), (p1*2+p2*6)/(p1+p2)
	if p, m, cv2 := FiniteSourceWait(1, 2, a); math.Abs(p-wantP) > 1e-12 || math.Abs(m-e1) > 1e-12 || math.Abs(cv2-(e2/(e1*e1)-1)) > 1e-12 {
		t.Errorf("c=1, two others: P(wait) %g, stages %g, cv² %g; want %g, %g and %g", p, m, cv2, wantP, e1, e2/(e1*e1)-1)
	}
	// 100,000 sources each offering 8·0.8/100,000 Erlang: the M/M/8 at ρ 0.8.
	const c, n, rho = 8, 100000, 0.8
	// Its mean wait given waiting, in services, is M/M/c's 1/(c·(1 − ρ)):
	// stages/c.
	p, m, cv2 := FiniteSourceWait(c, n, c*rho/n)
	if want := ErlangC(c, c*rho); math.Abs(p-want) > 1e-3*want || math.Abs(m/c-1/(c*(1-rho))) > 1e-3/(c*(1-rho)) || math.Abs(cv2-1) > 1e-3 {
		t.Errorf("a large population: P(wait) %g, stages %g, cv² %g; want Erlang C %g, %g and 1", p, m, cv2, want, 1/(1-rho))
	}
	// Fewer others than servers never wait; every other there always.
	if p, _, cv2 := FiniteSourceWait(8, 7, 10); p != 0 || cv2 != 1 {
		t.Errorf("7 others on 8 servers: %g, %g; want 0, 1", p, cv2)
	}
	// A wait far below the idle state, 550 clients offering 0.36 cores
	// on 82: vanishingly rare, and shaped (no underflow to +Inf).
	if p, _, cv2 := FiniteSourceWait(82, 550, 0.36/550); !(p >= 0 && p < 1e-100) || !(cv2 > 0 && cv2 <= 1) {
		t.Errorf("a far-off wait: P(wait) %g, cv² %g; want about 0 and a shape in (0, 1]", p, cv2)
	}
	// A population far beyond the servers, each often there: every term
	// rescaled, the waiting probability still in [0, 1] and nearly 1.
	if p, m, cv2 := FiniteSourceWait(2, 9999, 0.5); !(p > 0.999 && p <= 1) || !(m > 9000 && m < 9998) || !(cv2 > 0 && cv2 < 1e-3) {
		t.Errorf("9,999 others on 2 servers: P(wait) %g, stages %g, cv² %g; want nearly 1, nearly all of them, nearly constant", p, m, cv2)
	}
	if p, _, cv2 := FiniteSourceWait(2, 10, math.Inf(1)); p != 1 || math.Abs(cv2-1.0/9) > 1e-15 {
		t.Errorf("every other there: %g, %g; want 1 and an Erlang of 9's 1/9", p, cv2)
	}
	if p, _, cv2 := FiniteSourceWait(2, 10, 1e6); math.Abs(p-1) > 1e-5 || math.Abs(cv2-1.0/9) > 1e-4 {
		t.Errorf("nearly every other there: %g, %g; want about 1 and 1/9", p, cv2)
	}
}

// Over populations up to the model's 10,000 clients and loads from
// vanishing to overwhelming, the wait stays a probability, at least one
// completion when it waits, and no more variable than the open station's
// exponential (the finite population only truncates the queue).
func TestFiniteSourceWaitRanges(t *testing.T) {
	for _, c := range []int{1, 2, 8, 64, 200} {
		for _, others := range []int{c, 2 * c, 10 * c, 9999} {
			for _, a := range []float64{1e-9, 1e-4, 0.01, 0.1, 1, 10, 1e4} {
				p, m, cv2 := FiniteSourceWait(c, others, a)
				if !(p >= 0 && p <= 1) || p > 0 && !(m >= 1) || !(cv2 >= 0 && cv2 <= 1+1e-9) {
					t.Errorf("c=%d others=%d a=%g: P(wait) %g, stages %g, cv² %g", c, others, a, p, m, cv2)
				}
			}
		}
	}
}

// A hot row's wait among rows by the finite population, against its
// special cases and a brute-force sum over the network's states: with one
// row it is FiniteSourceWait's single server; for three rows and five
// others, the product form's weight of every split of them over the rows
// (others!/(others − k)!·(a/3)ᵏ for k of them there, Baskett et al.
// 1975), the request's row holding n₁; every other at the rows; and a
// population so large against its load that each row is an M/M/1.
func TestFiniteSourceRowWait(t *testing.T) {
	for _, others := range []int{1, 2, 7, 300} {
		for _, a := range []float64{1e-3, 0.05, 0.5, 3, math.Inf(1)} {
			p, m, cv2 := FiniteSourceRowWait(1, others, a)
			wp, wm, wcv2 := FiniteSourceWait(1, others, a)
			if math.Abs(p-wp) > 1e-12 || math.Abs(m-wm) > 1e-12*wm || math.Abs(cv2-wcv2) > 1e-12 {
				t.Errorf("one row, %d others, a=%g: %g, %g, %g; FiniteSourceWait %g, %g, %g", others, a, p, m, cv2, wp, wm, wcv2)
			}
		}
	}

	const rows, others, a = 3, 5, 0.7
	var all, m0, m1, m2 float64
	fall := 1.0 // others!/(others − k)!
	for n1 := 0; n1 <= others; n1++ {
		for n2 := 0; n1+n2 <= others; n2++ {
			for n3 := 0; n1+n2+n3 <= others; n3++ {
				k := n1 + n2 + n3
				fall = 1
				for i := range k {
					fall *= float64(others - i)
				}
				w := fall * math.Pow(a/rows, float64(k))
				all += w
				if n1 > 0 {
					m := float64(n1)
					m0, m1, m2 = m0+w, m1+w*m, m2+w*m*(m+1)
				}
			}
		}
	}
	wantP, wantM, wantCV2 := m0/all, m1/m0, m2/m1*m0/m1-1
	if p, m, cv2 := FiniteSourceRowWait(rows, others, a); math.Abs(p-wantP) > 1e-12 || math.Abs(m-wantM) > 1e-12 || math.Abs(cv2-wantCV2) > 1e-12 {
		t.Errorf("three rows, five others: %g, %g, %g; want %g, %g, %g (by the states)", p, m, cv2, wantP, wantM, wantCV2)
	}

	// Every other at the rows: one row holds all 99 (an Erlang of 99); ten
	// hold a Bose–Einstein share, cv² near (10 − 1)/(10 + 1).
	if p, m, cv2 := FiniteSourceRowWait(1, 99, math.Inf(1)); p != 1 || m != 99 || math.Abs(cv2-1.0/99) > 1e-15 {
		t.Errorf("one row holding all: %g, %g, %g; want 1, 99, 1/99", p, m, cv2)
	}
	if _, _, cv2 := FiniteSourceRowWait(10, 9999, math.Inf(1)); math.Abs(cv2-9.0/11) > 2e-3 {
		t.Errorf("ten rows holding all: cv² %g; want about 9/11", cv2)
	}
	// 100,000 others offering each row ρ 0.8: an M/M/1 per row (P(wait)
	// ρ, stages 1/(1 − ρ), an exponential wait).
	const n, rho = 100000, 0.8
	if p, m, cv2 := FiniteSourceRowWait(10, n, 10*rho/n); math.Abs(p-rho) > 1e-3 || math.Abs(m-1/(1-rho)) > 1e-2 || math.Abs(cv2-1) > 1e-3 {
		t.Errorf("a large population: %g, %g, %g; want %g, %g and 1", p, m, cv2, rho, 1/(1-rho))
	}
	if p, _, _ := FiniteSourceRowWait(0, 5, 1); !math.IsNaN(p) {
		t.Errorf("no rows: %g; want NaN", p)
	}
}

// Over rows, populations up to the model's 10,000 clients and loads from
// vanishing to overwhelming, the wait stays a probability, at least one
// completion when it waits, and no more variable than the open station's
// exponential.
func TestFiniteSourceRowWaitRanges(t *testing.T) {
	for _, rows := range []int{1, 2, 10, 1000, 1000000} {
		for _, others := range []int{1, 10, 200, 9999} {
			for _, a := range []float64{1e-300, 1e-9, 1e-4, 0.01, 0.1, 1, 10, 1e4, 1e300} {
				p, m, cv2 := FiniteSourceRowWait(rows, others, a)
				if !(p >= 0 && p <= 1) || p > 0 && !(m >= 1) || !(cv2 >= 0 && cv2 <= 1+1e-9) {
					t.Errorf("rows=%d others=%d a=%g: P(wait) %g, stages %g, cv² %g", rows, others, a, p, m, cv2)
				}
			}
		}
	}
}
