#!/bin/sh
# Compile the vendored libyaml (Sources/CLibYAML) for a libFuzzer harness: clang with the fuzzer
# and address sanitizers, one object a C file, into OUT/obj. Used by the manifest fuzzers.
#   fuzz/libyaml-objects.sh ROOT OUT
set -eu
root=$1
out=$2
mkdir -p "$out/obj"
for c in "$root"/Sources/CLibYAML/*.c; do
  clang -O1 -fsanitize=fuzzer-no-link,address -I "$root/Sources/CLibYAML/include" -I "$root/Sources/CLibYAML" \
    -c "$c" -o "$out/obj/$(basename "$c" .c).o"
done
