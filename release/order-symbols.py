"""Turns the code addresses valgrind's lackey saw executed into the function names the linker
can order: release/order.sh pipes `SB <address> S|- <sidecar>` lines in (S: the block ran in that
sidecar's steady state; the sidecar's name is optional, "exporter" if absent), this prints one
symbol per line: the functions some sidecar's steady state runs first, then the rest.

    python3 release/order-symbols.py BINARY < superblocks.txt > release/opsctl.order

The steady functions are grouped by which sidecars run them, and the groups laid out so that each
sidecar's steady code is one stretch (the first sidecar named, the exporter) or two: with
sidecars a, b, c in the order they first appear,
    a+b+c, a+b, a, a+c, c, b+c, b
(a = a+b+c .. a+c; b = a+b+c, a+b and b+c, b; c = a+b+c and a+c .. b+c). Within a group, by name.
With more sidecars, the groups beyond these follow, larger first.

Valgrind loads a position-independent binary at a base of its own choosing; the base is the one
of the candidates at which the most executed addresses fall exactly on a function's first byte.
All runs of one binary under one valgrind get the same base.
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
steady_addresses = collections.defaultdict(set)   # address -> the sidecars whose steady state ran it
sidecars = []
for line in sys.stdin:
    parts = line.split()
    if len(parts) >= 2 and parts[0] == "SB":
        addresses.append(int(parts[1], 16))
        sidecar = parts[3] if len(parts) > 3 else "exporter"
        if sidecar not in sidecars:
            sidecars.append(sidecar)
        if parts[2:3] == ["S"]:
            steady_addresses[addresses[-1]].add(sidecar)

candidates = [0x0, 0x108000, 0x400000, 0x4000000, 0x8000000, 0x10000000]
base = max(candidates, key=lambda b: sum(1 for a in addresses if a - b in start_set))

names = set()
steady = collections.defaultdict(set)   # name -> the sidecars whose steady state ran it
for address in addresses:
    offset = address - base
    if not 0 <= offset < end:
        continue
    index = bisect.bisect_right(starts, offset) - 1
    if index >= 0:
        names.add(symbols[index][1])
        if address in steady_addresses:
            steady[symbols[index][1]] |= steady_addresses[address]
ambiguous = {name for name in names if definitions[name] > 1}

a, b, c = (sidecars + [None, None, None])[:3]
layout = [frozenset(x for x in group if x) for group in
          [(a, b, c), (a, b), (a,), (a, c), (c,), (b, c), (b,)]]
groups = collections.defaultdict(list)
for name in steady:
    if name not in ambiguous:
        groups[frozenset(steady[name])].append(name)
rest = sorted((g for g in groups if g not in layout), key=lambda g: (-len(g), sorted(g)))
seen = set()
for group in layout + rest:
    if group in seen:
        continue
    seen.add(group)
    for name in sorted(groups.get(group, [])):
        print(name)
for name in sorted(names - set(steady) - ambiguous):
    print(name)
sizes = ", ".join(f"{'+'.join(sorted(g))} {len(groups[g])}" for g in layout + rest if groups.get(g) and g in seen)
print(f"order-symbols: base {base:#x}, {len(addresses)} blocks, {len(names)} functions, "
      f"{len(steady)} of them run in a steady state ({sizes}), {len(ambiguous)} left out (defined more than once)",
      file=sys.stderr)
