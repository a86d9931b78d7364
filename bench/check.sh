#!/usr/bin/env bash
# Benchmarks of `lagkoll check` against baselines measured in the same run (issue "Speed and hardening").
#
#   bench/check.sh                 release build, generate the large plan, run, print the table
#   ACTIONS=25000 bench/check.sh   actions in the large plan (default 25000 with plangen, about 22.6 MB of
#                                  XML; 18000 with GENERATOR=python, bench/genplan.py, about 23 MB)
#   RUNS=10 bench/check.sh         hyperfine runs per command (default 10; 50 for the small document)
#   SCRATCH=.build-bench           SwiftPM scratch path of the release build (default .build-bench)
#   STATIC=1 bench/check.sh        also build with --static-swift-stdlib, in SCRATCH-static, and time (c)
#                                  with it. Package.swift now links the Swift runtime, Foundation and
#                                  Dispatch into lagkoll in every release build, so both binaries are the same
#                                  and the second build is off by default.
#
# (a) a 20–25 MB XML plan with tens of thousands of actions: lagkoll vs `xmllint --noout`, target ≤ 2×,
#     and peak memory (maximum resident set size) ≤ 6× the file size;
# (b) the same plan as JSON: lagkoll vs Python's json.load, target ≤ 1×, memory ≤ 6× the file size;
# (c) one typical document (samples/komplett.xml) as the pre-commit hook runs it (`check --skip-foreign`),
#     process start to exit, target < 20 ms, beside `xmllint --noout` on it.
# Medians come from hyperfine --export-json, memory from /usr/bin/time -v. Results and the JSON exports
# land in bench/results/ (not committed). Needs hyperfine, xmllint, python3 and GNU time
# (Debian: apt-get install hyperfine libxml2-utils python3 time).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
runs="${RUNS:-10}"
scratch="${SCRATCH:-.build-bench}"
out="$root/bench/results"
data="${DATA:-${TMPDIR:-/tmp}/lagkoll-bench}"
mkdir -p "$out" "$data"

for tool in hyperfine xmllint python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench/check.sh needs $tool" >&2; exit 2; }
done

flags=(-c release --scratch-path "$scratch")
swift build "${flags[@]}" --product lagkoll >&2
bin="$(swift build "${flags[@]}" --show-bin-path)/lagkoll"
static_bin=""
if [ "${STATIC:-0}" = 1 ]; then
  static_flags=(-c release --scratch-path "$scratch-static" --static-swift-stdlib)
  swift build "${static_flags[@]}" --product lagkoll >&2
  static_bin="$(swift build "${static_flags[@]}" --show-bin-path)/lagkoll"
fi
export LAGKOLL_RULES="$root/rules" NO_COLOR=1

# The large plan: `plangen` (the package's generator of synthetic plans) writes one plan in both forms
# from one seed; without it, bench/genplan.py grows samples/komplett to as many actions. Either way the
# same file is measured for lagkoll and for its baseline.
xml=""
json=""
if [ "${GENERATOR:-plangen}" = plangen ] && swift build "${flags[@]}" --product plangen >&2; then
  actions="${ACTIONS:-25000}"
  dir="$data/plangen-$actions"
  if [ ! -d "$dir" ]; then
    "$(swift build "${flags[@]}" --show-bin-path)/plangen" --count 1 --seed 42 --actions "$actions" --format both --out "$dir" >&2
  fi
  xml="$(ls "$dir"/*.xml | head -1)"
  json="$(ls "$dir"/*.json | head -1)"
fi
if [ -z "$xml" ] || [ -z "$json" ]; then
  actions="${ACTIONS:-18000}"
  xml="$data/plan-$actions.xml"
  json="$data/plan-$actions.json"
  if [ ! -s "$xml" ] || [ ! -s "$json" ]; then
    python3 "$root/bench/genplan.py" --actions "$actions" --out "$data"
  fi
fi
size_xml=$(stat -c %s "$xml")
size_json=$(stat -c %s "$json")
sample="$root/samples/komplett.xml"
report="$data/report.json"

# The lagkoll runs write their JSON report to a file (never to /dev/null through --output, which writes
# a temporary file beside the target and renames it over the target).
hyperfine -N --warmup 1 --runs "$runs" --export-json "$out/large-xml.json" \
  -n "lagkoll check xml" "$bin check $xml --format json --output $report --fail-on never" \
  -n "xmllint --noout" "xmllint --noout $xml" >&2
