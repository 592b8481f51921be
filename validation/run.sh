#!/usr/bin/env bash
# Validation of pgarch against a real PostgreSQL on this machine (issue #5,
# part 3). As root it installs PostgreSQL and fio from Debian when they are
# missing, measures the disk (fio, pg_test_fsync), starts a primary and,
# later, a streaming synchronous standby on loopback ports (the standby
# reaches the primary through validation/latencyproxy, which adds the
# replication round trip), runs pgbench at several client counts, sync
# modes and added round trips, then validation/report calibrates pgarch
# from the disk and the one-client runs, predicts every run and writes the
# comparison. See validation/README.md.
#
#	validation/run.sh                     # full: ~25 min, writes docs/validation.md
#	VALIDATION=short validation/run.sh    # CI: a few minutes, fails above the bound
#
# Environment: VALIDATION=full|short; OUT=<markdown file> (full: docs/validation.md,
# short: a temporary file, printed); RESULTS=<dir> keeps the raw measurements;
# PORT=<base port> (default 54331: primary, +1 standby, +2 proxy);
# PGARCH=<binary> uses that pgarch instead of building ./cmd/pgarch (and
# PGARCH_REV=<commit> names its source in the report);
# WAIT_LOAD=<seconds> to wait for the load average to fall below 0.7
# (full: 600, short: 0); NICE=<n> the niceness of everything measured
# (default -20). Everything it starts is stopped, and its temporary
# directory removed, on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

mode=${VALIDATION:-full}
case "$mode" in
full)
	dur=30 cal_dur=30 fio_runtime=10 fio_size=256M fsync_secs=2 wait_load=${WAIT_LOAD:-600}
	out=${OUT:-$repo/docs/validation.md}
	;;
short)
	dur=5 cal_dur=10 fio_runtime=2 fio_size=64M fsync_secs=1 wait_load=${WAIT_LOAD:-0}
	out=${OUT:-}
	;;
*)
	echo "validation: VALIDATION must be full or short, not $mode" >&2
	exit 2
	;;
esac
if [ "$(id -u)" != 0 ]; then
	echo "validation: run as root (it installs packages and runs the servers as the postgres user)" >&2
	exit 2
