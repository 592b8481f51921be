#!/usr/bin/env bash
# shared_buffers' hit ratio measured on a real PostgreSQL, for the model's
# cache (MODEL.md §4: Che's approximation of an LRU cache over popularity
# classes; PostgreSQL replaces buffers by clock sweep with usage counts up
# to 5, freelist.c, which is not LRU). Point reads of pgbench_accounts by
# primary key, each reading one index leaf and one heap page beyond the
# index's root and inner pages, draw their row from two classes as the
# model's workload does: a share `hot_access` of them from the first
# `hot_rows` rows (contiguous: clustered hot rows), the rest from the other
# rows; or from `scattered_rows` rows spread over the table, the rest from
# every row; or every row alike. For each shared_buffers size the server is
# restarted, the reads run unmeasured until the cache is steady, then
# pg_stat_database's blks_read over the transactions gives the misses per
# read. The data fits the machine's memory, so in this first part a miss
# is a copy from the OS page cache; the second part (below) bounds that
# cache. model/cache_test.go predicts both levels' misses from the
# relations' sizes. Every pgbench run takes the same --random-seed, so
# the scattered mix's permute() picks the same rows in the warm-up and the
# measured run.
#
#	validation/cache.sh       # as root: ~17 min; writes validation/results/cache.txt
#
# With SCAN_MB set, each second-level run is repeated beside a client
# scanning a table of that many MB over and over (PostgreSQL reads it
# through a ring of shared buffers, but through the OS page cache like any
# read): os-scan-LIMIT, whose point reads' own OS requests and the pages of
# pgbench_accounts the OS cache still holds show what the scan's stream
# takes from them (results/cache-scan.txt).
#
#	MIXES= LIMITS="320 448" SCAN_MB=1024 validation/cache.sh
#
# Environment: SCALE (50: 5,000,000 rows), WARM (15 s), MEASURE (20 s per
# run), MIXES (the first part's, "hot uniform scattered"), LIMITS (the
# second part's cgroup limits in MB, "256 320 384 448"), SCAN_MB (0: no
# scan), PORT (54381), RESULTS (validation/results), NICE (-20).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
scale=${SCALE:-50} warm=${WARM:-15} measure=${MEASURE:-20} port=${PORT:-54381} scan_mb=${SCAN_MB:-0}
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
rows=$((scale * 100000)) hot=$((scale * 10000)) scattered=$((scale * 1000))
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
# Scattered hot rows: a pseudorandom hundredth of the rows (permute), so a
# page holds none, one or a few of them; the other reads spread over every
# row.
cat >"$work/scattered.sql" <<EOF
\set r random(1, 100)
\if :r <= 90
\set aid permute(random(0, $((scattered - 1))), $rows) + 1
\else
\set aid random(1, $rows)
\endif
SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
EOF
chown "$runas": "$work/hot.sql" "$work/uniform.sql" "$work/scattered.sql"

