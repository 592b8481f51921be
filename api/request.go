package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/pgarch/pgarch/calibration"
	"github.com/pgarch/pgarch/model"
)

// EvaluateRequest is the body of an evaluation: a workload, requirements,
// a profile and the architectures to compare (all optional).
type EvaluateRequest struct {
	// Workload is what the application asks of the database.
	Workload Workload `json:"workload"`
	// Requirements are what the user needs (target_utilization sizes replicas).
	Requirements Requirements `json:"requirements"`
	// Profile is a built-in profile's name ("lecture", the default) or an
	// object {"name": "aws-gp3", <field>: <override>, ...}.
	Profile *ProfileRef `json:"profile,omitempty" swaggertype:"object"`
	// Architectures are ids or objects {"id": ..., <override>: ...} whose
	// overrides are the fields of a result's config (GET /v1/architectures
	// lists them); default: all. (Swagger 2.0 cannot say "string or
	// object", so the spec documents the ids.)
	Architectures []ArchitectureSpec `json:"architectures,omitempty" swaggertype:"array,string" example:"single-node,hot-standby"`
}

// Workload is the public workload schema (PRODUCT.md §6). Every field is
// optional; a missing field takes the default of model.DefaultWorkload.
type Workload struct {
	// Point reads per second (default 20000).
	ReadsPerSec *float64 `json:"reads_per_sec,omitempty" validate:"omitempty,gte=0,lte=100000000" example:"20000"`
	// Write transactions per second (default 1000).
	WritesPerSec *float64 `json:"writes_per_sec,omitempty" validate:"omitempty,gte=0,lte=100000000" example:"1000"`
	// Analytical queries per second (default 0).
	AnalyticalPerSec *float64 `json:"analytical_per_sec,omitempty" validate:"omitempty,gte=0,lte=100000000" example:"0"`
	// Statements per write transaction (default 5, pgbench TPC-B-like).
	StatementsPerTxn *int `json:"statements_per_txn,omitempty" validate:"omitempty,gte=1,lte=1000" example:"5"`
	// Client round trips per write transaction (default 7: BEGIN + 5 + END).
	RoundTripsPerTxn *int `json:"round_trips_per_txn,omitempty" validate:"omitempty,gte=1,lte=1000" example:"7"`
	// Database size in GB (default 200).
	DataSizeGB *float64 `json:"data_size_gb,omitempty" validate:"omitempty,gte=0.001,lte=1000000" example:"200"`
	// Hot part of the data in GB of pages (default 20).
	WorkingSetGB *float64 `json:"working_set_gb,omitempty" validate:"omitempty,gte=0,lte=1000000" example:"20"`
	// Fraction of page accesses that go to the working set (default 0.9).
	HotAccessFraction *float64 `json:"hot_access_fraction,omitempty" validate:"omitempty,gte=0,lte=1" example:"0.9"`
	// Row size in bytes (default 100).
	RowBytes *float64 `json:"row_bytes,omitempty" validate:"omitempty,gte=1,lte=8192" example:"100"`
	// Whether the working set's rows share pages (default true).
	HotRowsClustered *bool `json:"hot_rows_clustered,omitempty"`
	// Random pages a write transaction reads: index leaf and heap page of each row it locates (default 2).
	PagesReadPerTxn *float64 `json:"pages_read_per_txn,omitempty" validate:"omitempty,gte=0,lte=1000" example:"2"`
	// Random pages a write transaction dirties (default 1.05, pgbench's TPC-B-like with HOT updates; hot rows and appends apart).
	PagesWrittenPerTxn *float64 `json:"pages_written_per_txn,omitempty" validate:"omitempty,gte=0,lte=1000" example:"1.05"`
	// Rows a write transaction appends (default 1.05).
	RowsInsertedPerTxn *float64 `json:"rows_inserted_per_txn,omitempty" validate:"omitempty,gte=0,lte=1000" example:"1.05"`
	// WAL bytes a write transaction logs without full-page images (default 600), at least its inserted rows whole with 52 B of record headers each.
	WALRecordBytesPerTxn *float64 `json:"wal_record_bytes_per_txn,omitempty" validate:"omitempty,gte=0,lte=1000000000" example:"600"`
	// GB one analytical query scans (default 1).
	ScanGBPerQuery *float64 `json:"scan_gb_per_query,omitempty" validate:"omitempty,gte=0,lte=1000000" example:"1"`
	// CPU ms of one point read (default 0.05).
	CPUMsPerRead *float64 `json:"cpu_ms_per_read,omitempty" validate:"omitempty,gte=0.0001,lte=60000" example:"0.05"`
	// CPU ms of one write statement (default 0.1).
	CPUMsPerStatement *float64 `json:"cpu_ms_per_statement,omitempty" validate:"omitempty,gte=0.0001,lte=60000" example:"0.1"`
	// Rows every hot write contends for (default 0 = none).
	HotRows *int `json:"hot_rows,omitempty" validate:"omitempty,gte=0,lte=1000000000" example:"0"`
	// Fraction of write transactions updating a hot row (default 1).
	HotRowWriteFraction *float64 `json:"hot_row_write_fraction,omitempty" validate:"omitempty,gte=0,lte=1" example:"1"`
	// Statements after the hot row's update (default 1).
	StatementsAfterHotWrite *int `json:"statements_after_hot_write,omitempty" validate:"omitempty,gte=0,lte=1000" example:"1"`
	// Read statements of a write transaction that read a row it wrote before (default 1, pgbench's SELECT of its account): on distributed SQL with consensus at_commit each waits for the write's replication.
	OwnWriteReads *int `json:"own_write_reads_per_txn,omitempty" validate:"omitempty,gte=0,lte=1000" example:"1"`
	// Server connections or pool size (default 200).
	Sessions *int `json:"sessions,omitempty" validate:"omitempty,gte=1,lte=100000" example:"200"`
	// Closed-load clients (default 0 = open load).
	Clients *int `json:"clients,omitempty" validate:"omitempty,gte=0,lte=10000" example:"0"`
	// PgBouncer processes in front of each node, each single-threaded (default 0: when clients exceed sessions, as many as keep each at the target utilisation).
	PoolerProcesses *int `json:"pooler_processes,omitempty" validate:"omitempty,gte=0,lte=64" example:"0"`
	// Closed-load think time in ms (default 0).
	ThinkTimeMs *float64 `json:"think_time_ms,omitempty" validate:"omitempty,gte=0,lte=3600000" example:"0"`
	// Application ↔ database round trip in ms (default 0.2).
	ClientRTTMs *float64 `json:"client_rtt_ms,omitempty" validate:"omitempty,gte=0,lte=10000" example:"0.2"`
	// Regions clients run in, with weights (profile regions, e.g. us-east-1, eu-central-1); default: none, every client at client_rtt_ms.
	ClientRegionWeights map[string]float64 `json:"client_region_weights,omitempty" example:"us-east-1:0.7,eu-central-1:0.3"`
	// Regions clients run in, equally weighted (ignored when client_region_weights is given).
	ClientRegions []string `json:"client_regions,omitempty" example:"us-east-1,eu-central-1"`
	// Fraction of reads routed to replicas (default 1).
	ReplicaReadFraction *float64 `json:"replica_read_fraction,omitempty" validate:"omitempty,gte=0,lte=1" example:"1"`
	// How soon after a commit its writer reads, in ms (default 10).
	ReadAfterWriteMs *float64 `json:"read_after_write_ms,omitempty" validate:"omitempty,gte=0,lte=3600000" example:"10"`
	// Whether a client keeps reading from one node (default false).
	SessionAffinity *bool `json:"session_affinity,omitempty"`
	// Fraction of writes touching several shards or nodes (default 0.1).
	MultiNodeWriteFraction *float64 `json:"multi_node_write_fraction,omitempty" validate:"omitempty,gte=0,lte=1" example:"0.1"`
	// Share of the routed transactions, and of the data, of the largest tenant: one value of a Citus table's distribution column, whose shard lives on one worker (default 0: many tenants, none large).
	LargestTenantFraction *float64 `json:"largest_tenant_fraction,omitempty" validate:"omitempty,gte=0,lte=1" example:"0"`
	// Fraction of writes to a Citus reference table, replicated to every worker; with multi_node_write_fraction at most 1 (default 0).
	ReferenceWriteFraction *float64 `json:"reference_write_fraction,omitempty" validate:"omitempty,gte=0,lte=1" example:"0"`
	// Fraction of reference-table writes that only INSERT; the others (UPDATE, DELETE, upsert) run one at a time, holding the table's shard lock through their two-phase commit (default 0).
	ReferenceInsertFraction *float64 `json:"reference_insert_fraction,omitempty" validate:"omitempty,gte=0,lte=1" example:"0"`
	// Fraction of updates that compute the new value from the old (SET x = x + 1, or read then write): last-update-wins loses one of two concurrent ones (default 1, the TPC-B-like default's increments).
	RMWUpdateFraction *float64 `json:"rmw_update_fraction,omitempty" validate:"omitempty,gte=0,lte=1" example:"1"`
	// Keys concurrent writes spread over (default 1000000).
	ConflictKeys *float64 `json:"conflict_keys,omitempty" validate:"omitempty,gte=1,lte=1000000000" example:"1000000"`
}