hyperfine -N --warmup 1 --runs "$runs" --export-json "$out/large-json.json" \
  -n "lagkoll check json" "$bin check $json --format json --output $report --fail-on never" \
  -n "python json.load" "python3 -c 'import json,sys; json.load(open(sys.argv[1]))' $json" >&2
small=(-n "lagkoll pre-commit" "$bin check --skip-foreign $sample"
  -n "xmllint --noout small" "xmllint --noout $sample"
  -n "lagkoll --version" "$bin --version")
if [ -n "$static_bin" ]; then
  small+=(-n "lagkoll pre-commit (static)" "$static_bin check --skip-foreign $sample"
    -n "lagkoll --version (static)" "$static_bin --version")
fi
hyperfine -N --warmup 5 --runs "$((runs * 5))" --export-json "$out/small.json" "${small[@]}" >&2

rss() {  # peak resident set size in kB of one run
  /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}'
}
rss_xml=$(rss "$bin" check "$xml" --format json --output "$report" --fail-on never)
rss_json=$(rss "$bin" check "$json" --format json --output "$report" --fail-on never)
rss_xmllint=$(rss xmllint --noout "$xml")

python3 - "$out" "$size_xml" "$size_json" "$rss_xml" "$rss_json" "$rss_xmllint" "$actions" <<'EOF' | tee "$out/summary.txt"
import json, sys, os
out, size_xml, size_json, rss_xml, rss_json, rss_xmllint, actions = sys.argv[1:]
size_xml, size_json = int(size_xml), int(size_json)
def medians(name):
    with open(os.path.join(out, name)) as handle:
        return {r["command"]: r["median"] for r in json.load(handle)["results"]}
large_xml, large_json, small = medians("large-xml.json"), medians("large-json.json"), medians("small.json")
rows = []
def row(what, value, baseline, target, ok):
    rows.append((what, value, baseline, target, "ok" if ok else "MISSED"))
a = large_xml["lagkoll check xml"] / large_xml["xmllint --noout"]
row(f"(a) XML {size_xml / 1e6:.1f} MB, {actions} actions", f"{large_xml['lagkoll check xml'] * 1000:.0f} ms",
    f"xmllint {large_xml['xmllint --noout'] * 1000:.0f} ms", "≤ 2×", a <= 2)
rows[-1] = rows[-1][:2] + (rows[-1][2] + f" → {a:.2f}×",) + rows[-1][3:]
m = int(rss_xml) * 1024 / size_xml
row("(a) peak memory", f"{int(rss_xml) / 1024:.0f} MB", f"{m:.1f}× file (xmllint {int(rss_xmllint) / 1024:.0f} MB)", "≤ 6×", m <= 6)
b = large_json["lagkoll check json"] / large_json["python json.load"]
row(f"(b) JSON {size_json / 1e6:.1f} MB", f"{large_json['lagkoll check json'] * 1000:.0f} ms",
    f"json.load {large_json['python json.load'] * 1000:.0f} ms → {b:.2f}×", "≤ 1×", b <= 1)
m = int(rss_json) * 1024 / size_json
row("(b) peak memory", f"{int(rss_json) / 1024:.0f} MB", f"{m:.1f}× file", "≤ 6×", m <= 6)
c = small["lagkoll pre-commit"]
row("(c) pre-commit, komplett.xml", f"{c * 1000:.1f} ms",
    f"xmllint {small['xmllint --noout small'] * 1000:.1f} ms, lagkoll --version {small['lagkoll --version'] * 1000:.1f} ms", "< 20 ms", c < 0.020)
if "lagkoll pre-commit (static)" in small:
    c = small["lagkoll pre-commit (static)"]
    row("(c) same, --static-swift-stdlib", f"{c * 1000:.1f} ms",
        f"lagkoll --version {small['lagkoll --version (static)'] * 1000:.1f} ms", "< 20 ms", c < 0.020)
widths = [max(len(str(r[i])) for r in rows + [("case", "lagkoll", "baseline", "target", "")]) for i in range(5)]
for r in [("case", "lagkoll", "baseline", "target", "")] + rows:
    print("  ".join(str(v).ljust(w) for v, w in zip(r, widths)))
EOF
