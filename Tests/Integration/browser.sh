#!/usr/bin/env bash
# Integration test: the self-check page in a real browser. Starts lagkoll-server on a loopback port and
# drives Debian's Chromium through Selenium and chromium-driver (no browser is downloaded): a plan with
# gaps, the keyboard, the English switch, a hostile plan. Screenshots go to $LAGKOLL_SCREENSHOTS
# (default /tmp/lagkoll-screenshots), outside the repository.
#
# Usage: bash Tests/Integration/browser.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$here/lib/server.sh"

chromium_bin=$(command -v chromium || command -v chromium-browser || true)
driver_bin=$(command -v chromedriver || { [[ -x /usr/lib/chromium/chromedriver ]] && echo /usr/lib/chromium/chromedriver; } || true)
if [[ -z $chromium_bin || -z $driver_bin ]]; then
  echo "SKIP: chromium and chromium-driver are not installed (apt-get install chromium chromium-driver); the browser test did not run."
  exit 0
fi
if ! python3 -c 'import selenium' 2>/dev/null; then
  if ! python3 -m pip install --quiet --disable-pip-version-check selenium >/dev/null 2>&1; then
    echo "SKIP: selenium could not be installed with pip; the browser test did not run."
    exit 0
  fi
fi

shots=${LAGKOLL_SCREENSHOTS:-/tmp/lagkoll-screenshots}
trap stop_server EXIT
start_server
echo "lagkoll-server at $SERVER_URL ($("$chromium_bin" --version 2>/dev/null || echo chromium))"
status=0
python3 "$here/browser.py" "$SERVER_URL" "$root" "$shots" || status=1
stop_server

# The service's journey (issue 13): the admin, made with the command line, creates every other
# account in the browser; coordinators, reviewers and Brå use their pages.
echo "== the journey: accounts, submissions, withdrawal, the county matrix, the country"
SERVER_DB="$(mktemp -d)/lagkoll.sqlite"
password="ett långt lösenord för resan"
bin=$(server_binary)
echo "$password" | "$bin" users add admin@lagkoll.se --role admin --database "$SERVER_DB"
start_server
python3 "$here/journey.py" "$SERVER_URL" "$root" "$shots" "$password" || status=1
stop_server
echo "== the audit log of the journey"
"$bin" audit --database "$SERVER_DB" | cut -f2-5 | sort | uniq -c | sort -rn
rm -rf "$(dirname "$SERVER_DB")"
exit $status
