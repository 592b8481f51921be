package api

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pgarch/pgarch/model"
)

// newTestServer returns the real server with the committed API description.
func newTestServer(t testing.TB) *Server {
	t.Helper()
	spec, err := os.ReadFile("../openapi/swagger.json")
	if err != nil {
		t.Fatal(err)
	}
	spec3, err := os.ReadFile("../openapi/openapi3.json")
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewServer(Config{SwaggerJSON: spec, OpenAPI3JSON: spec3})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// do sends one request through the server's full stack.
func do(s *Server, method, target, contentType, body string, header ...string) *httptest.ResponseRecorder {
	var r *http.Request
	if body == "" {
		r = httptest.NewRequest(method, target, nil)
	} else {
		r = httptest.NewRequest(method, target, strings.NewReader(body))
	}
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

const jsonType = "application/json"

func TestHandlersOK(t *testing.T) {
	s := newTestServer(t)
	tests := []struct {
		name        string
		method      string
		target      string
		body        string
		accept      string
		contentType string // prefix of the response's Content-Type
		check       func(t *testing.T, body []byte)
	}{
		{"post empty object", "POST", "/v1/evaluate", "{}", "", jsonType, wantResults(len(model.IDs()))},
		{"post empty body", "POST", "/v1/evaluate", "", "", jsonType, wantResults(len(model.IDs()))},
		{"post two architectures with overrides", "POST", "/v1/evaluate",
			`{"workload":{"reads_per_sec":20000,"writes_per_sec":2000},"profile":{"name":"aws-gp3","network_fsync_latency_us":800},"architectures":["single-node",{"id":"hot-standby","sync_commit":"remote_apply"}]}`,
			"", jsonType, wantResults(2)},
		{"post csv by query", "POST", "/v1/evaluate?format=csv", "{}", "", "text/csv; charset=utf-8", wantLines(5, "architecture,read_p50_ms,")},
		{"post tsv by Accept", "POST", "/v1/evaluate", "{}", "text/tab-separated-values", "text/tab-separated-values", wantLines(5, "architecture\tread_p50_ms\t")},
		{"query wins over Accept", "POST", "/v1/evaluate?format=json", "{}", "text/csv", jsonType, wantResults(len(model.IDs()))},
		{"get defaults", "GET", "/v1/evaluate", "", "", jsonType, wantResults(len(model.IDs()))},
		{"get flat parameters", "GET", "/v1/evaluate?reads_per_sec=20000&writes_per_sec=2000&profile=aws-gp3&architectures=single-node,hot-standby&survive=node,zone&read_your_writes=true", "", "", jsonType, wantResults(2)},
		{"get profile and architecture overrides", "GET", "/v1/evaluate?network_fsync_latency_us=800&hot-standby.sync_commit=remote_apply&hot-standby.standbys=cross-zone,cross-region&hot-standby.quorum=ANY%201", "", "", jsonType, wantResults(len(model.IDs()))},
		{"get markdown", "GET", "/v1/evaluate?format=md", "", "", "text/markdown; charset=utf-8", wantLines(8, "Workload evaluated")},
		{"get active-active without conflict resolution", "GET", "/v1/evaluate?architectures=active-active&active-active.conflict_resolution=none", "", "", jsonType, wantResults(1)},
		{"get active-active with parallel apply", "GET", "/v1/evaluate?architectures=active-active&active-active.apply_workers=2", "", "", jsonType, wantResults(1)},
		{"get a single node of its own size", "GET", "/v1/evaluate?architectures=single-node&single-node.vcpus=32", "", "", jsonType, wantResults(1)},
		{"get client region weights", "GET", "/v1/evaluate?client_region_weights=us-east-1:0.7,eu-central-1:0.3&architectures=active-active&active-active.node_placement=cross-region&active-active.regions=us-east-1,eu-central-1", "", "", jsonType, wantResults(1)},
		{"profile in csv", "GET", "/v1/profiles/aws-gp3?format=csv", "", "", "text/csv; charset=utf-8", wantLines(10, "name,unit,value,min,max,description,source")},
		{"get markdown by Accept", "GET", "/v1/evaluate", "", "text/markdown", "text/markdown", wantLines(8, "Workload evaluated")},
		{"Accept by quality", "GET", "/v1/evaluate", "", "text/csv;q=0.1, application/json", jsonType, wantResults(len(model.IDs()))},
		{"get txt write p99", "GET", "/v1/evaluate?format=txt&field=hot-standby.write.p99_ms", "", "", "text/plain; charset=utf-8", wantNumber},
		{"get txt cost", "GET", "/v1/evaluate?format=txt&field=single-node.cost_usd_per_month.total", "", "", "text/plain", wantNumber},
		{"get txt array index", "GET", "/v1/evaluate?format=txt&field=hot-standby.commit_path.0.ms", "", "", "text/plain", wantNumber},
		{"get txt step by name", "GET", "/v1/evaluate?format=txt&field=hot-standby.commit_path.wal_flush.ms&hot_rows=100", "", "", "text/plain", wantNumber},
		{"get txt failure by kind", "GET", "/v1/evaluate?field=hot-standby.availability.failures.zone.rto_seconds", "", "", "text/plain", wantNumber},
		{"recommend by Accept text/plain", "GET", "/v1/recommend?architectures=single-node", "", "text/plain", "text/plain", wantLines(1, "single-node")},
		{"field by Accept text/plain", "GET", "/v1/evaluate?field=single-node.read.p99_ms", "", "text/plain", "text/plain", wantNumber},
		{"evaluate's text/plain needs a field", "GET", "/v1/evaluate", "", "text/plain, application/json;q=0.5", jsonType, wantResults(len(model.IDs()))},
		{"post txt", "POST", "/v1/evaluate?format=txt&field=single-node.read.p99_ms", "{}", "", "text/plain", wantNumber},
		{"architectures", "GET", "/v1/architectures", "", "", jsonType, wantKey("architectures")},
		{"profiles", "GET", "/v1/profiles", "", "", jsonType, wantKey("profiles")},
		{"profile", "GET", "/v1/profiles/aws-gp3", "", "", jsonType, wantKey("fields")},
		{"livez", "GET", "/livez", "", "", jsonType, wantKey("status")},
		{"readyz", "GET", "/readyz", "", "", jsonType, wantKey("status")},
		{"metrics", "GET", "/metrics", "", "", "text/plain", wantLines(1, "")},
		{"openapi json", "GET", "/openapi.json", "", "", jsonType, wantKey("paths")},
		{"openapi yaml", "GET", "/openapi.yaml", "", "", "application/yaml", wantLines(10, "")},
		{"openapi 3", "GET", "/openapi3.json", "", "", jsonType, wantKey("openapi")},
		{"swagger ui", "GET", "/docs/index.html", "", "", "text/html", wantLines(10, "")},
		// The UI handler's own spec URLs (docs review: 500).
		{"swagger ui's doc.json", "GET", "/docs/doc.json", "", "", jsonType, wantKey("paths")},
		{"swagger ui's doc.yaml", "GET", "/docs/doc.yaml", "", "", "application/yaml", wantLines(10, "")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ct := ""
			if tt.method == "POST" {
				ct = jsonType
			}
			w := do(s, tt.method, tt.target, ct, tt.body, "Accept", tt.accept)
			if w.Code != http.StatusOK {
				t.Fatalf("%s %s = %d, want 200; body %s", tt.method, tt.target, w.Code, w.Body)
			}
			if got := w.Header().Get("Content-Type"); !strings.HasPrefix(got, tt.contentType) {
				t.Errorf("%s %s: Content-Type = %q, want prefix %q", tt.method, tt.target, got, tt.contentType)
			}
			if w.Header().Get("X-Request-Id") == "" {
				t.Errorf("%s %s: no X-Request-Id", tt.method, tt.target)
			}
			tt.check(t, w.Body.Bytes())
		})
	}
}

func wantResults(n int) func(*testing.T, []byte) {
	return func(t *testing.T, body []byte) {
		t.Helper()
		var resp EvaluateResponse
		if err := json.Unmarshal(body, &resp); err != nil {
			t.Fatalf("decode: %v", err)
		}
		if len(resp.Results) != n {
			t.Errorf("results = %d, want %d", len(resp.Results), n)
		}
	}
}

func wantLines(n int, prefix string) func(*testing.T, []byte) {
	return func(t *testing.T, body []byte) {
		t.Helper()
		lines := strings.Split(strings.TrimSpace(string(body)), "\n")
		if len(lines) < n {
			t.Errorf("lines = %d, want at least %d:\n%s", len(lines), n, body)
		}
		if !strings.HasPrefix(string(body), prefix) {
			t.Errorf("body starts %.60q, want %q", body, prefix)
		}
	}
}

func wantKey(key string) func(*testing.T, []byte) {
	return func(t *testing.T, body []byte) {
		t.Helper()
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			t.Fatalf("decode: %v", err)
		}
		if _, ok := m[key]; !ok {
			t.Errorf("no key %q in %.200s", key, body)
		}
	}
}

