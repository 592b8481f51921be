#!/usr/bin/env bash
# Load benchmark of the HTTP API: builds pgarch, starts `pgarch serve` on
# loopback, and measures in one run, with wrk, the request rate, p99 latency
# and errors of POST /v1/evaluate (a realistic request, all architectures)
# against the trivial GET /livez, plus the server's peak RSS.
#
# The server caches evaluations (docs/adr/0006-evaluation-cache.md), so the
# measured POST /v1/evaluate run sends distinct requests: each carries its
# own reads_per_sec and misses the cache. The rate of one request repeated
# (answered from the cache) is reported on a line of its own and is not
# part of the verdict.
#
#	scripts/loadbench.sh                      # 10 s per run, 32 connections
#	DURATION=30s CONNECTIONS=64 scripts/loadbench.sh
#
# Not part of `go test`. Targets (issue 4), on the uncached run: evaluate
# ≥ 25 % of the livez rate, p99 < 20 ms at saturation, no errors, RSS <
# 150 MB. Traffic goes to 127.0.0.1 only and stops after DURATION per run.
set -euo pipefail
cd "$(dirname "$0")/.."

duration="${DURATION:-10s}"
conns="${CONNECTIONS:-32}"
threads="${THREADS:-2}"
port="${PORT:-18089}"

if ! command -v wrk >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ]; then
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
	else
		echo "loadbench: needs wrk (apt-get install wrk)" >&2
		exit 1
	fi
fi

work=$(mktemp -d)
server=""
cleanup() {
	if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/pgarch" ./cmd/pgarch
"$work/pgarch" serve -addr "127.0.0.1:$port" 2>"$work/server.log" &
server=$!
for _ in $(seq 1 100); do
	curl -fs "http://127.0.0.1:$port/livez" >/dev/null 2>&1 && break
	sleep 0.1
done

# The request: reads_per_sec is 20000 unless the script sets it.
body() {
	printf '{"workload":{"reads_per_sec":%s,"writes_per_sec":2000,"client_rtt_ms":0.2,"sessions":200},"requirements":{"survive":["zone"],"p99_write_ms":20},"profile":{"name":"aws-gp3","network_fsync_latency_us":800}}' "$1"
}
# Distinct requests: reads_per_sec is 10000 + the request's number, counted
# across the wrk threads, so no two requests of a run are alike.
cat >"$work/post.lua" <<LUA
local started = 0
function setup(thread)
	thread:set("id", started) -- a global of the thread's script
	started = started + 1
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local template = [[$(body '%d')]]
local n = 0
request = function()
	n = n + 1
	return wrk.format(nil, nil, nil, string.format(template, 10000 + n * $threads + id))
end
-- Count non-2xx answers as errors in the summary.
done = function(summary, latency, requests)
	io.write(string.format("non2xx %d\n", summary.errors.status))
end
LUA
# One request repeated: every answer after the first comes from the cache.
cat >"$work/post-cached.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[$(body 20000)]]
done = function(summary, latency, requests)
	io.write(string.format("non2xx %d\n", summary.errors.status))
end
LUA
cat >"$work/get.lua" <<'LUA'
done = function(summary, latency, requests)
	io.write(string.format("non2xx %d\n", summary.errors.status))
end
LUA

# run NAME URL SCRIPT: prints "NAME rate p99_ms errors".
run() {
	local out
	out=$(wrk -t"$threads" -c"$conns" -d"$duration" --latency -s "$3" "$2")
	echo "$out" >"$work/$1.txt"
	local rate p99 non2xx sock
	rate=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
	p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; print v}' <<<"$out")
	non2xx=$(awk '/^non2xx/ {print $2}' <<<"$out")
	sock=$(awk '/Socket errors/ {n=0; for (i=1;i<=NF;i++) if ($i ~ /^[0-9]+,?$/) {gsub(",","",$i); n+=$i}; print n}' <<<"$out")
	echo "$1 ${rate:-0} ${p99:-0} $(( ${non2xx:-0} + ${sock:-0} ))"
}

echo "pgarch load benchmark: $threads wrk threads, $conns connections, $duration per run, $(nproc) cores shared by wrk and the server"
livez=$(run livez "http://127.0.0.1:$port/livez" "$work/get.lua")
evaluate=$(run evaluate "http://127.0.0.1:$port/v1/evaluate" "$work/post.lua")
cached=$(run cached "http://127.0.0.1:$port/v1/evaluate" "$work/post-cached.lua")
rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")
cache=$(curl -fs "http://127.0.0.1:$port/metrics" | awk '/^pgarch_evaluation_cache_(hits|misses)_total/ {sub(/pgarch_evaluation_cache_/, "", $1); printf "%s %d  ", $1, $2}')

read -r _ lrate lp99 lerr <<<"$livez"
read -r _ erate ep99 eerr <<<"$evaluate"
read -r _ crate cp99 cerr <<<"$cached"
ratio=$(awk -v e="$erate" -v l="$lrate" 'BEGIN {printf "%.1f", (l > 0 ? 100*e/l : 0)}')
cratio=$(awk -v e="$crate" -v l="$lrate" 'BEGIN {printf "%.1f", (l > 0 ? 100*e/l : 0)}')
printf '%-34s %12s %10s %8s\n' endpoint "requests/s" "p99 ms" errors
printf '%-34s %12.0f %10.2f %8d\n' "GET /livez" "$lrate" "$lp99" "$lerr"
printf '%-34s %12.0f %10.2f %8d\n' "POST /v1/evaluate (distinct)" "$erate" "$ep99" "$eerr"
printf '%-34s %12.0f %10.2f %8d\n' "POST /v1/evaluate (repeated, cached)" "$crate" "$cp99" "$cerr"
echo "evaluate/livez rate: ${ratio} % (distinct, the target), ${cratio} % (repeated, cached; not judged)"
echo "server peak RSS: $((rss_kb / 1024)) MB   evaluation cache: ${cache}"

ok=$(awk -v r="$ratio" -v p="$ep99" -v e="$eerr" -v m="$rss_kb" 'BEGIN {print (r >= 25 && p < 20 && e == 0 && m < 150*1024) ? "yes" : "no"}')
echo "targets (distinct requests: ≥ 25 %, p99 < 20 ms, no errors; RSS < 150 MB) met: $ok"
[ "$ok" = yes ]
