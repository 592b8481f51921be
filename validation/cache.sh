#!/usr/bin/env bash
# shared_buffers' hit ratio measured on a real PostgreSQL, for the model's
# cache (MODEL.md §4: Che's approximation of an LRU cache over popularity
# classes; PostgreSQL replaces buffers by clock sweep with usage counts up
# to 5, freelist.c, which is not LRU). Point reads of pgbench_accounts by
# primary key, each reading one index leaf and one heap page beyond the
# index's root and inner pages, draw their row from two classes as the
# model's workload does: a share `hot_access` of them from the first
# `hot_rows` rows (contiguous: clustered hot rows), the rest from the other
# rows, or every row alike. For each shared_buffers size the server is
# restarted, the reads run unmeasured until the cache is steady, then
# pg_stat_database's blks_read over the transactions gives the misses per
# read. The data fits the machine's memory, so a miss is a copy from the OS
# page cache, which this does not measure. model/cache_test.go predicts
# the misses from the relations' sizes.
#
#	validation/cache.sh       # as root: ~8 min; writes validation/results/cache.txt
#
# Environment: SCALE (50: 5,000,000 rows), WARM (15 s), MEASURE (20 s per
# run), PORT (54381), RESULTS (validation/results), NICE (-20).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
scale=${SCALE:-50} warm=${WARM:-15} measure=${MEASURE:-20} port=${PORT:-54381}
results=${RESULTS:-$repo/validation/results} nice_n=${NICE:--20}
. validation/postgres.sh
postgres_setup cache
mkdir -p "$results"

log "initdb, pgbench -i -s $scale"
postgres_primary <<EOF
shared_buffers = 128MB
fsync = off
synchronous_commit = off
full_page_writes = off
autovacuum = off
EOF
as_pg "$pgbin/pgbench" -h 127.0.0.1 -p "$port" -U postgres -i -q -s "$scale" postgres >/dev/null 2>&1
sql "VACUUM ANALYZE pgbench_accounts" >/dev/null
sql "CREATE EXTENSION pgstattuple" >/dev/null
rows=$((scale * 100000)) hot=$((scale * 10000))
cat >"$work/hot.sql" <<EOF
\set r random(1, 100)
\if :r <= 90
\set aid random(1, $hot)
\else
\set aid random($((hot + 1)), $rows)
\endif
SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
EOF
cat >"$work/uniform.sql" <<EOF
\set aid random(1, $rows)
SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
EOF
chown "$runas": "$work/hot.sql" "$work/uniform.sql"

{
	echo "postgres $("$pgbin/postgres" --version)"
	echo "rows $rows"
	echo "heap_pages $(sql "SELECT pg_relation_size('pgbench_accounts') / 8192")"
	echo "index_pages $(sql "SELECT pg_relation_size('pgbench_accounts_pkey') / 8192")"
	echo "leaf_pages $(sql "SELECT leaf_pages FROM pgstatindex('pgbench_accounts_pkey')")"
	echo "index_levels $(sql "SELECT tree_level FROM pgstatindex('pgbench_accounts_pkey')")"
	echo "hot_rows $hot"
	echo "hot_access 0.9"
	echo "# run shared_buffers_mb transactions blks_hit blks_read"
} >"$work/out.txt"
counters() { sleep 1; sql "SELECT blks_hit || ' ' || blks_read FROM pg_stat_database WHERE datname = 'postgres'"; }
for mix in hot uniform; do
	for mb in 16 32 64 128 256; do
		run="$mix-$mb"
		log "$run: ${warm}s warm, ${measure}s measured"
		setting_restart() {
			sql "ALTER SYSTEM SET shared_buffers = '${mb}MB'" >/dev/null
			as_pg "$pgbin/pg_ctl" -D "$work/db" -m fast -w restart >/dev/null
		}
		setting_restart
		as_pg "$pgbin/pgbench" -h 127.0.0.1 -p "$port" -U postgres -n -c 2 -j 2 -T "$warm" -f "$work/$mix.sql" postgres >/dev/null 2>&1
		read -r h0 r0 <<<"$(counters)"
		as_pg "$pgbin/pgbench" -h 127.0.0.1 -p "$port" -U postgres -n -c 2 -j 2 -T "$measure" -f "$work/$mix.sql" postgres >"$work/$run.txt" 2>&1
		read -r h1 r1 <<<"$(counters)"
		txns=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$work/$run.txt")
		echo "$run $mb $txns $((h1 - h0)) $((r1 - r0))" | tee -a "$work/out.txt"
	done
done
cp "$work/out.txt" "$results/cache.txt"
log "done: $results/cache.txt"
