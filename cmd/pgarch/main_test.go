package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/pgarch/pgarch/api"
)

func runCLI(t *testing.T, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestEvaluateDefaultTable(t *testing.T) {
	out, _, err := runCLI(t, "", "evaluate")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"single-node", "network-attached-storage", "read-replicas", "hot-standby", "bottleneck", "USD/month", "profile lecture"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

// The CLI's JSON is the API's JSON for the same input.
func TestEvaluateJSONMatchesAPI(t *testing.T) {
	b, err := os.ReadFile("testdata/pgbench.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"evaluate", "-f", "testdata/pgbench.yaml", "-o", "json"}, {"evaluate", "-f", "-", "-o", "json"}} {
		out, _, err := runCLI(t, string(b), args...)
		if err != nil {
			t.Fatal(err)
		}
		var got map[string]any
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("%v: output is not JSON: %v", args, err)
		}
		req, err := decode(b)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := api.Evaluate(req)
		if err != nil {
			t.Fatal(err)
		}
		wantJSON, _ := json.Marshal(resp)
		var want map[string]any
		json.Unmarshal(wantJSON, &want)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%v: CLI JSON differs from api.Evaluate's", args)
		}
		results := got["results"].([]any)
		hs := results[1].(map[string]any)
		if hs["bottleneck"] != "row_lock" {
			t.Errorf("pgbench scale 10, 16 clients, sync standby: bottleneck = %v, want row_lock", hs["bottleneck"])
		}
	}
}

func TestEvaluateFormatsAndProfile(t *testing.T) {
	for _, o := range []string{"csv", "tsv", "md"} {
		out, _, err := runCLI(t, "", "evaluate", "-o", o, "--profile", "aws-gp3")
		if err != nil {
			t.Fatalf("-o %s: %v", o, err)
		}
		if !strings.Contains(out, "write_p99_ms") || !strings.Contains(out, "hot-standby") {
			t.Errorf("-o %s output:\n%s", o, out)
		}
	}
}

// The table tells a class the workload does not have ("—") from a
// saturated one: with no writes, the write columns are not "saturated".
func TestTableMarksAbsentClasses(t *testing.T) {
	out, _, err := runCLI(t, `{"workload": {"writes_per_sec": 0}, "architectures": ["single-node"]}`, "evaluate", "-f", "-")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "saturated") || !strings.Contains(out, "—") {
		t.Errorf("table without writes:\n%s\nwant — for the write columns, no saturated", out)
	}
	out, _, err = runCLI(t, "", "sweep", "--vary", "writes_per_sec", "--from", "0", "--to", "10", "--points", "2", "--metrics", "write_p99_ms")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "saturated") {
		t.Errorf("sweep from no writes:\n%s\nwant — at 0 writes/s, no saturated", out)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{}, {"frobnicate"}, {"evaluate", "-o", "xml"}, {"evaluate", "-bogus"},
		// A sweep's ends are required, and numbers (the API's 422 "required").
		{"sweep", "--vary", "writes_per_sec"}, {"sweep", "--vary", "writes_per_sec", "--from", "NaN", "--to", "5"},
		{"sweep", "--vary", "writes_per_sec", "--from", "1", "--to", "+Inf"}} {
		_, _, err := runCLI(t, "", args...)
		var u usageError
		if !errors.As(err, &u) {
			t.Errorf("run(%v) error = %v, want a usage error", args, err)
		}
	}
	if _, _, err := runCLI(t, "", "evaluate", "--profile", "no-such-profile"); err == nil || !strings.Contains(err.Error(), "no-such-profile") {
		t.Errorf("unknown profile: error = %v", err)
	}
	if _, _, err := runCLI(t, `{"workload": {"sessions": 0}}`, "evaluate", "-f", "-"); err == nil || !strings.Contains(err.Error(), "sessions") {
		t.Errorf("invalid workload: error = %v, want one naming sessions", err)
	}
}

// A request in YAML's flow style begins with "{" too, and is not JSON
// (review of 2026-11-26: it was rejected as invalid JSON).
func TestEvaluateYAMLFlowStyle(t *testing.T) {
	flow, _, err := runCLI(t, "{workload: {working_set_gb: 10}, architectures: [single-node]}", "evaluate", "-f", "-", "-o", "json")
	if err != nil {
		t.Fatalf("flow-style YAML: %v", err)
	}
	js, _, err := runCLI(t, `{"workload": {"working_set_gb": 10}, "architectures": ["single-node"]}`, "evaluate", "-f", "-", "-o", "json")
	if err != nil {
		t.Fatal(err)
	}
	if flow != js {
		t.Errorf("flow-style YAML and JSON of one request differ:\n%s\n%s", flow, js)
	}
}

// The CLI refuses what the API refuses, in the same words: each offending
// field by its JSON pointer, with the validator's ranges (review of
// 2026-11-27: the CLI evaluated data_size_gb 0.0005, which the API refuses,
// and reported a string for a number as a Go struct field).
func TestRequestErrorsAsTheAPIs(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"workload: {data_size_gb: 0.0005, working_set_gb: 0.0001}", "/workload/data_size_gb: must be at least 0.001"},
		{"workload: {client_rtt_ms: 0.3ms}", "/workload/client_rtt_ms: want a number, got string"},
		{"workload: {write_per_sec: 2000}", `/workload/write_per_sec: unknown field; did you mean "writes_per_sec"?`},
		{"profile: {max_wal_size: 64}", `/profile/max_wal_size: unknown profile field; did you mean "max_wal_size_gb"?`},
	} {
		_, _, err := runCLI(t, c.in, "evaluate", "-f", "-")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.in, err, c.want)
		}
	}
}

// An empty request file is refused, not taken for the defaults (review of
// 2026-11-27).
func TestEmptyRequestRefused(t *testing.T) {
	if _, _, err := runCLI(t, " \n", "evaluate", "-f", "-"); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("error %v, want one saying the request is empty", err)
	}
}
