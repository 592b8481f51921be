package calibration

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/pgarch/pgarch/model"
)

// ErrDevice reports a Device other than "local" or "network".
var ErrDevice = errors.New("calibration: device must be local or network")

// Input is one measurement file: the name it is reported under (a path or
// a request field such as "pgbench[0]") and its contents.
type Input struct {
	Name string
	Data []byte
}

// Inputs are the measurements Calibrate fits a profile to. Every list may
// be empty; what is not measured keeps the base profile's value.
type Inputs struct {
	// Name is the calibrated profile's name; "" means "calibrated". It must
	// not be a built-in name, so that the profile reads back as a complete
	// custom profile.
	Name string
	// Base is the built-in profile the unmeasured fields come from; ""
	// means the default, "lecture".
	Base string
	// Device is the storage device fio and pg_test_fsync ran on: "local"
	// (the default) or "network".
	Device string
	// Cores is the number of cores the pgbench runs used (database and
	// pgbench together). When positive it becomes the profile's vcpus and
	// bounds the queue-free client counts FitDemand uses; 0 keeps vcpus
	// and uses only runs with one client.
	Cores int
	// Fio are outputs of fio --output-format=json (ParseFio).
	Fio []Input
	// PgTestFsync is pg_test_fsync's output (ParsePgTestFsync); absent when
	// Data is empty.
	PgTestFsync Input
	// Pgbench are pgbench outputs, one run or several per file (ParsePgbench).
	Pgbench []Input
	// PgStatWAL are pg_stat_wal figures over a measured interval
	// (ParsePgStatWAL); absent when Data is empty.
	PgStatWAL Input
}

// Report says what Calibrate fitted and how well.
type Report struct {
	// Fits lists every fitted figure, profile fields first.
	Fits []FitReport `json:"fits"`
	// Workload are fitted figures that belong to the workload rather than
	// the platform (cpu_ms_per_read, cpu_ms_per_statement,
	// wal_record_bytes_per_txn), by their
	// public workload name in its unit. The profile has no field for them:
	// pass them in the request's workload.
	Workload map[string]float64 `json:"workload,omitempty"`
	// Warnings are fits that were skipped and why.
	Warnings []string `json:"warnings,omitempty"`
}

// FitReport is one fitted figure.
type FitReport struct {
	// Field is the public profile field (or, for workload figures, the
	// workload field) the figure sets.
	Field string `json:"field" example:"local_read_latency_us"`
	// Value is the figure in Unit.
	Value float64 `json:"value" example:"55.4"`
	Unit  string  `json:"unit" example:"µs"`
	// File and Line are where the measurement is: the input's name (a
	// file, or the API request's field, e.g. "fio[0]"); Line 0: several
	// lines.
	File string `json:"file" example:"fio[0]"`
	Line int    `json:"line,omitempty" example:"8"`
	// Method says how the figure was obtained.
	Method string `json:"method" example:"fio lat mean, job \"randread-qd1\": read, bs 4096 B, iodepth 1"`
	// R2 is the fit's coefficient of determination (R₀² for fits through
	// the origin); absent for figures read directly.
	R2 *float64 `json:"r2,omitempty" example:"0.98"`
	// Points is the number of measurements the figure comes from.
	Points int `json:"points" example:"1"`
}

// maxThroughput is the highest throughput of the points.
func maxThroughput(points []Point) model.Rate {
	var x model.Rate
	for _, p := range points {
		x = max(x, p.Throughput)
	}
	return x
}

// calibratedName is the default name of a calibrated profile.
const calibratedName = "calibrated"

