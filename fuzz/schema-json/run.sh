#!/bin/sh
# Build the schema JSON reader fuzzer (JSONValue, the bundle reader, CRDSchema, the compiler and the
# validator, with the Loading and Model sources they need and libyaml's C sources) and run it for
# N seconds (default 180) on one worker.
#   fuzz/schema-json/run.sh [SECONDS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
secs=${1:-180}
out=${FUZZ_OUT:-/tmp/schema-json-fuzz}
mkdir -p "$out/corpus" "$out/obj"
sh "$here/../libyaml-objects.sh" "$root" "$out"
schema="$root/Sources/Manifests/Schema"
swiftc -O -parse-as-library -sanitize=fuzzer,address -module-name SchemaJSONFuzz -I "$root/Sources/CLibYAML/include" \
  "$root"/Sources/Manifests/Loading/*.swift "$root"/Sources/Manifests/Model/*.swift \
  "$schema/JSONValue.swift" "$schema/SchemaNode.swift" "$schema/PropertyLookup.swift" "$schema/SchemaCompiler.swift" "$schema/SchemaValidator.swift" \
  "$schema/CRDSchema.swift" "$schema/DefinitionSource.swift" "$schema/KubernetesEnums.swift" \
  "$here/harness.swift" "$out"/obj/*.o -o "$out/schema-json-fuzzer"
# Seed corpus: the CRD fixture schema, small pieces of the bundled schemas, a few hand-made ones.
cp "$root/Tests/ManifestsTests/Fixtures/crds/stable.example.com/crontab_v1.json" "$out/corpus/" 2>/dev/null || true
printf '{"defs":{"w":{"type":"object","properties":{"spec":{"$ref":"s"}},"additionalProperties":false},"s":{"properties":{"size":{"type":"integer","minimum":1},"port":{"x-kubernetes-int-or-string":true}}}},"kinds":{"example.com/v1/Widget":"w"}}' > "$out/corpus/seed-bundle"
printf '{"type":"object","properties":{"spec":{"type":"object","properties":{"items":{"type":"array","items":{"anyOf":[{"type":"integer"},{"type":"string"}]}},"t":{"type":"object","x-kubernetes-embedded-resource":true,"x-kubernetes-preserve-unknown-fields":true}}}}}' > "$out/corpus/seed-crd"
printf '{"a":[1e400,-0.5,"\\u00e9\\ud83d\\ude00",true,null,{"":{}}]}' > "$out/corpus/seed-json"
cd "$out" && ASAN_OPTIONS=detect_leaks=0 ./schema-json-fuzzer corpus -max_total_time="$secs" -workers=1 -jobs=1 \
  -max_len=65536 -timeout=10 -rss_limit_mb=4096 -detect_leaks=0 -artifact_prefix="$out/" -print_final_stats=1
