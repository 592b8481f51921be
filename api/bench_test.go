package api

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// benchRequest is the load benchmark's request (scripts/loadbench.sh).
const benchRequest = `{"workload":{"reads_per_sec":20000,"writes_per_sec":2000,"client_rtt_ms":0.2,"sessions":200},` +
	`"requirements":{"survive":["zone"],"p99_write_ms":20},"profile":{"name":"aws-gp3","network_fsync_latency_us":800}}`

// BenchmarkServer measures the whole HTTP stack per request against
// Evaluate alone, to show what the HTTP layer adds (decode, validate, JSON
// encoding, middleware).
func BenchmarkServer(b *testing.B) {
	s := newTestServer(b)
	b.Run("livez", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			w := httptest.NewRecorder()
			s.ServeHTTP(w, httptest.NewRequest("GET", "/livez", nil))
		}
	})
	b.Run("post_evaluate", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			r := httptest.NewRequest("POST", "/v1/evaluate", strings.NewReader(benchRequest))
			r.Header.Set("Content-Type", "application/json")
			w := httptest.NewRecorder()
			s.ServeHTTP(w, r)
			if w.Code != 200 {
				b.Fatalf("POST /v1/evaluate = %d: %s", w.Code, w.Body)
			}
		}
	})
	b.Run("get_evaluate_txt", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			w := httptest.NewRecorder()
			s.ServeHTTP(w, httptest.NewRequest("GET", "/v1/evaluate?reads_per_sec=20000&writes_per_sec=2000&profile=aws-gp3&format=txt&field=hot-standby.write.p99_ms", nil))
			if w.Code != 200 {
				b.Fatalf("GET /v1/evaluate = %d: %s", w.Code, w.Body)
			}
		}
	})
	b.Run("evaluate_only", func(b *testing.B) {
		req, err := DecodeRequest([]byte(benchRequest))
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Evaluate(req); err != nil {
				b.Fatal(err)
			}
		}
	})
}
