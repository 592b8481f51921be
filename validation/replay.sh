#!/usr/bin/env bash
# The CPU a standby's startup process spends replaying WAL, measured on a
# real PostgreSQL: per full-page image (the image replaces the page:
# XLogReadBufferForRedo → RestoreBlockImage, a copy into a buffer and the
# buffer marked dirty) and per byte of the other records (redo of each
# change). Runs differ in their share of images: pgbench's TPC-B-like
# script with full_page_writes off (records only), with a CHECKPOINT every
# two seconds (the first change to each page after one logs its image),
# and a bulk insert (records on new pages, which need no image), each at 1,
# 4 and 16 clients: the startup process wakes as WAL arrives, about once
# per primary flush, so more commits per flush spread a wake-up's cost
# (as the walsender's, validation/walsender.sh). The data
# fits both servers' shared_buffers, so replay reads no page. For each run
# the primary's pg_stat_wal gives the records and images, pg_waldump
# --stats the bytes of each, and /proc the startup process's CPU ticks.
# model/replay_test.go fits the CPU to the runs by least squares as
# a·flushes + b·records + c·images (docs/model.md, "Replay").
#
#	validation/replay.sh       # as root: ~4 min; writes validation/results/replay.txt
#
# The runs are noisy on a shared machine (two repetitions fitted 50 and
# 59 µs per arrival): results/replay.txt holds two, the second appended
# from a run with RESULTS set elsewhere.
#
# Environment: MEASURE (30 s per run), PORT (54361; the standby on the
# next), RESULTS (validation/results), NICE (-20).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
measure=${MEASURE:-30} port=${PORT:-54361}
results=${RESULTS:-$repo/validation/results} nice_n=${NICE:--20}
. validation/postgres.sh
postgres_setup replay
mkdir -p "$results"

log "initdb, pgbench -i -s 10"
postgres_primary <<EOF
shared_buffers = 512MB
max_wal_size = 4GB
wal_keep_size = 8GB
EOF
as_pg "$pgbin/pgbench" -h 127.0.0.1 -p "$port" -U postgres -i -q -s 10 postgres >/dev/null 2>&1
sql "CREATE TABLE bulk (id bigserial, payload text); ALTER TABLE bulk SET (autovacuum_enabled = false)"
cat >"$work/bulk.sql" <<'EOF'
INSERT INTO bulk (payload) SELECT md5(random()::text) || md5(random()::text) FROM generate_series(1, 40);
EOF
chown "$runas": "$work/bulk.sql"

postgres_standby standby "$((port + 1))"
streaming 1
# The standby's startup process, and a query that warms its cache with
# every table and index (replay then reads no page).
startup=$(pgrep -f "postgres: startup" | while read -r p; do
	[ "$(readlink "/proc/$p/cwd")" = "$work/standby" ] && echo "$p"
done | head -1)
[ -n "$startup" ] || { echo "replay.sh: no startup process" >&2; exit 1; }
sql "CREATE EXTENSION IF NOT EXISTS pg_prewarm" >/dev/null
sleep 2
for rel in pgbench_accounts pgbench_accounts_pkey pgbench_branches pgbench_tellers pgbench_history; do
	sql "SELECT pg_prewarm('$rel')" "$((port + 1))" >/dev/null
done

# ticks prints the startup process's CPU ticks: user, then system.
ticks() {
	local f
	read -r -a f < <(sed 's/^.*) //' "/proc/$startup/stat")
	echo "${f[11]} ${f[12]}" # fields 14 and 15 of proc(5), counted from 3
}
wal() { sql "SELECT wal_sync, wal_records, wal_fpi, wal_bytes, pg_current_wal_lsn() FROM pg_stat_wal" | tr '|' ' '; }
# caught_up waits until the standby has replayed everything sent.
caught_up() {
	local target
	target=$(sql "SELECT pg_current_wal_lsn()")
	for _ in $(seq 300); do
		[ "$(sql "SELECT pg_last_wal_replay_lsn() >= '$target'" "$((port + 1))")" = t ] && return
		sleep 0.2
	done
	echo "replay.sh: the standby did not catch up" >&2
	exit 1
}

{
	echo "postgres $("$pgbin/postgres" --version)"
	echo "clk_tck $(getconf CLK_TCK)"
	echo "measure_s $measure"
	echo "# run user_ticks_before system_ticks_before user_ticks_after system_ticks_after flushes_before records_before fpi_before bytes_before lsn_before flushes_after records_after fpi_after bytes_after lsn_after record_bytes fpi_bytes transactions"
} >"$work/out.txt"
as_pg "$pgbin/pgbench" -h 127.0.0.1 -p "$port" -U postgres -n -c 4 -j 2 -T 5 postgres >/dev/null 2>&1 # warm-up
caught_up
for run in nofpw-c1 nofpw-c4 nofpw-c16 fpi-c1 fpi-c4 fpi-c16 bulk-c1 bulk-c4; do
	clients=${run#*-c}
	script=(-b tpcb-like)
	[ "${run%%-*}" = bulk ] && script=(-f "$work/bulk.sql")
	fpw=on
	[ "${run%%-*}" = nofpw ] && fpw=off
	setting full_page_writes "$fpw"
	log "$run: ${measure}s"
	sql "CHECKPOINT" >/dev/null
	caught_up
	t0=$(ticks) w0=$(wal)
	as_pg "$pgbin/pgbench" -h 127.0.0.1 -p "$port" -U postgres -n -c "$clients" -j "$((clients < 2 ? 1 : 2))" \
		-T "$measure" "${script[@]}" postgres >"$work/$run.txt" 2>&1 &
	bench=$!
	if [ "${run%%-*}" = fpi ]; then
		while kill -0 "$bench" 2>/dev/null; do
			sleep 2
			sql "CHECKPOINT" >/dev/null 2>&1 || true
		done
	fi
	wait "$bench"
	w1=$(wal)
	caught_up
	t1=$(ticks)
	read -r _ _ _ _ lsn0 <<<"$w0"
	read -r _ _ _ _ lsn1 <<<"$w1"
	# pg_waldump's Total line: records, record bytes, FPI bytes, combined.
	sizes=$(as_pg "$pgbin/pg_waldump" --stats -p "$work/db/pg_wal" -s "$lsn0" -e "$lsn1" 2>/dev/null |
		awk '$1 == "Total" { gsub(/[\[\]%]/, ""); print $3, $5 }')
	txns=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$work/$run.txt")
	echo "$run $t0 $t1 $w0 $w1 $sizes $txns" >>"$work/out.txt"
done
cp "$work/out.txt" "$results/replay.txt"
log "done: $results/replay.txt"
