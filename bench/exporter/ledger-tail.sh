#!/usr/bin/env bash
# What the ledger tail (docs/ledger-tail.md) costs per scrape: the built-in gmail_api_calls
# collector of `opsctl exporter` with N open gaps, and while catching up a backlog.
#
#   bench/exporter/ledger-tail.sh [SCALE...]     default scales: small 1000000
#
# Per scale: seed a throwaway cluster (scripts/pg.sh seed), VACUUM ANALYZE, and log every
# statement of the read-only role with its server-side duration (log_min_duration_statement=0).
# Then:
#   gaps N     for N in GAPS: start the exporter (built-in config), scrape once; roll back N
#              inserts (N ids that never fill: open gaps), append NEW_ROWS calls and scrape
#              (the gaps open); then SCRAPES times { append NEW_ROWS calls; scrape }. Reports
#              per scrape: the collector's own duration (opsctl_exporter_collector_duration_
#              seconds{collector="gmail_api_calls"}), the server time of its statement, and
#              the statements it ran (from the server log), and checks the open-gaps gauge.
#   backlog    start the exporter, scrape once, append BACKLOG calls, scrape until caught up
#              (batch_size 50,000 per scrape): scrapes needed and per-scrape figures.
#
# Environment: GAPS ("0 1000 10000"), SCRAPES (10), NEW_ROWS (2000), BACKLOG (200000),
# OPSCTL_BIN (default .build/debug/opsctl; a release build of scripts/build-release.sh is
# faster on the Swift side, the server-side times do not depend on it).
# Output: bench/out/ledger-tail-TIMESTAMP/results.md (and the raw per-scrape lines).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

