package model_test

import (
	"math"
	"strings"
	"testing"

	"github.com/pgarch/pgarch/model"
	"github.com/pgarch/pgarch/model/queue"
)

// The closed-load solution (arrival-theorem approximate MVA over the open
// model's stations, ADR 0003) against exact load-dependent MVA for a
// network the engine reduces to one multi-server CPU centre and a think
// time: point reads of 1 ms of CPU on c cores, all pages cached, no network
// delay. Exact at N = 1; near the knee N* = c·(Z + D)/D the approximation
// errs most. The tolerances are the measured worst errors rounded up (see
// the log): Schweitzer-type approximations err by several percent at the
// knee (Lazowska et al. §7.4; Seidmann's multi-server split errs 10–20 %).
func TestClosedLoadAgainstExactMVA(t *testing.T) {
	p := lecture(t)
	p.Node.USLSigma, p.Node.USLKappa = 0, 0
	const demand = 1e-3 // s of CPU per read
	const think = 5e-3  // s
	for _, c := range []int{2, 8, 64} {
		knee := int(float64(c) * (think + demand) / demand)
		for _, n := range []int{1, c, knee / 2, knee, 2 * knee} {
			p.Node.VCPUs = c
			w := model.DefaultWorkload()
			w.ReadRate, w.WriteRate = 1, 0
			w.DataSize, w.WorkingSet = 1*model.GB, 0
			w.CPUPerRead = demand * model.Second
			w.ClientRTT = 0
			w.Clients, w.ThinkTime = n, think*model.Second
			w.Sessions = 10000
			res := evaluate(t, model.Architecture{ID: model.SingleNode}, w, p)
			got := float64(res.Throughput.Total)
			want, _, _ := queue.MVACenters([]queue.Center{{Demand: demand, Servers: c}}, think, n)
			rel := (got - want) / want
			t.Logf("c=%d N=%d: X = %.1f/s, exact MVA %.1f/s (%+.2f%%)", c, n, got, want, 100*rel)
			tol := 0.06 // measured worst −4.5 % (c = 2, N = 12), −3.1 % (c = 8 at the knee)
			if n == 1 {
				tol = 1e-5 // exact at N = 1 but for the bisection tolerance (10⁻⁶)
			}
			if math.Abs(rel) > tol {
				t.Errorf("c=%d N=%d: X = %.2f/s, exact %.2f/s: error %.1f%% > %.0f%%", c, n, got, want, 100*rel, 100*tol)
			}
		}
	}
}

// TestClosedLoadLightCPU is a light closed load whose CPU almost never
// queues (a review found that the correlated statements' moments then
// divided 0 by 0 and the throughput came out 0): 5 clients with 1 s of
// think time must reach nearly 5/s, and by the interactive response time
// law X = N/(Z + R) exactly, with R the mix's mean response.
func TestClosedLoadLightCPU(t *testing.T) {
	p := lecture(t)
	p.Node.VCPUs = 8
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate = 100, 5
	w.CPUPerRead = 0.5 * model.Millisecond
	w.HotRows, w.HotRowWriteFraction, w.StatementsAfterHotWrite = 10, 1, 3
	w.Clients, w.ThinkTime = 5, 1*model.Second
	res := evaluate(t, model.Architecture{ID: model.SingleNode}, w, p)
	x := float64(res.Throughput.Total)
	r := (float64(w.ReadRate)*float64(res.Read.Mean) + float64(w.WriteRate)*float64(res.Write.Mean)) / float64(w.ReadRate+w.WriteRate)
	if want := 5 / (1 + r); !(math.Abs(x-want) <= 1e-3*want) || x < 4.9 {
		t.Errorf("X = %v/s, want N/(Z + R) = %.4f/s (R = %.3g s)", x, want, r)
	}
}

// Lag, RPO and headroom are the system's over time, at the throughput the
// clients achieve. (An arriving request sees one client fewer — with one
// client an idle system — which gave one client an RPO of 0 or NaN and two
// clients twice the RPO of the same throughput offered openly.) So a closed
// load and the open load of the same achieved rates report the same RPO
// (single-node: the archive segment's fill time) and the same headroom.
func TestClosedLoadRPOAndHeadroomAtTheThroughput(t *testing.T) {
	p := lecture(t)
	for _, clients := range []int{1, 2, 8} {
		w := model.DefaultWorkload()
		w.Clients, w.ThinkTime = clients, 10*model.Millisecond
		closed := evaluate(t, model.Architecture{ID: model.SingleNode}, w, p)
		open := model.DefaultWorkload()
		open.ReadRate, open.WriteRate = closed.Throughput.Reads, closed.Throughput.Writes
		want := evaluate(t, model.Architecture{ID: model.SingleNode}, open, p)
		if got := closed.Availability.RPO; !within(float64(got), float64(want.Availability.RPO), 1e-6) {
			t.Errorf("%d clients: RPO %v, want the open load's at the same throughput %v", clients, got, want.Availability.RPO)
		}
		if got := closed.MaxThroughputScale; !within(got, want.MaxThroughputScale, 1e-3) {
			t.Errorf("%d clients: headroom %.3f×, want the open load's at the same throughput %.3f×", clients, got, want.MaxThroughputScale)
		}
	}
}

