package main

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"strings"
	"testing"

	"github.com/pgarch/pgarch/api"
)

// The CLI's sweep is the API's: the YAML request's vary section and the
// flags reach api.Sweep, and -o json prints its response.
func TestSweepJSONMatchesAPI(t *testing.T) {
	const yaml = "workload: {reads_per_sec: 20000}\narchitectures: [single-node, sharded]\nvary: {field: writes_per_sec, from: 100, to: 100000, scale: log}\n"
	out, _, err := runCLI(t, yaml, "sweep", "-f", "-", "--points", "9", "-o", "json")
	if err != nil {
		t.Fatal(err)
	}
	var got api.SweepResponse
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	req, err := api.DecodeSweep([]byte(`{"workload":{"reads_per_sec":20000},"architectures":["single-node","sharded"],"vary":{"field":"writes_per_sec","from":100,"to":100000,"points":9,"scale":"log"}}`))
	if err != nil {
		t.Fatal(err)
	}
	want, err := api.Sweep(req)
	if err != nil {
		t.Fatal(err)
	}
	gotJSON, _ := json.Marshal(got)
	wantJSON, _ := json.Marshal(want)
	if string(gotJSON) != string(wantJSON) {
		t.Errorf("CLI sweep differs from api.Sweep:\n%.400s\n%.400s", gotJSON, wantJSON)
	}
}

func TestSweepTableAndChart(t *testing.T) {
	out, _, err := runCLI(t, "", "sweep", "--vary", "load_scale", "--from", "0.5", "--to", "20", "--points", "6", "--scale", "log", "--metrics", "write_p99_ms")
	if err != nil {
		t.Fatal(err)
	}
	// 20 × the default load saturates every preset (the largest headroom
	// on the lecture profile is ~7×), so each has a saturation line.
	if !strings.Contains(out, "single-node saturates at load_scale = ") || !strings.HasPrefix(out, "write_p99_ms\n") {
		t.Errorf("table lacks the saturation lines:\n%s", out)
	}
	svg, _, err := runCLI(t, "", "sweep", "--vary", "load_scale", "--from", "0.5", "--to", "20", "--points", "6", "-o", "svg", "--chart", "crossover")
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil || !strings.Contains(svg, "Recommended by load_scale") {
		t.Errorf("-o svg is no crossover chart (%v): %.200s", err, svg)
	}
	var usage usageError
	if _, _, err := runCLI(t, "", "sweep"); !errors.As(err, &usage) {
		t.Errorf("sweep without --vary: %v, want a usage error", err)
	}
	// --points 0 is refused as 1 is, not taken for the default (review of
	// 2026-11-27).
	if _, _, err := runCLI(t, "", "sweep", "--vary", "load_scale", "--from", "1", "--to", "2", "--points", "0"); !errors.As(err, &usage) {
		t.Errorf("--points 0: %v, want a usage error", err)
	}
}

func TestArchitectures(t *testing.T) {
	out, _, err := runCLI(t, "", "architectures")
	if err != nil {
		t.Fatal(err)
	}
	// The eight presets of PRODUCT.md §2, each with its overrides.
	for _, want := range []string{"single-node", "network-attached-storage", "read-replicas", "hot-standby", "dbms-optimized-storage", "sharded", "active-active", "distributed-sql", "sync_commit", "replication_factor"} {
		if !strings.Contains(out, want) {
			t.Errorf("architectures lacks %q:\n%s", want, out)
		}
	}
	js, _, err := runCLI(t, "", "architectures", "-o", "json")
	var list api.ArchitectureList
	if err != nil || json.Unmarshal([]byte(js), &list) != nil || len(list.Architectures) != 8 {
		t.Errorf("architectures -o json: %v, %d entries, want 8", err, len(list.Architectures))
	}
}
