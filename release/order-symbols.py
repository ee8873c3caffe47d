"""Turns the code addresses valgrind's lackey saw executed into the function names the linker
can order: release/order.sh pipes `SB <address>` lines in, this prints one symbol per line.

    python3 release/order-symbols.py BINARY < superblocks.txt > release/opsctl.order

Valgrind loads a position-independent binary at a base of its own choosing; the base is the one
of the candidates at which the most executed addresses fall exactly on a function's first byte.
"""
import bisect
import subprocess
import sys

binary = sys.argv[1]
symbols = []
for line in subprocess.run(["nm", "--defined-only", binary], capture_output=True, text=True, check=True).stdout.splitlines():
    parts = line.split()
    if len(parts) == 3 and parts[1] in "tTwW":
        symbols.append((int(parts[0], 16), parts[2]))
symbols.sort()
starts = [address for address, _ in symbols]
start_set = set(starts)
end = starts[-1] + (1 << 20) if starts else 0

addresses = []
for line in sys.stdin:
    parts = line.split()
    if len(parts) == 2 and parts[0] == "SB":
        addresses.append(int(parts[1], 16))

candidates = [0x0, 0x108000, 0x400000, 0x4000000, 0x8000000, 0x10000000]
base = max(candidates, key=lambda b: sum(1 for a in addresses if a - b in start_set))

names = set()
for address in addresses:
    offset = address - base
    if not 0 <= offset < end:
        continue
    index = bisect.bisect_right(starts, offset) - 1
    if index >= 0:
        names.add(symbols[index][1])
for name in sorted(names):
    print(name)
print(f"order-symbols: base {base:#x}, {len(addresses)} blocks, {len(names)} functions", file=sys.stderr)
