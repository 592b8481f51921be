package model

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
)

// ErrNotSimulated reports an option whose mechanism Network cannot describe
// yet (see docs/simulation.md); it is wrapped by a *ParamError naming the
// option.
var ErrNotSimulated = errors.New("not simulated")

// Discipline is how a station of a Network serves the requests it holds.
type Discipline int

// Disciplines of a Network's stations.
const (
	// FCFS is Servers identical servers in front of one first-come,
	// first-served line (the storage device: k = IOPS·S̄ servers, MODEL.md §2.2).
	FCFS Discipline = iota + 1
	// ProcessorSharing shares Servers cores among the jobs present: each of
	// n jobs is served at rate min(1, Servers/n) (the CPU, MODEL.md §2.1).
	ProcessorSharing
	// InfiniteServer gives every request its own server: a random delay
	// without a queue (DBMS-optimised storage, which scales out).
	InfiniteServer
	// GroupCommitFlush is one WAL flusher (MODEL.md §2.3, XLogFlush): a
	// commit that finds it idle starts a flush of its own; commits that
	// arrive during a flush wait for it to end and are flushed together in
	// the next one. A flush of a batch of B commits takes
	//
	//	Exp(FlushTime) + B·FlushPerCommit
	//
	// (the device's exponential fsync, MODEL.md §2.2, plus the batch's WAL
	// at the device's bandwidth).
	GroupCommitFlush
	// TokenBucket is a cloud volume's IOPS throttle (Device.ThrottleWindow):
	// a job takes one of TokenDepth tokens, refilled at TokenRate, waiting
	// first come, first served while there is none, and is then served
	// without a queue, as by an infinite server.
	TokenBucket
	// RandomOrder is Servers identical servers that take the waiting jobs
	// in random order, each job to its end: how the kernel runs a
	// saturated node's waiting backends (plan.cpuShape's limit; the
	// simulator's check of it, model/sim TestClosedQueueAtCPU).
	RandomOrder
)

// Station is one queueing station of a Network.
type Station struct {
	// Name is the station's name with its node, e.g. "cpu[0]", "flush[2]".
	Name       string
	Discipline Discipline
	// Servers is the number of servers (FCFS) or cores (ProcessorSharing);
	// 1 for a flusher; 0 for an infinite server or a token bucket.
	Servers int
	// Utilization is the closed form's utilisation of the station (busy
	// servers / Servers; a flusher's probability of being busy; a token
	// bucket's tokens taken / TokenRate).
	Utilization Ratio
	// RouteLoad is the busy servers the Network's routes bring to the
	// station by their own visits (a flusher: commits per second; a token
	// bucket: tokens per second), as the
	// closed form's rates and demands give them.
	RouteLoad float64
	// Background is the rate of Poisson jobs the closed form charges to the
	// station beyond the routes' visits (replay, apply, decoding, page
	// write-back, flush I/Os, the second worker of a multi-node write), so
	// that the station runs at the closed form's utilisation.
	Background Rate
	// BackgroundService is a background job's mean service time:
	// exponential at an FCFS station, constant at a processor-sharing one.
	BackgroundService Time
	// Commits is a flusher's commits per second in the closed form, of
	// which the routes' visits are a part (the rest: Background, commits
	// that no request waits for, such as pipelined writes' log appends).
	Commits Rate
	// FlushTime is a flusher's mean fsync time (exponential).
	FlushTime Time
	// FlushPerCommit is the time one commit's WAL adds to a flush.
	FlushPerCommit Time
	// TokenRate and TokenDepth are a token bucket's refill rate and size.
	TokenRate  Rate
	TokenDepth float64
}

// Pool is a set of Instances resources, each held by at most Capacity
// requests at a time; the others wait in FIFO order. A node's sessions are
// one instance of capacity Workload.Sessions (MODEL.md §2.4); hot rows are
// Workload.HotRows instances of capacity 1 (row locks, MODEL.md §2.5).
type Pool struct {
	Name      string
	Instances int
	Capacity  int
	// Utilization is the closed form's utilisation of one instance.
	Utilization Ratio
	// RandomOrder hands a released instance to a waiter drawn at random,
	// not the first: a hot row's lock, whose waiters race for each new
	// row version (plan.rowLock).
	RandomOrder bool
	// HandOver is the work each waiter but the next does on station
	// HandOverStation at each release of its instance, still waiting (a
	// hot row's: each re-checks the row and queues again, plan.rowLock).
	// 0: none.
	HandOver        Time
	HandOverStation int
}

// VisitKind is what one visit of a route does.
type VisitKind int

// Kinds of visits.
const (
	// Delay waits Shift + Exp(Mean) without queueing (a network hop, a
	// storage node's persist).
	Delay VisitKind = iota + 1
	// Serve asks Station for a service of Shift + Exp(Mean) (a CPU job's
	// work, a device read) and waits until it is served.
	Serve
	// Branch runs Then with probability P, else Else (a cache miss).
	Branch
	// Choose runs one of Options, uniformly at random (the node a request
	// is routed to, a range's leaseholder).
	Choose
	// Parallel runs the first Fixed of Options and Draw distinct others
	// drawn uniformly at random from the rest (all of them when Draw is 0)
	// in parallel, and continues when Need of them have finished (a quorum:
	// the Need-th order statistic; fork-join: Need = all). The others run on.
	Parallel
	// Hold takes one instance of Pool (uniformly at random among its
	// instances), waiting for it if it is full, runs Then, and releases it;
	// with After, it runs After first, still holding the instance, while
	// the route goes on (a lock resolved after the commit's acknowledgement).
	Hold
)

// Visit is one step of a route.
type Visit struct {
	Kind    VisitKind
	Name    string
	Station int // Serve: index into Network.Stations
	Pool    int // Hold: index into Network.Pools
	// Shift and Mean give a Delay's or a service's time: Shift plus an
	// exponential of mean Mean.
	Shift, Mean Time
	P           float64   // Branch: probability of Then
	Then, Else  []Visit   // Branch's outcomes; Then is also Hold's body
	After       []Visit   // Hold: run on, holding, after Then
	Options     [][]Visit // Choose, Parallel
	Fixed       int       // Parallel: options always run
	Draw        int       // Parallel: options drawn from the rest (0: all)
	Need        int       // Parallel: completions to wait for
	Trips       int       // Delay: the client round trips it stands for (PgBouncer relays each), 0 for other delays
}

// Class is a request class of a Network: Poisson arrivals at Rate, each
// following Route from arrival to completion.
type Class struct {
	Name  string // "read", "write" or "analytical"
	Rate  Rate
	Route []Visit
}

