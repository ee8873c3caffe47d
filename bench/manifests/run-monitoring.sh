#!/usr/bin/env bash
# Short check-manifests benchmark against the parse floor on two corpora: the application corpus
# of generate.py (as run.sh) and the monitoring corpus of generate_monitoring.py (kube-prometheus
# style: ServiceMonitors, PodMonitors, PrometheusRules whose every rule goes through the rule
# checker, Prometheus, Alertmanager, Probe). No peers, no hyperfine: `perf stat -e instructions:u`
# (the steady figure on a shared machine) with --jobs 1, and the median wall time of RUNS runs.
#
#   bash bench/manifests/run-monitoring.sh        # writes bench/manifests/monitoring-results.md
#
# Env: DOCS (default 10000), MONITORING_DOCS (default 5000), RUNS (default 3).
set -euo pipefail
cd "$(dirname "$0")/../.."
DOCS=${DOCS:-10000}
MONITORING_DOCS=${MONITORING_DOCS:-5000}
RUNS=${RUNS:-3}
OUT=bench/manifests
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

swift build -c release --product opsctl >/dev/null
OPSCTL=$(swift build -c release --show-bin-path)/opsctl
cc -O2 -DYAML_DECLARE_STATIC -I.build/checkouts/Yams/Sources/CYaml/include \
   $OUT/parse_floor.c .build/checkouts/Yams/Sources/CYaml/src/*.c -o "$WORK/parse_floor"
python3 $OUT/generate.py --docs "$DOCS" --out "$WORK/apps" >/dev/null
python3 $OUT/generate_monitoring.py --docs "$MONITORING_DOCS" --out "$WORK/monitoring" >/dev/null

instructions() {  # instructions:u of a command, in G
  perf stat -x, -e instructions:u -o "$WORK/perf.txt" "$@" >/dev/null 2>&1 || true
  awk -F, '/instructions/ {printf "%.2f", $1 / 1e9}' "$WORK/perf.txt"
}
wall() {  # median wall seconds of RUNS runs
  python3 - "$RUNS" "$@" <<'PY'
import statistics, subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
times = []
for _ in range(runs):
    start = time.perf_counter(); subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); times.append(time.perf_counter() - start)
print(f"{statistics.median(times):.3f}")
PY
}

{
  echo "# check-manifests: application and monitoring corpora vs the parse floor"
  echo
  echo "\`bash bench/manifests/run-monitoring.sh\` at $(date -u '+%Y-%m-%d %H:%M') UTC, release build, $(nproc) cores (shared; load average $(cut -d' ' -f1 /proc/loadavg) at the start)."
  echo "Instructions: \`perf stat -e instructions:u\`, opsctl with \`--jobs 1\`; wall: median of $RUNS runs, opsctl on all cores, floor on one."
  echo
  echo "| corpus | documents | files | opsctl instr. (G) | floor instr. (G) | ratio | opsctl wall (s) | floor wall (s) |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for corpus in apps monitoring; do
    find "$WORK/$corpus" -type f \( -name '*.yaml' -o -name '*.json' \) | sort > "$WORK/$corpus.txt"
    files=$(grep -c . "$WORK/$corpus.txt")
    documents=$("$OPSCTL" check-manifests "$WORK/$corpus" -o json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["documents"])')
    ours=$(instructions "$OPSCTL" check-manifests --jobs 1 "$WORK/$corpus" -o json)
    floor=$(instructions sh -c "$WORK/parse_floor < $WORK/$corpus.txt")
    ratio=$(python3 -c "print(f'{$ours / $floor:.2f}x')")
    echo "| $corpus | $documents | $files | $ours | $floor | $ratio | $(wall "$OPSCTL" check-manifests "$WORK/$corpus" -o json) | $(wall sh -c "$WORK/parse_floor < $WORK/$corpus.txt") |"
  done
  echo
  echo "Findings on the monitoring corpus, by check:"
  echo
  "$OPSCTL" check-manifests "$WORK/monitoring" -o json 2>/dev/null | python3 -c 'import json,sys; s=json.load(sys.stdin)["summary"]; print(", ".join(f"{k} {v}" for k, v in sorted(s["byCheck"].items(), key=lambda kv: -kv[1])))'
} | tee $OUT/monitoring-results.md
