#!/usr/bin/env bash
# Writes release/opsctl.order: the functions the sidecars run (exporter, prober, quota-watcher),
# which scripts/build-release.sh asks the linker to pack together at the start of .text: first
# those their steady state runs (scrapes, probes, ledger polls), then those only start-up runs.
# After start-up each sidecar unmaps the pages start-up touched (StartupPages), so what stays
# resident is the first part: the tighter it is packed, the fewer 64 kB windows a steady sidecar
# maps again. Run it again after large changes to a sidecar's code path; names that no longer
# exist are ignored by the linker, so an old list costs memory, never correctness.
#
#   release/order.sh       (needs valgrind; starts its own throwaway PostgreSQL and loopback
#                           targets, scripts/probe-targets.py; ~15 minutes)
#
# How: valgrind's lackey tool runs the release binary (built without an order, debug info
# stripped: valgrind 3.19 cannot read clang 21's DWARF 5) three times at once, one per sidecar,
# and reports every block of code each executed:
#   exporter       start-up, scrapes in both formats (with new ledger rows between them), the
#                  landing page, /healthz, SIGTERM;
#   prober         start-up, its scheduled http and tcp checks (one a query_response dialogue)
#                  against loopback targets, /probe requests (http_2xx, a body regex, tcp),
#                  /metrics, /healthz, /readyz, the heap trim after activity, SIGTERM;
#   quota-watcher  start-up, ledger polls with new rows, /metrics, the admission API, SIGTERM.
# Each block is marked steady (S) if it ran between that sidecar's first warm-up requests and
# just before its SIGTERM; release/order-symbols.py turns those addresses into function names
# and groups them by which sidecars' steady states run them (see there). The prober's steady
# phase starts as soon as it answers /healthz: it released start-up's pages when it began
# listening, so everything it runs from then on (its first probes and checks too) stays
# resident in an idle prober and belongs in the packed region, not among start-up's functions.
# --vex-guest-chase=no keeps valgrind from folding a called function into its caller's block,
# so every function entered starts a block of its own. (callgrind's function list was tried
# first: it misses functions.) Timeouts are raised for the run because code under valgrind runs
# ~100 times slower: a timeout would put error paths (logging, message scrubbing) among the
# steady functions, so each run's last answers are checked for success.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
command -v valgrind >/dev/null || { echo "order.sh: valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }

work=$(mktemp -d /tmp/opsctl-order.XXXXXX)
# The link map tells order-symbols.py which functions have an input section of their own.
bin=$(LINK_MAP="$work/opsctl.map" ORDER_FILE= scripts/build-release.sh)
pgdir=$(mktemp -d /tmp/opsctl-order-pg.XXXXXX)   # beside, not inside: the server runs as postgres
pids=()        # everything started here, for the clean-up
traced=()      # the valgrind runs and their awk filters, waited for at the end
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  scripts/pg.sh stop "$pgdir" >/dev/null 2>&1 || rm -rf "$pgdir"
  rm -rf "$work"
}
trap cleanup EXIT

strip --strip-debug -o "$work/opsctl" "$bin"
scripts/pg.sh start "$pgdir" >&2
scripts/pg.sh seed "$pgdir" small >&2
# shellcheck disable=SC1091
source "$pgdir/env"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
append_calls() {   # N new ledger rows, called now (the exporter's and the watcher's tail read them)
  psql -X -q -v ON_ERROR_STOP=1 "$ADMIN_DATABASE_URL" -c "
    INSERT INTO gmail_api_calls (called_at, user_id, method, status_code, error_reason, latency_ms)
    SELECT now(), 'user-' || lpad((1 + floor(random() * 200))::int::text, 6, '0'),
           (ARRAY['users.messages.list', 'users.messages.get', 'users.history.list', 'users.messages.modify'])[1 + floor(random() * 4)::int],
           CASE WHEN g % 50 = 0 THEN 429 ELSE 200 END, CASE WHEN g % 50 = 0 THEN 'rateLimitExceeded' END,
           (20 + random() * 180)::int
    FROM generate_series(1, $1) g" >/dev/null
}

python3 scripts/probe-targets.py "$work/targets.json" $$ & pids+=($!)
for _ in $(seq 100); do [ -s "$work/targets.json" ] && break; sleep 0.1; done
target_port() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$work/targets.json" "$1"; }
http_port=$(target_port http); banner_port=$(target_port banner); dialogue_port=$(target_port dialogue)