// Network describes an evaluated architecture as the queueing network the
// closed form approximates: its stations, pools and request classes, with
// the demands, rates, hit ratios and flush parameters of the same plan and
// solve the closed form uses. It is what a discrete-event simulation of the
// model's assumptions runs (package model/sim).
type Network struct {
	Stations []Station
	Pools    []Pool
	Classes  []Class
	// Clients > 0 makes the load closed (workload clients): that many
	// clients, each thinking an exponential Think between a request's
	// completion and its next, whose class is drawn in proportion to the
	// classes' Rate, the closed form's throughput of each.
	Clients int
	Think   Time
}

// Network returns the queueing network of architecture a under workload w
// on platform p, at the workload's offered load (under a closed load, at
// the throughput the closed form finds for its clients). Sizes must be explicit
// (Replicas for read-replicas, Workers for sharded, Nodes for
// distributed-sql) so that auto-sizing cannot move them. It returns a
// *ParamError wrapping ErrNotSimulated for what it cannot describe yet
// (PgBouncer in front of a Citus coordinator, client or node regions,
// Neon, remote_apply, query from any node, secondary indexes) and wrapping
// ErrOutOfRange when the load saturates the closed form.
func (a Architecture) Network(w Workload, p Profile, r Requirements) (Network, error) {
	if err := w.Validate(); err != nil {
		return Network{}, err
	}
	if err := r.Validate(); err != nil {
		return Network{}, err
	}
	a, err := a.withDefaults()
	if err != nil {
		return Network{}, err
	}
	unsupported := func(field, detail string) error {
		return &ParamError{Field: field, Err: ErrNotSimulated, Detail: detail}
	}
	switch {
	case len(w.ClientRegions) > 0 && !(a.ID == DistributedSQL && clientsAtNodes(w, a)):
		// Distributed SQL's clients in the nodes' own regions reach a
		// gateway there at client_rtt_ms (choose weighs the gateways).
		return Network{}, unsupported("client_region_weights", "client regions")
	case len(a.Regions) > 0 && a.ID != DistributedSQL:
		// Distributed SQL's nodes in regions are only round trips between
		// them (plan.between); elsewhere regions route clients.
		return Network{}, unsupported("regions", "regions")
	case a.Variant == Neon:
		return Network{}, unsupported("variant", "neon's local file cache")
	case a.SyncCommit == SyncRemoteApply:
		return Network{}, unsupported("sync_commit", "remote_apply (standby replay)")
	case a.QueryFromAnyNode:
		return Network{}, unsupported("query_from_any_node", "query from any node")
	case a.SecondaryIndexes > 0:
		return Network{}, unsupported("secondary_indexes", "secondary indexes")
	case a.StandbyReads:
		return Network{}, unsupported("standby_reads", "standbys serving reads")
	}
	for _, size := range []struct {
		field string
		auto  bool
	}{
		{"replicas", a.ID == ReadReplicas && a.Replicas == 0 || a.ID == DBMSOptimizedStorage && a.Replicas == 0 && !a.Sized},
		{"workers", a.ID == Sharded && a.Workers == 0},
		{"nodes", a.ID == DistributedSQL && a.Nodes == 0},
	} {
		if size.auto {
			return Network{}, &ParamError{Field: size.field, Err: ErrOutOfRange, Detail: "give the size explicitly: auto-sizing is not simulated"}
		}
	}
	pl := newPlan(context.Background(), w, p, a, r)
	if a.ID == Sharded && pl.pooled() {
		field := "clients"
		if w.PoolerProcesses > 0 {
			field = "pooler_processes"
		}
		return Network{}, unsupported(field, "PgBouncer in front of a Citus coordinator")
	}
	if w.closed() {
		return pl.closedNetwork()
	}
	pl.final = true
	st := pl.solve(1)
	if st.full() {
		return Network{}, &ParamError{Field: "reads_per_sec", Err: ErrOutOfRange, Detail: "saturated at " + st.binding()}
	}
	return pl.network(&st, nil), nil
}

// network builds the queueing network of the solve st, with the classes'
// rates given (nil: the workload's), which the background makes up to
// the solve's utilisations.
func (pl *plan) network(st *state, rates []Rate) Network {
	b := &netBuilder{pl: pl, st: st}
	b.build()
	for i, r := range rates {
		b.n.Classes[i].Rate = r
	}
	b.fillBackground()
	return b.n
}

// closedNetwork is a closed load's network: the stations at the
// throughput the closed form finds for the clients (closedLoad), its
// classes at their shares of it, and the clients.
func (pl *plan) closedNetwork() (Network, error) {
	scale, binding := pl.ceiling()
	_, _, atX, _ := pl.closedSolve(scale, binding)
	if atX.full() {
		return Network{}, &ParamError{Field: "clients", Err: ErrOutOfRange, Detail: "saturated at " + atX.binding()}
	}
	rates := []Rate{atX.reads, atX.writes}
	if pl.w.AnalyticalRate > 0 {
		rates = append(rates, atX.analytical) // a class only where the workload has it
	}
	n := pl.network(&atX, rates)
	n.Clients, n.Think = pl.w.Clients, pl.w.ThinkTime
	return n, nil
}

// simNode is the stations and pools of one database node (-1: none).
type simNode struct {
	cpu, dev, flush, sessions, locks int
	miss                             float64 // the share of its page reads that reach its device
}

// PgBouncer in front of a node (plan.pooled, MODEL.md §2.4): its
// processes are stations of one server each, through which every client
// round trip inside the node's session hold is relayed (a round trip's
// relay CPU, exponential as the closed form's M/M/1 per process takes it);
// a client that finds every server connection busy waits for one in the
// sessions' pool, PgBouncer's queue in transaction pooling. Its CPU on the
// node's cores is the CPU station's background.

type netBuilder struct {
	pl *plan
	st *state
	n  Network

	primaries []simNode // the nodes that take writes (workers, active-active or distributed SQL nodes)
	replicas  []simNode
	standbys  []int // standby flushers, by priority
	coordCPU  int
	coordFl   int
	globalLck int           // one pool of hot rows for the whole cluster (-1: per node)
	refLck    int           // a Citus reference table's lock (-1: none)
	poolers   map[int][]int // a node's PgBouncer processes, by its sessions' pool
}

func (b *netBuilder) station(s Station) int {
	b.n.Stations = append(b.n.Stations, s)
	return len(b.n.Stations) - 1
}

func (b *netBuilder) pool(p Pool) int {
	b.n.Pools = append(b.n.Pools, p)
	return len(b.n.Pools) - 1
}