// Calibrate returns the base profile with every field the measurements
// determine replaced by its fitted value, each with a source naming the
// file, the fit and its quality, and a report of the fits (MODEL.md §8):
//
//	fio          {dev}_read_latency_us       lat mean (submission and completion) of the read job with the lowest iodepth
//	             {dev}_read_latency_p99_us   its p99 (clat's moved by the submission's mean, where lat has none)
//	             {dev}_write_latency_us      lat mean of the write job with the lowest iodepth
//	             {dev}_iops                  the highest IOPS of a job with iodepth × numjobs > 1 (reads plus writes)
//	pg_test_fsync {dev}_fsync_latency_us     fdatasync after one 8 kB write (F0)
//	pgbench      usl_sigma, usl_kappa        FitUSL on the select-only runs (else TPC-B-like, else
//	                                          the script with most client counts)
//	             vcpus                       Inputs.Cores, when given
//	             workload cpu_ms_per_read     FitDemand on select-only runs (one statement each)
//	             workload cpu_ms_per_statement FitDemand on TPC-B-like runs, minus F0, over 5 statements
//	pg_stat_wal  workload wal_record_bytes_per_txn (wal_bytes − wal_fpi·8 kB) / transactions
//
// {dev} is "local" or "network" (Inputs.Device). A USL or demand fit that
// fails (too few client counts, superlinear scaling) is a warning in the
// report, not an error; the measurement files themselves must parse.
//
// Special cases are:
//
//	a file that does not parse         → *ParseError naming the file and line
//	a fitted value outside its field's range
//	                                   → *ParseError{Err: ErrInvalidValue} wrapping the *model.ParamError
//	unknown Base                       → *model.ParamError{Field: "base", Err: model.ErrUnknown}
//	Device not local or network        → *model.ParamError{Field: "device", Err: ErrDevice}
//	Name a built-in profile's name     → *model.ParamError{Field: "name", Err: model.ErrOutOfRange}
func Calibrate(in Inputs) (Profile, Report, error) {
	base := in.Base
	if base == "" {
		base = defaultName
	}
	p, ok := Lookup(base)
	if !ok {
		return Profile{}, Report{}, &model.ParamError{Field: "base", Err: model.ErrUnknown,
			Detail: fmt.Sprintf("%q (built-in: %s)", base, strings.Join(Names(), ", "))}
	}
	dev := in.Device
	if dev == "" {
		dev = "local"
	}
	if dev != "local" && dev != "network" {
		return Profile{}, Report{}, &model.ParamError{Field: "device", Err: ErrDevice, Detail: fmt.Sprintf("%q", in.Device)}
	}
	name := in.Name
	if name == "" {
		name = calibratedName
	}
	if _, builtin := builtins[name]; builtin {
		return Profile{}, Report{}, &model.ParamError{Field: "name", Err: model.ErrOutOfRange,
			Detail: fmt.Sprintf("%q is a built-in profile; a calibrated profile needs its own name", name)}
	}
	if in.Cores < 0 {
		return Profile{}, Report{}, &model.ParamError{Field: "cores", Err: model.ErrOutOfRange, Detail: fmt.Sprintf("%d", in.Cores)}
	}
	p.Name = name
	c := &calibrator{p: p}
	if err := c.fio(in.Fio, dev); err != nil {
		return Profile{}, Report{}, err
	}
	f0, err := c.fsync(in.PgTestFsync, dev)
	if err != nil {
		return Profile{}, Report{}, err
	}
	if err := c.pgbench(in.Pgbench, in.Cores, f0, base); err != nil {
		return Profile{}, Report{}, err
	}
	if err := c.wal(in.PgStatWAL); err != nil {
		return Profile{}, Report{}, err
	}
	p, rep := c.p, c.rep
	var described []string
	for _, fr := range rep.Fits {
		if _, profileField := byName[fr.Field]; !profileField {
			described = append(described, fmt.Sprintf("%s = %.4g", fr.Field, fr.Value))
		}
	}
	p.Description = fmt.Sprintf("Calibrated from measurements on top of %q (%s device).", base, dev)
	if len(described) > 0 {
		p.Description += " Fitted workload figures (not profile fields; give them in the workload): " + strings.Join(described, ", ") + "."
	}
	if err := p.Validate(); err != nil {
		return Profile{}, Report{}, err
	}
	return p, rep, nil
}

// calibrator is a calibration in progress: the profile being fitted and
// the report of its fits.
type calibrator struct {
	p   Profile
	rep Report
}

