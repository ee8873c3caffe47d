#!/bin/sh
# Benchmark: run time of the PromQL conformance suite (Prometheus's script tests) with
# this engine, built with -O. Medians from hyperfine; results to bench/out/promql/.
#   bench/promql/conformance.sh [RUNS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
runs=${1:-10}
out="$root/bench/out/promql"
mkdir -p "$out"
shared=""
for c in "${OPSCTL_SHARED_DIR:-}" "$root/../shared" "$root/../../shared"; do
  if [ -n "$c" ] && [ -d "$c/conformance/promql" ]; then shared="$c/conformance/promql"; break; fi
done
[ -n "$shared" ] || { echo "conformance data not found (../shared/conformance/promql)" >&2; exit 2; }
swiftc -O -D CONFORMANCE_STANDALONE -module-name PromQLConformance \
  "$root"/Sources/PromQL/*.swift "$root/Tests/PromQLTests/ConformanceRunner.swift" "$here/main.swift" \
  -o "$out/promql-conformance"
"$out/promql-conformance" "$shared" | tail -1
hyperfine --warmup 2 --runs "$runs" --export-json "$out/conformance.json" --export-markdown "$out/conformance.md" \
  -n "whole suite (all .test files)" "$out/promql-conformance $shared" \
  -n "functions.test" "$out/promql-conformance $shared functions.test" \
  -n "aggregators.test" "$out/promql-conformance $shared aggregators.test" \
  -n "operators.test" "$out/promql-conformance $shared operators.test"
python3 - "$out/conformance.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f'{r["command"]}: median {r["median"]*1000:.1f} ms (min {r["min"]*1000:.1f}, max {r["max"]*1000:.1f}, {len(r["times"])} runs)')
PY
