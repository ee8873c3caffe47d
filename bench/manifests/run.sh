#!/usr/bin/env bash
# check-manifests benchmark: opsctl (schemas + all checks) vs kubernetes-validate and checkov
# (PyPI) on the same corpus, and a parse-only floor (libyaml events, same C code as Yams).
#
#   pip install kubernetes-validate checkov     # once
#   bash bench/manifests/run.sh                 # writes bench/manifests/results.md
#
# Env: DOCS (default 10000), RUNS (default 5); the Python tools take ~40 ms of CPU per document,
# so they run on a smaller corpus from the same generator (PEER_DOCS, default 500) with
# SLOW_RUNS (default 3) runs, and opsctl is measured on that corpus too for like-for-like ratios.
set -euo pipefail
cd "$(dirname "$0")/../.."
DOCS=${DOCS:-10000}
RUNS=${RUNS:-5}
SLOW_RUNS=${SLOW_RUNS:-3}
PEER_DOCS=${PEER_DOCS:-500}
OUT=bench/manifests
CORPUS=${CORPUS:-/tmp/opsctl-manifests-corpus}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

swift build -c release --product opsctl >/dev/null
OPSCTL=$(swift build -c release --show-bin-path)/opsctl
cc -O2 -DYAML_DECLARE_STATIC -I.build/checkouts/Yams/Sources/CYaml/include \
   $OUT/parse_floor.c .build/checkouts/Yams/Sources/CYaml/src/*.c -o "$WORK/parse_floor"

python3 $OUT/generate.py --docs "$DOCS" --out "$CORPUS"
PEER="$CORPUS-peer"
python3 $OUT/generate.py --docs "$PEER_DOCS" --out "$PEER"
find "$PEER" -type f \( -name '*.yaml' -o -name '*.json' \) | sort > "$WORK/peer-files.txt"
find "$CORPUS" -type f \( -name '*.yaml' -o -name '*.json' \) | sort > "$WORK/files.txt"
YAML_FILES=$(grep -c . "$WORK/files.txt")
echo "corpus: $DOCS documents in $YAML_FILES files, $(du -sh "$CORPUS" | cut -f1)"

# What each tool finds (sanity: they all look at the same objects).
"$OPSCTL" check-manifests "$CORPUS" --output json > "$WORK/opsctl.json" || true
python3 - "$WORK/opsctl.json" <<'PY' > "$WORK/opsctl-summary.txt"
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
print(f"opsctl: {s['objects']} objects, {s['errors']} errors, {s['warnings']} warnings; by check: {s['byCheck']}")
PY
cat "$WORK/opsctl-summary.txt"

hyperfine --style basic --ignore-failure --warmup 1 --runs "$RUNS" --export-json "$WORK/fast.json" \
  -n "opsctl check-manifests (2 cores)" "$OPSCTL check-manifests $CORPUS --output json > /dev/null" \
  -n "opsctl check-manifests --jobs 1" "$OPSCTL check-manifests --jobs 1 $CORPUS --output json > /dev/null" \
  -n "opsctl --schema-only" "$OPSCTL check-manifests --schema-only $CORPUS --output json > /dev/null" \
  -n "parse floor: libyaml events (1 core)" "$WORK/parse_floor < $WORK/files.txt" \
  -n "parse floor: libyaml events (2 processes)" "split -n l/2 $WORK/files.txt $WORK/half. && ($WORK/parse_floor < $WORK/half.aa & $WORK/parse_floor < $WORK/half.ab & wait)"

hyperfine --style basic --ignore-failure --runs "$SLOW_RUNS" --export-json "$WORK/slow.json" \
  -n "peer corpus: opsctl check-manifests (2 cores)" "$OPSCTL check-manifests $PEER --output json > /dev/null" \
  -n "peer corpus: parse floor (1 core)" "$WORK/parse_floor < $WORK/peer-files.txt" \
  -n "peer corpus: kubernetes-validate --strict" "xargs -a $WORK/peer-files.txt kubernetes-validate --strict -k 1.37.0 --quiet > /dev/null 2>&1" \
  -n "peer corpus: checkov --framework kubernetes" "checkov -d $PEER --framework kubernetes --quiet --compact -o json > /dev/null 2>&1"

python3 - "$WORK/fast.json" "$WORK/slow.json" "$DOCS" "$YAML_FILES" "$WORK/opsctl-summary.txt" "$PEER_DOCS" <<'PY' | tee $OUT/results.md
import json, statistics, sys, platform, os
fast = json.load(open(sys.argv[1]))["results"]; slow = json.load(open(sys.argv[2]))["results"]
docs, files, peer_docs = sys.argv[3], sys.argv[4], sys.argv[6]
rows = fast + slow
med = {r["command"]: statistics.median(r["times"]) for r in rows}
ours = med["opsctl check-manifests (2 cores)"]
print(f"# check-manifests benchmark\n")
print(f"Corpus: {docs} documents in {files} files (bench/manifests/generate.py, seed 42, plus k8s/); "
      f"peer corpus (for the slow Python tools): {peer_docs} documents from the same generator. "
      f"Machine: {os.cpu_count()} cores, {platform.machine()}. Medians of {len(rows[0]['times'])} runs "
      f"(Python tools: {len(slow[0]['times'])}), hyperfine. Command: `bash bench/manifests/run.sh`.\n")
print(f"Load average during the run: {os.getloadavg()[0]:.1f} (shared machine; CPU time = user + system is the steadier figure).\n")
print("| tool | median wall (s) | min (s) | max (s) | mean CPU (s) | docs/s (wall) | wall vs opsctl |")
print("|---|---:|---:|---:|---:|---:|---:|")
cpu = {r["command"]: r["user"] + r["system"] for r in rows}
for r in rows:
    m = med[r["command"]]
    n = int(peer_docs) if r["command"].startswith("peer") else int(docs)
    base = med["peer corpus: opsctl check-manifests (2 cores)"] if r["command"].startswith("peer") else ours
    print(f"| {r['command']} | {m:.3f} | {min(r['times']):.3f} | {max(r['times']):.3f} | {cpu[r['command']]:.2f} | {n/m:,.0f} | {m/base:.2f}x |")
floor1 = med["parse floor: libyaml events (1 core)"]; floor2 = med["parse floor: libyaml events (2 processes)"]
peer_ours = med["peer corpus: opsctl check-manifests (2 cores)"]; c_peer = cpu["peer corpus: opsctl check-manifests (2 cores)"]
kv = med["peer corpus: kubernetes-validate --strict"]; ck = med["peer corpus: checkov --framework kubernetes"]
print()
c_ours = cpu["opsctl check-manifests (2 cores)"]
print(f"- opsctl vs kubernetes-validate (peer corpus): **{kv/peer_ours:.0f}x faster** wall, {cpu['peer corpus: kubernetes-validate --strict']/c_peer:.0f}x less CPU (goal: 50x)")
print(f"- opsctl vs checkov (peer corpus): **{ck/peer_ours:.0f}x faster** wall, {cpu['peer corpus: checkov --framework kubernetes']/c_peer:.0f}x less CPU")
print(f"- opsctl CPU vs the floor's CPU: {c_ours/cpu['parse floor: libyaml events (1 core)']:.2f}x")
print(f"- opsctl vs parse-only floor: **{ours/floor1:.2f}x** the 1-core floor, {ours/floor2:.2f}x the 2-process floor (goal: within 3x)")
print(f"- both cores: --jobs 1 takes {med['opsctl check-manifests --jobs 1']/ours:.2f}x as long as the default")
print()
print(open(sys.argv[5]).read().strip())
PY
