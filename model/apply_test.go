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

// A decoding walsender's CPU per transaction against validation/apply.sh's
// (the same runs, 4 clients at 1,000 transactions/s, a flush for about
// every commit): the model's decoding station, its share of the
// walsender's rounds per flush (walsender_cpu_per_flush_us, fitted to this
// machine's physical walsenders by validation/walsender.sh) and the
// records' decoding, within 30 % of each run's walsender (TPC-B-like 123
// µs, one UPDATE 99 µs in the run of 2026-11-28; the decoding alone, 16
// µs, was 5 to 8 times short: review of 2026-11-28).
func TestDecodeCPUMeasured(t *testing.T) {
	settings, lines := readResults(t, "apply.txt")
	tck, rate := settings["clk_tck"], settings["rate_per_s"]
	p := lecture(t)
	p.Local.FsyncLatency = 303 * model.Microsecond // pg_test_fsync here (results/pg_test_fsync.txt)
	for _, r := range lines {
		v := r.v
		if len(v) != 7 || !(v[6] > 0) || !strings.HasSuffix(r.name, "-simple") {
			continue
		}
		measured := (v[4] + v[5]) / tck / v[6] // s of the walsender's CPU a transaction
		w := model.DefaultWorkload()
		w.ReadRate, w.WriteRate = 0, model.Rate(rate)
		if strings.HasPrefix(r.name, "update") {
			w.StatementsPerTxn, w.RoundTripsPerTxn, w.PagesWrittenPerTxn, w.RowsInsertedPerTxn = 1, 1, 1, 0
		}
		// Two nodes, half the transactions on each: each node's
		// walsender decodes its own for the other, per transaction as
		// the publisher's did.
		res := evaluate(t, model.Architecture{ID: model.ActiveActive, Nodes: 2}, w, p)
		got := usage(res, "decode") / (float64(rate) / 2)
		t.Logf("%s: %.0f µs predicted, %.0f measured", r.name, got*1e6, measured*1e6)
		if e := got/measured - 1; math.Abs(e) > 0.30 {
			t.Errorf("%s: the decoding walsender %.0f µs a transaction, measured %.0f µs (%+.0f %%): want within 30 %%", r.name, got*1e6, measured*1e6, 100*e)
		}
	}
}
