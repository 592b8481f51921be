package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pgarch/pgarch/calibration"
)

func sample(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "calibration", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// calibrateBody is a request with the real sample outputs of
// calibration/testdata.
func calibrateBody(t testing.TB) string {
	req := CalibrateRequest{
		Cores:       2,
		Fio:         []string{sample(t, "fio-randread-qd1.json"), sample(t, "fio-randread-qd16.json"), sample(t, "fio-randwrite-qd1.json")},
		PgTestFsync: sample(t, "pg_test_fsync.txt"),
		PgStatWAL:   sample(t, "pg_stat_wal.csv"),
		Pgbench:     []string{sample(t, "pgbench-select-only.txt"), sample(t, "pgbench-tpcb-like.txt")},
	}
	b, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func post(t *testing.T, s http.Handler, target, body string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest("POST", target, strings.NewReader(body))
	r.Header.Set("Content-Type", jsonType)
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

// TestCalibrateRoundTrip: the profile POST /v1/calibrate returns, posted as
// the profile of /v1/evaluate, is evaluated.
func TestCalibrateRoundTrip(t *testing.T) {
	s := newTestServer(t)
	w := post(t, s, "/v1/calibrate", calibrateBody(t))
	if w.Code != 200 {
		t.Fatalf("POST /v1/calibrate = %d, want 200: %.500s", w.Code, w.Body)
	}
	var resp struct {
		Profile json.RawMessage    `json:"profile"`
		Report  calibration.Report `json:"report"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil {
		t.Fatal(err)
	}
	fields := map[string]bool{}
	for _, f := range resp.Report.Fits {
		fields[f.Field] = true
	}
	for _, want := range []string{"local_read_latency_us", "local_write_latency_us", "local_iops", "local_fsync_latency_us", "usl_sigma", "usl_kappa", "cpu_ms_per_read", "wal_record_bytes_per_txn"} {
		if !fields[want] {
			t.Errorf("POST /v1/calibrate report lacks %s: %+v", want, resp.Report.Fits)
		}
	}
	w = post(t, s, "/v1/evaluate", `{"profile": `+string(resp.Profile)+`, "architectures": ["single-node"]}`)
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"name": "calibrated"`) {
		t.Errorf("POST /v1/evaluate with the calibrated profile = %d, want 200 on profile calibrated: %.500s", w.Code, w.Body)
	}
}

func TestCalibrateErrors(t *testing.T) {
	s := newTestServer(t)
	body := func(f func(*CalibrateRequest)) string {
		req := CalibrateRequest{Pgbench: []string{sample(t, "pgbench-select-only.txt")}}
		f(&req)
		b, _ := json.Marshal(req)
		return string(b)
	}
	for _, c := range []struct {
		name, body string
		status     int
		pointer    string
		detail     string
	}{
		{"malformed JSON", `{"fio": [`, 400, "", ""},
		{"no measurements", `{}`, 422, "", "at least one"},
		{"unknown field", `{"pgbench": ["x"], "fsync": "y"}`, 422, "/fsync", "unknown field"},
		{"bad device", body(func(r *CalibrateRequest) { r.Device = "tape" }), 422, "/device", "one of"},
		{"unknown base", body(func(r *CalibrateRequest) { r.Base = "nope" }), 422, "/base", "unknown"},
		{"built-in name", body(func(r *CalibrateRequest) { r.Name = "aws-gp3" }), 422, "/name", "built-in"},
		// The second file's run of 2 clients (line 18) has no tps line; line 22 is its last.
		{"truncated pgbench", body(func(r *CalibrateRequest) { r.Pgbench = append(r.Pgbench, sample(t, "pgbench-truncated.txt")) }), 422, "/pgbench/1", "line 22: truncated input"},
		// Line 29 of the file: "iops" : 10185.08.8947.
		{"malformed fio", body(func(r *CalibrateRequest) { r.Fio = []string{sample(t, "fio-malformed.json")} }), 422, "/fio/0", "line 29: malformed input"},
		{"malformed fsync", body(func(r *CalibrateRequest) { r.PgTestFsync = sample(t, "pg_test_fsync-malformed.txt") }), 422, "/pg_test_fsync", "line 7: fdatasync ops/sec: malformed input"},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := post(t, s, "/v1/calibrate", c.body)
			if w.Code != c.status || w.Header().Get("Content-Type") != problemMIME {
				t.Fatalf("POST /v1/calibrate = %d %s, want %d problem+json: %.300s", w.Code, w.Header().Get("Content-Type"), c.status, w.Body)
			}
			if c.status != 422 {
				return
			}
			var p Problem
			if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil || len(p.Errors) != 1 {
				t.Fatalf("problem = %s, %v, want one field error", w.Body, err)
			}
			if e := p.Errors[0]; e.Pointer != c.pointer || !strings.Contains(e.Detail, c.detail) {
				t.Errorf("POST /v1/calibrate error = %+v, want pointer %q, detail containing %q", e, c.pointer, c.detail)
			}
		})
	}
}