// flushStation is a flusher with the closed form's group-commit state: its
// fsync and, from the fixed point F = F0 + E[batch]·b/BW, the time one
// commit's WAL adds, (F − F0)/E[batch].
func (b *netBuilder) flushStation(name string, f flush) int {
	per := Time(0)
	if f.batch > 0 {
		per = max(0, (f.f-f.fixed)/Time(f.batch))
	}
	return b.station(Station{Name: name, Discipline: GroupCommitFlush, Servers: 1, Utilization: Ratio(f.busy), Commits: f.rate * Rate(f.batch), FlushTime: f.fixed, FlushPerCommit: per})
}

// node adds the stations of one node with the closed form's load n.
func (b *netBuilder) node(i int, kind string, n node, flushes bool) simNode {
	pl := b.pl
	s := simNode{flush: -1, locks: -1, miss: pl.missRatio()}
	if kind != "" {
		s.miss = pl.copyMiss(true)
	}
	cpu := n.cpu.rho()
	if flushes && (pl.a.ID != Sharded || i == 0) {
		// A primary's hot rows' hand-overs are the row locks' own work in
		// the simulation (Pool.HandOver), not background: on each node's
		// CPU, or a Citus cluster's first worker's, which runs its rows'.
		cpu = math.Max(0, cpu-b.st.handOver/float64(pl.p.Node.VCPUs))
	}
	s.cpu = b.station(Station{Name: fmt.Sprintf("%scpu[%d]", kind, i), Discipline: ProcessorSharing, Servers: pl.p.Node.VCPUs, Utilization: Ratio(cpu)})
	switch {
	case n.dev.servers == 0:
		s.dev = b.station(Station{Name: fmt.Sprintf("%sstorage[%d]", kind, i), Discipline: InfiniteServer})
	case n.dev.ThrottleWindow > 0:
		s.dev = b.station(Station{Name: fmt.Sprintf("%svolume[%d]", kind, i), Discipline: TokenBucket, Utilization: Ratio(n.dev.rho()),
			BackgroundService: n.dev.service, TokenRate: n.dev.IOPS, TokenDepth: n.dev.depth()})
	default:
		s.dev = b.station(Station{Name: fmt.Sprintf("%sdevice[%d]", kind, i), Discipline: FCFS, Servers: n.dev.servers, Utilization: Ratio(n.dev.rho()),
			BackgroundService: Time(float64(n.dev.servers) / float64(pl.dev.IOPS))})
	}
	if flushes && pl.a.Storage != DisaggregatedStorage && (pl.a.SyncCommit != SyncOff || b.st.flush.f > 0) {
		// Under synchronous_commit = off only prepared transactions flush.
		s.flush = b.flushStation(fmt.Sprintf("%sflush[%d]", kind, i), b.st.flush)
	}
	busy := b.st.sessionBusy
	if kind != "" {
		busy = b.st.replicaSessionBusy
	}
	s.sessions = b.pool(Pool{Name: fmt.Sprintf("%ssessions[%d]", kind, i), Instances: 1, Capacity: pl.w.Sessions, Utilization: Ratio(busy / float64(pl.w.Sessions))})
	if pl.pooled() {
		if b.poolers == nil {
			b.poolers = map[int][]int{}
		}
		for j := range pl.poolerProcesses(n) {
			b.poolers[s.sessions] = append(b.poolers[s.sessions], b.station(Station{Name: fmt.Sprintf("%spooler[%d.%d]", kind, i, j), Discipline: FCFS, Servers: 1,
				Utilization: Ratio(n.pooler), BackgroundService: pl.p.Node.PoolerCPUPerRoundTrip}))
		}
	}
	return s
}

// oneTrip splits the first client round trip off a session hold's body:
// the trip, and the body without it.
func (b *netBuilder) oneTrip(body []Visit) (trip, rest []Visit) {
	i := slices.IndexFunc(body, func(v Visit) bool { return v.Trips > 0 })
	if i < 0 {
		return nil, body
	}
	one := body[i]
	one.Shift, one.Trips = one.Shift/Time(one.Trips), 1
	rest = slices.Clone(body)
	if rest[i].Shift, rest[i].Trips = rest[i].Shift-one.Shift, rest[i].Trips-1; rest[i].Trips == 0 {
		rest = slices.Delete(rest, i, i+1)
	}
	return []Visit{one}, rest
}

// relayed returns route with each client round trip inside a session
// hold of a node behind PgBouncer followed by its relay through one of
// the node's processes (at: the processes of the hold the route is in).
func (b *netBuilder) relayed(route []Visit, at []int) []Visit {
	if len(b.poolers) == 0 {
		return route
	}
	out := make([]Visit, 0, len(route))
	for _, v := range route {
		inner := at
		if p, ok := b.poolers[v.Pool]; ok && v.Kind == Hold {
			inner = p
			// In transaction pooling a request holds a server connection
			// from its arrival at the pooler to its result: one client
			// round trip, and its relay, lie outside the hold
			// (plan.outsideSession).
			var trip []Visit
			trip, v.Then = b.oneTrip(v.Then)
			out = append(out, b.relayed(trip, inner)...)
		}
		v.Then, v.Else, v.After = b.relayed(v.Then, inner), b.relayed(v.Else, inner), b.relayed(v.After, inner)
		if v.Options != nil {
			options := make([][]Visit, len(v.Options))
			for i, o := range v.Options {
				options[i] = b.relayed(o, inner)
			}
			v.Options = options
		}
		out = append(out, v)
		if v.Trips == 0 || len(at) == 0 {
			continue
		}
		relay := make([][]Visit, len(at))
		for i, st := range at {
			relay[i] = []Visit{{Kind: Serve, Name: "pooler", Station: st, Mean: b.pl.p.Node.PoolerCPUPerRoundTrip}}
		}
		for range v.Trips {
			if len(relay) == 1 {
				out = append(out, relay[0]...)
			} else {
				out = append(out, Visit{Kind: Choose, Name: "pooler", Options: relay})
			}
		}
	}
	return out
}

