#!/usr/bin/env bash
# The tail of a closed load's latency where the cores are the queue,
# measured on a real PostgreSQL: pgbench's select-only script (one point
# read a transaction, the data cached) and its simple-update script (-N:
# an UPDATE, a SELECT and an INSERT in a transaction block, no hot rows)
# at 1 to 32 clients on this machine's cores, every transaction's latency
# logged (pgbench --log). Past the cores the clients queue for them, and
# how the kernel's scheduler picks among the runnable backends (CFS: the
# least virtual runtime, a woken task placed near the queue's minimum)
# decides the shape of the wait, which the model's closed load takes from
# an M/M/c fed by the clients (model.finiteWaits); model/cputail_test.go
# compares the percentiles.
#
#	validation/cputail.sh       # as root: ~5 min; writes validation/results/cputail.txt
#
# Environment: MEASURE (20 s per run), RUNS (the runs' names, all by
# default), PORT (54401), RESULTS (validation/results), NICE (-20).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
measure=${MEASURE:-20} port=${PORT:-54401}
results=${RESULTS:-$repo/validation/results} nice_n=${NICE:--20}
. validation/postgres.sh
postgres_setup cputail
mkdir -p "$results"

log "initdb, pgbench -i -s 10"
postgres_primary <<EOF
shared_buffers = 256MB
max_wal_size = 1GB
EOF
pgbench=("$pgbin/pgbench" -h 127.0.0.1 -p "$port" -U postgres)
as_pg "${pgbench[@]}" -i -q -s 10 postgres >/dev/null 2>&1
as_pg "${pgbench[@]}" -n -S -c 4 -j 2 -T 10 postgres >/dev/null 2>&1 # warm-up: the data cached

{
	echo "postgres $("$pgbin/postgres" --version)"
	echo "cores $(nproc)"
	echo "measure_s $measure"
	echo "# run transactions mean_ms p50_ms p90_ms p99_ms p999_ms (from every transaction's latency in pgbench's log)"
} >"$work/out.txt"
# Runs: SCRIPT-cCLIENTS. (Poisson arrivals, pgbench --rate, are not
# measured: on two cores pgbench's own threads, descheduled among the
# backends, let the schedule fall behind in bursts, a p99 of 38 ms at a
# third of the ceiling, the load generator's tail, not the server's.)
runs="select-c1 select-c2 select-c4 select-c8 select-c16 select-c32 update-c1 update-c2 update-c4 update-c8 update-c16 update-c32"
for run in ${RUNS:-$runs}; do
	flag=-S clients=${run#*-c}
	[ "${run%%-*}" = update ] && flag=-N
	{
		log "$run: ${measure}s"
		rm -f "$work"/pgbench_log.*
		(cd "$work" && as_pg "${pgbench[@]}" -n "$flag" -c "$clients" -j "$((clients < 2 ? 1 : 2))" -T "$measure" --log postgres >"$work/$run.txt" 2>&1)
		# A log line: client, transaction, latency µs, script, epoch s, µs.
		cat "$work"/pgbench_log.* | awk '{print $3}' | sort -n | awk -v run="$run" '
			{ v[NR] = $1; s += $1 }
			END {
				printf "%s %d %.4f %.4f %.4f %.4f %.4f\n", run, NR, s / NR / 1000,
					v[int(0.5 * NR + 0.5)] / 1000, v[int(0.9 * NR + 0.5)] / 1000,
					v[int(0.99 * NR + 0.5)] / 1000, v[int(0.999 * NR + 0.5)] / 1000
			}' >>"$work/out.txt"
	}
done
cp "$work/out.txt" "$results/cputail.txt"
log "done: $results/cputail.txt"
cat "$results/cputail.txt"
