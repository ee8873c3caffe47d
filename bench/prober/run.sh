#!/usr/bin/env bash
# The same loopback target probed three ways, side by side in one run:
#   direct  curl of the target (the floor: one fresh connection + one request)
#   opsctl  opsctl prober's /probe?module=http_2xx
#   bbe     blackbox_exporter's /probe?module=http_2xx (Debian prometheus-blackbox-exporter)
# and, for latency, each prober's own health page over the same kept-alive connection
# (opsctl_hop: /healthz, bbe_hop: /-/healthy): the cost of the hop to the prober alone, so
# that probe - hop is what the probe itself adds over the floor.
# Target: nginx (Debian nginx-light) on 127.0.0.1, one worker, `return 200 "ok"`.
# Measures: sequential latency (median and p90 of N requests, RUNS runs), throughput under
# wrk at 32 connections, CPU per probe (utime+stime of the prober over the wrk run / probes
# served), resident memory (VmRSS idle at once and 2 s after start, after load, and VmHWM;
# RssAnon and RssFile after load).
# Latency and throughput are each measured RUNS times; take the medians.
#
#   bench/prober/run.sh                    # builds opsctl in release mode first
#   OPSCTL=path/to/opsctl N=300 RUNS=3 DURATION=10 bench/prober/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

N=${N:-300}            # sequential requests per run
RUNS=${RUNS:-3}
DURATION=${DURATION:-10}  # seconds of wrk per prober
CONNECTIONS=${CONNECTIONS:-32}

for tool in curl wrk nginx prometheus-blackbox-exporter python3; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing (apt-get install curl wrk nginx-light prometheus-blackbox-exporter)" >&2; exit 1; }
done
if [ -z "${OPSCTL:-}" ]; then
  swift build -c release --product opsctl >/dev/null
  OPSCTL=$(swift build -c release --show-bin-path)/opsctl
fi

work=$(mktemp -d /tmp/opsctl-bench-prober.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "run.sh: nothing listens on port $1" >&2; exit 1
}

target_port=$(free_port); opsctl_port=$(free_port); bbe_port=$(free_port)
target="http://127.0.0.1:$target_port/health"

mkdir -p "$work/nginx"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx; proxy_temp_path $work/nginx; fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;
  server {
    listen 127.0.0.1:$target_port;
    location / { default_type text/plain; return 200 "ok\n"; }
  }
}
CONF
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" & pids+=($!)

cat >"$work/opsctl.yaml" <<CONF
prober:
  listen: 127.0.0.1:$opsctl_port
  log_level: warning
  max_in_flight: 64
  allow_targets:
    - 'http://127\.0\.0\.1:$target_port/health'
  checks:   # the target as a configured check (a set lookup, not the allow_targets regex), probed once an hour
    - name: target
      module: http_2xx
      target: $target
      interval: 1h
CONF
"$OPSCTL" prober --config "$work/opsctl.yaml" & opsctl_pid=$!; pids+=($opsctl_pid)

cat >"$work/blackbox.yml" <<CONF
modules:
  http_2xx:
    prober: http
    timeout: 5s
CONF
prometheus-blackbox-exporter --config.file="$work/blackbox.yml" --web.listen-address="127.0.0.1:$bbe_port" \
  --log.level=warn >"$work/bbe.log" 2>&1 & bbe_pid=$!; pids+=($bbe_pid)

wait_port "$target_port"; wait_port "$opsctl_port"; wait_port "$bbe_port"

declare -A url=(
  [direct]="$target"
  [opsctl_hop]="http://127.0.0.1:$opsctl_port/healthz"
  [bbe_hop]="http://127.0.0.1:$bbe_port/-/healthy"
  [opsctl]="http://127.0.0.1:$opsctl_port/probe?module=http_2xx&target=$target"
  [bbe]="http://127.0.0.1:$bbe_port/probe?module=http_2xx&target=$target"
)
declare -A pid=([opsctl]=$opsctl_pid [bbe]=$bbe_pid)
declare -A median=()

for name in opsctl bbe; do
  curl -fsS "${url[$name]}" | grep -q '^probe_success 1' || { echo "run.sh: $name's probe did not succeed:" >&2; curl -sS "${url[$name]}" >&2; exit 1; }
done

