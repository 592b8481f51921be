#!/usr/bin/env bash
# The CPU logical replication spends per transaction, measured on a real
# PostgreSQL against what the transaction costs the backend that ran it:
# active-active's ceiling is one apply worker per origin on every node
# (worker.c applies each change through the executor, without parsing,
# planning or a client round trip), and a walsender per subscriber that
# decodes the origin's WAL (pgoutput). model/activeactive.go charges an
# apply worker applyCPUShare of a write statement's CPU per write statement
# and a decoding walsender recordsCPU and its rounds' share per
# transaction; model/apply_test.go checks both against the results.
#
# A publisher (wal_level = logical) runs pgbench at a fixed rate; a
# subscriber, another cluster on the next port, subscribes to all its
# tables. The publisher's backends exit with pgbench and the postmaster
# reaps them: their CPU is the rise of the postmaster's cutime and cstime
# (proc(5) fields 16 and 17; autovacuum off on both, so that no other child
# exits meanwhile). The apply worker and the walsender live on: their CPU
# is the rise of their own utime and stime, read once the subscriber has
# caught up. Runs: TPC-B-like (three UPDATEs, a SELECT and an INSERT in a
# transaction block) and a one-UPDATE transaction, each in pgbench's simple
# and prepared protocols (prepared: a statement is parsed and planned once
# a connection, as an apply worker never does), at 4 clients and the rate;
# then each in the simple protocol from 32 clients without a rate
# ("batched"), whose commits share WAL flushes, so that the walsender's
# rounds, which wake on a flush, take up several commits each. Each run
# also counts the publisher's WAL flushes (pg_stat_wal.wal_sync): commits
# per flush.
#
#	validation/apply.sh       # as root: ~5 min; writes validation/results/apply.txt
#
# Environment: MEASURE (30 s per run), RATE (1,000 transactions/s), PORT
# (54391; the subscriber on the next), RESULTS (validation/results), NICE
# (-20).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
measure=${MEASURE:-30} rate=${RATE:-1000} port=${PORT:-54391}
results=${RESULTS:-$repo/validation/results} nice_n=${NICE:--20}
. validation/postgres.sh
postgres_setup apply
mkdir -p "$results"
sub=$((port + 1))

log "publisher and subscriber, pgbench -i -s 10"
settings="shared_buffers = 256MB
max_wal_size = 1GB
autovacuum = off"
postgres_primary <<EOF
$settings
wal_level = logical
EOF
# The subscriber: a cluster of its own (postgres_cleanup stops standby*).
postgres_cluster standby-sub "$sub" <<<"$settings"
pgbench=("$pgbin/pgbench" -h 127.0.0.1 -U postgres)
as_pg "${pgbench[@]}" -p "$port" -i -q -s 10 postgres >/dev/null 2>&1
# The same tables, empty, with their keys (pgbench -i's steps d, t, p).
as_pg "${pgbench[@]}" -p "$sub" -i -q -s 10 -I dtp postgres >/dev/null 2>&1
sql "CREATE PUBLICATION pub FOR ALL TABLES" >/dev/null
sql "CREATE SUBSCRIPTION sub CONNECTION 'host=127.0.0.1 port=$port user=postgres dbname=postgres' PUBLICATION pub" "$sub" >/dev/null
log "initial copy"
for _ in $(seq 300); do
	[ "$(sql "SELECT count(*) FROM pg_subscription_rel WHERE srsubstate <> 'r'" "$sub")" = 0 ] && break
	sleep 1
done
cat >"$work/update.sql" <<'EOF'
\set aid random(1, 100000 * :scale)
\set delta random(-5000, 5000)
UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;
EOF
chown "$runas": "$work/update.sql"

# ticks PID prints a process's CPU ticks, user and system (proc(5) fields
# 14 and 15); children its reaped children's (16 and 17).
ticks() {
	local f
	read -r -a f < <(sed 's/^.*) //' "/proc/$1/stat")
	echo "${f[11]} ${f[12]}"
}
children() {
	local f
	read -r -a f < <(sed 's/^.*) //' "/proc/$1/stat")
	echo "${f[13]} ${f[14]}"
}
postmaster=$(head -1 "$work/db/postmaster.pid")
apply_pid() { sql "SELECT pid FROM pg_stat_subscription WHERE subname = 'sub' AND relid IS NULL" "$sub"; }
sender_pid() { sql "SELECT pid FROM pg_stat_replication WHERE application_name = 'sub'"; }
# caught_up waits, up to two minutes, until the subscriber has confirmed
# the publisher's current WAL position.
caught_up() {
	local lsn
	lsn=$(sql "SELECT pg_current_wal_lsn()")
	for _ in $(seq 1200); do
		[ "$(sql "SELECT confirmed_flush_lsn >= '$lsn' FROM pg_replication_slots WHERE slot_name = 'sub'")" = t ] && return
		sleep 0.1
	done
	echo "the subscriber did not catch up in two minutes" >&2
	return 1
}

{
	echo "postgres $("$pgbin/postgres" --version)"
	echo "clk_tck $(getconf CLK_TCK)"
	echo "measure_s $measure"
	echo "rate_per_s $rate"
	echo "# run backend_user backend_system apply_user apply_system sender_user sender_system transactions wal_syncs (ticks, the rises over the run)"
} >"$work/out.txt"
as_pg "${pgbench[@]}" -p "$port" -n -c 4 -j 2 -T 10 postgres >/dev/null 2>&1 # warm-up
for run in tpcb-simple tpcb-prepared update-simple update-prepared tpcb-batched update-batched; do
	script=(-b tpcb-like)
	[ "${run%%-*}" = update ] && script=(-f "$work/update.sql")
	load=(-c 4 -R "$rate" -M "${run#*-}")
	[ "${run#*-}" = batched ] && load=(-c 32 -M simple)
	caught_up
	apply=$(apply_pid) sender=$(sender_pid)
	b0=$(children "$postmaster") a0=$(ticks "$apply") s0=$(ticks "$sender")
	f0=$(sql "SELECT wal_sync FROM pg_stat_wal")
	log "$run: ${measure}s, ${load[*]}"
	as_pg "${pgbench[@]}" -p "$port" -n -j 2 "${load[@]}" -T "$measure" "${script[@]}" postgres >"$work/$run.txt" 2>&1
	f1=$(sql "SELECT wal_sync FROM pg_stat_wal")
	caught_up
	sleep 1 # the backends' exit, reaped
	b1=$(children "$postmaster") a1=$(ticks "$apply") s1=$(ticks "$sender")
	txns=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$work/$run.txt")
	read -r bu0 bs0 <<<"$b0"
	read -r bu1 bs1 <<<"$b1"
	read -r au0 as0 <<<"$a0"
	read -r au1 as1 <<<"$a1"
	read -r su0 ss0 <<<"$s0"
	read -r su1 ss1 <<<"$s1"
	echo "$run $((bu1 - bu0)) $((bs1 - bs0)) $((au1 - au0)) $((as1 - as0)) $((su1 - su0)) $((ss1 - ss0)) $txns $((f1 - f0))" >>"$work/out.txt"
done
cp "$work/out.txt" "$results/apply.txt"
log "done: $results/apply.txt"
cat "$results/apply.txt"
