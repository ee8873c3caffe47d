#!/usr/bin/env bash
# Exporter benchmark: opsctl exporter beside postgres_exporter (Debian
# prometheus-postgres-exporter) on the same throwaway PostgreSQL, at each ledger size.
#
#   bench/exporter/run.sh [SCALE...]        default scales: 1000000 large (= 10M ledger rows)
#
# For every scale: seed the database (scripts/pg.sh seed, timed), then run each exporter in
# turn, alone on the machine's share of CPU: start it, wait until /metrics answers, scrape
# twice to warm up, then SCRAPES times { append NEW_ROWS calls to the ledger, as the live
# service would between two scrapes; time one scrape with curl -w %{time_total} }.
# Reports the median scrape latency and the resident memory (VmRSS, and the peak VmHWM, from
# /proc/PID/status) after the scrapes, and the ratios.
#
#   opsctl        opsctl exporter with its built-in default collectors (config/opsctl.yaml)
#   pgexp         postgres_exporter + postgres_exporter-queries.yaml: the same SQL for the
#                 gauges; the ledger counters as the full-ledger count a stateless exporter needs
#   pgexp-window  postgres_exporter + postgres_exporter-queries-window.yaml: the ledger read
#                 over the last 5 minutes only (gauges; the cheapest it can do)
#
# postgres_exporter runs with its default metrics (pg_stat_activity, pg_stat_database, locks,
# replication, database size) minus pg_settings and bgwriter, the closest match to opsctl's
# built-in PostgreSQL health.
#
# Environment: SCRAPES (15), NEW_ROWS (2000), EXPORTERS ("opsctl pgexp pgexp-window"),
# PGDIR (use this running cluster instead of a new one), PRESEEDED (a scale PGDIR already holds:
# its seed step is skipped, e.g. PRESEEDED=large bench/exporter/run.sh large 1000000),
# OPSCTL_BIN (default: the release build of scripts/build-release.sh, built if missing).
# Output: bench/out/exporter-TIMESTAMP/ (results.tsv, results.md, the last scrape of each).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

scales=("$@"); [ ${#scales[@]} -gt 0 ] || scales=(1000000 large)
scrapes=${SCRAPES:-15}
new_rows=${NEW_ROWS:-2000}
exporters=${EXPORTERS:-"opsctl pgexp pgexp-window"}
opsctl_bin=${OPSCTL_BIN:-$root/.build-release/release/opsctl}
pgexp_bin=$(command -v prometheus-postgres-exporter || true)

[ -n "$pgexp_bin" ] || { echo "run.sh: prometheus-postgres-exporter not installed (apt-get install prometheus-postgres-exporter)" >&2; exit 1; }
if [[ " $exporters " == *" opsctl "* ]] && [ ! -x "$opsctl_bin" ]; then
  echo "run.sh: building opsctl (scripts/build-release.sh)" >&2
  opsctl_bin=$(scripts/build-release.sh)
fi

out="$root/bench/out/exporter-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
exporter_pid=""
if [ -n "${PGDIR:-}" ]; then
  pgdir=$PGDIR            # a cluster from `scripts/pg.sh start`, left running afterwards
else
  pgdir=$(mktemp -d /tmp/opsctl-bench-pg.XXXXXX)
  scripts/pg.sh start "$pgdir"
fi
cleanup() {
  if [ -n "$exporter_pid" ]; then kill "$exporter_pid" 2>/dev/null || true; wait "$exporter_pid" 2>/dev/null || true; fi
  [ -n "${PGDIR:-}" ] || scripts/pg.sh stop "$pgdir"
}
trap cleanup EXIT

# shellcheck disable=SC1091
. "$pgdir/env"
admin_psql=(psql -X -q -A -t -v ON_ERROR_STOP=1 -h "$PGTEST_DIR" -p "$PGTEST_PORT" -U postgres -d gmailsvc)
reader_dsn="$DATABASE_URL?sslmode=disable"

# shellcheck source=common.sh
. "$here/common.sh"

start_exporter() {   # name port -> sets exporter_pid
  local name=$1 port=$2
  case "$name" in
    opsctl)
      "$opsctl_bin" exporter --database-url "$reader_dsn" --listen "127.0.0.1:$port" --log-level warning \
        >"$out/$name.log" 2>&1 &
      ;;
    pgexp|pgexp-window)
      local queries="$here/postgres_exporter-queries.yaml"
      [ "$name" = pgexp ] || queries="$here/postgres_exporter-queries-window.yaml"
      DATA_SOURCE_NAME="$reader_dsn" "$pgexp_bin" --web.listen-address="127.0.0.1:$port" \
        --extend.query-path="$queries" --disable-settings-metrics --no-collector.bgwriter --log.level=warn \
        >"$out/$name.log" 2>&1 &
      ;;
  esac
  exporter_pid=$!
  for _ in $(seq 1 300); do
    curl -sf -o /dev/null --max-time 120 "http://127.0.0.1:$port/metrics" && return 0
    kill -0 "$exporter_pid" 2>/dev/null || { echo "run.sh: $name exited; see $out/$name.log" >&2; cat "$out/$name.log" >&2; return 1; }
    sleep 0.2
  done
  echo "run.sh: $name did not answer on :$port" >&2; return 1
}

