#!/usr/bin/env bash
# Short check-manifests benchmark against the parse floor on two corpora: the application corpus
# of generate.py (as run.sh) and the monitoring corpus of generate_monitoring.py (kube-prometheus
# style: ServiceMonitors, PodMonitors, PrometheusRules whose every rule goes through the rule
# checker, Prometheus, Alertmanager, Probe). No peers, no hyperfine: `perf stat -e instructions:u`
# with --jobs 1 where the machine supports it (the steady figure on a shared machine), else the
# median CPU time (user + system) with --jobs 1; and the median wall time of RUNS runs.
#
#   bash bench/manifests/run-monitoring.sh        # writes bench/manifests/monitoring-results.md
#
# Env: DOCS (default 10000), MONITORING_DOCS (default 5000), RUNS (default 3), INSTRUCTIONS=no to
# skip counting instructions (callgrind takes minutes; the counts do not need a quiet machine).
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

# Instructions (user space, --jobs 1) are the figure that does not move with the load of a shared
# machine. perf counts them where the CPU's counters are visible; in a VM without them valgrind's
# callgrind counts the same instructions (its "I refs"), about 50x slower. It cannot read the debug
# info of the Swift binary, so it runs a copy without it.
NOT_COUNTED=""
if [ "${INSTRUCTIONS:-yes}" = no ]; then
  COUNTER=""; NOT_COUNTED="not counted in this run (INSTRUCTIONS=no)"
elif perf stat -x, -e instructions:u -o "$WORK/probe.txt" true >/dev/null 2>&1 && grep -q '^[0-9]' "$WORK/probe.txt"; then
  COUNTER="perf stat -e instructions:u"
elif command -v valgrind >/dev/null; then
  COUNTER="valgrind --tool=callgrind (I refs)"
  cp "$OPSCTL" "$WORK/opsctl-nodebug" && strip --strip-debug "$WORK/opsctl-nodebug"
else
  COUNTER=""; NOT_COUNTED="not counted (neither perf nor valgrind counts them here)"
fi
instructions() {  # user-space instructions of a command, in G; empty when nothing counts them here
  case "$COUNTER" in
    perf*)
      perf stat -x, -e instructions:u -o "$WORK/perf.txt" "$@" >/dev/null 2>&1 || true
      awk -F, '/instructions/ && $1 ~ /^[0-9]+$/ {printf "%.2f", $1 / 1e9}' "$WORK/perf.txt" ;;
    valgrind*)
      local args=("$@")
      [ "${args[0]}" = "$OPSCTL" ] && args[0]="$WORK/opsctl-nodebug"
      valgrind --tool=callgrind --trace-children=yes --callgrind-out-file=/dev/null "${args[@]}" >/dev/null 2>"$WORK/callgrind.txt" || true
      awk '/Collected :/ {n += $NF} END {if (n) printf "%.2f", n / 1e9}' "$WORK/callgrind.txt" ;;
  esac
}
measure() {  # "median-wall median-cpu" seconds of RUNS runs
  python3 - "$RUNS" "$@" <<'PY'
import resource, statistics, subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
walls, cpus = [], []
for _ in range(runs):
    before = resource.getrusage(resource.RUSAGE_CHILDREN); start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    walls.append(time.perf_counter() - start); after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
print(f"{statistics.median(walls):.3f} {statistics.median(cpus):.3f}")
PY
}

{
  echo "# check-manifests: application and monitoring corpora vs the parse floor"
  echo
  echo "\`bash bench/manifests/run-monitoring.sh\` at $(date -u '+%Y-%m-%d %H:%M') UTC, release build, $(nproc) cores (shared; load average $(cut -d' ' -f1 /proc/loadavg) at the start)."
  echo "opsctl CPU: \`--jobs 1\`, median user+system of $RUNS runs; instructions: ${COUNTER:-$NOT_COUNTED}, \`--jobs 1\`; wall: median of $RUNS runs, opsctl on all cores. The floor: libyaml events, one core."
  echo
  echo "| corpus | documents | files | opsctl CPU, --jobs 1 (s) | floor CPU (s) | ratio (CPU) | instr. opsctl / floor (G), --jobs 1 | opsctl wall, 2 cores (s) | floor wall (s) |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  for corpus in apps monitoring; do
    find "$WORK/$corpus" -type f \( -name '*.yaml' -o -name '*.json' \) | sort > "$WORK/$corpus.txt"
    files=$(grep -c . "$WORK/$corpus.txt")
    documents=$({ "$OPSCTL" check-manifests "$WORK/$corpus" -o json 2>/dev/null || true; } | python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["documents"])')
    one=$(measure "$OPSCTL" check-manifests --jobs 1 "$WORK/$corpus" -o json); ours_cpu=${one#* }
    all=$(measure "$OPSCTL" check-manifests "$WORK/$corpus" -o json); ours_wall=${all% *}
    floor=$(measure sh -c "$WORK/parse_floor < $WORK/$corpus.txt"); floor_wall=${floor% *}; floor_cpu=${floor#* }
    ours_i=$(instructions "$OPSCTL" check-manifests --jobs 1 "$WORK/$corpus" -o json)
    floor_i=$(instructions sh -c "$WORK/parse_floor < $WORK/$corpus.txt")
    instr="n/a"; [ -n "$ours_i" ] && [ -n "$floor_i" ] && instr="$ours_i / $floor_i ($(python3 -c "print(f'{$ours_i / $floor_i:.2f}x')"))"
    ratio=$(python3 -c "print(f'{$ours_cpu / max($floor_cpu, 0.001):.2f}x')")
    echo "| $corpus | $documents | $files | $ours_cpu | $floor_cpu | $ratio | $instr | $ours_wall | $floor_wall |"
  done
  echo
  echo "Findings on the monitoring corpus, by check:"
  echo
  { "$OPSCTL" check-manifests "$WORK/monitoring" -o json 2>/dev/null || true; } | python3 -c 'import json,sys; s=json.load(sys.stdin)["summary"]; print(", ".join(f"{k} {v}" for k, v in sorted(s["byCheck"].items(), key=lambda kv: -kv[1])))'
} | tee $OUT/monitoring-results.md
