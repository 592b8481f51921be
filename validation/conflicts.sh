#!/usr/bin/env bash
# How often short queries on a hot standby stall replay, measured on a real
# PostgreSQL. A record that removes row versions (a heap page's pruning,
# vacuum) carries the newest xid it removed; replaying it, the startup
# process waits for every query in that database whose snapshot could still
# see those versions (standby.c ResolveRecoveryConflictWithSnapshot →
# ResolveRecoveryConflictWithVirtualXIDs), sleeping 1 ms, then 2, 4 … up to
# 1 s between checks (WaitExceedsMaxStandbyDelay), until they end or
# max_standby_streaming_delay cancels them. The model pauses replay for
# the standby's analytical queries only (model/solve.go, replicaNode); this
# measures whether point reads stall it too, and, with the controls, how
# often cleanup records conflict (conflictsPerPageWrite;
# model/conflicts_test.go).
#
# Each run writes on the primary at a fixed rate while the standby serves
# point reads (pgbench -S) at a fixed rate or none, or, the control, 50 ms
# queries (pg_sleep: a snapshot held without CPU) 5 or 20 times a second,
# as the analytical queries the model pauses replay for; a sampler in another
# database (template1: a snapshot conflict is per database) reads the
# startup process's wait event every 2 ms, and another on the primary reads
# pg_stat_replication's lags every 10 ms. Writers: pgbench's TPC-B-like
# script (at scale 10 its ten branch rows and hundred teller rows are hot,
# so their pages are pruned every few dozen updates, with the horizon of
# an update a few milliseconds old) and an update of pgbench_accounts alone
# (random rows on full pages: a page is pruned at its next access after an
# update, seconds later). Runs are named WRITER-rREADS or WRITER-sSCANS
# (per second).
#
#	validation/conflicts.sh       # as root: ~4 min; writes validation/results/conflicts.txt
#
# Environment: MEASURE (20 s per run), RUNS (the runs' names, all ten by
# default), PORT (54371; the standby on the next), RESULTS
# (validation/results), NICE (-20).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
measure=${MEASURE:-20} port=${PORT:-54371}
results=${RESULTS:-$repo/validation/results} nice_n=${NICE:--20}
. validation/postgres.sh
postgres_setup conflicts
mkdir -p "$results"
standby=$((port + 1))

log "initdb, pgbench -i -s 10"
postgres_primary <<EOF
shared_buffers = 256MB
max_wal_size = 1GB
EOF
as_pg "$pgbin/pgbench" -h 127.0.0.1 -p "$port" -U postgres -i -q -s 10 postgres >/dev/null 2>&1
cat >"$work/accounts.sql" <<'EOF'
\set aid random(1, 100000 * :scale)
\set delta random(-5000, 5000)
UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;
EOF
# The control's query: it holds a snapshot for 50 ms and needs no CPU, as
# an analytical query would on a machine with cores to spare.
echo 'SELECT pg_sleep(0.05);' >"$work/scan.sql"
chown "$runas": "$work/accounts.sql" "$work/scan.sql"

postgres_standby standby "$standby"
streaming 1

# sample PORT QUERY S MS: runs QUERY for S seconds, MS ms apart, in
# template1 on the server at PORT, one line per sample (psql prints
# NOTICEs on stderr).
sample() {
	as_pg "$pgbin/psql" -X -qAt -h 127.0.0.1 -p "$1" -d template1 -c "
DO \$\$ DECLARE stop timestamptz := clock_timestamp() + interval '$3 seconds'; BEGIN
  WHILE clock_timestamp() < stop LOOP
    PERFORM pg_stat_clear_snapshot();
    RAISE NOTICE '%', ($2);
    PERFORM pg_sleep($4 / 1000.0);
  END LOOP;
END \$\$" 2>&1 | sed -n 's/^NOTICE:  //p'
}
waits="SELECT coalesce(wait_event_type || ':' || wait_event, 'running') FROM pg_stat_activity WHERE backend_type = 'startup'"
lags="SELECT coalesce(extract(epoch FROM write_lag) * 1000, -1) || ' ' || coalesce(extract(epoch FROM flush_lag) * 1000, -1) || ' ' || coalesce(extract(epoch FROM replay_lag) * 1000, -1) FROM pg_stat_replication"
conflicts="SELECT confl_snapshot + confl_bufferpin + confl_lock FROM pg_stat_database_conflicts WHERE datname = 'postgres'"

