#!/usr/bin/env bash
# A hot row's lock, measured on a real PostgreSQL: clients that all UPDATE
# one row (a counter) take its tuple lock in turn. A waiter sleeps on the
# holder's transaction id (heap_update → XactLockTableWait) until the
# holder's commit has flushed its WAL and released its locks
# (CommitTransaction: RecordTransactionCommit, then ProcArrayEndTransaction
# and ResourceOwnerRelease), then wakes, re-reads the new row version
# (EvalPlanQual) and updates it. So the row passes from one transaction to
# the next once per lock hold plus hand-over, whatever the clients: its
# throughput is the inverse of that cycle. Each run's twin updates a row
# drawn from ROWS, so that no two clients meet: the same statements
# without the lock. synchronous_commit on (the hold spans the WAL flush)
# and off (it spans the statement's and the commit's own work).
# pg_stat_wal's flush and write times (track_wal_io_timing) separate the
# flush from the rest of the hold. pgbench's per-transaction log gives the
# latencies' median and 99th percentile, and three runs of Poisson
# arrivals around the row's capacity (pgbench --rate) show their tail
# where the order a row's waiters are served in shapes it. The server's
# CPU time and WAL records a transaction show the hand-over's own work:
# each commit of the row wakes every waiter of the version it updated in
# turn (heap_update: each takes and releases that version's tuple lock and
# finds it updated, TM_Updated), and each locks the newest version
# (heap_lock_tuple: one more WAL record) and queues on it again.
# model/hotrow_test.go checks the hold the model gives a hot row, the
# shape of its wait and its hand-overs' CPU against the hot runs.
#
#	validation/hotrow.sh       # as root: ~10 min; writes validation/results/hotrow.txt
#
# Environment: MEASURE (20 s per run), ROWS (100000), PORT (54361),
# RESULTS (validation/results), NICE (-20).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
measure=${MEASURE:-20} rows=${ROWS:-100000} port=${PORT:-54361}
results=${RESULTS:-$repo/validation/results} nice_n=${NICE:--20}
. validation/postgres.sh
postgres_setup hotrow
mkdir -p "$results"

log "initdb, $rows counters"
postgres_primary <<EOF
shared_buffers = 128MB
max_wal_size = 4GB
checkpoint_timeout = 30min
track_wal_io_timing = on
EOF
sql "CREATE TABLE counter (id int PRIMARY KEY, n bigint NOT NULL) WITH (fillfactor = 50)"
sql "INSERT INTO counter SELECT i, 0 FROM generate_series(1, $rows) i"
sql "VACUUM ANALYZE counter"
cat >"$work/hot.sql" <<'EOF'
UPDATE counter SET n = n + 1 WHERE id = 1;
EOF
cat >"$work/spread.sql" <<EOF
\set id random(1, $rows)
UPDATE counter SET n = n + 1 WHERE id = :id;
EOF
chown "$runas": "$work/hot.sql" "$work/spread.sql"

wal() { sql "SELECT wal_sync, wal_sync_time, wal_write_time, wal_records FROM pg_stat_wal" | tr '|' ' '; }
# cpu prints the server's CPU time in clock ticks: every live postgres
# process's and the exited backends' (the postmaster's children).
cpu() {
	local t pm
	pm=$(head -1 "$work/db/postmaster.pid")
	t=$(awk '{ print $16 + $17 }' "/proc/$pm/stat")
	for p in $(pgrep -u "$runas" -x postgres); do
		t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)))
	done
	echo "$t"
}
tick=$(getconf CLK_TCK)

{
	echo "postgres $("$pgbin/postgres" --version)"
	echo "measure_s $measure"
	echo "rows $rows"
	echo "# run clients-or-rate tps latency_ms wal_sync wal_sync_time_ms wal_write_time_ms p50_ms p99_ms server_cpu_us wal_records"
	echo "# (wal_* over the run; server_cpu_us and wal_records a transaction, the server's processes' CPU time)"
} >"$work/out.txt"
as_pg "$pgbin/pgbench" -h 127.0.0.1 -p "$port" -U postgres -n -M prepared -c 4 -j 2 -T 5 -f "$work/spread.sql" postgres >/dev/null 2>&1 # warm-up
# run NAME KIND CLIENTS KEY [pgbench options]: one measured run of
# KIND.sql by CLIENTS clients, recorded as "NAME KEY tps latency_ms
# wal_sync wal_sync_time_ms wal_write_time_ms p50_ms p99_ms server_cpu_us
# wal_records".
run() {
	local name=$1 kind=$2 clients=$3 key=$4 file=$work/$1-$4
	shift 4
	log "$name $key: ${measure}s"
	sql "VACUUM counter" >/dev/null # the hot row's dead versions, pruned on the way (HOT) but not all
	read -r s0 st0 wt0 r0 < <(wal)
	c0=$(cpu)
	as_pg "$pgbin/pgbench" -h 127.0.0.1 -p "$port" -U postgres -n -M prepared -c "$clients" -j "$((clients < 2 ? 1 : 2))" \
		-T "$measure" -l --log-prefix="$file" "$@" -f "$work/$kind.sql" postgres >"$file.txt" 2>&1
	sleep 0.5 # the run's backends exit and are reaped: their CPU joins the postmaster's
	read -r s1 st1 wt1 r1 < <(wal)
	c1=$(cpu)
	tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$file.txt")
	latency=$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' "$file.txt")
	# The log's third field is a transaction's latency in µs (from its
	# scheduled start under --rate, its schedule lag included): the
	# nearest-rank median and 99th percentile, in ms.
	pcts=$(cat "$file".[0-9]* | awk '{ print $3 }' | sort -n |
		awk '{ x[NR] = $1 } END { m = int(NR * 0.5 + 0.999999); n = int(NR * 0.99 + 0.999999); print x[m] / 1000, x[n] / 1000 }')
	rm -f "$file".[0-9]*
	echo "$name $key $tps $latency $((s1 - s0)) $(awk "BEGIN { print $st1 - $st0, $wt1 - $wt0 }") $pcts" \
		"$(awk "BEGIN { n = $tps * $measure; printf \"%.1f %.2f\", ($c1 - $c0) / $tick * 1e6 / n, ($r1 - $r0) / n }")" >>"$work/out.txt"
}

for sync in on off; do
	setting synchronous_commit "$sync"
	for clients in 1 2 4 8 16 32; do
		for kind in spread hot; do
			run "$kind-$sync" "$kind" "$clients" "$clients"
		done
	done
done
# Poisson arrivals on the hot row (pgbench --rate, its key the rate a
# second) with 16 clients, synchronous_commit on: the lock below and
# around its capacity, where the order its waiters are served in shapes
# the tail (ADR 0008).
setting synchronous_commit on
for rate in 1000 1800 2400; do
	run hotrate-on hot 16 "$rate" --rate="$rate"
done
cp "$work/out.txt" "$results/hotrow.txt"
log "done: $results/hotrow.txt"