// A closed population cannot hold more sessions than it has clients, and
// every client not thinking holds one while clients do not outnumber the
// sessions (a backend waiting for a core still holds its connection):
// Little's law, N − X·Z in the system. The open model's waits at X put
// 189 of 200 sessions in use with 128 clients (review, 2026-11-26).
func TestClosedLoadSessionsInUse(t *testing.T) {
	for _, c := range []struct {
		profile           string
		clients, sessions int
		think             model.Time
		exact             bool // every client not thinking holds a session
	}{
		{"lecture", 128, 200, 0, true},     // CPU-bound
		{"local-nvme", 190, 1000, 0, true}, // CPU-bound, a large pool
		{"lecture", 16, 200, 5 * model.Millisecond, false},
		{"lecture", 400, 200, 0, false}, // the CPU binds: the rest wait in the pooler, outside the sessions
	} {
		p := builtin(t, c.profile)
		w := model.DefaultWorkload()
		w.Clients, w.Sessions, w.ThinkTime = c.clients, c.sessions, c.think
		res := evaluate(t, model.Architecture{ID: model.SingleNode}, w, p)
		inUse := usage(res, "sessions") * float64(c.sessions)
		system := float64(c.clients) - float64(res.Throughput.Total)*float64(c.think)
		if inUse > system*(1+1e-9) || c.exact && inUse < system*(1-1e-6) {
			t.Errorf("%s, %d clients, %d sessions: %.1f sessions in use, want %s the %.1f clients not thinking",
				c.profile, c.clients, c.sessions, inUse, map[bool]string{true: "all of", false: "at most"}[c.exact], system)
		}
	}
}

// Behind PgBouncer in transaction mode a server session is held only
// while a statement or transaction runs ("a server connection is assigned
// to a client only during a transaction", PgBouncer docs, pool_mode): a
// read's client round trip holds none, a transaction's first and last
// half trips neither. An application's own pool holds its connection, and
// the backend, through every trip (MODEL.md §2.4). Little's law on the
// reported figures: busy sessions = λ·(mean − session wait − the trips
// outside) (review: sessions were charged the client's round trips behind
// a pooler, and saturated at 131 % with the CPU 20 % busy).
func TestPoolerHoldsSessionsOnlyInsideTheTransaction(t *testing.T) {
	p := builtin(t, "local-nvme")
	for _, c := range []struct {
		name    string
		poolers int
	}{{"application pool", 0}, {"PgBouncer", 2}} {
		w := model.DefaultWorkload()
		w.ReadRate, w.WriteRate, w.ClientRTT, w.Sessions, w.PoolerProcesses = 20000, 1000, 1*model.Millisecond, 100, c.poolers
		res := evaluate(t, model.Architecture{ID: model.SingleNode}, w, p)
		rtt := float64(w.ClientRTT)
		readOutside, writeOutside := 0.0, 0.0
		if c.poolers > 0 {
			readOutside, writeOutside = rtt, rtt // the read's one trip; one of the transaction's
		}
		readWait, _ := step(model.Result{CommitPath: res.ReadPath}, "session_wait")
		writeWait, _ := step(res, "session_wait")
		want := float64(w.ReadRate)*(float64(res.Read.Mean-readWait)-readOutside) +
			float64(w.WriteRate)*(float64(res.Write.Mean-writeWait)-writeOutside)
		if got := usage(res, "sessions") * float64(w.Sessions); !within(got, want, 0.01) {
			t.Errorf("%s: %.2f sessions busy, want %.2f by Little's law", c.name, got, want)
		}
	}
}

