#!/bin/sh
# Build bench/rules' runner: Yams (libyaml via clang), PromQL, XMLText and Rules compiled with -O
# as separate modules, linked with runner-main.swift (the `opsctl rules test` body).
#   bench/rules/build.sh   -> $OUT/rules-test-bench (default OUT=/tmp/rules-bench-bin)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${OUT:-/tmp/rules-bench-bin}
yams=${YAMS_DIR:-$root/.build/checkouts/Yams}
mkdir -p "$out/obj" "$out/mods"
for c in "$yams"/Sources/CYaml/src/*.c; do
  clang -O2 -DYAML_DECLARE_STATIC -I "$yams/Sources/CYaml/include" -c "$c" -o "$out/obj/$(basename "$c" .c).o"
done
swiftc -O -parse-as-library -wmo -module-name Yams -DSWIFT_PACKAGE -Xcc -DYAML_DECLARE_STATIC \
  -I "$yams/Sources/CYaml/include" -emit-module -emit-module-path "$out/mods/Yams.swiftmodule" \
  -c "$yams"/Sources/Yams/*.swift -o "$out/obj/Yams.o"
swiftc -O -parse-as-library -wmo -module-name PromQL -emit-module -emit-module-path "$out/mods/PromQL.swiftmodule" \
  -c "$root"/Sources/PromQL/*.swift -o "$out/obj/PromQL.o"
swiftc -O -parse-as-library -wmo -module-name XMLText -emit-module -emit-module-path "$out/mods/XMLText.swiftmodule" \
  -c "$root"/Sources/XMLText/*.swift -o "$out/obj/XMLText.o"
swiftc -O -wmo -parse-as-library -module-name Rules -I "$out/mods" -I "$yams/Sources/CYaml/include" -Xcc -DYAML_DECLARE_STATIC \
  $(find "$root/Sources/Rules" -name '*.swift') "$here/runner-main.swift" "$out"/obj/*.o -o "$out/rules-test-bench"
echo "built $out/rules-test-bench"
