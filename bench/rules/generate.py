#!/usr/bin/env python3
"""Generate a rule-test suite for benchmarking `opsctl rules test` against `promtool test rules`.

    bench/rules/generate.py OUTDIR [GROUPS]   (default 500 test groups)

Writes OUTDIR/rules.yml (5 rule groups, 25 rules) and OUTDIR/suite.yml (GROUPS test groups).
Expectations avoid values that depend on Prometheus 2 vs 3 range-window edges (closed vs
left-open): alerts compare ratios of two rates over identically sampled series, and
expression tests read instant values, so promtool 2.42 and opsctl must both pass every group.
"""
import os
import sys

out = sys.argv[1]
groups = int(sys.argv[2]) if len(sys.argv) > 2 else 500
os.makedirs(out, exist_ok=True)

rules = ["groups:"]
for g in range(5):
    rules.append(f"  - name: service-{g}")
    rules.append("    rules:")
    rules.append(f"      - record: job:requests:rate5m:g{g}")
    rules.append("        expr: sum by (job) (rate(requests_total[5m]))")
    rules.append(f"      - record: job:errors:rate5m:g{g}")
    rules.append("        expr: sum by (job) (rate(errors_total[5m]))")
    rules.append(f"      - alert: HighErrorRatio{g}")
    rules.append(f"        expr: job:errors:rate5m:g{g} / job:requests:rate5m:g{g} > 0.05")
    rules.append("        for: 5m")
    rules.append("        labels: {severity: page}")
    rules.append("        annotations:")
    rules.append('          summary: "{{ $labels.job }} error ratio {{ $value | humanizePercentage }}"')
    rules.append(f"      - alert: InstanceDown{g}")
    rules.append("        expr: up == 0")
    rules.append("        for: 5m")
    rules.append("        labels: {severity: ticket}")
    rules.append("        annotations:")
    rules.append('          summary: "{{ $labels.instance }} of {{ $labels.job }} down"')
    rules.append(f"      - record: job:up:sum:g{g}")
    rules.append("        expr: sum by (job) (up)")
with open(os.path.join(out, "rules.yml"), "w") as f:
    f.write("\n".join(rules) + "\n")

t = ["rule_files: [rules.yml]", "evaluation_interval: 1m", "tests:"]
for i in range(groups):
    job = f"svc-{i}"
    errors = 10 if i % 2 == 0 else 1  # per minute; requests grow 100/min -> ratio 0.1 or 0.01
    g = i % 5
    t += [
        f"  - name: group-{i}",
        "    interval: 1m",
        "    input_series:",
        f"      - series: 'requests_total{{job=\"{job}\", instance=\"a\"}}'",
        "        values: '0+100x15'",
        f"      - series: 'errors_total{{job=\"{job}\", instance=\"a\"}}'",
        f"        values: '0+{errors}x15'",
        f"      - series: 'up{{job=\"{job}\", instance=\"a\"}}'",
        "        values: '1x5 0x10'",
        "    alert_rule_test:",
        "      - eval_time: 3m",
        f"        alertname: InstanceDown{g}",
        "        exp_alerts: []",
        "      - eval_time: 12m",
        f"        alertname: InstanceDown{g}",
        "        exp_alerts:",
        f"          - exp_labels: {{severity: ticket, job: {job}, instance: a}}",
        f"            exp_annotations: {{summary: \"a of {job} down\"}}",
        "      - eval_time: 10m",
        f"        alertname: HighErrorRatio{g}",
    ]
    if errors == 10:
        t += [
            "        exp_alerts:",
            f"          - exp_labels: {{severity: page, job: {job}}}",
            f"            exp_annotations: {{summary: \"{job} error ratio 10%\"}}",
        ]
    else:
        t += ["        exp_alerts: []"]
    t += [
        "    promql_expr_test:",
        "      - expr: requests_total",
        "        eval_time: 5m",
        "        exp_samples:",
        f"          - labels: 'requests_total{{job=\"{job}\", instance=\"a\"}}'",
        "            value: 500",
        f"      - expr: job:up:sum:g{g}",
        "        eval_time: 12m",
        "        exp_samples:",
        f"          - labels: 'job:up:sum:g{g}{{job=\"{job}\"}}'",
        "            value: 0",
    ]
with open(os.path.join(out, "suite.yml"), "w") as f:
    f.write("\n".join(t) + "\n")
print(f"wrote {out}/rules.yml and {out}/suite.yml with {groups} test groups")