{
	echo "postgres $("$pgbin/postgres" --version)"
	echo "rows $rows"
	echo "heap_pages $(sql "SELECT pg_relation_size('pgbench_accounts') / 8192")"
	echo "index_pages $(sql "SELECT pg_relation_size('pgbench_accounts_pkey') / 8192")"
	echo "leaf_pages $(sql "SELECT leaf_pages FROM pgstatindex('pgbench_accounts_pkey')")"
	echo "index_levels $(sql "SELECT tree_level FROM pgstatindex('pgbench_accounts_pkey')")"
	echo "hot_rows $hot"
	echo "scattered_rows $scattered"
	echo "hot_access 0.9"
	echo "measure_s $measure"
	echo "# run shared_buffers_mb transactions blks_hit blks_read"
} >"$work/out.txt"
# counters prints the database's buffer hits and reads, a second after a
# run: its backends report their counts as they exit.
counters() { sleep 1; sql "SELECT blks_hit || ' ' || blks_read FROM pg_stat_database WHERE datname = 'postgres'"; }
# reads SCRIPT SECONDS OUT runs two clients of a read script, seeded alike
# in every run (the scattered mix's permute() picks the same rows), and
# prints the transactions they made; pgbench's report goes to OUT.
reads() {
	as_pg "$pgbin/pgbench" -h 127.0.0.1 -p "$port" -U postgres -n -c 2 -j 2 --random-seed=1 -T "$2" -f "$work/$1.sql" postgres >"$3" 2>&1
	sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$3"
}
for mix in ${MIXES-hot uniform scattered}; do
	for mb in 16 32 64 128 256; do
		run="$mix-$mb"
		log "$run: ${warm}s warm, ${measure}s measured"
		sql "ALTER SYSTEM SET shared_buffers = '${mb}MB'" >/dev/null
		as_pg "$pgbin/pg_ctl" -D "$work/db" -m fast -w restart >/dev/null
		reads "$mix" "$warm" /dev/null >/dev/null
		read -r h0 r0 <<<"$(counters)"
		txns=$(reads "$mix" "$measure" "$work/$run.txt")
		read -r h1 r1 <<<"$(counters)"
		echo "$run $mb $txns $((h1 - h0)) $((r1 - r0))" | tee -a "$work/out.txt"
	done
done

# The second level: the OS page cache behind shared_buffers, which sees its
# misses (MODEL.md §4, two-level Che). The server runs in a memory cgroup
# (v1) whose limit bounds the page cache its reads fill; the data files are
# evicted before each run (sync, then POSIX_FADV_DONTNEED), so their pages
# enter that cgroup's cache as the run reads them. A page the OS cache
# misses is read from the device: /proc/diskstats' sectors read over the
# measured part, in 8 kB pages, beside fincore's count of the table's and
# index's pages the OS cache holds at the end (the second level's capacity
# for them: the limit also holds shared_buffers, the processes and other
# files).
cgroup=/sys/fs/cgroup/memory/pgarch-cache
if [ -d "${cgroup%/*}" ] && mkdir -p "$cgroup" 2>/dev/null; then
	trap 'postgres_cleanup; rmdir "$cgroup" 2>/dev/null || true' EXIT
	device=$(basename "$(df --output=source "$work" | tail -1)")
	sectors() { awk -v d="$device" '$3 == d {print $6}' /proc/diskstats; }
	ios() { awk -v d="$device" '$3 == d {print $4}' /proc/diskstats; }
	if [ -z "$(sectors)" ]; then
		echo "cache.sh: no /proc/diskstats row for $device, the device under $work" >&2
		exit 1
	fi
	# The table's and index's files, their 1 GB segments (.1, .2 …) too.
	files=()
	for rel in pgbench_accounts pgbench_accounts_pkey; do
		f="$work/db/$(sql "SELECT pg_relation_filepath('$rel')")"
		files+=("$f")
		for seg in "$f".[0-9]*; do [ -e "$seg" ] && files+=("$seg"); done
	done
	resident() { fincore -n -b -o RES "${files[@]}" | awk '{s += $1} END {printf "%d", s / 8192}'; }
	in_cgroup() { sh -c 'echo $$ >"$1/cgroup.procs"; shift; exec "$@"' - "$cgroup" "$@"; }
	echo "# second level: run shared_buffers_mb cgroup_limit_mb transactions blks_read device_reads device_pages_read os_resident_pages" >>"$work/out.txt"
	scans=(plain)
	if [ "$scan_mb" -gt 0 ]; then
		# About 1 kB a row, eight rows a page.
		log "scan table: $scan_mb MB"
		sql "CREATE TABLE scan_t (id int, filler text) WITH (autovacuum_enabled = false)" >/dev/null
		sql "INSERT INTO scan_t SELECT g, repeat(md5(g::text), 30) FROM generate_series(1, $((scan_mb * 1000))) g" >/dev/null
		sql "VACUUM ANALYZE scan_t" >/dev/null
		echo "scan_pages $(sql "SELECT pg_relation_size('scan_t') / 8192")" >>"$work/out.txt"
		echo "SELECT count(*) FROM scan_t;" >"$work/scan.sql"
		chown "$runas": "$work/scan.sql"
		echo "# with a scanning client: run shared_buffers_mb cgroup_limit_mb transactions point_blks_read device_reads device_pages_read os_resident_pages scan_blks_read scans" >>"$work/out.txt"
		scans+=(scan)
	fi
	# statio prints the point reads' requests to the OS (pgbench_accounts'
	# heap and index blocks read), the scan's, and its scans so far.
	statio() {
		sleep 1
		sql "SELECT coalesce(sum(heap_blks_read + coalesce(idx_blks_read, 0)) FILTER (WHERE relname = 'pgbench_accounts'), 0) || ' ' ||
			coalesce(sum(heap_blks_read) FILTER (WHERE relname = 'scan_t'), 0) || ' ' ||
			(SELECT coalesce(sum(seq_scan), 0) FROM pg_stat_user_tables WHERE relname = 'scan_t')
			FROM pg_statio_user_tables"
	}
	sql "ALTER SYSTEM SET shared_buffers = '64MB'" >/dev/null
	for limit in ${LIMITS-256 320 384 448}; do
	for with in "${scans[@]}"; do
		run="os-$limit"
		[ "$with" = scan ] && run="os-scan-$limit"
		log "$run: $((4 * warm))s warm, ${measure}s measured, page cache under a ${limit} MB cgroup"
		as_pg "$pgbin/pg_ctl" -D "$work/db" -m fast -w stop >/dev/null
		sync
		python3 -c 'import os, sys