// Requirements is the public requirements schema.
type Requirements struct {
	// p99 point-read latency target in ms (0 = none).
	P99ReadMs *float64 `json:"p99_read_ms,omitempty" validate:"omitempty,gte=0,lte=3600000" example:"5"`
	// p99 write-transaction latency target in ms (0 = none).
	P99WriteMs *float64 `json:"p99_write_ms,omitempty" validate:"omitempty,gte=0,lte=3600000" example:"20"`
	// Data loss a node failure, or one of the kinds to survive, may cost, in seconds.
	RPOSeconds *float64 `json:"rpo_seconds,omitempty" validate:"omitempty,gte=0" example:"0"`
	// Downtime a node failure, or one of the kinds to survive, may cost, in seconds.
	RTOSeconds *float64 `json:"rto_seconds,omitempty" validate:"omitempty,gte=0" example:"60"`
	// Failures to survive: node, zone, region.
	Survive []string `json:"survive,omitempty" validate:"omitempty,dive,oneof=node zone region" enums:"node,zone,region" example:"node"`
	// Required consistency guarantees.
	ReadYourWrites    bool `json:"read_your_writes,omitempty"`
	MonotonicReads    bool `json:"monotonic_reads,omitempty"`
	SnapshotIsolation bool `json:"snapshot_isolation,omitempty"`
	// Committed updates per second that may be lost silently, overwritten under last-update-wins (default 0: none).
	LostUpdatesPerSec *float64 `json:"lost_updates_per_sec,omitempty" validate:"omitempty,gte=0,lte=100000000" example:"0"`
	// Utilisation auto-sizing aims at (default 0.7).
	TargetUtilization *float64 `json:"target_utilization,omitempty" validate:"omitempty,gte=0.05,lte=0.99" example:"0.7"`
}

