package api_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pgarch/pgarch/api"
	"github.com/pgarch/pgarch/model"
)

func decode(t *testing.T, body string) api.EvaluateRequest {
	t.Helper()
	req, err := api.DecodeRequest([]byte(body))
	if err != nil {
		t.Fatalf("DecodeRequest(%s) error: %v", body, err)
	}
	return req
}

func TestEvaluateDefault(t *testing.T) {
	resp, err := api.Evaluate(api.EvaluateRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Profile.Name != "lecture" {
		t.Errorf("default profile = %q, want lecture", resp.Profile.Name)
	}
	var got []string
	for _, r := range resp.Results {
		got = append(got, r.Architecture)
	}
	// The architectures the engine knows, in PRODUCT.md §2's order (model.IDs).
	if want := "single-node network-attached-storage read-replicas hot-standby dbms-optimized-storage sharded active-active distributed-sql"; strings.Join(got, " ") != want {
		t.Errorf("architectures = %v, want %s", got, want)
	}
	if *resp.Workload.ReadsPerSec != 20000 || *resp.Workload.Sessions != 200 {
		t.Errorf("echoed workload lacks its defaults: %+v", resp.Workload)
	}
	// Every field of the result schema is present in the JSON.
	b, err := json.Marshal(resp)
	if err != nil {
		t.Fatalf("json.Marshal: %v", err)
	}
	var generic struct{ Results []map[string]any }
	if err := json.Unmarshal(b, &generic); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"architecture", "saturated", "bottleneck", "max_throughput_scale", "throughput_per_sec", "read", "write",
		"commit_path", "read_path", "utilization", "cache_hit_ratio", "iops_demand_per_sec", "iops_ceiling_per_sec", "wal_mb_per_sec",
		"consistency", "availability", "nodes", "sizing", "cost_usd_per_month", "warnings", "pros", "cons"} {
		if _, ok := generic.Results[0][key]; !ok {
			t.Errorf("result lacks %q", key)
		}
	}
	if _, ok := generic.Results[3]["replication_lag_ms"]; !ok {
		t.Errorf("hot-standby result lacks replication_lag_ms")
	}
}

// A saturated architecture reports null latencies, never NaN or Inf, and
// the JSON encoder (which rejects ±Inf) succeeds.
func TestSaturatedIsNull(t *testing.T) {
	req := decode(t, `{"workload": {"writes_per_sec": 200000}, "architectures": ["network-attached-storage"]}`)
	resp, err := api.Evaluate(req)
	if err != nil {
		t.Fatal(err)
	}
	r := resp.Results[0]
	if !r.Saturated || r.Write == nil || r.Write.P99Ms != nil {
		t.Fatalf("saturated = %v, write = %+v; want saturated with null p99", r.Saturated, r.Write)
	}
	if _, err := json.Marshal(resp); err != nil {
		t.Fatalf("json.Marshal: %v", err)
	}
}

func TestArchitectureOverrides(t *testing.T) {
	req := decode(t, `{"architectures": ["single-node", {"id": "hot-standby", "sync_commit": "remote_apply", "standbys": ["same-zone", "cross-region"], "quorum": "ANY 1"}, {"id": "read-replicas", "replicas": 3}]}`)
	resp, err := api.Evaluate(req)
	if err != nil {
		t.Fatal(err)
	}
	hs := resp.Results[1].Config
	if hs.SyncCommit != "remote_apply" || hs.Quorum != "ANY 1" || len(hs.Standbys) != 2 {
		t.Errorf("hot-standby config = %+v", hs)
	}
	if rr := resp.Results[2]; rr.Sizing.Replicas != 3 || rr.Sizing.AutoSized || rr.Nodes != 4 {
		t.Errorf("read-replicas sizing = %+v, nodes %d; want 3 fixed replicas, 4 nodes", rr.Sizing, rr.Nodes)
	}
}

