package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pgarch/pgarch/calibration"
)

// measurementArgs are the real sample outputs in calibration/testdata.
func measurementArgs() []string {
	dir := filepath.Join("..", "..", "calibration", "testdata")
	args := []string{"--cores", "2"}
	for _, f := range []string{"fio-randread-qd1.json", "fio-randread-qd16.json", "fio-randwrite-qd1.json", "fio-randwrite-qd16.json"} {
		args = append(args, "--fio", filepath.Join(dir, f))
	}
	args = append(args, "--fsync", filepath.Join(dir, "pg_test_fsync.txt"), "--pg-stat-wal", filepath.Join(dir, "pg_stat_wal.csv"))
	for _, f := range []string{"pgbench-select-only.txt", "pgbench-tpcb-like.txt"} {
		args = append(args, "--pgbench", filepath.Join(dir, f))
	}
	return args
}

// TestCalibrateRoundTrip: pgarch calibrate … > my.json, then pgarch
// evaluate --profile my.json -o json (and the same with -o yaml).
func TestCalibrateRoundTrip(t *testing.T) {
	for _, format := range []string{"json", "yaml"} {
		t.Run(format, func(t *testing.T) {
			out, summary, err := runCLI(t, "", append(append([]string{"calibrate"}, measurementArgs()...), "-o", format)...)
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{"local_read_latency_us", "local_fsync_latency_us", "usl_sigma", "R² ", "cpu_ms_per_read", "wal_record_bytes_per_txn"} {
				if !strings.Contains(summary, want) {
					t.Errorf("calibrate summary lacks %q:\n%s", want, summary)
				}
			}
			file := filepath.Join(t.TempDir(), "my."+format)
			if err := os.WriteFile(file, []byte(out), 0o644); err != nil {
				t.Fatal(err)
			}
			res, _, err := runCLI(t, "", "evaluate", "--profile", file, "-o", "json")
			if err != nil {
				t.Fatalf("evaluate --profile %s: %v", file, err)
			}
			var got struct {
				Profile struct {
					Name string `json:"name"`
				} `json:"profile"`
				Results []json.RawMessage `json:"results"`
			}
			if err := json.Unmarshal([]byte(res), &got); err != nil || got.Profile.Name != "calibrated" || len(got.Results) == 0 {
				t.Errorf("evaluate --profile %s = profile %q, %d results, %v; want the calibrated profile's results", file, got.Profile.Name, len(got.Results), err)
			}
		})
	}
}

// TestCalibrateJSONIsProfile: stdout is exactly what calibration.Profile
// marshals to.
func TestCalibrateJSONIsProfile(t *testing.T) {
	out, _, err := runCLI(t, "", append([]string{"calibrate"}, measurementArgs()...)...)
	if err != nil {
		t.Fatal(err)
	}
	var p calibration.Profile
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatal(err)
	}
	b, _ := json.MarshalIndent(p, "", "  ")
	if strings.TrimSpace(out) != string(b) {
		t.Errorf("calibrate output differs from the profile's own JSON:\n%s\nwant\n%s", out, b)
	}
}

func TestCalibrateErrors(t *testing.T) {
	dir := filepath.Join("..", "..", "calibration", "testdata")
	for _, c := range []struct {
		name  string
		args  []string
		usage bool
		want  string
	}{
		{"no inputs", nil, true, "at least one of"},
		{"bad output", []string{"--fsync", "x", "-o", "xml"}, true, "unknown output"},
		{"argument", []string{"stray"}, true, "unexpected argument"},
		{"missing file", []string{"--fsync", filepath.Join(dir, "nope.txt")}, false, "nope.txt"},
		{"truncated", []string{"--pgbench", filepath.Join(dir, "pgbench-truncated.txt")}, false, "pgbench-truncated.txt:22: truncated input"},
		{"malformed", []string{"--fio", filepath.Join(dir, "fio-malformed.json")}, false, "fio-malformed.json:29: malformed input"},
		{"unknown base", []string{"--base", "nope", "--fsync", filepath.Join(dir, "pg_test_fsync.txt")}, false, "base"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := runCLI(t, "", append([]string{"calibrate"}, c.args...)...)
			var u usageError
			if err == nil || errors.As(err, &u) != c.usage || !strings.Contains(err.Error(), c.want) {
				t.Errorf("calibrate %v = %v, want usage error %v containing %q", c.args, err, c.usage, c.want)
			}
		})
	}
}
