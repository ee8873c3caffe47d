#!/bin/sh
# opsctl rules test (bench runner, same code) beside Debian's promtool 2.42 `test rules`:
# promtool's own fixtures, then a generated suite of 500 test groups. Medians via hyperfine.
#   bench/rules/run.sh [RUNS]     (default 5; needs hyperfine, promtool, python3)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
runs=${1:-5}
bin=${OUT:-/tmp/rules-bench-bin}/rules-test-bench
[ -x "$bin" ] || "$here/build.sh"
fixtures="$root/../shared/conformance/promtool"
[ -d "$fixtures" ] || fixtures="$root/../../shared/conformance/promtool"
suite=${SUITE:-/tmp/rules-bench}
python3 "$here/generate.py" "$suite" 500
results=${RESULTS:-/tmp/rules-bench-results}
mkdir -p "$results"
# Fixtures both tools accept (2.42 lacks start_timestamp, fuzzy_compare, histogram expectations).
for f in long-period.yml at-modifier-test.yml negative-offset-test.yml failing.yml bad-rules-error-test.yml; do
  (cd "$fixtures" && hyperfine -N -i --warmup 1 --runs "$runs" --export-json "$results/${f%.yml}.json" \
     -n opsctl "$bin $f" -n promtool "promtool test rules $f")
done
(cd "$suite" && hyperfine -N --warmup 1 --runs "$runs" --export-json "$results/suite500.json" \
   -n opsctl "$bin suite.yml" -n promtool "promtool test rules suite.yml")
python3 - "$results" <<'PY'
import json, os, statistics, sys
d = sys.argv[1]
print("| case | opsctl median wall s | promtool median wall s | wall ratio | opsctl mean CPU s | promtool mean CPU s | CPU ratio |")
print("|---|---|---|---|---|---|---|")
for f in sorted(os.listdir(d)):
    r = {x["command"]: x for x in json.load(open(os.path.join(d, f)))["results"]}
    o, p = r["opsctl"], r["promtool"]
    cpu = lambda x: x["user"] + x["system"]   # hyperfine reports mean CPU time
    print(f"| {f[:-5]} | {o['median']:.3f} | {p['median']:.3f} | {p['median']/o['median']:.1f}x | "
          f"{cpu(o):.3f} | {cpu(p):.3f} | {cpu(p)/cpu(o):.1f}x |")
PY
