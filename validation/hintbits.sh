#!/usr/bin/env bash
# Full-page images that reads cause, measured on a real PostgreSQL: the
# same read-mostly pgbench mix with wal_log_hints off and on (on is what
# data checksums do too: XLogHintBitIsNeeded). A read can change a page:
# it prunes a page's dead row versions (heap_page_prune_opt, WAL-logged),
# and with wal_log_hints it WAL-logs the first hint bit it sets on a clean
# page (MarkBufferDirtyHint → XLogSaveBufferForHint). Either logs a
# full-page image when it is the page's first change since the checkpoint
# began. model/hintbits_test.go predicts the images (docs/model.md, "Reads
# log full-page images by pruning").
#
# The mix is pgbench's TPC-B-like script once per READS select-only
# transactions, at a scale chosen so that a checkpoint cycle dirties few of
# pgbench_accounts' pages (cold pages: images are per page and cycle).
# Autovacuum is off for pgbench_accounts and pgbench_history: vacuum prunes
# and sets hint and visibility-map bits too (the latter log an image of the
# heap page when hint bits are logged), and pgarch does not model it
# (MODEL.md §10). After WARMUP seconds, pg_stat_wal and the accounts' HOT
# updates are sampled over MEASURE seconds.
#
#	validation/hintbits.sh          # as root: ~25 min; writes validation/results/hintbits-s25r20-{off,on}.txt
#	SCALE=100 READS=5 SHARED_BUFFERS=2GB validation/hintbits.sh
#
# Environment: SCALE (default 25), CLIENTS (4), READS (20), WARMUP (600),
# MEASURE (120), SHARED_BUFFERS (256MB), PORT (54341), RESULTS
# (validation/results), NICE (-20). The files are named
# hintbits-s<SCALE>r<READS>-<off|on>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
scale=${SCALE:-25} clients=${CLIENTS:-4} reads=${READS:-20}
warmup=${WARMUP:-600} measure=${MEASURE:-120} shared_buffers=${SHARED_BUFFERS:-256MB}
port=${PORT:-54341} results=${RESULTS:-$repo/validation/results} nice_n=${NICE:--20}
. validation/postgres.sh
postgres_setup hintbits
mkdir -p "$results"

for hints in off on; do
	log "wal_log_hints = $hints: initdb, pgbench -i -s $scale"
	rm -rf "$work/db"
	postgres_primary <<-EOF
		shared_buffers = $shared_buffers
		checkpoint_timeout = 30s
		max_wal_size = 1GB
		wal_log_hints = $hints
	EOF
	as_pg "$pgbin/pgbench" -h 127.0.0.1 -p "$port" -U postgres -i -q -s "$scale" postgres >/dev/null 2>&1
	sql "ALTER TABLE pgbench_accounts SET (autovacuum_enabled = false); ALTER TABLE pgbench_history SET (autovacuum_enabled = false); CHECKPOINT;"
	bench() { # SECONDS
		as_pg "$pgbin/pgbench" -h 127.0.0.1 -p "$port" -U postgres -n -c "$clients" -j 2 -T "$1" \
			-b tpcb-like@1 -b select-only@"$reads" postgres
	}
	log "warm-up ${warmup}s"
	bench "$warmup" >"$work/warmup.txt" 2>&1
	snap() {
		sql "SELECT wal_records, wal_fpi, wal_bytes FROM pg_stat_wal" | tr '|' ' '
	}
	# Updates of pgbench_accounts and how many were HOT (one heap page
	# changed; a non-HOT update also changes the page the new version goes
	# to and an index leaf).
	hot() {
		sql "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'pgbench_accounts'" | tr '|' ' '
	}
	log "measuring ${measure}s"
	before=$(snap) hot_before=$(hot)
	bench "$measure" >"$work/measure.txt" 2>&1
	after=$(snap) hot_after=$(hot)
	{
		echo "postgres $("$pgbin/postgres" --version)"
		echo "wal_log_hints $hints"
		echo "scale $scale"
		echo "shared_buffers_bytes $(sql "SELECT setting::bigint * 8192 FROM pg_settings WHERE name = 'shared_buffers'")"
		echo "clients $clients"
		echo "reads_per_tpcb $reads"
		echo "warmup_s $warmup"
		echo "measure_s $measure"
		echo "accounts_pages $(sql "SELECT relpages FROM pg_class WHERE relname = 'pgbench_accounts'")"
		echo "database_bytes $(sql "SELECT pg_database_size('postgres')")"
		echo "wal_before $before"
		echo "wal_after $after"
		echo "accounts_updates_before $hot_before"
		echo "accounts_updates_after $hot_after"
		echo "checkpoints $(grep -c 'checkpoint complete' "$work/db.log" || true)"
		echo "--- pgbench"
		cat "$work/measure.txt"
	} >"$results/hintbits-s${scale}r${reads}-$hints.txt"
	as_pg "$pgbin/pg_ctl" -D "$work/db" -m fast -w stop >/dev/null
done
log "done: $results/hintbits-s${scale}r${reads}-{off,on}.txt"
