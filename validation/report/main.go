// Command report turns validation/run.sh's measurements into the
// validation report: it calibrates pgarch from part of them (the disk and
// the one-client runs), predicts every run with `pgarch evaluate`, and
// writes predicted against measured throughput and mean latency as
// Markdown.
//
//	report -results DIR -pgarch BIN [-mode full|short] [-out FILE] [-bound 0.25]
//
// DIR holds what run.sh wrote: runs.tsv (one line per pgbench run),
// machine.txt, the fio JSON files, pg_test_fsync.txt, pg_stat_wal.csv and
// each run's pgbench output. The exit status is 1 when a gated prediction
// (see gated) errs by more than -bound in throughput or mean latency, so
// that CI fails; 2 on a usage or input error.
//
// What is calibrated, from which run:
//
//	pgarch calibrate   fio (device latencies, IOPS), pg_test_fsync (F0),
//	                   the one-client pgbench runs, pg_stat_wal (WAL record bytes)
//	cpu_ms_per_statement  CPU seconds of every process the TPC-B-like run at one
//	                   client used (primary's postmaster and its children,
//	                   pgbench) per transaction, over 5 statements: pgbench and
//	                   the server share the cores, so their CPU is charged to
//	                   the same CPU station
//	cpu_ms_per_read    the same for the select-only run at one client
//	client_rtt_ms      the one-client latency minus its CPU (and, TPC-B-like,
//	                   its mean WAL sync), per round trip: the part of a round
//	                   trip that is not CPU, for each script
//	standby CPU        the synchronous standby's run at one client and no added
//	                   round trip: the CPU the walsender, the standby and the
//	                   proxy add per transaction, charged to the same cores
//	standby round trip the proxy's measured round trip (latencyproxy -probe)
//
// `pgarch calibrate` also fits cpu_ms_per_statement and cpu_ms_per_read,
// but from the utilisation law with the whole one-client response time as
// the demand (its documented upper bound: round trips and waits included);
// the validation measures the CPU instead and says so in the report.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

func main() {
	err := run(os.Args[1:], os.Stdout, os.Stderr)
	var miss errBound
	switch {
	case errors.As(err, &miss):
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	case err != nil:
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(2)
	}
}

// errBound reports gated predictions beyond the bound.
type errBound struct {
	bound float64
	ids   []string
}

func (e errBound) Error() string {
	return fmt.Sprintf("%d gated prediction(s) err by more than %.0f%%: %s", len(e.ids), 100*e.bound, strings.Join(e.ids, ", "))
}

// measured is one pgbench run as run.sh recorded it.
type measured struct {
	ID, Topology, Script string
	Scale, Clients       int
	Sync                 string
	AddedRTT             float64 // ms the proxy was asked to add
	Duration             float64 // s
	Txns                 float64
	TPS, LatencyMs       float64
	CPUPrimary           float64 // s, the primary's postmaster and children
	CPUStandby           float64 // s, the standby's
	CPUProxy             float64 // s
	CPUPgbench           float64 // s
	CPUKernel            float64 // s, kernel threads and interrupts (the disk's and loopback's work), when recorded
	CPUMachine           float64 // s, every process of the machine
	WALRecords, WALFPI   float64
	WALBytes             float64
	WALSync              float64 // WAL syncs on the primary
	WALSyncTimeMs        float64 // their total time (track_wal_io_timing)
}

// cpu returns the CPU seconds the run used: its processes' and the
// kernel's work in its own threads (mostly the run's fsyncs; other work on
// the machine adds to it), at most what the whole machine used. Runs before
// the kernel figure counted kernel threads only also counted interrupt time,
// which tick-based accounting already charges to the interrupted task: the
// cap takes that double count out when little else runs.
func (m measured) cpu() float64 {
	c := m.CPUPrimary + m.CPUStandby + m.CPUProxy + m.CPUPgbench + m.CPUKernel
	if m.CPUMachine > 0 {
		c = math.Min(c, m.CPUMachine)
	}
	return c
}

// flushMs is the mean time of one WAL sync on the primary during the run,
// in ms; 0 when it synced too rarely to say (synchronous_commit = off).
func (m measured) flushMs() float64 {
	if m.WALSync < 0.05*m.Txns || m.WALSync == 0 {
		return 0
	}
	return m.WALSyncTimeMs / m.WALSync
}

// foreign is the share of the cores' time that processes other than the
// run's took during it.
func (m measured) foreign(cores float64) float64 {
	return math.Max(0, (m.CPUMachine-m.cpu())/(m.Duration*cores))
}

// fpiShare is the measured share of WAL bytes in full-page images (each
// image counted at 8 kB, as calibration.ParsePgStatWAL does).
func (m measured) fpiShare() float64 {
	if m.WALBytes == 0 {
		return 0
	}
	return math.Min(1, m.WALFPI*8192/m.WALBytes)
}

// prediction is what pgarch says for one run.
type prediction struct {
	TPS, LatencyMs float64
	Saturated      bool
	Bottleneck     string
	FPIShare       float64
	Path           []pathStep
	Util           map[string]float64
}

type pathStep struct {
	Step string  `json:"step"`
	Ms   float64 `json:"ms"`
}

// row is a run with its prediction.
type row struct {
	m           measured
	p           prediction // with the run's measured WAL sync time as the device's flush time
	p0          prediction // with pg_test_fsync's flush time
	pUSL        prediction // select-only: with USL σ, κ fitted on every select-only run (in-sample)
	pCPU        prediction // with the run's own measured CPU per transaction (a diagnostic)
	calibration bool       // the run the model was calibrated from
	disturbed   bool       // other work took more than maxOther of the cores in it or in its calibration run
	placement   string
	standbyRTT  float64 // ms, as given to the model
}

func (r row) tpsErr() float64 { return r.p.TPS/r.m.TPS - 1 }
func (r row) latErr() float64 { return r.p.LatencyMs/r.m.LatencyMs - 1 }

