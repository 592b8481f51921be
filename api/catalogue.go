package api

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/pgarch/pgarch/model"
)

// ArchitectureInfo is one entry of the architecture catalogue.
type ArchitectureInfo struct {
	ID   string `json:"id" example:"hot-standby"`
	Name string `json:"name" example:"Hot standby"`
	// Layer is the layer of PostgreSQL the architecture distributes.
	Layer string `json:"layer" example:"data files + WAL (physical)"`
	// Mechanism is replication, distribution or decentralisation.
	Mechanism string `json:"mechanism" example:"replication"`
	// Preset is what the id evaluates when nothing is overridden.
	Preset   string   `json:"preset" example:"primary + synchronous standby, automatic failover"`
	Examples []string `json:"examples" example:"Patroni,pg_auto_failover,CloudNativePG"`
	// Pros and Cons are the lecture's, as the engine reports them.
	Pros []string `json:"pros"`
	Cons []string `json:"cons"`
	// Guideline is the lecture's advice on when to choose it.
	Guideline string `json:"guideline" example:"The most common use of replicas: take over when the primary fails."`
	// Parameters are the overrides a request may set for this architecture.
	Parameters []ArchitectureParameter `json:"parameters"`
}

// ArchitectureParameter is one override of an architecture.
type ArchitectureParameter struct {
	Name        string `json:"name" example:"sync_commit"`
	Description string `json:"description" example:"synchronous_commit level"`
	// Values lists the accepted values when they are a fixed set.
	Values []string `json:"values,omitempty" example:"off,local,remote_write,on,remote_apply"`
	// Preset is the preset's value, as the engine evaluates it by default.
	Preset string `json:"preset" example:"on"`
}

// architectureText is the static part of the catalogue: PRODUCT.md §2 and
// the lecture's guidelines (shared/reference/seed-source.md §2, §4). It
// covers all eight presets; the catalogue lists those the engine knows.
// The examples are systems the model's figures describe: the physical
// copies are self-managed nodes at the profile's instance prices, with
// Patroni's failover, not a managed service's (review of 2026-11-28: "e.g.
// Amazon RDS Multi-AZ" beside a 40 s RTO, where RDS fails over in 60–120 s,
// calibration.md §6.6, and bills RDS's own prices).
var architectureText = map[string]struct {
	name, layer, mechanism, preset, guideline string
	examples                                  []string
}{
	"single-node": {"Single node", "none", "none", "one node, local NVMe",
		"The baseline: very fast, performant and cost-efficient; every distributed architecture trades away some of its efficiency, especially its low latency, to remove its hazards (downtime on failure, data loss with the disk, limited scale-up).",
		[]string{"PostgreSQL on a bare-metal or local-NVMe instance"}},
	"network-attached-storage": {"Network-attached storage", "disk", "replication (inside the storage service)", "one node, data + WAL on a network block volume",
		"The durability and availability benefits usually outweigh the performance downsides; remember that PostgreSQL can be much faster on local disks.",
		[]string{"Amazon EBS", "Azure Premium SSD", "Google Persistent Disk"}},
	"read-replicas": {"Read replicas", "data files + WAL (physical)", "replication", "primary + R async streaming replicas, reads load-balanced",
		"Consider replicas when you need more than 100k reads/s or reads bottleneck the CPU; avoid them for read-after-write chains and large working sets.",
		[]string{"PostgreSQL streaming replication", "Patroni replicas behind HAProxy", "pgpool-II / PgBouncer load balancing"}},
	"hot-standby": {"Hot standby", "data files + WAL (physical)", "replication", "primary + synchronous standby, automatic failover",
		"The most common use of replicas: a standby takes over when the primary fails; synchronous commit adds a round trip to the standby per commit for an RPO of zero.",
		[]string{"Patroni", "pg_auto_failover", "CloudNativePG"}},
	"dbms-optimized-storage": {"DBMS-optimised storage", "storage manager / WAL", "decentralisation", "WAL to a quorum of storage nodes across zones, pages served by storage",
		"May help complex workloads; compare price-performance under load with a bigger machine.",
		[]string{"Amazon Aurora", "Google AlloyDB", "Neon"}},
	"sharded": {"Transparent sharding", "query engine", "distribution", "coordinator + W workers, S shards, router and multi-shard queries, 2PC",
		"Multi-tenant applications; otherwise large working sets (over 100 GB) or compute-heavy queries.",
		[]string{"Citus"}},
	"active-active": {"Active-active", "logical data", "replication", "N nodes accept writes, async logical replication, conflicts resolved after commit",
		"Only very simple workloads (e.g. queues), and only when the benefits are truly needed.",
		[]string{"EDB Postgres Distributed (BDR)", "pgEdge"}},
	"distributed-sql": {"Distributed SQL", "logical data on a distributed KV store", "distribution + replication", "ranges replicated by Raft/Paxos (RF 3 or 5), global timestamps",
		"High write latency from consensus and internal operations; the lecture's advice for most workloads is to just use PostgreSQL.",
		[]string{"CockroachDB", "YugabyteDB", "Google Spanner"}},
}