// ArchitectureSpec is an architecture id with optional overrides. In JSON
// it is either the id as a string or an object with an "id".
type ArchitectureSpec struct {
	ID string `json:"id" example:"hot-standby"`
	// Where data and WAL live: local or network.
	Storage string `json:"storage,omitempty" example:"local"`
	// Read replicas (0 = auto-size: read-replicas' always, dbms-optimized-storage's readers where the writer alone cannot carry the load at target_utilization, none with replica_read_fraction 0; elsewhere none).
	Replicas int `json:"replicas,omitempty" validate:"omitempty,gte=0,lte=64" example:"0"`
	// Placement of read replicas: same-zone, cross-zone, cross-region.
	ReplicaPlacement string `json:"replica_placement,omitempty" example:"same-zone"`
	// Placements of synchronous-candidate standbys, in priority order.
	Standbys []string `json:"standbys,omitempty" example:"cross-zone"`
	// The standbys serve the reads read replicas would (replica_read_fraction), their queries conflicting with replay; under remote_apply with every standby waited for, reads there see the client's own commits. Standbys at one placement, no read replicas.
	StandbyReads bool `json:"standby_reads,omitempty"`
	// synchronous_commit: off, local, remote_write, on, remote_apply (default on where there are standbys, as PostgreSQL's, else local).
	SyncCommit string `json:"sync_commit,omitempty" example:"on"`
	// synchronous_standby_names' method and count, e.g. "ANY 1", "FIRST 2".
	Quorum string `json:"quorum,omitempty" example:"FIRST 1"`
	// DBMS-optimised storage design: aurora (the default where the profile offers it) or neon.
	Variant string `json:"variant,omitempty" example:"aurora"`
	// Nodes: active-active's writable nodes (default 3, at most 16) or distributed SQL's (0 = auto-size; from replication_factor to 64).
	Nodes int `json:"nodes,omitempty" validate:"omitempty,gte=2,lte=64" example:"3"`
	// Placement of active-active's nodes relative to each other: same-zone, cross-zone, cross-region.
	NodePlacement string `json:"node_placement,omitempty" example:"cross-region"`
	// Citus workers (0 = auto-size).
	Workers int `json:"workers,omitempty" validate:"omitempty,gte=1,lte=64" example:"4"`
	// Shards of a distributed table (default the larger of 32 and workers; past 32 workers, twice the others where the largest tenant has a worker of its own).
	Shards int `json:"shards,omitempty" validate:"omitempty,gte=1,lte=4096" example:"32"`
	// Clients connect to any worker instead of the coordinator (Citus query from any node).
	QueryFromAnyNode bool `json:"query_from_any_node,omitempty"`
	// Copies of each distributed SQL range: 3 or 5 (default 3).
	ReplicationFactor int `json:"replication_factor,omitempty" validate:"omitempty,oneof=3 5" example:"3"`
	// When distributed SQL replicates writes: per_statement (default) or at_commit.
	Consensus string `json:"consensus,omitempty" example:"per_statement"`
	// Distributed SQL's clock: hlc (default) or truetime.
	Clock string `json:"clock,omitempty" example:"hlc"`
	// Serve distributed SQL reads from the nearest replica, stale by the follower-read staleness.
	FollowerReads bool `json:"follower_reads,omitempty"`
	// Node regions: the writer's first (active-active and distributed SQL: one node per region; read replicas: the regions after it).
	Regions []string `json:"regions,omitempty" example:"us-east-1"`
	// Secondary indexes per written row: each is another range (default 0).
	SecondaryIndexes int `json:"secondary_indexes,omitempty" validate:"omitempty,gte=0,lte=32" example:"1"`
	// Active-active's conflict resolution: last_update_wins (default; pgEdge Spock, EDB Postgres Distributed) or none (PostgreSQL's own logical replication: every conflict leaves the nodes different).
	ConflictResolution string `json:"conflict_resolution,omitempty" example:"last_update_wins"`
	// Active-active's apply workers per origin node: 1 (default; PostgreSQL's logical replication, one transaction at a time) to 8 (EDB Postgres Distributed: bdr.writers_per_subscription, 2 by default).
	ApplyWorkers int `json:"apply_workers,omitempty" validate:"omitempty,gte=1,lte=8" example:"2"`
	// The option's node size in vCPUs, another size of the profile's instance family (its memory, price and bandwidth follow, as the profile's vcpus does); on Neon its compute units (1 vCPU and 4 GB each, at most 56) on the profile's node; default the profile's node (on Neon the compute units that hold its cores and memory).
	VCPUs int `json:"vcpus,omitempty" validate:"omitempty,gte=1,lte=1024" example:"16"`
	// The IOPS provisioned on the option's network volumes (storage: network), from the profile's network_baseline_iops (at least 100) to its network_max_iops; default the profile's network_iops.
	VolumeIOPS int `json:"volume_iops,omitempty" validate:"omitempty,gte=100,lte=400000" example:"6000"`
	// The throughput provisioned on the option's network volumes (storage: network) in MB/s, from the profile's network_baseline_bandwidth_mb_per_sec to its network_max_bandwidth_mb_per_sec and at most network_throughput_per_iops_mb_per_sec per IOPS; default the profile's network_bandwidth_mb_per_sec.
	VolumeMBPerSec float64 `json:"volume_mb_per_sec,omitempty" validate:"omitempty,gte=10,lte=10000" example:"500"`
}