// group is the configuration a row belongs to, in the order of the report.
func (r row) group() string {
	switch {
	case r.m.Topology == "single-node" && r.m.Script == "select":
		return fmt.Sprintf("single node, select-only, scale %d", r.m.Scale)
	case r.m.Topology == "single-node":
		return fmt.Sprintf("single node, TPC-B-like, scale %d", r.m.Scale)
	default:
		return fmt.Sprintf("synchronous standby, synchronous_commit = %s, TPC-B-like, scale %d", r.m.Sync, r.m.Scale)
	}
}

// gated reports whether the row counts for the bound that CI enforces:
// the configurations where the model meets it on a quiet machine, each
// exclusion a mechanism the model lacks (validation/analysis.md):
//
//	calibration runs                    agree by construction
//	select-only beyond the cores        the CPU per transaction grows with the runnable
//	                                    processes; the model's USL stops at the cores
//	standby with more clients than hot  the row-lock station (M/G/1, Poisson arrivals)
//	rows and an added round trip        underestimates the convoys of a closed load
//	synchronous_commit = off + standby  the replication CPU is per shipped batch, not per
//	                                    transaction (reported, not gated)
func (r row) gated(cores int, short bool) bool {
	return r.gateable(cores, short) && !r.disturbed
}

// gateable reports whether the row's configuration is in the gate, whatever
// the machine did meanwhile; a disturbed run (see maxOther) is left out of
// it.
//
// The short version (5 s runs) gates less of the single node (TPC-B-like up
// to the cores): its one-client
// select-only run varied by ±30 % from one short run to the next here, and
// its 16-client TPC-B-like runs, each started just after a checkpoint, spent
// 1.5–2.5 times the one-client CPU per transaction (full-page images into
// the WAL from 16 backends on 2 cores), where the full version's 30 s runs
// through steady checkpoint cycles meet the bound.
func (r row) gateable(cores int, short bool) bool {
	m := r.m
	switch {
	case r.calibration:
		return false
	case m.Topology == "single-node" && short:
		// Up to the cores: at 4 clients on 2 cores the short runs came out
		// at +19 to +32 % (+25 and +32 % in two of three CI runs here)
		// where the full version's 30 s runs are −7 to +3 %.
		return m.Script == "tpcb" && m.Clients <= cores
	case m.Topology == "single-node":
		return m.Script == "tpcb" || m.Clients <= cores
	case m.Sync != "on" && m.Sync != "remote_apply":
		return false
	}
	return m.Clients <= m.Scale || m.AddedRTT == 0
}

// gateRule says in words which rows gated admits.
func gateRule(short bool) string {
	single := "single node, TPC-B-like at every client count and select-only up to the cores"
	if short {
		single = "single node, TPC-B-like up to the cores (short version)"
	}
	return single + "; synchronous standby with `on` and `remote_apply`, but not with more clients than branch rows *and* an added round trip; calibration runs and `off` excluded"
}

// maxOther is the largest share of the cores other processes may take
// during a run, or during the calibration run its prediction rests on, for
// the run to count in the gate: beyond it the run measures the neighbours
// (on this shared machine a one-client select-only run at 25 % lost half its
// throughput). minGated is the fewest gated runs a verdict needs: with
// fewer the machine was too busy to validate anything, which is reported
// and, with VALIDATION_STRICT set, an error.
const (
	maxOther = 0.20
	minGated = 3
)

// dependsOn returns the calibration runs a run's prediction rests on.
func dependsOn(m measured) []string {
	switch {
	case m.Script == "select":
		return []string{"single-select-s10-c1"}
	case m.Topology == "hot-standby":
		return []string{"single-tpcb-s10-c1", "standby-on-rtt0-c1"}
	}
	return []string{"single-tpcb-s10-c1"}
}

// calibrationIDs are the runs the model is calibrated from.
var calibrationIDs = []string{"single-tpcb-s10-c1", "single-select-s10-c1", "standby-on-rtt0-c1"}