func wantNumber(t *testing.T, body []byte) {
	t.Helper()
	var v float64
	if err := json.Unmarshal(body, &v); err != nil || math.IsNaN(v) || bytes.ContainsAny(body, "\n ,") {
		t.Errorf("body = %q, want one plain number", body)
	}
}

func TestHandlersErrors(t *testing.T) {
	s := newTestServer(t)
	tests := []struct {
		name        string
		method      string
		target      string
		contentType string
		body        string
		status      int
		typ         string
		pointer     string // the first error's pointer, or
		parameter   string // the first error's parameter
	}{
		{"malformed JSON", "POST", "/v1/evaluate", jsonType, `{"workload":`, 400, ProblemMalformed, "", ""},
		{"syntax error", "POST", "/v1/evaluate", jsonType, `{"workload":{]}`, 400, ProblemMalformed, "", ""},
		{"trailing garbage", "POST", "/v1/evaluate", jsonType, `{"workload":{"reads_per_sec":5}}xyz`, 400, ProblemMalformed, "", ""},
		{"a second value", "POST", "/v1/recommend", jsonType, `{} {}`, 400, ProblemMalformed, "", ""},
		{"a second sweep", "POST", "/v1/sweep", jsonType, `{"vary":{"field":"writes_per_sec","from":1,"to":2}}{}`, 400, ProblemMalformed, "", ""},
		{"Go number syntax", "GET", "/v1/evaluate?reads_per_sec=1_000", "", "", 422, ProblemInvalid, "", "reads_per_sec"},
		{"hexadecimal number", "GET", "/v1/evaluate?writes_per_sec=0x1p10", "", "", 422, ProblemInvalid, "", "writes_per_sec"},
		{"quorum of zero", "GET", "/v1/evaluate?architectures=hot-standby&hot-standby.quorum=ANY%200", "", "", 422, ProblemInvalid, "", "hot-standby.quorum"},
		// The parameter given, not the first of its group or another form
		// of it (review of 2026-11-26).
		{"consensus off distributed SQL", "GET", "/v1/evaluate?architectures=single-node&single-node.consensus=at_commit", "", "", 422, ProblemInvalid, "", "single-node.consensus"},
		{"conflict resolution off active-active", "GET", "/v1/evaluate?architectures=hot-standby&hot-standby.conflict_resolution=none", "", "", 422, ProblemInvalid, "", "hot-standby.conflict_resolution"},
		{"unknown conflict resolution", "GET", "/v1/evaluate?architectures=active-active&active-active.conflict_resolution=crdt", "", "", 422, ProblemInvalid, "", "active-active.conflict_resolution"},
		{"apply workers beyond PGD's", "GET", "/v1/evaluate?architectures=active-active&active-active.apply_workers=9", "", "", 422, ProblemInvalid, "", "active-active.apply_workers"},
		{"a node beyond the vCPUs a profile takes", "GET", "/v1/evaluate?architectures=single-node&single-node.vcpus=2000", "", "", 422, ProblemInvalid, "", "single-node.vcpus"},
		{"a node beyond its family's largest", "POST", "/v1/evaluate", jsonType, `{"architectures": [{"id": "single-node", "vcpus": 256}]}`, 422, ProblemInvalid, "/architectures/0/vcpus", ""},
		{"apply workers off active-active", "GET", "/v1/evaluate?architectures=hot-standby&hot-standby.apply_workers=2", "", "", 422, ProblemInvalid, "", "hot-standby.apply_workers"},
		{"unknown client region", "GET", "/v1/recommend?client_regions=us-east-1,mars", "", "", 422, ProblemInvalid, "", "client_regions"},
		{"sweep too large", "POST", "/v1/sweep", jsonType, `{"architectures":["single-node","single-node","single-node","single-node","single-node","single-node","single-node","single-node","single-node"],"vary":{"field":"writes_per_sec","from":1,"to":2,"points":1000}}`, 422, ProblemInvalid, "/vary/points", ""},
		{"out of range", "POST", "/v1/evaluate", jsonType, `{"workload":{"hot_access_fraction":2}}`, 422, ProblemInvalid, "/workload/hot_access_fraction", ""},
		{"negative rate", "POST", "/v1/evaluate", jsonType, `{"workload":{"reads_per_sec":-1}}`, 422, ProblemInvalid, "/workload/reads_per_sec", ""},
		{"wrong type", "POST", "/v1/evaluate", jsonType, `{"workload":{"sessions":"many"}}`, 422, ProblemInvalid, "/workload/sessions", ""},
		{"unknown field", "POST", "/v1/evaluate", jsonType, `{"workload":{"reads_per_second":1}}`, 422, ProblemInvalid, "/workload/reads_per_second", ""},
		{"unknown top-level field", "POST", "/v1/evaluate", jsonType, `{"foo":1}`, 422, ProblemInvalid, "/foo", ""},
		{"unknown survive", "POST", "/v1/evaluate", jsonType, `{"requirements":{"survive":["node","planet"]}}`, 422, ProblemInvalid, "/requirements/survive/1", ""},
		{"unknown architecture", "POST", "/v1/evaluate", jsonType, `{"architectures":["mainframe"]}`, 422, ProblemInvalid, "/architectures/0", ""},
		{"bad architecture override", "POST", "/v1/evaluate", jsonType, `{"architectures":["single-node",{"id":"hot-standby","sync_commit":"sometimes"}]}`, 422, ProblemInvalid, "/architectures/1/sync_commit", ""},
		{"unknown profile", "POST", "/v1/evaluate", jsonType, `{"profile":"mainframe"}`, 422, ProblemInvalid, "/profile", ""},
		{"profile override out of range", "POST", "/v1/evaluate", jsonType, `{"profile":{"name":"aws-gp3","network_fsync_latency_us":5}}`, 422, ProblemInvalid, "/profile/network_fsync_latency_us", ""},
		{"unknown profile field", "POST", "/v1/evaluate", jsonType, `{"profile":{"fsync_us":5}}`, 422, ProblemInvalid, "/profile/fsync_us", ""},
		{"engine range check", "POST", "/v1/evaluate", jsonType, `{"workload":{"data_size_gb":1,"working_set_gb":2}}`, 422, ProblemInvalid, "/workload/working_set_gb", ""},
		{"unsupported content type", "POST", "/v1/evaluate", "text/plain", `{}`, 415, ProblemUnsupportedMedia, "", ""},
		{"form content type", "POST", "/v1/evaluate", "application/x-www-form-urlencoded", `a=b`, 415, ProblemUnsupportedMedia, "", ""},
		{"body over the limit", "POST", "/v1/evaluate", jsonType, `{"x":"` + strings.Repeat("a", BodyLimit) + `"}`, 413, ProblemTooLarge, "", ""},
		{"unknown format", "POST", "/v1/evaluate?format=xml", jsonType, `{}`, 422, ProblemInvalid, "", "format"},
		{"unknown query on post", "POST", "/v1/evaluate?reads_per_sec=1", jsonType, `{}`, 422, ProblemInvalid, "", "reads_per_sec"},
		{"get out of range", "GET", "/v1/evaluate?hot_access_fraction=1.5", "", "", 422, ProblemInvalid, "", "hot_access_fraction"},
		{"get not a number", "GET", "/v1/evaluate?reads_per_sec=lots", "", "", 422, ProblemInvalid, "", "reads_per_sec"},
		{"get NaN", "GET", "/v1/evaluate?reads_per_sec=NaN", "", "", 422, ProblemInvalid, "", "reads_per_sec"},
		{"report format", "GET", "/v1/report?format=xml", "", "", 422, ProblemInvalid, "", "format"},
		// A ";" that Go's parser would drop the parameter for (UX review of
		// 2026-11-27: taken at its default, survive ignored).
		{"semicolon in a list", "GET", "/v1/recommend?format=txt&survive=zone;region&rpo_seconds=0", "", "", 422, ProblemInvalid, "", "survive"},
		{"semicolon after a number", "GET", "/v1/evaluate?writes_per_sec=100000;", "", "", 422, ProblemInvalid, "", "writes_per_sec"},
		{"get not an integer", "GET", "/v1/evaluate?sessions=2.5", "", "", 422, ProblemInvalid, "", "sessions"},
		{"get unknown parameter", "GET", "/v1/evaluate?reads=1", "", "", 422, ProblemInvalid, "", "reads"},
		{"get repeated parameter", "GET", "/v1/evaluate?reads_per_sec=1&reads_per_sec=2", "", "", 422, ProblemInvalid, "", "reads_per_sec"},
		{"get unknown profile", "GET", "/v1/evaluate?profile=mainframe", "", "", 422, ProblemInvalid, "", "profile"},
		{"get profile override", "GET", "/v1/evaluate?network_fsync_latency_us=5", "", "", 422, ProblemInvalid, "", "network_fsync_latency_us"},
		{"get unknown architecture", "GET", "/v1/evaluate?architectures=single-node,mainframe", "", "", 422, ProblemInvalid, "", "architectures"},
		{"get bad architecture override", "GET", "/v1/evaluate?hot-standby.sync_commit=sometimes", "", "", 422, ProblemInvalid, "", "hot-standby.sync_commit"},
		{"get override of an absent architecture", "GET", "/v1/evaluate?architectures=single-node&hot-standby.sync_commit=on", "", "", 422, ProblemInvalid, "", "hot-standby.sync_commit"},
		{"get survive", "GET", "/v1/evaluate?survive=planet", "", "", 422, ProblemInvalid, "", "survive"},
		{"txt without field", "GET", "/v1/evaluate?format=txt", "", "", 422, ProblemInvalid, "", "field"},
		{"txt unknown metric", "GET", "/v1/evaluate?format=txt&field=hot-standby.write.p42_ms", "", "", 422, ProblemInvalid, "", "field"},
		{"field with another format", "GET", "/v1/evaluate?format=json&field=hot-standby.rpo_seconds", "", "", 422, ProblemInvalid, "", "field"},
		// The catalogue answers JSON (a profile CSV too) and takes no
		// other parameter (review: format=csv was ignored).
		{"weights without a weight", "GET", "/v1/evaluate?client_region_weights=us-east-1", "", "", 422, ProblemInvalid, "", "client_region_weights"},
		{"catalogue in csv", "GET", "/v1/architectures?format=csv", "", "", 422, ProblemInvalid, "", "format"},
		{"catalogue parameter", "GET", "/v1/profiles?x=1", "", "", 422, ProblemInvalid, "", "x"},
		{"txt absent architecture", "GET", "/v1/evaluate?architectures=single-node&format=txt&field=hot-standby.write.p99_ms", "", "", 422, ProblemInvalid, "", "field"},
		{"txt not a number", "GET", "/v1/evaluate?format=txt&field=hot-standby.bottleneck", "", "", 422, ProblemInvalid, "", "field"},
		{"txt null", "GET", "/v1/evaluate?format=txt&field=single-node.write.p99_ms&writes_per_sec=100000000", "", "", 422, ProblemNoValue, "", "field"},
		// A parameter present but empty is refused, not taken for its
		// default (review of 2026-11-27: a cell left empty).
		{"empty profile", "GET", "/v1/evaluate?profile=&format=csv", "", "", 422, ProblemInvalid, "", "profile"},
		{"empty survive", "GET", "/v1/recommend?survive=", "", "", 422, ProblemInvalid, "", "survive"},
		{"empty field", "GET", "/v1/evaluate?field=&writes_per_sec=3000", "", "", 422, ProblemInvalid, "", "field"},
		{"empty format on post", "POST", "/v1/evaluate?format=", jsonType, `{}`, 422, ProblemInvalid, "", "format"},
		{"empty sweep bound", "GET", "/v1/sweep?vary=writes_per_sec&from=&to=10", "", "", 422, ProblemInvalid, "", "from"},
		{"comma decimal", "GET", "/v1/evaluate?hot_access_fraction=0,5", "", "", 422, ProblemInvalid, "", "hot_access_fraction"},
		{"step that is not there", "GET", "/v1/evaluate?field=single-node.commit_path.standby_flush.ms", "", "", 422, ProblemInvalid, "", "field"},
		{"metric twice", "GET", "/v1/sweep?vary=writes_per_sec&from=100&to=1000&points=2&architectures=single-node&metrics=write_p99_ms,write_p99_ms", "", "", 422, ProblemInvalid, "", "metrics"},
		{"unknown profile path", "GET", "/v1/profiles/mainframe", "", "", 404, ProblemNotFound, "", "name"},
		{"unknown route", "GET", "/v2/evaluate", "", "", 404, ProblemNotFound, "", ""},
		{"wrong method", "DELETE", "/v1/evaluate", "", "", 405, ProblemMethod, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := do(s, tt.method, tt.target, tt.contentType, tt.body)
			if w.Code != tt.status {
				t.Fatalf("%s %s = %d, want %d; body %s", tt.method, tt.target, w.Code, tt.status, w.Body)
			}
			if got := w.Header().Get("Content-Type"); got != problemMIME {
				t.Errorf("Content-Type = %q, want %q", got, problemMIME)
			}
			var p Problem
			if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
				t.Fatalf("decode problem: %v", err)
			}
			if p.Type != tt.typ || p.Status != tt.status || p.Title == "" || p.Instance == "" {
				t.Errorf("problem = %+v, want type %s, status %d, a title and an instance", p, tt.typ, tt.status)
			}
			if tt.pointer == "" && tt.parameter == "" {
				return
			}
			if len(p.Errors) == 0 {
				t.Fatalf("problem names no field, want %q%q: %s", tt.pointer, tt.parameter, w.Body)
			}
			if got := p.Errors[0]; got.Pointer != tt.pointer || got.Parameter != tt.parameter || got.Detail == "" {
				t.Errorf("errors[0] = %+v, want pointer %q, parameter %q and a detail", got, tt.pointer, tt.parameter)
			}
		})
	}
}

