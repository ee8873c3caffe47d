#!/bin/sh
# Engine workload benchmark (-O build): typical rule expressions as range queries over a
# generated store. Medians via hyperfine.   bench/promql/workload.sh [SERIES] [POINTS] [RUNS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out="$root/bench/out/promql"
mkdir -p "$out"
swiftc -O -module-name PromQLWorkload "$root"/Sources/PromQL/*.swift "$here/workload/main.swift" -o "$out/promql-workload"
"$out/promql-workload" "${1:-200}" "${2:-2880}"
hyperfine --warmup 1 --runs "${3:-5}" --export-json "$out/workload.json" "$out/promql-workload ${1:-200} ${2:-2880}"
