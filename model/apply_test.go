package model_test

import (
	"math"
	"strings"
	"testing"

	"github.com/pgarch/pgarch/model"
)

// An apply worker's CPU against the backends' that ran the transactions,
// measured by validation/apply.sh (PostgreSQL 15.18 on this machine, 4
// clients at 1,000 transactions/s, 30 s a run): per write statement, over
// the publisher's CPU per statement (its transaction's over its statements,
// as the model's cpu_ms_per_statement is). The run of 2026-11-28 gave
// TPC-B-like 0.30 (simple protocol) and 0.35 (prepared), one UPDATE 0.38
// and 0.43: an apply worker skips parsing, planning and the client's round
// trips, and its own per-transaction part (BEGIN and COMMIT, the stream's
// messages) weighs most in a one-statement transaction. applyCPUShare
// lies within 25 % of each run (it was 1, which made active-active's apply
// ceiling and every node's CPU for the others' writes about three times
// too high: review of 2026-11-28).
func TestApplyCPUMeasured(t *testing.T) {
	_, lines := readResults(t, "apply.txt")
	runs := 0
	for _, r := range lines {
		// backend user and system ticks, apply's, the sender's; transactions
		v := r.v
		if len(v) != 7 || !(v[6] > 0) {
			continue // the server's version line
		}
		runs++
		statements, writes := 1.0, 1.0
		if strings.HasPrefix(r.name, "tpcb") {
			statements, writes = 5, 4 // three UPDATEs, a SELECT and an INSERT
		}
		backend, apply := (v[0]+v[1])/statements, (v[2]+v[3])/writes
		if share := apply / backend; math.Abs(model.ApplyCPUShare/share-1) > 0.25 {
			t.Errorf("%s: an apply worker spends %.2f of a statement's CPU per write statement; applyCPUShare %.2f is not within 25 %%", r.name, share, model.ApplyCPUShare)
		}
	}
	if runs < 4 {
		t.Errorf("apply.txt: %d runs, want 4", runs)
	}
}
