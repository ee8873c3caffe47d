#!/usr/bin/env python3
"""Generate the check-manifests benchmark corpus: real-looking application bundles (Deployment,
Service, ConfigMap, ServiceAccount, PDB, NetworkPolicy, HPA, Ingress, CronJob, StatefulSet) with
generated variants (names, images, replicas, env, probes, some typos/bad tags/missing resources,
some JSON files), plus the project's own real manifests (k8s/) copied in.

    python3 bench/manifests/generate.py --docs 10000 --out bench/manifests/corpus
"""
import argparse
import json
import os
import random
import shutil

import yaml  # PyYAML, only to write JSON variants from the same dicts

LABELS = ["app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/version",
          "app.kubernetes.io/component", "app.kubernetes.io/part-of", "app.kubernetes.io/managed-by"]


def labels(app, version):
    return {LABELS[0]: app, LABELS[1]: app, LABELS[2]: version, LABELS[3]: "backend",
            LABELS[4]: "shop", LABELS[5]: "helm"}


def container(rng, app, version, index):
    image_tag = rng.choice([version, version, version, "latest", ""])
    image = f"registry.example.com/{app}" + (f":{image_tag}" if image_tag else "")
    c = {
        "name": f"{app}-{index}" if index else app,
        "image": image,
        "imagePullPolicy": rng.choice(["IfNotPresent", "Always", "IfNotPresent"]),
        "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"}],
        "env": [{"name": f"FEATURE_{n}", "value": str(rng.randint(0, 1))} for n in range(rng.randint(2, 12))]
               + [{"name": "DATABASE_URL", "valueFrom": {"secretKeyRef": {"name": f"{app}-db", "key": "url"}}}],
        "readinessProbe": {"httpGet": {"path": "/readyz", "port": "http"}, "periodSeconds": 10},
        "livenessProbe": {"httpGet": {"path": "/healthz", "port": "http"}, "periodSeconds": 20},
        "securityContext": {"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True,
                            "runAsNonRoot": True, "capabilities": {"drop": ["ALL"]}},
        "volumeMounts": [{"name": "config", "mountPath": "/etc/app", "readOnly": True}],
    }
    if rng.random() < 0.85:
        c["resources"] = {"requests": {"cpu": f"{rng.choice([50, 100, 250])}m", "memory": f"{rng.choice([64, 128, 256])}Mi"},
                          "limits": {"cpu": rng.choice(["500m", "1", "2"]), "memory": f"{rng.choice([256, 512])}Mi"}}
    if rng.random() < 0.03:
        c["imagePullPolice"] = "Always"  # typo: unknown field
    if rng.random() < 0.03:
        c["ports"][0]["containerPort"] = "8080"  # wrong type
    return c


def pod_spec(rng, app, version):
    spec = {
        "serviceAccountName": app,
        "automountServiceAccountToken": False,
        "securityContext": {"runAsNonRoot": True, "runAsUser": 10001, "seccompProfile": {"type": "RuntimeDefault"}},
        "containers": [container(rng, app, version, i) for i in range(rng.choice([1, 1, 1, 2]))],
        "volumes": [{"name": "config", "configMap": {"name": f"{app}-config"}}],
    }
    if rng.random() < 0.3:
        spec["initContainers"] = [container(rng, app, version, 9)]
    return spec