// Where its processes are not given, PgBouncer runs as many as the load
// needs: one more client than sessions must not cap a 16-core node at one
// process's 50,000 round trips/s (review of 2026-11-26: 201 clients gave
// 38,674 requests/s with the pooler binding, 200 gave 106,623). Its
// processes run on the node's cores: both CPU-bound, the pooled node
// serves X·c/(c + p) of the direct one's X, c the CPU a request takes
// (the direct cores busy over X) and p the pooler's, 20 µs a round trip
// (one a read, seven a transaction). The count reported keeps each
// process at the target utilisation 0.7: ⌈trips·x/0.7⌉. A count given is
// kept, and can bind.
func TestPoolerProcessesFollowTheLoad(t *testing.T) {
	p := builtin(t, "local-nvme")
	w := model.DefaultWorkload()
	w.Clients, w.Sessions = 200, 200
	direct := evaluate(t, model.Architecture{ID: model.SingleNode}, w, p)
	w.Clients = 201
	pooled := evaluate(t, model.Architecture{ID: model.SingleNode}, w, p)
	x := float64(direct.Throughput.Total)
	c := usage(direct, "cpu") * float64(p.Node.VCPUs) / x
	perRequest := (float64(w.ReadRate) + float64(w.WriteRate)*float64(w.RoundTripsPerTxn)) / float64(w.ReadRate+w.WriteRate)
	want := x * c / (c + perRequest*float64(p.Node.PoolerCPUPerRoundTrip))
	if got := float64(pooled.Throughput.Total); pooled.Bottleneck != "cpu" || !within(got, want, 0.03) {
		t.Errorf("201 clients behind PgBouncer: %.0f requests/s (%s), want the CPU's %.0f (%.0f without it)", got, pooled.Bottleneck, want, x)
	}
	// Reads make one round trip, transactions round_trips_per_txn.
	trips := float64(pooled.Throughput.Reads) + float64(pooled.Throughput.Writes)*float64(w.RoundTripsPerTxn)
	if want := int(math.Ceil(trips * float64(p.Node.PoolerCPUPerRoundTrip) / 0.7)); pooled.Sizing.PoolerProcesses != want {
		t.Errorf("%d PgBouncer processes for %.0f round trips/s, want %d", pooled.Sizing.PoolerProcesses, trips, want)
	}
	w.PoolerProcesses = 1
	if one := evaluate(t, model.Architecture{ID: model.SingleNode}, w, p); one.Bottleneck != "pooler" || one.Sizing.PoolerProcesses != 1 {
		t.Errorf("one PgBouncer process given: bottleneck %s, %d processes; want it binding", one.Bottleneck, one.Sizing.PoolerProcesses)
	}
}

// Without a pooler, each of no more clients than sessions keeps its own
// backend: its connection is there whenever it sends, so no request waits
// for a session, whatever max_connections beyond the clients (review of
// 2026-11-26: 10 clients on 10 sessions lost 14 % of the throughput of
// 200 sessions to an Erlang C wait for connections no one else held). Nor
// do the backends that no client opens take memory from the OS cache: 10
// clients find the same cache with max_connections 200 or 10,000.
func TestClosedLoadClientsHoldTheirOwnSessions(t *testing.T) {
	p := builtin(t, "aws-gp3")
	w := model.DefaultWorkload()
	w.Clients, w.ThinkTime = 10, 0
	at := func(sessions int) model.Result { return singleNodeWithSessions(t, w, p, sessions) }
	few, many, most := at(10), at(200), at(10000)
	if x, want := float64(few.Throughput.Total), float64(many.Throughput.Total); !within(x, want, 1e-3) {
		t.Errorf("10 sessions: %.0f/s, want the 200 sessions' %.0f/s", x, want)
	}
	for _, s := range few.ReadPath {
		if s.Name == "session_wait" && s.Time > 0 {
			t.Errorf("10 clients on 10 sessions wait %v for a session, want none", s.Time)
		}
	}
	if most.CacheHitRatio != many.CacheHitRatio {
		t.Errorf("cache hit ratio %.4f with max_connections 10,000, want the 200's %.4f: 10 backends either way", most.CacheHitRatio, many.CacheHitRatio)
	}
}

// Clients queued in PgBouncer hold no server connection (transaction
// pooling): with one PgBouncer process in front, 100 clients on 100 or 99
// sessions keep the same sessions in use, X·E[hold], and the clients the
// system cannot take wait in the pooler (review of 2026-11-26: 0.92 of
// 100 sessions against 0.53 of 99, and the wait named queue_wait).
func TestPooledClientsQueueOutsideTheSessions(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.Clients, w.ThinkTime, w.PoolerProcesses = 100, 0, 1
	at := func(sessions int) model.Result { return singleNodeWithSessions(t, w, p, sessions) }
	equal, fewer := at(100), at(99)
	if a, b := usage(equal, "sessions")*100, usage(fewer, "sessions")*99; !within(a, b, 0.02) {
		t.Errorf("sessions in use: %.1f of 100, %.1f of 99; want the same", a, b)
	}
	if _, ok := step(equal, "pooler_wait"); !ok {
		t.Errorf("100 clients behind PgBouncer on 100 sessions: no pooler_wait in %v", equal.CommitPath)
	}
}

