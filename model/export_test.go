package model

// WriteMoments solves the reported state of a at scale s of w's load and
// returns the write path's mean (s) and variance (s²) and the row lock's
// wait given that it waits (s). meansOnly selects the solve the saturation
// check uses, which leaves out sums of distributions.
func WriteMoments(w Workload, p Profile, a Architecture, s float64, meansOnly bool) (mean, variance, lockWait float64) {
	pl := newPlan(w, p, a, DefaultRequirements())
	defer pl.release()
	pl.final, pl.meansOnly = true, meansOnly
	st := pl.solve(s)
	return float64(st.write.mean()), st.write.variance(), float64(st.lockWait)
}
