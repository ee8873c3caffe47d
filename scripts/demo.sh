#!/usr/bin/env bash
# The demo: installs what is missing, starts a throwaway PostgreSQL with the reference
# schema and demo data, and runs every opsctl job that exists so far, so you see real output.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build
opsctl=$(swift build --show-bin-path)/opsctl

pgdir=$(mktemp -d /tmp/opsctl-demo-pg.XXXXXX)
exporter_pid=""
quota_pid=""
prober_pid=""
targets_pid=""
cleanup() {
  [ -z "$exporter_pid" ] || kill "$exporter_pid" 2>/dev/null || true
  [ -z "$quota_pid" ] || kill "$quota_pid" 2>/dev/null || true
  [ -z "$prober_pid" ] || kill "$prober_pid" 2>/dev/null || true
  [ -z "$targets_pid" ] || kill "$targets_pid" 2>/dev/null || true
  scripts/pg.sh stop "$pgdir"
}
trap cleanup EXIT
scripts/pg.sh start "$pgdir"
scripts/pg.sh seed "$pgdir" small
# shellcheck disable=SC1091
. "$pgdir/env"

banner() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

banner "opsctl exporter: the service's database as Prometheus metrics"
port=$(( 30000 + RANDOM % 20000 ))
"$opsctl" exporter --database-url "$DATABASE_URL" --listen "127.0.0.1:$port" &
exporter_pid=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
metrics() { curl -s "http://127.0.0.1:$port/metrics"; }
show() { echo "\$ curl -s 127.0.0.1:$port/metrics | grep -E '$1'"; metrics | grep -E "$1" | awk -v n="${2:-30}" 'NR <= n'; }
show '^(gmailsvc_jobs|gmailsvc_jobs_stuck|gmailsvc_integrations|gmailsvc_tokens_expiring_24h)\{' 40
show '^(pg_up|pg_stat_activity_count|opsctl_exporter_collector_success)' 20

echo
echo "The service writes 3,000 Gmail API calls to its ledger (as it would between two scrapes);"
echo "the incremental counters read only those new rows:"
psql -X -q "$ADMIN_DATABASE_URL" -c "
  INSERT INTO gmail_api_calls (called_at, user_id, method, status_code, error_reason, latency_ms)
  SELECT now(), 'user-' || lpad((1 + g % 50)::text, 6, '0'),
         (ARRAY['users.messages.list','users.messages.get','users.messages.modify'])[1 + g % 3],
         CASE WHEN g % 40 = 0 THEN 429 ELSE 200 END,
         CASE WHEN g % 40 = 0 THEN 'userRateLimitExceeded' END, 50 + g % 200
  FROM generate_series(1, 3000) g"
echo "\$ curl -s 127.0.0.1:$port/metrics | grep -E '^gmail_api_(calls|errors)_total' | grep -v ' 0\$'"
metrics | grep -E '^gmail_api_(calls|errors)_total' | grep -v ' 0$' || true
echo "\$ curl -s 127.0.0.1:$port/metrics | promtool check metrics"
curl -s "http://127.0.0.1:$port/metrics" | promtool check metrics && echo "promtool: no findings"
kill "$exporter_pid"; wait "$exporter_pid" 2>/dev/null || true; exporter_pid=""

