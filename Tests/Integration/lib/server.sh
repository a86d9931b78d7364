# Starts and stops lagkoll-server for the integration scripts and the benchmark (sourced, not run).
#
#   start_server [extra serve flags...]   sets SERVER_URL and SERVER_PID; the log is in $SERVER_LOG, the
#                                         database in $SERVER_DB (a new temporary file unless set)
#   stop_server                           ends the server this script started, by its process id
#
# The binary is $LAGKOLL_SERVER if set, else the debug build of the server's package in Server/ (built
# here if missing).

server_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)

server_binary() {
  if [[ -n ${LAGKOLL_SERVER:-} ]]; then
    echo "$LAGKOLL_SERVER"
    return
  fi
  local bin
  bin=$(swift build --package-path "$server_root/Server" --product lagkoll-server --show-bin-path)/lagkoll-server
  [[ -x $bin ]] || swift build --package-path "$server_root/Server" --product lagkoll-server >&2
  echo "$bin"
}

# A free loopback port, chosen by the system.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start_server() {
  local bin port
  bin=$(server_binary)
  port=$(free_port)
  SERVER_LOG=${SERVER_LOG:-$(mktemp)}
  SERVER_DB=${SERVER_DB:-$(mktemp -d)/lagkoll.sqlite}
  "$bin" serve --host 127.0.0.1 --port "$port" --rules "$server_root/rules" --database "$SERVER_DB" "$@" \
    >"$SERVER_LOG" 2>&1 &
  SERVER_PID=$!
  SERVER_URL="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do
    if curl -fsS "$SERVER_URL/healthz" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
    sleep 0.1
  done
  echo "FAIL: lagkoll-server did not start:" >&2
  sed 's/^/    /' "$SERVER_LOG" >&2
  return 1
}

stop_server() {
  if [[ -n ${SERVER_PID:-} ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=
}