scales=("$@"); [ ${#scales[@]} -gt 0 ] || scales=(small 1000000)
gap_counts=${GAPS:-"0 1000 10000"}
scrapes=${SCRAPES:-10}
new_rows=${NEW_ROWS:-2000}
backlog=${BACKLOG:-200000}
opsctl_bin=${OPSCTL_BIN:-$root/.build/debug/opsctl}
[ -x "$opsctl_bin" ] || { echo "ledger-tail.sh: no opsctl at $opsctl_bin (swift build, or set OPSCTL_BIN)" >&2; exit 1; }

out="$root/bench/out/ledger-tail-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
pgdir=$(mktemp -d /tmp/opsctl-bench-tail.XXXXXX)
exporter_pid=""
cleanup() {
  if [ -n "$exporter_pid" ]; then kill "$exporter_pid" 2>/dev/null || true; wait "$exporter_pid" 2>/dev/null || true; fi
  scripts/pg.sh stop "$pgdir"
}
trap cleanup EXIT
scripts/pg.sh start "$pgdir"
# shellcheck disable=SC1091
. "$pgdir/env"
admin_psql=(psql -X -q -A -t -v ON_ERROR_STOP=1 -h "$PGTEST_DIR" -p "$PGTEST_PORT" -U postgres -d gmailsvc)
reader_dsn="$DATABASE_URL?sslmode=disable"
log="$PGTEST_DIR/server.log"
"${admin_psql[@]}" -c "ALTER ROLE opsctl_reader SET log_min_duration_statement = 0"

# shellcheck source=common.sh
. "$here/common.sh"

rollback_inserts() {   # n ids taken from the sequence and never committed
  "${admin_psql[@]}" -v n="$1" <<'SQL'
BEGIN;
INSERT INTO gmail_api_calls (user_id, method, status_code, latency_ms)
SELECT 'user-rolled-back', 'users.messages.get', 200, 10 FROM generate_series(1, :n);
ROLLBACK;
SQL
}

start_exporter() {
  port=$(free_port)
  "$opsctl_bin" exporter --database-url "$reader_dsn" --listen "127.0.0.1:$port" --log-level warning \
    >"$out/exporter.log" 2>&1 &
  exporter_pid=$!
  url="http://127.0.0.1:$port/metrics"
  for _ in $(seq 1 300); do
    curl -sf -o /dev/null --max-time 120 "$url" && return 0
    kill -0 "$exporter_pid" 2>/dev/null || { cat "$out/exporter.log" >&2; return 1; }
    sleep 0.2
  done
  return 1
}
stop_exporter() { kill "$exporter_pid"; wait "$exporter_pid" 2>/dev/null || true; exporter_pid=""; }

metric() {   # file name-with-labels -> value
  awk -v m="$2" 'index($0, m " ") == 1 { print $2 }' "$1"
}

# One scrape: prints "collector_ms server_ms tail_statements all_statements open_gaps".
scrape() {
  local before after
  sleep 0.3                                    # let the log catch up with earlier statements
  before=$(stat -c %s "$log")
  curl -s -o "$out/last.prom" --max-time 300 "$url"
  sleep 0.3
  after=$(stat -c %s "$log")
  tail -c +"$((before + 1))" "$log" | head -c "$((after - before))" > "$out/last.log"
  local collector_s server_ms tail_n all_n gaps
  collector_s=$(metric "$out/last.prom" 'opsctl_exporter_collector_duration_seconds{collector="gmail_api_calls"}')
  # The extended protocol logs parse, bind (planning) and execute apart: the sum is the server's time.
  server_ms=$(awk '/duration: .*(parse|bind|execute) <unnamed>: SELECT array_agg\(id\) AS ids/ {
                     d = $0; sub(/.*duration: /, "", d); sub(/ ms.*/, "", d); t += d } END { printf "%.2f", t }' "$out/last.log")
  tail_n=$(grep -c 'execute <unnamed>: SELECT array_agg(id) AS ids' "$out/last.log" || true)
  all_n=$(grep -c 'execute <unnamed>: ' "$out/last.log" || true)
  gaps=$(metric "$out/last.prom" 'opsctl_exporter_ledger_open_gaps{collector="gmail_api_calls"}')
  grep -q 'opsctl_exporter_collector_success{collector="gmail_api_calls"} 1' "$out/last.prom" \
    || { echo "ledger-tail.sh: the gmail_api_calls collector failed; see $out/last.prom" >&2; exit 1; }
  awk -v c="$collector_s" -v s="${server_ms:-nan}" -v t="$tail_n" -v a="$all_n" -v g="$gaps" \
    'BEGIN { printf "%.2f %s %d %d %s\n", c * 1000, s, t, a, g }'
}

{
  echo "command: bench/exporter/ledger-tail.sh ${scales[*]}  (GAPS=\"$gap_counts\" SCRAPES=$scrapes NEW_ROWS=$new_rows BACKLOG=$backlog)"
  echo "date: $(date -u +%FT%TZ)  host: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "opsctl: $opsctl_bin  PostgreSQL: $("${admin_psql[@]}" -c 'SHOW server_version')"
  echo
  echo "| ledger rows | case | scrapes | collector ms (median) | server ms of the tail statement (median; parse+bind+execute) | tail statements per scrape | all exporter statements per scrape (every collector) | open gaps |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|"
} > "$out/results.md"

for scale in "${scales[@]}"; do
  scripts/pg.sh seed "$pgdir" "$scale"
  "${admin_psql[@]}" -c 'VACUUM ANALYZE'
  rows=$("${admin_psql[@]}" -c 'SELECT count(*) FROM gmail_api_calls')

  for n in $gap_counts; do
    start_exporter
    scrape > /dev/null
    [ "$n" -eq 0 ] || rollback_inserts "$n"
    append_calls "$new_rows"; scrape > /dev/null       # reads past the rolled-back ids: N gaps open
    : > "$out/gaps-$scale-$n.txt"
    for _ in $(seq 1 "$scrapes"); do append_calls "$new_rows"; scrape >> "$out/gaps-$scale-$n.txt"; done
    stop_exporter
    open=$(tail -n 1 "$out/gaps-$scale-$n.txt" | cut -d' ' -f5)
    [ "$open" = "$n" ] || { echo "ledger-tail.sh: expected $n open gaps, the exporter shows $open" >&2; exit 1; }
    printf '| %s | %s open gaps, %s new rows per scrape | %s | %s | %s | %s | %s | %s |\n' "$rows" "$n" "$new_rows" "$scrapes" \
      "$(cut -d' ' -f1 "$out/gaps-$scale-$n.txt" | median)" "$(cut -d' ' -f2 "$out/gaps-$scale-$n.txt" | median)" \
      "$(cut -d' ' -f3 "$out/gaps-$scale-$n.txt" | sort -u | paste -sd/)" "$(cut -d' ' -f4 "$out/gaps-$scale-$n.txt" | sort -u | paste -sd/)" \
      "$open" | tee -a "$out/results.md" >&2
  done

  start_exporter
  scrape > /dev/null
  append_calls "$backlog"
  : > "$out/backlog-$scale.txt"
  for _ in $(seq 1 $(( backlog / 50000 + 2 ))); do scrape >> "$out/backlog-$scale.txt"; done
  stop_exporter
  full=$(head -n $(( backlog / 50000 )) "$out/backlog-$scale.txt")
  printf '| %s | backlog of %s rows, 50,000 per scrape | %s | %s | %s | %s | %s | %s |\n' "$rows" "$backlog" "$(echo "$full" | wc -l)" \
    "$(echo "$full" | cut -d' ' -f1 | median)" "$(echo "$full" | cut -d' ' -f2 | median)" \
    "$(echo "$full" | cut -d' ' -f3 | sort -u | paste -sd/)" "$(echo "$full" | cut -d' ' -f4 | sort -u | paste -sd/)" \
    "$(tail -n 1 "$out/backlog-$scale.txt" | cut -d' ' -f5)" | tee -a "$out/results.md" >&2
  "${admin_psql[@]}" -c 'TRUNCATE gmail_api_calls RESTART IDENTITY'
done

cat "$out/results.md"
echo "ledger-tail.sh: results in $out" >&2
