package api

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// The catalogue lists, for each architecture, exactly the overrides an
// evaluation takes, each described: a request setting a listed one is
// evaluated, and every field of ArchitectureSpec that is not listed is
// refused (review of 2026-11-27: every architecture listed all 19 fields,
// 12 without a description, and the server refused most of them).
func TestCatalogueListsTheOverridesTaken(t *testing.T) {
	cat, err := Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	samples := map[string]any{
		"storage": "network", "replicas": 1, "replica_placement": "cross-zone", "standbys": []string{"cross-zone"},
		"sync_commit": "local", "quorum": "ANY 1", "variant": "neon", "nodes": 5, "node_placement": "cross-zone",
		"workers": 2, "shards": 64, "query_from_any_node": true, "replication_factor": 5, "consensus": "at_commit",
		"clock": "truetime", "follower_reads": true, "regions": []string{"us-east-1", "us-west-2"},
		"secondary_indexes": 1, "conflict_resolution": "none", "apply_workers": 2, "standby_reads": true, "vcpus": 16, "volume_iops": 6000, "volume_mb_per_sec": 500,
	}
	t2 := reflect.TypeFor[ArchitectureSpec]()
	for i := range t2.NumField() {
		name, _, _ := strings.Cut(t2.Field(i).Tag.Get("json"), ",")
		if _, ok := samples[name]; !ok && name != "id" {
			t.Errorf("ArchitectureSpec field %q has no sample here", name)
		}
	}
	for _, info := range cat {
		var listed []string
		for _, p := range info.Parameters {
			listed = append(listed, p.Name)
			if p.Description == "" {
				t.Errorf("%s: %s has no description", info.ID, p.Name)
			}
		}
		for name, v := range samples {
			spec := map[string]any{"id": info.ID, name: v}
			if name == "quorum" {
				spec["standbys"] = []string{"cross-zone", "cross-zone"}
			}
			if name == "replica_placement" {
				spec["replicas"] = 1
			}
			if name == "standby_reads" {
				spec["standbys"] = []string{"cross-zone"}
			}
			if name == "volume_iops" || name == "volume_mb_per_sec" {
				spec["storage"] = "network"
			}
			b, _ := json.Marshal(map[string]any{"architectures": []any{spec}})
			var req EvaluateRequest
			if err := json.Unmarshal(b, &req); err != nil {
				t.Fatalf("%s: %v", b, err)
			}
			_, err := Evaluate(req)
			if want := slices.Contains(listed, name); want != (err == nil) {
				t.Errorf("%s: %s listed %v, but a request setting it gave %v", info.ID, name, want, err)
			}
		}
	}
}

// The synchronous_commit levels the catalogue lists for an architecture
// are those it evaluates, as its preset is or with a standby (the levels
// above local wait for one), and the others are refused (user review of
// 2026-11-27: every architecture listed all five; distributed SQL takes
// local alone).
func TestCatalogueListsTheSyncCommitLevelsTaken(t *testing.T) {
	cat, err := Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	for _, info := range cat {
		i := slices.IndexFunc(info.Parameters, func(p ArchitectureParameter) bool { return p.Name == "sync_commit" })
		if i < 0 {
			continue
		}
		listed := info.Parameters[i].Values
		for _, level := range []string{"off", "local", "remote_write", "on", "remote_apply"} {
			taken := false
			for _, standbys := range [][]string{nil, {"cross-zone"}} {
				if _, err := Evaluate(EvaluateRequest{Architectures: []ArchitectureSpec{{ID: info.ID, SyncCommit: level, Standbys: standbys}}}); err == nil {
					taken = true
				}
			}
			if taken != slices.Contains(listed, level) {
				t.Errorf("%s: sync_commit %s evaluated %v, listed in %v", info.ID, level, taken, listed)
			}
		}
	}
}