# trace NAME COMMAND...: runs COMMAND under lackey; $work/NAME.blocks gets each block once, marked
# S if it ran while $work/NAME.phase said "steady" (re-read once a second), with the sidecar's name.
trace() {
  local name=$1; shift
  mkfifo "$work/$name.trace"
  echo start > "$work/$name.phase"
  awk -v phase_file="$work/$name.phase" -v sidecar="$name" '
    { now = systime(); if (now != checked) { checked = now; if ((getline p < phase_file) > 0) phase = p; close(phase_file) } }
    $1 == "SB" { if (!seen[$2]++) order[++n] = $2; if (phase == "steady") steady[$2] = 1 }
    END { for (i = 1; i <= n; i++) print "SB", order[i], (order[i] in steady) ? "S" : "-", sidecar }
  ' < "$work/$name.trace" > "$work/$name.blocks" &
  traced+=($!)
  valgrind --tool=lackey --trace-superblocks=yes --vex-guest-chase=no --log-file="$work/$name.trace" \
    "$work/opsctl" "$@" >"$work/$name.log" 2>&1 &
  pids+=($!); traced+=($!)
  eval "${name//-/_}_pid=$!"
}
wait_healthy() {   # PORT NAME
  for _ in $(seq 900); do curl -sf -m 30 "http://127.0.0.1:$1/healthz" >/dev/null && return 0; sleep 1; done
  echo "order.sh: the traced $2 never answered /healthz (log: $(tail -3 "$work/$2.log"))" >&2; exit 1
}
phase() { sleep 3; echo "$2" > "$work/$1.phase"; sleep 3; }
stop() {   # PID: SIGTERM (the main shell waits for the exit; these runs are its subshells)
  kill -TERM "$1"
}

# --- the exporter: every timeout, the built-in health's too, raised.
sed -E -e 's/timeout: [0-9]+s/timeout: 300s/' -e 's/^exporter:$/exporter:\n  postgres_health_timeout: 300s/' \
  config/opsctl.yaml > "$work/exporter.yaml"
exporter_port=$(free_port)
trace exporter exporter --config "$work/exporter.yaml" --database-url "$DATABASE_URL?connect_timeout=300" \
  --listen "127.0.0.1:$exporter_port"

# --- the prober: checks every 40 s (so some run in the steady phase), timeouts raised.
prober_port=$(free_port)
cat > "$work/prober.yaml" <<CONF
prober:
  listen: 127.0.0.1:$prober_port
  log_level: warning
  max_in_flight: 16
  allow_targets:
    - 'http://127\.0\.0\.1:$http_port/.*'
    - '127\.0\.0\.1:[0-9]+'
  modules:
    http_2xx: {prober: http, timeout: 60s}
    tcp_connect: {prober: tcp, timeout: 60s}
    web:
      prober: http
      timeout: 60s
      http:
        valid_status_codes: [200]
        fail_if_body_not_matches_regexp: ['status: *healthy']
    dialogue:
      prober: tcp
      timeout: 60s
      tcp:
        query_response:
          - expect: '^220 '
            send: 'HELO opsctl'
          - expect: '^250 hello'
            send: 'QUIT'
          - expect: '^221'
  checks:
    - {name: web, module: web, target: 'http://127.0.0.1:$http_port/ok', interval: 40s, timeout: 35s, jitter: 1s, critical: true}
    - {name: redirect, module: http_2xx, target: 'http://127.0.0.1:$http_port/redirect', interval: 40s, timeout: 35s, jitter: 1s}
    - {name: banner, module: tcp_connect, target: '127.0.0.1:$banner_port', interval: 40s, timeout: 35s, jitter: 1s}
    - {name: dialogue, module: dialogue, target: '127.0.0.1:$dialogue_port', interval: 40s, timeout: 35s, jitter: 1s}
CONF
trace prober prober --config "$work/prober.yaml"

# --- the quota watcher: built-in limits, ledger polled every second.
quota_port=$(free_port); admission_port=$(free_port)
trace quota-watcher quota-watcher --database-url "$DATABASE_URL?connect_timeout=300" \
  --listen "127.0.0.1:$quota_port" --admission-listen "127.0.0.1:$admission_port" --log-level warning

exporter_run() {
  local url="http://127.0.0.1:$exporter_port"
  wait_healthy "$exporter_port" exporter
  curl -sf -m 300 "$url/metrics" >/dev/null
  phase exporter steady
  for _ in 1 2; do append_calls 200; curl -sf -m 300 "$url/metrics" >/dev/null; done
  curl -sf -m 300 -H 'Accept: application/openmetrics-text; version=1.0.0' "$url/metrics" > "$work/exporter.last"
  curl -sf -m 30 "$url/healthz" >/dev/null
  phase exporter stop
  curl -sf -m 30 "$url/" >/dev/null
  ! grep -q '^opsctl_exporter_collector_success{.*} 0' "$work/exporter.last" && grep -q '^pg_up 1' "$work/exporter.last" \
    || { echo "order.sh: a traced exporter's collector failed; the trace would miss the scrape path" >&2; exit 1; }
  stop "$exporter_pid"
}

