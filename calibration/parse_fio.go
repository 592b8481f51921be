package calibration

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/pgarch/pgarch/model"
)

// FioJob is one direction (read or write) of one job of a fio run: what
// fio --output-format=json reports as jobs[i].read or jobs[i].write.
type FioJob struct {
	// Name is the job's name (fio --name).
	Name string
	// Write reports whether these are the job's writes (false: its reads).
	Write bool
	// IODepth is the job's iodepth option (1 when not given).
	IODepth int
	// NumJobs is the job's numjobs option (1 when not given): that many
	// copies of the job run at once, each IODepth deep.
	NumJobs int
	// BlockSize is the job's bs option in bytes (4096 when not given).
	BlockSize model.Bytes
	// IOPS is the I/Os completed per second.
	IOPS model.Rate
	// Bandwidth is the bytes transferred per second.
	Bandwidth model.ByteRate
	// Mean, P50 and P99 are the completion latency's mean, median and 99th
	// percentile (clat_ns; lat_ns or fio 2's clat in µs when clat_ns is
	// absent). P50 and P99 are 0 when fio reported no percentiles.
	Mean, P50, P99 model.Time
	// Line is the line of the job's "jobname" in the file.
	Line int
}

// fioOutput is the part of fio's JSON output the parser reads.
type fioOutput struct {
	FioVersion    string            `json:"fio version"`
	GlobalOptions map[string]string `json:"global options"`
	Jobs          []struct {
		Name    string            `json:"jobname"`
		Error   int               `json:"error"`
		Options map[string]string `json:"job options"`
		Read    *fioDirection     `json:"read"`
		Write   *fioDirection     `json:"write"`
	} `json:"jobs"`
}

// fioDirection is jobs[i].read or jobs[i].write. fio 3 reports latencies
// in ns (clat_ns, lat_ns), fio 2 in µs (clat, lat).
type fioDirection struct {
	IOPS     float64     `json:"iops"`
	BWBytes  float64     `json:"bw_bytes"`
	BWKiB    float64     `json:"bw"`
	TotalIOs float64     `json:"total_ios"`
	IOBytes  float64     `json:"io_bytes"`
	ClatNS   *fioLatency `json:"clat_ns"`
	LatNS    *fioLatency `json:"lat_ns"`
	ClatUS   *fioLatency `json:"clat"`
	LatUS    *fioLatency `json:"lat"`
}

type fioLatency struct {
	Mean       float64            `json:"mean"`
	Percentile map[string]float64 `json:"percentile"`
}

// ParseFio reads the output of fio --output-format=json and returns one
// FioJob per job and direction that did I/O, in file order. Text before the
// JSON document (fio's notes on stdout) is skipped. file names the input in
// errors.
//
// Special cases are:
//
//	malformed JSON                        → *ParseError{Err: ErrSyntax}, at the offending line
//	JSON cut short                        → *ParseError{Err: ErrTruncated}, at the last line
//	no jobs, or no job with I/O           → *ParseError{Err: ErrNoData}
//	a job with I/O but no latency figures → *ParseError{Err: ErrNoData}, at the job
//	a job with fio's error ≠ 0, a NaN or negative figure
//	                                      → *ParseError{Err: ErrInvalidValue}, at the job
func ParseFio(file string, data []byte) ([]FioJob, error) {
	start := bytes.IndexByte(data, '{')
	if start < 0 {
		return nil, parseErr(file, 0, ErrNoData, "no JSON document (run fio with --output-format=json)")
	}
	var out fioOutput
	dec := json.NewDecoder(bytes.NewReader(data[start:]))
	if err := dec.Decode(&out); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
			return nil, parseErr(file, len(lines(data)), ErrTruncated, "the JSON document ends early")
		case errors.As(err, &syn):
			return nil, parseErr(file, lineOf(data, int64(start)+syn.Offset), ErrSyntax, "%v", syn)
		case errors.As(err, &typ):
			return nil, parseErr(file, lineOf(data, int64(start)+typ.Offset), ErrSyntax, "%s: want %s, got %s", typ.Field, typ.Type, typ.Value)
		}
		return nil, parseErr(file, 0, ErrSyntax, "%v", err)
	}
	if len(out.Jobs) == 0 {
		return nil, parseErr(file, 0, ErrNoData, "no jobs")
	}
	jobLines := keyLines(data, `"jobname"`)
	var jobs []FioJob
	for i, j := range out.Jobs {
		line := 0
		if i < len(jobLines) {
			line = jobLines[i]
		}
		opt := func(key string) string {
			if v, ok := j.Options[key]; ok {
				return v
			}
			return out.GlobalOptions[key]
		}
		if j.Error != 0 {
			return nil, parseErr(file, line, ErrInvalidValue, "job %q: fio reports error %d", j.Name, j.Error)
		}
		// count reads a count option: 1 when not given, else at least 1.
		count := func(key string) (int, error) {
			s := opt(key)
			if s == "" {
				return 1, nil
			}
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 {
				return 0, parseErr(file, line, ErrInvalidValue, "job %q: %s %q", j.Name, key, s)
			}
			return n, nil
		}
		depth, err := count("iodepth")
		if err != nil {
			return nil, err
		}
		numjobs, err := count("numjobs")
		if err != nil {
			return nil, err
		}
		bs := 4096.0
		if s := opt("bs"); s != "" {
			b, err := parseSize(s)
			if err != nil {
				return nil, parseErr(file, line, ErrInvalidValue, "job %q: bs %q", j.Name, s)
			}
			bs = b
		}
		for _, d := range []struct {
			write bool
			dir   *fioDirection
		}{{false, j.Read}, {true, j.Write}} {
			if d.dir == nil || (d.dir.TotalIOs == 0 && d.dir.IOBytes == 0 && d.dir.IOPS == 0) {
				continue
			}
			job, err := fioJob(j.Name, d.write, depth, bs, d.dir)
			if err != nil {
				return nil, &ParseError{File: file, Line: line, Err: err}
			}
			job.Line, job.NumJobs = line, numjobs
			jobs = append(jobs, job)
		}
	}
	if len(jobs) == 0 {
		return nil, parseErr(file, 0, ErrNoData, "no job did any reads or writes")
	}
	return jobs, nil
}

