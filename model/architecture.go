package model

import (
	"fmt"
	"strings"
)

// ID names an architecture preset (PRODUCT.md §2).
type ID string

// SmallestVCPUs is the fewest cores an architecture's nodes are run with:
// 4 for distributed SQL ("4 vCPUs per node", the absolute minimum of
// CockroachDB's production checklist) and for Citus (Azure Cosmos DB for
// PostgreSQL, managed Citus, offers workers and coordinators from 4
// vCores: "Compute and storage"); 1 elsewhere, the instance family's
// smallest (min_vcpus) then bounding it. Recommend sizes no node below it,
// and a node given below it is warned of.
func (id ID) SmallestVCPUs() int {
	switch id {
	case DistributedSQL, Sharded:
		return 4
	}
	return 1
}

// OnNeon reports whether the architecture runs on Neon on profile p: its
// variant, or DBMS-optimised storage without one where p's cloud does not
// offer Aurora. Its vcpus are then compute units on the profile's node,
// which keeps its network link (a Neon compute is a VM on Neon's hosts, not
// an instance of the profile's family).
func (a Architecture) OnNeon(p Profile) bool {
	return a.ID == DBMSOptimizedStorage && (a.Variant == Neon || a.Variant == "" && !p.offersAurora())
}

// NodeSize names a node of n vCPUs as the architecture sizes it: "n
// vCPUs", or on Neon "n compute units" (1 vCPU and 4 GB each).
func (a Architecture) NodeSize(n int) string {
	if a.Variant == Neon {
		return fmt.Sprintf("%d compute units", n)
	}
	return fmt.Sprintf("%d vCPUs", n)
}

// The architectures whose data lives on one primary (engine part 1).
const (
	SingleNode             ID = "single-node"
	NetworkAttachedStorage ID = "network-attached-storage"
	ReadReplicas           ID = "read-replicas"
	HotStandby             ID = "hot-standby"
	// DBMSOptimizedStorage moves the storage manager and WAL onto a storage
	// service (engine part 2).
	DBMSOptimizedStorage ID = "dbms-optimized-storage"
	// ActiveActive lets N nodes accept writes and exchange them by
	// asynchronous logical replication (engine part 2).
	ActiveActive ID = "active-active"
	// Sharded distributes the query engine: a coordinator and W workers
	// holding S shards (Citus; engine part 2).
	Sharded ID = "sharded"
	// DistributedSQL runs SQL on a distributed key-value store whose ranges
	// are replicated by Raft/Paxos (engine part 2).
	DistributedSQL ID = "distributed-sql"
)

// Consensus is when a distributed SQL transaction replicates its writes.
type Consensus string

// Consensus modes (MODEL.md §5).
const (
	// PerStatement replicates every write statement before it returns
	// (YugabyteDB's default).
	PerStatement Consensus = "per_statement"
	// AtCommit pipelines the writes and replicates them in parallel at
	// commit (CockroachDB's parallel commits).
	AtCommit Consensus = "at_commit"
)

// Resolution is how active-active settles two nodes' updates of one row.
type Resolution string

// Conflict resolutions (MODEL.md §6).
const (
	// LastUpdateWins keeps the update with the later commit timestamp on
	// every node (pgEdge Spock, EDB Postgres Distributed): the other is
	// lost, which matters for a read-modify-write update.
	LastUpdateWins Resolution = "last_update_wins"
	// NoResolution is PostgreSQL's own logical replication: each node
	// applies every incoming update whatever the row's origin (docs §29.7,
	// update_origin_differs), so every conflict leaves the nodes holding
	// different rows until repaired by hand.
	NoResolution Resolution = "none"
)

// Clock is how a distributed SQL database orders transactions.
type Clock string

// Clocks (MODEL.md §5).
const (
	// HLC is hybrid logical clocks with a bounded offset: no commit wait,
	// reads of values written within the offset restart.
	HLC Clock = "hlc"
	// TrueTime is Spanner's interval clock: a commit waits out 2ε̄.
	TrueTime Clock = "truetime"
)