func (b *netBuilder) build() {
	pl, st := b.pl, b.st
	a, w := pl.a, pl.w
	b.coordCPU, b.coordFl, b.globalLck, b.refLck = -1, -1, -1, -1
	count := 1
	switch a.ID {
	case ActiveActive:
		count = a.Nodes
	case Sharded:
		count = pl.workers()
	case DistributedSQL:
		count = max(a.Nodes, a.ReplicationFactor)
	}
	for i := range count {
		b.primaries = append(b.primaries, b.node(i, "", st.primary, true))
	}
	for i := range pl.replicas {
		b.replicas = append(b.replicas, b.node(i, "replica_", st.replica, false))
	}
	if a.waitsForStandby() && a.SyncCommit == SyncOn {
		for i := range a.Standbys {
			b.standbys = append(b.standbys, b.flushStation(fmt.Sprintf("standby_flush[%d]", i), st.standbyFlush))
		}
	}
	if a.ID == Sharded {
		b.coordCPU = b.station(Station{Name: "coordinator_cpu", Discipline: ProcessorSharing, Servers: pl.p.Node.VCPUs, Utilization: Ratio(st.coord.rho())})
		if fm, fr := pl.twoPhaseShares(); fm+fr > 0 && a.SyncCommit != SyncOff {
			b.coordFl = b.flushStation("coordinator_flush", st.coordFlush)
		}
	}
	if pl.referenceUpdates() > 0 {
		b.refLck = b.pool(Pool{Name: "reference_lock", Instances: 1, Capacity: 1, Utilization: Ratio(st.refLockRho)})
	}
	if w.hotWrites() {
		// Row locks (MODEL.md §2.5). A hot row lives on one node: on a
		// sharded cluster or a distributed SQL database every transaction
		// locks it there, so one pool serves the whole cluster. Active-active
		// nodes lock their own copies (conflicts are resolved afterwards).
		// PostgreSQL's waiters race for each new row version: a waiter's
		// tuple lock is on the version it found (heapam.c, heap_update),
		// and once that version's updater commits it locks the newest one
		// behind whoever reached it first (heapam_tuple_lock), so a row passes
		// to a waiter nearer at random than in order (validation/hotrow.sh:
		// one row, 16 clients, p99 4.1 to 4.4 times the mean, where FIFO bounds it
		// near 15 hand-overs, 1.7). A distributed SQL database queues a
		// key's waiters in order (CockroachDB's lock table).
		// Each commit of a PostgreSQL row wakes its waiters, who re-check
		// it on its node's CPU (plan.rowLock); a Citus cluster's hot row
		// is on one worker, the first here.
		pool := Pool{Name: "row_locks", Instances: w.HotRows, Capacity: 1, Utilization: Ratio(st.lockRho), RandomOrder: a.ID != DistributedSQL}
		if a.ID != DistributedSQL {
			pool.HandOver = Time(handOverWork) * w.CPUPerStatement
		}
		if a.ID == Sharded || a.ID == DistributedSQL {
			pool.HandOverStation = b.primaries[0].cpu
			b.globalLck = b.pool(pool)
		} else {
			for i := range b.primaries {
				pool.Name, pool.HandOverStation = fmt.Sprintf("row_locks[%d]", i), b.primaries[i].cpu
				b.primaries[i].locks = b.pool(pool)
			}
		}
	}

	// Point reads.
	var read []Visit
	switch {
	case len(b.replicas) > 0:
		onReplica := make([][]Visit, len(b.replicas))
		for i, n := range b.replicas {
			trip := w.ClientRTT // the simulator does not place clients in regions
			if pl.clientsNearPrimary() {
				trip = pl.clientToReplica(w.ClientRTT, i)
			}
			onReplica[i] = b.readRoute(n, i, trip)
		}
		read = branch(pl.toReplicas(), []Visit{{Kind: Choose, Name: "replica", Options: onReplica}}, b.readRoute(b.primaries[0], 0, w.ClientRTT))
	default:
		read = b.choose("node", func(i int) []Visit { return b.readRoute(b.primaries[i], i, w.ClientRTT) })
	}
	// Write transactions.
	write := b.choose("node", func(i int) []Visit { return b.writeRoute(i) })
	b.n.Classes = []Class{{Name: "read", Rate: w.ReadRate, Route: read}, {Name: "write", Rate: w.WriteRate, Route: write}}
	if w.AnalyticalRate > 0 {
		b.n.Classes = append(b.n.Classes, Class{Name: "analytical", Rate: w.AnalyticalRate, Route: b.scanRoute()})
	}
	if pl.coordinates() {
		// Every client transaction holds a coordinator backend throughout.
		pool := b.pool(Pool{Name: "coordinator_sessions", Instances: 1, Capacity: w.Sessions, Utilization: Ratio(st.coordSessionBusy / float64(w.Sessions))})
		for i, c := range b.n.Classes {
			b.n.Classes[i].Route = []Visit{{Kind: Hold, Name: "coordinator_session", Pool: pool, Then: c.Route}}
		}
	}
	for i, c := range b.n.Classes {
		b.n.Classes[i].Route = b.relayed(c.Route, nil)
	}
}

// clientsAtNodes reports whether every client region holds a node.
func clientsAtNodes(w Workload, a Architecture) bool {
	for c := range w.ClientRegions {
		if !slices.Contains(a.Regions, c) {
			return false
		}
	}
	return true
}

// choose is a route over the primaries, one chosen uniformly, or on
// distributed SQL across named regions by the share of the clients each
// node is the gateway of (plan.gateways), as a chain of branches.
func (b *netBuilder) choose(name string, route func(i int) []Visit) []Visit {
	n := len(b.primaries)
	if n == 1 {
		return route(0)
	}
	if b.pl.a.ID == DistributedSQL && b.pl.namedRegions() {
		var out []Visit
		rest := 0.0 // the gateways' share from i on
		for i := n - 1; i >= 0; i-- {
			if g := b.pl.gateway[i]; g > 0 {
				rest += g
				out = branch(g/rest, route(i), out)
			}
		}
		return out
	}
	opts := make([][]Visit, n)
	for i := range opts {
		opts[i] = route(i)
	}
	return []Visit{{Kind: Choose, Name: name, Options: opts}}
}

func branch(p float64, then, els []Visit) []Visit {
	switch {
	case p >= 1:
		return then
	case p <= 0:
		return els
	}
	return []Visit{{Kind: Branch, P: p, Then: then, Else: els}}
}

// trips is n client round trips of mean rtt each, a Delay each that
// counts it even at no delay (client_rtt_ms 0), for PgBouncer's relays,
// its random part the exponential of plan.jitteredDelay.
func (b *netBuilder) trips(name string, n int, rtt Time) []Visit {
	if n <= 0 {
		return nil
	}
	j := b.pl.jitter(rtt)
	out := make([]Visit, n)
	for i := range out {
		out[i] = Visit{Kind: Delay, Name: name, Shift: rtt - j, Mean: j, Trips: 1}
	}
	return out
}

// roundTrip is a network round trip of mean rtt inside the cluster (a
// coordinator's hop to a worker, a standby's), its random part the
// exponential of plan.jitteredDelay.
func (b *netBuilder) roundTrip(name string, rtt Time) []Visit {
	if rtt <= 0 {
		return nil
	}
	j := b.pl.jitter(rtt)
	return []Visit{{Kind: Delay, Name: name, Shift: rtt - j, Mean: j}}
}