// Outstanding is how many I/Os the job keeps in flight: IODepth × NumJobs.
// At 1 it measures a latency; above, it can reach the device's ceiling.
func (j FioJob) Outstanding() int { return max(1, j.IODepth) * max(1, j.NumJobs) }

// fioJob converts one direction of a job to SI units.
func fioJob(name string, write bool, depth int, bs float64, d *fioDirection) (FioJob, error) {
	dir := "read"
	if write {
		dir = "write"
	}
	// The latency a synchronous read or write waits is fio's lat, its
	// submission and completion, not clat, the completion alone: a pread
	// pays both (user review of 2026-11-27: clat put a depth-1 read at
	// 55 µs where lat, and 1/IOPS, were 98 µs). fio reports percentiles
	// with clat by default, so they are clat's moved by the submission's
	// mean, lat − clat, unless lat has its own.
	lat, scale := d.LatNS, 1e-9
	if lat == nil {
		lat, scale = d.LatUS, 1e-6
	}
	clat, cscale := d.ClatNS, 1e-9
	if clat == nil {
		clat, cscale = d.ClatUS, 1e-6
	}
	shift := 0.0 // seconds the percentiles are moved by
	switch {
	case lat == nil && clat == nil:
		return FioJob{}, fmt.Errorf("%w: job %q %s: no clat_ns or lat_ns", ErrNoData, name, dir)
	case lat == nil:
		lat, scale = clat, cscale
	case len(lat.Percentile) == 0 && clat != nil:
		shift = max(0, lat.Mean*scale-clat.Mean*cscale)
	}
	pcts, pscale := lat, scale
	if shift > 0 {
		pcts, pscale = clat, cscale
	}
	bw := d.BWBytes
	if bw == 0 {
		bw = d.BWKiB * 1024
	}
	for _, v := range []float64{d.IOPS, bw, lat.Mean} {
		if !(v >= 0) || math.IsInf(v, 0) {
			return FioJob{}, fmt.Errorf("%w: job %q %s: %g", ErrInvalidValue, name, dir, v)
		}
	}
	if d.IOPS == 0 || lat.Mean == 0 {
		return FioJob{}, fmt.Errorf("%w: job %q %s: zero IOPS or latency", ErrInvalidValue, name, dir)
	}
	pct := func(key string) model.Time {
		v, ok := pcts.Percentile[key]
		if !ok || !(v > 0) || math.IsInf(v, 0) {
			return 0
		}
		return model.Time(v*pscale + shift)
	}
	return FioJob{
		Name: name, Write: write, IODepth: depth, BlockSize: model.Bytes(bs),
		IOPS: model.Rate(d.IOPS), Bandwidth: model.ByteRate(bw),
		Mean: model.Time(lat.Mean * scale), P50: pct("50.000000"), P99: pct("99.000000"),
	}, nil
}

// keyLines returns the line of every occurrence of key in data.
func keyLines(data []byte, key string) []int {
	var out []int
	for off := 0; ; {
		i := bytes.Index(data[off:], []byte(key))
		if i < 0 {
			return out
		}
		out = append(out, lineOf(data, int64(off+i)))
		off += i + len(key)
	}
}

// parseSize reads a fio size such as "4k", "4K", "4KiB", "1m" or "8192"
// (fio's k, m, g are powers of 1024).
func parseSize(s string) (float64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.TrimSuffix(strings.TrimSuffix(t, "ib"), "b")
	mult := 1.0
	switch {
	case strings.HasSuffix(t, "k"):
		mult, t = 1<<10, t[:len(t)-1]
	case strings.HasSuffix(t, "m"):
		mult, t = 1<<20, t[:len(t)-1]
	case strings.HasSuffix(t, "g"):
		mult, t = 1<<30, t[:len(t)-1]
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || !(v > 0) {
		return 0, fmt.Errorf("bad size %q", s)
	}
	return v * mult, nil
}