fi

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# --- what it starts, and the cleanup of all of it --------------------------
work=$(mktemp -d /tmp/pgarch-validation.XXXXXX)
proxypid="" policy_rc=""
runas=postgres
pgbin=""
stop_server() {
	if [ -n "$pgbin" ] && [ -f "$1/postmaster.pid" ]; then
		runuser -u "$runas" -- "$pgbin/pg_ctl" -D "$1" -m immediate -w stop >/dev/null 2>&1 || true
	fi
}
stop_proxy() {
	if [ -n "$proxypid" ]; then
		kill "$proxypid" 2>/dev/null || true
		wait "$proxypid" 2>/dev/null || true
		proxypid=""
	fi
}
cleanup() {
	local rc=$?
	stop_server "$work/standby"
	stop_server "$work/primary"
	stop_proxy
	if [ -n "$policy_rc" ]; then rm -f "$policy_rc"; fi
	if [ -n "${RESULTS:-}" ] && [ -d "$work/results" ]; then
		mkdir -p "$RESULTS" && cp -r "$work/results/." "$RESULTS/"
	fi
	rm -rf "$work"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- PostgreSQL and fio ------------------------------------------------------
find_pgbin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
pgbin=$(find_pgbin)
if [ -z "$pgbin" ] || [ ! -x "$pgbin/pgbench" ] || [ ! -x "$pgbin/pg_test_fsync" ] || ! command -v fio >/dev/null; then
	log "installing postgresql, postgresql-contrib and fio from Debian"
	# Debian starts the packaged cluster on installation; this run starts
	# its own, so forbid service starts while installing (policy-rc.d).
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		policy_rc=/usr/sbin/policy-rc.d
		printf '#!/bin/sh\nexit 101\n' >"$policy_rc" && chmod +x "$policy_rc"
	fi
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib fio >/dev/null
	if [ -n "$policy_rc" ]; then rm -f "$policy_rc"; policy_rc=""; fi
	pgbin=$(find_pgbin)
fi
if ! id "$runas" >/dev/null 2>&1; then
	runas=pgvalidation
	id "$runas" >/dev/null 2>&1 || useradd --system --no-create-home --home-dir "$work" "$runas"
fi
chown "$runas": "$work"
chmod 755 "$work"
# Everything the run measures (fio, the servers, pgbench, the proxy) runs at
# nice $NICE (default -20): on a machine shared with other work, the
# scheduler then gives the measured processes the cores first (a nice -20
# task weighs 87 times a nice 0 one), so the model's "these cores are ours"
# holds far better; at -10 (9 times) ten busy foreign threads still took
# half the cores from a one-client run here. The CPU other processes take
# is recorded per run.
nice_n=${NICE:--20}
as_pg() { nice -n "$nice_n" runuser -u "$runas" -- "$@"; }

port=${PORT:-54331}
pport=$port sport=$((port + 1)) xport=$((port + 2))
for p in $pport $sport $xport; do
	if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
		echo "validation: port $p is in use; set PORT" >&2
		exit 1
	fi
done

res=$work/results
mkdir -p "$res"
chown "$runas": "$res"

log "building pgarch, latencyproxy and report"
export GOFLAGS="${GOFLAGS:-} -buildvcs=false"
if [ -n "${PGARCH:-}" ]; then
	cp "$PGARCH" "$work/pgarch"
else
	go build -o "$work/pgarch" ./cmd/pgarch
fi
go build -o "$work/latencyproxy" ./validation/latencyproxy
go build -o "$work/report" ./validation/report

# --- quiet machine -------------------------------------------------------------
load1() { cut -d' ' -f1 /proc/loadavg; }
waited=0
while [ "$waited" -lt "$wait_load" ] && awk -v l="$(load1)" 'BEGIN{exit !(l >= 0.7)}'; do
	[ $((waited % 60)) = 0 ] && log "load average $(load1): waiting for it to fall below 0.7 (${waited}s of ${wait_load}s)"
	sleep 10
	waited=$((waited + 10))
done
{
	echo "mode $mode"
	echo "duration_s $dur"
	echo "load_start $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "nice $nice_n"
	echo "started $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "kernel $(uname -srm)"
	echo "cores $(nproc)"
	echo "cpu $(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo)"
	echo "memory_gb $(awk '/^MemTotal/{printf "%.1f", $2/1e6}' /proc/meminfo)"
	echo "postgres $("$pgbin/postgres" --version)"
	echo "fio $(fio --version)"
	echo "pgarch ${PGARCH_REV:-$(git rev-parse --short HEAD 2>/dev/null || echo unknown)}"
	echo "filesystem $(df -PT "$work" | awk 'NR==2{print $1, $2}')"
} >"$res/machine.txt"

# --- disk ----------------------------------------------------------------------
log "fio: 4k random read and write at queue depth 1 and 16 (${fio_runtime}s each)"
mkdir -p "$work/fio"
for rw in randread randwrite; do
	for qd in 1 16; do
		nice -n "$nice_n" fio --name="$rw-qd$qd" --directory="$work/fio" --rw="$rw" --bs=4k --iodepth="$qd" \
			--ioengine=libaio --direct=1 --size="$fio_size" --runtime="$fio_runtime" --time_based \
			--output-format=json >"$res/fio-$rw-qd$qd.json"
		rm -f "$work/fio/"*
	done
done
log "pg_test_fsync (${fsync_secs}s per test)"
(cd "$work/fio" && nice -n "$nice_n" "$pgbin/pg_test_fsync" -s "$fsync_secs" -f "$work/fio/fsync.test") >"$res/pg_test_fsync.txt"
rm -rf "$work/fio"

# --- servers ---------------------------------------------------------------------
common_conf() {
	cat <<-EOF
		listen_addresses = '127.0.0.1'
		unix_socket_directories = '$work'
		shared_buffers = 256MB
		max_connections = 100
		checkpoint_timeout = 30s
		max_wal_size = 1GB
		wal_retrieve_retry_interval = 1s
		log_checkpoints = on
		track_wal_io_timing = on
	EOF
}
log "primary on 127.0.0.1:$pport"
as_pg "$pgbin/initdb" -D "$work/primary" -A trust -U postgres --no-sync >"$work/initdb.log"
{
	common_conf
	echo "port = $pport"
} >>"$work/primary/postgresql.conf"
as_pg "$pgbin/pg_ctl" -D "$work/primary" -l "$work/primary.log" -w start >/dev/null

psql_at() { # PORT DB SQL
	as_pg "$pgbin/psql" -X -qAt -h 127.0.0.1 -p "$1" -d "$2" -c "$3"
}
q() { psql_at "$pport" postgres "$1"; }

# CPU seconds of a process and its live descendants, with the children it
# has reaped (utime + stime + cutime + cstime from /proc/<pid>/stat).
tree_cpu() {
	local root=$1
	if [ -z "$root" ]; then
		echo 0
		return
	fi
	{ cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v root="$root" -v hz="$(getconf CLK_TCK)" '
		{
			i = index($0, ") "); pid = $1
			n = split(substr($0, i + 2), f, " ")
			ppid[pid] = f[2]; t[pid] = f[12] + f[13] + f[14] + f[15]
		}
		END {
			sel[root] = 1
			for (more = 1; more;) {
				more = 0
				for (p in ppid) if (!(p in sel) && (ppid[p] in sel)) { sel[p] = 1; more = 1 }
			}
			s = 0
			for (p in sel) s += t[p]
			printf "%.2f\n", s / hz
		}'
}
postmaster() { [ -f "$1/postmaster.pid" ] && head -1 "$1/postmaster.pid" || true; }

# Databases: "postgres" at scale 10 (10 branch rows: MODEL.md §2.5's hot
# rows) and "scale16" at scale 16 (no fewer branches than clients).
log "pgbench -i: scale 10 and 16"
as_pg "$pgbin/pgbench" -i -q -s 10 -h 127.0.0.1 -p "$pport" postgres >"$work/init10.log" 2>&1
as_pg "$pgbin/createdb" -h 127.0.0.1 -p "$pport" scale16
as_pg "$pgbin/pgbench" -i -q -s 16 -h 127.0.0.1 -p "$pport" scale16 >"$work/init16.log" 2>&1
for db in postgres scale16; do
	echo "dbsize $db $(psql_at "$pport" "$db" "select pg_database_size(current_database())")"
done >>"$res/machine.txt"

# CPU seconds all processes of the machine used (/proc/stat: user, nice,
# system, irq, softirq, steal): what other work takes from the cores shows
# as this minus the run's own processes.
machine_cpu() { awk -v hz="$(getconf CLK_TCK)" '/^cpu /{printf "%.2f\n", ($2 + $3 + $4 + $7 + $8 + $9) / hz}' /proc/stat; }
# CPU seconds of the kernel's own threads (children of kthreadd: jbd2 and
# the kworkers that carry out fsyncs, ksoftirqd). On a machine that runs
# little else this is the run's work on the same cores. Interrupt time is
# not added: tick-based accounting already charges it to the interrupted
# task (adding /proc/stat's irq and softirq counted it twice).
kernel_cpu() {
	{ cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v hz="$(getconf CLK_TCK)" '
		{ i = index($0, ") "); split(substr($0, i + 2), f, " "); if (f[2] == 2 || $1 == 2) s += f[12] + f[13] }
		END { printf "%.2f\n", s / hz }'
}

# One pgbench run, measured: tps and mean latency from pgbench; CPU seconds
# of the primary, the standby, the proxy and pgbench from /proc, of the
# kernel's threads and interrupts, and of the whole machine; WAL records, full-page images, bytes, syncs and sync time
# (track_wal_io_timing) from pg_stat_wal.
echo -e "id\ttopology\tscript\tscale\tclients\tsync\tadded_rtt_ms\tduration_s\ttxns\ttps\tlatency_ms\tcpu_primary_s\tcpu_standby_s\tcpu_proxy_s\tcpu_pgbench_s\tcpu_kernel_s\tcpu_machine_s\twal_records\twal_fpi\twal_bytes\twal_sync\twal_sync_time_ms" >"$res/runs.tsv"
run() { # ID TOPOLOGY SCRIPT SCALE CLIENTS SYNC ADDED_RTT_MS
	local id=$1 topo=$2 script=$3 scale=$4 c=$5 sync=$6 rtt=$7
	local db=postgres flag=""
	[ "$scale" = 16 ] && db=scale16
	[ "$script" = select ] && flag=-S
	local j=$((c < 2 ? c : 2)) d=$dur
	# The runs the model is calibrated from run longer in the short version.
	case "$id" in single-tpcb-s10-c1 | single-select-s10-c1 | standby-on-rtt0-c1) d=$cal_dur ;; esac
	# Autovacuum after the previous run's updates is not this run's work
	# (nor the model's): let it finish first (at most 60 s). In a 5 s run
	# it doubled the CPU per transaction of the one-client select-only run.
	for _ in $(seq 120); do
		[ "$(q "select count(*) from pg_stat_activity where backend_type = 'autovacuum worker'")" = 0 ] && break
		sleep 0.5
	done
	# pgbench's own vacuum and truncate, before the counters (-n below).
	psql_at "$pport" "$db" "vacuum pgbench_branches, pgbench_tellers" >/dev/null
	psql_at "$pport" "$db" "truncate pgbench_history" >/dev/null
	# A 5 s run lands at a random phase of the 30 s checkpoint cycle: right
	# after a checkpoint nearly every page it touches logs a full-page image
	# (CPU and WAL), late in the cycle almost none, and its CPU per
	# transaction varied 2x with it. The short version therefore starts every
	# run, calibration runs included, at the same phase: just after one.
	if [ "$mode" = short ]; then q "checkpoint" >/dev/null; fi
	local w0 p0 s0 x0 m0 k0
	w0=$(q "select wal_records, wal_fpi, wal_bytes, wal_sync, wal_sync_time from pg_stat_wal" | tr '|' ' ')
	p0=$(tree_cpu "$(postmaster "$work/primary")")
	s0=$(tree_cpu "$(postmaster "$work/standby")")
	x0=$(tree_cpu "$proxypid")
	m0=$(machine_cpu)
	k0=$(kernel_cpu)
	# pgbench runs under a shell that records its own stat line once
	# pgbench has exited: cutime + cstime are pgbench's CPU.
	as_pg bash -c '"${@:3}" >"$1" 2>&1; rc=$?; read -r s </proc/$$/stat; echo "$s" >"$2"; exit $rc' _ \
		"$res/$id.txt" "$work/$id.stat" env PGOPTIONS="-c synchronous_commit=$sync" \
		"$pgbin/pgbench" -n $flag -M simple -c "$c" -j "$j" -T "$d" -h 127.0.0.1 -p "$pport" "$db"
	sleep 0.2 # let the postmaster reap the backends
	local w1 p1 s1 x1 m1 k1 b
	m1=$(machine_cpu)
	k1=$(kernel_cpu)
	w1=$(q "select wal_records, wal_fpi, wal_bytes, wal_sync, wal_sync_time from pg_stat_wal" | tr '|' ' ')
	p1=$(tree_cpu "$(postmaster "$work/primary")")
	s1=$(tree_cpu "$(postmaster "$work/standby")")
	x1=$(tree_cpu "$proxypid")
	b=$(awk -v hz="$(getconf CLK_TCK)" '{ i = index($0, ") "); split(substr($0, i + 2), f, " "); printf "%.2f", (f[14] + f[15]) / hz }' "$work/$id.stat")
	local txns tps lat
	txns=$(awk '/number of transactions actually processed/{print $NF}' "$res/$id.txt")
	tps=$(awk '/^tps = /{print $3}' "$res/$id.txt")
	lat=$(awk '/^latency average = /{print $4}' "$res/$id.txt")
	read -r r0 f0 y0 n0 t0 <<<"$w0"
	read -r r1 f1 y1 n1 t1 <<<"$w1"
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
		"$id" "$topo" "$script" "$scale" "$c" "$sync" "$rtt" "$d" "$txns" "$tps" "$lat" \
		"$(awk -v a="$p0" -v b="$p1" 'BEGIN{printf "%.2f", b-a}')" \
		"$(awk -v a="$s0" -v b="$s1" 'BEGIN{printf "%.2f", b-a}')" \
		"$(awk -v a="$x0" -v b="$x1" 'BEGIN{printf "%.2f", b-a}')" \
		"$b" "$(awk -v a="$k0" -v b="$k1" 'BEGIN{printf "%.2f", b-a}')" "$(awk -v a="$m0" -v b="$m1" 'BEGIN{printf "%.2f", b-a}')" \
		$((r1 - r0)) $((f1 - f0)) $((y1 - y0)) $((n1 - n0)) "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}')" >>"$res/runs.tsv"
	log "$id: $tps tps, $lat ms"
}

# Past the load's first full-page-image phase: one unmeasured run spanning
# a checkpoint cycle, so that the measured runs (back to back, each as long
# as a cycle or a fraction of it at a random phase) see the steady state.
log "warm-up (${dur}s, unmeasured)"
as_pg "$pgbin/pgbench" -n -c 2 -j 2 -T "$((dur < 30 ? dur : 30))" -h 127.0.0.1 -p "$pport" postgres >/dev/null 2>&1

# --- single node ------------------------------------------------------------------
if [ "$mode" = full ]; then
	clients="1 2 4 8 16" big="4 8 16" selects="1 2 4 8 16"
else
	clients="1 4 16" big="16" selects="1 2 16"
fi
log "single node: synchronous_commit = on (local flush), no standby"
for c in $clients; do run "single-tpcb-s10-c$c" single-node tpcb 10 "$c" on 0; done
for c in $big; do run "single-tpcb-s16-c$c" single-node tpcb 16 "$c" on 0; done
for c in $selects; do run "single-select-s10-c$c" single-node select 10 "$c" on 0; done
# pg_stat_wal over the one-client TPC-B-like run, for pgarch calibrate.
awk -F'\t' 'NR==1{for(i=1;i<=NF;i++)h[$i]=i; next} $1=="single-tpcb-s10-c1"{print "wal_records,wal_fpi,wal_bytes,transactions"; print $h["wal_records"] "," $h["wal_fpi"] "," $h["wal_bytes"] "," $h["txns"]}' \
	"$res/runs.tsv" >"$res/pg_stat_wal.csv"

# --- synchronous standby through the proxy ------------------------------------------
start_proxy() { # ADDED_RTT_MS
	nice -n "$nice_n" "$work/latencyproxy" -listen "127.0.0.1:$xport" -upstream "127.0.0.1:$pport" -rtt "${1}ms" 2>>"$work/proxy.log" &
	proxypid=$!
	for _ in $(seq 50); do
		(exec 3<>"/dev/tcp/127.0.0.1/$xport") 2>/dev/null && return 0
		sleep 0.1
	done
	echo "validation: proxy did not start" >&2
	return 1
}
wait_sync() {
	for _ in $(seq 300); do
		[ "$(q "select count(*) from pg_stat_replication where application_name = 'standby1' and state = 'streaming' and sync_state = 'sync'")" = 1 ] && return 0
		sleep 0.1
	done
	echo "validation: the standby did not become synchronous" >&2
	return 1
}
log "standby on 127.0.0.1:$sport, replicating through the proxy on :$xport"
start_proxy 0
as_pg "$pgbin/pg_basebackup" -h 127.0.0.1 -p "$xport" -U postgres -D "$work/standby" -R -X stream -C -S standby1 >"$work/basebackup.log" 2>&1
{
	echo "port = $sport"
	echo "primary_conninfo = 'host=127.0.0.1 port=$xport user=postgres application_name=standby1'"
	echo "primary_slot_name = 'standby1'"
} >>"$work/standby/postgresql.auto.conf"
as_pg "$pgbin/pg_ctl" -D "$work/standby" -l "$work/standby.log" -w start >/dev/null
q "alter system set synchronous_standby_names = 'standby1'" >/dev/null
q "select pg_reload_conf()" >/dev/null
wait_sync

if [ "$mode" = full ]; then
	rtts="0 1 5" sclients="1 4 16"
else
	rtts="0 5" sclients="1 4"
fi
for rtt in $rtts; do
	if [ "$rtt" != 0 ]; then
		stop_proxy
		start_proxy "$rtt"
		wait_sync
	fi
	echo "rtt $rtt $("$work/latencyproxy" -probe 500 -rtt "${rtt}ms")" >>"$res/machine.txt"
	log "standby, added round trip ${rtt} ms"
	for sync in on remote_apply off; do
		for c in $sclients; do
			if [ "$mode" = short ] && [ "$sync" != on ] && [ "$c" != 4 ]; then continue; fi
			run "standby-$sync-rtt$rtt-c$c" hot-standby tpcb 10 "$c" "$sync" "$rtt"
		done
	done
done
echo "load_end $(cut -d' ' -f1-3 /proc/loadavg)" >>"$res/machine.txt"
echo "finished $(date -u +%Y-%m-%dT%H:%M:%SZ)" >>"$res/machine.txt"
stop_server "$work/standby"
stop_server "$work/primary"
stop_proxy

# --- calibrate, predict, compare ---------------------------------------------------------
doc=$out
[ -n "$doc" ] || doc=$work/validation.md
rc=0
# The full run is held to ±25 % (issue #5's target). The short version's 5 s runs
# vary by up to ±30 % between repetitions on this machine (validation/README.md,
# "CI"), so CI holds it to ±35 %: a bound that catches a broken model, not one that
# fails on the noise of a 5 s run.
bound=0.25
[ "$mode" = short ] && bound=0.35
"$work/report" -results "$res" -pgarch "$work/pgarch" -mode "$mode" -bound "$bound" -out "$doc" || rc=$?
if [ -z "$out" ]; then cat "$doc"; fi
exit "$rc"
