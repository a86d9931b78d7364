#!/usr/bin/env bash
# Benchmarks of `lagkoll check` on Word documents (.docx), against the cost of merely reading the
# document, measured in the same run (issue 19):
#
#   bench/docx.sh                 release build, make the plans, run, print the table
#   ACTIONS=25000 bench/docx.sh   actions in the large plan (plangen; 25000 ≈ the 27 MB-class plan)
#   RUNS=10 bench/docx.sh         hyperfine runs per command (default 10; (a): 10× as many rounds)
#
# (a) a typical plan (samples/komplett as .docx) and (b) a large one (plangen's plan as .docx): lagkoll
#     vs `unzip -p plan.docx word/document.xml | xmllint --noout -`, target ≤ 1.5×; (a) timed in
#     alternation (bench/interleave.py: medians, and the middle half of the rounds' ratios);
# (c) peak memory (maximum resident set size) of (b) ≤ 3× the unzipped word/document.xml;
# (d) linear time: a follow-up table of 10 000 and of 100 000 rows (bench/docxrows.py); the ratio of
#     the medians should be about 10, never about 100;
# (e) peak memory of the 100 000-row document (a row-dense body: half a million cells) ≤ 3× its
#     unzipped word/document.xml; the median of three runs (the check runs on both cores, and the peak
#     moves with the threads' timing).
# The .docx forms are written by `lagkoll convert --to docx`. Medians from hyperfine --export-json,
# memory from /usr/bin/time -v; results in bench/results/ (not committed). Needs hyperfine, xmllint,
# unzip, python3 and GNU time (Debian: hyperfine libxml2-utils unzip python3 time).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
runs="${RUNS:-10}"
scratch="${SCRATCH:-.build-bench}"
out="$root/bench/results"
data="${DATA:-${TMPDIR:-/tmp}/lagkoll-bench}"
mkdir -p "$out" "$data"

for tool in hyperfine xmllint unzip python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench/docx.sh needs $tool" >&2; exit 2; }
done

flags=(-c release --scratch-path "$scratch")
swift build "${flags[@]}" --product lagkoll >&2
swift build "${flags[@]}" --product plangen >&2
bin="$(swift build "${flags[@]}" --show-bin-path)/lagkoll"
# The rules built into the binary (the same rules/ files, embedded at build time), as a copied release
# binary checks with them and as bench/engine.sh measures: LAGKOLL_RULES would add parsing the YAML
# (56 M of a typical .docx check's 140 M instructions), which no user of the binary pays.
unset LAGKOLL_RULES
export NO_COLOR=1

actions="${ACTIONS:-25000}"
dir="$data/plangen-$actions"
if [ ! -d "$dir" ]; then
  "$(swift build "${flags[@]}" --show-bin-path)/plangen" --count 1 --seed 42 --actions "$actions" --format both --out "$dir" >&2
fi
large_json="$(ls "$dir"/*.json | head -1)"
large="$data/large-$actions.docx"
typical="$data/komplett.docx"
[ -s "$large" ] || "$bin" convert "$large_json" --to docx --output "$large"
[ -s "$typical" ] || "$bin" convert "$root/samples/komplett.json" --to docx --output "$typical"
for rows in 10000 100000; do
  [ -s "$data/rows-$rows.docx" ] || python3 "$root/bench/docxrows.py" --rows "$rows" --out "$data/rows-$rows.docx"
done
report="$data/report-docx.json"

read_cost() { echo "unzip -p $1 word/document.xml | xmllint --noout -"; }
# The typical plan's two commands take about 10 ms each: timed in alternation (bench/interleave.py), so
# that both see the same load on a shared machine, rather than one hyperfine window after the other.
python3 "$root/bench/interleave.py" --rounds "$((runs * 10))" --out "$out/docx-typical.json" \
  "read typical=$(read_cost "$typical")" \
  "lagkoll check typical=$bin check $typical --format json --output $report --fail-on never" >&2
hyperfine --warmup 1 --runs "$runs" --export-json "$out/docx-large.json" \
  -n "lagkoll check large" "$bin check $large --format json --output $report --fail-on never" \
  -n "read large" "$(read_cost "$large")" >&2
