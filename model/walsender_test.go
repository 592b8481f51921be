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

// walsenderRun is one run of validation/walsender.sh: the walsenders' CPU
// (s, summed over them) and the primary's WAL flushes and bytes over it.
type walsenderRun struct {
	name           string
	cpu            float64
	flushes, bytes float64
}

// readWalsenderRuns parses validation/results/walsender.txt and returns
// its runs and the number of walsenders.
func readWalsenderRuns(t *testing.T) ([]walsenderRun, float64) {
	t.Helper()
	name := filepath.Join("..", "validation", "results", "walsender.txt")
	f, err := os.Open(name)
	if err != nil {
		t.Fatalf("the measurement of validation/walsender.sh: %v", err)
	}
	defer f.Close()
	var runs []walsenderRun
	senders, tck := 0.0, 0.0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) < 2 || strings.HasPrefix(fs[0], "#") {
			continue
		}
		v := make([]float64, len(fs)-1)
		for i, s := range fs[1:] {
			v[i], _ = strconv.ParseFloat(s, 64)
		}
		switch {
		case fs[0] == "standbys":
			senders = v[0]
		case fs[0] == "clk_tck":
			tck = v[0]
		case len(v) == 11: // user and system ticks, wal_sync, wal_write, wal_bytes, each before and after; transactions
			runs = append(runs, walsenderRun{name: fs[0], cpu: (v[2] + v[3] - v[0] - v[1]) / tck, flushes: v[7] - v[4], bytes: v[9] - v[6]})
		}
	}
	if len(runs) < 2 || senders < 1 || tck <= 0 {
		t.Fatalf("%s: %d runs, %g walsenders, CLK_TCK %g: want at least 2 runs", name, len(runs), senders, tck)
	}
	return runs, senders
}

// The walsender's CPU per flush, refitted from the measurement of
// validation/walsender.sh (PostgreSQL 15.18 on this machine, 2 standbys):
// each run's CPU per flush per walsender lies within ±20 % of the fit over
// all of them (90–118 µs in the run of 2026-11-26, the noise of a shared
// machine) although its WAL per flush differs by 1.4× or more (5.5 to 9.8
// kB), so one figure per flush carries it, and every built-in profile's
// walsender_cpu_per_flush_us is that fit to ±3 %. (At the runs' 525–880
// flushes/s a walsender rarely finds a flush while it sends, x = r·c <
// 0.09, so CPU per flush is c to within 1 %: model.walsenderLoad.)
func TestWalsenderCPUPerFlushMeasured(t *testing.T) {
	runs, senders := readWalsenderRuns(t)
	var cpu, flushes float64
	minB, maxB := math.Inf(1), 0.0
	for _, r := range runs {
		cpu += r.cpu / senders
		flushes += r.flushes
		minB, maxB = math.Min(minB, r.bytes/r.flushes), math.Max(maxB, r.bytes/r.flushes)
	}
	fit := cpu / flushes
	for _, r := range runs {
		if each := r.cpu / senders / r.flushes; math.Abs(each/fit-1) > 0.20 {
			t.Errorf("%s: %.1f µs per flush per walsender, want within 20 %% of the fit %.1f µs", r.name, each*1e6, fit*1e6)
		}
	}
	if maxB/minB < 1.4 {
		t.Errorf("WAL per flush spans %.0f–%.0f bytes: too narrow to show that bytes add nothing", minB, maxB)
	}
	for _, name := range calibration.Names() {
		p := builtin(t, name)
		if got := float64(p.Node.WalsenderCPUPerFlush); math.Abs(got/fit-1) > 0.03 {
			t.Errorf("%s: walsender_cpu_per_flush_us = %.1f, want the measured %.1f", name, got*1e6, fit*1e6)
		}
	}
}

// Every standby and read replica costs the primary a walsender, woken by
// each WAL flush. With the default workload's 1,000 writes/s on the
// lecture profile's 10 µs flush, group commit rarely batches (a commit
// finds a flush in progress with probability about λF = 1 %), so each
// walsender adds about 1,000 × 99 µs = 0.099 cores, 1.2 % of 8 vCPUs; and
// three replicas three times one's.
func TestWalsendersChargeThePrimary(t *testing.T) {
	p := builtin(t, "lecture")
	quiet := p
	quiet.Node.WalsenderCPUPerFlush = 0
	w := model.DefaultWorkload()
	added := func(replicas int) float64 {
		a := model.Architecture{ID: model.ReadReplicas, Replicas: replicas}
		return usage(evaluate(t, a, w, p), "cpu") - usage(evaluate(t, a, w, quiet), "cpu")
	}
	one, three := added(1), added(3)
	perFlush := float64(w.WriteRate) * float64(p.Node.WalsenderCPUPerFlush) / float64(p.Node.VCPUs)
	if one > perFlush || one < 0.9*perFlush {
		t.Errorf("one replica's walsender: +%.4f of the primary's CPU, want at most %.4f (a flush per commit) and at least 90 %% of it", one, perFlush)
	}
	if math.Abs(three/one-3) > 0.01 {
		t.Errorf("three replicas' walsenders: +%.4f, want 3 × %.4f", three, one)
	}
}
