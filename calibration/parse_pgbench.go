package calibration

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pgarch/pgarch/model"
)

// PgbenchRun is the summary of one pgbench run: what it prints after the
// run, e.g.
//
//	transaction type: <builtin: select only>
//	number of clients: 4
//	latency average = 0.362 ms
//	tps = 11039.361925 (without initial connection time)
type PgbenchRun struct {
	// Script is the transaction type, e.g. "<builtin: select only>" or
	// "<builtin: TPC-B (sort of)>"; empty when the output does not say.
	Script string
	// Clients is the number of clients (-c), the closed population N.
	Clients int
	// Threads is the number of pgbench threads (-j); 0 when not given.
	Threads int
	// Throughput is the transactions per second without connection time
	// (pgbench ≥ 14 "without initial connection time", older "excluding
	// connections establishing").
	Throughput model.Rate
	// Latency is the "latency average"; when the output lacks it, it is
	// derived by Little's law with no think time: Clients / Throughput.
	Latency model.Time
	// Line is the line of the run's "number of clients".
	Line int
}

// SelectOnly reports whether the run is pgbench's built-in select-only
// script (-S): one point read per transaction.
func (r PgbenchRun) SelectOnly() bool { return strings.Contains(r.Script, "select only") }

// TPCB reports whether the run is pgbench's built-in TPC-B-like script: a
// write transaction of 5 statements (3 UPDATE, 1 SELECT, 1 INSERT).
func (r PgbenchRun) TPCB() bool { return strings.Contains(r.Script, "TPC-B") }

// ParsePgbench reads one or more pgbench outputs (one run, or several runs'
// outputs concatenated) and returns one PgbenchRun per run in file order. A
// run starts at its "transaction type:" line (or at "number of clients:"
// when there is none) and needs a "tps =" line. file names the input in
// errors.
//
// Special cases are:
//
//	a number that does not parse                 → *ParseError{Err: ErrSyntax}, at the line
//	zero, negative or NaN clients, tps, latency  → *ParseError{Err: ErrInvalidValue}, at the line
//	a run without its tps line (cut short)       → *ParseError{Err: ErrTruncated}, at the run's last line
//	no "number of clients" at all                → *ParseError{Err: ErrNoData}
func ParsePgbench(file string, data []byte) ([]PgbenchRun, error) {
	ls := lines(data)
	var runs []PgbenchRun
	var cur *PgbenchRun
	var tpsSeen, wantExcluding bool
	last := 0 // last line of cur
	finish := func() error {
		if cur == nil {
			return nil
		}
		if cur.Clients == 0 {
			cur = nil
			return nil
		}
		if !tpsSeen {
			return parseErr(file, last, ErrTruncated, "the run of %d clients from line %d has no \"tps =\" line", cur.Clients, cur.Line)
		}
		if cur.Latency == 0 {
			cur.Latency = model.Time(float64(cur.Clients) / float64(cur.Throughput))
		}
		runs = append(runs, *cur)
		cur = nil
		return nil
	}
	begin := func() {
		cur = &PgbenchRun{}
		tpsSeen, wantExcluding = false, false
	}
	for i, l := range ls {
		n := i + 1
		t := strings.TrimSpace(l)
		key, val, ok := cutAny(t, ": ", " = ")
		if !ok {
			continue
		}
		switch key {
		case "transaction type":
			if err := finish(); err != nil {
				return nil, err
			}
			begin()
			cur.Script = val
		case "number of clients":
			if cur == nil || cur.Clients != 0 {
				if err := finish(); err != nil {
					return nil, err
				}
				begin()
			}
			c, err := strconv.Atoi(val)
			if err != nil {
				return nil, parseErr(file, n, ErrSyntax, "number of clients: %q is not an integer", val)
			}
			if c < 1 {
				return nil, parseErr(file, n, ErrInvalidValue, "number of clients: %d", c)
			}
			cur.Clients, cur.Line = c, n
		case "number of threads":
			if cur == nil {
				continue
			}
			c, err := strconv.Atoi(val)
			if err != nil || c < 1 {
				return nil, parseErr(file, n, ErrSyntax, "number of threads: %q", val)
			}
			cur.Threads = c
		case "latency average":
			if cur == nil {
				continue
			}
			num, unit, _ := strings.Cut(val, " ")
			v, err := positive(num)
			if err != nil {
				return nil, &ParseError{File: file, Line: n, Err: fmt.Errorf("latency average: %w", err)}
			}
			if unit != "ms" {
				return nil, parseErr(file, n, ErrSyntax, "latency average: unit %q, want ms", unit)
			}
			cur.Latency = model.Time(v) * model.Millisecond
		case "tps":
			if cur == nil {
				continue
			}
			num, note, _ := strings.Cut(val, " ")
			// pgbench < 14 prints two tps lines; take the one excluding
			// connection establishment.
			including := strings.Contains(note, "including")
			if tpsSeen && including {
				continue
			}
			if tpsSeen && !wantExcluding {
				continue
			}
			v, err := positive(num)
			if err != nil {
				return nil, &ParseError{File: file, Line: n, Err: fmt.Errorf("tps: %w", err)}
			}
			cur.Throughput = model.Rate(v)
			tpsSeen, wantExcluding = true, including
		}
		if cur != nil {
			last = n
		}
	}
	if err := finish(); err != nil {
		return nil, err
	}
	if len(runs) == 0 {
		return nil, parseErr(file, 0, ErrNoData, "no \"number of clients:\" line: not pgbench output")
	}
	return runs, nil
}

// cutAny cuts s around the first of the separators it contains.
func cutAny(s string, seps ...string) (before, after string, found bool) {
	best := -1
	sep := ""
	for _, x := range seps {
		if i := strings.Index(s, x); i >= 0 && (best < 0 || i < best) {
			best, sep = i, x
		}
	}
	if best < 0 {
		return s, "", false
	}
	return strings.TrimSpace(s[:best]), strings.TrimSpace(s[best+len(sep):]), true
}