// IDs returns the architectures the engine evaluates, in the order of
// PRODUCT.md §2.
func IDs() []ID {
	return []ID{SingleNode, NetworkAttachedStorage, ReadReplicas, HotStandby, DBMSOptimizedStorage, Sharded, ActiveActive, DistributedSQL}
}

// Storage is where a node keeps its data files and WAL.
type Storage string

// Storage kinds.
const (
	LocalStorage   Storage = "local"   // local NVMe; dies with the node
	NetworkStorage Storage = "network" // network-attached block volume; survives the node
	// DisaggregatedStorage is DBMS-optimised storage: WAL to a quorum of log
	// stores, pages served by storage (dbms-optimized-storage only).
	DisaggregatedStorage Storage = "disaggregated"
)

// Variant is a DBMS-optimised storage design.
type Variant string

// Variants of dbms-optimized-storage (MODEL.md §5).
const (
	// Aurora ships WAL records to 6 storage nodes, 2 per zone in 3 zones,
	// and commits at the 4th acknowledgement; misses read one storage node
	// (Verbitski et al., SIGMOD 2017).
	Aurora Variant = "aurora"
	// Neon ships WAL to 3 safekeepers and commits at 2 (Paxos); misses go
	// to a local file cache, then GetPage@LSN at the pageserver (Neon docs,
	// "Neon architecture").
	Neon Variant = "neon"
)

// Placement is where a node sits relative to the primary.
type Placement string

// Placements, from near to far; each picks a round trip from Profile.RTT.
const (
	SameZone    Placement = "same-zone"
	CrossZone   Placement = "cross-zone"
	CrossRegion Placement = "cross-region"
)

// SyncCommit is a synchronous_commit level (PostgreSQL docs, "WAL
// configuration": off, local, remote_write, on, remote_apply).
type SyncCommit string

// synchronous_commit levels, in the order of what the commit waits for.
const (
	SyncOff         SyncCommit = "off"          // no flush wait; up to 3 × wal_writer_delay lost
	SyncLocal       SyncCommit = "local"        // local WAL flush
	SyncRemoteWrite SyncCommit = "remote_write" // + standby wrote (not flushed) the WAL
	SyncOn          SyncCommit = "on"           // + standby flushed the WAL
	SyncRemoteApply SyncCommit = "remote_apply" // + standby replayed it (visible to its readers)
)

// QuorumMethod is how synchronous_standby_names picks the standbys a commit
// waits for.
type QuorumMethod string

// Quorum methods of synchronous_standby_names.
const (
	First QuorumMethod = "FIRST" // the k highest-priority standbys (listed first)
	Any   QuorumMethod = "ANY"   // any k of the listed standbys
)