// TestProblemNamesEveryField checks that one answer names every offending
// field: a profile override out of range used to stop decoding, hiding
// the workload's and requirements' errors until it was fixed.
func TestProblemNamesEveryField(t *testing.T) {
	s := newTestServer(t)
	body := `{"workload":{"reads_per_sec":-1},"requirements":{"rpo_seconds":-1},"profile":{"name":"aws-gp3","vcpus":0}}`
	query := "reads_per_sec=-1&rpo_seconds=-1&profile=aws-gp3&vcpus=0"
	sweep := "&vary=writes_per_sec&from=1&to=2"
	for _, tt := range []struct {
		method, target, body string
		want                 []string // pointers or parameters, in any order
	}{
		{"POST", "/v1/evaluate", body, []string{"/workload/reads_per_sec", "/requirements/rpo_seconds", "/profile/vcpus"}},
		{"POST", "/v1/recommend", body, []string{"/workload/reads_per_sec", "/requirements/rpo_seconds", "/profile/vcpus"}},
		{"POST", "/v1/sweep", strings.TrimSuffix(body, "}") + `,"vary":{"field":"writes_per_sec","from":1,"to":2}}`, []string{"/workload/reads_per_sec", "/requirements/rpo_seconds", "/profile/vcpus"}},
		{"POST", "/v1/evaluate", `{"profile":"mainframe","workload":{"clients":-1}}`, []string{"/profile", "/workload/clients"}},
		// A check only the engine makes (the working set within the data)
		// beside the validator's and the profile's (review, 2026-11-26).
		{"POST", "/v1/evaluate", `{"workload":{"working_set_gb":500,"data_size_gb":100},"requirements":{"rpo_seconds":-1},"profile":{"name":"lecture","vcpus":0}}`,
			[]string{"/workload/working_set_gb", "/requirements/rpo_seconds", "/profile/vcpus"}},
		{"GET", "/v1/evaluate?reads_per_sec=-1&profile=nosuch", "", []string{"reads_per_sec", "profile"}},
		// A parameter that does not parse beside ones out of range (QA).
		{"GET", "/v1/evaluate?reads_per_sec=-1&writes_per_sec=x&vcpus=0", "", []string{"reads_per_sec", "writes_per_sec", "vcpus"}},
		{"GET", "/v1/recommend?reads_per_sec=-1&bogus=1", "", []string{"reads_per_sec", "bogus"}},
		{"GET", "/v1/recommend?lost_updates_per_sec=-0.5&p99_write_ms=-1", "", []string{"lost_updates_per_sec", "p99_write_ms"}},
		{"POST", "/v1/recommend", `{"requirements":{"lost_updates_per_sec":-1}}`, []string{"/requirements/lost_updates_per_sec"}},
		{"GET", "/v1/evaluate?" + query, "", []string{"reads_per_sec", "rpo_seconds", "vcpus"}},
		{"GET", "/v1/sweep?" + query + sweep, "", []string{"reads_per_sec", "rpo_seconds", "vcpus"}},
		// A parameter that does not parse beside one only validation
		// rejects, on the sweep and the report too (review of 2026-11-27:
		// they named only the first).
		{"GET", "/v1/sweep?survive=Zone&writes_per_sec=x" + sweep, "", []string{"survive", "writes_per_sec"}},
		{"GET", "/v1/report?survive=Zone&writes_per_sec=x", "", []string{"survive", "writes_per_sec"}},
		// One list's error once: its element's, not the list's as well.
		{"POST", "/v1/recommend", `{"requirements":{"survive":["Zone","az"]}}`, []string{"/requirements/survive/0", "/requirements/survive/1"}},
	} {
		w := do(s, tt.method, tt.target, jsonType, tt.body)
		var p Problem
		if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil || w.Code != 422 {
			t.Fatalf("%s %s = %d %s, want 422", tt.method, tt.target, w.Code, w.Body)
		}
		var got []string
		for _, e := range p.Errors {
			got = append(got, e.Pointer+e.Parameter)
		}
		if want := invalidCount(len(p.Errors)); p.Detail != want {
			t.Errorf("%s %s: detail %q, want %q: the count of the errors listed", tt.method, tt.target, p.Detail, want)
		}
		slices.Sort(got)
		slices.Sort(tt.want)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s %s names %q, want %q", tt.method, tt.target, got, tt.want)
		}
	}
	// A caller that decodes alone (DecodeRequest, then Evaluate) gets them from Evaluate.
	req, err := DecodeRequest([]byte(body))
	if err != nil {
		t.Fatalf("DecodeRequest: %v, want the profile's error kept for Evaluate", err)
	}
	_, err = Evaluate(req)
	for _, field := range []string{"reads_per_sec", "vcpus"} {
		if err == nil || !strings.Contains(err.Error(), field) {
			t.Errorf("Evaluate: %v, want %s named", err, field)
		}
	}
}

