package calibration

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"

	"github.com/pgarch/pgarch/model"
)

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The expected figures below are read off the files in testdata, which
// generate.sh produced on the development machine (testdata/machine.txt).

func TestParseFio(t *testing.T) {
	for _, c := range []struct {
		file            string
		write           bool
		depth           int
		iops, mean, p99 float64 // IOPS; µs; µs
	}{
		// "iops" : 10185.088947, lat_ns "mean" : 97713.464675 (submission
		// and completion), clat_ns "99.000000" : 185344 moved by the
		// submission's mean, lat − clat = 97713.464675 − 55404.693922 ns.
		{"fio-randread-qd1.json", false, 1, 10185.088947, 97.713464675, 185.344 + 97.713464675 - 55.404693922},
		{"fio-randread-qd16.json", false, 16, 51549.545045, 309.593215976, 2023.424 + 309.593215976 - 297.12278439},
		// The write jobs' "write" objects (their "read" objects are all zero).
		{"fio-randwrite-qd1.json", true, 1, 6947.805219, 143.067101964, 602.112 + 143.067101964 - 88.758641505},
	} {
		t.Run(c.file, func(t *testing.T) {
			jobs, err := ParseFio(c.file, readTestdata(t, c.file))
			if err != nil {
				t.Fatal(err)
			}
			if len(jobs) != 1 {
				t.Fatalf("ParseFio(%s) = %d jobs, want 1", c.file, len(jobs))
			}
			j := jobs[0]
			if j.Write != c.write || j.IODepth != c.depth || j.BlockSize != 4096 || j.Line != 8 ||
				!scalar.EqualWithinRel(float64(j.IOPS), c.iops, 1e-12) ||
				!scalar.EqualWithinRel(float64(j.Mean/model.Microsecond), c.mean, 1e-9) ||
				!scalar.EqualWithinRel(float64(j.P99/model.Microsecond), c.p99, 1e-9) {
				t.Errorf("ParseFio(%s) = %+v, want write %v, iodepth %d, bs 4096, line 8, %g IOPS, mean %g µs, p99 %g µs",
					c.file, j, c.write, c.depth, c.iops, c.mean, c.p99)
			}
		})
	}
}

// TestParseFioFieldNames: fio 3's lat_ns when clat_ns is absent, fio 2's
// clat in µs, a preamble before the JSON, and global options.
func TestParseFioFieldNames(t *testing.T) {
	for _, c := range []struct {
		name, doc string
		mean      model.Time
		depth     int
	}{
		{"lat_ns", `{"jobs":[{"jobname":"a","job options":{"iodepth":"4"},"read":{"iops":100,"total_ios":5,"lat_ns":{"mean":2000}}}]}`, 2 * model.Microsecond, 4},
		{"fio 2 clat µs", `{"global options":{"iodepth":"8"},"jobs":[{"jobname":"a","read":{"iops":100,"io_bytes":5,"clat":{"mean":75,"percentile":{"99.000000":300}}}}]}`, 75 * model.Microsecond, 8},
		{"preamble", "note: both iodepth >= 1 and synchronous I/O engine are selected\n" + `{"jobs":[{"jobname":"a","read":{"iops":100,"total_ios":5,"clat_ns":{"mean":5000}}}]}`, 5 * model.Microsecond, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			jobs, err := ParseFio("x.json", []byte(c.doc))
			if err != nil {
				t.Fatal(err)
			}
			if len(jobs) != 1 || !scalar.EqualWithinRel(float64(jobs[0].Mean), float64(c.mean), 1e-12) || jobs[0].IODepth != c.depth {
				t.Errorf("ParseFio(%s) = %+v, want mean %v, iodepth %d", c.name, jobs, c.mean, c.depth)
			}
		})
	}
}

func TestParsePgTestFsync(t *testing.T) {
	ms, err := ParsePgTestFsync("pg_test_fsync.txt", readTestdata(t, "pg_test_fsync.txt"))
	if err != nil {
		t.Fatal(err)
	}
	m, ok := FlushLatency(ms, DefaultSyncMethod)
	// Line 7: "fdatasync  2854.975 ops/sec  350 usecs/op" under the one-8kB-write heading.
	if !ok || m.Line != 7 || m.PerOp != 350*model.Microsecond || m.OpsPerSec != 2854.975 {
		t.Errorf("FlushLatency(pg_test_fsync.txt) = %+v, %v, want line 7, 350 µs, 2854.975/s", m, ok)
	}
	// Line 15: the two-writes comparison's fdatasync is not the one taken.
	if len(ms) < 8 || ms[5].Method != "fdatasync" || ms[5].Line != 15 {
		t.Errorf("ParsePgTestFsync(pg_test_fsync.txt)[5] = %+v, want fdatasync on line 15", ms[5])
	}
}

