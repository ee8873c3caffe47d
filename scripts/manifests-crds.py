#!/usr/bin/env python3
"""Bundle CustomResourceDefinitions for `opsctl check-manifests` (the prometheus-operator CRDs).

    python3 scripts/manifests-crds.py ../shared/crds/prometheus-operator-v0.93.0 prometheus-operator

Reads every CustomResourceDefinition in the folder's *.yaml files and writes
Sources/Manifests/Schemas/crds/<name>.json: {"kinds": {"monitoring.coreos.com/v1/ServiceMonitor":
"monitoring.coreos.com/v1/ServiceMonitor", ...}, "defs": {<same key>: <openAPIV3Schema>}}, one entry per
served version, in the bundle format of the Kubernetes schemas (scripts/manifests-schemas.py).
Dropped, as there: `description` and the x-kubernetes-* annotations except int-or-string,
preserve-unknown-fields and embedded-resource. The schemas stay as the CRD writes them (no
additionalProperties added): opsctl turns a CRD schema into a strict one at run time, the same way for
bundled CRDs, CRDs in the run and `--crd` files (Sources/Manifests/Schema/CRDSchema.swift).
LICENSE and NOTICE of the source folder are copied beside the bundle.
"""
import json
import os
import shutil
import sys

import yaml

# PyYAML reads a plain `=` (an enum value of AlertmanagerConfig's matchType) as YAML 1.1's value tag.
yaml.CSafeLoader.add_constructor("tag:yaml.org,2002:value", lambda loader, node: loader.construct_scalar(node))

KEEP_X = {"x-kubernetes-int-or-string", "x-kubernetes-preserve-unknown-fields", "x-kubernetes-embedded-resource"}


def strip(node, under_properties=False):
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if under_properties:  # keys are field names here, keep all
                out[key] = strip(value)
                continue
            if key in ("description", "$schema", "$id"):
                continue
            if key.startswith("x-kubernetes-") and key not in KEEP_X:
                continue
            if key == "properties":
                out[key] = strip(value, under_properties=True)
            elif key == "enum":
                out[key] = value
            else:
                out[key] = strip(value)
        return out
    if isinstance(node, list):
        return [strip(item) for item in node]
    return node


def main():
    source, name = sys.argv[1], sys.argv[2]
    target = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "Manifests", "Schemas", "crds")
    os.makedirs(target, exist_ok=True)
    kinds, defs = {}, {}
    for file in sorted(os.listdir(source)):
        if not file.endswith(".yaml"):
            continue
        with open(os.path.join(source, file)) as handle:
            for doc in yaml.load_all(handle, Loader=yaml.CSafeLoader):
                if not doc or doc.get("kind") != "CustomResourceDefinition":
                    continue
                spec = doc["spec"]
                for version in spec["versions"]:
                    if not version.get("served", False):
                        continue
                    key = f"{spec['group']}/{version['name']}/{spec['names']['kind']}"
                    kinds[key] = key
                    defs[key] = strip(version["schema"]["openAPIV3Schema"])
    with open(os.path.join(target, f"{name}.json"), "w") as out:
        json.dump({"kinds": kinds, "defs": defs}, out, separators=(",", ":"), sort_keys=True)
    for notice in ("LICENSE", "NOTICE"):
        if os.path.exists(os.path.join(source, notice)):
            shutil.copy(os.path.join(source, notice), os.path.join(target, f"{name}.{notice}"))
    print(f"{len(kinds)} kinds -> {target}/{name}.json")


if __name__ == "__main__":
    main()