// TestGetPostSame checks that the GET form, the POST form and Evaluate
// (what `pgarch evaluate -o json` prints) agree for the same input.
func TestGetPostSame(t *testing.T) {
	s := newTestServer(t)
	body := `{"workload":{"reads_per_sec":30000,"writes_per_sec":2500,"sessions":300,"hot_access_fraction":0.95,"client_region_weights":{"us-east-1":0.7,"eu-central-1":0.3}},` +
		`"requirements":{"survive":["zone"],"target_utilization":0.6},` +
		`"profile":{"name":"aws-gp3","network_fsync_latency_us":800},` +
		`"architectures":["single-node",{"id":"hot-standby","sync_commit":"remote_apply","standbys":["cross-zone","cross-region"],"quorum":"ANY 1"},"read-replicas"]}`
	query := "/v1/evaluate?reads_per_sec=30000&writes_per_sec=2500&sessions=300&hot_access_fraction=0.95&client_region_weights=us-east-1:0.7,eu-central-1:0.3" +
		"&survive=zone&target_utilization=0.6&profile=aws-gp3&network_fsync_latency_us=800" +
		"&architectures=single-node,hot-standby,read-replicas&hot-standby.sync_commit=remote_apply" +
		"&hot-standby.standbys=cross-zone,cross-region&hot-standby.quorum=ANY+1"

	post := do(s, "POST", "/v1/evaluate", jsonType, body)
	get := do(s, "GET", query, "", "")
	if post.Code != 200 || get.Code != 200 {
		t.Fatalf("POST = %d, GET = %d, want 200s: %s %s", post.Code, get.Code, post.Body, get.Body)
	}
	resp := evaluated(t, body)
	var cli bytes.Buffer
	enc := json.NewEncoder(&cli)
	enc.SetIndent("", "  ")
	if err := enc.Encode(resp); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(post.Body.Bytes(), cli.Bytes()) {
		t.Errorf("POST body differs from the CLI's JSON encoding of Evaluate")
	}
	if diff := jsonDiff(decodeAny(t, get.Body.Bytes()), decodeAny(t, post.Body.Bytes()), ""); diff != "" {
		t.Errorf("GET and POST differ: %s", diff)
	}
}

