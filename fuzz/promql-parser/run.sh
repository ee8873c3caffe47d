#!/bin/sh
# Build the PromQL parser fuzzer (the PromQL sources compiled straight into the binary)
# and run it for N seconds (default 600) on one worker. Leak detection is off: the only
# leaks LeakSanitizer reports come from the Swift runtime's own regex parser
# (_RegexParser AST nodes), not from this code, and they are not crashes.
#   fuzz/promql-parser/run.sh [SECONDS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
secs=${1:-600}
out=${FUZZ_OUT:-/tmp/promql-parser-fuzz}
mkdir -p "$out/corpus"
# Seed corpus: a few expressions covering the grammar.
i=0
for e in 'sum by (job) (rate(http_requests_total{code=~"5.."}[5m] offset -1m))' \
         'a * on(x) group_left(y) b > bool 2 ^ 3 ^ 2' 'foo @ start() [1h:5m]' \
         'topk(3, count_values("v", x)) or absent(up{job="a"})' '{"utf8.name", x!~`a|b`} # c' \
         'label_replace(x, "dst", "$1", "src", "(.*)") unless 0x1F - -Inf' 'quantile(0.9, x[5m:] offset 1h)'; do
  i=$((i+1)); printf '%s' "$e" > "$out/corpus/seed$i"
done
swiftc -O -parse-as-library -sanitize=fuzzer,address -module-name PromQLFuzz \
  "$root"/Sources/PromQL/*.swift "$here/harness.swift" -o "$out/promql-parser-fuzzer"
cd "$out" && ASAN_OPTIONS=detect_leaks=0 ./promql-parser-fuzzer corpus -max_total_time="$secs" \
  -max_len=4096 -timeout=10 -rss_limit_mb=4096 -detect_leaks=0 -artifact_prefix="$out/" -print_final_stats=1
