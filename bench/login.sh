#!/usr/bin/env bash
# Benchmark of issue 20's point 6: bcrypt runs on a pool of its own, off the threads that answer
# requests, so 32 concurrent logins do not delay /healthz beyond 50 ms at p99 (2 cores).
#
#   bench/login.sh                   release build, then bench/login.py against it
#   CONCURRENCY=32 SECONDS=15        clients logging in, seconds per phase
#   SCRATCH=.build                   SwiftPM scratch path of the server's build (Server/SCRATCH)
#   CONFIG=debug                     measure the debug build instead of a release build
#
# The baseline in the same run is /healthz with nothing else to do; the load is CONCURRENCY clients
# each logging in again and again with the right password (bcrypt cost 12, as in production), from one
# address that has logged in before (so the throttles do not hold them back).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scratch="${SCRATCH:-.build}"
case $scratch in /*) server_scratch="$scratch-server" ;; *) server_scratch="Server/$scratch" ;; esac
flags=(-c "${CONFIG:-release}" --package-path Server --scratch-path "$server_scratch")
swift build "${flags[@]}" --product lagkoll-server >&2
export LAGKOLL_SERVER="$(swift build "${flags[@]}" --show-bin-path)/lagkoll-server"
source "$root/Tests/Integration/lib/server.sh"
SERVER_DB="$(mktemp -d)/lagkoll.sqlite"
password="bänk-lösenord-2026"
printf '%s\n' "$password" | "$LAGKOLL_SERVER" users add bench@example.se --role admin --database "$SERVER_DB" >/dev/null
SERVER_LOG="$(mktemp)"
trap stop_server EXIT
start_server --log-level warning
echo "lagkoll-server $(git rev-parse --short HEAD) (${CONFIG:-release}) on $(nproc) cores; $(uname -m); load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$root/bench/login.py" "$SERVER_URL" bench@example.se "$password" \
  --concurrency "${CONCURRENCY:-32}" --seconds "${SECONDS_PER_PHASE:-15}"
