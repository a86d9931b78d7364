#!/usr/bin/env bash
# Integration test: the self-check page in a real browser. Starts lagkoll-server on a loopback port and
# drives Debian's Chromium through Selenium and chromium-driver (no browser is downloaded): a plan with
# gaps, the keyboard, the English switch, a hostile plan; the service's journey; its accessibility
# (accessibility.py). Screenshots go to $LAGKOLL_SCREENSHOTS (default /tmp/lagkoll-screenshots),
# outside the repository.
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

# Accessibility (issue 20; lag 2018:1937, WCAG 2.1 AA): axe-core on every page, reflow, the keyboard
# journey, form errors. axe-core is the axe.min.js that the axe-playwright-python wheel ships, fetched
# with pip (no Node, no browser download); $LAGKOLL_AXE_JS names another copy.
echo "== accessibility: axe-core at WCAG 2.1 AA, reflow, the keyboard journey"
work=$(mktemp -d)
axe=${LAGKOLL_AXE_JS:-}
if [[ -z $axe ]]; then
  if ! python3 -m pip download --quiet --disable-pip-version-check --no-deps axe-playwright-python -d "$work/wheel" \
    >/dev/null 2>&1; then
    echo "SKIP: the axe-playwright-python wheel could not be fetched with pip; the accessibility test did not run."
    rm -rf "$work"
    exit $status
  fi
  axe=$(python3 - "$work" <<'PY'
import glob, sys, zipfile
work = sys.argv[1]
wheel = zipfile.ZipFile(glob.glob(f"{work}/wheel/*.whl")[0])
name = next(n for n in wheel.namelist() if n.endswith("/axe.min.js"))
with open(f"{work}/axe.min.js", "wb") as out:
    out.write(wheel.read(name))
print(f"{work}/axe.min.js")
PY
)
fi
echo "axe-core: $(head -c 40 "$axe" | tr -d '/*!\n')"

SERVER_DB="$work/lagkoll.sqlite"
password="ett långt lösenord för tillgänglighet"
add() { echo "$password" | "$bin" users add "$@" --database "$SERVER_DB" >/dev/null; }
add admin@lagkoll.se --role admin
add s1282@landskrona.se --role samordnare --kommun 1282
add s2260@ange.se --role samordnare --kommun 2260
add g12@lst.se --role granskare --lan 12
add analys@bra.se --role granskare --riket
start_server --contact tillganglighet@lagkoll.example
python3 "$here/accessibility.py" "$SERVER_URL" "$root" "$shots" "$password" "$axe" || status=1
stop_server
rm -rf "$work"
exit $status