// Catalogue returns the catalogue of the architectures the engine knows,
// taking pros, cons and preset values from an evaluation of the default
// workload.
func Catalogue() ([]ArchitectureInfo, error) {
	resp, err := Evaluate(EvaluateRequest{})
	if err != nil {
		return nil, fmt.Errorf("api: catalogue: %w", err)
	}
	out := make([]ArchitectureInfo, 0, len(resp.Results))
	for _, r := range resp.Results {
		t := architectureText[r.Architecture]
		info := ArchitectureInfo{
			ID: r.Architecture, Name: t.name, Layer: t.layer, Mechanism: t.mechanism, Preset: t.preset,
			Examples: append([]string{}, t.examples...), Guideline: t.guideline,
			Pros: texts(r.Pros), Cons: texts(r.Cons),
		}
		if info.Name == "" {
			info.Name = r.Architecture
		}
		if info.Examples == nil {
			info.Examples = []string{}
		}
		params, err := overrides(r.Config)
		if err != nil {
			return nil, err
		}
		info.Parameters = params
		out = append(out, info)
	}
	return out, nil
}

// overrideText describes the overrides of ArchitectureSpec (a test checks
// that each has a line here).
var overrideText = map[string]struct {
	description string
	values      []string
}{
	"storage":           {"where data files and WAL live", []string{"local", "network"}},
	"sync_commit":       {"synchronous_commit level", []string{"off", "local", "remote_write", "on", "remote_apply"}},
	"replicas":          {"asynchronous read replicas (0 = auto-size to the target utilisation)", nil},
	"replica_placement": {"where read replicas run", []string{"same-zone", "cross-zone", "cross-region"}},
	"standbys":          {"placements of synchronous-candidate standbys, in priority order (a list)", []string{"same-zone", "cross-zone", "cross-region"}},
	"quorum":            {"synchronous_standby_names' method and count: FIRST k or ANY k", nil},
	"variant":           {"the DBMS-optimised storage: Aurora's six storage nodes, or Neon's safekeepers and pageserver", []string{"aurora", "neon"}},
	"nodes":             {"nodes (0 = auto-size distributed SQL to the target utilisation; active-active 3)", nil},
	"node_placement":    {"where the nodes run relative to one another", []string{"same-zone", "cross-zone", "cross-region"}},
	"workers":           {"Citus workers (0 = auto-size to the target utilisation)", nil},
	"shards":            {"shards of each distributed table, at least the workers (default 32)", nil},
	"query_from_any_node": {"clients connect to the workers, which plan and route statements, instead of the coordinator",
		[]string{"true", "false"}},
	"replication_factor": {"copies of each range, replicated by Raft", []string{"3", "5"}},
	"consensus": {"when a write waits for consensus: every write statement (YugabyteDB), or once at commit (CockroachDB's parallel commits, Spanner)",
		[]string{"per_statement", "at_commit"}},
	"clock":             {"hybrid logical clocks with uncertainty restarts (CockroachDB, YugabyteDB), or TrueTime's commit wait (Spanner)", []string{"hlc", "truetime"}},
	"follower_reads":    {"point reads served by the nearest copy at a bounded staleness", []string{"true", "false"}},
	"regions":           {"named regions of the profile's matrix, the writer's first (a list); nodes, replicas or standbys spread over them", nil},
	"secondary_indexes": {"secondary indexes per table: more ranges each written row touches", nil},
	"conflict_resolution": {"how active-active settles two nodes' updates of a row: last-update-wins, or none (PostgreSQL's own logical replication)",
		[]string{"last_update_wins", "none"}},
	"apply_workers":     {"apply workers per origin node on every other node, each a transaction at a time: 1 (PostgreSQL's logical replication) to 8 (EDB Postgres Distributed's Parallel Apply, 2 by default)", nil},
	"standby_reads":     {"the standbys serve the reads read replicas would; under remote_apply their replay, stalled by those queries, holds the commits", []string{"true", "false"}},
	"vcpus":             {"the node's size in vCPUs, another size of the profile's instance family: its memory, price and bandwidth follow (default the profile's node)", nil},
	"volume_iops":       {"the IOPS provisioned on the option's network volumes (storage: network), from the profile's network_baseline_iops to its network_max_iops, as priced there (default the profile's network_iops)", nil},
	"volume_mb_per_sec": {"the throughput in MB/s provisioned on the option's network volumes (storage: network), from the profile's network_baseline_bandwidth_mb_per_sec to its network_max_bandwidth_mb_per_sec, at most network_throughput_per_iops_mb_per_sec per IOPS, as priced there (default the profile's network_bandwidth_mb_per_sec)", nil},
}

// overrides lists the overrides the architecture takes (model.Overrides)
// with the values the preset was evaluated with (its Config in JSON form).
func overrides(cfg ArchitectureSpec) ([]ArchitectureParameter, error) {
	b, err := json.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	var preset map[string]any
	if err := json.Unmarshal(b, &preset); err != nil {
		return nil, err
	}
	var out []ArchitectureParameter
	for _, name := range model.Overrides(model.ID(cfg.ID)) {
		text := overrideText[name]
		p := ArchitectureParameter{Name: name, Description: text.description, Values: text.values, Preset: presetText(preset[name])}
		if name == "sync_commit" {
			p.Values = nil
			for _, v := range model.SyncCommitLevels(model.ID(cfg.ID)) {
				p.Values = append(p.Values, string(v))
			}
		}
		if name == "replicas" && p.Preset == "" {
			p.Preset = "auto"
		}
		out = append(out, p)
	}
	return out, nil
}

// presetText formats a preset value: lists comma-separated, absent as "".
func presetText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = presetText(x)
		}
		return strings.Join(parts, ",")
	}
	return fmt.Sprint(v)
}

func texts(ps []Point) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Text
	}
	return out
}