for d, _, fs in os.walk(sys.argv[1]):
    for f in fs:
        fd = os.open(os.path.join(d, f), os.O_RDONLY)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        os.close(fd)' "$work/db"
		echo $((limit << 20)) >"$cgroup/memory.limit_in_bytes"
		# The cache fills with the reads' own 8 kB pages (a sequential read
		# of the files to fill it first cached them, on this machine's ext4
		# and Linux 6.18, in large folios evicted whole: twice the device
		# reads, measured), which then run for several of its
		# characteristic times (Che's T: up to 30 s at 448 MB) before the
		# measured part.
		in_cgroup nice -n "$nice_n" runuser -u "$runas" -- "$pgbin/pg_ctl" -D "$work/db" -l "$work/db.log" -w start >/dev/null
		scanner=
		if [ "$with" = scan ]; then # one client scanning through the warm-up and the measured part
			as_pg "$pgbin/pgbench" -h 127.0.0.1 -p "$port" -U postgres -n -c 1 -T "$((4 * warm + measure + 10))" -f "$work/scan.sql" postgres >/dev/null 2>&1 &
			scanner=$!
		fi
		reads hot "$((4 * warm))" /dev/null >/dev/null
		read -r _ r0 <<<"$(counters)"
		read -r p0 s0 n0 <<<"$(statio)"
		d0=$(sectors) i0=$(ios)
		txns=$(reads hot "$measure" "$work/$run.txt")
		d1=$(sectors) i1=$(ios)
		read -r _ r1 <<<"$(counters)"
		read -r p1 s1 n1 <<<"$(statio)"
		if [ -n "$scanner" ]; then
			echo "$run 64 $limit $txns $((p1 - p0)) $((i1 - i0)) $(((d1 - d0) / 16)) $(resident) $((s1 - s0)) $((n1 - n0))" | tee -a "$work/out.txt"
			kill "$scanner" 2>/dev/null || true
			wait "$scanner" 2>/dev/null || true
		else
			echo "$run 64 $limit $txns $((r1 - r0)) $((i1 - i0)) $(((d1 - d0) / 16)) $(resident)" | tee -a "$work/out.txt"
		fi
	done
	done
	as_pg "$pgbin/pg_ctl" -D "$work/db" -m fast -w stop >/dev/null
	rmdir "$cgroup" || true
else
	log "no memory cgroup to create: the second level is not measured"
fi
out=cache.txt
[ "$scan_mb" -gt 0 ] && out=cache-scan.txt
cp "$work/out.txt" "$results/$out"
log "done: $results/$out"
