#!/usr/bin/env bash
# Builds the libFuzzer harnesses (with AddressSanitizer and LeakSanitizer) and runs each of them.
#
#   Fuzz/run.sh                    build, then run every harness for RUNS executions
#   Fuzz/run.sh json xml           only these harnesses (json, xml, check, config, rules)
#   RUNS=100000 Fuzz/run.sh        fewer executions (default 1000000)
#   JOBS=2 Fuzz/run.sh             run the harnesses side by side (default 1 at a time)
#
# Seeds come from samples/, the rule examples' documents and ../shared/testdata/JSONTestSuite; the corpus
# grows in Fuzz/corpus/NAME (not committed), crashes land in Fuzz/artifacts/NAME, one log per harness in
# Fuzz/logs/NAME.log. The script exits non-zero when any harness found a crash, a hang or a leak.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$here"
runs="${RUNS:-1000000}"
jobs="${JOBS:-1}"
names=("$@")
[ ${#names[@]} -eq 0 ] && names=(json xml check config rules)

swift build -c release --scratch-path .build-fuzz --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library >&2
bin="$(swift build -c release --scratch-path .build-fuzz --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library --show-bin-path)"

seed() {
  local name="$1" dir="$here/corpus/$1"
  mkdir -p "$dir"
  case "$name" in
    json) cp "$root"/samples/*.json "$dir"/ ;;
    xml) cp "$root"/samples/*.xml "$dir"/ ;;
    check) cp "$root"/samples/*.json "$root"/samples/*.xml "$dir"/ ;;
    config) cp "$here"/seeds/config/* "$dir"/ ;;
    rules) cp "$root"/rules/regler/*.yaml "$dir"/ ;;
  esac
  local suite="$root/../shared/testdata/JSONTestSuite/test_parsing"
  if [ -d "$suite" ] && { [ "$name" = json ] || [ "$name" = check ]; }; then cp "$suite"/*.json "$dir"/; fi
  case "$name" in
    config | rules) cp "$here"/regressions/"$name"-* "$dir"/ 2>/dev/null || true ;;
    *) cp "$here"/regressions/*.json "$here"/regressions/*.xml "$dir"/ 2>/dev/null || true ;;
  esac
}

run() {
  local name="$1" exe max dict
  case "$name" in
    json) exe=FuzzJSON; max=65536; dict=json ;;
    xml) exe=FuzzXML; max=65536; dict=xml ;;
    check) exe=FuzzCheck; max=40000; dict=xml ;;
    config) exe=FuzzConfig; max=8192; dict=yaml ;;
    rules) exe=FuzzRules; max=16384; dict=yaml ;;
    *) echo "unknown harness $name (json, xml, check, config, rules)" >&2; return 2 ;;
  esac
  seed "$name"
  mkdir -p "$here/artifacts/$name" "$here/logs"
  local started=$SECONDS status=0
  LAGKOLL_RULES="$root/rules" SWIFT_BACKTRACE="enable=no" ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1" \
    LSAN_OPTIONS="suppressions=$here/lsan.supp:print_suppressions=0" \
    "$bin/$exe" "$here/corpus/$name" -runs="$runs" -max_len="$max" -timeout=5 -rss_limit_mb=2048 \
    -dict="$here/dict/$dict.dict" -print_final_stats=1 -artifact_prefix="$here/artifacts/$name/" \
    >"$here/logs/$name.log" 2>&1 || status=$?
  local executed
  executed="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$here/logs/$name.log" | tail -1 | grep -o '[0-9]*$' || echo '?')"
  echo "$name: status $status, $executed executions, $((SECONDS - started)) s, log Fuzz/logs/$name.log"
  return "$status"
}

failed=0
if [ "$jobs" -gt 1 ]; then
  pids=()
  for name in "${names[@]}"; do run "$name" & pids+=($!); done
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
else
  for name in "${names[@]}"; do run "$name" || failed=1; done
fi
exit "$failed"
