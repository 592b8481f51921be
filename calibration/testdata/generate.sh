#!/usr/bin/env bash
# Produces the real sample outputs in this directory on the machine it runs
# on (as root, Debian 12): fio 4k random read and write at queue depth 1 and
# 16, pg_test_fsync, pgbench select-only and TPC-B-like at 1, 2, 4 and 8
# clients against a throwaway cluster, and pg_stat_wal over one more run.
# Runs are short (the machine is shared): about three minutes in all. Everything it starts or creates is removed.
#
#	apt-get install -y fio postgresql
#	calibration/testdata/generate.sh [OUTDIR]
set -euo pipefail
out="$(cd "${1:-$(dirname "$0")}" && pwd)"
bin=/usr/lib/postgresql/15/bin
work=$(mktemp -d /tmp/pgarch-calib.XXXXXX)
chown postgres: "$work"
port=54329
cleanup() {
	if [ -f "$work/data/postmaster.pid" ]; then
		su postgres -c "$bin/pg_ctl -D $work/data -m fast -w stop" >/dev/null 2>&1 || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

# fio: 4k random read and write, queue depth 1 and 16, direct I/O.
for rw in randread randwrite; do
	for qd in 1 16; do
		fio --name="$rw-qd$qd" --directory="$work" --rw="$rw" --bs=4k --iodepth="$qd" \
			--ioengine=libaio --direct=1 --size=256M --runtime=10 --time_based \
			--output-format=json >"$out/fio-$rw-qd$qd.json"
		rm -f "$work/$rw-qd$qd".*
	done
done

# pg_test_fsync, 2 s per test, in the same file system.
(cd "$work" && $bin/pg_test_fsync -s 2 -f "$work/fsync.test") >"$out/pg_test_fsync.txt"
rm -f "$work/fsync.test"

# pgbench against a throwaway cluster on a free port.
su postgres -c "$bin/initdb -D $work/data -A trust" >/dev/null
su postgres -c "$bin/pg_ctl -D $work/data -o '-p $port -k $work -c listen_addresses=' -l $work/log -w start" >/dev/null
pg="-h $work -p $port"
su postgres -c "$bin/pgbench $pg -i -s 10 postgres" >/dev/null 2>&1
for mode in select-only tpcb-like; do
	flag=-S
	[ "$mode" = tpcb-like ] && flag=
	: >"$out/pgbench-$mode.txt"
	for c in 1 2 4 8; do
		su postgres -c "$bin/pgbench $pg $flag -c $c -j 2 -T 10 postgres" >>"$out/pgbench-$mode.txt" 2>/dev/null
	done
done
# pg_stat_wal over one more TPC-B-like run at 4 clients, counters reset
# first; transactions from pg_stat_database (a few more than pgbench's own).
# (The committed pg_stat_wal.csv came from these commands on a fresh
# cluster after pgbench -i; no checkpoint fell in the run, so wal_fpi is 0.)
su postgres -c "$bin/psql $pg -qAt -c \"select pg_stat_reset_shared('wal'); select pg_stat_reset();\" postgres" >/dev/null
su postgres -c "$bin/pgbench $pg -c 4 -j 2 -T 10 postgres" >"$out/pg_stat_wal-pgbench.txt" 2>/dev/null
su postgres -c "$bin/psql $pg --csv -c \"select w.wal_records, w.wal_fpi, w.wal_bytes, d.xact_commit as transactions from pg_stat_wal w, pg_stat_database d where d.datname = current_database()\" postgres" >"$out/pg_stat_wal.csv"
uname -srm >"$out/machine.txt"
nproc >>"$out/machine.txt"
$bin/postgres --version >>"$out/machine.txt"
fio --version >>"$out/machine.txt"
