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
step "$opsctl" check-manifests --fail-on info --summary k8s/
# k8s/prometheusrule.yaml is generated from alerts/: it must be what the generator makes now.
step python3 scripts/k8s-prometheusrule.py --check
# The opsctl.yaml shipped in k8s/configmap.yaml must load in all three jobs (the real binary
# reads it; DATABASE_URL is set as the pods set it, for the prober's `target_env`), and its
# exporter section must be config/opsctl.yaml's (the built-in collectors, copied).
k8s_config() {
  local file status=0
  file=$(mktemp)
  python3 - "$file" <<'PY' || status=1
import sys, yaml
shipped = yaml.safe_load(open("k8s/configmap.yaml"))["data"]["opsctl.yaml"]
open(sys.argv[1], "w").write(shipped)
if yaml.safe_load(shipped)["exporter"] != yaml.safe_load(open("config/opsctl.yaml"))["exporter"]:
    sys.exit("k8s/configmap.yaml: the exporter section differs from config/opsctl.yaml's")
PY
  for job in exporter quota-watcher prober; do
    DATABASE_URL=postgresql://reader@127.0.0.1:1/gmailsvc "$opsctl" "$job" --config "$file" --list-metrics >/dev/null \
      || { echo "k8s/configmap.yaml: opsctl $job refuses the shipped opsctl.yaml" >&2; status=1; }
  done
  rm -f "$file"
  return $status
}
step k8s_config
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