type config struct {
	results, pgarch, mode, out string
	rev                        string // the pgarch revision that predicts, when not the measuring run's
	bound                      float64
	simulation                 string
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	fs.StringVar(&c.results, "results", "", "directory with run.sh's measurements")
	fs.StringVar(&c.pgarch, "pgarch", "pgarch", "pgarch binary")
	fs.StringVar(&c.mode, "mode", "full", "full or short (as run.sh ran)")
	fs.StringVar(&c.out, "out", "", "Markdown file to write (default stdout)")
	fs.Float64Var(&c.bound, "bound", 0.25, "largest relative error of a gated prediction")
	fs.StringVar(&c.rev, "rev", "", "revision of the pgarch binary, when it is not the one the measurements were taken with")
	fs.StringVar(&c.simulation, "simulation", "docs/simulation.md", "the simulation page whose error table this copies")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if c.results == "" {
		return errors.New("-results is required")
	}
	runs, err := readRuns(filepath.Join(c.results, "runs.tsv"))
	if err != nil {
		return err
	}
	machine, err := readMachine(filepath.Join(c.results, "machine.txt"))
	if err != nil {
		return err
	}
	cal, err := calibrate(c, runs, machine)
	if err != nil {
		return err
	}
	ncores, _ := strconv.ParseFloat(machine.kv["cores"], 64)
	other := map[string]float64{}
	for _, m := range runs {
		other[m.ID] = m.foreign(ncores)
	}
	var rows []row
	for _, m := range runs {
		r := row{m: m, calibration: slices.Contains(calibrationIDs, m.ID)}
		r.disturbed = other[m.ID] > maxOther
		for _, id := range dependsOn(m) {
			r.disturbed = r.disturbed || other[id] > maxOther
		}
		if r.p0, _, _, err = predict(c, cal, machine, m, nil, nil); err != nil {
			return fmt.Errorf("%s: %w", m.ID, err)
		}
		inRun := map[string]any{}
		if f := m.flushMs(); f > 0 {
			inRun["local_fsync_latency_us"] = math.Min(5000, math.Max(10, round(1e3*f, 1)))
		}
		if r.p, r.placement, r.standbyRTT, err = predict(c, cal, machine, m, inRun, nil); err != nil {
			return fmt.Errorf("%s: %w", m.ID, err)
		}
		// Diagnostic: the run's own CPU per transaction instead of the
		// one-client calibration's.
		own := map[string]any{"cpu_ms_per_statement": round(1e3*m.cpu()/m.Txns/5, 4)}
		if m.Script == "select" {
			own = map[string]any{"cpu_ms_per_read": round(1e3*m.cpu()/m.Txns, 4)}
		}
		if r.pCPU, _, _, err = predict(c, cal, machine, m, inRun, own); err != nil {
			return fmt.Errorf("%s: %w", m.ID, err)
		}
		if m.Script == "select" && cal.usl != nil {
			if r.pUSL, _, _, err = predict(c, cal, machine, m, cal.usl, nil); err != nil {
				return fmt.Errorf("%s: %w", m.ID, err)
			}
		}
		rows = append(rows, r)
	}
	var doc bytes.Buffer
	render(&doc, c, machine, cal, rows)
	if c.out == "" {
		stdout.Write(doc.Bytes())
	} else if err := os.WriteFile(c.out, doc.Bytes(), 0o644); err != nil {
		return err
	}
	cores, _ := strconv.Atoi(machine.kv["cores"])
	var miss []string
	gated, gateable := 0, 0
	for _, r := range rows {
		if r.gateable(cores, c.mode == "short") {
			gateable++
		}
		if !r.gated(cores, c.mode == "short") {
			continue
		}
		gated++
		if r.p.Saturated || math.Abs(r.tpsErr()) > c.bound || math.Abs(r.latErr()) > c.bound {
			miss = append(miss, fmt.Sprintf("%s (TPS %+.0f%%, latency %+.0f%%)", r.m.ID, 100*r.tpsErr(), 100*r.latErr()))
		}
	}
	if len(miss) > 0 {
		return errBound{bound: c.bound, ids: miss}
	}
	if gated < minGated {
		msg := fmt.Sprintf("NOT VALIDATED: only %d of %d gated runs could be judged, the others were disturbed (other processes took over %.0f%% of the cores in them or in their calibration run); rerun on a quieter machine", gated, gateable, 100*maxOther)
		if os.Getenv("VALIDATION_STRICT") != "" {
			return errBound{bound: c.bound, ids: []string{msg}}
		}
		fmt.Fprintln(stderr, "report:", msg, "(VALIDATION_STRICT=1 makes this an error)")
	}
	return nil
}

// readRuns parses runs.tsv.
func readRuns(path string) ([]measured, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) < 2 {
		return nil, fmt.Errorf("%s: no runs", path)
	}
	head := strings.Split(lines[0], "\t")
	var out []measured
	for i, l := range lines[1:] {
		f := strings.Split(l, "\t")
		if len(f) != len(head) {
			return nil, fmt.Errorf("%s:%d: %d fields, want %d", path, i+2, len(f), len(head))
		}
		v := map[string]string{}
		for j, h := range head {
			v[h] = f[j]
		}
		var perr error
		num := func(k string) float64 {
			if _, ok := v[k]; !ok && k == "cpu_kernel_s" {
				return 0 // runs.tsv from before it was recorded
			}
			x, err := strconv.ParseFloat(v[k], 64)
			if err != nil && perr == nil {
				perr = fmt.Errorf("%s:%d: %s: %w", path, i+2, k, err)
			}
			return x
		}
		m := measured{
			ID: v["id"], Topology: v["topology"], Script: v["script"], Sync: v["sync"],
			Scale: int(num("scale")), Clients: int(num("clients")), AddedRTT: num("added_rtt_ms"),
			Duration: num("duration_s"), Txns: num("txns"), TPS: num("tps"), LatencyMs: num("latency_ms"),
			CPUPrimary: num("cpu_primary_s"), CPUStandby: num("cpu_standby_s"), CPUProxy: num("cpu_proxy_s"),
			CPUPgbench: num("cpu_pgbench_s"), CPUKernel: num("cpu_kernel_s"), CPUMachine: num("cpu_machine_s"),
			WALRecords: num("wal_records"), WALFPI: num("wal_fpi"), WALBytes: num("wal_bytes"),
			WALSync: num("wal_sync"), WALSyncTimeMs: num("wal_sync_time_ms"),
		}
		if perr != nil {
			return nil, perr
		}
		if !(m.TPS > 0 && m.LatencyMs > 0 && m.Txns > 0) {
			return nil, fmt.Errorf("%s:%d: run %s has no throughput", path, i+2, m.ID)
		}
		out = append(out, m)
	}
	return out, nil
}

// machineInfo is machine.txt: "key value..." lines, with the repeated keys
// dbsize (database, bytes) and rtt (added ms, probe output).
type machineInfo struct {
	kv      map[string]string
	dbBytes map[int]float64     // by pgbench scale
	rtt     map[float64]float64 // added ms → measured round trip through the proxy, ms
	direct  float64             // loopback round trip without the proxy, ms
}

func readMachine(path string) (machineInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return machineInfo{}, err
	}
	defer f.Close()
	mi := machineInfo{kv: map[string]string{}, dbBytes: map[int]float64{}, rtt: map[float64]float64{}}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		key, rest, _ := strings.Cut(sc.Text(), " ")
		switch key {
		case "dbsize": // dbsize postgres 160000000
			f := strings.Fields(rest)
			if len(f) == 2 {
				b, _ := strconv.ParseFloat(f[1], 64)
				scale := 10
				if f[0] == "scale16" {
					scale = 16
				}
				mi.dbBytes[scale] = b
			}
		case "rtt": // rtt 5 direct_ms 0.0190 proxied_ms 5.3468
			f := strings.Fields(rest)
			if len(f) == 5 {
				added, _ := strconv.ParseFloat(f[0], 64)
				mi.direct, _ = strconv.ParseFloat(f[2], 64)
				mi.rtt[added], _ = strconv.ParseFloat(f[4], 64)
			}
		default:
			mi.kv[key] = rest
		}
	}
	return mi, sc.Err()
}