// Where a closed load's clients nearly all queue at one hot row, they
// wait in the row's queue, one wait: its hand-overs are geometric with a
// nearly fixed queue, an exponential, p99 about 4.6 times the mean. The
// simulation of 500 clients on one row (docs/simulation.md, "Hot rows
// under a closed load", 2,000,000 requests) gives a write p99 of 1,245 ms
// for a mean of 272 ms; the closed form gave 1,533 ms (+23 %) while it
// split the wait between the open model's and the queue in front, each
// with the open model's waiters' shape (review of 2026-11-27).
func TestClientsQueuedAtARowWaitThere(t *testing.T) {
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate, w.HotRows = 3000, 1000, 1
	w.Sessions, w.Clients, w.ThinkTime = 500, 500, 2*model.Millisecond
	res := evaluate(t, model.Architecture{ID: model.SingleNode}, w, lecture(t))
	if res.Bottleneck != "row_lock" {
		t.Fatalf("bottleneck %s, want row_lock", res.Bottleneck)
	}
	const simP99 = 1.245 // s
	if got := float64(res.Write.P99); !within(got, simP99, 0.12) {
		t.Errorf("write p99 %.3g s, simulation %.3g s: want within 12 %%", got, simP99)
	}
	if _, ok := step(res, "queue_wait"); ok {
		t.Errorf("a queue_wait beside the row's wait: %v", res.CommitPath)
	}
}

// Behind PgBouncer a transaction reaches a hot row only in a server
// session, so the clients that can wait at the rows are the sessions, not
// those in PgBouncer's queue (helper review of 2026-11-27: counted, the
// rows' share of their sources fell as clients grew, and with it the
// rows' closed-load shape, plan.randomOrder).
func TestRowSourcesAreTheSessionsBehindPgBouncer(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.HotRows, w.ThinkTime = 10, 0
	for _, c := range []struct {
		a                 model.ID
		clients, sessions int
		want              float64
	}{
		{model.HotStandby, 1000, 100, 100},
		{model.HotStandby, 80, 100, 80},
		{model.SingleNode, 1000, 1000, 1000},
		{model.Sharded, 1000, 100, 100}, // one coordinator's sessions
	} {
		w.Clients, w.Sessions = c.clients, c.sessions
		if got := model.RowSources(w, p, model.Architecture{ID: c.a, Workers: 4}); got != c.want {
			t.Errorf("%s, %d clients on %d sessions: %g can queue at the rows, want %g", c.a, c.clients, c.sessions, got, c.want)
		}
	}
}

// Behind PgBouncer with every session in use, more clients only lengthen
// PgBouncer's queue: the sessions hold as many transactions as before, so
// no percentile falls as clients grow (review of 2026-11-27: with no think
// time on 100 sessions the write p99 fell from 22.4 ms at 124 clients to
// 18.8 ms at 368 while the median rose; a simulation has it rise, 10.3 →
// 13.6 ms, model/sim TestClosedQueueAtCPU).
func TestPooledPercentilesGrowWithTheClients(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.ThinkTime = 0
	var last model.Result
	for _, n := range []int{124, 158, 200, 289, 368, 529, 1000} {
		w.Clients = n
		r := singleNodeWithSessions(t, w, p, 100)
		if usage(r, "sessions") < 0.999 {
			t.Fatalf("%d clients: sessions %.3f in use, want all: the comparison tests nothing", n, usage(r, "sessions"))
		}
		if last.Write.P99 > 0 {
			for _, c := range []struct {
				name      string
				got, last model.Time
			}{{"write p99", r.Write.P99, last.Write.P99}, {"read p99", r.Read.P99, last.Read.P99}, {"write p95", r.Write.P95, last.Write.P95}} {
				if c.got < c.last {
					t.Errorf("%d clients: %s %v, below %v with fewer", n, c.name, c.got, c.last)
				}
			}
		}
		last = r
	}
}

