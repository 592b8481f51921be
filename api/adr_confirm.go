package api

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/pgarch/pgarch/decide"
)

// family groups the architectures whose predictions are confirmed with the
// same tools: what offers the load, and where each figure is read.
type family int

const (
	// famPrimary is one PostgreSQL primary that serves every request:
	// single-node, network-attached-storage and hot-standby (whose standby
	// serves none).
	famPrimary family = iota
	// famReplicas is read-replicas, or standbys that serve reads
	// (standby_reads): the writes go to the primary, the reads the model
	// routes to the copies go to them.
	famReplicas
	// famOptimized is dbms-optimized-storage: Aurora or Neon, PostgreSQL
	// compute on a storage service with its own metrics.
	famOptimized
	// famSharded is sharded: Citus, the load through the coordinator.
	famSharded
	// famActiveActive is active-active: every node takes its share of the
	// writes, replicated logically.
	famActiveActive
	// famDistributed is distributed-sql: a CockroachDB-style cluster with
	// no PostgreSQL primary, shared_buffers or PostgreSQL WAL.
	famDistributed
)

func familyOf(label string) family {
	switch baseID(label) {
	case "read-replicas":
		return famReplicas
	case "dbms-optimized-storage":
		return famOptimized
	case "sharded":
		return famSharded
	case "active-active":
		return famActiveActive
	case "distributed-sql":
		return famDistributed
	}
	return famPrimary
}

// pgbenchScript is a built-in pgbench script standing for one request
// class, with its weight in the mix (the class's rate).
type pgbenchScript struct {
	name, what string
	weight     float64
	file       bool // a custom script written by the load (-f), not a built-in (-b)
}

// check is one figure to confirm: what it is, the model's figure (a
// prediction, or an input the decision rests on when assumed is set) and
// how to measure it on the deployed system (Markdown).
type check struct {
	what, predicted, how string
	assumed              bool
}

// confirmation says how to check the chosen option's predictions after
// deployment, with tools that exist on its family of systems: the load to
// offer (a shell block), then a numbered list of checks, each naming the
// model's figure it confirms and where to read the measured one. Failures
// are drilled with a probe that records every acknowledged write's commit
// time, so that RTO and RPO are measured in seconds, as predicted.
func (a *adr) confirmation(o Option, name string) {
	c := confirmPlan{w: a.resp.Workload, r: o.Result, fam: familyOf(o.Architecture), variant: o.Result.Config.Variant}
	if o.Result.Config.StandbyReads {
		c.fam = famReplicas // the standbys take the reads read replicas would
	}
	c.build()
	a.printf("Confirm the model's predictions on the deployed %s %s\n\n", mdEscape(lowerName(name)), c.intro)
	a.line("```sh")
	for _, l := range c.load {
		a.line(l)
	}
	a.line("```")
	a.line("")
	a.line(strings.Join(c.notes, " "))
	a.line("")
	if len(c.r.Availability.Failures) > 0 {
		which := "fail the node, zone or region"
		if c.fam == famSharded {
			which = "fail the node, zone or region (a worker: the one that holds the probe's shard, which its third line prints; `DB` the coordinator's, where Citus takes the table's DDL)"
		}
		a.line("For the failure drills, set `DB` to the application's connection string and, while the load runs, start a probe that writes once every 100 ms and logs each acknowledged write's commit time; " + which + ", and stop the probe once writes succeed again:")
		a.line("")
		a.line("```sh")
		for _, l := range probe(c.fam) {
			a.line(l)
		}
		a.line("```")
		a.line("")
	}
	a.line("Then compare, step by step:")
	a.line("")
	for i, ck := range c.checks {
		verb := "predicted"
		if ck.assumed {
			verb = "assumed"
		}
		a.printf("%d. %s, %s %s: %s.\n", i+1, ck.what, verb, ck.predicted, ck.how)
	}
	a.line("")
}

// probe is the failure drill's writer and its arithmetic for a family of
// systems. RTO is the longest gap between acknowledged writes; RPO is the
// time between the last write acknowledged before that gap and the newest
// write up to it that survived (0 when it survived), both in seconds.
// Each write is its own psql, which gives up on a connection after 2 s
// (PGCONNECT_TIMEOUT) and on the write after 5 s (timeout): a failed
// host that drops packets would otherwise hold one for the TCP timeout,
// minutes, and the gap would measure that. On Citus the probe's table is
// distributed, all its rows on one shard (k = 1): a table created on the
// coordinator stays there until create_distributed_table (Citus docs,
// "Creating and Modifying Distributed Objects"), and a worker's failure
// would not reach it; the shard's worker is the one to fail, and the
// table is created through the coordinator, where Citus takes DDL. The
// table is made afresh (one left by an earlier drill may have another
// shape, and every write would fail unseen), and an empty log says so
// rather than reading as an RTO of 0.
func probe(fam family) []string {
	lines := []string{`psql "$DB" -c 'DROP TABLE IF EXISTS adr_probe' -c 'CREATE TABLE adr_probe (k int, t timestamptz, PRIMARY KEY (k, t))'`}
	if fam == famSharded {
		lines = append(lines,
			`psql "$DB" -c "SELECT create_distributed_table('adr_probe', 'k') WHERE NOT EXISTS (SELECT FROM pg_dist_partition WHERE logicalrelid = 'adr_probe'::regclass)"`,
			`psql "$DB" -qAt -c "SELECT nodename FROM citus_shards WHERE shardid = get_shard_id_for_distribution_column('adr_probe', 1)"  # the worker to fail`)
	}
	return append(lines,
		fmt.Sprintf(`while sleep %g; do PGCONNECT_TIMEOUT=2 timeout 5 psql "$DB" -qAt -c 'INSERT INTO adr_probe VALUES (1, clock_timestamp()) RETURNING extract(epoch FROM t)'; done >> acked.txt 2>/dev/null`, probePeriod),
		`# after the failure: RTO, and the last write acknowledged before the gap`,
		`[ -s acked.txt ] || echo "no write was acknowledged: check DB and the table"`,
		`set -- $(awk 'NR > 1 && $1 - p > g {g = $1 - p; l = p} {p = $1} END {printf "%.3f %.6f", g, l}' acked.txt); echo "RTO $1 s"; LAST=$2`,
		`# RPO: the acknowledged time lost, from that write back to the newest one that survived`,
		`SURVIVED=$(psql "$DB" -qAt -c "SELECT extract(epoch FROM max(t)) FROM adr_probe WHERE k = 1 AND extract(epoch FROM t) < $LAST + 0.001")`,
		`awk -v a="$LAST" -v s="$SURVIVED" 'BEGIN {printf "RPO %.3f s\n", a - s}'`)
}

