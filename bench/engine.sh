#!/usr/bin/env bash
# The engine's figures in one run, against baselines measured in the same run on the same inputs
# (issue 11). Every lagkoll run uses the rule set built into the binary, as an installed lagkoll does
# (LAGKOLL_RULES is unset), and no --as-of for the typical plan, so today's date is part of its cost.
#
#   bench/engine.sh                  release build, generate the inputs once, measure, print the table
#   LABEL=before bench/engine.sh     name of the summary file: bench/results/engine-LABEL.txt
#   RUNS=10 bench/engine.sh          hyperfine runs of the large cases (the typical plan gets 5×)
#   ACTIONS=30000 bench/engine.sh    actions in the large plan (plangen, about 27 MB of XML)
#   CALLGRIND=0 bench/engine.sh      skip the instruction counts
#   BIN_DIR=/path bench/engine.sh    measure the lagkoll and plangen already built there (no build):
#                                    how a BEFORE binary is kept and measured beside today's
#
# The lagkoll measured is the one users run: `swift build -c release`, as the pre-commit hook and the
# README build it, links the Swift runtime, Foundation and Dispatch into the executable (Package.swift);
# the summary says which kind of binary was measured.
#
# Cases and targets (issue 11):
#   typical   samples/komplett.xml as the pre-commit hook runs it (check --skip-foreign), process start
#             to exit, against `xmllint --noout` on the same file: ≤ 3×. Also callgrind instruction
#             counts of both (and of `lagkoll --version`, the floor every start pays): wall-clock time
#             on a shared 2-core machine wanders, instruction counts do not.
#   large xml the plangen plan with ACTIONS actions as XML against `xmllint --noout`: ≤ 1.5×
#   large json the same plan as JSON against Python's json.load: ≤ 1.0× (orjson shown when installed)
#   review    `lagkoll review` of 290 generated plans against one `xmllint --noout` over the same files: ≤ 2×
#   memory    peak resident set size of the large cases against the file size: ≤ 3×
# Needs hyperfine, xmllint, python3, GNU time, valgrind and strip
# (Debian: apt-get install hyperfine libxml2-utils python3 time valgrind binutils).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
runs="${RUNS:-10}"
label="${LABEL:-latest}"
scratch="${SCRATCH:-.build-bench}"
actions="${ACTIONS:-30000}"
asof=2026-11-24
out="$root/bench/results"
data="${DATA:-${TMPDIR:-/tmp}/lagkoll-bench}"
mkdir -p "$out" "$data"
unset LAGKOLL_RULES
export NO_COLOR=1

for tool in hyperfine xmllint python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench/engine.sh needs $tool" >&2; exit 2; }
done
callgrind="${CALLGRIND:-1}"
if [ "$callgrind" = 1 ] && ! command -v valgrind >/dev/null; then
  echo "bench/engine.sh: valgrind missing, no instruction counts (apt-get install valgrind)" >&2
  callgrind=0
fi

if [ -n "${BIN_DIR:-}" ]; then
  bindir="$BIN_DIR"
else
  flags=(-c release --scratch-path "$scratch")
  swift build "${flags[@]}" --product lagkoll >&2
  swift build "${flags[@]}" --product plangen >&2
  bindir="$(swift build "${flags[@]}" --show-bin-path)"
fi
bin="$bindir/lagkoll"
# A binary that loads the Swift runtime as shared libraries starts twice as slowly (dynamic linking);
# say which kind was measured, so a BEFORE binary built without static linking is not mistaken.
linking="Swift runtime linked in"
ldd "$bin" 2>/dev/null | grep -q libswiftCore && linking="Swift runtime as shared libraries"

# Inputs, generated once per parameter set by plangen (deterministic from the seed).
large="$data/plangen-$actions"
if [ ! -f "$large/.complete" ]; then
  rm -rf "$large"
  "$bindir/plangen" --count 1 --seed 42 --actions "$actions" --format both --out "$large" --as-of "$asof" >&2
  touch "$large/.complete"
fi
plans="$data/planer-42"
if [ ! -f "$plans/.complete" ]; then
  rm -rf "$plans"
  "$bindir/plangen" --count 290 --seed 42 --format xml --out "$plans" --as-of "$asof" >&2
  touch "$plans/.complete"