func TestProfileOverride(t *testing.T) {
	req := decode(t, `{"profile": {"name": "aws-gp3", "network_fsync_latency_us": 500}, "architectures": ["network-attached-storage"]}`)
	resp, err := api.Evaluate(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Profile.Name != "aws-gp3" || resp.Profile.Values.Network.FsyncLatency != 500*model.Microsecond {
		t.Errorf("profile = %s with fsync %v, want aws-gp3 with 500µs", resp.Profile.Name, resp.Profile.Values.Network.FsyncLatency)
	}
}

// An option's own node size (vcpus) is that size of the profile's
// instance family, as the profile's vcpus would make it: a single node of
// 16 vCPUs on aws-gp3 gives the figures of a single node on aws-gp3 with
// vcpus 16 (twice the r6i.2xlarge's memory, price and bandwidth), beside
// the profile's own 8-vCPU node in the same request.
func TestArchitectureNodeSize(t *testing.T) {
	own, err := api.Evaluate(decode(t, `{"workload": {"reads_per_sec": 150000, "writes_per_sec": 5000}, "profile": "aws-gp3", "architectures": ["single-node", {"id": "single-node", "vcpus": 16}]}`))
	if err != nil {
		t.Fatal(err)
	}
	whole, err := api.Evaluate(decode(t, `{"workload": {"reads_per_sec": 150000, "writes_per_sec": 5000}, "profile": {"name": "aws-gp3", "vcpus": 16}, "architectures": ["single-node"]}`))
	if err != nil {
		t.Fatal(err)
	}
	small, large, want := own.Results[0], own.Results[1], whole.Results[0]
	if large.Config.VCPUs != 16 || small.Config.VCPUs != 0 {
		t.Errorf("configs' vcpus %d and %d, want 0 (the profile's) and 16", small.Config.VCPUs, large.Config.VCPUs)
	}
	large.Config.VCPUs = 0
	if !reflect.DeepEqual(large, want) {
		t.Errorf("16 vCPUs as the option's: cost %v, headroom %v; as the profile's: cost %v, headroom %v", large.CostUSDPerMonth.Total, *large.MaxThroughputScale, want.CostUSDPerMonth.Total, *want.MaxThroughputScale)
	}
	if !small.Saturated || large.Saturated {
		t.Errorf("saturated: 8 vCPUs %v, 16 %v; want the larger node to carry what the smaller cannot", small.Saturated, large.Saturated)
	}
}

// A node the request's profile gives is every option's own: recommend
// judges no other size of it, as for an option's own vcpus (review of
// 2026-11-28: a profile of 16 vCPUs was configured down to 2), where the
// built-in's node is sized to a small load (2 vCPUs).
func TestProfileNodeSizeIsGiven(t *testing.T) {
	for _, tc := range []struct {
		profile string
		vcpus   int // the option's own (Config.VCPUs): 0 for the profile's
	}{{`"aws-gp3"`, 2}, {`{"name": "aws-gp3", "vcpus": 16}`, 0}} {
		resp, err := api.Recommend(decode(t, `{"workload": {"reads_per_sec": 500, "writes_per_sec": 50, "data_size_gb": 20, "working_set_gb": 5, "sessions": 50}, "profile": `+tc.profile+`, "architectures": ["single-node"]}`))
		if err != nil {
			t.Fatal(err)
		}
		if got := resp.Options[0].Result.Config.VCPUs; got != tc.vcpus {
			t.Errorf("profile %s: single node on %d vCPUs, want %d", tc.profile, got, tc.vcpus)
		}
		said := slices.ContainsFunc(resp.Rationale, func(s string) bool { return strings.Contains(s, "profile gives the node (vcpus 16)") })
		if said != (tc.vcpus == 0) {
			t.Errorf("profile %s: rationale %q; want it to say the node is given exactly where it is", tc.profile, resp.Rationale)
		}
	}
}

// The volumes' IOPS a request's profile gives (network_iops) are every
// option's own, as its vcpus are the nodes': recommend provisions no
// other (ADR 0011). On aws-io2's 12,000 a small network-attached node is
// provisioned down to 100 IOPS (decide.TestVolumesProvisionedToTheLoad);
// given 12,000 it keeps them. An option's volume_iops outside what its
// profile's volumes provision is refused, naming the field.
func TestProfileVolumeIOPSAreGiven(t *testing.T) {
	for _, tc := range []struct {
		profile string
		iops    int // the option's own (Config.VolumeIOPS): 0 for the profile's
	}{{`"aws-io2"`, 100}, {`{"name": "aws-io2", "network_iops": 12000}`, 0}} {
		resp, err := api.Recommend(decode(t, `{"workload": {"reads_per_sec": 50, "writes_per_sec": 5, "data_size_gb": 5, "working_set_gb": 1, "sessions": 50}, "profile": `+tc.profile+`, "architectures": ["network-attached-storage"]}`))
		if err != nil {
			t.Fatal(err)
		}
		if got := resp.Options[0].Result.Config.VolumeIOPS; got != tc.iops {
			t.Errorf("profile %s: volumes of %d IOPS, want %d", tc.profile, got, tc.iops)
		}
	}
	_, err := api.Evaluate(decode(t, `{"profile": "aws-gp3", "architectures": [{"id": "network-attached-storage", "volume_iops": 20000}]}`))
	var pe *model.ParamError
	if !errors.As(err, &pe) || pe.Field != "architectures/0/volume_iops" {
		t.Errorf("gp3 volumes of 20,000 IOPS: error %v, want one naming architectures/0/volume_iops", err)
	}
}

func TestInvalidRequests(t *testing.T) {
	for _, tc := range []struct {
		name, body, field string
	}{
		{"out of range", `{"workload": {"hot_access_fraction": 1.5}}`, "hot_access_fraction"},
		{"unknown architecture", `{"architectures": ["mainframe"]}`, "architectures/0"},
		{"bad override", `{"architectures": [{"id": "hot-standby", "sync_commit": "eventually"}]}`, "architectures/0/sync_commit"},
		{"bad quorum", `{"architectures": [{"id": "hot-standby", "quorum": "MOST 1"}]}`, "architectures/0/quorum"},
		{"too many replicas", `{"architectures": [{"id": "read-replicas", "replicas": 65}]}`, "architectures/0/replicas"},
		{"unknown profile", `{"profile": "on-prem"}`, "profile"},
		{"unknown profile field", `{"profile": {"name": "lecture", "warp_factor": 9}}`, "warp_factor"},
		{"target utilisation", `{"requirements": {"target_utilization": 1.5}}`, "target_utilization"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := api.DecodeRequest([]byte(tc.body))
			if err == nil {
				_, err = api.Evaluate(req)
			}
			var pe *model.ParamError
			if !errors.As(err, &pe) || pe.Field != tc.field {
				t.Errorf("error = %v, want a ParamError naming %s", err, tc.field)
			}
		})
	}
	if _, err := api.DecodeRequest([]byte(`{"workload": {"reads_per_second": 1}}`)); err == nil || !strings.Contains(err.Error(), "reads_per_second") {
		t.Errorf("unknown field: error = %v, want one naming reads_per_second", err)
	}
}