// probePeriod is the probe's period in seconds: the resolution of its RPO.
const probePeriod = 0.1

// confirmPlan is the Confirmation of one option as it is built.
type confirmPlan struct {
	w       Workload
	r       Result
	fam     family
	variant string

	intro  string   // the sentence that introduces the load block
	load   []string // the load block's lines
	notes  []string // sentences on how the load matches the workload
	checks []check
}

func (c *confirmPlan) add(what, predicted, how string) {
	c.checks = append(c.checks, check{what: what, predicted: predicted, how: how})
}

func (c *confirmPlan) build() {
	if c.fam == famDistributed {
		c.distributedLoad()
	} else {
		c.pgbenchLoad()
	}
	c.latencyChecks()
	c.bottleneckChecks()
	c.familyChecks()
	c.failureChecks()
}

// closed reports whether the workload is a closed load (clients and think
// time), whose throughput is an output.
func (c *confirmPlan) closed() bool { return ival(c.w.Clients) > 0 }

// rate is the transactions per second the run offers or, under closed
// load, achieves.
func (c *confirmPlan) rate() float64 {
	if c.closed() {
		return c.r.ThroughputPerSec.Reads + c.r.ThroughputPerSec.Writes
	}
	return val(c.w.ReadsPerSec) + val(c.w.WritesPerSec)
}

// sessions is how many connections the run opens: the workload's clients
// under closed load, its sessions under open load.
func (c *confirmPlan) sessions() int {
	if c.closed() {
		return ival(c.w.Clients)
	}
	return max(1, ival(c.w.Sessions))
}

// pgbenchMBPerScale is the size of one unit of pgbench's scale factor, its
// 100,000 pgbench_accounts rows with the other tables and the indexes:
// about 15 MB (Cybertec, "A formula to calculate pgbench scaling factor for
// target DB size", 2018, measured on PostgreSQL 10 from scale 1 to 50,000).
const pgbenchMBPerScale = 15

// pgbenchLoad offers the workload with pgbench: built-in scripts weighted
// by the rates, open (-R) or closed (-c clients) as the workload is, each
// family's connections where its requests go.
func (c *confirmPlan) pgbenchLoad() {
	w := c.w
	reads, writes := val(w.ReadsPerSec), val(w.WritesPerSec)
	gb := num(val(w.DataSizeGB))
	scale := max(1, int(math.Round(val(w.DataSizeGB)*1000/pgbenchMBPerScale)))
	// A write is tpcb-like (5 statements) or simple-update (3). Where the
	// tables are distributed (Citus) or written on every node, only
	// simple-update's transactions stay on one account: tpcb-like updates
	// one of a few branch rows in every transaction, a multi-shard write
	// or a conflict that the workload does not have.
	simple := ival(w.StatementsPerTxn) == 3 || c.fam == famSharded || c.fam == famActiveActive
	write := pgbenchScript{name: "tpcb-like", what: "write transactions", weight: writes}
	if simple {
		write.name = "simple-update"
	}
	var scripts []pgbenchScript
	if writes > 0 {
		scripts = append(scripts, c.hotRows(write, scale)...)
	}
	if reads > 0 {
		scripts = append(scripts, pgbenchScript{name: "select-only", what: "point reads", weight: reads})
	}
	sampling := samplingRate(c.rate())

	switch c.fam {
	case famReplicas:
		c.replicasLoad(scripts, scale, sampling)
	case famActiveActive:
		c.activeActiveLoad(scripts, scale, sampling)
	default:
		target := `"$DB"`
		switch {
		case c.fam == famPrimary:
			c.intro = fmt.Sprintf("with pgbench, run from a host with the application's network path to the primary (`DB` is the application's connection string), and with PostgreSQL's statistics views. Initialise about %s GB of data (pgbench's scale unit is about 15 MB), then offer the workload for 10 minutes:", gb)
		case c.fam == famOptimized && c.variant == "neon":
			c.intro = fmt.Sprintf("with pgbench against the compute's connection string (`DB`), the neon extension's `neon_stat_file_cache` view and PostgreSQL's statistics views. Initialise about %s GB of data (pgbench's scale unit is about 15 MB), then offer the workload for 10 minutes:", gb)
		case c.fam == famOptimized:
			c.intro = fmt.Sprintf("with pgbench against the cluster's writer endpoint (`DB`), run from a host with the application's network path, and the cluster's CloudWatch metrics (namespace `AWS/RDS`). Initialise about %s GB of data (pgbench's scale unit is about 15 MB), then offer the workload for 10 minutes:", gb)
		case c.fam == famSharded:
			where := "through the coordinator (`DB`)"
			if c.r.Config.QueryFromAnyNode {
				target = `"host=` + hostList("worker", c.r.Config.Workers) + ` load_balance_hosts=random dbname=bench"`
				where = "spread over the workers as the clients connect to any node (worker1 … stand for their host names; libpq 16+ balances them)"
			}
			c.intro = fmt.Sprintf("with pgbench %s, Citus's statistics views on the coordinator and PostgreSQL's on every node. Create pgbench's tables through the coordinator (`DB`), distribute the accounts and their history by account, then generate about %s GB into them, so that the rows go straight to the workers (generated first, they would all land on the coordinator's disk), and offer the workload for 10 minutes:", where, gb)
		}
		if c.fam == famSharded {
			c.load = append(c.load, fmt.Sprintf(`pgbench -i -I dt -s %d "$DB"`, scale),
				`psql "$DB" -c "SELECT create_distributed_table('pgbench_accounts', 'aid')" -c "SELECT create_distributed_table('pgbench_history', 'aid', colocate_with => 'pgbench_accounts')"`,
				fmt.Sprintf(`pgbench -i -I gvp -s %d "$DB"`, scale))
		} else {
			c.load = append(c.load, fmt.Sprintf(`pgbench -i -s %d "$DB"`, scale))
		}
		c.load = append(c.load, pgbenchCmd(c.sessions(), c.rate(), !c.closed(), scripts, "adr", sampling, target, false))
		c.load = append(c.load, p99Lines(scripts, "adr.*", "")...)
	}
	c.mixNotes(scripts, sampling)
}