// Architecture is one architecture: a preset (ID) and the overrides a request
// may set. The zero value of an override keeps the preset's choice.
type Architecture struct {
	ID ID
	// Storage overrides where data and WAL live (local or network).
	Storage Storage
	// Replicas is the number of asynchronous read replicas; 0 auto-sizes
	// them for read-replicas (the smallest count meeting the load at the
	// target utilisation) and for dbms-optimized-storage's readers (none
	// where the writer alone meets it).
	Replicas int
	// ReplicaPlacement is where the read replicas run (default same-zone).
	ReplicaPlacement Placement
	// Standbys are the placements of synchronous-candidate standbys, in
	// priority order (hot-standby default: one cross-zone standby).
	Standbys []Placement
	// StandbyReads lets the standbys serve the reads read replicas would
	// (replica_read_fraction), as a hot standby does: their queries then
	// conflict with replay, and under remote_apply the commits wait for
	// the replay they stall (MODEL.md §2.3, §2.7). The standbys stand at
	// one placement and no read replicas are given.
	StandbyReads bool
	// SyncCommit is synchronous_commit (hot-standby default on; with no
	// standbys only off and local apply).
	SyncCommit SyncCommit
	// Quorum and QuorumCount are synchronous_standby_names' FIRST k / ANY k
	// (default FIRST 1).
	Quorum      QuorumMethod
	QuorumCount int
	// Variant is the DBMS-optimised storage design (aurora, the default where
	// the profile offers it, or neon).
	Variant Variant
	// Nodes is the number of writable nodes of active-active (default 3)
	// or of distributed SQL (0 auto-sizes them).
	Nodes int
	// NodePlacement is where active-active's or distributed SQL's nodes sit
	// relative to each other (default cross-zone).
	NodePlacement Placement
	// ReplicationFactor is distributed SQL's copies of each range (3 or 5).
	ReplicationFactor int
	// Consensus is when distributed SQL replicates writes (default
	// per_statement; at_commit under TrueTime, as Spanner buffers writes).
	Consensus Consensus
	// Clock is distributed SQL's clock (default hlc).
	Clock Clock
	// FollowerReads serves distributed SQL's reads from the nearest replica,
	// stale by up to the follower-read staleness.
	FollowerReads bool
	// SecondaryIndexes is the indexes each written row has: each is another
	// range a write touches (default 0).
	SecondaryIndexes int
	// ConflictResolution is active-active's (default last_update_wins).
	ConflictResolution Resolution
	// ApplyWorkers is active-active's apply workers per origin, each
	// applying whole transactions (default 1: PostgreSQL's logical
	// replication applies a subscription's transactions one at a time;
	// EDB Postgres Distributed applies with bdr.writers_per_subscription,
	// 2 by default, its docs' "Parallel Apply").
	ApplyWorkers int
	// Regions places the nodes by region: the first is the writer's (or,
	// for active-active and distributed SQL, one node per region); read
	// replicas serve the regions listed after it, and cross-region
	// standbys go to them in turn. Empty: everything in the client region
	// nearest the clients, by their weighted round trips.
	Regions []string
	// Workers is the number of Citus workers; 0 auto-sizes them (the
	// smallest count meeting the load at the target utilisation).
	Workers int
	// Shards is the number of shards of a distributed table (default the
	// larger of 32, citus.shard_count's default, and Workers, or 2(W − 1)
	// where more workers than 32 give the largest tenant one of its own:
	// shardsFor; at least Workers).
	Shards int
	// QueryFromAnyNode lets clients connect to any worker instead of the
	// coordinator (Citus "query from any node").
	QueryFromAnyNode bool
	// VCPUs is the option's node size where it runs another size of the
	// profile's instance family than the profile's node (0: the
	// profile's): an adapter gives the model that size's profile
	// (calibration scales a node's memory, price and bandwidth within its
	// family), and the model checks that the two agree. On Neon it is
	// the compute's compute units (neonCompute), on the profile's node.
	VCPUs int
	// VolumeIOPS is the IOPS provisioned on the option's network volumes
	// where other than the profile's network_iops (0: the profile's): an
	// adapter gives the model the profile so provisioned, and the model
	// checks that the two agree. Only options on network volumes take it.
	VolumeIOPS int
	// VolumeBandwidth is the throughput provisioned on the option's
	// network volumes where other than the profile's
	// network_bandwidth_mb_per_sec (0: the profile's), given and checked
	// as VolumeIOPS is.
	VolumeBandwidth ByteRate
	// Sized marks a result's architecture, whose counts are final: its
	// dbms-optimized-storage readers, none included, are not sized again
	// where the load grows (a sweep holds its sizes). The other counts a
	// sizing sets are never 0, and so hold without it.
	Sized bool
}

// Overrides returns the names of the overrides architecture id takes (the
// request's architecture fields), in the request's order: those whose
// sample value its checks let through, so that the list cannot drift from
// what an evaluation accepts.
func Overrides(id ID) []string {
	var out []string
	for _, o := range overrideSamples {
		a := Architecture{ID: id}
		o.set(&a)
		if _, err := a.withDefaults(); err == nil {
			out = append(out, o.name)
		}
	}
	return out
}