hyperfine -N --warmup 1 --runs "$runs" --export-json "$out/docx-rows.json" \
  -n "rows 10000" "$bin check $data/rows-10000.docx --format json --output $report --fail-on never" \
  -n "rows 100000" "$bin check $data/rows-100000.docx --format json --output $report --fail-on never" >&2

rss() {  # peak resident set size in kB of one run
  /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}'
}
rss_large=$(rss "$bin" check "$large" --format json --output "$report" --fail-on never)
rss_rows=$(for run in 1 2 3; do
  rss "$bin" check "$data/rows-100000.docx" --format json --output "$report" --fail-on never
done | sort -n | sed -n 2p)
unzipped=$(unzip -p "$large" word/document.xml | wc -c)
unzipped_rows=$(unzip -p "$data/rows-100000.docx" word/document.xml | wc -c)
unzipped_typical=$(unzip -p "$typical" word/document.xml | wc -c)

python3 - "$out" "$rss_large" "$unzipped" "$unzipped_typical" "$(stat -c %s "$large")" "$actions" \
  "$rss_rows" "$unzipped_rows" <<'EOF' | tee "$out/docx-summary.txt"
import json, sys, os
out, rss, unzipped, unzipped_typical, size, actions, rss_rows, unzipped_rows = sys.argv[1:]
def medians(name):
    with open(os.path.join(out, name)) as handle:
        return {r["command"]: r["median"] for r in json.load(handle)["results"]}
typical, large, rows = medians("docx-typical.json"), medians("docx-large.json"), medians("docx-rows.json")
table = [("case", "lagkoll", "baseline", "target", "")]
def row(what, value, baseline, target, ok):
    table.append((what, value, baseline, target, "ok" if ok else "MISSED"))
a = typical["lagkoll check typical"] / typical["read typical"]
with open(os.path.join(out, "docx-typical.json")) as handle:
    spread = next(r for r in json.load(handle)["results"] if r["command"] == "lagkoll check typical")
    spread = spread["per_round_ratio_to_first"]
row(f"(a) komplett.docx ({int(unzipped_typical) / 1e3:.0f} kB unzipped)", f"{typical['lagkoll check typical'] * 1000:.1f} ms",
    f"unzip|xmllint {typical['read typical'] * 1000:.1f} ms → {a:.2f}× (per round {spread['median']:.2f}, middle half {spread['q1']:.2f}–{spread['q3']:.2f})",
    "≤ 1.5×", a <= 1.5)
b = large["lagkoll check large"] / large["read large"]
row(f"(b) {actions} actions, {int(size) / 1e6:.1f} MB .docx, {int(unzipped) / 1e6:.0f} MB unzipped",
    f"{large['lagkoll check large'] * 1000:.0f} ms", f"unzip|xmllint {large['read large'] * 1000:.0f} ms → {b:.2f}×",
    "≤ 1.5×", b <= 1.5)
m = int(rss) * 1024 / int(unzipped)
row("(c) peak memory of (b)", f"{int(rss) / 1024:.0f} MB", f"{m:.2f}× word/document.xml", "≤ 3×", m <= 3)
d = rows["rows 100000"] / rows["rows 10000"]
row("(d) 100 000 vs 10 000 rows", f"{rows['rows 100000'] * 1000:.0f} ms",
    f"{rows['rows 10000'] * 1000:.0f} ms → {d:.1f}×", "≈ 10× (linear)", d <= 13)
e = int(rss_rows) * 1024 / int(unzipped_rows)
row(f"(e) peak memory, 100 000 rows ({int(unzipped_rows) / 1e6:.1f} MB unzipped)", f"{int(rss_rows) / 1024:.0f} MB",
    f"{e:.2f}× word/document.xml", "≤ 3×", e <= 3)
widths = [max(len(str(r[i])) for r in table) for i in range(5)]
for r in table:
    print("  ".join(str(v).ljust(w) for v, w in zip(r, widths)))
EOF