// hotRows splits the write script where the workload has hot rows: the
// share hot_row_write_fraction of the writes run hot.sql, the built-in
// script (pgbench --show-script) with the row that every transaction
// locks drawn from the hot rows (the load writes the script first); the rest run
// the built-in. pgbench's own scripts draw that row from scale branches
// (tpcb-like) or 100,000·scale accounts (simple-update), and would never
// hold the row lock the model finds binding (review of 2026-11-26: an ADR
// bound by row_lock prescribed tpcb-like at scale 3333). tpcb-like's hot
// row is a branch while the scale has as many, else an account, as
// simple-update's is.
func (c *confirmPlan) hotRows(write pgbenchScript, scale int) []pgbenchScript {
	h, f := ival(c.w.HotRows), val(c.w.HotRowWriteFraction)
	if h <= 0 || f <= 0 {
		return []pgbenchScript{write}
	}
	aid, bid, tid := `\set aid random(1, 100000 * :scale)`, `\set bid random(1, 1 * :scale)`, `\set tid random(1, 10 * :scale)`
	hot := fmt.Sprintf(`random(1, %d)`, h)
	row := "branch"
	if write.name == "tpcb-like" && h <= scale {
		bid = `\set bid ` + hot
	} else {
		aid, row = `\set aid `+hot, "account"
	}
	const (
		account = "UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;"
		balance = "SELECT abalance FROM pgbench_accounts WHERE aid = :aid;"
		teller  = "UPDATE pgbench_tellers SET tbalance = tbalance + :delta WHERE tid = :tid;"
		branch  = "UPDATE pgbench_branches SET bbalance = bbalance + :delta WHERE bid = :bid;"
		history = "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (:tid, :bid, :aid, :delta, CURRENT_TIMESTAMP);"
	)
	body := []string{aid, bid, tid, `\set delta random(-5000, 5000)`, "BEGIN;", account, balance, teller, branch, history, "END;"}
	if write.name == "simple-update" {
		body = []string{aid, bid, tid, `\set delta random(-5000, 5000)`, "BEGIN;", account, balance, history, "END;"}
	}
	c.load = append(c.load, fmt.Sprintf("# %s as hot.sql, every transaction updating one of the first %d %ss:", write.name, h, row),
		"cat > hot.sql <<'SQL'\n"+strings.Join(body, "\n")+"\nSQL")
	hotScript := pgbenchScript{"hot.sql", write.what, write.weight * f, true}
	if f >= 1 {
		return []pgbenchScript{hotScript}
	}
	write.weight *= 1 - f
	return []pgbenchScript{hotScript, write}
}

// replicasLoad runs the writes (and the reads kept on the primary)
// against the primary and, at the same time, the reads the model routes
// to replicas against the replicas.
func (c *confirmPlan) replicasLoad(scripts []pgbenchScript, scale int, sampling string) {
	w := c.w
	replicas := max(c.r.Config.Replicas, c.r.Sizing.Replicas, 1)
	if c.r.Config.StandbyReads {
		replicas = len(c.r.Config.Standbys) // the standbys take the reads
	}
	f := val(w.ReplicaReadFraction)
	// The workload's rates: under closed load they set the mix, which the
	// achieved throughput keeps.
	reads, writes := val(w.ReadsPerSec), val(w.WritesPerSec)
	onReplicas, onPrimary := reads*f, reads*(1-f)
	var primary []pgbenchScript
	for _, s := range scripts {
		switch {
		case s.name != "select-only":
			primary = append(primary, s)
		case onPrimary > 0:
			s.weight = onPrimary
			primary = append(primary, s)
		}
	}
	total := writes + reads
	sessions := c.sessions()
	replicaSessions := 0
	if onReplicas > 0 {
		replicaSessions = max(1, int(math.Round(float64(sessions)*onReplicas/total)))
		if len(primary) > 0 {
			replicaSessions = min(replicaSessions, sessions-1)
		}
	}
	primarySessions := max(1, sessions-replicaSessions)
	hosts := hostList("replica", replicas)
	spread := "the replica (replica1 stands for its host name)"
	if replicas > 1 {
		spread = fmt.Sprintf("the %d replicas, spread by libpq 16+ (replica1 … stand for their host names)", replicas)
	}
	c.intro = fmt.Sprintf("with two pgbench runs at once from a host with the application's network path, and with PostgreSQL's statistics views on the primary and on a replica: the writes%s against the primary (`DB` is the application's connection string), and the point reads the model routes to replicas (%s of them) against %s, or through the router or pooler that routes the application's reads. Initialise about %s GB of data on the primary (pgbench's scale unit is about 15 MB), then offer the workload for 10 minutes:",
		map[bool]string{true: " and the reads kept on the primary", false: ""}[onPrimary > 0], pct(f), spread, num(val(w.DataSizeGB)))
	c.load = append(c.load, fmt.Sprintf(`pgbench -i -s %d "$DB"`, scale))
	var sels []logSel
	if len(primary) > 0 {
		cmd := pgbenchCmd(primarySessions, writes+onPrimary, !c.closed(), primary, "primary", sampling, `"$DB"`, false)
		if onReplicas > 0 {
			cmd += " &"
		}
		c.load = append(c.load, cmd)
	}
	if onReplicas > 0 {
		// -n: a replica cannot vacuum or truncate before the run.
		cmd := pgbenchCmd(replicaSessions, onReplicas, !c.closed(), []pgbenchScript{{name: "select-only", what: "point reads", weight: onReplicas}}, "replica", sampling,
			`"host=`+hosts+` target_session_attrs=standby load_balance_hosts=random dbname=bench"`, true)
		if len(primary) > 0 {
			cmd += " & wait"
		}
		c.load = append(c.load, cmd)
	}
	for i, s := range primary {
		if s.name == "select-only" {
			sels = append(sels, logSel{i, "primary.*"})
		}
	}
	written := slices.DeleteFunc(slices.Clone(primary), func(s pgbenchScript) bool { return s.name == "select-only" })
	c.load = append(c.load, p99Lines(written, "primary.*", "")...) // the writes come first in primary
	if onReplicas > 0 {
		sels = append(sels, logSel{0, "replica.*"})
	}
	if len(sels) > 0 {
		c.load = append(c.load, "# p99 of the point reads, in ms:", p99Line(sels...))
	}
}

