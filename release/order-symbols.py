"""Turns the code addresses valgrind's lackey saw executed into the function names the linker
can order: release/order.sh pipes `SB <address> S|- <sidecar>` lines in (S: the block ran in that
sidecar's steady state; the sidecar's name is optional, "exporter" if absent), this prints one
symbol per line: the functions some sidecar's steady state runs first, then the rest in the order
they first ran (the sidecars' traces one after the other).

    python3 release/order-symbols.py BINARY [LINK_MAP] < superblocks.txt > release/opsctl.order

LINK_MAP is lld's -Map of BINARY (scripts/build-release.sh writes one with LINK_MAP=FILE). With it,
a name defined more than once is ordered when every copy has an input section of its own (see
below); without it, such names are left out.

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
import re
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
# could drag unrelated code, often a whole object's .text, into the packed region.
# With -function-sections each copy is a section of its own, and ordering the name moves just those
# copies (Swift's outlined copies `WOc`/`WOh`, merged functions `Tm`, partial-apply thunks `TA`:
# small, hot, one per object that uses them). The link map tells where each copy is. A copy inside
# a section with other functions (the static runtime's objects built without -function-sections,
# C objects) drags that section along, which costs nothing when the section is placed anyway
# because an ordered name of its own is in it (libswiftCore's one large .text); otherwise the name
# is left out.
definitions = collections.Counter(name for _, name in symbols)
sections_of = collections.defaultdict(list)   # name -> the .text input sections defining it (index)
section_sizes = []                             # index -> how many symbols the section holds
if len(sys.argv) > 2:
    # lld's map: "VMA LMA Size Align", then an output section (1 space), one of its input
    # sections (9 spaces) or a symbol of that input section (17 spaces).
    line_format = re.compile(r"\s*[0-9a-f]+\s+[0-9a-f]+\s+[0-9a-f]+\s+\d+( +)(.*)")
    output = None
    with open(sys.argv[2]) as link_map:
        for line in link_map:
            match = line_format.match(line)
            if not match:
                continue
            depth, name = len(match.group(1)), match.group(2).strip()
            if depth == 1:
                output = name
            elif depth == 9:
                section_sizes.append(0)
            elif depth == 17 and output.startswith(".text") and section_sizes:
                section_sizes[-1] += 1
                sections_of[name].append(len(section_sizes) - 1)
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

names = {}   # name -> None, in the order the functions first ran
steady = collections.defaultdict(set)   # name -> the sidecars whose steady state ran it
for address in addresses:
    offset = address - base
    if not 0 <= offset < end:
        continue
    index = bisect.bisect_right(starts, offset) - 1
    if index >= 0:
        names.setdefault(symbols[index][1])
        if address in steady_addresses:
            steady[symbols[index][1]] |= steady_addresses[address]
placed = {index for name in names if definitions[name] == 1 for index in sections_of[name]}
ambiguous = {name for name in names if definitions[name] > 1 and (
    len(sections_of[name]) < definitions[name]
    or any(section_sizes[index] > 1 and index not in placed for index in sections_of[name]))}
multiple = sum(1 for name in names if definitions[name] > 1) - len(ambiguous)

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
# The rest (what only start-up ran) in the order it first ran: a sidecar's late start-up (its
# first request, its first check), which runs after StartupPages has released start-up's pages,
# is then one stretch, not spread over all of it.
for name in names:
    if name not in steady and name not in ambiguous:
        print(name)
sizes = ", ".join(f"{'+'.join(sorted(g))} {len(groups[g])}" for g in layout + rest if groups.get(g) and g in seen)
print(f"order-symbols: base {base:#x}, {len(addresses)} blocks, {len(names)} functions, "
      f"{len(steady)} of them run in a steady state ({sizes}), {multiple} defined more than once and ordered (each copy a section of its own or in one placed anyway), "
      f"{len(ambiguous)} left out (defined more than once, some copy inside another section"
      f"{'' if len(sys.argv) > 2 else '; no link map given'})",
      file=sys.stderr)