func delayVisit(name string, t Time) []Visit {
	if t <= 0 {
		return nil
	}
	return []Visit{{Kind: Delay, Name: name, Shift: t}}
}

func cpuVisit(name string, station int, x Time) Visit {
	return Visit{Kind: Serve, Name: name, Station: station, Shift: x}
}

// pageRead is one page read beyond shared_buffers: on a miss, the device's
// read (its shifted exponential, device.read), or a same-zone hop and the
// storage's read on DBMS-optimised storage.
func (b *netBuilder) pageRead(n simNode) []Visit {
	pl := b.pl
	miss := n.miss
	var on []Visit
	if pl.a.Storage == DisaggregatedStorage {
		on = append(b.roundTrip("storage_hop", pl.p.RTT.SameZone),
			Visit{Kind: Serve, Name: "page_reads", Station: n.dev, Mean: pl.p.Disaggregated.ReadLatency})
	} else {
		s := b.st.primary.dev.read("page_reads", miss)
		on = []Visit{{Kind: Serve, Name: "page_reads", Station: n.dev, Shift: s.shift, Mean: s.mean}}
	}
	return branch(miss, on, nil)
}

// readRoute is a point read served by node n (primary i, or replica i)
// from a client trip away.
func (b *netBuilder) readRoute(n simNode, i int, trip Time) []Visit {
	pl := b.pl
	body := b.trips("client_round_trip", 1, trip)
	switch pl.a.ID {
	case Sharded:
		body = append(body, cpuVisit("coordinator_cpu", b.coordCPU, coordinatorCPUPerStatement))
		body = append(body, b.roundTrip("coordinator_hop", pl.p.RTT.SameZone)...)
		body = append(body, cpuVisit("cpu", n.cpu, pl.readCPU()))
	case DistributedSQL:
		body = append(body, cpuVisit("cpu", n.cpu, pl.readCPU()))
		body = append(body, b.leaseholder(i, func(l int) []Visit {
			return []Visit{cpuVisit("kv_cpu", b.primaries[l].cpu, pl.p.KV.OperationCPU)}
		})...)
	default:
		body = append(body, cpuVisit("cpu", n.cpu, pl.readCPU()))
	}
	for range pagesPerRead {
		body = append(body, b.pageRead(n)...)
	}
	if r := pl.restartProbability(b.st.writes); r > 0 && pl.a.ID == DistributedSQL {
		body = append(body, branch(r, delayVisit("uncertainty_restart", pl.uncertaintyRestart(r).shift), nil)...)
	}
	return []Visit{{Kind: Hold, Name: "session", Pool: n.sessions, Then: body}}
}

// leaseholder is a distributed SQL statement's trip from gateway i to the
// range's leaseholder l, uniform over the nodes (pl.gatewayHop), and what
// it does there.
func (b *netBuilder) leaseholder(i int, at func(l int) []Visit) []Visit {
	return b.leaders(func(l int) []Visit {
		var out []Visit
		if l != i {
			out = b.roundTrip("leaseholder_hop", b.pl.between(i, l))
		}
		return append(out, at(l)...)
	})
}

// leaders chooses a range's leaseholder uniformly among the nodes that
// lead (pl.leads) and runs at there.
func (b *netBuilder) leaders(at func(l int) []Visit) []Visit {
	var opts [][]Visit
	for l := range b.primaries {
		if b.pl.leads(l) {
			opts = append(opts, at(l))
		}
	}
	return []Visit{{Kind: Choose, Name: "leaseholder", Options: opts}}
}

// consensus is one Raft round of a range led by node l: the leader's log
// flush and its RF−1 followers' (a round trip and a flush each, on the
// nodes pl.followers names) in parallel, committed at a majority.
func (b *netBuilder) consensus(name string, l int) []Visit {
	pl := b.pl
	rf := pl.a.ReplicationFactor
	opts := [][]Visit{{{Kind: Serve, Name: name, Station: b.primaries[l].flush}}}
	f, k := pl.followers(l)
	for _, o := range f[:k] {
		leg := append(b.roundTrip(name, pl.between(l, o)), Visit{Kind: Serve, Name: name, Station: b.primaries[o].flush})
		opts = append(opts, leg)
	}
	return []Visit{{Kind: Parallel, Name: name, Options: opts, Fixed: len(opts), Need: rf/2 + 1}}
}

// statement is the statement j of a write transaction with home node i: its
// CPU, routed through the coordinator on a sharded cluster, or at the
// gateway and the range's leaseholder (with a consensus round for a write
// statement, per_statement) on distributed SQL. Statement 0 is the
// transaction's read (pgbench's SELECT); the others write.
func (b *netBuilder) statement(i, j int) []Visit {
	pl, w := b.pl, b.pl.w
	n := b.primaries[i]
	switch pl.a.ID {
	case Sharded:
		out := []Visit{cpuVisit("coordinator_cpu", b.coordCPU, coordinatorCPUPerStatement)}
		if _, ok := pl.remoteBegin(); ok && j == 0 { // the transaction block's BEGIN on its worker
			out = append(out, b.roundTrip("remote_begin", pl.p.RTT.SameZone)...)
		}
		out = append(out, b.roundTrip("coordinator_hop", pl.p.RTT.SameZone)...)
		return append(out, cpuVisit("cpu", n.cpu, w.CPUPerStatement))
	case DistributedSQL:
		writes := j > 0 || pl.writeStatements() == w.StatementsPerTxn
		out := []Visit{cpuVisit("cpu", n.cpu, w.CPUPerStatement)}
		return append(out, b.leaseholder(i, func(l int) []Visit {
			ops := Time(1)
			if writes {
				ops = Time(pl.kvRanges())
			}
			at := []Visit{cpuVisit("kv_cpu", b.primaries[l].cpu, ops*pl.p.KV.OperationCPU)}
			if writes && pl.a.Consensus == PerStatement && !pl.singleRange() {
				at = append(at, b.consensus("write_consensus", l)...)
			}
			return at
		})...)
	}
	return []Visit{cpuVisit("cpu", n.cpu, w.CPUPerStatement)}
}