func TestCSV(t *testing.T) {
	resp, err := api.Evaluate(decode(t, `{"workload": {"writes_per_sec": 200000}}`))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := api.WriteCSV(&buf, resp, ','); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatalf("output is not RFC 4180 CSV: %v", err)
	}
	if len(rows) != 1+len(resp.Results) {
		t.Fatalf("%d rows, want a header and %d", len(rows), len(resp.Results))
	}
	if rows[0][0] != "architecture" || rows[0][4] != "write_p99_ms" {
		t.Errorf("header = %v", rows[0])
	}
	// Columns are added at the end: the plan priced where a provider has
	// several (Aurora's tier, Neon's plan: model.Cost.Plan; "" elsewhere),
	// what the prices leave out (a licence: distributed SQL and
	// active-active), whether a copy falls behind, the throughput carried
	// (the offered rates here: an open load), and an analytical query's
	// latency ("" here: the request has none), each node's cores (the
	// profile's 8 here), the monthly cost per request/s carried (the
	// cost over throughput_per_sec) and the volumes' IOPS and throughput
	// ("" here: the first row, single-node, is on its local disk).
	if i := len(rows[0]) - 6; rows[0][i] != "analytical_p50_ms" || rows[0][i+1] != "analytical_p99_ms" || rows[1][i] != "" || rows[0][i+2] != "node_vcpus" || rows[1][i+2] != "8" || rows[0][i+3] != "cost_per_request_per_sec_usd_per_month" ||
		rows[0][i+4] != "volume_iops" || rows[1][i+4] != "" || rows[0][i+5] != "volume_mb_per_sec" || rows[1][i+5] != "" {
		t.Errorf("last columns %q, first row %q, want analytical_p50_ms and analytical_p99_ms, empty, node_vcpus 8, the cost per request/s, volume_iops and volume_mb_per_sec, empty", rows[0][i:], rows[1][i:])
	}
	if last := len(rows[0]) - 9; rows[0][last-1] != "cost_plan" || rows[0][last] != "cost_excludes" || rows[0][last+1] != "falls_behind" || rows[0][last+2] != "throughput_per_sec" {
		t.Errorf("last columns %q, want cost_plan, cost_excludes, falls_behind, throughput_per_sec", rows[0][last-1:])
	} else {
		cost := slices.Index(rows[0], "cost_usd_per_month")
		for _, row := range rows[1:] {
			if row[last+2] != "220000" { // the default 20,000 reads and the request's 200,000 writes a second
				t.Errorf("%s: throughput_per_sec %q, want the offered 220000", row[0], row[last+2])
			}
			total, _ := strconv.ParseFloat(row[cost], 64)
			per, _ := strconv.ParseFloat(row[slices.Index(rows[0], "cost_per_request_per_sec_usd_per_month")], 64)
			if math.Abs(per*220000-total) > 1e-6*total {
				t.Errorf("%s: %v per request/s, want the cost %v over 220000", row[0], per, total)
			}
		}
		for _, row := range rows[1:] {
			if want := row[0] == "dbms-optimized-storage"; want != strings.HasPrefix(row[last-1], "aurora-") {
				t.Errorf("%s: cost_plan %q, want an Aurora tier only on dbms-optimized-storage", row[0], row[last-1])
			}
			if want := row[0] == "distributed-sql" || row[0] == "active-active"; want != (strings.Contains(row[last], "licence") || strings.Contains(row[last], "subscription")) {
				t.Errorf("%s: cost_excludes %q, want a licence or subscription only on distributed-sql and active-active", row[0], row[last])
			}
		}
	}
	text := map[string]bool{"architecture": true, "bottleneck": true, "saturated": true, "cost_plan": true, "cost_excludes": true, "falls_behind": true}
	for _, row := range rows[1:] {
		for i, cell := range row {
			if text[rows[0][i]] || cell == "" { // "" is null: saturated or not applicable
				continue
			}
			if _, err := strconv.ParseFloat(cell, 64); err != nil || strings.ContainsAny(cell, "eE,") {
				t.Errorf("%s = %q: want a plain decimal", rows[0][i], cell)
			}
		}
	}
}