// SyncCommitLevels lists the synchronous_commit levels the architecture
// accepts, as its preset is or with a standby added where it takes one
// (the levels above local wait for one): distributed SQL's consensus takes
// none but local (user review of 2026-11-27: the catalogue listed all five
// for every architecture).
func SyncCommitLevels(id ID) []SyncCommit {
	var out []SyncCommit
	for _, v := range []SyncCommit{SyncOff, SyncLocal, SyncRemoteWrite, SyncOn, SyncRemoteApply} {
		a, b := Architecture{ID: id, SyncCommit: v}, Architecture{ID: id, SyncCommit: v, Standbys: []Placement{CrossZone}}
		if _, err := a.withDefaults(); err == nil {
			out = append(out, v)
		} else if _, err := b.withDefaults(); err == nil {
			out = append(out, v)
		}
	}
	return out
}

// overrideSamples sets each override to a value some architecture takes.
var overrideSamples = []struct {
	name string
	set  func(*Architecture)
}{
	{"storage", func(a *Architecture) { a.Storage = NetworkStorage }},
	{"replicas", func(a *Architecture) { a.Replicas = 1 }},
	{"replica_placement", func(a *Architecture) { a.Replicas, a.ReplicaPlacement = 1, CrossZone }},
	{"standbys", func(a *Architecture) { a.Standbys = []Placement{CrossZone} }},
	{"sync_commit", func(a *Architecture) { a.SyncCommit = SyncLocal }},
	{"quorum", func(a *Architecture) { a.Standbys, a.Quorum, a.QuorumCount = []Placement{CrossZone, CrossZone}, Any, 1 }},
	{"variant", func(a *Architecture) { a.Variant = Neon }},
	{"nodes", func(a *Architecture) { a.Nodes = 5 }},
	{"node_placement", func(a *Architecture) { a.NodePlacement = CrossRegion }},
	{"workers", func(a *Architecture) { a.Workers = 2 }},
	{"shards", func(a *Architecture) { a.Shards = 64 }},
	{"query_from_any_node", func(a *Architecture) { a.QueryFromAnyNode = true }},
	{"replication_factor", func(a *Architecture) { a.ReplicationFactor = 5 }},
	{"consensus", func(a *Architecture) { a.Consensus = AtCommit }},
	{"clock", func(a *Architecture) { a.Clock = TrueTime }},
	{"follower_reads", func(a *Architecture) { a.FollowerReads = true }},
	{"regions", func(a *Architecture) { a.Regions = []string{"us-east-1", "us-west-2"} }},
	{"secondary_indexes", func(a *Architecture) { a.SecondaryIndexes = 1 }},
	{"conflict_resolution", func(a *Architecture) { a.ConflictResolution = NoResolution }},
	{"apply_workers", func(a *Architecture) { a.ApplyWorkers = 2 }},
	{"standby_reads", func(a *Architecture) { a.Standbys, a.StandbyReads = []Placement{CrossZone}, true }},
	{"vcpus", func(a *Architecture) { a.VCPUs = 16 }},
	{"volume_iops", func(a *Architecture) { a.Storage, a.VolumeIOPS = NetworkStorage, 6000 }},
	{"volume_mb_per_sec", func(a *Architecture) { a.Storage, a.VolumeBandwidth = NetworkStorage, 500*MBPerSecond }},
}