fi
xml="$(ls "$large"/*.xml | head -1)"
json="$(ls "$large"/*.json | head -1)"
sample="$root/samples/komplett.xml"
report="$data/report.json"

# A run that crashes or cannot load its rules (exit 2, or above 3) would be timed as a fast run.
for command in "$bin check --skip-foreign $sample" "$bin check $xml --as-of $asof --format json --output $report" \
  "$bin check $json --as-of $asof --format json --output $report" \
  "$bin review $plans --as-of $asof --format csv --output $data/review.csv"; do
  status=0
  $command >/dev/null 2>"$data/err.txt" || status=$?
  if [ "$status" -eq 2 ] || [ "$status" -gt 3 ]; then
    echo "'$command' exited with $status:" >&2
    head -20 "$data/err.txt" >&2
    exit 2
  fi
done

python_load="import json,sys; json.load(open(sys.argv[1], 'rb'))"
orjson_load="import orjson,sys; orjson.loads(open(sys.argv[1], 'rb').read())"
have_orjson=0
python3 -c "import orjson" 2>/dev/null && have_orjson=1

# lagkoll exits 1 when a plan has findings: that is its answer, not a failure.
hyperfine -N -i --warmup 5 --runs "$((runs * 5))" --export-json "$out/engine-typical.json" \
  -n "lagkoll typical" "$bin check --skip-foreign $sample" \
  -n "xmllint typical" "xmllint --noout $sample" \
  -n "lagkoll --version" "$bin --version" >&2
hyperfine -N -i --warmup 1 --runs "$runs" --export-json "$out/engine-xml.json" \
  -n "lagkoll large xml" "$bin check $xml --as-of $asof --format json --output $report" \
  -n "xmllint large xml" "xmllint --noout $xml" >&2
json_cases=(-n "lagkoll large json" "$bin check $json --as-of $asof --format json --output $report"
  -n "python json.load" "python3 -c \"$python_load\" $json")
if [ "$have_orjson" = 1 ]; then json_cases+=(-n "python orjson" "python3 -c \"$orjson_load\" $json"); fi
hyperfine -i --warmup 1 --runs "$runs" --export-json "$out/engine-json.json" "${json_cases[@]}" >&2
hyperfine -i --warmup 1 --runs "$runs" --export-json "$out/engine-review.json" \
  -n "lagkoll review" "$bin review $plans --as-of $asof --format csv --output $data/review.csv" \
  -n "xmllint review" "xmllint --noout $plans/*.xml" >&2

rss() {  # peak resident set size in kB of one run
  /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}'
}
rss_xml=$(rss "$bin" check "$xml" --as-of "$asof" --format json --output "$report")
rss_json=$(rss "$bin" check "$json" --as-of "$asof" --format json --output "$report")
rss_xmllint=$(rss xmllint --noout "$xml")
rss_python=$(rss python3 -c "$python_load" "$json")

instructions() {  # instructions executed by one run, counted by callgrind
  local file="$data/callgrind.out"
  rm -f "$file"
  valgrind --tool=callgrind --callgrind-out-file="$file" "$@" >/dev/null 2>"$data/callgrind.err" || true
  awk '/^summary:/ {print $2}' "$file" | grep . || { echo "callgrind failed: $*" >&2; tail -5 "$data/callgrind.err" >&2; exit 2; }
}
ir_lagkoll=0 ir_xmllint=0 ir_version=0
if [ "$callgrind" = 1 ]; then
  # Valgrind 3.19 (Debian 12) gives up on the DWARF 5 that swiftc writes: count a copy without debug
  # information (the symbol table stays, so callgrind_annotate still names functions).
  counted="$data/lagkoll-$label-nodebug"
  strip -g -o "$counted" "$bin"
  ir_lagkoll=$(instructions "$counted" check --skip-foreign "$sample")
  ir_xmllint=$(instructions xmllint --noout "$sample")
  ir_version=$(instructions "$counted" --version)
  cp "$data/callgrind.out" "$out/engine-version-$label.callgrind"
  # Keep the typical plan's profile for callgrind_annotate.
  valgrind --tool=callgrind --callgrind-out-file="$out/engine-typical-$label.callgrind" \
    "$counted" check --skip-foreign "$sample" >/dev/null 2>&1 || true
