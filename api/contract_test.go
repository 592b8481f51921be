package api

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// TestContract validates real requests and responses of every documented
// operation against the committed OpenAPI 3 document.
func TestContract(t *testing.T) {
	spec, err := os.ReadFile("../openapi/openapi3.json")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	doc, err := openapi3.NewLoader().LoadFromData(spec)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(ctx); err != nil {
		t.Fatalf("openapi3.json is not valid OpenAPI 3: %v", err)
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	s := newTestServer(t)

	const body = `{"workload":{"reads_per_sec":20000,"writes_per_sec":2000,"client_rtt_ms":0.2},` +
		`"requirements":{"survive":["node"],"p99_write_ms":20},` +
		`"profile":{"name":"aws-gp3","network_fsync_latency_us":800},` +
		`"architectures":["single-node","hot-standby"]}`
	tests := []struct {
		name, method, target, body string
		status                     int
		// validRequest: the request conforms to the document (the error
		// cases send invalid requests on purpose).
		validRequest bool
		// jsonBody: the response body is JSON and validated against the
		// schema; the other formats are checked for status and media type.
		jsonBody bool
	}{
		{"post evaluate", "POST", "/v1/evaluate", body, 200, true, true},
		{"post evaluate csv", "POST", "/v1/evaluate?format=csv", body, 200, true, false},
		{"post evaluate txt", "POST", "/v1/evaluate?format=txt&field=hot-standby.write.p99_ms", body, 200, true, false},
		{"post malformed", "POST", "/v1/evaluate", `{"workload":`, 400, false, true},
		{"post out of range", "POST", "/v1/evaluate", `{"workload":{"hot_access_fraction":2}}`, 422, false, true},
		{"post too large", "POST", "/v1/evaluate", `{"a":"` + strings.Repeat("a", BodyLimit) + `"}`, 413, false, true},
		{"get evaluate", "GET", "/v1/evaluate?reads_per_sec=20000&writes_per_sec=2000&survive=node,zone&read_your_writes=true&profile=aws-gp3&network_fsync_latency_us=800&architectures=single-node,hot-standby&hot-standby.sync_commit=remote_apply", "", 200, true, true},
		{"get evaluate md", "GET", "/v1/evaluate?format=md", "", 200, true, false},
		{"get evaluate tsv", "GET", "/v1/evaluate?format=tsv", "", 200, true, false},
		{"get evaluate invalid", "GET", "/v1/evaluate?hot_access_fraction=3", "", 422, false, true},
		{"post recommend", "POST", "/v1/recommend", body, 200, true, true},
		{"post recommend nothing feasible", "POST", "/v1/recommend", `{"workload":{"writes_per_sec":500000},"requirements":{"p99_write_ms":1,"rpo_seconds":0,"survive":["region"]}}`, 200, true, true},
		{"post recommend csv", "POST", "/v1/recommend?format=csv", body, 200, true, false},
		{"get recommend", "GET", "/v1/recommend?writes_per_sec=2000&rpo_seconds=0&survive=zone&p99_write_ms=20", "", 200, true, true},
		{"get recommend txt", "GET", "/v1/recommend?rpo_seconds=0&survive=zone&format=txt", "", 200, true, false},
		{"get recommend invalid", "GET", "/v1/recommend?survive=planet", "", 422, false, true},
		{"post sweep", "POST", "/v1/sweep", `{"vary":{"field":"writes_per_sec","from":100,"to":100000,"points":6,"scale":"log"},"architectures":["single-node","sharded"]}`, 200, true, true},
		{"post sweep svg", "POST", "/v1/sweep?format=svg&chart=crossover", `{"vary":{"field":"load_scale","from":0.5,"to":8,"points":5}}`, 200, true, false},
		{"post sweep invalid", "POST", "/v1/sweep", `{"vary":{"field":"writes_per_sec","from":100,"to":1000,"points":1}}`, 422, false, true},
		{"get sweep csv", "GET", "/v1/sweep?vary=working_set_gb&from=10&to=500&points=5&data_size_gb=1000&architectures=read-replicas,sharded&format=csv", "", 200, true, false},
		{"get sweep", "GET", "/v1/sweep?vary=client_rtt_ms&from=0.1&to=50&points=4&resize=true&metrics=write_p99_ms,nodes", "", 200, true, true},
		{"report", "GET", "/v1/report?rpo_seconds=0&survive=zone&architectures=single-node,hot-standby", "", 200, true, false},
		{"report invalid", "GET", "/v1/report?survive=planet", "", 422, false, true},
		// Ten times a rate near its limit would pass it: the default sweep
		// stops at the limit instead of failing on a "to" no one sent.
		{"report near the rate limit", "GET", "/v1/report?writes_per_sec=10000001&architectures=single-node", "", 200, true, false},
		// A sweep may run downward, and a report's metrics may leave a
		// chart's out (review: three 500s).
		{"sweep downward, crossover chart", "GET", "/v1/sweep?vary=writes_per_sec&from=60000&to=100&scale=log&points=6&format=svg&chart=crossover&architectures=single-node,hot-standby", "", 200, true, false},
		{"report downward", "GET", "/v1/report?vary=load_scale&from=2&to=0.5&points=4&architectures=single-node,hot-standby", "", 200, true, false},
		{"report without the read chart's metric", "GET", "/v1/report?metrics=write_p99_ms&points=4&architectures=single-node", "", 200, true, false},
		{"calibrate", "POST", "/v1/calibrate", calibrateBody(t), 200, true, true},
		{"calibrate truncated", "POST", "/v1/calibrate", `{"pgbench": ["number of clients: 2\n"]}`, 422, true, true},
		{"architectures", "GET", "/v1/architectures", "", 200, true, true},
		{"profiles", "GET", "/v1/profiles", "", 200, true, true},
		{"profile", "GET", "/v1/profiles/lecture", "", 200, true, true},
		{"profile unknown", "GET", "/v1/profiles/nope", "", 404, true, true},
		{"livez", "GET", "/livez", "", 200, true, true},
		{"readyz", "GET", "/readyz", "", 200, true, true},
		{"metrics", "GET", "/metrics", "", 200, true, false},
	}
	covered := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			newReq := func() *http.Request {
				var r *http.Request
				if tt.body != "" {
					r = httptest.NewRequest(tt.method, tt.target, strings.NewReader(tt.body))
					r.Header.Set("Content-Type", jsonType)
				} else {
					r = httptest.NewRequest(tt.method, tt.target, nil)
				}
				return r
			}
			w := httptest.NewRecorder()
			s.ServeHTTP(w, newReq())
			if w.Code != tt.status {
				t.Fatalf("%s %s = %d, want %d: %.300s", tt.method, tt.target, w.Code, tt.status, w.Body)
			}

			req := newReq()
			route, params, err := router.FindRoute(req)
			if err != nil {
				t.Fatalf("%s %s is not documented: %v", tt.method, tt.target, err)
			}
			covered[tt.method+" "+route.Path] = true
			in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
				Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true}}
			if tt.validRequest {
				if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
					t.Errorf("request does not match the document: %v", err)
				}
			}
			in.Options = &openapi3filter.Options{IncludeResponseStatus: true, ExcludeResponseBody: !tt.jsonBody, MultiError: true}
			out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: w.Code, Header: w.Header(),
				Body: io.NopCloser(strings.NewReader(w.Body.String())), Options: in.Options}
			if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
				t.Errorf("response does not match the document: %v", err)
			}
		})
	}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			if !covered[method+" "+path] {
				t.Errorf("documented operation %s %s has no contract case", method, path)
			}
		}
	}
}