check_scrape() {   # name file: the scrape must hold the service metrics and no failure
  local name=$1 file=$2
  case "$name" in
    opsctl)
      grep -q '^pg_up 1' "$file" && grep -q '^gmail_api_calls_total{' "$file" && grep -q '^gmailsvc_jobs{' "$file" \
        && ! grep -q '^opsctl_exporter_collector_success{.*} 0' "$file" ;;
    pgexp)
      grep -q '^pg_up 1' "$file" && grep -q '^gmail_api_calls_total{' "$file" && grep -q '^gmailsvc_jobs_jobs{' "$file" \
        && ! grep -q '^pg_exporter_last_scrape_error 1' "$file" ;;
    pgexp-window)
      grep -q '^pg_up 1' "$file" && grep -q '^gmail_api_calls_5m_calls{' "$file" && grep -q '^gmailsvc_jobs_jobs{' "$file" \
        && ! grep -q '^pg_exporter_last_scrape_error 1' "$file" ;;
  esac
}

printf 'scale\tledger_rows\tseed_seconds\texporter\tmedian_ms\tmin_ms\tmax_ms\trss_kib\thwm_kib\n' > "$out/results.tsv"
{
  echo "# command: bench/exporter/run.sh ${scales[*]}  (SCRAPES=$scrapes NEW_ROWS=$new_rows${SEED_JOBS:+ SEED_JOBS=$SEED_JOBS}${SEED_USERS:+ SEED_USERS=$SEED_USERS})"
  echo "# date: $(date -u +%FT%TZ)  host: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# opsctl: $opsctl_bin ($("$opsctl_bin" --version 2>/dev/null || echo '?')), postgres_exporter: $("$pgexp_bin" --version 2>&1 | head -n 1)"
  echo "# PostgreSQL: $("${admin_psql[@]}" -c 'SHOW server_version')"
} > "$out/header.txt"

for scale in "${scales[@]}"; do
  if [ "${PRESEEDED:-}" = "$scale" ]; then
    seed_seconds=nan      # seeded (and timed) before this run, by the same scripts/pg.sh seed
  else
    started=$(date +%s.%N)
    scripts/pg.sh seed "$pgdir" "$scale"
    seed_seconds=$(echo "$(date +%s.%N) - $started" | bc)
  fi
  ledger_rows=$("${admin_psql[@]}" -c 'SELECT count(*) FROM gmail_api_calls')
  echo "run.sh: seeded $scale: $ledger_rows ledger rows in ${seed_seconds}s" >&2
  "${admin_psql[@]}" -c 'VACUUM ANALYZE'

  for name in $exporters; do
    port=$(free_port)
    start_exporter "$name" "$port"
    url="http://127.0.0.1:$port/metrics"
    for _ in 1 2; do curl -s -o /dev/null --max-time 300 "$url"; done
    : > "$out/$name-$scale.times"
    for _ in $(seq 1 "$scrapes"); do
      append_calls "$new_rows"
      curl -s -o "$out/$name-$scale.prom" --max-time 300 -w '%{time_total}\n' "$url" >> "$out/$name-$scale.times"
    done
    check_scrape "$name" "$out/$name-$scale.prom" \
      || { echo "run.sh: $name's last scrape lacks the service metrics or reports a failure: $out/$name-$scale.prom" >&2; exit 1; }
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$exporter_pid/status")
    hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$exporter_pid/status")
    kill "$exporter_pid"; wait "$exporter_pid" 2>/dev/null || true; exporter_pid=""
    ms() { awk '{ printf "%.1f\n", $1 * 1000 }'; }
    med=$(median < "$out/$name-$scale.times" | ms)
    min=$(sort -n "$out/$name-$scale.times" | head -n 1 | ms)
    max=$(sort -n "$out/$name-$scale.times" | tail -n 1 | ms)
    printf '%s\t%s\t%.1f\t%s\t%s\t%s\t%s\t%s\t%s\n' "$scale" "$ledger_rows" "$seed_seconds" "$name" "$med" "$min" "$max" "$rss" "$hwm" \
      | tee -a "$out/results.tsv" >&2
  done
done

python3 "$here/report.py" "$out" | tee "$out/results.md"
echo "run.sh: results in $out" >&2
