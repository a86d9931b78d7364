#!/usr/bin/env bash
# Benchmark of lagkoll-server's check API against its baseline in the same run: one `lagkoll check`
# process per document.
#
#   bench/server.sh                  release builds, then both measurements, then the table
#   DURATION=30 bench/server.sh      seconds of load (default 20)
#   CONNECTIONS=16 bench/server.sh   wrk connections (default 16)
#   PLAN=samples/komplett.xml        the document (default: the typical complete plan)
#   CLI_RUNS=400 bench/server.sh     lagkoll check processes for the baseline (default 400)
#   SCRATCH=.build                   SwiftPM scratch path of lagkoll's release build (default .build);
#                                    lagkoll-server's is Server/SCRATCH (SCRATCH-server if absolute)
#
# Server: wrk (Debian: apt-get install wrk), 2 threads, CONNECTIONS connections on loopback, POST
# /api/v1/check with the plan as application/xml; requests/s and the latency percentiles p50 and p99
# from wrk's own histogram; any non-2xx answer fails the run. The server logs every request at its
# default level (info) to a file, as it would in service.
# Baseline: CLI_RUNS runs of `lagkoll check --format json PLAN`, as many at once as there are cores
# (xargs -P), so both sides use the whole machine; checks/s is runs / wall time.
# Targets (issue 12): >= 500 checks/s, p99 <= 50 ms at 16 connections on 2 cores, >= 10x the CLI.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
duration="${DURATION:-20}"
connections="${CONNECTIONS:-16}"
plan="${PLAN:-samples/komplett.xml}"
cli_runs="${CLI_RUNS:-400}"
scratch="${SCRATCH:-.build}"
as_of=2026-11-24
cores=$(nproc)
out="$root/bench/results"
mkdir -p "$out"

for tool in wrk curl python3 xargs; do
  command -v "$tool" >/dev/null || { echo "bench/server.sh needs $tool (Debian: apt-get install wrk curl)" >&2; exit 2; }
done

flags=(-c release --scratch-path "$scratch")
case $scratch in /*) server_scratch="$scratch-server" ;; *) server_scratch="Server/$scratch" ;; esac
server_flags=(-c release --package-path Server --scratch-path "$server_scratch")
swift build "${server_flags[@]}" --product lagkoll-server >&2
swift build "${flags[@]}" --product lagkoll >&2
bin="$(swift build "${flags[@]}" --show-bin-path)"
server_bin="$(swift build "${server_flags[@]}" --show-bin-path)"
export LAGKOLL_SERVER="$server_bin/lagkoll-server" LAGKOLL_RULES="$root/rules" NO_COLOR=1
source "$root/Tests/Integration/lib/server.sh"
SERVER_LOG="$out/server-bench.log"
trap stop_server EXIT
start_server

# The plan must be checked, not refused: one request first.
code=$(curl -sS -o /dev/null -w '%{http_code}' --data-binary @"$plan" -H 'Content-Type: application/xml' \
  "$SERVER_URL/api/v1/check?asOf=$as_of")
[[ $code == 200 ]] || { echo "the server answered $code for $plan" >&2; exit 1; }

script="$out/post.lua"
cat >"$script" <<LUA
wrk.method = "POST"
local file = io.open("$root/$plan", "rb")
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/xml"
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d seconds=%.3f errors=%d non2xx=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency:percentile(50), latency:percentile(99)))
end
LUA
echo "warming up (3 s)..." >&2
wrk -t2 -c"$connections" -d3s -s "$script" "$SERVER_URL/api/v1/check?asOf=$as_of" >/dev/null
echo "wrk: $connections connections, ${duration} s, POST /api/v1/check with $plan" >&2
wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$script" "$SERVER_URL/api/v1/check?asOf=$as_of" \
  | tee "$out/server-wrk.txt" >&2
result=$(grep '^RESULT' "$out/server-wrk.txt")
stop_server

# The baseline: one process per document, all cores busy.
echo "baseline: $cli_runs x lagkoll check --format json $plan, $cores at once" >&2
start=$(date +%s.%N)
seq "$cli_runs" | xargs -P "$cores" -I{} "$bin/lagkoll" check --as-of "$as_of" --format json --fail-on never \
  "$plan" >/dev/null
end=$(date +%s.%N)

python3 - "$result" "$start" "$end" "$cli_runs" "$connections" "$plan" "$cores" <<'PY'
import sys
result, start, end, runs, connections, plan, cores = sys.argv[1:]
fields = dict(item.split("=") for item in result.split()[1:])
requests, seconds = int(fields["requests"]), float(fields["seconds"])
rps = requests / seconds
p50, p99 = int(fields["p50_us"]) / 1000, int(fields["p99_us"]) / 1000
errors, non2xx = int(fields["errors"]), int(fields["non2xx"])
cli = int(runs) / (float(end) - float(start))
ratio = rps / cli
def verdict(ok):
    return "met" if ok else "MISSED"
print()
print(f"lagkoll-server, POST /api/v1/check, {plan}, {connections} connections, {cores} cores, loopback")
print(f"  {'server (wrk)':<34} {rps:10.0f} checks/s   p50 {p50:6.2f} ms   p99 {p99:6.2f} ms   "
      f"({requests} requests, {errors} socket errors, {non2xx} non-2xx)")
print(f"  {'lagkoll check, one process each':<34} {cli:10.1f} checks/s   ({runs} processes, {cores} at once)")
print(f"  {'ratio server / CLI':<34} {ratio:10.1f}x")
print()
print(f"  target >= 500 checks/s ........ {verdict(rps >= 500)} ({rps:.0f})")
print(f"  target p99 <= 50 ms ........... {verdict(p99 <= 50)} ({p99:.2f} ms)")
print(f"  target >= 10x the CLI ......... {verdict(ratio >= 10)} ({ratio:.1f}x)")
if errors or non2xx:
    print("  FAIL: the server gave errors under load")
    sys.exit(1)
PY
