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
