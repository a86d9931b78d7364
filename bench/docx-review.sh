#!/usr/bin/env bash
# Writing the reviewed copy of a Word plan against checking it (issue 19: at most 2×), in one run:
#   (a) lagkoll check plan.docx --format json           the anchor: reading and checking the document
#   (b) lagkoll check plan.docx --format docx --output  the same, plus the commented copy written
# on the typical plan samples/komplett.docx and on samples/trasiga-referenser.docx (more findings, so
# more comments). Medians from hyperfine --export-json; results in bench/results/ (not committed).
#
#   bench/docx-review.sh              release build in .build-bench (SCRATCH to change), 20 runs
#   BIN=.build/debug/lagkoll RUNS=5 bench/docx-review.sh   an existing binary, no build
# Needs hyperfine and python3 (Debian: apt-get install hyperfine python3).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
runs="${RUNS:-20}"
out="$root/bench/results"
mkdir -p "$out"
command -v hyperfine >/dev/null || { echo "bench/docx-review.sh needs hyperfine" >&2; exit 2; }
if [ -n "${BIN:-}" ]; then
  bin="$BIN"
else
  flags=(-c release --scratch-path "${SCRATCH:-.build-bench}")
  swift build "${flags[@]}" --product lagkoll >&2
  bin="$(swift build "${flags[@]}" --show-bin-path)/lagkoll"
fi
export LAGKOLL_RULES="$root/rules" NO_COLOR=1
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

median() { python3 -c 'import json,sys; print("%.2f" % (json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' "$1"; }

printf '%-28s %12s %12s %8s\n' "plan" "check (ms)" "copy (ms)" "ratio"
for plan in komplett trasiga-referenser; do
  doc="samples/$plan.docx"
  hyperfine -N --warmup 3 --runs "$runs" -i --export-json "$out/docx-check-$plan.json" \
    "$bin check $doc --format json --as-of 2026-11-24" >/dev/null 2>&1
  hyperfine -N --warmup 3 --runs "$runs" -i --export-json "$out/docx-review-$plan.json" \
    "$bin check $doc --format docx --output $scratch/granskad.docx --as-of 2026-11-24" >/dev/null 2>&1
  check="$(median "$out/docx-check-$plan.json")"
  copy="$(median "$out/docx-review-$plan.json")"
  ratio="$(python3 -c "print('%.2f' % ($copy / $check))")"
  printf '%-28s %12s %12s %8s\n' "$plan" "$check" "$copy" "${ratio}x"
done
echo "target: the copy at most 2x the check (issue 19)"
