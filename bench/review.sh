#!/usr/bin/env bash
# Speed of a county review: `lagkoll review` over 290 generated plans (one per municipality, about
# 15 kB of XML each) against `xmllint --noout` parsing the same 290 files in one process, in the same
# run, process start included. Target: the review takes at most 5 times xmllint's time.
#
#   bench/review.sh                 # release build, generate once, measure, print medians and ratio
#   RUNS=20 bench/review.sh         # more runs
#   BENCH_DIR=/path bench/review.sh # where the generated plans go (default /tmp/lagkoll-bench)
#
# Not a test: timings depend on the machine and on what else runs on it. Needs hyperfine (falls back
# to a loop with `date` when it is missing) and xmllint.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scratch=${SCRATCH:-.build-bench}
runs=${RUNS:-10}
bench=${BENCH_DIR:-/tmp/lagkoll-bench}
seed=${SEED:-42}
asof=2026-11-24
plans="$bench/planer-$seed"

echo "== release build ($scratch)" >&2
swift build -c release --scratch-path "$scratch" --product lagkoll >&2
swift build -c release --scratch-path "$scratch" --product plangen >&2
bin=$(swift build -c release --scratch-path "$scratch" --show-bin-path)

if [ ! -f "$plans/.complete" ]; then
  echo "== generating 290 plans (seed $seed) in $plans" >&2
  rm -rf "$plans"
  "$bin/plangen" --count 290 --seed "$seed" --format xml --out "$plans" --as-of "$asof" >&2
  touch "$plans/.complete"
fi
count=$(find "$plans" -name '*.xml' | wc -l)
size=$(du -sk "$plans" | cut -f1)
echo "== $count documents, $size kB, $(nproc) cores" >&2

export LAGKOLL_RULES="$root/rules"
review="$bin/lagkoll review $plans --as-of $asof --format csv --output /dev/null"
parse="xmllint --noout $plans/*.xml"

# One run first: a review that crashes or cannot load the rules (exit 2 or above 3) would be timed as
# a fast run, so it stops the benchmark instead.
status=0
$review 2>"$bench/review.err" || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 1 ] && [ "$status" -ne 3 ]; then
  echo "lagkoll review exited with $status:" >&2
  head -20 "$bench/review.err" >&2
  exit 2
fi

if command -v hyperfine >/dev/null; then
  json=$(mktemp)
  # lagkoll exits 1 because generated plans have findings: that is the point, not a failure.
  hyperfine --warmup 2 --runs "$runs" --ignore-failure --export-json "$json" \
    -n review "$review" -n xmllint "$parse" >&2
  read -r review_ms xmllint_ms review_cpu xmllint_cpu < <(python3 - "$json" <<'EOF'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
def cpu(r): return round((r["user"] + r["system"]) * 1000, 1)
print(round(results["review"]["median"] * 1000, 1), round(results["xmllint"]["median"] * 1000, 1),
      cpu(results["review"]), cpu(results["xmllint"]))
EOF
)
  echo "CPU time (user+sys, mean): review ${review_cpu} ms, xmllint ${xmllint_cpu} ms"
  rm -f "$json"
else
  median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
  time_ms() { local s e; s=$(date +%s%N); eval "$1" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(((e - s) / 1000000)); }
  review_ms=$(for _ in $(seq "$runs"); do time_ms "$review"; done | median)
  xmllint_ms=$(for _ in $(seq "$runs"); do time_ms "$parse"; done | median)
fi

ratio=$(python3 -c "print(round($review_ms / $xmllint_ms, 2))")
echo "lagkoll review: median ${review_ms} ms"
echo "xmllint --noout: median ${xmllint_ms} ms"
echo "ratio: ${ratio}x (target: at most 5x)"
python3 -c "import sys; sys.exit(0 if $ratio <= 5 else 1)" || { echo "over target" >&2; exit 1; }
