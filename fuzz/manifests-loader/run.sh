#!/bin/sh
# Build the manifest loader fuzzer (libyaml's C sources with clang, then the Loading and Model
# sources of Manifests, with the schema validator the loader names in a message, compiled straight into the binary) and run it for N seconds (default 180)
# on one worker. Leak detection is off, as for the other fuzzers (the Swift runtime's regex parser).
#   fuzz/manifests-loader/run.sh [SECONDS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
secs=${1:-180}
out=${FUZZ_OUT:-/tmp/manifests-loader-fuzz}
mkdir -p "$out/corpus" "$out/obj"
sh "$here/../libyaml-objects.sh" "$root" "$out"
swiftc -O -parse-as-library -sanitize=fuzzer,address -module-name ManifestsLoaderFuzz -I "$root/Sources/CLibYAML/include" \
  "$root"/Sources/Manifests/Loading/*.swift "$root"/Sources/Manifests/Model/*.swift \
  "$root"/Sources/Manifests/Schema/SchemaValidator.swift "$root"/Sources/Manifests/Schema/SchemaNode.swift "$root"/Sources/Manifests/Schema/PropertyLookup.swift "$here/harness.swift" \
  "$out"/obj/*.o -o "$out/manifests-loader-fuzzer"
# Seed corpus: the test fixtures and the repository's own manifests.
find "$root/Tests/ManifestsTests/Fixtures" "$root/k8s" -name '*.yaml' -size -64k -exec cp {} "$out/corpus/" \; 2>/dev/null || true
printf 'a: &x [*x]\n---\nb: !!binary aGk=\n? [k]\n: v\n<<: {c: 1}\n' > "$out/corpus/seed-aliases"
cd "$out" && ASAN_OPTIONS=detect_leaks=0 ./manifests-loader-fuzzer corpus -max_total_time="$secs" -workers=1 -jobs=1 \
  -max_len=16384 -timeout=10 -rss_limit_mb=4096 -detect_leaks=0 -artifact_prefix="$out/" -print_final_stats=1