// calibration is what the model is given besides the run's own
// configuration.
type calibration struct {
	profile      map[string]any // the calibrated profile, with the machine's settings
	summary      string         // pgarch calibrate's stderr
	cpuStatement float64        // ms per statement (TPC-B-like)
	cpuRead      float64        // ms per select-only transaction
	standbyCPU   float64        // ms per TPC-B-like transaction the standby path adds
	clientRTT    float64        // ms, select-only
	clientRTTTx  float64        // ms, TPC-B-like
	walRecord    float64        // bytes per transaction without full-page images
	usl          map[string]any // usl_sigma, usl_kappa fitted on every select-only run (a diagnostic)
	uslSummary   string
	notes        []string // how the calibration departed from the plain path
	fromPgarch   map[string]float64
}

func find(runs []measured, id string) (measured, error) {
	for _, m := range runs {
		if m.ID == id {
			return m, nil
		}
	}
	return measured{}, fmt.Errorf("no run %s to calibrate from", id)
}

func calibrate(c config, runs []measured, mi machineInfo) (calibration, error) {
	var cal calibration
	tpcb, err := find(runs, "single-tpcb-s10-c1")
	if err != nil {
		return cal, err
	}
	sel, err := find(runs, "single-select-s10-c1")
	if err != nil {
		return cal, err
	}
	sb, sbErr := find(runs, "standby-on-rtt0-c1") // absent when no standby ran
	in := func(name string) string { return filepath.Join(c.results, name) }
	args := []string{"calibrate", "--base", "lecture", "--device", "local", "--name", "validation",
		"--cores", mi.kv["cores"],
		"--fio", in("fio-randread-qd1.json"), "--fio", in("fio-randread-qd16.json"),
		"--fio", in("fio-randwrite-qd1.json"), "--fio", in("fio-randwrite-qd16.json"),
		"--fsync", in("pg_test_fsync.txt"),
		"--pgbench", in(tpcb.ID + ".txt"), "--pgbench", in(sel.ID + ".txt"),
		"--pg-stat-wal", in("pg_stat_wal.csv")}
	var out, errOut bytes.Buffer
	cmd := exec.Command(c.pgarch, args...)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	asNetwork := false
	if err := cmd.Run(); err != nil {
		// A virtual disk can fall outside the local device's validated
		// ranges (here: fewer than local_iops' 25,000 IOPS). Fit it as a
		// network device, whose ranges are wider, and move the figures to
		// the local fields, clamped to their ranges (noted in the report).
		first := strings.TrimSpace(errOut.String())
		out.Reset()
		errOut.Reset()
		args[4] = "network"
		cmd = exec.Command(c.pgarch, args...)
		cmd.Stdout, cmd.Stderr = &out, &errOut
		if err2 := cmd.Run(); err2 != nil {
			return cal, fmt.Errorf("pgarch calibrate: %w: %s (as a network device: %s)", err, first, errOut.String())
		}
		asNetwork = true
		cal.notes = append(cal.notes, "As a local device `pgarch calibrate` refused the disk: `"+strings.ReplaceAll(first, c.results+"/", "")+
			"`. It was fitted as a network device (wider ranges) and the figures moved to the local fields, clamped to their ranges.")
	}
	cal.summary = strings.ReplaceAll(strings.TrimSpace(errOut.String()), c.results+"/", "")
	if err := json.Unmarshal(out.Bytes(), &cal.profile); err != nil {
		return cal, fmt.Errorf("pgarch calibrate output: %w", err)
	}
	if asNetwork {
		for _, f := range []struct {
			name   string
			lo, hi float64
		}{ // calibration/fields.go's local ranges
			{"read_latency_us", 5, 5000}, {"write_latency_us", 10, 5000}, {"fsync_latency_us", 10, 5000},
			{"read_latency_p99_us", 0, 100000}, {"iops", 25000, 8000000},
		} {
			v, _ := cal.profile["network_"+f.name].(float64)
			cv := math.Min(f.hi, math.Max(f.lo, v))
			cal.profile["local_"+f.name] = cv
			if cv != v {
				cal.notes = append(cal.notes, fmt.Sprintf("local_%s: measured %g, given %g (the field's range is [%g, %g]).", f.name, v, cv, f.lo, f.hi))
			}
		}
		base, _ := exec.Command(c.pgarch, "evaluate", "--profile", "lecture", "-o", "json").Output()
		var lec struct {
			Profile map[string]any `json:"profile"`
		}
		if json.Unmarshal(base, &lec) == nil {
			for _, f := range []string{"read_latency_us", "write_latency_us", "fsync_latency_us", "read_latency_p99_us", "iops"} {
				cal.profile["network_"+f] = lec.Profile["network_"+f]
			}
		}
	}
	delete(cal.profile, "sources")
	cal.fromPgarch = map[string]float64{}
	for _, l := range strings.Split(errOut.String(), "\n") {
		for _, k := range []string{"cpu_ms_per_statement", "cpu_ms_per_read"} {
			if strings.HasPrefix(strings.TrimSpace(l), k) {
				f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(l), k))
				for _, s := range f {
					if v, err := strconv.ParseFloat(strings.TrimLeft(s, "="), 64); err == nil {
						cal.fromPgarch[k] = v
						break
					}
				}
			}
		}
	}
	// The machine's own settings, which calibrate does not measure.
	mem, _ := strconv.ParseFloat(mi.kv["memory_gb"], 64)
	if mem > 0 {
		cal.profile["memory_gb"] = mem
		cal.profile["os_reserve_gb"] = math.Min(2, mem/4)
		cal.profile["shared_buffers_fraction"] = 0.268435456 / mem // 256 MB
	}
	cal.profile["checkpoint_timeout_sec"] = 30.0
	// The standby runs' CPU per statement holds the walsender's already
	// (cal.standbyCPU, from the one-client on run): not charged twice.
	cal.profile["walsender_cpu_per_flush_us"], cal.profile["walsender_cpu_per_kb_us"] = 0.0, 0.0
	cal.profile["max_wal_size_gb"] = 1.073741824 // PostgreSQL's 1GB = 1024 MB
	cal.profile["description"] = "validation/report: pgarch calibrate on this machine's fio, pg_test_fsync and one-client pgbench runs, with the servers' settings (shared_buffers 256MB, checkpoint_timeout 30s, max_wal_size 1GB)."

	cal.cpuStatement = 1e3 * tpcb.cpu() / tpcb.Txns / 5
	cal.cpuRead = 1e3 * sel.cpu() / sel.Txns
	cal.clientRTT = math.Max(0, sel.LatencyMs-cal.cpuRead)
	cal.clientRTTTx = math.Max(0, (tpcb.LatencyMs-5*cal.cpuStatement-tpcb.flushMs())/7)
	if sbErr == nil {
		cal.standbyCPU = math.Max(0, 1e3*sb.cpu()/sb.Txns-5*cal.cpuStatement)
	}
	// Diagnostic, not calibration: the USL fitted on every select-only run.
	var selects []string
	for _, m := range runs {
		if m.Topology == "single-node" && m.Script == "select" {
			selects = append(selects, "--pgbench", in(m.ID+".txt"))
		}
	}
	if len(selects) >= 8 {
		out.Reset()
		errOut.Reset()
		cmd := exec.Command(c.pgarch, append([]string{"calibrate", "--name", "usl", "--cores", mi.kv["cores"]}, selects...)...)
		cmd.Stdout, cmd.Stderr = &out, &errOut
		var prof map[string]any
		runErr := cmd.Run()
		fitted := false
		for _, l := range strings.Split(errOut.String(), "\n") {
			if strings.HasPrefix(l, "usl_") || strings.Contains(l, "USL") {
				cal.uslSummary += strings.ReplaceAll(l, c.results+"/", "") + "\n"
				fitted = fitted || strings.HasPrefix(l, "usl_")
			}
		}
		if runErr == nil && fitted && json.Unmarshal(out.Bytes(), &prof) == nil {
			cal.usl = map[string]any{"usl_sigma": prof["usl_sigma"], "usl_kappa": prof["usl_kappa"]}
		}
	}
	w, err := os.ReadFile(in("pg_stat_wal.csv"))
	if err != nil {
		return cal, err
	}
	lines := strings.Split(strings.TrimSpace(string(w)), "\n")
	if len(lines) != 2 {
		return cal, fmt.Errorf("pg_stat_wal.csv: want a header and one line")
	}
	f := strings.Split(lines[1], ",")
	var v [4]float64
	for i := range v {
		v[i], _ = strconv.ParseFloat(f[i], 64)
	}
	// calibration.WALStats.RecordBytesPerTxn: (wal_bytes − wal_fpi·8192) / transactions.
	cal.walRecord = math.Round(math.Max(0, (v[2]-v[1]*8192)/v[3]))
	return cal, nil
}

