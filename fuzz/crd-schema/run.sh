#!/bin/sh
# Build the CRD schema fuzzer (the manifest loader, CRDSchema, the schema compiler and validator,
# with libyaml's C sources) and run it for N seconds (default 180) on one worker.
#   fuzz/crd-schema/run.sh [SECONDS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
secs=${1:-180}
out=${FUZZ_OUT:-/tmp/crd-schema-fuzz}
mkdir -p "$out/corpus" "$out/obj"
sh "$here/../libyaml-objects.sh" "$root" "$out"
schema="$root/Sources/Manifests/Schema"
swiftc -O -parse-as-library -sanitize=fuzzer,address -module-name CRDSchemaFuzz -I "$root/Sources/CLibYAML/include" \
  "$root"/Sources/Manifests/Loading/*.swift "$root"/Sources/Manifests/Model/*.swift \
  "$schema/JSONValue.swift" "$schema/SchemaNode.swift" "$schema/PropertyLookup.swift" "$schema/SchemaCompiler.swift" "$schema/SchemaValidator.swift" \
  "$schema/CRDSchema.swift" "$schema/KubernetesEnums.swift" \
  "$here/harness.swift" "$out"/obj/*.o -o "$out/crd-schema-fuzzer"
# Seed corpus: the CRD fixtures (each with custom resources) and the bundled prometheus-operator CRD
# sources are too large (-max_len); a small CRD with its resource, and the hostile-CRD test shapes.
for f in "$root"/Tests/ManifestsTests/Fixtures/crds/*.yaml "$root"/Tests/ManifestsTests/Fixtures/customresources/*.yaml; do
  [ -f "$f" ] && cp "$f" "$out/corpus/" || true
done
cat > "$out/corpus/seed-crd" <<'YAML'
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: {type: integer, minimum: 1, maximum: 10}
                port: {x-kubernetes-int-or-string: true}
                mode: {type: string, enum: [a, b, c]}
                raw: {type: object, x-kubernetes-preserve-unknown-fields: true}
                inner: {type: object, x-kubernetes-embedded-resource: true, x-kubernetes-preserve-unknown-fields: true}
                list: {type: array, items: {type: string, pattern: "^[a-z]+$"}}
              required: [size]
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
spec: {size: 3, port: http, mode: b, raw: {x: 1}, inner: {apiVersion: v1, kind: ConfigMap}, list: [a, "B"]}
YAML
printf 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec: {group: g, names: {kind: K}, versions: [{name: v1, served: true, schema: {openAPIV3Schema: [1, 2]}}]}\n---\napiVersion: g/v1\nkind: K\n' > "$out/corpus/seed-not-object"
cd "$out" && ASAN_OPTIONS=detect_leaks=0 ./crd-schema-fuzzer corpus -max_total_time="$secs" -workers=1 -jobs=1 \
  -max_len=16384 -timeout=10 -rss_limit_mb=4096 -detect_leaks=0 -artifact_prefix="$out/" -print_final_stats=1