// Logical replication is asynchronous: no commit waits for another
// node's apply worker, so a closed load of active-active clients pushes
// past the apply's rate until the CPU binds, while the copies fall behind
// without bound (review of 2026-11-26: the throughput stayed at the
// apply's 155,543/s from 60 to 1,000 clients, every request queued).
// 16-vCPU nodes: on 8 the CPU binds first, the apply costing a write
// statement 0.35 of its CPU (validation/apply.sh).
func TestActiveActiveClientsPushPastTheApply(t *testing.T) {
	p := lecture(t)
	p.Node.VCPUs = 16
	w := model.DefaultWorkload()
	w.ThinkTime = 0
	a := model.Architecture{ID: model.ActiveActive, Nodes: 3}
	at := byClients(t, a, w, p)
	few, more := at(60), at(200)
	if more.Bottleneck != "apply" || !more.Saturated || !math.IsInf(float64(more.ReplicationLag.P99), 1) {
		t.Errorf("200 clients: bottleneck %s, saturated %v, lag p99 %v; want apply behind, the lag unbounded", more.Bottleneck, more.Saturated, more.ReplicationLag.P99)
	}
	if math.IsInf(float64(more.Write.P99), 1) {
		t.Errorf("200 clients: write p99 %v, want served", more.Write.P99)
	}
	if !(more.Throughput.Total > 1.1*few.Throughput.Total) || usage(more, "cpu") < 0.95 {
		t.Errorf("throughput %.0f/s at 60 clients, %.0f/s at 200 (CPU %.3f); want the clients to push on to the CPU", float64(few.Throughput.Total), float64(more.Throughput.Total), usage(more, "cpu"))
	}
}

// Clients spread over the nodes that take them: 201 clients over five
// active-active nodes are about 40 per node, far below each node's 200
// sessions, so no node needs a pooler, and 201 clients do what 200 do
// (review of 2026-11-26: the 201st client put a PgBouncer in front of
// every node and cost 13 % of the throughput).
func TestClientsSpreadOverTheNodesBeforeAPooler(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.ThinkTime = 0
	for _, a := range []model.Architecture{{ID: model.ActiveActive, Nodes: 5}, {ID: model.DistributedSQL, Nodes: 3}} {
		at := byClients(t, a, w, p)
		x200, x201 := float64(at(200).Throughput.Total), float64(at(201).Throughput.Total)
		if !within(x201, x200, 0.01) {
			t.Errorf("%s: %.0f/s with 200 clients, %.0f/s with 201; want the same within 1 %% (the CPU binds), no pooler", a.ID, x200, x201)
		}
		if u := usage(at(201), "pooler"); !math.IsNaN(u) {
			t.Errorf("%s: 201 clients over the nodes load a pooler %.2f, want none", a.ID, u)
		}
	}
}

// Past a saturated CPU the clients' backends share its cores, and the
// scheduler stretches each request by its own CPU: 128 clients on 8 cores
// see the same mean read and write whether the system's ceiling is set by
// max_connections 200, past which the rest queue in front of it, or by
// the CPU itself at 500 (review of 2026-11-26: the queue in front gave a
// read and a write the same 0.235 ms, a write 6.42 ms against 7.74).
func TestClosedQueueWaitsByDemandAtTheCPU(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.Clients, w.ThinkTime = 128, 0
	at := func(sessions int) model.Result { return singleNodeWithSessions(t, w, p, sessions) }
	capped, free := at(200), at(500)
	if capped.Bottleneck != "cpu" {
		t.Fatalf("bottleneck %s, want cpu", capped.Bottleneck)
	}
	if _, ok := step(capped, "queue_wait"); !ok {
		t.Fatalf("200 sessions: no queue in front of the system, the comparison tests nothing (%v)", capped.CommitPath)
	}
	for _, c := range []struct {
		class     string
		got, want model.Time
	}{{"read", capped.Read.Mean, free.Read.Mean}, {"write", capped.Write.Mean, free.Write.Mean}} {
		if !within(float64(c.got), float64(c.want), 0.02) {
			t.Errorf("%s mean %v with a queue in front, %v with the CPU's own; want within 2 %%", c.class, c.got, c.want)
		}
	}
}

// singleNodeWithSessions evaluates a single node with the workload's
// sessions (max_connections, or a pooler's pool) set.
func singleNodeWithSessions(t *testing.T, w model.Workload, p model.Profile, sessions int) model.Result {
	t.Helper()
	w.Sessions = sessions
	return evaluate(t, model.Architecture{ID: model.SingleNode}, w, p)
}

// Past a hot row's lock at its limit, the clients beyond what the system
// holds queue for that lock, which only writes take: reads keep their own
// time, and the writes carry the queue, so that Little's law holds with
// every class's own mean, N = X_r·T_r + X_w·T_w (review of 2026-11-27:
// 64 clients on two hot rows put 4.35 ms of queue in every read, and a
// write mean of 50 ms where Little's law asks 257).
func TestRowLockQueueFallsOnWrites(t *testing.T) {
	p := builtin(t, "aws-gp3")
	p.Network.IOPS = 16000 // gp3's most (AWS EBS docs): the lock binds, not the volume's throttle
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate, w.HotRows, w.Sessions, w.Clients = 1281, 27, 2, 100, 64
	res := evaluate(t, model.Architecture{ID: model.NetworkAttachedStorage}, w, p)
	if res.Bottleneck != "row_lock" {
		t.Fatalf("bottleneck %s, want row_lock", res.Bottleneck)
	}
	if q := readStep(res, "queue_wait"); q != 0 {
		t.Errorf("reads wait %v in the queue for a lock they never take", q)
	}
	x := res.Throughput
	got := float64(x.Reads)*float64(res.Read.Mean) + float64(x.Writes)*float64(res.Write.Mean)
	if !within(got, float64(w.Clients), 1e-3) {
		t.Errorf("X_r·T_r + X_w·T_w = %.3f, want the %d clients", got, w.Clients)
	}
}