banner "opsctl rules check alerts/*.yaml"
"$opsctl" rules check alerts/*.yaml && echo "clean"
banner "opsctl rules test alerts/tests/*.yaml"
"$opsctl" rules test alerts/tests/*.yaml

banner "opsctl rules check on a rule with a typo (exit code 1 expected)"
bad=$(mktemp -d /tmp/opsctl-demo-bad.XXXXXX)
cat > "$bad/typo.yaml" <<'YAML'
groups:
  - name: demo
    rules:
      - alert: JobsStuck
        expr: sum by (kind) (rate(gmailsvc_jobs_stuck[1m]) > 0
        labels:
          severity: warning
YAML
"$opsctl" rules check "$bad/typo.yaml" || echo "(exit code $?)"

banner "opsctl check-manifests --summary k8s/"
"$opsctl" check-manifests --summary k8s/

banner "opsctl check-manifests on a risky Deployment (exit code 1 expected)"
cat > "$bad/deploy.yaml" <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:latest
          securityContext:
            privileged: true
          env:
            - name: DB_PASSWORD
              value: hunter2
          specDOESNOTEXIST: true
YAML
"$opsctl" check-manifests "$bad/deploy.yaml" || echo "(exit code $?)"

banner "opsctl check-manifests on monitoring objects: a wrong ServiceMonitor port, a PromQL typo (exit code 1 expected)"
cat > "$bad/monitoring.yaml" <<'YAML'
apiVersion: v1
kind: Service
metadata:
  name: gmailsvc-exporter
  namespace: gmailsvc
  labels: {app.kubernetes.io/name: gmailsvc-exporter}
spec:
  selector: {app.kubernetes.io/name: gmailsvc-exporter}
  ports:
    - {name: metrics, port: 9188, targetPort: 9188}
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: gmailsvc-exporter
  namespace: gmailsvc
spec:
  selector:
    matchLabels: {app.kubernetes.io/name: gmailsvc-exporter}
  endpoints:
    - port: http-metrics
      interval: 30s
---
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: gmailsvc
  namespace: gmailsvc
spec:
  groups:
    - name: gmailsvc
      rules:
        - alert: JobsStuck
          expr: |
            sum by (kind) (gmailsvc_jobs_stuck)
              > bool 0)
          for: 10m
          labels: {severity: warning}
YAML
"$opsctl" check-manifests "$bad/monitoring.yaml" || echo "(exit code $?)"
rm -rf "$bad"

banner "opsctl quota: who burns the Gmail API quota (after a throttling burst)"
echo "user-000007 runs a bulk cleanup: 150 batchModify calls (7,500 units) in 30 s, and Gmail refuses 20 more:"
psql -X -q "$ADMIN_DATABASE_URL" -c "
  INSERT INTO gmail_api_calls (called_at, user_id, method, status_code, error_reason, latency_ms)
  SELECT now() - (g % 30) * interval '1 second', 'user-000007', 'users.messages.batchModify',
         CASE WHEN g > 150 THEN 429 ELSE 200 END, CASE WHEN g > 150 THEN 'userRateLimitExceeded' END, 80
  FROM generate_series(1, 170) g"
echo "\$ opsctl quota --window 5m --top 5"
"$opsctl" quota --window 5m --top 5 --database-url "$DATABASE_URL" || echo "(exit code $?)"
echo "\$ opsctl quota plan --user user-000007 --messages 20000 --action archive"
"$opsctl" quota plan --user user-000007 --messages 20000 --action archive --database-url "$DATABASE_URL"

banner "opsctl quota-watcher: the same windows live, and the admission API"
qport=$(( 30000 + RANDOM % 20000 ))
"$opsctl" quota-watcher --database-url "$DATABASE_URL" --listen "127.0.0.1:$qport" --admission-listen "127.0.0.1:$((qport + 1))" --log-level warning &
quota_pid=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$qport/metrics" 2>/dev/null | grep -q '^opsctl_quota_source_up 1' && break; sleep 0.2; done
echo "\$ curl -s 127.0.0.1:$qport/metrics | grep -E '^opsctl_quota_(source_up|project_units_last_minute|users_above_ratio|top_user_units_last_minute)'"
curl -s "http://127.0.0.1:$qport/metrics" | grep -E '^opsctl_quota_(source_up|project_units_last_minute|users_above_ratio|top_user_units_last_minute)' | head -8
echo "\$ curl -s '127.0.0.1:$((qport + 1))/v1/quota/check?user=user-000007&units=500'"
curl -s "http://127.0.0.1:$((qport + 1))/v1/quota/check?user=user-000007&units=500"
kill "$quota_pid"; wait "$quota_pid" 2>/dev/null || true; quota_pid=""

banner "opsctl prober: a live, a refused and a hanging target, and the demo PostgreSQL"
probedir=$(mktemp -d /tmp/opsctl-demo-probe.XXXXXX)
python3 scripts/probe-targets.py "$probedir/ports.json" $$ &
targets_pid=$!
for _ in $(seq 1 50); do [ -s "$probedir/ports.json" ] && break; sleep 0.1; done
web_port=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['http'])" "$probedir/ports.json")
hang_port=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['hang'])" "$probedir/ports.json")
refused_port=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
cat > "$probedir/opsctl.yaml" <<YAML
prober:
  checks:
    - {name: live, module: http_2xx, target: 'http://127.0.0.1:$web_port/ok', interval: 2s, critical: true}
    - {name: refused, module: tcp_connect, target: '127.0.0.1:$refused_port', interval: 2s}
    - {name: hanging, module: http_2xx, target: 'http://127.0.0.1:$hang_port/', interval: 2s, timeout: 1s}
    - {name: database, module: postgres, target_env: DATABASE_URL, interval: 2s, critical: true}
YAML
prober_port=$(( 30000 + RANDOM % 20000 ))
"$opsctl" prober --config "$probedir/opsctl.yaml" --listen "127.0.0.1:$prober_port" --log-level error &
prober_pid=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$prober_port/readyz" >/dev/null && break; sleep 0.2; done
sleep 1.5   # let the hanging check reach its timeout once
echo "\$ curl -s '127.0.0.1:$prober_port/readyz?verbose'"
curl -s "http://127.0.0.1:$prober_port/readyz?verbose"
echo "\$ curl -s 127.0.0.1:$prober_port/metrics | grep -E '^probe_(success|failure_reason|duration_seconds)'"
curl -s "http://127.0.0.1:$prober_port/metrics" | grep -E '^probe_(success|failure_reason|duration_seconds)\{'
echo "\$ curl -s '127.0.0.1:$prober_port/probe?target=http://169.254.169.254/' (not in the config: 403)"
curl -s -w '(HTTP %{http_code})\n' "http://127.0.0.1:$prober_port/probe?target=http://169.254.169.254/"
echo "\$ curl -s 127.0.0.1:$prober_port/metrics | promtool check metrics"
curl -s "http://127.0.0.1:$prober_port/metrics" | promtool check metrics && echo "promtool: no findings"
kill "$prober_pid"; wait "$prober_pid" 2>/dev/null || true; prober_pid=""

banner "opsctl probe: one target by hand (exit code 1 expected for the refused and the hanging one)"
echo "\$ opsctl probe http://127.0.0.1:$web_port/ok"
"$opsctl" probe "http://127.0.0.1:$web_port/ok" || echo "(exit code $?)"
echo "\$ opsctl probe 127.0.0.1:$refused_port"
"$opsctl" probe "127.0.0.1:$refused_port" || echo "(exit code $?)"
echo "\$ opsctl probe --timeout 1s --output json http://127.0.0.1:$hang_port/"
"$opsctl" probe --timeout 1s --output json "http://127.0.0.1:$hang_port/" || echo "(exit code $?)"
echo "\$ opsctl probe --module postgres \"\$DATABASE_URL\""
"$opsctl" probe --module postgres "$DATABASE_URL" || echo "(exit code $?)"
kill "$targets_pid"; wait "$targets_pid" 2>/dev/null || true; targets_pid=""
rm -rf "$probedir"

banner "Where to look next"
cat <<'TEXT'
  README.md                 what each job does, the two commands
  docs/exporter.md          collectors, settings, the ledger counters (docs/ledger-tail.md)
  docs/quota.md             limits, the report, the watcher's metrics and admission API
  docs/prober.md            modules, endpoints, metrics, blackbox.yml import
  docs/check-manifests.md   flags, schemas, custom resources, every check (docs/checks/)
  docs/rules.md             rules check / test, lints (docs/lints/), the PromQL engine (docs/promql.md)
  docs/configuration.md     one opsctl.yaml for every job
  alerts/ runbooks/ dashboards/ k8s/   the ops content (docs/ops-content.md)
TEXT