// withDefaults fills every override left at its zero value with the preset's
// choice and checks the combination.
func (a Architecture) withDefaults() (Architecture, error) {
	given := a.ReplicaPlacement != "" // before a preset fills it
	switch a.ID {
	case SingleNode, ReadReplicas:
	case NetworkAttachedStorage:
		if a.Storage == "" {
			a.Storage = NetworkStorage
		}
	case DBMSOptimizedStorage:
		if a.Storage == "" {
			a.Storage = DisaggregatedStorage
		}
		if a.Variant == "" {
			a.Variant = Aurora
		}
		if a.ReplicaPlacement == "" {
			a.ReplicaPlacement = CrossZone // a failover target in another zone
		}
	case ActiveActive:
		if a.Nodes == 0 {
			a.Nodes = 3
		}
		if a.ConflictResolution == "" {
			a.ConflictResolution = LastUpdateWins
		}
		if a.ApplyWorkers == 0 {
			a.ApplyWorkers = 1
		}
		if a.NodePlacement == "" {
			a.NodePlacement = CrossZone
		}
	case Sharded:
		if a.Shards == 0 {
			a.Shards = max(defaultShards, a.Workers)
		}
	case DistributedSQL:
		if a.ReplicationFactor == 0 {
			a.ReplicationFactor = 3
		}
		if a.NodePlacement == "" {
			a.NodePlacement = CrossZone
		}
		if a.Clock == "" {
			a.Clock = HLC
		}
		if a.Consensus == "" {
			// Spanner buffers a transaction's writes at the client until
			// its commit (Corbett et al., OSDI 2012, §4.2.1).
			a.Consensus = PerStatement
			if a.Clock == TrueTime {
				a.Consensus = AtCommit
			}
		}
	case HotStandby:
		if a.Standbys == nil {
			a.Standbys = []Placement{CrossZone}
		}
		if a.SyncCommit == "" {
			a.SyncCommit = SyncOn
		}
	default:
		ids := make([]string, len(IDs()))
		for i, id := range IDs() {
			ids[i] = string(id)
		}
		return a, &ParamError{Field: "architectures", Err: ErrUnknown, Detail: fmt.Sprintf("%q (%s)", a.ID, strings.Join(ids, "|"))}
	}
	if a.Storage == "" {
		a.Storage = LocalStorage // every preset but the two below keeps its data on local NVMe
	}
	if a.SyncCommit == "" {
		// PostgreSQL's default is on, which waits for the standbys named in
		// synchronous_standby_names (the request's standbys are those
		// candidates) and is local without any.
		a.SyncCommit = SyncLocal
		if len(a.Standbys) > 0 {
			a.SyncCommit = SyncOn
		}
	}
	if a.StandbyReads && len(a.Standbys) > 0 {
		if given && a.ReplicaPlacement != a.Standbys[0] {
			return a, &ParamError{Field: "replica_placement", Err: ErrOutOfRange, Detail: "with standby_reads the reads go to the standbys, at their placement"}
		}
		a.ReplicaPlacement = a.Standbys[0] // the copies reads go to
	}
	if a.ReplicaPlacement == "" {
		a.ReplicaPlacement = SameZone
	}
	if a.Quorum == "" {
		a.Quorum = First
	}
	if a.QuorumCount == 0 {
		a.QuorumCount = 1
	}
	return a, a.validate()
}

// validate checks an architecture with its defaults filled in: its
// storage, each family's own fields (given to no other family), its copies
// and its variant; the first error found.
func (a Architecture) validate() error {
	for _, check := range [...]func(Architecture) error{Architecture.validateStorage, Architecture.validateDistributedSQL,
		Architecture.validateNodes, Architecture.validateSharded, Architecture.validateStandbyReads, Architecture.validateVariant, Architecture.validateCopies} {
		if err := check(a); err != nil {
			return err
		}
	}
	return nil
}

// validateStorage checks the storage and where it may stand, and the
// volumes' IOPS and throughput.
func (a Architecture) validateStorage() error {
	if a.VolumeIOPS != 0 {
		if err := checkRange("volume_iops", float64(a.VolumeIOPS), 100, 400000); err != nil {
			return err
		}
		if a.Storage != NetworkStorage {
			return &ParamError{Field: "volume_iops", Err: ErrOutOfRange, Detail: "only an option on network volumes (storage: network) provisions their IOPS"}
		}
	}
	if a.VolumeBandwidth != 0 {
		if err := checkRange("volume_mb_per_sec", float64(a.VolumeBandwidth/MBPerSecond), 10, 10000); err != nil {
			return err
		}
		if a.Storage != NetworkStorage {
			return &ParamError{Field: "volume_mb_per_sec", Err: ErrOutOfRange, Detail: "only an option on network volumes (storage: network) provisions their throughput"}
		}
	}
	switch a.Storage {
	case LocalStorage, NetworkStorage:
		if a.ID == DBMSOptimizedStorage {
			return &ParamError{Field: "storage", Err: ErrOutOfRange, Detail: "dbms-optimized-storage keeps its data in disaggregated storage"}
		}
	case DisaggregatedStorage:
		if a.ID != DBMSOptimizedStorage {
			return &ParamError{Field: "storage", Err: ErrOutOfRange, Detail: "disaggregated storage is dbms-optimized-storage's"}
		}
		if a.ReplicaPlacement == CrossRegion {
			// Replicas share the cluster volume, which lives in one region;
			// another region's copy is a second cluster (Aurora Global
			// Database), which the engine does not model.
			return &ParamError{Field: "replica_placement", Err: ErrOutOfRange, Detail: "dbms-optimized-storage's replicas share the cluster volume of one region: same-zone or cross-zone"}
		}
	default:
		return &ParamError{Field: "storage", Err: ErrUnknown, Detail: fmt.Sprintf("%q (local|network|disaggregated)", a.Storage)}
	}
	return nil
}

