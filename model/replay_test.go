package model_test

import (
	"bufio"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pgarch/pgarch/calibration"
	"github.com/pgarch/pgarch/model"
)

// replayRun is one run of validation/replay.sh: the standby's startup
// process CPU (s) and the primary's WAL flushes, record bytes and
// full-page images over it.
type replayRun struct {
	name                          string
	cpu, flushes, records, images float64
}

// readReplayRuns parses validation/results/replay.txt.
func readReplayRuns(t *testing.T) []replayRun {
	t.Helper()
	name := filepath.Join("..", "validation", "results", "replay.txt")
	f, err := os.Open(name)
	if err != nil {
		t.Fatalf("the measurement of validation/replay.sh: %v", err)
	}
	defer f.Close()
	var runs []replayRun
	tck := 0.0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) < 2 || strings.HasPrefix(fs[0], "#") {
			continue
		}
		if fs[0] == "clk_tck" {
			tck, _ = strconv.ParseFloat(fs[1], 64)
			continue
		}
		if len(fs) != 18 {
			continue
		}
		// ticks (user, system) before and after; flushes, records, images,
		// bytes and LSN before and after; record bytes, image bytes and
		// transactions (pg_waldump --stats, pgbench).
		v := func(i int) float64 { x, _ := strconv.ParseFloat(fs[1+i], 64); return x }
		runs = append(runs, replayRun{name: fs[0], cpu: (v(2) + v(3) - v(0) - v(1)) / tck,
			flushes: v(9) - v(4), records: v(14), images: v(11) - v(6)})
	}
	if len(runs) < 3 || tck <= 0 {
		t.Fatalf("%s: %d runs, CLK_TCK %g: want at least 3 runs", name, len(runs), tck)
	}
	return runs
}

// The startup process's CPU, refitted from the measurement of
// validation/replay.sh (PostgreSQL 15.18 on this machine, one streaming
// standby): CPU = a·flushes + b·record bytes + c·images by least squares,
// the image's c fixed at page_copy_cpu_us (runs of 15–24 % images spent
// the CPU of runs with none, so c is not resolved above it). Each run lies
// within 35 % of the fit (−16 to +30 % in the run of 2026-11-26); the
// wake counts (a·flushes is over half of the one-client runs' CPU); and
// every built-in profile's replay_cpu_per_flush_us and replay_mb_per_sec
// are a and 1/b to ±3 %.
func TestReplayCPUMeasured(t *testing.T) {
	runs := readReplayRuns(t)
	c := 4e-6 // s per image: page_copy_cpu_us
	var s11, s12, s22, t1, t2 float64
	for _, r := range runs {
		y := r.cpu - c*r.images
		s11, s12, s22 = s11+r.flushes*r.flushes, s12+r.flushes*r.records, s22+r.records*r.records
		t1, t2 = t1+r.flushes*y, t2+r.records*y
	}
	det := s11*s22 - s12*s12
	a, b := (t1*s22-t2*s12)/det, (s11*t2-s12*t1)/det
	t.Logf("a = %.1f µs per flush, 1/b = %.0f MB/s of record bytes", a*1e6, 1/b/1e6)
	for _, r := range runs {
		fit := a*r.flushes + b*r.records + c*r.images
		if q := r.cpu / fit; q < 0.65 || q > 1.35 {
			t.Errorf("%s: %.2f s of CPU, the fit %.2f s (%+.0f %%)", r.name, r.cpu, fit, (q-1)*100)
		}
		if strings.HasSuffix(r.name, "-c1") && !strings.HasPrefix(r.name, "bulk") && a*r.flushes < 0.5*r.cpu {
			t.Errorf("%s: the wakes %.2f s of %.2f s: want over half of a one-client run", r.name, a*r.flushes, r.cpu)
		}
	}
	for _, name := range calibration.Names() {
		p, _ := calibration.Lookup(name)
		n := p.Values.Node
		if got := float64(n.ReplayCPUPerFlush); math.Abs(got-a) > 0.03*a {
			t.Errorf("%s: replay_cpu_per_flush_us %.1f, fitted %.1f", name, got*1e6, a*1e6)
		}
		if got := float64(n.ReplayRate); math.Abs(got-1/b) > 0.03/b {
			t.Errorf("%s: replay_mb_per_sec %.1f, fitted %.1f", name, got/1e6, 1/b/1e6)
		}
	}
}

// A standby's replay of a one-client load pays a wake per commit, while
// sixteen clients' commits share their flushes': the startup process's CPU
// per transaction falls as group commit batches them (validation/replay.sh:
// 82 µs per transaction at one client, 37 µs at sixteen, full_page_writes
// off).
func TestReplayWakesSpreadOverTheFlushBatch(t *testing.T) {
	p := builtin(t, "aws-gp3") // a volume's fsync: commits gather behind a flush
	perTxn := func(clients int) float64 {
		w := model.DefaultWorkload()
		w.ReadRate, w.Clients, w.Sessions = 0, clients, 200
		res := evaluate(t, model.Architecture{ID: model.HotStandby, Storage: model.NetworkStorage}, w, p)
		return usage(res, "replay") / float64(res.Throughput.Writes)
	}
	one, many := perTxn(1), perTxn(16)
	if !(many < 0.8*one) || one < float64(p.Node.ReplayCPUPerFlush) {
		t.Errorf("replay per transaction %.1f µs at 1 client, %.1f µs at 16: want the wake (%.0f µs) paid whole at one, shared at sixteen",
			one*1e6, many*1e6, float64(p.Node.ReplayCPUPerFlush)*1e6)
	}
}