def bundle(rng, n, namespace=None):
    app = f"svc{n:05d}"
    ns = namespace or f"team{n % 17}"
    version = f"{rng.randint(1, 4)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}"
    meta = lambda name=app: {"name": name, "namespace": ns, "labels": labels(app, version)}
    selector = {LABELS[0]: app, LABELS[1]: app}
    replicas = rng.choice([1, 2, 3, 3, 5])
    template = {"metadata": {"labels": labels(app, version),
                             "annotations": {"prometheus.io/scrape": "true"}},
                "spec": pod_spec(rng, app, version)}
    docs = [
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": meta(), "automountServiceAccountToken": False},
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta(f"{app}-config"),
         "data": {"app.yaml": "\n".join(f"key{i}: value{i}" for i in range(rng.randint(3, 30))) + "\n",
                  "LOG_LEVEL": rng.choice(["info", "debug"])}},
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": meta(),
         "spec": {"replicas": replicas, "selector": {"matchLabels": selector},
                  "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 0}},
                  "template": template}},
        {"apiVersion": "v1", "kind": "Service", "metadata": meta(),
         "spec": {"type": "ClusterIP", "selector": selector if rng.random() > 0.02 else {LABELS[0]: app + "x"},
                  "ports": [{"name": "http", "port": 80, "targetPort": "http", "protocol": "TCP"}]}},
        {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": meta(),
         "spec": {"minAvailable": 1, "selector": {"matchLabels": selector}}},
        {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": meta(),
         "spec": {"podSelector": {"matchLabels": selector}, "policyTypes": ["Ingress"],
                  "ingress": [{"from": [{"podSelector": {"matchLabels": {LABELS[0]: "gateway"}}}],
                               "ports": [{"port": "http", "protocol": "TCP"}]}]}},
        {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": meta(),
         "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": app},
                  "minReplicas": 2, "maxReplicas": 10,
                  "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}}}]}},
        {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": meta(),
         "spec": {"ingressClassName": "nginx",
                  "rules": [{"host": f"{app}.example.com", "http": {"paths": [
                      {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": app, "port": {"name": "http"}}}}]}}]}},
        {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": meta(f"{app}-cleanup"),
         "spec": {"schedule": "*/30 * * * *", "concurrencyPolicy": "Forbid", "startingDeadlineSeconds": 300,
                  "jobTemplate": {"spec": {"backoffLimit": 2, "template": {"metadata": {"labels": labels(app, version)},
                                   "spec": dict(pod_spec(rng, app, version), restartPolicy="OnFailure")}}}}},
    ]
    if rng.random() < 0.3:
        docs.append({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": meta(f"{app}-db"),
                     "spec": {"serviceName": f"{app}-db", "replicas": 3, "selector": {"matchLabels": {LABELS[0]: app + "-db"}},
                              "template": {"metadata": {"labels": {LABELS[0]: app + "-db"}}, "spec": pod_spec(rng, app, version)},
                              "volumeClaimTemplates": [{"metadata": {"name": "data"}, "spec": {
                                  "accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "10Gi"}}}}]}})
    if rng.random() < 0.02:
        docs[2]["spec"]["template"]["specc"] = docs[2]["spec"]["template"].pop("spec")  # the classic typo
    if rng.random() < 0.02:
        docs.append({"apiVersion": "extensions/v1beta1", "kind": "Ingress", "metadata": meta(f"{app}-old"), "spec": {}})
    return docs


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "corpus"))
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--namespace", help="put every generated object in this one namespace "
                        "(the worst case for cross-object checks; default: 17 team namespaces)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    os.makedirs(args.out)
    real = os.path.join(os.path.dirname(__file__), "..", "..", "k8s")
    count = 0
    if os.path.isdir(real):
        os.makedirs(os.path.join(args.out, "real"))
        for folder, _, names in sorted(os.walk(real)):  # k8s/templates/ too
            for name in sorted(names):
                target = os.path.join(args.out, "real", os.path.relpath(folder, real))
                os.makedirs(target, exist_ok=True)
                shutil.copy(os.path.join(folder, name), os.path.join(target, name))
                count += 1
    n = 0
    while count < args.docs:
        docs = bundle(rng, n, args.namespace)
        folder = os.path.join(args.out, f"team{n % 17}")
        os.makedirs(folder, exist_ok=True)
        if n % 25 == 0:  # some JSON, one object per file (as kubectl -o json writes)
            for i, doc in enumerate(docs):
                with open(os.path.join(folder, f"{doc['metadata']['name']}-{doc['kind'].lower()}-{i}.json"), "w") as f:
                    json.dump(doc, f, indent=2)
        else:
            with open(os.path.join(folder, f"{docs[0]['metadata']['name']}.yaml"), "w") as f:
                yaml.safe_dump_all(docs, f, sort_keys=False, explicit_start=True)
        count += len(docs)
        n += 1
    print(f"{args.out}: {count} documents")


if __name__ == "__main__":
    main()