// set fits one profile field and reports it.
func (c *calibrator) set(field string, value float64, fr FitReport) error {
	fr.Field, fr.Value = field, value
	fr.Unit = byName[field].Unit
	if err := c.p.Set(field, value); err != nil {
		return &ParseError{File: fr.File, Line: fr.Line, Err: fmt.Errorf("%w: %w", ErrInvalidValue, err)}
	}
	c.p.Sources[field] = source(fr)
	c.rep.Fits = append(c.rep.Fits, fr)
	return nil
}

// fio fits the device's read and write latencies to the jobs with the
// fewest I/Os in flight, and its IOPS to the highest of those with more
// than one.
func (c *calibrator) fio(files []Input, dev string) error {
	var readJob, writeJob, iopsJob *FioJob
	var readFile, writeFile, iopsFile string
	iops := 0.0
	for _, f := range files {
		jobs, err := ParseFio(f.Name, f.Data)
		if err != nil {
			return err
		}
		for i := range jobs {
			j := &jobs[i]
			switch {
			case !j.Write && (readJob == nil || j.Outstanding() < readJob.Outstanding()):
				readJob, readFile = j, f.Name
			case j.Write && (writeJob == nil || j.Outstanding() < writeJob.Outstanding()):
				writeJob, writeFile = j, f.Name
			}
			// A job with one I/O in flight measures a latency (its IOPS
			// are 1/latency), not the device's ceiling; numjobs copies of
			// a depth-1 job keep that many in flight.
			if j.Outstanding() > 1 && float64(j.IOPS) > iops {
				iops, iopsJob, iopsFile = float64(j.IOPS), j, f.Name
			}
		}
	}
	jobMethod := func(what string, j *FioJob) string {
		dir := "read"
		if j.Write {
			dir = "write"
		}
		return fmt.Sprintf("fio %s, job %q: %s, bs %g B, iodepth %d", what, j.Name, dir, float64(j.BlockSize), j.IODepth)
	}
	if readJob != nil {
		fr := FitReport{File: readFile, Line: readJob.Line, Points: 1}
		fr.Method = jobMethod("lat mean", readJob)
		if err := c.set(dev+"_read_latency_us", us(readJob.Mean), fr); err != nil {
			return err
		}
		if readJob.P99 > 0 {
			fr.Method = jobMethod("p99 (clat's, moved by the submission's mean where lat has none)", readJob)
			if err := c.set(dev+"_read_latency_p99_us", us(readJob.P99), fr); err != nil {
				return err
			}
		}
	}
	if writeJob != nil {
		fr := FitReport{File: writeFile, Line: writeJob.Line, Points: 1, Method: jobMethod("lat mean", writeJob)}
		if err := c.set(dev+"_write_latency_us", us(writeJob.Mean), fr); err != nil {
			return err
		}
	}
	if iopsJob == nil && len(files) > 0 {
		c.rep.Warnings = append(c.rep.Warnings, fmt.Sprintf("fio: no job keeps more than one I/O in flight (iodepth × numjobs), so %s_iops stays the base's: such a job measures a latency, not the device's ceiling (run one at --iodepth=16 or more)", dev))
	}
	if iopsJob != nil {
		fr := FitReport{File: iopsFile, Line: iopsJob.Line, Points: 1, Method: jobMethod("IOPS, the highest of the jobs with more than one I/O in flight", iopsJob)}
		if err := c.set(dev+"_iops", iops, fr); err != nil {
			return err
		}
	}

	return nil
}

// fsync fits the device's WAL flush to pg_test_fsync's one-write figure
// and returns it (0 without the file).
func (c *calibrator) fsync(f Input, dev string) (model.Time, error) {
	if len(f.Data) == 0 {
		return 0, nil
	}
	ms, err := ParsePgTestFsync(f.Name, f.Data)
	if err != nil {
		return 0, err
	}
	m, ok := FlushLatency(ms, DefaultSyncMethod)
	if !ok {
		return 0, parseErr(f.Name, 0, ErrNoData, "no %s line under %q", DefaultSyncMethod, OneWriteSection)
	}
	fr := FitReport{File: f.Name, Line: m.Line, Points: 1,
		Method: fmt.Sprintf("pg_test_fsync %s usecs/op after one 8 kB write (wal_sync_method's Linux default)", DefaultSyncMethod)}
	return m.PerOp, c.set(dev+"_fsync_latency_us", us(m.PerOp), fr)
}