# tps and lat read pgbench's report FILE: transactions a second, mean
# latency (ms).
tps() { sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$1" 2>/dev/null | head -1; }
lat() { sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' "$1" 2>/dev/null | head -1; }
# pct FILE COLUMN P: the P-th percentile of a column of lag samples, valid
# ones only (-1 where none).
pct() { awk -v c="$2" '$c >= 0 {print $c}' "$1" | sort -g | awk -v p="$3" '{v[NR] = $1} END {i = int(p * NR) + 1; if (i > NR) i = NR; printf "%.3f", (NR ? v[i] : -1)}'; }

{
	echo "postgres $("$pgbin/postgres" --version)"
	echo "measure_s $measure"
	echo "# run writer write_rate read_rate | primary_tps standby_tps standby_latency_ms cancelled | startup wait events: count event … | lag ms p50/p99 write flush replay"
} >"$work/out.txt"
as_pg "$pgbin/pgbench" -h 127.0.0.1 -p "$port" -U postgres -n -c 4 -j 2 -T 5 postgres >/dev/null 2>&1 # warm-up
for run in ${RUNS:-tpcb-r0 tpcb-r1000 tpcb-r3000 accounts-r0 accounts-r1000 accounts-r3000 tpcb-s5 tpcb-s20 accounts-s5 accounts-s20}; do
	writer=${run%-*} reads=${run#*-[rs]}
	reader_script=(-S)
	case $run in *-s*) reader_script=(-f "$work/scan.sql") ;; esac
	script=(-b tpcb-like)
	[ "$writer" = accounts ] && script=(-f "$work/accounts.sql")
	log "$run: ${measure}s"
	sql "CHECKPOINT" >/dev/null
	c0=$(sql "$conflicts" "$standby")
	as_pg "$pgbin/pgbench" -h 127.0.0.1 -p "$port" -U postgres -n -c 4 -j 2 -R 300 -T "$measure" "${script[@]}" postgres >"$work/$run-primary.txt" 2>&1 &
	primary=$!
	reader=""
	if [ "$reads" -gt 0 ]; then
		as_pg "$pgbin/pgbench" -h 127.0.0.1 -p "$standby" -U postgres -n -c 4 -j 2 -R "$reads" -T "$measure" "${reader_script[@]}" postgres >"$work/$run-standby.txt" 2>&1 &
		reader=$!
	fi
	sleep 1
	sample "$standby" "$waits" "$((measure - 2))" 2 >"$work/$run-waits.txt" &
	sampler=$!
	sample "$port" "$lags" "$((measure - 2))" 10 >"$work/$run-lags.txt"
	wait "$sampler" "$primary"
	[ -n "$reader" ] && { wait "$reader" || log "$run: the standby's pgbench failed (a query cancelled?)"; }
	c1=$(sql "$conflicts" "$standby")
	events=$(sort "$work/$run-waits.txt" | uniq -c | sort -rn | awk '{printf "%s %s ", $1, $2}')
	lagfile="$work/$run-lags.txt"
	lagq="$(pct "$lagfile" 1 0.5)/$(pct "$lagfile" 1 0.99) $(pct "$lagfile" 2 0.5)/$(pct "$lagfile" 2 0.99) $(pct "$lagfile" 3 0.5)/$(pct "$lagfile" 3 0.99)"
	echo "$run $writer 300 $reads | $(tps "$work/$run-primary.txt") $(tps "$work/$run-standby.txt") $(lat "$work/$run-standby.txt") $((c1 - c0)) | $events| $lagq" | tee -a "$work/out.txt"
done
cp "$work/out.txt" "$results/conflicts.txt"
log "done: $results/conflicts.txt"