// Behind PgBouncer a transaction keeps its server session while it waits
// for a hot row's lock: past the lock's limit the waiters fill the
// sessions, and the clients beyond them wait in PgBouncer's queue, reads
// as long as writes (review of 2026-11-27: 400 clients over 200 sessions
// left the sessions a half used and every read without a wait). Little's
// law holds with every class's own mean.
func TestPooledLockWaitersHoldSessions(t *testing.T) {
	p := builtin(t, "aws-gp3")
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate, w.HotRows, w.Clients = 20000, 1000, 1, 400
	res := evaluate(t, model.Architecture{ID: model.SingleNode}, w, p)
	if res.Bottleneck != "row_lock" {
		t.Fatalf("bottleneck %s, want row_lock", res.Bottleneck)
	}
	if u := usage(res, "sessions"); u < 0.99 {
		t.Errorf("sessions %.3f in use, want all: each holds a lock waiter", u)
	}
	read, _ := step(model.Result{CommitPath: res.ReadPath}, "pooler_wait")
	write, _ := step(res, "pooler_wait")
	if !(read > 0) || !within(float64(read), float64(write), 1e-9) {
		t.Errorf("pooler_wait %v for a read, %v for a write: want the same, above 0", read, write)
	}
	x := res.Throughput
	if got := float64(x.Reads)*float64(res.Read.Mean) + float64(x.Writes)*float64(res.Write.Mean); !within(got, float64(w.Clients), 1e-3) {
		t.Errorf("X_r·T_r + X_w·T_w = %.2f, want the %d clients", got, w.Clients)
	}
}

// PgBouncer opens a server connection only when a transaction finds none
// idle and closes it after server_idle_timeout (600 s) idle, so it keeps
// about the most sessions in use at once, not its pool's size: a pool of
// 500 or 1,999 takes the memory of the same few dozen backends, and the
// cache is the same (review of 2026-11-27: 1,999 backends' 12 GB had
// cut the hit ratio from 0.37 to 0.28 for 2,000 clients at 100 ms think
// time, about 20 transactions in flight).
func TestPoolerKeepsThePeakConcurrencyOpen(t *testing.T) {
	p := builtin(t, "aws-gp3")
	w := model.DefaultWorkload()
	w.Clients, w.ThinkTime, w.DataSize, w.WorkingSet = 2000, 100*model.Millisecond, 400*model.GB, 100*model.GB
	hit := func(sessions int) model.Result {
		w.Sessions = sessions
		return evaluate(t, model.Architecture{ID: model.SingleNode}, w, p)
	}
	small, large := hit(500), hit(1999)
	if !within(float64(small.CacheHitRatio), float64(large.CacheHitRatio), 1e-9) {
		t.Errorf("cache hit ratio %v with a pool of 500, %v with 1,999: want the same, PgBouncer opening only what is in use", small.CacheHitRatio, large.CacheHitRatio)
	}
	// What 1,999 backends would leave: shared_buffers and the OS cache
	// less their 6 MB each, as for 1,999 clients of their own.
	own := w
	own.Clients, own.Sessions = 1999, 1999
	if all := evaluate(t, model.Architecture{ID: model.SingleNode}, own, p); !(large.CacheHitRatio > all.CacheHitRatio+0.05) {
		t.Errorf("cache hit ratio %v behind PgBouncer, %v with 1,999 backends of their own: want the pooled one well above", large.CacheHitRatio, all.CacheHitRatio)
	}
}

