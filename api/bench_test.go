package api

import (
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// benchRequest is the load benchmark's request (scripts/loadbench.sh).
const benchRequest = `{"workload":{"reads_per_sec":20000,"writes_per_sec":2000,"client_rtt_ms":0.2,"sessions":200},` +
	`"requirements":{"survive":["zone"],"p99_write_ms":20},"profile":{"name":"aws-gp3","network_fsync_latency_us":800}}`

// distinctBenchRequest is benchRequest with reads_per_sec 20000+i, so that
// every request misses the evaluation cache (as scripts/loadbench.sh's
// measured run does).
func distinctBenchRequest(i int) string {
	return strings.Replace(benchRequest, `"reads_per_sec":20000`, `"reads_per_sec":`+strconv.Itoa(20000+i), 1)
}

// BenchmarkServer measures the whole HTTP stack per request against
// Evaluate alone, to show what the HTTP layer adds (decode, validate, JSON
// encoding, middleware). post_evaluate and get_evaluate_txt send distinct
// requests, which miss the evaluation cache; the _cached ones repeat one
// request, which hits it.
func BenchmarkServer(b *testing.B) {
	s := newTestServer(b)
	b.Run("livez", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			w := httptest.NewRecorder()
			s.ServeHTTP(w, httptest.NewRequest("GET", "/livez", nil))
		}
	})
	postEvaluate := func(b *testing.B, body func(i int) string) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			r := httptest.NewRequest("POST", "/v1/evaluate", strings.NewReader(body(i)))
			r.Header.Set("Content-Type", "application/json")
			w := httptest.NewRecorder()
			s.ServeHTTP(w, r)
			if w.Code != 200 {
				b.Fatalf("POST /v1/evaluate = %d: %s", w.Code, w.Body)
			}
			i++
		}
	}
	b.Run("post_evaluate", func(b *testing.B) { postEvaluate(b, distinctBenchRequest) })
	b.Run("post_evaluate_cached", func(b *testing.B) { postEvaluate(b, func(int) string { return benchRequest }) })
	getTxt := func(b *testing.B, reads func(i int) int) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			w := httptest.NewRecorder()
			s.ServeHTTP(w, httptest.NewRequest("GET", "/v1/evaluate?reads_per_sec="+strconv.Itoa(reads(i))+"&writes_per_sec=2000&profile=aws-gp3&format=txt&field=hot-standby.write.p99_ms", nil))
			if w.Code != 200 {
				b.Fatalf("GET /v1/evaluate = %d: %s", w.Code, w.Body)
			}
			i++
		}
	}
	b.Run("get_evaluate_txt", func(b *testing.B) { getTxt(b, func(i int) int { return 20000 + i }) })
	b.Run("get_evaluate_txt_cached", func(b *testing.B) { getTxt(b, func(int) int { return 20000 }) })
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
