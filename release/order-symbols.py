"""Turns the code addresses valgrind's lackey saw executed into the function names the linker
can order: release/order.sh pipes `SB <address> S|-` lines in (S: the block ran during a steady
scrape), this prints one symbol per line: the functions a steady scrape runs first, then the rest.

    python3 release/order-symbols.py BINARY < superblocks.txt > release/opsctl.order

Valgrind loads a position-independent binary at a base of its own choosing; the base is the one
of the candidates at which the most executed addresses fall exactly on a function's first byte.
"""
import bisect
import collections
import subprocess
import sys

binary = sys.argv[1]
symbols = []
for line in subprocess.run(["nm", "--defined-only", binary], capture_output=True, text=True, check=True).stdout.splitlines():
    parts = line.split()
    if len(parts) == 3 and parts[1] in "tTwW":
        symbols.append((int(parts[0], 16), parts[2]))
symbols.sort()
# A name defined more than once is a local symbol of several objects (Swift's outlined helpers
# such as __swift_destroy_boxed_opaque_existential_0, each object's own copy). The linker gives
# every copy, and so every section holding one, the name's place in the order: one such name
# would drag unrelated code, often a whole object's .text, into the packed region. Leave them out.
definitions = collections.Counter(name for _, name in symbols)
starts = [address for address, _ in symbols]
start_set = set(starts)
end = starts[-1] + (1 << 20) if starts else 0

addresses = []
steady_addresses = set()
for line in sys.stdin:
    parts = line.split()
    if len(parts) >= 2 and parts[0] == "SB":
        addresses.append(int(parts[1], 16))
        if parts[2:] == ["S"]:
            steady_addresses.add(addresses[-1])

candidates = [0x0, 0x108000, 0x400000, 0x4000000, 0x8000000, 0x10000000]
base = max(candidates, key=lambda b: sum(1 for a in addresses if a - b in start_set))

names = set()
steady = set()
for address in addresses:
    offset = address - base
    if not 0 <= offset < end:
        continue
    index = bisect.bisect_right(starts, offset) - 1
    if index >= 0:
        names.add(symbols[index][1])
        if address in steady_addresses:
            steady.add(symbols[index][1])
ambiguous = {name for name in names if definitions[name] > 1}
for name in sorted(steady - ambiguous) + sorted(names - steady - ambiguous):
    print(name)
print(f"order-symbols: base {base:#x}, {len(addresses)} blocks, {len(names)} functions, "
      f"{len(steady)} of them run by a steady scrape, {len(ambiguous)} left out (defined more than once)",
      file=sys.stderr)