// Behind PgBouncer, clients queued for a saturated read replica wait in
// front of the replicas, with the reads sent there: the writes, which the
// primary serves at 5 % CPU, do not wait for them. 400 clients of a mix
// of 20,000 reads and 100 writes on one replica (lecture profile, 200
// sessions a node): the replica's CPU binds; before the review of
// 2026-11-27 the queue went to the primary's pooler, which only the
// writes visit, and the write p99 was 675 ms against 1.97 ms at 190
// clients. The mix's mean response still obeys the interactive response
// time law, N = X·(Z + R), which the clients' queue must keep.
func TestReplicaQueueFallsOnReplicaReads(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate, w.Sessions, w.ThinkTime = 20000, 100, 200, 0
	a := model.Architecture{ID: model.ReadReplicas, Replicas: 1}
	at := byClients(t, a, w, p)
	few, many := at(190), at(400)
	if many.Bottleneck != "replica_cpu" {
		t.Fatalf("400 clients: bottleneck %s, want replica_cpu", many.Bottleneck)
	}
	if w, r := float64(many.Write.Mean), float64(few.Write.Mean); w > 1.5*r {
		t.Errorf("write mean %.3f ms with 400 clients, %.3f with 190: the replica's queue charged to the writes", 1e3*w, 1e3*r)
	}
	if readStep(many, "pooler_wait") <= 0 {
		t.Errorf("400 clients over 200 sessions: the reads do not wait in the replica's pooler: %v", many.ReadPath)
	}
	x := float64(many.Throughput.Total)
	mean := (float64(many.Throughput.Reads)*float64(many.Read.Mean) + float64(many.Throughput.Writes)*float64(many.Write.Mean)) / x
	if !within(x*mean, 400, 0.01) {
		t.Errorf("X·R = %.1f clients, want 400 (X %.0f/s, R %.3f ms)", x*mean, x, 1e3*mean)
	}
	if u := usage(many, "replica_sessions"); !(u > 0.99 && u <= 1) {
		t.Errorf("replica sessions %.3f, want all in use, at most all", u)
	}
}

// Clients spread over the nodes queue over the nodes: 600 clients over
// three gateways with 200 sessions each fill every node's sessions, and
// no more (review of 2026-11-27: the whole cluster's queue was put on
// one node, 1.31 to 1.71 of its sessions in use while unsaturated).
func TestSpreadQueueFillsEachNodesSessions(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.Clients, w.Sessions, w.ThinkTime = 600, 200, 0
	for _, a := range []model.Architecture{{ID: model.DistributedSQL, Nodes: 3}, {ID: model.Sharded, Workers: 3, QueryFromAnyNode: true}, {ID: model.ActiveActive, Nodes: 3}} {
		res := evaluate(t, a, w, p)
		if u := usage(res, "sessions"); !(u > 0.9 && u <= 1) {
			t.Errorf("%s: sessions %.3f in use, want nearly all and at most all", a.ID, u)
		}
	}
}

// The same where a replica's device binds, without a pooler: 190 clients
// of 20,000 reads and 100 writes a second over 4 TB on one gp3 replica
// (the review of 2026-11-27: the queue's shares fell back to flat and the
// writes, which the primary serves idle, waited 1.08 ms for the replica).
func TestReplicaIOQueueFallsOnReplicaReads(t *testing.T) {
	p := builtin(t, "aws-gp3")
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate, w.Sessions, w.ThinkTime = 20000, 100, 200, 0
	w.DataSize, w.WorkingSet = 4000*model.GB, 4000*model.GB
	a := model.Architecture{ID: model.ReadReplicas, Replicas: 1}
	at := byClients(t, a, w, p)
	few, many := at(20), at(190)
	if !strings.HasPrefix(many.Bottleneck, "replica_") {
		t.Fatalf("190 clients: bottleneck %s, want a replica's", many.Bottleneck)
	}
	if w, r := float64(many.Write.Mean), float64(few.Write.Mean); w > 1.1*r {
		t.Errorf("write mean %.3f ms with 190 clients, %.3f with 20: the replica's queue charged to the writes (%v)", 1e3*w, 1e3*r, many.CommitPath)
	}
}

// byClients evaluates a closed load of w on a, with the clients given.
func byClients(t *testing.T, a model.Architecture, w model.Workload, p model.Profile) func(clients int) model.Result {
	return func(clients int) model.Result {
		v := w
		v.Clients = clients
		return evaluate(t, a, v, p)
	}
}

// A closed load that saturates a network volume queues at the volume:
// the reads that hit the caches pass by, and the commits, which all flush
// to it, take the queue. 300 clients on 300 sessions, lecture's 10,000
// IOPS volume: the read median stays a cached read's (review of
// 2026-11-27: every read was charged the queue, median 4.69 ms against
// the simulation's 0.55, and the writes 33 % too little).
func TestDeviceQueueSkipsCachedReads(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.Sessions, w.ThinkTime, w.ClientRTT = 300, 0, 0.5*model.Millisecond
	at := byClients(t, model.Architecture{ID: model.NetworkAttachedStorage}, w, p)
	few, many := at(10), at(300)
	if many.Bottleneck != "iops" {
		t.Fatalf("300 clients: bottleneck %s, want iops", many.Bottleneck)
	}
	if r, r0 := float64(many.Read.P50), float64(few.Read.P50); r > 1.5*r0 {
		t.Errorf("read p50 %.3f ms at 300 clients, %.3f at 10: a cached read charged the volume's queue", 1e3*r, 1e3*r0)
	}
	if wm, rm := float64(many.Write.Mean), float64(many.Read.Mean); wm < 5*rm {
		t.Errorf("write mean %.2f ms, read mean %.2f: the commits, which all flush, want most of the queue", 1e3*wm, 1e3*rm)
	}
}