// pgbench fits the workload's CPU per read and per statement by the
// utilisation law on each script's runs at up to cores clients, the node's
// cores, and the USL to the runs of one script; f0 is the WAL flush taken
// out of a TPC-B transaction's demand.
func (c *calibrator) pgbench(files []Input, cores int, f0 model.Time, base string) error {
	type group struct {
		script string
		files  []string
		points []Point
	}
	var groups []*group
	for _, f := range files {
		runs, err := ParsePgbench(f.Name, f.Data)
		if err != nil {
			return err
		}
		for _, r := range runs {
			i := slices.IndexFunc(groups, func(g *group) bool { return g.script == r.Script })
			if i < 0 {
				groups = append(groups, &group{script: r.Script})
				i = len(groups) - 1
			}
			g := groups[i]
			if !slices.Contains(g.files, f.Name) {
				g.files = append(g.files, f.Name)
			}
			g.points = append(g.points, Point{Clients: r.Clients, Throughput: r.Throughput, Latency: r.Latency})
		}
	}
	if cores > 0 && len(groups) > 0 {
		fr := FitReport{File: strings.Join(groups[0].files, ", "), Points: 0,
			Method: "the cores the pgbench runs shared (cores given with the measurements)"}
		if err := c.set("vcpus", float64(cores), fr); err != nil {
			return err
		}
	}
	servers := max(cores, 1)
	var uslGroup *group
	for _, g := range groups {
		label := g.script
		if label == "" {
			label = "pgbench runs"
		}
		d, err := FitDemand(g.points, servers, 0)
		if err != nil {
			c.rep.Warnings = append(c.rep.Warnings, fmt.Sprintf("%s (%s): no demand fit: %v", label, strings.Join(g.files, ", "), err))
		} else {
			r2 := d.R2
			fr := FitReport{File: strings.Join(g.files, ", "), Points: d.N, R2: &r2}
			method := fmt.Sprintf("utilisation law N = X·D through the origin on the %s runs at ≤ %d clients (FitDemand, D = %.4g ms per transaction)", label, servers, ms(d.Demand))
			// D holds every wait a client's connection sees at zero load
			// (round trips, I/O, the flush) as well as CPU, while the
			// cores cannot give a transaction more CPU than servers/X at
			// the highest throughput measured, X_max, at any client count:
			// the utilisation law with U ≤ 1 a core (user review of
			// 2026-11-27: 6.0 ms a transaction fitted on 2 cores that
			// carried 1,261 a second, 1.6 ms at most). Only where the
			// cores are given: the runs' machine may have more.
			bound := model.Time(float64(servers) / float64(maxThroughput(g.points)))
			cpuOf := func(t model.Time) model.Time {
				if cores > 0 && t > bound {
					method += fmt.Sprintf(", at most the cores over the highest throughput, %d/%.4g per s = %.4g ms (the utilisation law)", servers, float64(maxThroughput(g.points)), ms(bound))
					return bound
				}
				return t
			}
			switch r := (PgbenchRun{Script: g.script}); {
			case r.SelectOnly():
				fr.Field, fr.Value, fr.Unit = "cpu_ms_per_read", ms(cpuOf(d.Demand)), "ms"
				fr.Method = method
				c.rep.add(fr)
			case r.TPCB():
				cpu := d.Demand
				if f0 > 0 && cpu > f0 {
					cpu -= f0
					method += fmt.Sprintf(", minus the WAL flush F0 = %.4g ms", ms(f0))
				}
				cpu = cpuOf(cpu)
				fr.Field, fr.Value, fr.Unit, fr.Method = "cpu_ms_per_statement", ms(cpu)/5, "ms", method+", over 5 statements"
				c.rep.add(fr)
				if read, ok := c.rep.Workload["cpu_ms_per_read"]; ok && fr.Value > 3*read {
					c.rep.Warnings = append(c.rep.Warnings, fmt.Sprintf("%s: %.4g ms per statement is over 3× the %.4g ms per select-only read: the write transactions wait for more than CPU and F0 (data-page I/O, larger WAL flushes, row locks); treat it as an upper bound", label, fr.Value, read))
				}
			default:
				c.rep.Warnings = append(c.rep.Warnings, fmt.Sprintf("%s: demand %.4g ms per transaction; not a built-in script, so not mapped to a workload field", label, ms(d.Demand)))
			}
		}
		if uslGroup == nil || (PgbenchRun{Script: g.script}).SelectOnly() ||
			(!(PgbenchRun{Script: uslGroup.script}).SelectOnly() && len(g.points) > len(uslGroup.points)) {
			uslGroup = g
		}
	}
	if uslGroup != nil {
		fit, err := FitUSL(uslGroup.points)
		if err == nil {
			r2 := fit.R2
			fr := FitReport{File: strings.Join(uslGroup.files, ", "), Points: fit.N, R2: &r2,
				Method: fmt.Sprintf("USL nonlinear least squares with σ, κ ≥ 0 on the %s runs at %s clients (FitUSL, λ = %.4g/s)", uslGroup.script, clientList(uslGroup.points), float64(fit.Lambda))}
			if err = c.set("usl_sigma", fit.Sigma, fr); err == nil {
				err = c.set("usl_kappa", fit.Kappa, fr)
			}
		}
		if err != nil {
			c.rep.Warnings = append(c.rep.Warnings, fmt.Sprintf("%s (%s): no USL fit: %v", uslGroup.script, strings.Join(uslGroup.files, ", "), err))
			// A failed Set may have changed usl_sigma alone: restore both.
			b, _ := Lookup(base)
			c.p.Values.Node.USLSigma, c.p.Values.Node.USLKappa = b.Values.Node.USLSigma, b.Values.Node.USLKappa
			c.p.Sources["usl_sigma"], c.p.Sources["usl_kappa"] = b.Sources["usl_sigma"], b.Sources["usl_kappa"]
			c.rep.Fits = slices.DeleteFunc(c.rep.Fits, func(f FitReport) bool { return f.Field == "usl_sigma" || f.Field == "usl_kappa" })
		}
	}
	return nil
}