func TestParsePgbench(t *testing.T) {
	runs, err := ParsePgbench("pgbench-select-only.txt", readTestdata(t, "pgbench-select-only.txt"))
	if err != nil {
		t.Fatal(err)
	}
	// Four concatenated runs at 1, 2, 4, 8 clients; tps and latency
	// average lines of the first and last.
	if len(runs) != 4 {
		t.Fatalf("ParsePgbench = %d runs, want 4", len(runs))
	}
	first, last := runs[0], runs[3]
	if !first.SelectOnly() || first.Clients != 1 || first.Line != 5 || first.Throughput != 10281.001986 || first.Latency != 0.097*model.Millisecond {
		t.Errorf("ParsePgbench[0] = %+v, want select only, 1 client on line 5, 10281.001986 tps, 0.097 ms", first)
	}
	if last.Clients != 8 || last.Threads != 2 || last.Throughput != 8897.406681 || last.Latency != 0.899*model.Millisecond {
		t.Errorf("ParsePgbench[3] = %+v, want 8 clients, 2 threads, 8897.406681 tps, 0.899 ms", last)
	}
	tpcb, err := ParsePgbench("pgbench-tpcb-like.txt", readTestdata(t, "pgbench-tpcb-like.txt"))
	if err != nil || len(tpcb) != 4 || !tpcb[0].TPCB() || tpcb[0].Throughput != 146.969874 {
		t.Errorf("ParsePgbench(tpcb-like) = %+v, %v, want 4 TPC-B runs, the first at 146.969874 tps", tpcb, err)
	}
}