// A closed load's clients hold a session each: with no more clients than
// sessions none waits for one, however many sessions there are to spare
// (user review of 2026-11-27: 100 clients without think time on 100
// sessions queued 1.83 ms for one, write p99 12.8 ms, and on 280 none,
// 7.39 ms; pgbench -c 100 runs alike on max_connections 100 or 400).
func TestSpareSessionsChangeNothing(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.Clients, w.ThinkTime = 100, 0
	var first model.Result
	for i, sessions := range []int{100, 150, 400} {
		w.Sessions = sessions
		res := evaluate(t, model.Architecture{ID: model.SingleNode}, w, p)
		if i == 0 {
			first = res
			continue
		}
		if !within(float64(res.Write.P99), float64(first.Write.P99), 1e-4) || !within(float64(res.Throughput.Total), float64(first.Throughput.Total), 1e-4) { // the closed solve's bisection: 10⁻⁶ of X
			t.Errorf("%d sessions: write p99 %v at %.0f/s, want 100 sessions' %v at %.0f/s", sessions, res.Write.P99, res.Throughput.Total, first.Write.P99, first.Throughput.Total)
		}
	}
}

// The wait in front of a device a closed load saturates is FIFO: each I/O
// of a request waits behind about the same Q I/Os, an Erlang of Q stages,
// and the request's wait varies as its count of I/Os (plan.deviceShape),
// where the open station's exponential put the RDS gp3 runs' p99 at 3.6
// times their mean (docs/published.md). By hand: a commit's one flush
// behind 100 waits cv² 1/100; a write with a flush and two page reads
// that each miss with probability ½ takes V = 1 + Binomial(2, ½) I/Os,
// mean 2, variance ½: cv² ½/2² = 0.125 behind a queue long enough that
// the stages do not spread; a read's one page read, taken or not, waits
// as the flush, given that it waits.
func TestDeviceQueueShape(t *testing.T) {
	for _, c := range []struct {
		name   string
		ios    []model.IO
		queued float64
		want   float64
	}{
		{"one flush", []model.IO{{Name: "wal_flush", N: 1, P: 1}}, 100, 0.01},
		{"a flush and two reads", []model.IO{{Name: "wal_flush", N: 1, P: 1}, {Name: "page_reads", N: 2, P: 0.5}}, 1e12, 0.125},
		{"a read that may miss", []model.IO{{Name: "page_reads", N: 1, P: 0.5}}, 100, 0.01},
	} {
		if got := model.DeviceShape(c.ios, c.queued); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("%s behind %g: cv² %v, want %v", c.name, c.queued, got, c.want)
		}
	}
}

// One client finds the system empty, but its requests go where the mix
// sends them and keep a Neon compute awake (review of 2026-11-28: with one
// client, read replicas in another zone reported the primary's 0.2 ms
// round trip, 0.257 ms where two clients read in 1.057, and a Neon
// compute asked every 5 ms answered each request after a 2 s cold
// start). By the arrival theorem one client's request meets no other, and
// two clients' meets the other's rarely at these loads: the read means
// agree within 1 %.
func TestOneClientRoutesItsRequests(t *testing.T) {
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate, w.DataSize, w.WorkingSet, w.ThinkTime = 5000, 500, 100*model.GB, 10*model.GB, 5*model.Millisecond
	for _, c := range []struct {
		profile string
		a       model.Architecture
	}{
		{"aws-gp3", model.Architecture{ID: model.ReadReplicas, Replicas: 2, ReplicaPlacement: model.CrossZone}},
		{"azure-premium-v2", model.Architecture{ID: model.DBMSOptimizedStorage, Variant: model.Neon, Replicas: 1}},
	} {
		p := builtin(t, c.profile)
		at := func(clients int) model.Result {
			w.Clients = clients
			return evaluate(t, c.a, w, p)
		}
		one, two := at(1), at(2)
		if !within(float64(one.Read.Mean), float64(two.Read.Mean), 0.01) {
			t.Errorf("%s: read mean %v with one client, %v with two; want the same within 1 %%", c.a.ID, one.Read.Mean, two.Read.Mean)
		}
		if _, cold := step(one, "cold_start"); cold {
			t.Errorf("%s: one client's requests pay a cold start", c.a.ID)
		}
	}
}
