package dist

import "testing"

func TestXDbg(t *testing.T) {
	m := sixteen()
	x := m.fit()
	for i := range x.n {
		t.Logf("%d %+v cv2=%.3f tail=%g", i, x.f[i], m.c[i].Var/m.c[i].Mean/m.c[i].Mean, m.c[i].tail)
	}
}
