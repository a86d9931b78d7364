#!/usr/bin/env bash
# Proof that nothing is lost (issue 13): a live lagkoll-server takes concurrent submissions and is
# killed with SIGKILL in the middle; restarted on the same file, it has every submission it
# acknowledged, byte for byte, and no half-written one. Then a read-only database and a full disk:
# a clear error, no 201, nothing stored.
#
# Usage: bash Tests/Integration/durability.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib/server.sh"

work=$(mktemp -d)
small=""
cleanup() {
  stop_server
  if [[ -n $small ]]; then umount "$small" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
status=0
bin=$(server_binary)
SERVER_DB="$work/lagkoll.sqlite"
SERVER_LOG="$work/server.log"
password="ett långt lösenord för testet"

echo "$password" | "$bin" users add s@k.se --role samordnare --kommun 0180 --database "$SERVER_DB" >/dev/null
token=$("$bin" users token s@k.se --database "$SERVER_DB")

echo "== kill -9 during concurrent submissions"
start_server
python3 "$here/durability.py" send "$SERVER_URL" "$token" "$SERVER_PID" "$work/acknowledged.json" || status=1
wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=
start_server
python3 "$here/durability.py" verify "$SERVER_URL" "$token" "$SERVER_DB" "$work/acknowledged.json" || status=1
plan="$work/plan.xml"
curl -fsS -o "$plan" "$SERVER_URL/api/v1/template.xml?kommun=0180"
stop_server

echo "== a read-only database"
rows_before=$(sqlite3 "$SERVER_DB" "SELECT count(*) FROM submissions")
chmod 0444 "$SERVER_DB"
SERVER_LOG="$work/server-ro.log"
# Opened read-only the way read-only media are (permissions do not stop root, who runs CI).
SERVER_DB_RO="file:$SERVER_DB?mode=ro"
saved_db=$SERVER_DB
SERVER_DB=$SERVER_DB_RO
start_server
answer=$(curl -sS -o "$work/ro.json" -w '%{http_code}' -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/xml' --data-binary @"$plan" "$SERVER_URL/api/v1/submissions")
stop_server
SERVER_DB=$saved_db
chmod 0644 "$SERVER_DB"
rows_after=$(sqlite3 "$SERVER_DB" "SELECT count(*) FROM submissions")
if [[ $answer == 503 ]] && grep -q "kunde inte sparas" "$work/ro.json" && [[ $rows_before == "$rows_after" ]] \
  && grep -q "skrivskydd" "$work/server-ro.log"; then
  echo "ok: read-only database: 503 with a clear message, nothing stored, the reason in the log"
else
  echo "FAIL: read-only database answered $answer ($(cat "$work/ro.json")), rows $rows_before -> $rows_after"
  status=1
fi

echo "== a full disk"
small="$work/small"
mkdir -p "$small"
if mount -t tmpfs -o size=2m tmpfs "$small" 2>/dev/null; then
  SERVER_DB="$small/lagkoll.sqlite"
  SERVER_LOG="$work/server-full.log"
  echo "$password" | "$bin" users add s@k.se --role samordnare --kommun 0180 --database "$SERVER_DB" >/dev/null
  token=$("$bin" users token s@k.se --database "$SERVER_DB")
  start_server
  # Fill the disk, then send a plan larger than what is left.
  dd if=/dev/zero of="$small/fill" bs=64k 2>/dev/null || true
  big="$work/big.xml"
  { cat "$plan"; head -c 400000 /dev/zero | tr '\0' 'x' | sed 's/^/<!-- /; s/$/ -->/'; } >"$big"
  answer=$(curl -sS -o "$work/full.json" -w '%{http_code}' -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/xml' --data-binary @"$big" "$SERVER_URL/api/v1/submissions")
  rm -f "$small/fill"
  # With room again, the same server goes on working.
  again=$(curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/xml' --data-binary @"$plan" "$SERVER_URL/api/v1/submissions")
  stop_server
  count=$(sqlite3 "$SERVER_DB" "SELECT count(*) FROM submissions")
  if [[ $answer == 503 ]] && grep -q "kunde inte sparas" "$work/full.json" && [[ $again == 201 ]] \
    && [[ $count == 1 ]] && grep -q "disken är full" "$work/server-full.log"; then
    echo "ok: full disk: 503 with a clear message, nothing stored; after freeing space the next one is stored"
  else
    echo "FAIL: full disk answered $answer ($(cat "$work/full.json")), then $again; $count rows"
    sed 's/^/    /' "$work/server-full.log" | tail -5
    status=1
  fi
else
  echo "SKIP: no tmpfs could be mounted here (needs root); the full-disk case was not tried."
fi
exit $status
