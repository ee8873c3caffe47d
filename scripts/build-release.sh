#!/usr/bin/env bash
# The release build of opsctl: one self-contained binary, laid out so that a long-running
# sidecar keeps little of it in memory. Prints the binary's path on stdout.
#
#   scripts/build-release.sh                 # -> .build-release/release/opsctl
#   ORDER_FILE= scripts/build-release.sh     # without the symbol ordering (for comparison)
#   LINK_MAP=FILE scripts/build-release.sh   # also writes lld's link map (release/order.sh reads it)
#
# A plain `swift build -c release` works too; these flags only change how the binary is
# linked and laid out, never what it does. Each one, with what it saves in the exporter's
# resident memory (README, exporter benchmark section; VmRSS read from /proc/PID/status):
#
#   --static-swift-stdlib    the Swift runtime and Foundation go inside the binary instead of
#                            ~20 MB of shared Swift libraries mapped beside it.
#   -function-sections       every function in its own section (Swift and C), so the linker can
#                            move functions one by one.
#   release/unnamed-text.ld  Swift's functions without a symbol (.text..L*: value-witness helpers,
#                            closure-context destructors) and the small helpers every object has
#                            its own copy of, grouped (the file says why).
#   lld --symbol-ordering-file=release/opsctl.order
#                            the functions the sidecars run (release/order.sh lists them from
#                            the exporter, the prober and the quota watcher) packed together at
#                            the start of .text: first those their steady state runs (scrapes,
#                            probes, ledger polls), then those only start-up runs. The kernel maps code in 64 KB
#                            windows around each page fault ("fault-around"), so hot code
#                            scattered over 23 MB of .text makes most of the binary resident.
#                            (The exporter itself releases start-up's pages after its first
#                            collection: OpsCore/StartupPages.swift. The order decides how few
#                            windows a scrape maps back.)
#   --no-export-dynamic      the static-stdlib link exports all ~25,000 symbols, which the
#                            loader reads and hashes at every start; nothing needs them.
#   -z pack-relative-relocs  RELR relocations: 2.5 MB of relocation records become ~20 kB.
#
# Still position-independent: linked with -no-pie the ~1 MiB of relocated read-only data stops
# being anonymous memory but comes back as file pages, and the idle prober held 0.35 MiB more
# (bench/prober/README.md, section of 2026-12-01 20:52), so the binary keeps its ASLR.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scratch=${SCRATCH:-$root/.build-release}
order=${ORDER_FILE-$root/release/opsctl.order}

flags=(-c release --product opsctl --scratch-path "$scratch" --static-swift-stdlib
       -Xswiftc -Xfrontend -Xswiftc -function-sections -Xcc -ffunction-sections
       -Xswiftc -use-ld=lld
       -Xlinker --no-export-dynamic -Xlinker -z -Xlinker pack-relative-relocs
       -Xlinker -T -Xlinker "$root/release/unnamed-text.ld")
if [ -n "$order" ]; then
  flags+=(-Xlinker "--symbol-ordering-file=$order" -Xlinker --no-warn-symbol-ordering)
fi
if [ -n "${LINK_MAP:-}" ]; then
  flags+=(-Xlinker "-Map=$LINK_MAP")
fi
# SwiftPM does not know the link depends on the order file (or on whether one is given) and
# on the linker script: a binary linked with another order or script would be kept as it is.
# Link again whenever either differs from what the binary was linked with.
stamp="$scratch/release/opsctl.order-used"
want="${order:+$(sha256sum "$order" | cut -d' ' -f1)} script $(sha256sum release/unnamed-text.ld | cut -d' ' -f1)${LINK_MAP:+ map $LINK_MAP}"
if [ "$(cat "$stamp" 2>/dev/null || echo none)" != "$want" ]; then
  rm -f "$scratch/release/opsctl"
fi
swift build "${flags[@]}" >&2
echo "$want" > "$stamp"
echo "$scratch/release/opsctl"
