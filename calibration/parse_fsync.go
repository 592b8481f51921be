package calibration

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/pgarch/pgarch/model"
)

// FsyncMethod is one timing line of pg_test_fsync's output, e.g.
//
//	fdatasync                          1052.342 ops/sec     950 usecs/op
type FsyncMethod struct {
	// Section is the heading the line is under, e.g. "Compare file sync
	// methods using one 8kB write".
	Section string
	// Method is the sync method or test, e.g. "fdatasync" or "open_sync".
	Method string
	// OpsPerSec is the operations per second pg_test_fsync reports.
	OpsPerSec model.Rate
	// PerOp is the time of one operation (its usecs/op).
	PerOp model.Time
	// Line is the line in the file.
	Line int
}

// OneWriteSection is the heading of pg_test_fsync's first comparison: each
// sync method after one 8 kB write, which is what one WAL flush of a
// single commit does.
const OneWriteSection = "Compare file sync methods using one 8kB write"

// DefaultSyncMethod is wal_sync_method's default on Linux, the method whose
// time calibration takes as the WAL flush latency F0 (PostgreSQL docs,
// "wal_sync_method"; pg_test_fsync: "fdatasync is Linux's default").
const DefaultSyncMethod = "fdatasync"

var (
	fsyncTiming = regexp.MustCompile(`^\s+(\S.*?)\s+(\S+) ops/sec\s+(\S+) usecs/op\s*$`)
	fsyncNA     = regexp.MustCompile(`^\s+(\S.*?)\s+n/a\**\s*$`)
)

// ParsePgTestFsync reads pg_test_fsync's text output and returns every
// timing line in file order (methods shown as n/a are skipped). file names
// the input in errors. Use FlushLatency for the WAL flush time.
//
// Special cases are:
//
//	a timing line whose numbers do not parse   → *ParseError{Err: ErrSyntax}, at the line
//	a zero, negative or NaN figure             → *ParseError{Err: ErrInvalidValue}, at the line
//	the output ends inside the first comparison → *ParseError{Err: ErrTruncated}, at the last line
//	no timing lines at all                     → *ParseError{Err: ErrNoData}
func ParsePgTestFsync(file string, data []byte) ([]FsyncMethod, error) {
	ls := lines(data)
	var out []FsyncMethod
	section := ""
	sections := 0
	for i, l := range ls {
		n := i + 1
		t := strings.TrimSpace(l)
		switch {
		case t == "":
			continue
		case !strings.HasPrefix(l, " ") && !strings.HasPrefix(l, "\t") && strings.HasSuffix(t, ":"):
			section = strings.TrimSuffix(t, ":")
			sections++
			continue
		case fsyncNA.MatchString(l):
			continue
		}
		m := fsyncTiming.FindStringSubmatch(l)
		if m == nil {
			if strings.Contains(l, "ops/sec") || strings.Contains(l, "usecs/op") {
				return nil, parseErr(file, n, ErrSyntax, "want \"METHOD  OPS ops/sec  USECS usecs/op\", got %q", t)
			}
			continue
		}
		ops, err := positive(m[2])
		if err != nil {
			return nil, &ParseError{File: file, Line: n, Err: fmt.Errorf("%s ops/sec: %w", m[1], err)}
		}
		us, err := positive(m[3])
		if err != nil {
			return nil, &ParseError{File: file, Line: n, Err: fmt.Errorf("%s usecs/op: %w", m[1], err)}
		}
		out = append(out, FsyncMethod{Section: section, Method: m[1], OpsPerSec: model.Rate(ops),
			PerOp: model.Time(us) * model.Microsecond, Line: n})
	}
	if len(out) == 0 {
		if sections > 0 {
			return nil, parseErr(file, len(ls), ErrTruncated, "no timing line after the heading")
		}
		return nil, parseErr(file, 0, ErrNoData, "no \"ops/sec ... usecs/op\" lines: not pg_test_fsync output")
	}
	if sections <= 1 && out[len(out)-1].Section == OneWriteSection && !hasMethod(out, OneWriteSection, DefaultSyncMethod) {
		return nil, parseErr(file, len(ls), ErrTruncated, "the output ends inside %q before %s", OneWriteSection, DefaultSyncMethod)
	}
	return out, nil
}

func hasMethod(ms []FsyncMethod, section, method string) bool {
	for _, m := range ms {
		if m.Section == section && m.Method == method {
			return true
		}
	}
	return false
}

// FlushLatency returns the time of one WAL flush with the given sync method
// (DefaultSyncMethod on Linux) from pg_test_fsync's one-8kB-write
// comparison, and the line it is on. It reports false when the output has
// no such line.
func FlushLatency(ms []FsyncMethod, method string) (FsyncMethod, bool) {
	for _, m := range ms {
		if m.Section == OneWriteSection && m.Method == method {
			return m, true
		}
	}
	return FsyncMethod{}, false
}