// TestParsePgbenchOld reads pgbench < 14's two tps lines and output
// without "latency average" (Little's law gives it).
func TestParsePgbenchOld(t *testing.T) {
	doc := "transaction type: <builtin: TPC-B (sort of)>\nnumber of clients: 4\n" +
		"tps = 410.2 (including connections establishing)\ntps = 400.0 (excluding connections establishing)\n"
	runs, err := ParsePgbench("old.txt", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	// 4 clients / 400 tps = 10 ms.
	if len(runs) != 1 || runs[0].Throughput != 400 || !scalar.EqualWithinRel(float64(runs[0].Latency), 0.010, 1e-12) {
		t.Errorf("ParsePgbench(old) = %+v, want 400 tps, 10 ms", runs)
	}
}

func TestParseErrors(t *testing.T) {
	parsers := map[string]func(string, []byte) error{
		"fio":           func(f string, b []byte) error { _, err := ParseFio(f, b); return err },
		"pg_test_fsync": func(f string, b []byte) error { _, err := ParsePgTestFsync(f, b); return err },
		"pgbench":       func(f string, b []byte) error { _, err := ParsePgbench(f, b); return err },
	}
	for _, c := range []struct {
		parser, file string
		data         string // used instead of the file when set
		want         error
		line         int
	}{
		// Cut after 60 lines, inside the read object: the document ends early.
		{"fio", "fio-truncated.json", "", ErrTruncated, 60},
		// Line 29: "iops" : 10185.08.8947.
		{"fio", "fio-malformed.json", "", ErrSyntax, 29},
		{"fio", "empty", " ", ErrNoData, 0},
		{"fio", "no jobs", `{"jobs": []}`, ErrNoData, 0},
		{"fio", "no latency", "{\n\"jobs\": [\n{\"jobname\": \"a\", \"read\": {\"iops\": 5, \"total_ios\": 5}}]}", ErrNoData, 3},
		{"fio", "job error", "{\"jobs\": [\n{\"jobname\": \"a\", \"error\": 5}]}", ErrInvalidValue, 2},
		{"fio", "negative latency", `{"jobs": [{"jobname": "a", "read": {"iops": 5, "total_ios": 5, "clat_ns": {"mean": -1}}}]}`, ErrInvalidValue, 1},
		{"fio", "wrong type", "{\"jobs\": [{\"jobname\": \"a\",\n \"read\": {\"iops\": \"fast\"}}]}", ErrSyntax, 2},
		// Cut after open_datasync, before fdatasync (line 6 is the last).
		{"pg_test_fsync", "pg_test_fsync-truncated.txt", "", ErrTruncated, 6},
		// Line 7: 2854.9x5 ops/sec.
		{"pg_test_fsync", "pg_test_fsync-malformed.txt", "", ErrSyntax, 7},
		{"pg_test_fsync", "not fsync output", "hello\nworld\n", ErrNoData, 0},
		{"pg_test_fsync", "NaN", "Compare file sync methods using one 8kB write:\n        fdatasync   NaN ops/sec   350 usecs/op\n", ErrInvalidValue, 2},
		{"pg_test_fsync", "zero", "Compare file sync methods using one 8kB write:\n        fdatasync   100 ops/sec   0 usecs/op\n", ErrInvalidValue, 2},
		// The second run (line 18) has no tps line; its last line is 22.
		{"pgbench", "pgbench-truncated.txt", "", ErrTruncated, 22},
		// Line 18: number of clients: two.
		{"pgbench", "pgbench-malformed.txt", "", ErrSyntax, 18},
		{"pgbench", "not pgbench output", "hello\n", ErrNoData, 0},
		{"pgbench", "negative tps", "number of clients: 2\ntps = -3 (without initial connection time)\n", ErrInvalidValue, 2},
		{"pgbench", "NaN latency", "number of clients: 2\nlatency average = NaN ms\n", ErrInvalidValue, 2},
		{"pgbench", "zero clients", "number of clients: 0\n", ErrInvalidValue, 1},
		{"pgbench", "latency unit", "number of clients: 2\nlatency average = 3 s\n", ErrSyntax, 2},
	} {
		t.Run(c.parser+"/"+c.file, func(t *testing.T) {
			data := []byte(c.data)
			if c.data == "" {
				data = readTestdata(t, c.file)
			}
			err := parsers[c.parser](c.file, data)
			var pe *ParseError
			if !errors.As(err, &pe) || !errors.Is(err, c.want) || pe.Line != c.line || pe.File != c.file {
				t.Errorf("Parse %s(%s) = %v, want *ParseError{File: %q, Line: %d} wrapping %v", c.parser, c.file, err, c.file, c.line, c.want)
			}
		})
	}
}

func TestParsePgStatWAL(t *testing.T) {
	w, err := ParsePgStatWAL("pg_stat_wal.csv", readTestdata(t, "pg_stat_wal.csv"))
	if err != nil {
		t.Fatal(err)
	}
	// Row 2: 103328,0,7675469,15055 → 7675469 / 15055 = 509.83 B per transaction.
	if w.Line != 2 || w.Records != 103328 || w.FPI != 0 || w.Bytes != 7675469 || w.Transactions != 15055 ||
		!scalar.EqualWithinRel(float64(w.RecordBytesPerTxn()), 509.8285, 1e-6) {
		t.Errorf("ParsePgStatWAL(pg_stat_wal.csv) = %+v, %g B/txn, want line 2, 103328, 0, 7675469, 15055, 509.83 B", w, float64(w.RecordBytesPerTxn()))
	}
	// JSON: (2,600,000 − 300 × 8192) / 400 = 142,400 / 400 = 356 B and 0.75 images per transaction.
	w, err = ParsePgStatWAL("x.json", []byte(`{"wal_records": 1200, "wal_fpi": 300, "wal_bytes": 2600000, "transactions": 400}`))
	if err != nil || w.RecordBytesPerTxn() != 356 || w.FPIPerTxn() != 0.75 {
		t.Errorf("ParsePgStatWAL(json) = %+v, %v, want 356 B and 0.75 images per transaction", w, err)
	}
	// More image bytes than WAL (images smaller than a page): 0, not negative.
	w, _ = ParsePgStatWAL("x.json", []byte(`{"wal_fpi": 10, "wal_bytes": 50000, "transactions": 5}`))
	if w.RecordBytesPerTxn() != 0 {
		t.Errorf("RecordBytesPerTxn = %g, want 0", float64(w.RecordBytesPerTxn()))
	}
}

func TestParsePgStatWALErrors(t *testing.T) {
	for _, c := range []struct {
		name, data string
		want       error
		line       int
	}{
		{"truncated JSON", "{\"wal_bytes\": 5,\n", ErrTruncated, 1},
		{"malformed JSON", "{\"wal_bytes\": 5,,}", ErrSyntax, 1},
		{"header only", "wal_bytes,transactions\n", ErrNoData, 1},
		{"missing transactions", "wal_bytes\n5\n", ErrNoData, 0},
		{"not a number", "wal_bytes,transactions\nlots,5\n", ErrSyntax, 2},
		{"short row", "wal_bytes,transactions\n5\n", ErrSyntax, 2},
		{"negative", `{"wal_bytes": -5, "transactions": 5}`, ErrInvalidValue, 1},
		{"NaN", "wal_bytes,transactions\nNaN,5\n", ErrInvalidValue, 2},
		{"zero transactions", "wal_bytes,transactions\n5,0\n", ErrInvalidValue, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParsePgStatWAL(c.name, []byte(c.data))
			var pe *ParseError
			if !errors.As(err, &pe) || !errors.Is(err, c.want) || pe.Line != c.line {
				t.Errorf("ParsePgStatWAL(%q) = %v, want *ParseError at line %d wrapping %v", c.data, err, c.line, c.want)
			}
		})
	}
}
