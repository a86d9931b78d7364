#!/usr/bin/env bash
# The README's "Installera" section, run as written: a release build with the Swift standard library
# linked statically, copied to ~/bin (a scratch HOME), checks a plan from a folder with no rules/ and
# no LAGKOLL_RULES. Run by .ci/run.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

# The sh blocks between "## Installera" and the next "## " heading.
commands="$(awk '
  /^## / { inside = ($0 == "## Installera") }
  inside && /^```sh$/ { block = 1; next }
  inside && /^```$/ { block = 0; next }
  inside && block { print }
' "$root/README.md")"
if [[ -z "$commands" ]]; then
  echo "install.sh: README.md has no sh commands under \"## Installera\"" >&2
  exit 1
fi

export HOME="$scratch/home"
export PATH="$HOME/bin:$PATH"
unset LAGKOLL_RULES
mkdir -p "$HOME/planer"
cp "$root/samples/saknade-delar.xml" "$HOME/planer/plan.xml"
# A stray rules/ folder beside the plan must not be picked up.
mkdir -p "$HOME/planer/rules/regler"
echo "version: [trasig" > "$HOME/planer/rules/regeluppsattning.yaml"

cd "$root"
ran_check=0
while IFS= read -r line; do
  line="${line%%#*}"
  [[ -z "${line// /}" ]] && continue
  echo "+ $line"
  status=0
  eval "$line" || status=$?
  if [[ "$line" == lagkoll\ * ]]; then
    ran_check=1
    # The plan has findings (exit 1); 2 or 3 would mean no rule set or an unreadable plan.
    if ((status != 0 && status != 1)); then
      echo "install.sh: \"$line\" exited with $status" >&2
      exit 1
    fi
  elif ((status != 0)); then
    echo "install.sh: \"$line\" exited with $status" >&2
    exit 1
  fi
done <<<"$commands"

if ((ran_check == 0)); then
  echo "install.sh: the Installera section never runs lagkoll" >&2
  exit 1
fi
[[ "$(command -v lagkoll)" == "$HOME/bin/lagkoll" ]] || { echo "install.sh: lagkoll is not the copy in ~/bin" >&2; exit 1; }
# The copy, from an empty folder, on the built-in rule set: the findings the sample is known for.
cd "$HOME/planer"
out="$(lagkoll check plan.xml --as-of 2026-11-24 --format json || true)"
grep -q '"verdict": "not-ready"' <<<"$out" || { echo "install.sh: unexpected report: $out" >&2; exit 1; }
grep -q '"ruleId": "' <<<"$out" || { echo "install.sh: the built-in rule set did not run: $out" >&2; exit 1; }
if ldd "$HOME/bin/lagkoll" | grep -q libswiftCore; then
  echo "install.sh: the release binary still needs the Swift runtime" >&2
  exit 1
fi
echo "install.sh: a copied release binary checks a plan from an empty folder (size $(du -h "$HOME/bin/lagkoll" | cut -f1))"
