#!/bin/sh
# Build the rules test-file loader fuzzer and run it for N seconds (default 600) on one worker.
# Yams cannot be handed to one swiftc call with our sources (its Parser type would clash with
# PromQL's), so each module is compiled separately with the sanitizers and linked:
#   libyaml C sources (clang) -> Yams module -> PromQL, XMLText modules -> Rules sources + harness.
# Leak detection is off: LeakSanitizer only reports the Swift runtime's regex parser.
#   fuzz/rules-test-loader/run.sh [SECONDS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
secs=${1:-600}
out=${FUZZ_OUT:-/tmp/rules-test-loader-fuzz}
yams=${YAMS_DIR:-$root/.build/checkouts/Yams}
mkdir -p "$out/corpus" "$out/obj" "$out/mods"
san="-sanitize=fuzzer,address"
for c in "$yams"/Sources/CYaml/src/*.c; do
  clang -O1 -fsanitize=fuzzer-no-link,address -DYAML_DECLARE_STATIC -I "$yams/Sources/CYaml/include" \
    -c "$c" -o "$out/obj/$(basename "$c" .c).o"
done
swiftc -O $san -parse-as-library -wmo -module-name Yams -DSWIFT_PACKAGE -Xcc -DYAML_DECLARE_STATIC \
  -I "$yams/Sources/CYaml/include" -emit-module -emit-module-path "$out/mods/Yams.swiftmodule" \
  -c "$yams"/Sources/Yams/*.swift -o "$out/obj/Yams.o"
swiftc -O $san -parse-as-library -wmo -module-name PromQL -emit-module -emit-module-path "$out/mods/PromQL.swiftmodule" \
  -c "$root"/Sources/PromQL/*.swift -o "$out/obj/PromQL.o"
swiftc -O $san -parse-as-library -wmo -module-name XMLText -emit-module -emit-module-path "$out/mods/XMLText.swiftmodule" \
  -c "$root"/Sources/XMLText/*.swift -o "$out/obj/XMLText.o"
swiftc -O $san -parse-as-library -module-name Rules -I "$out/mods" -I "$yams/Sources/CYaml/include" -Xcc -DYAML_DECLARE_STATIC \
  $(find "$root/Sources/Rules" -name '*.swift') "$here/harness.swift" "$out"/obj/*.o -o "$out/rules-test-loader-fuzzer"
# Seed corpus: promtool's own fixtures when present, plus a few of ours.
shared="$root/../shared/conformance/promtool"
[ -d "$shared" ] || shared="$root/../../shared/conformance/promtool"
if [ -d "$shared" ]; then
  for f in "$shared"/*.yml; do
    [ "$(wc -c < "$f")" -lt 20000 ] && cp "$f" "$out/corpus/" 2>/dev/null || true
  done
fi
printf 'tests:\n- input_series:\n  - series: a{b="c"}\n    values: 1+2x3 _x2 stale -1e3\n' > "$out/corpus/seed1"
printf 'groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    annotations: {s: "{{ $labels.x | humanize }}"}\n' > "$out/corpus/seed2"
cd "$out" && ./rules-test-loader-fuzzer corpus -max_total_time="$secs" -workers=1 -jobs=1 \
  -max_len=8192 -timeout=10 -rss_limit_mb=4096 -detect_leaks=0 -artifact_prefix="$out/" -print_final_stats=1