// shardedCommit is a sharded write's commit with home worker i: local, or
// two-phase commit, with multi_node_write_fraction over i and a second
// worker o ≠ i, a reference-table write's over every worker: PREPARE
// on all (a round trip, the slowest flush), the coordinator's commit
// record, COMMIT PREPARED on all.
func (b *netBuilder) shardedCommit(i int, local []Visit, reference bool) []Visit {
	pl := b.pl
	fm, fr := pl.twoPhaseShares()
	if fm+fr == 0 {
		return local
	}
	// Each phase flushes on every participant, whatever synchronous_commit
	// says, and waits for its standbys; the coordinator commits between
	// them (pl.twoPhaseCommit).
	var coord []Visit
	if pl.a.SyncCommit != SyncOff {
		coord = append([]Visit{{Kind: Serve, Name: "commit", Station: b.coordFl}}, b.standbyWait()...)
	}
	twoPhase := func(workers []int) []Visit {
		all := Visit{Kind: Parallel, Name: "commit", Need: len(workers)}
		for _, o := range workers {
			phase := append(b.roundTrip("commit_round_trip", pl.p.RTT.SameZone), Visit{Kind: Serve, Name: "commit", Station: b.primaries[o].flush})
			all.Options = append(all.Options, append(phase, b.standbyWait()...))
		}
		return append(append([]Visit{all}, coord...), all)
	}
	var pairs [][]Visit
	every := make([]int, len(b.primaries))
	for o := range b.primaries {
		every[o] = o
		if o != i { // the second worker's BEGIN (pl.secondBegin), then the two-phase commit
			pairs = append(pairs, append(b.roundTrip("remote_begin", pl.p.RTT.SameZone), twoPhase([]int{i, o})...))
		}
	}
	if reference {
		return twoPhase(every)
	}
	if fm > 0 { // then fr < 1: of the writes without a reference table, fm/(1 − fr)
		local = branch(fm/(1-fr), []Visit{{Kind: Choose, Name: "second_worker", Options: pairs}}, local)
	}
	return local
}

// commit is the commit of a write transaction with home node i, a
// reference-table write's or another's. A router transaction's COMMIT
// crosses from the coordinator to its worker and back.
func (b *netBuilder) commit(i int, reference bool) []Visit {
	if b.pl.a.ID != Sharded {
		return b.nodeCommit(i)
	}
	return b.shardedCommit(i, append(branch(b.pl.hop().p, b.roundTrip("coordinator_hop", b.pl.p.RTT.SameZone), nil), b.nodeCommit(i)...), reference)
}

// nodeCommit is the commit on node i: its flush and its standby legs.
func (b *netBuilder) nodeCommit(i int) []Visit {
	pl, st := b.pl, b.st
	a := pl.a
	n := b.primaries[i]
	if a.SyncCommit == SyncOff {
		return nil
	}
	switch {
	case a.Storage == DisaggregatedStorage:
		legs, k := pl.logStores()
		opts := make([][]Visit, len(legs))
		for j, l := range legs {
			trip := b.roundTrip("storage_quorum", Time(l.trip))
			opts[j] = append(trip, Visit{Kind: Delay, Name: "storage_quorum", Mean: Time(l.persist)})
		}
		// The batch's bytes on the storage network: the closed form's
		// group-commit fixed point, taken as a constant.
		// The storage client's CPU in the compute, then the quorum.
		return append([]Visit{cpuVisit("storage_client_cpu", n.cpu, pl.p.Disaggregated.ClientCommitCPU),
			{Kind: Parallel, Name: "storage_quorum", Options: opts, Need: k}},
			delayVisit("wal_transfer", st.flush.f-pl.dev.FsyncLatency)...)
	case a.ID == DistributedSQL:
		// One more round, led by the transaction record's leaseholder (any
		// node, a trip from the gateway i), after Spanner's prepare round
		// when the transaction spans more than one group.
		round := func(name string, hop bool) Visit {
			return b.leaders(func(l int) []Visit {
				var out []Visit
				if hop && l != i && !pl.commitRides() {
					out = b.roundTrip("commit_hop", pl.between(i, l))
				}
				return append(out, b.consensus(name, l)...)
			})[0]
		}
		out := []Visit{round("commit_consensus", true)}
		if a.Clock == TrueTime && !pl.singleRange() {
			out = []Visit{round("prepare_consensus", true), round("commit_consensus", false)}
		}
		if a.Clock == TrueTime {
			// Spanner's commit wait beyond the consensus, at the closed
			// form's mean consensus (a constant: not simulated as max()).
			c := pl.consensus(st, "")
			out = append(out, delayVisit("commit_wait", pl.commitWait(c.avg()).shift)...)
		}
		return out
	}
	out := []Visit{{Kind: Serve, Name: "wal_flush", Station: n.flush}}
	if u := b.st.burst; u.share > 0 {
		// The checkpoint surge's backlog (burst.step): uniform up to its
		// wait, as four equal atoms, for its share of the commits.
		var atoms [][]Visit
		for _, t := range quarters(u.wait) {
			atoms = append(atoms, delayVisit("checkpoint_burst", t))
		}
		out = append(out, branch(u.share, []Visit{{Kind: Choose, Name: "checkpoint_burst", Options: atoms}}, nil)...)
	}
	return append(out, b.standbyWait()...)
}

// resolution is what a hot row's lock stays held for after the commit is
// acknowledged (pl.buildPaths): on distributed SQL, beyond a one-phase
// commit, one consensus round resolving the intent, led by the row's
// leaseholder; nothing elsewhere.
func (b *netBuilder) resolution() []Visit {
	pl := b.pl
	if pl.a.ID != DistributedSQL || pl.singleRange() {
		return nil
	}
	return b.leaders(func(l int) []Visit { return b.consensus("intent_resolution", l) })
}

// standbyWait is a commit's wait for its synchronous standbys after the
// local flush (pl.standbyWait): nothing unless synchronous_commit waits.
func (b *netBuilder) standbyWait() []Visit {
	pl := b.pl
	a := pl.a
	if !a.waitsForStandby() {
		return nil
	}
	// The standby legs (MODEL.md §2.3): the walsender's round and the
	// WAL's send over the primary's link (no walsender or link station
	// here: exponentials of the closed form's means), round trip, write,
	// flush (on).
	sender := Visit{Kind: Delay, Name: "walsender", Mean: pl.walsenderStep(b.st).avg()}
	send := Visit{Kind: Delay, Name: "wal_send", Mean: pl.walSend(b.st).avg()}
	legs := make([][]Visit, len(a.Standbys))
	for j := range a.Standbys {
		legs[j] = append(append(append([]Visit{sender}, b.roundTrip("standby_round_trip", pl.standbyTrip(j))...), send), delayVisit("standby_write", pl.p.Node.PageCopyCPU)...)
		if a.SyncCommit == SyncOn {
			legs[j] = append(legs[j], Visit{Kind: Serve, Name: "standby_flush", Station: b.standbys[j]})
		}
	}
	k := a.QuorumCount
	if a.Quorum == First {
		legs, k = legs[:a.QuorumCount], a.QuorumCount
	}
	if len(legs) == 1 {
		return legs[0]
	}
	return []Visit{{Kind: Parallel, Name: "standby_quorum", Options: legs, Need: k}}
}

