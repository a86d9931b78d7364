#!/usr/bin/env bash
# Integration test of lagkoll-server's HTTP API on a live server on a loopback port:
#   1. the OpenAPI description validates (openapi-spec-validator);
#   2. schemathesis sends generated requests to every operation and checks every answer against it
#      (status codes, content types, headers, response schemas, no 5xx);
#   3. fault tests: slowloris, a slow body, 1 GiB bodies, 1,000 idle connections and malformed HTTP,
#      while ordinary requests must still be answered (faults.py).
#
# Usage: bash Tests/Integration/server.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$here/lib/server.sh"

work=$(mktemp -d)
trap 'stop_server; rm -rf "$work"' EXIT
status=0

# Short timeouts, so the fault tests see the server end slow clients within seconds.
idle_timeout=3
body_timeout=5
SERVER_LOG="$work/server.log"
# A coordinator's token, so that schemathesis also reaches the submission operations past 401.
SERVER_DB="$work/lagkoll.sqlite"
echo "ett långt lösenord för schemathesis" | "$(server_binary)" users add st@k.se --role samordnare --kommun 0180 \
  --database "$SERVER_DB" >/dev/null
token=$("$(server_binary)" users token st@k.se --database "$SERVER_DB")
start_server --idle-timeout "$idle_timeout" --body-timeout "$body_timeout"
echo "lagkoll-server at $SERVER_URL"
curl -fsS "$SERVER_URL/api/v1/openapi.yaml" -o "$work/openapi.yaml"

echo "== OpenAPI description"
if python3 -c 'import openapi_spec_validator' 2>/dev/null \
  || python3 -m pip install --quiet --disable-pip-version-check openapi-spec-validator >/dev/null 2>&1; then
  if python3 -m openapi_spec_validator "$work/openapi.yaml"; then
    echo "1 passed, 0 failed"
  else
    echo "FAIL: the OpenAPI description does not validate"
    status=1
  fi
else
  echo "SKIP: openapi-spec-validator could not be installed with pip; the description was not validated."
fi

echo "== schemathesis against the live server"
if command -v schemathesis >/dev/null 2>&1 \
  || python3 -m pip install --quiet --disable-pip-version-check schemathesis >/dev/null 2>&1; then
  st=(schemathesis)
  command -v schemathesis >/dev/null 2>&1 || st=(python3 -m schemathesis.cli)
  # All checks (schemathesis' default), with the exceptions the config file explains; with a
  # coordinator's bearer token, so the submission operations are tried past 401.
  # Run from the scratch folder: schemathesis keeps a cache in the working folder.
  if ! (cd "$work" && "${st[@]}" --config-file "$here/schemathesis.toml" run "$SERVER_URL/api/v1/openapi.yaml" \
    --header "Authorization: Bearer $token" \
    --max-examples 100 --seed 20261129 --no-color --suppress-health-check all >"$work/schemathesis.txt" 2>&1); then
    echo "FAIL: schemathesis found answers that do not match the description:"
    sed 's/^/    /' "$work/schemathesis.txt"
    status=1
  else
    sed -n '/SUMMARY/,$p' "$work/schemathesis.txt"
  fi
else
  echo "SKIP: schemathesis could not be installed with pip; the API was not fuzzed."
fi

echo "== faults: hostile clients while others are served"
if ! python3 "$here/faults.py" "$SERVER_URL" "$SERVER_PID" "$root/samples/komplett.xml" "$idle_timeout" "$body_timeout"; then
  status=1
fi

# The log has one line per request with its id, and never a plan's content.
if grep -q 'Behovet\|<plan\|formatversion' "$SERVER_LOG"; then
  echo "FAIL: the server log contains plan content"
  status=1
elif ! grep -q 'hb.request.id=' "$SERVER_LOG"; then
  echo "FAIL: the server log has no request ids"
  status=1
else
  echo "ok: the log has request ids and no plan content ($(grep -c 'request$\| request' "$SERVER_LOG") request lines)"
fi
exit $status