// activeActiveLoad runs one pgbench per node, each with its share of the
// rate and the sessions.
func (c *confirmPlan) activeActiveLoad(scripts []pgbenchScript, scale int, sampling string) {
	nodes := max(c.r.Config.Nodes, 2)
	c.intro = fmt.Sprintf("with one pgbench per node, each offering its node's share of the load from a host with the application's network path to it (node1 … stand for the nodes' host names), and each node's replication statistics. Initialise about %s GB of data (pgbench's scale unit is about 15 MB) on one node and replicate the pgbench tables to every node (its replication set or publication), then offer the workload for 10 minutes:", num(val(c.w.DataSizeGB)))
	share := make([]pgbenchScript, len(scripts))
	for i, s := range scripts {
		s.weight /= float64(nodes)
		share[i] = s
	}
	// -n: the tables are replicated; no node truncates the history for all.
	cmd := pgbenchCmd(max(1, c.sessions()/nodes), c.rate()/float64(nodes), !c.closed(), share, "$node", sampling, `"host=$node dbname=bench"`, true)
	c.load = append(c.load,
		`pgbench -i -s `+strconv.Itoa(scale)+` "host=node1 dbname=bench"`,
		"for node in "+strings.ReplaceAll(hostList("node", nodes), ",", " ")+"; do",
		"  "+cmd+" &",
		"done; wait")
	c.load = append(c.load, p99Lines(scripts, "node*.*", " on all nodes")...)
	c.notes = append(c.notes, fmt.Sprintf("Each node offers 1/%d of the rate; with clients in several regions, give each node its region's share instead.", nodes))
}

// mixNotes says how the pgbench run matches the workload and where it
// does not.
func (c *confirmPlan) mixNotes(scripts []pgbenchScript, sampling string) {
	w := c.w
	var notes []string
	if c.closed() {
		notes = append(notes, fmt.Sprintf("The run is closed, as the workload: %d clients, each starting its next transaction when the last one ends (pgbench has no think time; the workload's is %s ms).", ival(w.Clients), num(val(w.ThinkTimeMs))))
	} else {
		var ws []string
		for _, s := range scripts {
			ws = append(ws, s.what)
		}
		mix := fmt.Sprintf("the scripts' weights mix %s as the workload does", joinAnd(slices.Compact(ws)))
		switch c.fam {
		case famReplicas:
			mix = "the two runs' rates split it as the model routes it"
		case famActiveActive:
			mix = "the runs' rates and `-b` weights split and mix it as the workload does"
		}
		notes = append(notes, fmt.Sprintf("`-R` offers the workload's rate (open load, as the model assumes) and %s; the logged latencies include the wait behind the schedule, as the model's response times include queueing.", mix))
	}
	if sampling != "" {
		notes = append(notes, "The log samples about 2 million transactions, plenty for a p99.")
	}
	notes = append(notes, "pgbench picks rows uniformly, while the model's working set draws "+pct(val(w.HotAccessFraction))+" of page accesses: the cache figures need the application's own traffic (or a custom script with `random_zipfian`).")
	st := ival(w.StatementsPerTxn)
	simple := len(scripts) > 0 && scripts[0].name == "simple-update"
	switch {
	case val(w.WritesPerSec) == 0:
	case simple && st != 3:
		notes = append(notes, fmt.Sprintf("simple-update's transactions have 3 statements, the workload's %d: a custom script (`-f`) matches them exactly.", st))
	case !simple && st != 5:
		notes = append(notes, fmt.Sprintf("tpcb-like's transactions have 5 statements, the workload's %d: a custom script (`-f`) matches them exactly.", st))
	}
	if c.fam == famSharded {
		notes = append(notes, fmt.Sprintf("Every pgbench transaction stays on one shard; the workload's %s of writes that touch several shards need a custom script that updates two accounts.", pct(val(w.MultiNodeWriteFraction))))
	}
	if v := val(w.AnalyticalPerSec); v > 0 {
		notes = append(notes, fmt.Sprintf("Run the analytical queries (%s/s) alongside, e.g. a second pgbench with `-f` and `-R %s`.", num(v), rateText(v)))
	}
	c.notes = append(notes, c.notes...)
}

// distributedLoad offers the workload with cockroach workload's kv
// generator: point reads and single-row writes at the workload's mix.
func (c *confirmPlan) distributedLoad() {
	w := c.w
	reads, writes := val(w.ReadsPerSec), val(w.WritesPerSec)
	readPct := 0
	if reads+writes > 0 {
		readPct = int(math.Round(100 * reads / (reads + writes)))
	}
	row := max(1, int(math.Round(val(w.RowBytes))))
	c.intro = fmt.Sprintf("with `cockroach workload`'s kv generator (CockroachDB; on YugabyteDB, `ysql_bench`), run from a host with the application's network path to the cluster (`DB` is the application's connection string), and the cluster's own metrics (DB Console or the `_status/vars` endpoint). Fill the kv table to about %s GB, then offer the workload for 10 minutes:", num(val(w.DataSizeGB)))
	blocks := fmt.Sprintf(" --min-block-bytes %d --max-block-bytes %d", row, row)
	run := fmt.Sprintf("cockroach workload run kv --read-percent %d%s --concurrency %d", readPct, blocks, c.sessions())
	if !c.closed() {
		run += " --max-rate " + rateText(reads+writes)
	}
	c.load = append(c.load,
		`cockroach workload init kv "$DB"`,
		fmt.Sprintf(`# fill: write only (kv reads only keys it wrote) until the table holds about %s GB`, num(val(w.DataSizeGB))),
		fmt.Sprintf(`cockroach workload run kv --read-percent 0%s --concurrency %d "$DB"`, blocks, c.sessions()),
		run+` --duration 10m "$DB"`,
		"# p99 of reads and writes: the p99(ms) column of the read and write lines in the final summary")
	var notes []string
	if c.closed() {
		notes = append(notes, fmt.Sprintf("The run is closed, as the workload: %d workers, each starting its next operation when the last one ends (kv has no think time; the workload's is %s ms).", ival(w.Clients), num(val(w.ThinkTimeMs))))
	} else {
		notes = append(notes, "`--max-rate` offers the workload's rate (open load, as the model assumes) and `--read-percent` its mix.")
	}
	notes = append(notes, "kv picks keys uniformly (`--zipfian` skews them), while the model's working set draws "+pct(val(w.HotAccessFraction))+" of accesses.")
	if h := ival(w.HotRows); h > 0 && val(w.HotRowWriteFraction) > 0 {
		// The hot rows' lock is held through consensus and intent
		// resolution: kv's uniform keys would never contend (review).
		notes = append(notes, fmt.Sprintf("The workload's %d hot rows: offer %s of the writes from a second kv run at that share of `--max-rate` with `--read-percent 0 --cycle-length %d`, whose writers upsert only those keys.",
			h, pct(val(w.HotRowWriteFraction)), h))
	}
	if v := val(w.AnalyticalPerSec); v > 0 {
		notes = append(notes, fmt.Sprintf("Run the analytical queries (%s/s) alongside from the application or a script.", num(v)))
	}
	c.notes = notes
}