// validateDistributedSQL checks distributed SQL's own fields, and that no other architecture is given them.
func (a Architecture) validateDistributedSQL() error {
	if a.ID == DistributedSQL {
		if a.ReplicationFactor != 3 && a.ReplicationFactor != 5 {
			return &ParamError{Field: "replication_factor", Err: ErrOutOfRange, Detail: fmt.Sprintf("%d (3 or 5)", a.ReplicationFactor)}
		}
		if a.Nodes != 0 {
			if err := checkRange("nodes", float64(a.Nodes), float64(a.ReplicationFactor), MaxNodes); err != nil {
				return err
			}
		}
		if a.Consensus != PerStatement && a.Consensus != AtCommit {
			return &ParamError{Field: "consensus", Err: ErrUnknown, Detail: fmt.Sprintf("%q (per_statement|at_commit)", a.Consensus)}
		}
		if a.Clock != HLC && a.Clock != TrueTime {
			return &ParamError{Field: "clock", Err: ErrUnknown, Detail: fmt.Sprintf("%q (hlc|truetime)", a.Clock)}
		}
		if !a.NodePlacement.valid() {
			// (UX review of 2026-11-27: "cross_zone" was evaluated as
			// same-zone and echoed back as given.)
			return &ParamError{Field: "node_placement", Err: ErrUnknown, Detail: fmt.Sprintf("%q (same-zone|cross-zone|cross-region)", a.NodePlacement)}
		}
		if err := checkRange("secondary_indexes", float64(a.SecondaryIndexes), 0, 32); err != nil {
			return err
		}
		if len(a.Standbys) > 0 || a.Replicas > 0 {
			return &ParamError{Field: "standbys", Err: ErrOutOfRange, Detail: "distributed SQL replicates every range: use replication_factor"}
		}
		if a.SyncCommit == SyncOff {
			// Raft and Paxos acknowledge a write once a majority logged
			// it; there is no asynchronous commit to choose (review:
			// off dropped the consensus rounds and kept RPO 0).
			return &ParamError{Field: "sync_commit", Err: ErrOutOfRange, Detail: "distributed SQL commits by consensus on every write: synchronous_commit does not apply"}
		}
	} else {
		for _, f := range []struct {
			name string
			set  bool
		}{{"replication_factor", a.ReplicationFactor != 0}, {"consensus", a.Consensus != ""}, {"clock", a.Clock != ""},
			{"follower_reads", a.FollowerReads}, {"secondary_indexes", a.SecondaryIndexes != 0}} {
			if f.set { // the field given, not the first of the list (review of 2026-11-26)
				return &ParamError{Field: f.name, Err: ErrOutOfRange, Detail: "only distributed-sql has replication_factor, consensus, clock, follower_reads and secondary_indexes"}
			}
		}
	}
	return nil
}