// placement picks the profile's round-trip field whose range holds the
// standby's measured round trip (calibration/fields.go: same-zone
// 0.05–0.5 ms, cross-zone 0.25–3.5 ms, cross-region 5–400 ms) and clamps
// the value into it.
func placement(rtt float64) (string, string, float64) {
	switch {
	case rtt <= 0.5:
		return "same-zone", "rtt_same_zone_ms", math.Max(rtt, 0.05)
	case rtt <= 3.5:
		return "cross-zone", "rtt_cross_zone_ms", rtt
	default:
		return "cross-region", "rtt_cross_region_ms", math.Max(rtt, 5)
	}
}

// predict evaluates run m with the calibrated profile, its fields in over
// replaced.
func predict(c config, cal calibration, mi machineInfo, m measured, over, wover map[string]any) (prediction, string, float64, error) {
	var p prediction
	db := mi.dbBytes[m.Scale]
	if db == 0 {
		return p, "", 0, fmt.Errorf("no database size for scale %d", m.Scale)
	}
	wl := map[string]any{
		"clients": m.Clients, "think_time_ms": 0, "sessions": 100,
		"client_rtt_ms":            round(cal.clientRTT, 4),
		"data_size_gb":             db / 1e9,
		"working_set_gb":           db / 1e9,
		"hot_access_fraction":      1,
		"wal_record_bytes_per_txn": cal.walRecord,
		"cpu_ms_per_read":          round(cal.cpuRead, 4),
	}
	if m.Script == "select" {
		wl["reads_per_sec"], wl["writes_per_sec"] = 1, 0
	} else {
		cpu := cal.cpuStatement
		if m.Topology == "hot-standby" {
			cpu += cal.standbyCPU / 5
		}
		wl["reads_per_sec"], wl["writes_per_sec"] = 0, 1
		wl["statements_per_txn"], wl["round_trips_per_txn"] = 5, 7
		wl["cpu_ms_per_statement"] = round(cpu, 4)
		wl["client_rtt_ms"] = round(cal.clientRTTTx, 4)
		wl["hot_rows"], wl["hot_row_write_fraction"], wl["statements_after_hot_write"] = m.Scale, 1, 1
	}
	for k, v := range wover {
		wl[k] = v
	}
	profile := map[string]any{}
	for k, v := range cal.profile {
		profile[k] = v
	}
	for k, v := range over {
		profile[k] = v
	}
	arch := map[string]any{"id": "single-node", "storage": "local"}
	var place string
	var srtt float64
	if m.Topology == "hot-standby" {
		measuredRTT, ok := mi.rtt[m.AddedRTT]
		if !ok {
			return p, "", 0, fmt.Errorf("no measured round trip for %g ms added", m.AddedRTT)
		}
		var field string
		place, field, srtt = placement(measuredRTT)
		profile[field] = round(srtt, 4)
		arch = map[string]any{"id": "hot-standby", "storage": "local", "standbys": []string{place}, "sync_commit": m.Sync}
	}
	req := map[string]any{"workload": wl, "architectures": []any{arch}}
	dir, err := os.MkdirTemp("", "pgarch-report")
	if err != nil {
		return p, "", 0, err
	}
	defer os.RemoveAll(dir)
	reqFile, profFile := filepath.Join(dir, "req.json"), filepath.Join(dir, "profile.json")
	for file, v := range map[string]any{reqFile: req, profFile: profile} {
		b, _ := json.Marshal(v)
		if err := os.WriteFile(file, b, 0o644); err != nil {
			return p, "", 0, err
		}
	}
	var out, errOut bytes.Buffer
	cmd := exec.Command(c.pgarch, "evaluate", "-f", reqFile, "--profile", profFile, "-o", "json")
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return p, "", 0, fmt.Errorf("pgarch evaluate: %w: %s", err, errOut.String())
	}
	var resp struct {
		Results []struct {
			Saturated  bool   `json:"saturated"`
			Bottleneck string `json:"bottleneck"`
			Throughput struct {
				Total *float64 `json:"total"`
			} `json:"throughput_per_sec"`
			Read struct {
				Mean *float64 `json:"mean_ms"`
			} `json:"read"`
			Write struct {
				Mean *float64 `json:"mean_ms"`
			} `json:"write"`
			FPI        float64            `json:"full_page_image_fraction"`
			CommitPath []pathStep         `json:"commit_path"`
			ReadPath   []pathStep         `json:"read_path"`
			Util       map[string]float64 `json:"utilization"`
		} `json:"results"`
	}
	if err := json.Unmarshal(out.Bytes(), &resp); err != nil || len(resp.Results) != 1 {
		return p, "", 0, fmt.Errorf("pgarch evaluate output: %v", err)
	}
	r := resp.Results[0]
	p.Saturated, p.Bottleneck, p.FPIShare, p.Util = r.Saturated, r.Bottleneck, r.FPI, r.Util
	mean := r.Write.Mean
	p.Path = r.CommitPath
	if m.Script == "select" {
		mean, p.Path = r.Read.Mean, r.ReadPath
	}
	if r.Throughput.Total != nil {
		p.TPS = *r.Throughput.Total
	}
	if mean != nil {
		p.LatencyMs = *mean
	} else {
		p.LatencyMs = math.Inf(1)
	}
	return p, place, srtt, nil
}

