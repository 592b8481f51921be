package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzHandlers sends random bodies to POST /v1/evaluate and random query
// strings to GET /v1/evaluate: every answer is a 2xx or a 4xx problem,
// never a 5xx or a panic.
func FuzzHandlers(f *testing.F) {
	seeds := []struct{ body, query string }{
		{`{}`, ``},
		{`{"workload":{"reads_per_sec":1e8,"writes_per_sec":1e8,"clients":10000,"sessions":100000}}`, `format=csv`},
		{`{"workload":{"hot_rows":1,"hot_row_write_fraction":1,"writes_per_sec":5000}}`, `hot_rows=1&writes_per_sec=5000`},
		{`{"profile":{"name":"aws-io2","vcpus":1,"memory_gb":0.5}}`, `profile=aws-io2&vcpus=1024&memory_gb=40000`},
		{`{"architectures":[{"id":"hot-standby","standbys":["same-zone","cross-zone","cross-region"],"quorum":"ANY 2","sync_commit":"remote_apply"}]}`, `hot-standby.quorum=FIRST%209`},
		{`{"architectures":[{"id":"read-replicas","replicas":1000}]}`, `read-replicas.replicas=100000000`},
		{`{"requirements":{"survive":["region"],"target_utilization":0.05}}`, `survive=region&target_utilization=0.99`},
		{`{"workload":{"data_size_gb":1e6,"working_set_gb":1e6,"scan_gb_per_query":1e6,"analytical_per_sec":1e8}}`, `format=txt&field=single-node.read.p99_ms`},
		{`[1,2]`, `field=..&format=txt`},
		{`{"workload":null,"profile":null,"architectures":null}`, `architectures=,,&profile=`},
		{`{"profile":"lecture","architectures":["single-node","single-node"]}`, `reads_per_sec=-0&writes_per_sec=1e-300`},
		{`{"vary":{"field":"writes_per_sec","from":1,"to":1e8,"points":7,"scale":"log"},"metrics":["nodes"],"resize":true}`, `vary=load_scale&from=0.001&to=1000&points=5&scale=log&format=svg&chart=crossover`},
		{`{"vary":{"field":"network_fsync_latency_us","from":200,"to":10000,"points":3},"requirements":{"rpo_seconds":0,"survive":["region"],"p99_write_ms":0.001}}`, `vary=sessions&from=1&to=100000&points=4&format=png&metric=write_p99_ms`},
	}
	for _, s := range seeds {
		f.Add(s.body, s.query)
	}
	s := newTestServer(f)
	f.Fuzz(func(t *testing.T, body, query string) {
		check := func(r *http.Request) {
			w := httptest.NewRecorder()
			s.ServeHTTP(w, r)
			if w.Code >= 500 {
				t.Fatalf("%s %s = %d: %s", r.Method, r.URL, w.Code, w.Body)
			}
			if w.Code >= 400 {
				var p Problem
				if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil || p.Status != w.Code || p.Type == "" {
					t.Fatalf("%s %s = %d with a body that is no problem: %s", r.Method, r.URL, w.Code, w.Body)
				}
			}
		}
		// Query strings httptest cannot parse as a URL are escaped whole.
		if _, err := url.ParseRequestURI("/v1/evaluate?" + query); err != nil || strings.ContainsAny(query, " #") {
			query = "q=" + url.QueryEscape(query)
		}
		for _, path := range []string{"/v1/evaluate", "/v1/recommend", "/v1/sweep"} {
			post := httptest.NewRequest("POST", path, strings.NewReader(body))
			post.Header.Set("Content-Type", "application/json")
			check(post)
			check(httptest.NewRequest("GET", path+"?"+query, nil))
		}
		check(httptest.NewRequest("GET", "/v1/report?"+query, nil))
		if q, err := url.ParseQuery(query); err == nil && q.Get("format") != "" {
			check(httptest.NewRequest("POST", "/v1/evaluate?format="+url.QueryEscape(q.Get("format"))+"&field="+url.QueryEscape(q.Get("field")), strings.NewReader(body)))
		}
	})
}