// TestGetNumbersSameIDs checks that GET overrides the n-th of several
// architectures with one id by id#n, as the results number them, beside
// id's overrides for every one of them, and answers as POST does for the
// same specs (a user report: two hot standbys, one synchronous, could not
// be compared by link).
func TestGetNumbersSameIDs(t *testing.T) {
	s := newTestServer(t)
	body := `{"architectures":[{"id":"hot-standby","standbys":["cross-zone"],"sync_commit":"local"},{"id":"hot-standby","standbys":["cross-zone"],"sync_commit":"on"}]}`
	query := "/v1/evaluate?architectures=hot-standby,hot-standby&hot-standby.standbys=cross-zone&hot-standby%231.sync_commit=local&hot-standby%232.sync_commit=on"
	post := do(s, "POST", "/v1/evaluate", jsonType, body)
	get := do(s, "GET", query, "", "")
	if post.Code != 200 || get.Code != 200 {
		t.Fatalf("POST = %d, GET = %d, want 200s: %s %s", post.Code, get.Code, post.Body, get.Body)
	}
	if diff := jsonDiff(decodeAny(t, get.Body.Bytes()), decodeAny(t, post.Body.Bytes()), ""); diff != "" {
		t.Errorf("GET and POST differ: %s", diff)
	}
	var resp EvaluateResponse
	if err := json.Unmarshal(get.Body.Bytes(), &resp); err != nil {
		t.Fatal(err)
	}
	if len(resp.Results) != 2 || resp.Results[0].Config.SyncCommit != "local" || resp.Results[1].Config.SyncCommit != "on" {
		t.Errorf("results %d, want hot-standby#1 under local and #2 under on", len(resp.Results))
	}
	bad := do(s, "GET", "/v1/evaluate?architectures=hot-standby,hot-standby&hot-standby%233.sync_commit=on", "", "")
	if bad.Code != 422 || !strings.Contains(bad.Body.String(), `"parameter":"hot-standby#3.sync_commit"`) {
		t.Errorf("hot-standby#3 of two: %d %s, want 422 naming hot-standby#3.sync_commit", bad.Code, bad.Body)
	}
	padded := do(s, "GET", "/v1/evaluate?architectures=hot-standby,hot-standby&hot-standby%2302.sync_commit=on", "", "")
	if padded.Code != 422 || !strings.Contains(padded.Body.String(), `"parameter":"hot-standby#02.sync_commit"`) {
		t.Errorf("hot-standby#02: %d %s, want 422 naming it (it would override nothing)", padded.Code, padded.Body)
	}
	wrong := do(s, "GET", "/v1/evaluate?architectures=hot-standby,hot-standby&hot-standby%232.sync_commit=sometimes", "", "")
	if wrong.Code != 422 || !strings.Contains(wrong.Body.String(), `"parameter":"hot-standby#2.sync_commit"`) {
		t.Errorf("hot-standby#2's bad value: %d %s, want 422 naming hot-standby#2.sync_commit", wrong.Code, wrong.Body)
	}
}