// A small RPO keeps its digits in Markdown and in the terminal table: an
// asynchronous replica's half a millisecond is not the 0 a synchronous
// standby gives, which rules it out of rpo_seconds 0 (review: both printed
// 0.000 and 0.0 s). The cells read back within 1 % of the JSON figure.
func TestSmallRPOKeepsItsDigits(t *testing.T) {
	resp, err := api.Evaluate(api.EvaluateRequest{Architectures: []api.ArchitectureSpec{{ID: "read-replicas"}}})
	if err != nil {
		t.Fatal(err)
	}
	rpo := *resp.Results[0].Availability.RPOSeconds
	if !(rpo > 0 && rpo < 1e-3) {
		t.Fatalf("read-replicas' RPO %g s: want an asynchronous replica's, under a millisecond", rpo)
	}
	var md, table bytes.Buffer
	if err := api.WriteMarkdown(&md, resp); err != nil {
		t.Fatal(err)
	}
	if err := api.WriteTable(&table, resp); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(md.String()), "\n")
	header, row := strings.Split(lines[len(lines)-3], "|"), strings.Split(lines[len(lines)-1], "|")
	col := slices.IndexFunc(header, func(h string) bool { return strings.TrimSpace(h) == "rpo_seconds" })
	if got, err := strconv.ParseFloat(strings.TrimSpace(row[col]), 64); err != nil || math.Abs(got-rpo) > 0.01*rpo {
		t.Errorf("Markdown rpo_seconds cell %q, want %g", row[col], rpo)
	}
	fields := strings.Fields(strings.Split(table.String(), "\n")[1])
	i := slices.Index(fields, "s") - 1 // the RPO, the first figure in seconds
	if got, err := strconv.ParseFloat(fields[i], 64); err != nil || math.Abs(got-rpo) > 0.01*rpo {
		t.Errorf("table RPO %q in %q, want %g", fields[i], fields, rpo)
	}
}

// CSV ends its lines with CRLF, as RFC 4180 asks; TSV (IANA
// text/tab-separated-values) with LF (UX review of 2026-11-27: CSV with
// LF).
func TestCSVLineEndings(t *testing.T) {
	resp, err := api.Evaluate(api.EvaluateRequest{Architectures: []api.ArchitectureSpec{{ID: "single-node"}, {ID: "hot-standby"}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		sep  rune
		want string
	}{{',', "\r\n"}, {'\t', "\n"}} {
		var b strings.Builder
		if err := api.WriteCSV(&b, resp, c.sep); err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitAfter(b.String(), "\n")
		for _, l := range lines[:len(lines)-1] {
			if !strings.HasSuffix(l, c.want) || strings.Count(l, "\r") != strings.Count(c.want, "\r") {
				t.Errorf("separator %q: line %q, want it ended by %q alone", c.sep, l, c.want)
				break
			}
		}
	}
}
