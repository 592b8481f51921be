#!/usr/bin/env bash
# The CPU a primary spends in its walsenders, measured on a real PostgreSQL:
# one walsender process per standby or read replica (walsender.c) wakes
# when a flush makes WAL durable (XLogFlush and the WAL writer call
# WalSndWakeupProcessRequests), reads the new WAL, sends it in messages of
# at most 128 kB (MAX_SEND_SIZE) and handles the standby's replies. Its CPU
# per second is fitted by least squares as a·flushes/s + b·WAL bytes/s over
# runs whose WAL per flush differs: pgbench's TPC-B-like script at 1, 4 and
# 16 clients (more commits per flush as clients grow), a bulk insert
# (kilobytes of WAL per commit) and large rows (about 170 kB per flush).
# A last run with fsync off makes flushes as fast as the cores allow, to
# see how the walsender batches them; pg_stat_wal counts no wal_sync then,
# and the fit leaves it out. model/walsender_test.go refits a and b from
# the results file, the profile's walsender_cpu_per_flush_us and
# walsender_cpu_per_kb_us; model/ charges them to the primary's CPU per
# copy (docs/model.md, "Every copy costs the primary a walsender").
#
#	validation/walsender.sh       # as root: ~5 min; writes validation/results/walsender.txt
#
# Over loopback the kernel runs the standby's TCP receive path in the
# sending walsender's context, and the walsender's receipt of the
# standby's replies in the standby's: LINK=unix streams over a Unix socket
# instead, which has neither TCP path, so that the two runs bound the
# TCP stack's share (results/walsender-unix.txt).
#
#	LINK=unix validation/walsender.sh
#
# Environment: STANDBYS (default 2, asynchronous, streaming from the
# primary), MEASURE (30 s per run), PORT (54351; standbys on the next
# ports), RESULTS (validation/results), NICE (-20), LINK (tcp|unix).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
standbys=${STANDBYS:-2} measure=${MEASURE:-30} port=${PORT:-54351}
results=${RESULTS:-$repo/validation/results} nice_n=${NICE:--20} link=${LINK:-tcp}
. validation/postgres.sh
postgres_setup walsender
mkdir -p "$results"
out=walsender.txt
case "$link" in
tcp) ;;
unix) standby_host=$work out=walsender-unix.txt ;;
*)
	echo "LINK=$link: tcp or unix" >&2
	exit 2
	;;
esac

log "initdb, pgbench -i -s 10"
postgres_primary <<EOF
shared_buffers = 256MB
max_wal_size = 1GB
EOF
as_pg "$pgbin/pgbench" -h 127.0.0.1 -p "$port" -U postgres -i -q -s 10 postgres >/dev/null 2>&1
sql "CREATE TABLE bulk (id bigserial, payload text); ALTER TABLE bulk SET (autovacuum_enabled = false)"
sql "CREATE TABLE large (id bigserial, payload text); ALTER TABLE large ALTER COLUMN payload SET STORAGE EXTERNAL, SET (autovacuum_enabled = false)"
cat >"$work/bulk.sql" <<'EOF'
INSERT INTO bulk (payload) SELECT md5(random()::text) || md5(random()::text) FROM generate_series(1, 40);
EOF
# One row of 120 kB of random text, stored uncompressed: about 120 kB of
# WAL per commit.
cat >"$work/large.sql" <<'EOF'
INSERT INTO large (payload) SELECT string_agg(md5(random()::text), '') FROM generate_series(1, 3750);
EOF
chown "$runas": "$work/bulk.sql" "$work/large.sql"

for i in $(seq 1 "$standbys"); do
	postgres_standby "standby$i" "$((port + i))"
done
streaming "$standbys"

# ticks prints the CPU ticks of the walsenders, summed: user, then system.
ticks() {
	local user=0 system=0 pid f
	for pid in $(sql "SELECT pid FROM pg_stat_replication"); do
		read -r -a f < <(sed 's/^.*) //' "/proc/$pid/stat")
		user=$((user + f[11])) system=$((system + f[12])) # fields 14 and 15 of proc(5), counted from 3
	done
	echo "$user $system"
}
wal() { sql "SELECT wal_sync, wal_write, wal_bytes FROM pg_stat_wal" | tr '|' ' '; }

{
	echo "postgres $("$pgbin/postgres" --version)"
	echo "standbys $standbys"
	echo "link $link"
	echo "clk_tck $(getconf CLK_TCK)"
	echo "measure_s $measure"
	echo "# run user_ticks_before system_ticks_before user_ticks_after system_ticks_after wal_sync_before wal_write_before wal_bytes_before wal_sync_after wal_write_after wal_bytes_after transactions"
} >"$work/out.txt"
as_pg "$pgbin/pgbench" -h 127.0.0.1 -p "$port" -U postgres -n -c 4 -j 2 -T 10 postgres >/dev/null 2>&1 # warm-up
# nofsync: fsync = off makes a flush a write() alone, so flushes come
# thousands of times a second and a walsender is busy much of the time:
# the test of how it batches them (model.walsenderLoad).
for run in tpcb-c1 tpcb-c4 tpcb-c16 bulk-c4 large-c4 nofsync-c16; do
	clients=${run#*-c}
	script=(-b tpcb-like)
	case "${run%%-*}" in
	bulk) script=(-f "$work/bulk.sql") ;;
	large) script=(-f "$work/large.sql") ;;
	esac
	fsync=on
	[ "${run%%-*}" = nofsync ] && fsync=off
	setting fsync "$fsync"
	log "$run: ${measure}s"
	sql "CHECKPOINT" >/dev/null
	t0=$(ticks) w0=$(wal)
	as_pg "$pgbin/pgbench" -h 127.0.0.1 -p "$port" -U postgres -n -c "$clients" -j "$((clients < 2 ? 1 : 2))" \
		-T "$measure" "${script[@]}" postgres >"$work/$run.txt" 2>&1
	t1=$(ticks) w1=$(wal)
	txns=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$work/$run.txt")
	echo "$run $t0 $t1 $w0 $w1 $txns" >>"$work/out.txt"
done
cp "$work/out.txt" "$results/$out"
log "done: $results/$out"