// validateNodes checks active-active's nodes, their placement and conflict resolution, and that only it and distributed SQL are given nodes.
func (a Architecture) validateNodes() error {
	if a.ID == ActiveActive {
		if err := checkRange("nodes", float64(a.Nodes), 2, 16); err != nil {
			return err
		}
		if a.ConflictResolution != LastUpdateWins && a.ConflictResolution != NoResolution {
			return &ParamError{Field: "conflict_resolution", Err: ErrUnknown, Detail: fmt.Sprintf("%q (last_update_wins|none)", a.ConflictResolution)}
		}
		if err := checkRange("apply_workers", float64(a.ApplyWorkers), 1, 8); err != nil { // bdr.max_writers_per_subscription's default
			return err
		}
		if a.ConflictResolution == NoResolution && a.ApplyWorkers > 1 {
			// PostgreSQL's own logical replication applies a subscription's
			// transactions one at a time; its parallel apply (streaming =
			// parallel, PostgreSQL 16) takes only large transactions
			// streamed before they commit (PostgreSQL docs, CREATE
			// SUBSCRIPTION; review of 2026-11-28).
			return &ParamError{Field: "apply_workers", Err: ErrOutOfRange, Detail: "PostgreSQL's logical replication (conflict_resolution none) applies a subscription's transactions one at a time: more apply workers take EDB Postgres Distributed or pgEdge (conflict_resolution last_update_wins)"}
		}
		if len(a.Standbys) > 0 || a.Replicas > 0 {
			return &ParamError{Field: "standbys", Err: ErrOutOfRange, Detail: "active-active's copies are its writable nodes: use nodes"}
		}
		if !a.NodePlacement.valid() {
			return &ParamError{Field: "node_placement", Err: ErrUnknown, Detail: fmt.Sprintf("%q (same-zone|cross-zone|cross-region)", a.NodePlacement)}
		}
	} else if a.Nodes != 0 && a.ID != DistributedSQL {
		return &ParamError{Field: "nodes", Err: ErrOutOfRange, Detail: "only active-active and distributed-sql have nodes"}
	} else if a.NodePlacement != "" && a.ID != DistributedSQL {
		return &ParamError{Field: "node_placement", Err: ErrOutOfRange, Detail: "only active-active and distributed-sql place nodes: use replica_placement or standbys"}
	} else if a.ConflictResolution != "" {
		return &ParamError{Field: "conflict_resolution", Err: ErrOutOfRange, Detail: "only active-active resolves conflicts between writable nodes"}
	} else if a.ApplyWorkers != 0 {
		return &ParamError{Field: "apply_workers", Err: ErrOutOfRange, Detail: "only active-active applies the other nodes' writes"}
	}
	return nil
}

// validateSharded checks Citus' workers and shards, and that no other architecture is given them.
func (a Architecture) validateSharded() error {
	if a.ID == Sharded {
		if err := checkRange("workers", float64(a.Workers), 0, MaxNodes); err != nil {
			return err
		}
		if err := checkRange("shards", float64(a.Shards), max(1, float64(a.Workers)), 4096); err != nil {
			return err
		}
		if a.Replicas > 0 {
			return &ParamError{Field: "replicas", Err: ErrOutOfRange, Detail: "sharded scales reads with workers; give each worker standbys instead"}
		}
	} else if a.Workers != 0 || a.Shards != 0 || a.QueryFromAnyNode {
		return &ParamError{Field: "workers", Err: ErrOutOfRange, Detail: "only sharded has workers and shards"}
	}
	return nil
}

// validateStandbyReads checks the standbys that serve reads.
func (a Architecture) validateStandbyReads() error {
	if a.StandbyReads {
		switch {
		case len(a.Standbys) == 0:
			return &ParamError{Field: "standby_reads", Err: ErrOutOfRange, Detail: "needs standbys to read from"}
		case a.Replicas > 0 || a.ID == ReadReplicas:
			return &ParamError{Field: "standby_reads", Err: ErrOutOfRange, Detail: "the standbys serve the reads read replicas would: give one or the other"}
		case a.ID == Sharded:
			return &ParamError{Field: "standby_reads", Err: ErrOutOfRange, Detail: "a Citus worker's standbys serve no queries here: the reads scale with workers"}
		case countOf(a.Standbys, a.Standbys[0]) < len(a.Standbys):
			return &ParamError{Field: "standby_reads", Err: ErrOutOfRange, Detail: "the standbys that serve reads stand at one placement"}
		}
	}
	return nil
}

