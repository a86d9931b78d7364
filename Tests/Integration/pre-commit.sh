#!/usr/bin/env bash
# Integration test: the real pre-commit framework installs lagkoll's hook from this repository (it
# builds the package in release mode, as a user's machine would) and runs it in a throwaway git
# repository of plans: a good plan commits, a broken plan is refused, a foreign JSON file passes.
#
# Usage: bash Tests/Integration/pre-commit.sh    (from .ci/run; takes a few minutes for the build)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)

if ! command -v pre-commit >/dev/null 2>&1; then
  if ! python3 -m pip install --quiet pre-commit >/dev/null 2>&1; then
    echo "SKIP: pre-commit could not be installed with pip; the pre-commit integration test did not run."
    exit 0
  fi
fi
PRE_COMMIT=(python3 -m pre_commit)
command -v pre-commit >/dev/null 2>&1 && PRE_COMMIT=(pre-commit)

rev=$(git -C "$root" rev-parse HEAD)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache"
# The samples are judged as of a fixed day, so the test does not drift as the calendar moves on.
as_of=2026-11-24

repo="$work/planer"
mkdir -p "$repo"
cd "$repo"
git init --quiet
git config user.email ci@example.invalid
git config user.name "lagkoll CI"
git config commit.gpgsign false
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $root
    rev: $rev
    hooks:
      - id: lagkoll
        args: [--as-of, "$as_of"]
YAML
git add .pre-commit-config.yaml
git commit --quiet --no-verify -m "pre-commit config"
# Installing the hook builds lagkoll in release mode from the committed state of this repository.
if ! "${PRE_COMMIT[@]}" install --install-hooks >"$work/install.txt" 2>&1; then
  echo "FAIL: pre-commit could not install the lagkoll hook:"
  sed 's/^/    /' "$work/install.txt"
  for log in "$PRE_COMMIT_HOME"/pre-commit.log; do [[ -f $log ]] && sed 's/^/    /' "$log"; done
  exit 1
fi

passed=0
failed=0
expect() { # expect pass|fail description files...
  local want=$1 what=$2
  shift 2
  git add "$@"
  if git commit --quiet -m "$what" >"$work/out.txt" 2>&1; then got=pass; else got=fail; fi
  if [[ $got == "$want" ]]; then
    passed=$((passed + 1))
    echo "ok: $what ($got)"
  else
    failed=$((failed + 1))
    echo "FAIL: $what: expected $want, got $got"
    sed 's/^/    /' "$work/out.txt"
  fi
  git reset --quiet --hard HEAD
}

cp "$root/samples/komplett.xml" plan.xml
expect pass "a complete, current plan commits" plan.xml

cp "$root/samples/trasiga-referenser.json" trasig.json
expect fail "a plan with broken references is refused" trasig.json

printf '{"name": "webbplats", "version": "1.0.0"}\n' > package.json
expect pass "a JSON file that is not a plan does not block the commit" package.json

printf '<plan xmlns="urn:lagkoll:plan:1"><formatversion>1</formatversion>\n<kommun>' > halv.xml
expect fail "a truncated plan is refused" halv.xml

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