// nodeSize names a node of n vCPUs as the architecture sizes it (on Neon
// in compute units).
func (s ArchitectureSpec) nodeSize(n int) string {
	return model.Architecture{Variant: model.Variant(s.Variant)}.NodeSize(n)
}

// UnmarshalJSON accepts an id string or an object.
func (s *ArchitectureSpec) UnmarshalJSON(b []byte) error {
	var id string
	if json.Unmarshal(b, &id) == nil {
		*s = ArchitectureSpec{ID: id}
		return nil
	}
	type plain ArchitectureSpec
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	var p plain
	if err := d.Decode(&p); err != nil {
		return err
	}
	*s = ArchitectureSpec(p)
	return nil
}

// ProfileRef is a profile given by name or as an object of overrides.
type ProfileRef struct {
	calibration.Profile
	// err holds what was wrong with the profile's fields (an unknown name,
	// an override out of range): decoding goes on, so that the request's
	// other fields are checked too and one answer names every offending
	// field.
	err error
}

// UnmarshalJSON accepts a built-in profile's name or an object. An error
// in a field is kept (see decodeErr); only malformed JSON is returned.
func (r *ProfileRef) UnmarshalJSON(b []byte) error {
	var name string
	if json.Unmarshal(b, &name) == nil {
		p, ok := calibration.Lookup(name)
		if !ok {
			r.err = &model.ParamError{Field: "profile", Err: model.ErrUnknown, Detail: fmt.Sprintf("%q (built-in: %s)", name, strings.Join(calibration.Names(), ", "))}
		}
		r.Profile = p
		return nil
	}
	err := r.Profile.UnmarshalJSON(b)
	if pe := (*model.ParamError)(nil); errors.As(err, &pe) {
		r.err, err = err, nil
	}
	return err
}

