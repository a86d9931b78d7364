#!/usr/bin/env bash
# An operator's drills on a live lagkoll-server (issue 20, Operations), each against the real binary:
#   1. SIGTERM during submissions: what was acknowledged is stored, the upload in flight finishes,
#      no new connection is accepted, the process exits within the grace period;
#   2. `backup` while eight clients submit, `restore` into a new file: every submission acknowledged
#      before the backup began, files 0600 under umask 022, no restore over an existing database;
#   3. /metrics for an admin's token and on the loopback listener of --metrics-port;
#   4. the systemd unit in deploy/ passes `systemd-analyze verify` (SKIP where systemd is absent).
#
# Usage: bash Tests/Integration/operations.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$here/lib/server.sh"

work=$(mktemp -d)
trap 'stop_server; rm -rf "$work"' EXIT
status=0
bin=$(server_binary)
password="ett långt lösenord för driften"
umask 022

echo "== SIGTERM during submissions"
SERVER_DB="$work/lagkoll.sqlite"
SERVER_LOG="$work/server.log"
echo "$password" | "$bin" users add s@k.se --role samordnare --kommun 0180 --database "$SERVER_DB" >/dev/null
echo "$password" | "$bin" users add admin@lan.se --role admin --database "$SERVER_DB" >/dev/null
token=$("$bin" users token s@k.se --database "$SERVER_DB")
admin=$("$bin" users token admin@lan.se --database "$SERVER_DB")
start_server --shutdown-grace 20
python3 "$here/operations.py" sigterm "$SERVER_URL" "$token" "$SERVER_PID" "$SERVER_DB" || status=1
wait "$SERVER_PID" 2>/dev/null && code=0 || code=$?
SERVER_PID=
if [[ $code == 0 ]] && grep -q '"stopped"\|stopped' "$SERVER_LOG"; then
  echo "ok: lagkoll-server exited 0 and logged that it stopped"
else
  echo "FAIL: lagkoll-server exited $code after SIGTERM"; tail -5 "$SERVER_LOG" | sed 's/^/    /'; status=1
fi

echo "== backup under load, restore"
start_server
python3 "$here/operations.py" backup "$SERVER_URL" "$token" "$bin" "$SERVER_DB" "$work/kopia.sqlite" \
  "$work/återställd.sqlite" || status=1
stop_server

echo "== /metrics"
metrics_port=$(free_port)
start_server --metrics-port "$metrics_port"
# One failed login and one check, so that their counts are there.
curl -sS -o /dev/null "$SERVER_URL/login" -c "$work/cookies"
curl -sS -o /dev/null -b "$work/cookies" --data "csrf=x&email=admin@lan.se&password=fel" "$SERVER_URL/login"
csrf=$(curl -sS -c "$work/cookies" "$SERVER_URL/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p')
curl -sS -o /dev/null -b "$work/cookies" --data "csrf=$csrf&email=admin@lan.se&password=fel" "$SERVER_URL/login"
curl -fsS -o "$work/plan.xml" "$SERVER_URL/api/v1/template.xml?kommun=0180"
curl -sS -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/xml' \
  --data-binary @"$work/plan.xml" "$SERVER_URL/api/v1/submissions"
python3 "$here/operations.py" metrics "$SERVER_URL" "$admin" "$token" "http://127.0.0.1:$metrics_port/metrics" \
  || status=1
if ss -ltn 2>/dev/null | grep -q "127.0.0.1:$metrics_port"; then
  echo "ok: the metrics listener is bound to 127.0.0.1 only"
elif ! command -v ss >/dev/null; then
  echo "SKIP: no ss here to show the metrics listener's address"
else
  echo "FAIL: the metrics listener is not on 127.0.0.1:$metrics_port"; status=1
fi
stop_server

echo "== deploy/lagkoll-server.service"
if command -v systemd-analyze >/dev/null; then
  # verify wants the ExecStart binary to exist: the built one stands in for /usr/local/bin's.
  sed "s|/usr/local/bin/lagkoll-server|$bin|" "$root/deploy/lagkoll-server.service" >"$work/lagkoll-server.service"
  if systemd-analyze verify "$work/lagkoll-server.service"; then
    echo "ok: systemd-analyze verify accepts the unit"
  else
    echo "FAIL: systemd-analyze verify"; status=1
  fi
  exposure=$(systemd-analyze security --offline=yes "$work/lagkoll-server.service" 2>/dev/null \
    | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
  if [[ -n $exposure ]] && awk "BEGIN { exit !($exposure <= 2.0) }"; then
    echo "ok: systemd-analyze security: exposure $exposure (≤ 2.0)"
  elif [[ -z $exposure ]]; then
    echo "SKIP: this systemd-analyze has no offline security check"
  else
    echo "FAIL: systemd-analyze security: exposure $exposure"; status=1
  fi
else
  echo "SKIP: systemd-analyze is not installed here (Debian: apt-get install systemd); the unit was not verified"
fi
exit $status