// writeRoute is a write transaction with home node i (MODEL.md §1.2, the
// closed form's write path), laid out as a client runs it: BEGIN's round
// trip, then each statement's round trip and CPU (the first statement also
// reads its random pages: pgbench's UPDATE of its accounts row), and the
// COMMIT's round trip and commit. From the hot UPDATE (the statement
// StatementsAfterHotWrite before the last) the row lock is held through the
// remaining statements, their round trips and the commit's acknowledgement
// (MODEL.md §2.5). A Citus reference-table write (reference_write_fraction)
// writes it in its last statement and commits over every worker; an update
// holds the table's lock from that statement's execution through the
// COMMIT's round trip and the commit, an INSERT waits for it
// (pl.referenceLock). The closed form's path has the same steps (its
// trips, T = min(after+1, trips−1) of them inside the row lock, the
// COMMIT's, commitTrips, inside the reference table's); only their order,
// which a sum ignores, is the client's.
func (b *netBuilder) writeRoute(i int) []Visit {
	n := b.primaries[i]
	body := b.writeBody(i, false)
	if fr := b.pl.w.ReferenceWriteFraction; b.pl.a.ID == Sharded && fr > 0 {
		body = branch(float64(fr), b.writeBody(i, true), body)
	}
	return []Visit{{Kind: Hold, Name: "session", Pool: n.sessions, Then: body}}
}

// writeBody is writeRoute's transaction, a reference-table write or not.
func (b *netBuilder) writeBody(i int, reference bool) []Visit {
	pl, w := b.pl, b.pl.w
	n := b.primaries[i]
	locked := w.hotWrites()
	after := 0
	if locked {
		after = w.StatementsAfterHotWrite
	}
	tailTrips := min(after+1, w.RoundTripsPerTxn-1)
	headTrips := w.RoundTripsPerTxn - tailTrips
	head := w.StatementsPerTxn - after // statements up to the hot UPDATE
	last := w.StatementsPerTxn - 1
	locking := Time(lockedWork) * w.CPUPerStatement // the hot UPDATE's CPU inside its row lock (rowLock)
	statement := func(j int) []Visit {
		out := b.statement(i, j)
		if locked && j == head-1 {
			for k := range out {
				if out[k].Name == "cpu" && out[k].Station == n.cpu {
					out[k].Shift -= locking // run at the hold's start
					break
				}
			}
		}
		if j == 0 {
			out = append(out, cpuVisit("cpu", n.cpu, Time(w.PagesReadPerTxn)*pl.pageCPU()))
			whole, frac := math.Modf(w.PagesReadPerTxn)
			for range int(whole) {
				out = append(out, b.pageRead(n)...)
			}
			if frac > 0 {
				out = append(out, branch(frac, b.pageRead(n), nil)...)
			}
		}
		return out
	}
	trip := func(yes bool) []Visit {
		if !yes {
			return nil
		}
		return b.trips("client_round_trips", 1, w.ClientRTT)
	}
	// BEGIN (and any trips beyond one per statement) comes first.
	perStatement := min(head, headTrips)
	body := b.trips("client_round_trips", headTrips-perStatement, w.ClientRTT)
	var lastTrip []Visit // the last statement's own round trip
	for j := range head {
		t := trip(j >= head-perStatement)
		if j == last {
			lastTrip = t
			break
		}
		body = append(append(body, t...), statement(j)...)
	}
	if s, k := pl.pipelineStall(b.st); k > 0 { // the reads of its own writes (pl.buildPaths)
		for range k {
			body = append(body, delayVisit(s.name, s.avg())...)
		}
	}
	var tail []Visit
	for j := head; j < w.StatementsPerTxn; j++ {
		t := trip(j-head < tailTrips)
		if j == last {
			lastTrip = t
			break
		}
		tail = append(append(tail, t...), statement(j)...)
	}
	commit := append(b.trips("client_round_trips", pl.commitTrips(), w.ClientRTT), b.commit(i, reference)...)
	rowLock := func(held []Visit) []Visit {
		if !locked {
			return held
		}
		lock := n.locks
		if b.globalLck >= 0 {
			lock = b.globalLck
		}
		work := cpuVisit("locked_work", n.cpu, locking)
		hold := []Visit{{Kind: Hold, Name: "row_lock", Pool: lock, Then: append([]Visit{work}, held...), After: b.resolution()}}
		return branch(float64(w.HotRowWriteFraction), hold, append([]Visit{work}, held...))
	}
	referenceLock := func(held []Visit) []Visit {
		if !reference {
			return held
		}
		// The call to the first worker (pl.referenceSteps), BEGIN's round
		// trip and the lock's: the lock is held from the grant, half a
		// round trip before the reply, which carries the second trip's
		// random part. An INSERT then visits the other placements one
		// after another, a round trip and a statement each.
		call, placements := pl.referenceSteps()
		rtt := pl.p.RTT.SameZone
		j := pl.jitter(rtt)
		before := branch(pl.referenceCall(), append(b.roundTrip(call.name, rtt), delayVisit(call.name, rtt/2)...), nil)
		reply := branch(pl.referenceCall(), []Visit{{Kind: Delay, Name: call.name, Shift: rtt/2 - j, Mean: j}}, nil)
		insert := append(before, reply...)
		for range pl.workers() - 1 {
			insert = append(append(insert, b.roundTrip(placements.name, rtt)...), delayVisit(placements.name, w.CPUPerStatement)...)
		}
		if b.refLck < 0 { // inserts only: they wait for no update
			return append(insert, held...)
		}
		update := append(before, Visit{Kind: Hold, Name: "reference_lock", Pool: b.refLck, Then: append(reply, held...)})
		insert = append([]Visit{{Kind: Hold, Name: "reference_lock", Pool: b.refLck}}, append(insert, held...)...)
		return branch(1-float64(w.ReferenceInsertFraction), update, insert)
	}
	if after == 0 { // the hot UPDATE, if any, is the last statement
		held := append(statement(last), rowLock(commit)...)
		return append(append(body, lastTrip...), referenceLock(held)...)
	}
	tail = append(append(tail, lastTrip...), referenceLock(append(statement(last), commit...))...)
	return append(body, rowLock(tail)...)
}