# Median, p90 and count of the durations in seconds on stdin (one a line), in ms.
ms_stats() {
  python3 -c '
import sys, statistics
v = sorted(float(x) * 1000 for x in sys.stdin if x.strip())
print("median=%.3f p90=%.3f n=%d" % (statistics.median(v), v[int(len(v) * 0.9)], len(v)))'
}
rss() { awk -v k="$2:" '$1==k {print $2}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# opsctl: $OPSCTL; blackbox_exporter $(prometheus-blackbox-exporter --version 2>&1 | head -1 | awk '{print $3}'); curl $(curl --version | head -1 | awk '{print $2}')"
echo "rss_idle_kib opsctl=$(rss "$opsctl_pid" VmRSS) bbe=$(rss "$bbe_pid" VmRSS)"
# The same 2 s later, past start-up's transients (opsctl's first scheduled check runs within
# 1 s of start, and its start-up pages are released once it listens; the line above can fall
# between the two).
sleep 2
echo "rss_idle_2s_kib opsctl=$(rss "$opsctl_pid" VmRSS) bbe=$(rss "$bbe_pid" VmRSS)"

# Sequential latency: one curl process per run sends N requests one after the other
# (kept-alive to the prober; "Connection: close" to the target, so the floor pays a
# fresh connection as every probe does). time_total of each request, in ms.
for run in $(seq "$RUNS"); do
  for name in direct opsctl_hop bbe_hop opsctl bbe; do
    args=()
    for _ in $(seq "$N"); do args+=(-o /dev/null "${url[$name]}"); done
    extra=(); [ "$name" = direct ] && extra=(-H "Connection: close")
    line="latency_ms run=$run $(printf '%-10s' "$name") $(curl -s "${extra[@]}" -w '%{time_total}\n' "${args[@]}" | ms_stats)"
    echo "$line"
    median[$name]=$(echo "$line" | sed 's/.*median=\([0-9.]*\).*/\1/')
  done
  # The goal's measure, run by run: opsctl's median over blackbox_exporter's in the same run.
  echo "latency_ratio run=$run opsctl/bbe=$(python3 -c "print('%.2f' % (${median[opsctl]} / ${median[bbe]}))")"
done

# Resident memory while serving: 2 s after the sequential probes above (each prober has served
# RUNS x N probes one at a time, as under Prometheus's scrapes), before wrk's bursts.
sleep 2
echo "rss_serving_kib opsctl=$(rss "$opsctl_pid" VmRSS) bbe=$(rss "$bbe_pid" VmRSS)"

# What each prober reports as the target's time: probe_duration_seconds of N sequential probes,
# its own request to the target, to set beside the floor (the same request made by curl).
for name in opsctl bbe; do
  args=()
  for _ in $(seq "$N"); do args+=("${url[$name]}"); done
  echo "probe_duration_ms $(printf '%-6s' "$name") $(curl -s "${args[@]}" | awk '$1 == "probe_duration_seconds" {print $2}' | ms_stats)"
done

# Throughput under wrk, and the prober's CPU over exactly that run.
for run in $(seq "$RUNS"); do
for name in direct opsctl bbe; do
  before=0; [ "$name" != direct ] && before=$(cpu_ticks "${pid[$name]}")
  out=$(wrk -t 2 -c "$CONNECTIONS" -d "${DURATION}s" "${url[$name]}")
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  errors=$(echo "$out" | awk '/Non-2xx|Socket errors/' | tr -s ' ' | paste -sd ';' -)
  line="throughput run=$run $name rps=$rps requests=$requests${errors:+ errors=[$errors]}"
  if [ "$name" != direct ]; then
    after=$(cpu_ticks "${pid[$name]}")
    line="$line cpu_ms_per_probe=$(python3 -c "print('%.3f' % (($after - $before) * 1000 / $hz / max(1, $requests)))")"
    line="$line rss_kib=$(rss "${pid[$name]}" VmRSS) hwm_kib=$(rss "${pid[$name]}" VmHWM)"
    line="$line anon_kib=$(rss "${pid[$name]}" RssAnon) file_kib=$(rss "${pid[$name]}" RssFile)"
  fi
  echo "$line"
done
done
sleep 6   # opsctl trims its C heap within 5 s of a burst (OpsCore.HeapTrim)
echo "rss_settled_kib opsctl=$(rss "$opsctl_pid" VmRSS) bbe=$(rss "$bbe_pid" VmRSS)"
if [ -n "${SMAPS:-}" ]; then
  # Where opsctl's resident memory is, by mapping (largest first): SMAPS=1 bench/prober/run.sh
  awk '/^[0-9a-f]+-[0-9a-f]+ / {name = NF >= 6 ? $6 : "[anon]"} /^Rss:/ {rss[name] += $2}
       END {for (n in rss) if (rss[n] >= 256) printf "smaps_rss_kib %6d %s\n", rss[n], n}' "/proc/$opsctl_pid/smaps" | sort -k2 -nr
fi