// Every response of the OpenAPI 3 document lists the media types it is
// sent in with a schema each can have: a success is never problem+json and
// only its JSON types carry a JSON schema (a CSV or a PNG is a string);
// an error is problem+json only. The conversion from Swagger 2.0 gave
// every response every type of the operation with the JSON schema, a PNG
// declared a SweepResponse (QA, 2026-11-26).
func TestContractMediaTypes(t *testing.T) {
	spec, err := os.ReadFile("../openapi/openapi3.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(spec)
	if err != nil {
		t.Fatal(err)
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			for code, r := range op.Responses.Map() {
				for name, mt := range r.Value.Content {
					json := name == "application/json" || strings.HasSuffix(name, "+json")
					switch {
					case !strings.HasPrefix(code, "2") && name != problemMIME:
						t.Errorf("%s %s %s: an error sent as %s", method, path, code, name)
					case strings.HasPrefix(code, "2") && name == problemMIME:
						t.Errorf("%s %s %s: a success sent as %s", method, path, code, name)
					case !json && (mt.Schema == nil || mt.Schema.Value == nil || !mt.Schema.Value.Type.Is("string")):
						t.Errorf("%s %s %s: %s without a string schema", method, path, code, name)
					}
				}
			}
		}
	}
}

// TestSwagger2DeclaresEveryNull checks the nulls of real responses against
// the committed Swagger 2.0 document, which has no nullable of its own:
// every null must sit where the schema says x-nullable, element schemas
// of arrays and maps included (UX review of 2026-11-27: a sweep's values
// per point were null where the document allowed only numbers, so its
// saturated points failed Swagger 2.0 validators).
func TestSwagger2DeclaresEveryNull(t *testing.T) {
	b, err := os.ReadFile("../openapi/swagger.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]struct {
			Responses map[string]struct{ Schema map[string]any }
		}
		Definitions map[string]map[string]any
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	s := newTestServer(t)
	nulls := 0
	for _, tt := range []struct{ method, path, body string }{
		{"POST", "/v1/sweep", `{"vary":{"field":"writes_per_sec","from":100,"to":1000000,"points":6,"scale":"log"},"architectures":["single-node","read-replicas"]}`},
		{"POST", "/v1/evaluate", `{"workload":{"writes_per_sec":400000}}`},
		{"POST", "/v1/recommend", `{"workload":{"writes_per_sec":500000},"requirements":{"p99_write_ms":1,"rpo_seconds":0,"survive":["region"]}}`},
	} {
		r := httptest.NewRequest(tt.method, tt.path, strings.NewReader(tt.body))
		r.Header.Set("Content-Type", jsonType)
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			t.Fatalf("%s %s = %d: %.300s", tt.method, tt.path, w.Code, w.Body)
		}
		var v any
		if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
			t.Fatal(err)
		}
		schema := doc.Paths[tt.path][strings.ToLower(tt.method)].Responses["200"].Schema
		if schema == nil {
			t.Fatalf("%s %s: no 200 schema in swagger.json", tt.method, tt.path)
		}
		var walk func(schema map[string]any, v any, at string)
		walk = func(schema map[string]any, v any, at string) {
			if ref, ok := schema["$ref"].(string); ok {
				schema = doc.Definitions[strings.TrimPrefix(ref, "#/definitions/")]
			}
			sub := func(key string) map[string]any { m, _ := schema[key].(map[string]any); return m }
			switch v := v.(type) {
			case nil:
				nulls++
				if schema["x-nullable"] != true {
					t.Errorf("%s %s: null at %s, where swagger.json does not say x-nullable", tt.method, tt.path, at)
				}
			case map[string]any:
				for k, e := range v {
					if p, ok := sub("properties")[k].(map[string]any); ok {
						walk(p, e, at+"/"+k)
					} else if ap := sub("additionalProperties"); ap != nil {
						walk(ap, e, at+"/"+k)
					}
				}
			case []any:
				if items := sub("items"); items != nil {
					for i, e := range v {
						walk(items, e, fmt.Sprintf("%s/%d", at, i))
					}
				}
			}
		}
		walk(schema, v, "")
	}
	if nulls == 0 {
		t.Fatal("no null in the responses: the check tests nothing")
	}
}