func round(x float64, digits int) float64 {
	s := math.Pow(10, float64(digits))
	return math.Round(x*s) / s
}

// render writes the report.
func render(w *bytes.Buffer, c config, mi machineInfo, cal calibration, rows []row) {
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	p("# Validation against a real PostgreSQL\n\n")
	p("<!-- Generated by validation/run.sh (validation/report); do not edit by hand. The analysis comes from validation/analysis.md. -->\n\n")
	p("pgarch's closed-load predictions (`pgarch evaluate`, MODEL.md §2.4b) against pgbench on a real PostgreSQL primary and\n")
	p("streaming synchronous standby on one machine. pgarch was calibrated from the disk measurements and the one-client runs\n")
	p("only (marked † below); every other row is a prediction. Run `validation/run.sh` (as root) to reproduce; see\n")
	p("`validation/README.md` for what it does and why.\n\n")

	cores, _ := strconv.Atoi(mi.kv["cores"])
	var gated, within, disturbed, gateable, gateableIn int
	worst, worstID := 0.0, ""
	for _, r := range rows {
		if r.gateable(cores, c.mode == "short") {
			gateable++
			if !r.p.Saturated && math.Abs(r.tpsErr()) <= c.bound && math.Abs(r.latErr()) <= c.bound {
				gateableIn++
			}
			if r.disturbed {
				disturbed++
			}
		}
		if !r.gated(cores, c.mode == "short") {
			continue
		}
		gated++
		e := math.Max(math.Abs(r.tpsErr()), math.Abs(r.latErr()))
		if !r.p.Saturated && e <= c.bound {
			within++
		}
		if r.p.Saturated || e > worst {
			worst, worstID = e, r.m.ID
		}
	}
	p("## Summary\n\n")
	p("Mode **%s** (%s s per run), started %s, finished %s. Load average (1, 5, 15 min) at the start **%s**, at the end **%s**.\n\n",
		c.mode, mi.kv["duration_s"], mi.kv["started"], mi.kv["finished"], mi.kv["load_start"], mi.kv["load_end"])
	p("The CI gate (%s): **%d of %d** gated predictions within ±%.0f %% in both TPS and mean latency; the largest error is %.0f %% (%s). ",
		gateRule(c.mode == "short"), within, gated, 100*c.bound, 100*worst, worstID)
	if disturbed > 0 {
		p("%d more run(s) of the gate's configurations were left out (⚠): other processes took over %.0f %% of the cores during them or their calibration run; "+
			"counting them too, %d of %d are within ±%.0f %%. ", disturbed, 100*maxOther, gateableIn, gateable, 100*c.bound)
	}
	p("CI (`VALIDATION=short`, 5 s runs) fails when a gated prediction errs by more than ±35 %% (its 5 s runs vary by up to ±30 %% between repetitions here; validation/README.md); when fewer than %d runs could be judged it says so, and fails only with `VALIDATION_STRICT=1`.\n\n", minGated)
	p("| configuration | predicted runs | within ±%.0f %% (TPS and latency) | TPS error, range | latency error, range | gated |\n|---|---:|---:|---:|---:|---|\n", 100*c.bound)
	var order []string
	for _, r := range rows {
		if !slices.Contains(order, r.group()) {
			order = append(order, r.group())
		}
	}
	for _, g := range order {
		n, in, ng := 0, 0, 0
		tlo, thi, llo, lhi := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
		for _, r := range rows {
			if r.group() != g || r.calibration {
				continue
			}
			n++
			if r.gated(cores, c.mode == "short") {
				ng++
			}
			if !r.p.Saturated && math.Abs(r.tpsErr()) <= c.bound && math.Abs(r.latErr()) <= c.bound {
				in++
			}
			tlo, thi = math.Min(tlo, r.tpsErr()), math.Max(thi, r.tpsErr())
			llo, lhi = math.Min(llo, r.latErr()), math.Max(lhi, r.latErr())
		}
		if n == 0 {
			continue
		}
		gate := "no"
		if ng == n {
			gate = "yes"
		} else if ng > 0 {
			gate = fmt.Sprintf("%d of %d", ng, n)
		}
		p("| %s | %d | %d | %+.0f to %+.0f %% | %+.0f to %+.0f %% | %s |\n", g, n, in, 100*tlo, 100*thi, 100*llo, 100*lhi, gate)
	}
	p("\n")

	p("## Machine\n\n| | |\n|---|---|\n")
	for _, k := range []string{"kernel", "cores", "cpu", "memory_gb", "filesystem", "postgres", "fio", "pgarch", "nice"} {
		p("| %s | %s |\n", k, mi.kv[k])
	}
	if c.rev != "" {
		p("| pgarch predicting (regenerated from the measurements) | %s |\n", c.rev)
	}
	p("| loopback round trip (TCP ping-pong) | %.3f ms |\n", mi.direct)
	var added []float64
	for a := range mi.rtt {
		added = append(added, a)
	}
	slices.Sort(added)
	for _, a := range added {
		p("| standby round trip, %g ms added by the proxy | %.3f ms measured (`latencyproxy -probe`) |\n", a, mi.rtt[a])
	}
	p("\n")

	p("## Calibration\n\n")
	p("`pgarch calibrate` on the fio runs, pg_test_fsync, the one-client pgbench runs and pg_stat_wal over the one-client\n")
	p("TPC-B-like run (its summary, as printed):\n\n```\n%s\n```\n\n", cal.summary)
	for _, n := range cal.notes {
		p("* %s\n", n)
	}
	if len(cal.notes) > 0 {
		p("\n")
	}
	p("The profile keeps those fits and takes the servers' settings (memory %v GB, shared_buffers 256 MB,\n", cal.profile["memory_gb"])
	p("checkpoint_timeout 30 s, max_wal_size 1 GB). The workload figures are measured, not fitted from response times:\n\n")
	p("| workload field | value | from |\n|---|---|---|\n")
	p("| cpu_ms_per_statement | %.4f | CPU seconds of the primary (postmaster and all children), pgbench and the kernel's own threads per transaction of the one-client TPC-B-like run, ÷ 5 (pgarch calibrate's upper bound: %.4f) |\n", cal.cpuStatement, cal.fromPgarch["cpu_ms_per_statement"])
	p("| cpu_ms_per_read | %.4f | the same for the one-client select-only run (pgarch calibrate's upper bound: %.4f) |\n", cal.cpuRead, cal.fromPgarch["cpu_ms_per_read"])
	p("| client_rtt_ms, select-only | %.4f | the one-client select-only latency minus its CPU: the part of a round trip that is not CPU |\n", cal.clientRTT)
	p("| client_rtt_ms, TPC-B-like | %.4f | the one-client TPC-B-like latency minus its CPU and its mean WAL sync, ÷ 7 round trips (it holds the wake-ups around the flush too) |\n", cal.clientRTTTx)
	p("| + cpu_ms_per_statement (standby) | %.4f | CPU the walsender, the standby and the proxy add per transaction (one-client `on` run, no added round trip), ÷ 5 |\n", cal.standbyCPU/5)
	p("| wal_record_bytes_per_txn | %.0f | pg_stat_wal over the one-client TPC-B-like run: (wal_bytes − wal_fpi·8 kB) / transactions |\n", cal.walRecord)
	p("| hot_rows | scale | pgbench's branches (10 or 16): every TPC-B-like transaction updates one (MODEL.md §2.5) |\n")
	p("| clients, think_time_ms, sessions | N, 0, 100 | pgbench -c N, max_connections |\n")
	p("| data_size_gb = working_set_gb | pg_database_size | everything fits in shared_buffers |\n\n")
	p("pgbench, both servers and the proxy run on the same %s cores: their CPU is in the per-statement CPU, so the model's\n", mi.kv["cores"])
	p("CPU station (processor sharing on %s cores) carries it. The standby's own CPU station in the model is idle but for replay.\n", mi.kv["cores"])
	p("The standby's round trip is the proxy's measured round trip, given as the profile's round trip of the placement whose\n")
	p("range holds it (same-zone ≥ 0.05 ms, cross-zone ≤ 3.5 ms, cross-region ≥ 5 ms).\n\n")

	p("## Predicted against measured\n\n")
	p("Error = predicted / measured − 1. † = calibration run (not a prediction). ✗ = outside ±%.0f %%. ", 100*c.bound)
	p("⚠ = in the gate's configurations but left out of it: other processes took over %.0f %% of the cores during the run or its calibration run. ", 100*maxOther)
	p("Flush ms = the mean WAL sync PostgreSQL timed during the run (pg_stat_wal.wal_sync_time / wal_sync, track_wal_io_timing);\n")
	p("the prediction takes it as the device's flush time, because this virtual disk's flush drifts by several times within minutes;\n")
	p("*TPS predicted at F0* is the prediction with pg_test_fsync's flush time from the start of the run instead. ")
	p("CPU ms/txn = measured CPU of all the run's processes per transaction; the predictions take it from the one-client runs only, ")
	p("and *TPS predicted at this CPU* (a diagnostic, not a prediction: on a CPU-bound run it is circular) takes the run's own instead, ")
	p("which separates a drift of the CPU demand from an error of the queueing structure. ")
	p("Other CPU = the share of the cores' time other processes of the machine took during the run. ")
	p("FPI = share of WAL bytes in full-page images, measured (pg_stat_wal) / predicted.\n\n")
	var groups []string
	for _, r := range rows {
		if !slices.Contains(groups, r.group()) {
			groups = append(groups, r.group())
		}
	}
	for _, g := range groups {
		p("### %s\n\n", g)
		standby := strings.HasPrefix(g, "synchronous standby")
		head := "| clients "
		align := "|---:"
		if standby {
			head += "| added RTT ms "
			align += "|---:"
		}
		p("%s| TPS measured | TPS predicted | error | latency ms measured | predicted | error | flush ms | TPS predicted at F0 | CPU ms/txn | TPS predicted at this CPU | bottleneck | other CPU | FPI |\n", head)
		p("%s|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|\n", align)
		for _, r := range rows {
			if r.group() != g {
				continue
			}
			mark := ""
			if r.calibration {
				mark = " †"
			}
			if r.disturbed && r.gateable(cores, c.mode == "short") {
				mark += " ⚠"
			}
			p("| %d%s ", r.m.Clients, mark)
			if standby {
				p("| %g ", r.m.AddedRTT)
			}
			flush := "–"
			if f := r.m.flushMs(); f > 0 && r.m.Script != "select" {
				flush = fmt.Sprintf("%.3f", f)
			}
			p("| %.0f | %s | %s | %.3f | %s | %s | %s | %s | %.3f | %s (%+.0f %%) | %s | %.0f %% | %.0f %% / %.0f %% |\n",
				r.m.TPS, num(r.p.TPS, 0), errCell(r, r.tpsErr(), c.bound), r.m.LatencyMs, num(r.p.LatencyMs, 3), errCell(r, r.latErr(), c.bound),
				flush, num(r.p0.TPS, 0), 1e3*r.m.cpu()/r.m.Txns, num(r.pCPU.TPS, 0), 100*(r.pCPU.TPS/r.m.TPS-1),
				r.p.Bottleneck, 100*r.m.foreign(float64(cores)), 100*r.m.fpiShare(), 100*r.p.FPIShare)
		}
		p("\n")
	}

	if cal.usl == nil && cal.uslSummary != "" {
		p("### Select-only with a fitted USL (diagnostic, in-sample)\n\n")
		p("`pgarch calibrate` on every select-only run finds no USL fit the profile accepts:\n\n```\n%s```\n\n", cal.uslSummary)
	}
	if cal.usl != nil {
		p("### Select-only with a fitted USL (diagnostic, in-sample)\n\n")
		p("Not a prediction: `pgarch calibrate` fits the Universal Scalability Law to *every* select-only run, and the same\n")
		p("runs are evaluated with that σ and κ, to show whether the profile's USL coefficients could carry the loss of\n")
		p("throughput beyond the cores. Fit:\n\n```\n%s```\n\n", cal.uslSummary)
		p("| clients | TPS measured | predicted, σ = κ = 0 | predicted with the fitted σ, κ | error |\n|---:|---:|---:|---:|---:|\n")
		for _, r := range rows {
			if r.m.Script == "select" && r.pUSL.TPS > 0 {
				p("| %d | %.0f | %s | %s | %+.0f %% |\n", r.m.Clients, r.m.TPS, num(r.p.TPS, 0), num(r.pUSL.TPS, 0), 100*(r.pUSL.TPS/r.m.TPS-1))
			}
		}
		p("\n")
	}

	p("### Predicted paths\n\n")
	p("The model's mean path of a transaction (ms per step) for a few runs, to read the errors by:\n\n")
	for _, r := range rows {
		if !slices.Contains([]int{1, 16}, r.m.Clients) || r.m.Scale != 10 || (r.m.AddedRTT != 0 && r.m.AddedRTT != 5) {
			continue
		}
		if r.m.Topology == "hot-standby" && r.m.Sync == "off" {
			continue
		}
		var steps []string
		for _, s := range r.p.Path {
			if s.Ms >= 0.0005 {
				steps = append(steps, fmt.Sprintf("%s %.3f", s.Step, s.Ms))
			}
		}
		p("* `%s` (measured %.3f ms): %s\n", r.m.ID, r.m.LatencyMs, strings.Join(steps, ", "))
	}
	p("\n")

	if b, err := os.ReadFile(filepath.Join(filepath.Dir(os.Args[0]), "analysis.md")); err == nil {
		w.Write(b)
	} else if b, err := os.ReadFile("validation/analysis.md"); err == nil {
		w.Write(b)
	}

	p("\n## Closed forms against simulation\n\n")
	p("The model's closed forms against a discrete-event simulation of their own assumptions (`model/sim`: every architecture at ρ = 0.3, 0.6 and 0.85 of its busiest station, seed 1, 200,000 requests per run). How it works, the tolerances and each known error (K3, K7, K8) are in [docs/simulation.md](simulation.md); its error table, copied from there:\n\n")
	p("%s\n", simulationTable(c.simulation))
	p("## Reproduce\n\n")
	p("    sudo validation/run.sh                      # full run: writes this file (~25 min)\n")
	p("    sudo VALIDATION=short validation/run.sh     # CI: a few minutes, fails above ±35 %%\n\n")
	p("The measurements behind this file are in `validation/results/` (runs.tsv, machine.txt, the fio, pg_test_fsync,\n")
	p("pg_stat_wal and pgbench outputs); `go run ./validation/report -results validation/results -pgarch <pgarch binary>\n")
	p("-out docs/validation.md` regenerates it from them.\n\n")
	p("Generated %s.\n", time.Now().UTC().Format("2006-01-02 15:04 UTC"))
}

func num(x float64, prec int) string {
	if math.IsInf(x, 0) || math.IsNaN(x) || x == 0 {
		return "saturated"
	}
	return strconv.FormatFloat(x, 'f', prec, 64)
}

func errCell(r row, e, bound float64) string {
	if r.p.Saturated {
		return "✗"
	}
	s := fmt.Sprintf("%+.0f %%", 100*e)
	if math.Abs(e) > bound && !r.calibration {
		s += " ✗"
	}
	return s
}

// simulationTable returns the error table of docs/simulation.md (its last
// Markdown table, under "## Error table"), or a pointer to the page when it
// cannot be read.
func simulationTable(path string) string {
	b, err := os.ReadFile(path)
	_, table, ok := strings.Cut(string(b), "\n## Error table\n")
	if err != nil || !ok {
		return "See [docs/simulation.md](simulation.md) (its error table could not be read here)."
	}
	var rows []string
	for _, line := range strings.Split(table, "\n") {
		if strings.HasPrefix(line, "|") {
			rows = append(rows, line)
		}
	}
	return strings.Join(rows, "\n") + "\n"
}
