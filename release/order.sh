#!/usr/bin/env bash
# Writes release/opsctl.order: the functions the exporter sidecar runs, which
# scripts/build-release.sh asks the linker to pack together at the start of .text, those a
# scrape runs first and those only start-up runs after them. After its first collection the
# exporter unmaps the pages start-up touched (StartupPages), so what stays resident is the
# first part: the tighter it is packed, the fewer 64 kB windows a scrape maps again. Run it again
# after large changes to the exporter's code path; names that no longer exist are ignored by
# the linker, so an old list costs memory, never correctness.
#
#   release/order.sh       (needs valgrind; starts its own throwaway PostgreSQL; ~10 minutes)
#
# How: valgrind's lackey tool runs the release binary (built without an order, debug info
# stripped: valgrind 3.19 cannot read clang 21's DWARF 5) through start-up, scrapes in both
# formats, the landing page, /healthz and SIGTERM, and reports every block of code it executed;
# release/order-symbols.py turns those addresses into function names. --vex-guest-chase=no
# keeps valgrind from folding a called function into its caller's block, so every function
# entered starts a block of its own. (callgrind's function list was tried first: it misses
# functions.) Timeouts are raised for the
# run because code under valgrind runs ~100 times slower.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
command -v valgrind >/dev/null || { echo "order.sh: valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }

bin=$(ORDER_FILE= scripts/build-release.sh)
work=$(mktemp -d /tmp/opsctl-order.XXXXXX)
pgdir=$(mktemp -d /tmp/opsctl-order-pg.XXXXXX)   # beside, not inside: the server runs as postgres
vg_pid=""
cleanup() {
  [ -z "$vg_pid" ] || kill "$vg_pid" 2>/dev/null || true
  scripts/pg.sh stop "$pgdir" >/dev/null 2>&1 || rm -rf "$pgdir"
  rm -rf "$work"
}
trap cleanup EXIT

strip --strip-debug -o "$work/opsctl" "$bin"
scripts/pg.sh start "$pgdir" >&2
scripts/pg.sh seed "$pgdir" small >&2
# shellcheck disable=SC1091
source "$pgdir/env"
# Every timeout, the built-in health's too, raised: a collector timing out under valgrind would
# put its error path (logging, message scrubbing) among the functions of a steady scrape.
sed -E -e 's/timeout: [0-9]+s/timeout: 300s/' -e 's/^exporter:$/exporter:\n  postgres_health_timeout: 300s/' \
  config/opsctl.yaml > "$work/opsctl.yaml"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

# The awk filter keeps each block once, marked S if it ran while $work/phase said "steady"
# (re-read once a second): from just after the first scrape until just before SIGTERM.
mkfifo "$work/trace"
echo start > "$work/phase"
awk -v phase_file="$work/phase" '
  { now = systime(); if (now != checked) { checked = now; if ((getline p < phase_file) > 0) phase = p; close(phase_file) } }
  $1 == "SB" { if (!seen[$2]++) order[++n] = $2; if (phase == "steady") steady[$2] = 1 }
  END { for (i = 1; i <= n; i++) print "SB", order[i], (order[i] in steady) ? "S" : "-" }
' < "$work/trace" > "$work/blocks.txt" &
valgrind --tool=lackey --trace-superblocks=yes --vex-guest-chase=no --log-file="$work/trace" \
  "$work/opsctl" exporter --config "$work/opsctl.yaml" --database-url "$DATABASE_URL?connect_timeout=300" \
  --listen "127.0.0.1:$port" >"$work/exporter.log" 2>&1 &
vg_pid=$!
for _ in $(seq 600); do curl -sf -m 30 "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 1; done
curl -sf -m 300 "http://127.0.0.1:$port/metrics" >/dev/null
sleep 3; echo steady > "$work/phase"; sleep 3
for _ in 1 2; do curl -sf -m 300 "http://127.0.0.1:$port/metrics" >/dev/null; done
curl -sf -m 300 -H 'Accept: application/openmetrics-text; version=1.0.0' "http://127.0.0.1:$port/metrics" > "$work/last.txt"
curl -sf -m 30 "http://127.0.0.1:$port/healthz" >/dev/null
sleep 3; echo stop > "$work/phase"; sleep 3
curl -sf -m 30 "http://127.0.0.1:$port/" >/dev/null
! grep -q '^opsctl_exporter_collector_success{.*} 0' "$work/last.txt" && grep -q '^pg_up 1' "$work/last.txt" \
  || { echo "order.sh: a traced exporter's collector failed; the trace would miss the scrape path" >&2; exit 1; }
kill -TERM "$vg_pid"; wait "$vg_pid" || true; vg_pid=""
wait

python3 release/order-symbols.py "$work/opsctl" < "$work/blocks.txt" > release/opsctl.order
echo "order.sh: $(wc -l < release/opsctl.order) functions in release/opsctl.order" >&2
