package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// decoded returns body decoded as a request; evaluated and prepared
// evaluate it and convert it to the model's terms, failing the test on
// any error.
func decoded(t testing.TB, body string) EvaluateRequest {
	t.Helper()
	req, err := DecodeRequest([]byte(body))
	if err != nil {
		t.Fatalf("%s: %v", body, err)
	}
	return req
}

func evaluated(t testing.TB, body string) EvaluateResponse {
	t.Helper()
	resp, err := Evaluate(decoded(t, body))
	if err != nil {
		t.Fatalf("%s: %v", body, err)
	}
	return resp
}

func prepared(t testing.TB, body string) input {
	t.Helper()
	in, err := prepare(decoded(t, body))
	if err != nil {
		t.Fatalf("%s: %v", body, err)
	}
	return in
}

// encoderJSON is the reference WriteJSON must match: what the CLI's
// -o json writes.
func encoderJSON(t testing.TB, v any) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func checkWriteJSON(t *testing.T, name string, v any) {
	t.Helper()
	want := encoderJSON(t, v)
	for range 2 { // the second time from the profile cache
		var got bytes.Buffer
		if err := WriteJSON(&got, v); err != nil {
			t.Fatalf("%s: WriteJSON: %v", name, err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Fatalf("%s: WriteJSON differs from json.Encoder:\n got %.400q\nwant %.400q", name, got.Bytes(), want)
		}
	}
}

// identityRequests are evaluation requests whose JSON WriteJSON must write
// byte for byte as json.Encoder does: built-in profiles, overrides, a
// custom profile with HTML and quotes to escape, regions.
var identityRequests = []string{
	`{}`,
	benchRequest,
	`{"profile":"local-nvme","workload":{"writes_per_sec":1e6}}`,
	`{"profile":{"name":"aws-gp3","description":"<b>fast</b> & \"cheap\" \u2028","sources":{"vcpus":"<measured> & 'quoted' \"twice\""}},` +
		`"architectures":["single-node",{"id":"hot-standby","standbys":["cross-zone","cross-region"],"quorum":"ANY 1"}]}`,
	`{"workload":{"client_region_weights":{"us-east-1":0.7,"eu-central-1":0.3}},"architectures":[{"id":"distributed-sql","regions":["us-east-1","eu-central-1","ap-southeast-2"]}]}`,
}

// TestWriteJSONIdentical checks WriteJSON against json.Encoder on real
// evaluations, recommendations and sweeps, and on values it must hand to
// encoding/json whole.
func TestWriteJSONIdentical(t *testing.T) {
	for _, body := range identityRequests {
		req := decoded(t, body)
		resp, err := Evaluate(req)
		if err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		checkWriteJSON(t, "evaluate "+body, resp)
		rec, err := Recommend(req)
		if err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		checkWriteJSON(t, "recommend "+body, rec)
	}
	sreq, err := DecodeSweep([]byte(`{"vary":{"field":"writes_per_sec","from":100,"to":50000,"points":4,"scale":"log"},"profile":{"name":"aws-gp3","vcpus":16}}`))
	if err != nil {
		t.Fatal(err)
	}
	sweep, err := Sweep(sreq)
	if err != nil {
		t.Fatal(err)
	}
	checkWriteJSON(t, "sweep", sweep)

	type omit struct {
		A int `json:"a,omitempty"`
		B int `json:"b"`
	}
	type embedded struct {
		omit
		C string `json:"c"`
	}
	type plain struct {
		A     string   `json:"a"`
		B     []int    `json:"b"`
		C     *float64 `json:"c"`
		D     any      `json:"d"`
		E     int      `json:"-"`
		f     int
		G     map[string]string `json:"g"`
		Empty struct{}          `json:"empty"`
	}
	for name, v := range map[string]any{
		"omitempty": omit{B: 1},
		"embedded":  embedded{omit{A: 1}, "<&>"},
		"plain":     plain{A: "<a href=\"x\">&amp;</a>", D: []any{}, G: map[string]string{"b": "1", "a": "2"}},
		"map":       map[string]int{"z": 1, "a": 2},
		"slice":     []string{},
		"nil":       nil,
		"number":    1.5,
		"profile":   EvaluateResponse{}.Profile,
	} {
		checkWriteJSON(t, name, v)
	}
	_ = plain{}.f
}

// TestWriteJSONErrors checks that WriteJSON fails where json.Encoder
// does, with the error respond maps to 422.
func TestWriteJSONErrors(t *testing.T) {
	resp, err := Evaluate(EvaluateRequest{})
	if err != nil {
		t.Fatal(err)
	}
	resp.Results[0].CacheHitRatio = math.Inf(1)
	var b bytes.Buffer
	err = WriteJSON(&b, resp)
	var uv *json.UnsupportedValueError
	if err == nil || !strings.Contains(err.Error(), "+Inf") || !errors.As(err, &uv) {
		t.Errorf("WriteJSON(+Inf) = %v, want *json.UnsupportedValueError", err)
	}
}

// TestJSONFields checks which types WriteJSON writes field by field: the
// responses that carry a profile, and not the ones encoding/json treats
// specially.
func TestJSONFields(t *testing.T) {
	for _, v := range []any{EvaluateResponse{}, RecommendResponse{}, SweepResponse{}, CalibrateResponse{}} {
		fields, ok := jsonFields(reflect.TypeOf(v))
		if !ok || !slices.ContainsFunc(fields, func(f jsonField) bool { return f.profile && f.key == `"profile": ` }) {
			t.Errorf("jsonFields(%T) = %v, %v; want its fields with the profile", v, fields, ok)
		}
	}
	type omit struct {
		A int `json:"a,omitempty"`
	}
	type untagged struct{ A int }
	type embedded struct{ omit }
	type escaped struct {
		A int `json:"<a>"`
	}
	for _, v := range []any{omit{}, untagged{}, embedded{}, escaped{}, calibrationProfile(), 1, map[string]int{}, &EvaluateResponse{}} {
		if fields, ok := jsonFields(reflect.TypeOf(v)); ok {
			t.Errorf("jsonFields(%T) = %v, want not accepted", v, fields)
		}
	}
}

func calibrationProfile() any { return EvaluateResponse{}.Profile }

// TestHTTPJSONIsCLIJSON checks that the HTTP API's JSON is byte for byte
// what `pgarch evaluate -o json` and `pgarch recommend -o json` print
// (json.Encoder with SetIndent("", "  ") over the same response), from the
// cache too.
func TestHTTPJSONIsCLIJSON(t *testing.T) {
	s := newTestServer(t)
	for _, body := range identityRequests {
		req := decoded(t, body)
		eval, err := Evaluate(req)
		if err != nil {
			t.Fatal(err)
		}
		rec, err := Recommend(req)
		if err != nil {
			t.Fatal(err)
		}
		for path, v := range map[string]any{"/v1/evaluate": eval, "/v1/recommend": rec} {
			want := encoderJSON(t, v)
			for range 2 {
				w := do(s, "POST", path, jsonType, body)
				if !bytes.Equal(w.Body.Bytes(), want) {
					t.Fatalf("POST %s %s:\n got %.300q\nwant %.300q", path, body, w.Body, want)
				}
			}
		}
	}
}

// resolveFieldAny is resolveField as it was: the whole result decoded into
// maps and slices, then walked. TestResolveField holds the new one to it.
func resolveFieldAny(resp EvaluateResponse, field string) (float64, error) {
	id, path, _ := strings.Cut(field, ".")
	if path == "" {
		return 0, invalid(FieldError{Parameter: "field", Detail: "want <architecture>.<metric>, e.g. hot-standby.write.p99_ms"})
	}
	i := slices.IndexFunc(resp.Results, func(r Result) bool { return r.Architecture == id })
	if c := metric(path); c != nil {
		// A CSV column's name names the column, before a JSON member of
		// that name (cost_usd_per_month: the total, not the object).
		if v := c.value(resp.Results[i]); v != nil {
			return *v, nil
		}
		return 0, invalid(FieldError{Parameter: "field", Detail: fmt.Sprintf("%s.%s is null (saturated, unbounded, or without a limit)", id, path)})
	}
	b, err := json.Marshal(resp.Results[i])
	if err != nil {
		return 0, err
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return 0, err
	}
	for _, key := range strings.Split(path, ".") {
		ok := false
		switch x := v.(type) {
		case map[string]any:
			v, ok = x[key]
		case []any:
			n, err := strconv.Atoi(key)
			if ok = err == nil && n >= 0 && n < len(x); ok {
				v = x[n]
			}
		}
		if !ok {
			return 0, invalid(FieldError{Parameter: "field", Detail: fmt.Sprintf("%s has no %q", id, path)})
		}
	}
	switch x := v.(type) {
	case float64:
		return x, nil
	case nil:
		return 0, invalid(FieldError{Parameter: "field", Detail: fmt.Sprintf("%s.%s is null (saturated, unbounded, or without a limit)", id, path)})
	}
	return 0, invalid(FieldError{Parameter: "field", Detail: fmt.Sprintf("%s.%s is not a number", id, path)})
}

// TestResolveField checks resolveField against resolveFieldAny on every
// path into every result of a few evaluations (numbers, nulls, strings,
// objects, arrays) and on paths that lead nowhere.
func TestResolveField(t *testing.T) {
	for _, body := range append(identityRequests, `{"workload":{"writes_per_sec":1e8}}`) {
		resp := evaluated(t, body)
		for _, r := range resp.Results {
			b, _ := json.Marshal(r)
			var tree any
			if err := json.Unmarshal(b, &tree); err != nil {
				t.Fatal(err)
			}
			var paths []string
			var walk func(prefix string, v any)
			walk = func(prefix string, v any) {
				paths = append(paths, prefix, prefix+".nope", prefix+".0", prefix+".-1", prefix+".")
				switch x := v.(type) {
				case map[string]any:
					for k, c := range x {
						walk(prefix+"."+k, c)
					}
				case []any:
					for i, c := range x {
						walk(prefix+"."+strconv.Itoa(i), c)
					}
				}
			}
			walk(r.Architecture, tree)
			for _, field := range paths[1:] { // the bare id wants a path
				got, gotErr := resolveField(resp, field)
				want, wantErr := resolveFieldAny(resp, field)
				// The same number, or both an error (resolveField's
				// messages also list what a path may name).
				if got != want || (gotErr == nil) != (wantErr == nil) {
					t.Fatalf("resolveField(%q) = %v, %v; want %v, %v", field, got, gotErr, want, wantErr)
				}
			}
		}
	}
}

// BenchmarkWriteJSON measures WriteJSON against json.Encoder on the load
// benchmark's evaluation.
func BenchmarkWriteJSON(b *testing.B) {
	resp := evaluated(b, benchRequest)
	var out bytes.Buffer
	b.Run("WriteJSON", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			out.Reset()
			if err := WriteJSON(&out, resp); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("json.Encoder", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			out.Reset()
			enc := json.NewEncoder(&out)
			enc.SetIndent("", "  ")
			if err := enc.Encode(resp); err != nil {
				b.Fatal(err)
			}
		}
	})
}