// wal reads the WAL each transaction logs from pg_stat_wal's figures.
func (c *calibrator) wal(f Input) error {
	if len(f.Data) > 0 {
		w, err := ParsePgStatWAL(f.Name, f.Data)
		if err != nil {
			return err
		}
		c.rep.add(FitReport{Field: "wal_record_bytes_per_txn", Value: math.Round(float64(w.RecordBytesPerTxn())), Unit: "B",
			File: f.Name, Line: w.Line, Points: 1, Method: walFigure(w)})
	}
	return nil
}

// clientList reads "1, 2, 4, 8".
func clientList(ps []Point) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = fmt.Sprint(p.Clients)
	}
	return strings.Join(s, ", ")
}

// add records a workload figure.
func (r *Report) add(fr FitReport) {
	if r.Workload == nil {
		r.Workload = make(map[string]float64)
	}
	r.Workload[fr.Field] = fr.Value
	r.Fits = append(r.Fits, fr)
}

// source is the Sources entry of a fitted field.
func source(fr FitReport) string {
	s := "calibrated: " + fr.File
	if fr.Line > 0 {
		s += fmt.Sprintf(":%d", fr.Line)
	}
	s += ": " + fr.Method
	if fr.R2 != nil {
		s += fmt.Sprintf("; R² = %.4f", *fr.R2)
	}
	if fr.Points > 0 {
		s += fmt.Sprintf(", %d points", fr.Points)
	}
	return s
}

// us returns t in µs rounded to 0.1 µs, ms in ms to 4 significant digits
// (finer than any measurement's repeatability).
func us(t model.Time) float64 { return math.Round(float64(t/model.Microsecond)*10) / 10 }

func ms(t model.Time) float64 {
	v := float64(t / model.Millisecond)
	if v == 0 {
		return 0
	}
	scale := math.Pow(10, 3-math.Floor(math.Log10(math.Abs(v))))
	return math.Round(v*scale) / scale
}