prober_run() {
  local url="http://127.0.0.1:$prober_port" timeout=(-H 'X-Prometheus-Scrape-Timeout-Seconds: 120')
  local probes=("module=http_2xx&target=http://127.0.0.1:$http_port/ok"
                "module=web&target=http://127.0.0.1:$http_port/ok"
                "module=tcp_connect&target=127.0.0.1:$banner_port"
                "module=dialogue&target=127.0.0.1:$dialogue_port")
  wait_healthy "$prober_port" prober
  echo steady > "$work/prober.phase"   # at once: what the first probes and checks run counts (see the top)
  for p in "${probes[@]}"; do curl -sf -m 300 "${timeout[@]}" "$url/probe?$p" >/dev/null; done
  sleep 45   # every check has run once (start-up's may time out)
  curl -sf -m 300 "$url/metrics" > "$work/prober.metrics.start"
  for round in 1 2 3; do
    for p in "${probes[@]}"; do
      curl -sf -m 300 "${timeout[@]}" "$url/probe?$p" > "$work/prober.probe"
      grep -q '^probe_success 1' "$work/prober.probe" || { echo "order.sh: the traced prober's probe $p failed" >&2; cat "$work/prober.probe" >&2; exit 1; }
    done
    # Eight /probe at once, as a Prometheus with several targets sends them.
    for _ in $(seq 8); do curl -sf -m 300 "${timeout[@]}" "$url/probe?${probes[0]}" >/dev/null & done; wait
    curl -sf -m 300 "$url/metrics" > "$work/prober.metrics"
    curl -sf -m 30 "$url/healthz" >/dev/null; curl -sf -m 30 "$url/readyz" >/dev/null
    sleep 15   # the scheduled checks run, and the heap trim after the burst
  done
  phase prober stop
  curl -sf -m 30 "$url/" >/dev/null
  # In the steady phase no check failed, and the checks ran.
  runs() { grep "^opsctl_prober_check_runs_total{.*result=\"$2\"}" "$1" | awk '{n += $2} END {print n + 0}'; }
  [ "$(runs "$work/prober.metrics" failure)" = "$(runs "$work/prober.metrics.start" failure)" ] \
    && [ "$(runs "$work/prober.metrics" success)" -gt "$(runs "$work/prober.metrics.start" success)" ] \
    || { echo "order.sh: a traced prober's check failed or none ran in the steady phase" >&2; grep check_runs "$work/prober.metrics" >&2; exit 1; }
  stop "$prober_pid"
}

quota_run() {
  local url="http://127.0.0.1:$quota_port" admission="http://127.0.0.1:$admission_port"
  wait_healthy "$quota_port" quota-watcher
  for _ in $(seq 300); do   # until it has read the ledger (its first connection is slow under valgrind)
    curl -sf -m 300 "$url/metrics" > "$work/quota.metrics" && grep -q '^opsctl_quota_active_users [1-9]' "$work/quota.metrics" && break
    sleep 2
  done
  curl -sf -m 300 "$admission/v1/quota/users/user-000001?units=5" >/dev/null
  phase quota-watcher steady
  for _ in 1 2 3; do
    append_calls 200; sleep 5
    curl -sf -m 300 "$url/metrics" > "$work/quota.metrics"
    curl -sf -m 300 "$admission/v1/quota/users/user-000002?units=5" >/dev/null
    curl -sf -m 300 "$admission/v1/quota/check?user=user-000003&units=20" >/dev/null
  done
  curl -sf -m 30 "$url/healthz" >/dev/null
  phase quota-watcher stop
  curl -sf -m 30 "$url/" >/dev/null || true
  grep -q '^opsctl_quota_active_users [1-9]' "$work/quota.metrics" \
    || { echo "order.sh: the traced quota-watcher's metrics lack its windows" >&2; exit 1; }
  stop "$quota_watcher_pid"
}

exporter_run & runs=($!)
prober_run & runs+=($!)
quota_run & runs+=($!)
pids+=("${runs[@]}")
failed=0
for run in "${runs[@]}"; do wait "$run" || failed=1; done
[ "$failed" = 0 ] || exit 1
for pid in "${traced[@]}"; do wait "$pid" || true; done   # awk writes its list once valgrind has closed the trace

cat "$work/exporter.blocks" "$work/prober.blocks" "$work/quota-watcher.blocks" > "$work/blocks"
python3 release/order-symbols.py "$work/opsctl" "$work/opsctl.map" < "$work/blocks" > release/opsctl.order
if [ -n "${KEEP_TRACE:-}" ]; then   # KEEP_TRACE=DIR: keep the binary, its link map and the blocks (to try order-symbols.py again)
  mkdir -p "$KEEP_TRACE" && cp "$work/opsctl" "$work/opsctl.map" "$work/blocks" "$KEEP_TRACE/"
fi
echo "order.sh: $(wc -l < release/opsctl.order) functions in release/opsctl.order" >&2