// latencyChecks confirm the p99 latencies and the headroom.
func (c *confirmPlan) latencyChecks() {
	r := c.r
	writes := "the p99 line for writes above"
	reads := "the p99 line for point reads above"
	if c.fam == famDistributed {
		writes = "the `write` line's p99(ms) in kv's final summary"
		if st := ival(c.w.StatementsPerTxn); st > 1 {
			writes = fmt.Sprintf("the p99 of the application's own %d-statement write transactions as it measures them; kv's `write` line (p99(ms) in its final summary) times a single-row upsert, one statement and its commit, and reads lower", st)
		}
		reads = "the `read` line's p99(ms) in kv's final summary"
	}
	if l := r.Write; l != nil && val(c.w.WritesPerSec) > 0 {
		c.add("p99 latency of write transactions", msProse(l.P99Ms), writes+spreadless(*l))
	}
	if l := r.Read; l != nil && val(c.w.ReadsPerSec) > 0 {
		c.add("p99 latency of point reads", msProse(l.P99Ms), reads+spreadless(*l))
	}
}

// spreadless warns, where a latency's p99 is within 5 % of its p50, that
// the model gives it almost no spread: a client's round trips vary only
// by the profile's rtt_jitter_ms, small beside a long round trip, and a
// statement's CPU is its mean where nothing queues, so a
// deployed system's p99 lies above the model's by the network's and the
// executor's own tails, which its p50 does not show (a practitioner's
// review of 2026-11-28: a cached read's p99 equal to its p50 was offered
// for confirmation, which no real system meets); "" otherwise.
func spreadless(l Latency) string {
	if l.P50Ms == nil || l.P99Ms == nil || !(*l.P99Ms < 1.05**l.P50Ms) {
		return ""
	}
	return fmt.Sprintf(". The model's p50 is %s, within 5 %% of it: at this load it gives the latency almost no spread (a client's round trips vary only by rtt_jitter_ms, a statement's CPU is its mean), so the measured p99 lies above it by the network's and the executor's own tails; confirm the measured p50 against it", msProse(l.P50Ms))
}

// bottleneckChecks confirm the bottleneck's utilisation and the headroom.
func (c *confirmPlan) bottleneckChecks() {
	r := c.r
	// kv's writes are one statement each: where the workload's have more,
	// the run loads the cluster less than the workload does, and what it
	// measures is a floor on the utilisation and a ceiling on the headroom
	// (review of 2026-11-26).
	lighter := ""
	if st := ival(c.w.StatementsPerTxn); c.fam == famDistributed && st > 1 && val(c.w.WritesPerSec) > 0 {
		lighter = fmt.Sprintf("; kv's writes are one statement, the workload's %d, so the run loads the cluster less: read it as a floor (the application's own traffic, or a %d-statement script, is the real check)", st, st)
	}
	if u, ok := r.Utilization[r.Bottleneck]; ok {
		// Not the load's share of the ceiling the rationale quotes
		// (1/headroom): a resource whose waits grow with the load, as
		// sessions, is less busy at the offered load than that share.
		c.add("Utilisation of the bottleneck, `"+codeText(r.Bottleneck)+"`, at the offered load (the rationale's share of the ceiling is 1/headroom)", pct(u), c.measure(r.Bottleneck)+lighter)
	}
	if lighter != "" {
		lighter = strings.Replace(lighter, "as a floor", "as an upper bound", 1)
	}
	if r.MaxThroughputScale != nil {
		knob := "`-R`"
		if c.fam == famDistributed {
			knob = "`--max-rate`"
		}
		behind := "pgbench falls behind its schedule"
		if c.fam == famDistributed {
			behind = "kv's ops/sec stays below the rate"
		}
		how := fmt.Sprintf("raise %s step by step until the p99 turns up and %s; `%s` saturates first", knob, behind, codeText(r.Bottleneck))
		if c.closed() {
			how = fmt.Sprintf("run open at the achieved rate, then raise %s step by step until the p99 turns up; `%s` saturates first", knob, codeText(r.Bottleneck))
		}
		c.add("Headroom", num(*r.MaxThroughputScale)+"× the offered load", how+lighter)
	}
}

