#!/usr/bin/env python3
"""Generate a monitoring corpus for the check-manifests benchmark, in the style of kube-prometheus:
per application namespace a Namespace, Deployment, Service, ServiceMonitor (or PodMonitor) and a
PrometheusRule with recording and alerting rules (PromQL in `expr: |` block scalars), plus one
monitoring namespace with Prometheus, Alertmanager, their Services and a Probe. Deterministic (seed 42).

    python3 bench/manifests/generate_monitoring.py --docs 5000 --out /tmp/opsctl-monitoring-corpus
"""
import argparse
import os
import random
import shutil

import yaml


def rule_groups(rng, app):
    job = f"{app}"
    groups = []
    for g in range(rng.randint(2, 4)):
        rules = []
        for r in range(rng.randint(3, 8)):
            window = rng.choice(["2m", "5m", "10m"])
            rules.append({"record": f"job:{app.replace('-', '_')}_http_requests:rate{window}_{g}_{r}",
                          "expr": f"sum by (job, code) (rate(http_requests_total{{job=\"{job}\"}}[{window}]))\n"})
        for r in range(rng.randint(2, 6)):
            threshold = rng.choice(["0.01", "0.05", "0.1"])
            rules.append({
                "alert": f"{app.title().replace('-', '')}HighErrorRate{g}{r}",
                "expr": (f"sum by (job) (rate(http_requests_total{{job=\"{job}\",code=~\"5..\"}}[5m]))\n"
                         f"  / sum by (job) (rate(http_requests_total{{job=\"{job}\"}}[5m])) > {threshold}\n"),
                "for": rng.choice(["5m", "10m", "15m"]),
                "labels": {"severity": rng.choice(["warning", "critical"])},
                "annotations": {
                    "summary": f"{app} answers more than {threshold} of requests with 5xx",
                    "description": "{{ $labels.job }} has an error ratio of {{ $value | humanizePercentage }}.",
                    "runbook_url": f"https://runbooks.example.com/{app}/high-error-rate",
                },
            })
        groups.append({"name": f"{app}.rules.{g}", "rules": rules})
    return groups


def app_objects(rng, n):
    app = f"svc-{n:04d}"
    ns = f"team-{n % 40:02d}"
    labels = {"app.kubernetes.io/name": app, "app.kubernetes.io/part-of": "shop"}
    meta = lambda name=app, extra=None: {"name": name, "namespace": ns, "labels": {**labels, **(extra or {})}}
    docs = [
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": meta(),
         "spec": {"replicas": 2, "selector": {"matchLabels": labels},
                  "template": {"metadata": {"labels": labels}, "spec": {
                      "containers": [{"name": app, "image": f"registry.example.com/{app}:1.{n % 9}.0",
                                      "ports": [{"name": "http", "containerPort": 8080}, {"name": "metrics", "containerPort": 9090}],
                                      "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"memory": "256Mi"}}}]}}}},
        {"apiVersion": "v1", "kind": "Service", "metadata": meta(),
         "spec": {"selector": labels, "ports": [{"name": "http", "port": 80, "targetPort": "http"},
                                                {"name": "metrics", "port": 9090, "targetPort": "metrics"}]}},
    ]
    if rng.random() < 0.8:
        port = "metrics" if rng.random() < 0.95 else "http-metrics"  # a few wrong port names
        docs.append({"apiVersion": "monitoring.coreos.com/v1", "kind": "ServiceMonitor", "metadata": meta(extra={"release": "main"}),
                     "spec": {"selector": {"matchLabels": labels},
                              "endpoints": [{"port": port, "interval": "30s", "scrapeTimeout": "10s", "path": "/metrics"}]}})
    else:
        docs.append({"apiVersion": "monitoring.coreos.com/v1", "kind": "PodMonitor", "metadata": meta(extra={"release": "main"}),
                     "spec": {"selector": {"matchLabels": labels}, "podMetricsEndpoints": [{"port": "metrics", "interval": "30s"}]}})
    docs.append({"apiVersion": "monitoring.coreos.com/v1", "kind": "PrometheusRule", "metadata": meta(extra={"role": "alert-rules"}),
                 "spec": {"groups": rule_groups(rng, app)}})
    return ns, docs


def platform_objects():
    meta = lambda name: {"name": name, "namespace": "monitoring", "labels": {"app.kubernetes.io/name": name, "app.kubernetes.io/part-of": "kube-prometheus"}}
    return [
        {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "monitoring"}},
        {"apiVersion": "monitoring.coreos.com/v1", "kind": "Prometheus", "metadata": meta("k8s"),
         "spec": {"replicas": 2, "retention": "15d", "serviceMonitorSelector": {"matchLabels": {"release": "main"}},
                  "serviceMonitorNamespaceSelector": {}, "podMonitorSelector": {"matchLabels": {"release": "main"}},
                  "podMonitorNamespaceSelector": {}, "ruleSelector": {"matchLabels": {"role": "alert-rules"}},
                  "ruleNamespaceSelector": {}, "probeSelector": {}, "probeNamespaceSelector": {},
                  "alerting": {"alertmanagers": [{"namespace": "monitoring", "name": "alertmanager-main", "port": "web"}]},
                  "resources": {"requests": {"memory": "400Mi"}}, "securityContext": {"runAsNonRoot": True, "runAsUser": 1000, "fsGroup": 2000}}},
        {"apiVersion": "monitoring.coreos.com/v1", "kind": "Alertmanager", "metadata": meta("main"),
         "spec": {"replicas": 3, "resources": {"requests": {"memory": "100Mi"}}}},
        {"apiVersion": "monitoring.coreos.com/v1", "kind": "Probe", "metadata": meta("shop-frontpage"),
         "spec": {"prober": {"url": "blackbox-exporter.monitoring.svc:19115"}, "module": "http_2xx", "interval": "30s",
                  "targets": {"staticConfig": {"static": ["https://shop.example.com"]}}}},
    ]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = random.Random(42)
    shutil.rmtree(args.out, ignore_errors=True)
    os.makedirs(args.out)
    docs_written = 0
    namespaces = set()
    with open(os.path.join(args.out, "platform.yaml"), "w") as out:
        docs = platform_objects()
        yaml.safe_dump_all(docs, out, sort_keys=False)
        docs_written += len(docs)
    n = 0
    while docs_written < args.docs:
        ns, docs = app_objects(rng, n)
        if ns not in namespaces:
            namespaces.add(ns)
            docs.insert(0, {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}})
        with open(os.path.join(args.out, f"app-{n:04d}.yaml"), "w") as out:
            yaml.safe_dump_all(docs, out, sort_keys=False, width=200)
        docs_written += len(docs)
        n += 1
    print(f"{docs_written} documents in {n + 1} files -> {args.out}")


if __name__ == "__main__":
    main()
