#!/usr/bin/env bash
# Checks of the ops content that ships with opsctl: alerts/ (with runbooks/), k8s/, dashboards/.
# Our own tools first, then the real peers (promtool) on the same files, so a rule that only
# our engine accepts cannot land.
set -euo pipefail
cd "$(dirname "$0")/.."
opsctl=$(swift build --show-bin-path)/opsctl
failed=0
step() { echo "== $*"; "$@" || { echo "check-content: FAILED: $*" >&2; failed=1; }; }

step "$opsctl" rules check --runbook-root . alerts/*.yaml
step "$opsctl" rules test --coverage alerts/tests/*.yaml
step promtool check rules alerts/*.yaml
step promtool test rules alerts/tests/*.yaml
step "$opsctl" check-manifests --fail-on warning --summary k8s/
for f in dashboards/*.json; do step python3 -m json.tool "$f" /dev/null; done
# Every runbook page is named by an alert (`rules check --runbook-root` above checks the other
# way: every alert's runbook_url names a page that exists).
orphans() {
  local page status=0
  for page in runbooks/*.md; do
    grep -q "/runbooks/$(basename "$page")\"" alerts/*.yaml || { echo "$page: no alert names it" >&2; status=1; }
  done
  return $status
}
step orphans
# Dashboard and alert expressions are parsed, and their metric names checked against the
# jobs' catalogues (`opsctl exporter --list-metrics --output json`, ...), by
# Tests/RulesTests/OpsContentTests.swift (part of swift test).

if [ "$failed" -ne 0 ]; then echo "check-content: some checks failed" >&2; exit 1; fi
echo "check-content: alerts/, runbooks/, k8s/ and dashboards/ are clean"