// familyChecks confirm the figures each family can measure: caches, I/O,
// WAL, replication and conflicts, where the system has them.
func (c *confirmPlan) familyChecks() {
	r, w := c.r, c.w
	iops := num(r.IOPSDemandPerSec) + "/s"
	if r.IOPSCeilingPerSec != nil {
		iops += " of " + num(*r.IOPSCeilingPerSec) + "/s"
	}
	hitRatio := "`sum(blks_hit) / sum(blks_hit + blks_read)` from `pg_stat_database` over the run (after `pg_stat_reset()`)"
	memory := "device reads, `iostat -x 10` r/s, against `blks_read` per second"
	switch c.fam {
	case famPrimary:
		c.add("shared_buffers hit ratio", pct(r.SharedBuffersHitRatio), hitRatio)
		c.add("Page reads served from memory (shared_buffers and the OS page cache)", pct(r.CacheHitRatio), memory)
		c.add("IOPS demand", iops, "`iostat -x 10` on the primary: r/s + w/s on the data and WAL devices")
		c.add("WAL rate", num(r.WALMBPerSec)+" MB/s", "the difference of `pg_stat_wal.wal_bytes` over the run, per second")
		c.add("Full-page images' share of the WAL", pct(r.FullPageImageFraction), "`pg_waldump --stats=record` on the run's WAL segments (FPI size against the total)")
		if s := r.CheckpointIntervalSeconds; s != nil {
			c.add("Checkpoint interval", num(*s)+" s", "`log_checkpoints = on`: the time between checkpoints in the server log")
		}
		c.syncStandbyCheck()
		c.lagCheck("`pg_stat_replication.replay_lag` on the primary, sampled every second, less half the round trip to the standby (`ping`): " + replayLagNote)
	case famReplicas:
		c.syncStandbyCheck() // where the copies are synchronous standbys (standby_reads)
		c.add("shared_buffers hit ratio on a replica (each replica caches the same pages)", pct(r.SharedBuffersHitRatio), hitRatio+", on a replica")
		c.add("Page reads served from memory on a replica", pct(r.CacheHitRatio), memory+", on a replica")
		c.add("IOPS demand on the primary", iops, "`iostat -x 10` on the primary: r/s + w/s on the data and WAL devices")
		c.add("WAL rate the replicas replay", num(r.WALMBPerSec)+" MB/s", "the difference of `pg_stat_wal.wal_bytes` on the primary over the run, per second")
		c.lagCheck("`pg_stat_replication.replay_lag` on the primary, one row per replica, sampled every second, less half the round trip to the replica (`ping`): " + replayLagNote)
		if p := r.Consistency.StaleReadProbability; p != nil {
			c.add(fmt.Sprintf("Probability that a read %s ms after a commit misses it", num(val(w.ReadAfterWriteMs))), decide.FormatProbability(*p),
				"the application's read-after-write checks, or a probe that commits a row on the primary, waits that long and reads it back on a replica: the share of reads that miss it")
		}
	case famOptimized:
		if c.variant == "neon" {
			c.add("shared_buffers hit ratio", pct(r.SharedBuffersHitRatio), hitRatio)
			c.add("Page reads served from shared_buffers or the local file cache", pct(r.CacheHitRatio), "`1 − file_cache_misses / (blks_hit + blks_read)` over the run, from `neon_stat_file_cache` and `pg_stat_database`")
			c.lagCheck("`now() - pg_last_xact_replay_timestamp()` on the read replica, sampled every second")
		} else {
			c.add("Buffer cache hit ratio (Aurora has no OS page cache in the read path)", pct(r.CacheHitRatio), "CloudWatch `BufferCacheHitRatio` of the writer instance")
			c.add("Storage I/O rate", iops, "CloudWatch `VolumeReadIOPs` + `VolumeWriteIOPs` of the cluster (sums over 5 minutes: divide by 300)")
			c.add("Mean commit latency", c.pathText("storage_"), "CloudWatch `CommitLatency` of the writer instance, against the commit path's storage steps")
			c.lagCheck("CloudWatch `AuroraReplicaLag` of each reader")
		}
	case famSharded:
		c.add("shared_buffers hit ratio on a worker (each caches its shards)", pct(r.SharedBuffersHitRatio), hitRatio+", on each worker")
		c.add("IOPS demand on a worker", iops, "`iostat -x 10` on each worker: r/s + w/s on the data and WAL devices")
		c.add("WAL rate", num(r.WALMBPerSec)+" MB/s", "the difference of `pg_stat_wal.wal_bytes` on the busiest worker over the run, per second")
		c.checks = append(c.checks, check{what: "Share of writes that touch several shards (`multi_node_write_fraction`, an input the decision rests on)", predicted: pct(val(w.MultiNodeWriteFraction)), assumed: true,
			how: "`citus_stat_statements` on the coordinator under the application's traffic: calls by `executor` and `partition_key` (no partition key is a multi-shard statement)"})
		if f := val(w.LargestTenantFraction); f > 0 {
			c.checks = append(c.checks, check{what: "Share of the routed load of the largest tenant (`largest_tenant_fraction`, an input the decision rests on)", predicted: pct(f), assumed: true,
				how: "`citus_stat_tenants` on the coordinator (Citus 11.3+, `citus.stat_tenants_track = 'all'`) under the application's traffic: the top tenant's `query_count_in_last_period` against the period's router statements (`citus_stat_statements` calls with a `partition_key`)"})
		}
		if f := val(w.ReferenceWriteFraction) * (1 - val(w.ReferenceInsertFraction)); f > 0 {
			c.checks = append(c.checks, check{what: "Share of writes that update a reference table, one at a time (`reference_write_fraction` less `reference_insert_fraction`, an input the decision rests on)", predicted: pct(f), assumed: true,
				how: "`pg_stat_statements` on the coordinator under the application's traffic: calls per second of UPDATE, DELETE and upsert statements on the tables `citus_tables` lists as `reference`, against the write transactions per second"})
		}
	case famActiveActive:
		c.add("shared_buffers hit ratio on each node", pct(r.SharedBuffersHitRatio), hitRatio+", on each node")
		c.add("WAL rate on a node", num(r.WALMBPerSec)+" MB/s", "the difference of `pg_stat_wal.wal_bytes` on the busiest node over the run, per second")
		c.lagCheck("`pg_stat_replication.replay_lag` on each node, one row per subscriber, sampled every second, less half the round trip to it (`ping`): " + replayLagNote)
		if cf := r.Consistency.ConflictsPerSec; cf != nil {
			pred := num(*cf) + "/s"
			if l := r.Consistency.LostUpdatesPerSec; l != nil {
				pred += fmt.Sprintf(" (%s/s lost updates)", num(*l))
			}
			c.add("Update conflicts", pred, "conflicts logged per second on every node: `pg_stat_subscription_stats`' `confl_*` columns (PostgreSQL 18+), `bdr.conflict_history` (EDB Postgres Distributed) or `spock.resolutions` (pgEdge)")
		}
		if p := r.Consistency.StaleReadProbability; p != nil {
			// The model routes a session's reads as its writes (to its
			// region's nodes alike): the probability covers the reads that
			// land on another node than the write's and find it not yet
			// applied, not a read sent there on purpose.
			c.add(fmt.Sprintf("Probability that a session's read %s ms after its own commit misses it (landing on another node than the write's, before the change is applied there)", num(val(w.ReadAfterWriteMs))), decide.FormatProbability(*p), "the application's read-after-write checks")
		}
	case famDistributed:
		if l := r.Write; l != nil && l.MeanMs != nil && val(w.WritesPerSec) > 0 {
			ms := *l.MeanMs
			for _, s := range r.CommitPath {
				if strings.HasPrefix(s.Step, "client_round_trip") && s.Ms != nil {
					ms -= *s.Ms
				}
			}
			c.add("Mean time a write transaction spends in the cluster (its latency less the client round trips)", num(ms)+" ms",
				"the mean service latency of the application's write transactions on the DB Console's Transactions page (`crdb_internal.transaction_statistics`)")
		}
	}
}

