#!/usr/bin/env bash
# How a real IOPS throttle queues Poisson I/Os below its limit. The model
# takes a cloud volume's IOPS as a token bucket, flat latency until the
# limit (queue.TokenBucketWait, docs/model.md); no cloud publishes its
# bucket, so this measures the one a user can run: Linux's block throttle
# (blk-throttle, cgroup v1 blkio.throttle.read_iops_device), which
# dispatches a bio when the I/Os of its time slice (100 ms on a rotational
# device, throtl_slice) leave room.
#
# fio reads 8 kB pages at random (O_DIRECT, libaio, enough depth that
# arrivals never wait for a slot) from a file on the data disk, as Poisson
# arrivals at a set rate (rate_process=poisson), with the cgroup's limit set
# to LIMIT and, for each rate, once without it: the difference is the
# throttle's wait. The last rate, above the limit, shows the queue that
# a throttle builds (fio's 256 I/Os in flight, each waiting about
# 256/LIMIT s). model/throttle_test.go reads the results.
#
#	validation/throttle.sh     # as root: ~5 min; writes validation/results/throttle.txt
#
# Environment: LIMIT (2000 IOPS), RATES (fractions of it), MEASURE (15 s a
# run), DIR (/var/tmp/pgarch-throttle: the file's directory, 2 GB, on the
# disk measured), RESULTS (validation/results).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
limit=${LIMIT:-2000} measure=${MEASURE:-15}
rates=${RATES:-"0.2 0.5 0.7 0.85 0.925 0.975 0.99 0.995 0.9975 1.05"}
dir=${DIR:-/var/tmp/pgarch-throttle} results=${RESULTS:-$repo/validation/results}
[ "$(id -u)" = 0 ] || { echo "throttle.sh: run as root (cgroup blkio)" >&2; exit 1; }
command -v fio >/dev/null || { apt-get update -qq && apt-get install -y -qq fio >/dev/null; }
cg=/sys/fs/cgroup/blkio/pgarch-throttle
[ -d /sys/fs/cgroup/blkio ] || { echo "throttle.sh: no cgroup v1 blkio controller" >&2; exit 1; }
mkdir -p "$dir" "$cg" "$results"
trap 'rmdir "$cg" 2>/dev/null || true' EXIT
dev=$(findmnt -no MAJ:MIN -T "$dir" | tr -d " ")
disk=$(lsblk -no PKNAME "/dev/block/$dev" 2>/dev/null || true)
[ -n "$disk" ] && dev=$(cat "/sys/class/block/$disk/dev")
[ -f "$dir/f.dat" ] || fio --name=prep --filename="$dir/f.dat" --size=2G --rw=write --bs=1M --direct=1 --output=/dev/null

# run RATE MODE: one fio run in the cgroup, one line of results.
run() {
	sh -c "echo \$\$ > $cg/tasks; exec fio --name=r --filename=$dir/f.dat --size=2G --rw=randread --bs=8k --direct=1 \
		--ioengine=libaio --iodepth=256 --rate_iops=$1 --rate_process=poisson --runtime=$measure --time_based --output-format=json" |
		python3 -c "
import json, sys
r = json.load(sys.stdin)['jobs'][0]['read']
p = r['clat_ns']['percentile']
print('$2-$1 $limit $1 %.1f %.4f %.4f %.4f %.4f' % (
    r['iops'], r['lat_ns']['mean'] / 1e6, p['50.000000'] / 1e6, p['99.000000'] / 1e6, p['99.900000'] / 1e6))"
}

out=$results/throttle.txt
{
	echo "# validation/throttle.sh $(date -u +%FT%TZ): device $dev ($(cat /sys/dev/block/$dev/queue/rotational 2>/dev/null || echo '?') rotational), $(uname -r), fio $(fio --version)"
	echo "# run (mode-rate), limit IOPS, rate IOPS, achieved IOPS, latency ms: mean (fio lat, submission to completion), p50, p99, p99.9 (fio clat)"
	for f in $rates; do
		rate=$(python3 -c "print(round($f * $limit))")
		echo "$dev $limit" > "$cg/blkio.throttle.read_iops_device"
		run "$rate" throttled
		echo "$dev 0" > "$cg/blkio.throttle.read_iops_device"
		run "$rate" free
	done
} | tee "$out"
