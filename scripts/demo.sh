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
cleanup() {
  [ -z "$exporter_pid" ] || kill "$exporter_pid" 2>/dev/null || true
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