// syncStandbyCheck confirms the synchronous standby's share of a commit:
// the replication lag column that matches synchronous_commit.
func (c *confirmPlan) syncStandbyCheck() {
	cfg := c.r.Config
	col := map[string]string{"remote_write": "write_lag", "on": "flush_lag", "remote_apply": "replay_lag"}[cfg.SyncCommit]
	if len(cfg.Standbys) == 0 || col == "" {
		return
	}
	var ms float64
	found := false
	for _, s := range c.r.CommitPath {
		if (strings.HasPrefix(s.Step, "standby_") || s.Step == "wal_send") && s.Ms != nil {
			ms += *s.Ms
			found = true
		}
	}
	if !found {
		return
	}
	c.add("Mean wait of a commit for the synchronous standby (synchronous_commit "+codeText(cfg.SyncCommit)+")", num(ms)+" ms",
		"`pg_stat_replication."+col+"` of the standbys whose `sync_state` is sync or quorum, averaged over the run")
}

// replayLagNote says how the model's lag and replay_lag differ. The model's
// is the time until a commit is visible on the copy, one way;
// pg_stat_replication's replay_lag runs from the primary's flush until the
// primary hears of the replay, the reply's trip back included (PostgreSQL
// docs, "pg_stat_replication"; review: a 15 ms flush_lag beside an 8 ms
// predicted replay_lag). Measuring on the copy instead
// (pg_last_xact_replay_timestamp) would add the time since the last
// commit and the hosts' clock offset, both the size of the lag (review).
const replayLagNote = "replay_lag counts the reply's trip back to the primary, which the model's one-way lag does not, and is measured on one clock"

// lagCheck confirms the p99 replication lag, if the model predicts one.
func (c *confirmPlan) lagCheck(how string) {
	l := c.r.ReplicationLagMs
	if l == nil {
		return
	}
	pred := "unbounded (replay cannot keep up)"
	if l.P99 != nil {
		pred = num(*l.P99) + " ms"
	}
	c.add("p99 replication lag", pred, how)
}

// pathText is the mean time of the commit path's steps whose names
// contain key.
func (c *confirmPlan) pathText(key string) string {
	var ms float64
	for _, s := range c.r.CommitPath {
		if strings.Contains(s.Step, key) {
			if s.Ms == nil {
				return "saturated"
			}
			ms += *s.Ms
		}
	}
	return num(ms) + " ms"
}

// failureChecks confirm each failure's RTO and RPO with the probe.
func (c *confirmPlan) failureChecks() {
	for _, f := range c.r.Availability.Failures {
		how := fmt.Sprintf("the drill with the %s failed (the model: %s); RTO and RPO as the probe prints them", f.Kind, mdEscape(f.Action))
		if p := f.RPOSeconds; p != nil && *p > 0 && *p < probePeriod {
			switch c.fam {
			case famPrimary, famReplicas, famActiveActive:
				how += fmt.Sprintf(". An RPO under the probe's %s s shows as 0 or one lost write: read it instead from `pg_stat_replication.write_lag` of the copy that takes over, sampled every second up to the failure (WAL it has not received is what is lost)", num(probePeriod))
			default:
				how += fmt.Sprintf(". An RPO under the probe's %s s shows as 0 or one lost write", num(probePeriod))
			}
		}
		c.add(fmt.Sprintf("RTO and RPO after a %s failure", f.Kind), secondsProse(f.RTOSeconds)+" and "+secondsProse(f.RPOSeconds), how)
	}
}