// decodeErr returns the errors decoding found in the profile's fields, as
// a decodeError (the problem's pointers are then under /profile), or nil.
func (r *ProfileRef) decodeErr() error {
	if r == nil || r.err == nil {
		return nil
	}
	return &decodeError{r.err}
}

// DecodeRequest decodes a JSON request strictly: unknown fields are errors.
func DecodeRequest(b []byte) (EvaluateRequest, error) {
	var req EvaluateRequest
	err := decodeStrict(b, &req)
	return req, err
}

// ParseRequest decodes and checks a request body as POST /v1/evaluate
// does: strict decoding, the validator's ranges and the engine's checks,
// the error a problem naming each offending field by its JSON pointer, so
// that the CLI refuses what the API refuses, in the same words (review of
// 2026-11-27: the CLI decoded only, and said "json: cannot unmarshal string
// into Go struct field Workload.workload.client_rtt_ms of type float64").
func ParseRequest(b []byte) (EvaluateRequest, error) {
	req, err := DecodeRequest(b)
	if err != nil {
		return req, bodyError(&decodeError{err}, b)
	}
	return req, bodyError(checked(req, errors.Join(req.Profile.decodeErr(), requestValidator.Validate(&req))), b)
}

// decodeStrict decodes the one JSON value of b into v: an unknown field is
// an error, and so is anything but white space after the value.
func decodeStrict(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return err
	}
	if _, err := d.Token(); err != io.EOF {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return err
		}
		return &trailingData{offset: d.InputOffset()}
	}
	return nil
}

// trailingData is a second JSON value after the request's.
type trailingData struct{ offset int64 }

func (e *trailingData) Error() string {
	return fmt.Sprintf("invalid JSON: a second value ends at byte %d; a request is one object", e.offset)
}