// validateVariant checks dbms-optimized-storage's variant, and that no other architecture is given one.
func (a Architecture) validateVariant() error {
	switch a.Variant {
	case "", Aurora, Neon:
	default:
		return &ParamError{Field: "variant", Err: ErrUnknown, Detail: fmt.Sprintf("%q (aurora|neon)", a.Variant)}
	}
	if a.Variant != "" && a.ID != DBMSOptimizedStorage {
		return &ParamError{Field: "variant", Err: ErrOutOfRange, Detail: "only dbms-optimized-storage has a variant"}
	}
	if a.Variant == Aurora && a.Replicas > auroraMaxReplicas {
		return &ParamError{Field: "replicas", Err: ErrOutOfRange, Detail: fmt.Sprintf("an Aurora cluster has at most %d replicas", auroraMaxReplicas)}
	}
	return nil
}

// auroraMaxReplicas is the most Aurora Replicas a cluster has: "up to 15
// Aurora Replicas" (Aurora User Guide, "Replication with Amazon Aurora").
const auroraMaxReplicas = 15

// validateCopies checks the commit level, the quorum, the placements and the counts of the copies.
func (a Architecture) validateCopies() error {
	if a.ID == DBMSOptimizedStorage && len(a.Standbys) > 0 {
		return &ParamError{Field: "standbys", Err: ErrOutOfRange, Detail: "dbms-optimized-storage replicates in storage: use replicas, which share it"}
	}
	switch a.SyncCommit {
	case SyncOff, SyncLocal, SyncRemoteWrite, SyncOn, SyncRemoteApply:
	default:
		return &ParamError{Field: "sync_commit", Err: ErrUnknown, Detail: fmt.Sprintf("%q (off|local|remote_write|on|remote_apply)", a.SyncCommit)}
	}
	switch a.Quorum {
	case First, Any:
	default:
		return &ParamError{Field: "quorum", Err: ErrUnknown, Detail: fmt.Sprintf("%q (FIRST|ANY)", a.Quorum)}
	}
	// Each named by its own field (UX review of 2026-11-27: "placement",
	// which no request has).
	if !a.ReplicaPlacement.valid() {
		return &ParamError{Field: "replica_placement", Err: ErrUnknown, Detail: fmt.Sprintf("%q (same-zone|cross-zone|cross-region)", a.ReplicaPlacement)}
	}
	for _, pl := range a.Standbys {
		if !pl.valid() {
			return &ParamError{Field: "standbys", Err: ErrUnknown, Detail: fmt.Sprintf("%q (same-zone|cross-zone|cross-region)", pl)}
		}
	}
	if err := checkRange("replicas", float64(a.Replicas), 0, MaxNodes); err != nil {
		return err
	}
	if err := checkRange("standbys", float64(len(a.Standbys)), 0, 16); err != nil {
		return err
	}
	if a.waitsForStandby() && len(a.Standbys) == 0 {
		return &ParamError{Field: "sync_commit", Err: ErrOutOfRange, Detail: fmt.Sprintf("%s needs a standby", a.SyncCommit)}
	}
	if len(a.Standbys) == 0 && (a.Quorum == Any || a.QuorumCount > 1) {
		return &ParamError{Field: "quorum", Err: ErrOutOfRange, Detail: fmt.Sprintf("%s %d names standbys: give standbys", a.Quorum, a.QuorumCount)}
	}
	if len(a.Standbys) > 0 && (a.QuorumCount < 1 || a.QuorumCount > len(a.Standbys)) {
		return &ParamError{Field: "quorum", Err: ErrOutOfRange, Detail: fmt.Sprintf("%s %d: k from 1 to the %d standbys", a.Quorum, a.QuorumCount, len(a.Standbys))}
	}
	return nil
}

// waitsForStandby reports whether a commit waits for a standby.
func (a Architecture) waitsForStandby() bool {
	return a.SyncCommit == SyncRemoteWrite || a.SyncCommit == SyncOn || a.SyncCommit == SyncRemoteApply
}

// valid reports whether p is one of the placements.
func (p Placement) valid() bool { return p == SameZone || p == CrossZone || p == CrossRegion }

// rtt returns the round trip to a node at placement pl.
func (p Profile) rtt(pl Placement) Time {
	switch pl {
	case CrossZone:
		return p.RTT.CrossZone
	case CrossRegion:
		return p.RTT.CrossRegion
	}
	return p.RTT.SameZone
}