// scanRoute is an analytical query (the closed form's scan path). The
// device time the scan's read-ahead does not hide behind its CPU is the
// closed form's, a constant (bandwidth is not a simulated station). On a
// sharded cluster the query is planned and merged on the coordinator, then
// every worker runs its S/W shard tasks over par connections (at most 16,
// at most its cores), each a processor-sharing job of total/par, and the
// query waits for the slowest worker: a fork-join over W workers of
// fork-joins over par tasks (MODEL.md §3).
func (b *netBuilder) scanRoute() []Visit {
	pl, st := b.pl, b.st
	w := pl.w
	node, nodes := st.primary, b.primaries
	toReplicas := 0.0
	if len(b.replicas) > 0 && st.replicaScans > 0 {
		node, toReplicas = st.replica, pl.toReplicas()
	}
	io := pl.scanMissBytes().Over(pl.dev.Bandwidth * ByteRate(math.Max(1e-3, 1-node.bandwidth)))
	if pl.a.ID == Sharded {
		// The closed form's batch (cpu.batchJob): k = total/elapsed tasks of
		// elapsed each, the last a fraction of one, so that alone they take
		// slow start's elapsed (pl.slowStart) and together its work; when
		// each connection opens is left out.
		total, elapsed := pl.taskCPU()
		k := float64(total / elapsed)
		whole, part := math.Modf(k)
		workers := make([][]Visit, len(nodes))
		for i, n := range nodes {
			var lanes [][]Visit
			for range int(whole) {
				lanes = append(lanes, []Visit{cpuVisit("fork_join", n.cpu, elapsed)})
			}
			if part > 1e-9 {
				lanes = append(lanes, []Visit{cpuVisit("fork_join", n.cpu, elapsed*Time(part))})
			}
			workers[i] = append([]Visit{{Kind: Parallel, Name: "shard_tasks", Options: lanes, Need: len(lanes)}}, delayVisit("scan_io", max(0, io-elapsed))...)
		}
		body := b.trips("client_round_trip", 1, w.ClientRTT)
		body = append(body, cpuVisit("coordinator_cpu", b.coordCPU, coordinatorCPUPerStatement+Time(pl.a.Shards)*taskOverhead/2))
		body = append(body, b.roundTrip("coordinator_hop", pl.p.RTT.SameZone)...)
		body = append(body, Visit{Kind: Parallel, Name: "fork_join", Options: workers, Need: len(workers)})
		return b.choose("node", func(i int) []Visit {
			return []Visit{{Kind: Hold, Name: "session", Pool: nodes[i].sessions, Then: body}}
		})
	}
	if pl.a.ID == DistributedSQL {
		// Every node scans the ranges it leads in one flow; the gateway
		// waits for all of them, each behind its round trip.
		return b.choose("node", func(i int) []Visit {
			flows := make([][]Visit, len(nodes))
			for l, n := range nodes {
				flows[l] = append(b.roundTrip("flow_trip", pl.between(i, l)), cpuVisit("fork_join", n.cpu, pl.scanCPU()))
				flows[l] = append(flows[l], delayVisit("scan_io", max(0, io-pl.scanCPU()))...)
			}
			body := append(b.trips("client_round_trip", 1, w.ClientRTT), Visit{Kind: Parallel, Name: "fork_join", Options: flows, Need: len(flows)})
			return []Visit{{Kind: Hold, Name: "session", Pool: nodes[i].sessions, Then: body}}
		})
	}
	on := func(n simNode) []Visit {
		body := b.trips("client_round_trip", 1, w.ClientRTT)
		body = append(body, cpuVisit("cpu", n.cpu, pl.scanCPU()))
		body = append(body, delayVisit("scan_io", max(0, io-pl.scanCPU()))...)
		return []Visit{{Kind: Hold, Name: "session", Pool: n.sessions, Then: body}}
	}
	if toReplicas > 0 {
		onReplica := make([][]Visit, len(b.replicas))
		for i, n := range b.replicas {
			onReplica[i] = on(n)
		}
		return branch(toReplicas, []Visit{{Kind: Choose, Name: "replica", Options: onReplica}}, on(nodes[0]))
	}
	return b.choose("node", func(i int) []Visit { return on(nodes[i]) })
}

// fillBackground sets each CPU and device station's background load to
// what the closed form charges beyond the routes' own visits.
func (b *netBuilder) fillBackground() {
	load := make([]float64, len(b.n.Stations))
	visits := make([]float64, len(b.n.Stations))
	for _, c := range b.n.Classes {
		RouteLoad(c.Route, float64(c.Rate), load, visits)
	}
	for i := range b.n.Stations {
		s := &b.n.Stations[i]
		s.RouteLoad = load[i]
		if s.Discipline == GroupCommitFlush {
			s.RouteLoad = visits[i]
			s.Background = max(0, s.Commits-Rate(visits[i]))
		}
		if s.Discipline == TokenBucket {
			s.RouteLoad = visits[i]
			s.Background = max(0, Rate(float64(s.Utilization)*float64(s.TokenRate)-visits[i]))
			continue
		}
		if s.Discipline != FCFS && s.Discipline != ProcessorSharing {
			continue
		}
		if s.Discipline == ProcessorSharing {
			s.BackgroundService = 100 * Microsecond
			if visits[i] > 0 {
				s.BackgroundService = Time(load[i] / visits[i]) // the routes' mean job
			}
		}
		if need := float64(s.Utilization)*float64(s.Servers) - load[i]; need > 0 && s.BackgroundService > 0 {
			s.Background = Rate(need / float64(s.BackgroundService))
		}
	}
}

// RouteLoad adds to load[s] the busy servers (work per second) and to
// visits[s] the visits per second that a route followed at rate brings to
// each station s, by the route's branch and choice probabilities (every
// option of a Parallel runs to its end, quorum or not).
func RouteLoad(route []Visit, rate float64, load, visits []float64) {
	for _, v := range route {
		switch v.Kind {
		case Serve:
			load[v.Station] += rate * float64(v.Shift+v.Mean)
			visits[v.Station] += rate
		case Branch:
			RouteLoad(v.Then, rate*v.P, load, visits)
			RouteLoad(v.Else, rate*(1-v.P), load, visits)
		case Choose:
			for _, o := range v.Options {
				RouteLoad(o, rate/float64(len(v.Options)), load, visits)
			}
		case Parallel:
			rest := len(v.Options) - v.Fixed
			for j, o := range v.Options {
				r := rate
				if j >= v.Fixed && v.Draw > 0 && rest > 0 {
					r *= float64(min(v.Draw, rest)) / float64(rest)
				}
				RouteLoad(o, r, load, visits)
			}
		case Hold:
			RouteLoad(v.Then, rate, load, visits)
			RouteLoad(v.After, rate, load, visits)
		}
	}
}