// measure says how to measure a resource's utilisation on the family's
// systems.
func (c *confirmPlan) measure(res string) string {
	node := map[family]string{famPrimary: "the primary", famReplicas: "the primary", famOptimized: "the writer", famSharded: "the busiest worker", famActiveActive: "the busiest node", famDistributed: "the busiest node"}[c.fam]
	standby := "a replica"
	if strings.HasPrefix(res, "standby_") {
		standby = "the standby"
	}
	switch c.fam {
	case famDistributed:
		switch res {
		case "cpu":
			return "`sys.cpu.combined.percent-normalized` of the busiest node (the DB Console's CPU Percent)"
		case "iops", "bandwidth", "wal_flush":
			return "`iostat -x 10` on the busiest node's store device: r/s + w/s and rMB/s + wMB/s against the device's limits"
		case "network":
			return "`sar -n DEV 10` on the busiest node: txkB/s against the instance's baseline network bandwidth"
		case "sessions":
			return "`sql.conns` of each node against its share of the pool"
		}
		return "the resource's busy time on the busiest node"
	case famOptimized:
		if c.variant != "neon" {
			switch res {
			case "cpu":
				return "CloudWatch `CPUUtilization` of the writer instance"
			case "network":
				return "CloudWatch `NetworkReceiveThroughput` + `NetworkTransmitThroughput` of the writer against the instance's baseline network bandwidth"
			}
		} else if res == "cpu" {
			return "the compute's CPU on the Neon Console's Monitoring page, against its compute size"
		}
	}
	switch res {
	case "cpu":
		return "`mpstat 10` on " + node + ": user + system CPU"
	case "coordinator_cpu":
		return "`mpstat 10` on the coordinator: user + system CPU"
	case "replica_cpu", "standby_cpu":
		return "`mpstat 10` on " + standby + ": user + system CPU"
	case "iops", "bandwidth":
		return "`iostat -x 10` on " + node + "'s data device: r/s + w/s and rMB/s + wMB/s against the device's limits"
	case "replica_iops", "replica_bandwidth", "standby_iops", "standby_bandwidth":
		return "`iostat -x 10` on " + standby + "'s data device: r/s + w/s and rMB/s + wMB/s against the device's limits"
	case "wal_flush":
		return "the WAL fsync time per second of the run on " + node + ": `pg_stat_wal.wal_sync_time` (PostgreSQL 14–17, with `track_wal_io_timing = on`) or `pg_stat_io`'s `fsync_time` for object wal (18+); or `iostat -x 10` w_await on the WAL device"
	case "sessions":
		if c.fam == famSharded {
			return "`citus_stat_activity` on the coordinator, or `pg_stat_activity` on each worker: active sessions against the pool size"
		}
		return "`pg_stat_activity` on " + node + ": active sessions against the pool size"
	case "replica_sessions":
		return "`pg_stat_activity` on a replica: active sessions against the pool size"
	case "coordinator_sessions":
		return "`pg_stat_activity` on the coordinator: active sessions against the pool size"
	case "pooler", "replica_pooler":
		return "`SHOW STATS` in PgBouncer's admin console (total_xact_count per second) and the pgbouncer process's CPU in `top`: near 100 % of one core is its limit"
	case "network":
		return "`sar -n DEV 10` on " + node + ": txkB/s against the instance's baseline network bandwidth"
	case "replay":
		return "`pg_stat_replication.replay_lag` growing during the run, or the startup process's CPU in `top` on " + standby
	case "decode":
		return "each walsender's CPU in `top` on each node (near 100 % of one core is its limit, one per subscriber), with `pg_stat_replication.replay_lag` growing"
	case "apply":
		return "the logical replication apply worker's CPU in `top` on each node (near 100 % of one core is its limit), with `replay_lag` in `pg_stat_replication` growing"
	case "row_lock":
		return "`pg_locks` waits on transactionid: `pg_stat_activity.wait_event = 'transactionid'` during the run"
	case "reference_lock":
		return "waits on Citus' shard resource locks, advisory locks taken on the first worker where workers hold the metadata (the coordinator's own otherwise): `citus_stat_activity` rows with `wait_event = 'advisory'` during the run"
	}
	return "the resource's busy time on the node that carries it"
}

// pgbenchCmd is one pgbench run of 10 minutes with progress every 10 s
// and a per-transaction log.
func pgbenchCmd(clients int, rate float64, open bool, scripts []pgbenchScript, prefix, sampling, target string, noVacuum bool) string {
	cmd := "pgbench"
	if noVacuum {
		cmd += " -n"
	}
	cmd += fmt.Sprintf(" -c %d -j %d -T 600 -P 10", clients, min(2, clients))
	if open {
		cmd += " -R " + rateText(rate)
	}
	// pgbench takes whole weights: scaled so that the smallest is at least
	// 100, rounding moves a share by under 1 % (review: a 1 % share of
	// hot writes rounded up to 9 %).
	k := 1.0
	for _, s := range scripts {
		if s.weight > 0 {
			k = max(k, 100/s.weight)
		}
	}
	for _, s := range scripts {
		flag := " -b "
		if s.file {
			flag = " -f "
		}
		if len(scripts) == 1 {
			cmd += flag + s.name
			continue
		}
		cmd += fmt.Sprintf("%s%s@%d", flag, s.name, max(1, int(math.Round(s.weight*k))))
	}
	return cmd + " --log --log-prefix=" + prefix + sampling + " " + target
}

// p99Lines returns the p99 lines of the scripts, numbered from 0 in the
// logs files, one per kind of request (what), the scripts of one kind
// pooled (a write split into hot.sql and its built-in is one kind); where
// qualifies the kind.
func p99Lines(scripts []pgbenchScript, files, where string) []string {
	var whats []string
	sels := map[string][]logSel{}
	for i, s := range scripts {
		if _, ok := sels[s.what]; !ok {
			whats = append(whats, s.what)
		}
		sels[s.what] = append(sels[s.what], logSel{i, files})
	}
	var out []string
	for _, what := range whats {
		out = append(out, fmt.Sprintf("# p99 of the %s%s, in ms:", what, where), p99Line(sels[what]...))
	}
	return out
}

// logSel selects a script's lines in pgbench logs: its number (from 0, in
// the order of -b) and the logs' file pattern.
type logSel struct {
	script int
	files  string
}

// p99Line prints the p99 latency in ms of the selected transactions of
// pgbench logs (the log's third field is the latency in µs, the fourth the
// script's number).
func p99Line(sels ...logSel) string {
	var parts []string
	for _, s := range sels {
		parts = append(parts, fmt.Sprintf("awk '$4 == %d {print $3 / 1000}' %s", s.script, s.files))
	}
	src := parts[0]
	if len(parts) > 1 {
		src = "{ " + strings.Join(parts, "; ") + "; }"
	}
	return src + " | sort -n | awk '{v[NR] = $1} END {print v[int(NR * 0.99)]}'"
}

// samplingRate is pgbench's --sampling-rate option that logs about two
// million of a 10-minute run's transactions (plenty for a p99), or nothing
// when the run has fewer.
func samplingRate(perSec float64) string {
	n := perSec * 600
	if n <= 2e6 {
		return ""
	}
	return " --sampling-rate=" + num(2e6/n)
}

// rateText formats a rate for a command line: whole transactions per
// second, or three significant digits below ten.
func rateText(v float64) string {
	if v >= 10 {
		return strconv.Itoa(int(math.Round(v)))
	}
	return num(v)
}

// hostList stands for n hosts: "replica1,replica2".
func hostList(prefix string, n int) string {
	hosts := make([]string, n)
	for i := range hosts {
		hosts[i] = prefix + strconv.Itoa(i+1)
	}
	return strings.Join(hosts, ",")
}