fi

python3 - "$out" "$label" "$(stat -c %s "$sample")" "$(stat -c %s "$xml")" "$(stat -c %s "$json")" \
  "$(du -sb "$plans" | cut -f1)" "$(ls "$plans"/*.xml | wc -l)" "$rss_xml" "$rss_json" "$rss_xmllint" \
  "$rss_python" "$ir_lagkoll" "$ir_xmllint" "$ir_version" "$actions" "${COMMIT:-$(git rev-parse --short HEAD)}" \
  "$linking" "$(stat -c %s "$bin")" <<'EOF' | tee "$out/engine-$label.txt"
import json, os, sys
(out, label, size_sample, size_xml, size_json, size_plans, count, rss_xml, rss_json, rss_xmllint, rss_python,
 ir_lagkoll, ir_xmllint, ir_version, actions, commit, linking, size_bin) = sys.argv[1:]
def medians(name):
    with open(os.path.join(out, f"engine-{name}.json")) as handle:
        return {r["command"]: r["median"] for r in json.load(handle)["results"]}
t, x, j, r = medians("typical"), medians("xml"), medians("json"), medians("review")
ms = lambda s: f"{s * 1000:.1f} ms"
rows = [("case", "lagkoll", "baseline", "ratio", "target", "")]
def row(case, value, baseline, ratio, target):
    rows.append((case, value, baseline, f"{ratio:.2f}×", f"≤ {target}×", "ok" if ratio <= target else "MISSED"))
row(f"typical plan ({int(size_sample) / 1e3:.0f} kB)", ms(t["lagkoll typical"]), "xmllint " + ms(t["xmllint typical"]),
    t["lagkoll typical"] / t["xmllint typical"], 3)
row(f"large XML ({int(size_xml) / 1e6:.1f} MB, {actions} actions)", ms(x["lagkoll large xml"]),
    "xmllint " + ms(x["xmllint large xml"]), x["lagkoll large xml"] / x["xmllint large xml"], 1.5)
row(f"large JSON ({int(size_json) / 1e6:.1f} MB)", ms(j["lagkoll large json"]),
    "json.load " + ms(j["python json.load"]), j["lagkoll large json"] / j["python json.load"], 1.0)
if "python orjson" in j:
    rows.append(("  same, against orjson", ms(j["lagkoll large json"]), "orjson " + ms(j["python orjson"]),
                 f"{j['lagkoll large json'] / j['python orjson']:.2f}×", "(no target)", ""))
row(f"review ({count} plans, {int(size_plans) / 1e6:.1f} MB)", ms(r["lagkoll review"]), "xmllint " + ms(r["xmllint review"]),
    r["lagkoll review"] / r["xmllint review"], 2)
row("peak memory, large XML", f"{int(rss_xml) / 1024:.0f} MB", f"file {int(size_xml) / 1e6:.1f} MB (xmllint {int(rss_xmllint) / 1024:.0f} MB)",
    int(rss_xml) * 1024 / int(size_xml), 3)
row("peak memory, large JSON", f"{int(rss_json) / 1024:.0f} MB", f"file {int(size_json) / 1e6:.1f} MB (python {int(rss_python) / 1024:.0f} MB)",
    int(rss_json) * 1024 / int(size_json), 3)
if int(ir_lagkoll):
    rows.append(("typical plan, instructions", f"{int(ir_lagkoll) / 1e6:.1f} M", f"xmllint {int(ir_xmllint) / 1e6:.1f} M",
                 f"{int(ir_lagkoll) / int(ir_xmllint):.1f}×", "(callgrind)", ""))
    rows.append(("lagkoll --version, instructions", f"{int(ir_version) / 1e6:.1f} M", "", "", "(start-up floor)", ""))
print(f"bench/engine.sh {label} at {commit}, {os.cpu_count()} cores; medians of hyperfine, peak RSS of GNU time")
print(f"lagkoll: {linking}, {int(size_bin) / 1e6:.0f} MB")
widths = [max(len(str(r[i])) for r in rows) for i in range(6)]
for r_ in rows:
    print("  ".join(str(v).ljust(w) for v, w in zip(r_, widths)).rstrip())
EOF
