#!/usr/bin/env python3
"""Turns bench/out/exporter-*/results.tsv into the markdown table of the README, with ratios."""
import csv
import sys
from pathlib import Path

out = Path(sys.argv[1])
rows = list(csv.DictReader((out / "results.tsv").open(), delimiter="\t"))
header = (out / "header.txt").read_text().strip()
by = {(r["scale"], r["exporter"]): r for r in rows}
scales = sorted(dict.fromkeys(r["scale"] for r in rows), key=lambda s: int(next(r["ledger_rows"] for r in rows if r["scale"] == s)))
exporters = list(dict.fromkeys(r["exporter"] for r in rows))

def f(x):
    return float(x)

print("```")
print(header)
print("```")
print()
print("| ledger rows | seed time | exporter | median scrape | min / max | VmRSS | VmHWM (peak) |")
print("|---:|---:|---|---:|---:|---:|---:|")
for s in scales:
    for e in exporters:
        r = by.get((s, e))
        if not r:
            continue
        seed = "seeded before" if r["seed_seconds"] == "nan" else f"{f(r['seed_seconds']):.0f} s"
        print(f"| {int(r['ledger_rows']):,} | {seed} | {e} | {f(r['median_ms']):.1f} ms | "
              f"{f(r['min_ms']):.1f} / {f(r['max_ms']):.1f} ms | {int(r['rss_kib']) / 1024:.1f} MiB | {int(r['hwm_kib']) / 1024:.1f} MiB |")
print()
if "opsctl" in exporters:
    print("| ledger rows | vs | scrape latency opsctl / peer | VmRSS opsctl / peer |")
    print("|---:|---|---:|---:|")
    for s in scales:
        o = by.get((s, "opsctl"))
        for e in exporters:
            p = by.get((s, e))
            if e == "opsctl" or not o or not p:
                continue
            print(f"| {int(o['ledger_rows']):,} | {e} | {f(o['median_ms']) / f(p['median_ms']):.2f}x | "
                  f"{int(o['rss_kib']) / int(p['rss_kib']):.2f}x |")
    print()
if len(scales) >= 2:
    first, last = scales[0], scales[-1]
    print(f"Growth from {int(by[(first, exporters[0])]['ledger_rows']):,} to {int(by[(last, exporters[0])]['ledger_rows']):,} ledger rows "
          "(median scrape latency, last / first):")
    print()
    for e in exporters:
        a, b = by.get((first, e)), by.get((last, e))
        if a and b:
            print(f"- {e}: {f(b['median_ms']) / f(a['median_ms']):.2f}x ({f(a['median_ms']):.1f} ms -> {f(b['median_ms']):.1f} ms)")
