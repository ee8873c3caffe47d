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
         'label_replace(x, "dst", "$1", "src", "(.*)") unless 0x1F - -Inf' 'quantile(0.9, x[5m:] offset 1h)' \
         'count_over_time(x[step()*2+1m] offset -min_of(range(), 1h)^2)' 'sum_over_time(y[(9m30s+30s)*3:1h/2])' \
         'a + on(j) group_left fill_left(0) fill_right(NaN) b' 'increase(c_total[5m] anchored) / rate(d[1m] smoothed)' \
         'x @ 100 smoothed' 'limitk by (g) (2, limit_ratio(-0.5, z)) + max_of(start(), end())' \
         'sort_by_label_desc(mad_over_time(m[1m]), "a", "b")' \
         '1 _ stale 3+2x4 -1-1x2 _x3 1e3+1e2x2' \
         '{{schema:0 sum:5 count:4 z_bucket:1 z_bucket_w:0.001 buckets:[1 2 1] offset:-1 n_buckets:[1] n_offset:2 counter_reset_hint:gauge}}x3' \
         '{{schema:-53 sum:1 count:2 custom_values:[1 5] buckets:[1 1]}}+{{schema:-53 count:1 custom_values:[1 5] buckets:[1]}}x4' \
         '{{schema:8 count:1 buckets:[1]}}-{{schema:0 count:1 buckets:[1]}}x2 {{count:NaN sum:Inf}}' \
         'histogram_fraction(-Inf, 0.5, h) + histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))' \
         'histogram_count(h) / histogram_sum(h) > bool histogram_avg(h) - histogram_stddev(h)'; do
  i=$((i+1)); printf '%s' "$e" > "$out/corpus/seed$i"
done
swiftc -O -parse-as-library -sanitize=fuzzer,address -module-name PromQLFuzz \
  "$root"/Sources/PromQL/*.swift "$here/harness.swift" -o "$out/promql-parser-fuzzer"
cd "$out" && ASAN_OPTIONS=detect_leaks=0 ./promql-parser-fuzzer corpus -max_total_time="$secs" \
  -max_len=4096 -timeout=10 -rss_limit_mb=4096 -detect_leaks=0 -artifact_prefix="$out/" -print_final_stats=1