func decodeAny(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// jsonDiff returns where two decoded JSON values differ (numbers within a
// relative 1e-12, for float rounding), or "".
func jsonDiff(a, b any, at string) string {
	switch a := a.(type) {
	case map[string]any:
		bm, ok := b.(map[string]any)
		if !ok || len(a) != len(bm) {
			return at + ": objects differ"
		}
		for k, v := range a {
			if d := jsonDiff(v, bm[k], at+"/"+k); d != "" {
				return d
			}
		}
		return ""
	case []any:
		bs, ok := b.([]any)
		if !ok || len(a) != len(bs) {
			return at + ": arrays differ"
		}
		for i := range a {
			if d := jsonDiff(a[i], bs[i], at+"/"+strconv.Itoa(i)); d != "" {
				return d
			}
		}
		return ""
	case float64:
		bf, ok := b.(float64)
		if !ok || math.Abs(a-bf) > 1e-12*math.Max(math.Abs(a), math.Abs(bf)) {
			return at + ": numbers differ"
		}
		return ""
	}
	if a != b {
		return at + ": values differ"
	}
	return ""
}

func TestReadyzDrains(t *testing.T) {
	s := newTestServer(t)
	if w := do(s, "GET", "/readyz", "", ""); w.Code != 200 {
		t.Fatalf("readyz = %d before Drain, want 200", w.Code)
	}
	s.Drain()
	if w := do(s, "GET", "/readyz", "", ""); w.Code != 503 {
		t.Errorf("readyz = %d after Drain, want 503", w.Code)
	}
	if w := do(s, "GET", "/livez", "", ""); w.Code != 200 {
		t.Errorf("livez = %d after Drain, want 200", w.Code)
	}
}

// A GET route answers HEAD with its status and header fields and no
// content (RFC 9110 §9.3.2); it was 405.
func TestHeadAnswersAsGet(t *testing.T) {
	s := newTestServer(t)
	srv := httptest.NewServer(s)
	defer srv.Close()
	for _, path := range []string{"/v1/evaluate?format=csv", "/livez", "/v1/architectures"} {
		res, err := http.Head(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || len(body) != 0 || res.Header.Get("Content-Type") == "" {
			t.Errorf("HEAD %s = %d, %d bytes, Content-Type %q; want 200, none, a type", path, res.StatusCode, len(body), res.Header.Get("Content-Type"))
		}
	}
	// A failing HEAD says what a GET's body would be (QA: no type at all).
	for _, path := range []string{"/v1/evaluate?reads_per_sec=-1", "/v2/nowhere"} {
		res, err := http.Head(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode < 400 || res.Header.Get("Content-Type") != problemMIME {
			t.Errorf("HEAD %s = %d, Content-Type %q; want a 4xx of %s", path, res.StatusCode, res.Header.Get("Content-Type"), problemMIME)
		}
	}
}

func TestMetricsByRoute(t *testing.T) {
	s := newTestServer(t)
	do(s, "GET", "/livez", "", "")
	do(s, "GET", "/no/such/route", "", "")
	body := do(s, "GET", "/metrics", "", "").Body.String()
	for _, want := range []string{
		`pgarch_http_requests_total{code="200",method="GET",route="/livez"} 1`,
		`pgarch_http_requests_total{code="404",method="GET",route="unmatched"} 1`,
		`pgarch_http_request_duration_seconds_bucket{method="GET",route="/livez",le="+Inf"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

// Two options with one id are hot-standby#1 and #2 in a recommendation; a
// spreadsheet cell asks for one by that label, and a bare id, which would
// have silently meant the first, is an error that says how to name them
// (QA, 2026-11-26).
func TestFieldByLabel(t *testing.T) {
	s := newTestServer(t)
	body := `{"architectures":[{"id":"hot-standby","sync_commit":"remote_apply"},{"id":"hot-standby","sync_commit":"local"}]}`
	w := do(s, "POST", "/v1/recommend", jsonType, body)
	var resp RecommendResponse
	if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil || len(resp.Options) != 2 {
		t.Fatalf("recommend = %d %s", w.Code, w.Body)
	}
	want := resp.Options[1].Result.Write.P99Ms
	w = do(s, "POST", "/v1/recommend?format=txt&field=hot-standby%232.write.p99_ms", jsonType, body)
	if got, err := strconv.ParseFloat(strings.TrimSpace(w.Body.String()), 64); w.Code != 200 || err != nil || want == nil || got != *want {
		t.Errorf("hot-standby#2.write.p99_ms = %d %q, want %v", w.Code, w.Body, want)
	}
	w = do(s, "POST", "/v1/recommend?format=txt&field=hot-standby.write.p99_ms", jsonType, body)
	if w.Code != 422 || !strings.Contains(w.Body.String(), "hot-standby#1") {
		t.Errorf("a bare id listed twice = %d %s, want 422 naming hot-standby#1", w.Code, w.Body)
	}
}

// A txt field may name a CSV column as well as a JSON path, and a field
// alone asks for txt: a spreadsheet cell gets the one number, the same as
// the JSON's (review of 2026-11-26: CSV header names failed, and a field
// without format returned the whole JSON).
func TestTxtFieldForms(t *testing.T) {
	s := newTestServer(t)
	get := func(query string) string {
		t.Helper()
		w := do(s, "GET", "/v1/evaluate?architectures=hot-standby&"+query, "", "")
		if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/plain") {
			t.Fatalf("%s: %d %s %s", query, w.Code, w.Header().Get("Content-Type"), w.Body.String())
		}
		return w.Body.String()
	}
	for _, c := range [][2]string{
		{"format=txt&field=hot-standby.write.p99_ms", "format=txt&field=hot-standby.write_p99_ms"},
		{"format=txt&field=hot-standby.availability.rto_seconds", "field=hot-standby.rto_seconds"},
	} {
		if a, b := get(c[0]), get(c[1]); a != b {
			t.Errorf("%s = %s, %s = %s: want the same number", c[0], a, c[1], b)
		}
	}
	w := do(s, "GET", "/v1/evaluate?format=txt&field=hot-standby.foo", "", "")
	if !strings.Contains(w.Body.String(), "write_p99_ms") {
		t.Errorf("unknown field: %s, want the columns listed", w.Body.String())
	}
}

// A path's step named in field= is that step wherever the request puts
// it: hot rows put row_lock_wait before the WAL flush, which moves the
// flush's index (review of 2026-11-27).
func TestFieldNamesAStep(t *testing.T) {
	s := newTestServer(t)
	query := "/v1/evaluate?architectures=hot-standby&hot_rows=100"
	var resp EvaluateResponse
	if err := json.Unmarshal(do(s, "GET", query, "", "").Body.Bytes(), &resp); err != nil {
		t.Fatal(err)
	}
	path := resp.Results[0].CommitPath
	i := slices.IndexFunc(path, func(st Step) bool { return st.Step == "wal_flush" })
	if i < 0 || slices.IndexFunc(path, func(st Step) bool { return st.Step == "row_lock_wait" }) > i {
		t.Fatalf("commit path %+v: want row_lock_wait before wal_flush", path)
	}
	w := do(s, "GET", query+"&field=hot-standby.commit_path.wal_flush.ms", "", "")
	if got, err := strconv.ParseFloat(w.Body.String(), 64); err != nil || got != *path[i].Ms {
		t.Errorf("commit_path.wal_flush.ms = %s, want %g (step %d)", w.Body, *path[i].Ms, i)
	}
}

// An architecture listed twice is labelled id#1, id#2 in every format,
// as field= and the recommendation name it (review of 2026-11-27).
func TestRepeatedArchitectureLabelled(t *testing.T) {
	s := newTestServer(t)
	query := "/v1/evaluate?architectures=single-node,hot-standby,hot-standby&hot-standby.sync_commit=on"
	for format, want := range map[string][]string{
		"csv": {"\nsingle-node,", "\nhot-standby#1,", "\nhot-standby#2,"},
		"md":  {"| single-node |", "| hot-standby#1 |", "| hot-standby#2 |"},
	} {
		body := do(s, "GET", query+"&format="+format, "", "").Body.String()
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("format=%s lacks %q:\n%s", format, w, body)
			}
		}
	}
}

// Under a closed load the report page shows what the clients reach: a
// requests-a-second column, which differs between architectures where the
// headroom reads 1.00× alike, and the clients, think time and hot rows in
// the workload (user review of 2026-11-27: the page showed the rates that
// only set the mix, and no throughput).
func TestReportPageShowsAClosedLoad(t *testing.T) {
	s := newTestServer(t)
	w := do(s, "GET", "/v1/report?clients=300&think_time_ms=0&hot_rows=10&hot_row_write_fraction=0.5&architectures=single-node,hot-standby", "", "")
	if w.Code != 200 {
		t.Fatalf("GET /v1/report = %d: %.300s", w.Code, w.Body)
	}
	page := w.Body.String()
	for _, want := range []string{"requests/s</th>", "<dt>clients</dt><dd>300 (think time 0 ms", "<dt>hot rows</dt><dd>10 (a share 0.5"} {
		if !strings.Contains(page, want) {
			t.Errorf("the report page lacks %q", want)
		}
	}
}

// A class the workload has none of is a mistake in the question, asked by
// its JSON member or by its CSV column alike: invalid parameters naming
// field, not a null (UX review of 2026-11-27: the column answered "null
// (saturated …)").
func TestFieldOfAnAbsentClass(t *testing.T) {
	s := newTestServer(t)
	for _, field := range []string{"single-node.write.p99_ms", "single-node.write_p99_ms"} {
		w := do(s, "GET", "/v1/evaluate?architectures=single-node&writes_per_sec=0&field="+field, "", "")
		if w.Code != 422 || !strings.Contains(w.Body.String(), ProblemInvalid) || !strings.Contains(w.Body.String(), "the workload has no such requests") {
			t.Errorf("field=%s with no writes: %d %.300s; want 422 invalid parameters, the workload has none", field, w.Code, w.Body)
		}
	}
}
