#!/usr/bin/env python3
"""Extract compact Kubernetes JSON schemas for `opsctl check-manifests` from the PyPI package
kubernetes-validate (Apache-2.0, https://github.com/willthames/kubernetes-validate).

    pip download --no-deps kubernetes-validate==1.37.0 -d /tmp/kv
    python3 scripts/manifests-schemas.py /tmp/kv/kubernetes_validate-1.37.0-py3-none-any.whl 1.35.0 1.36.0 1.37.0

Writes Sources/Manifests/Schemas/v<major.minor>.json per version: {"kinds": {"apps/v1/Deployment":
"io.k8s.api.apps.v1.Deployment", ...}, "defs": {...}} from the version's `-local-strict` folder
(_definitions.json, draft 2020-12, additionalProperties false). Dropped: description and the
x-kubernetes-* annotations except x-kubernetes-int-or-string; $refs shortened to the definition name.
"""
import json
import os
import sys
import zipfile

KEEP_X = {"x-kubernetes-int-or-string", "x-kubernetes-preserve-unknown-fields", "x-kubernetes-embedded-resource"}


def strip(node, under_properties=False):
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if under_properties:  # keys are field names here, keep all
                out[key] = strip(value)
                continue
            if key in ("description", "$schema", "$id", "x-kubernetes-group-version-kind"):
                continue
            if key.startswith("x-kubernetes-") and key not in KEEP_X:
                continue
            if key == "$ref":
                out[key] = value.rsplit("/", 1)[-1]
            elif key in ("properties", "$defs", "patternProperties"):
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
    wheel, versions = sys.argv[1], sys.argv[2:]
    target = os.path.join(os.path.dirname(__file__), "..", "Sources", "Manifests", "Schemas")
    with zipfile.ZipFile(wheel) as archive:
        for version in versions:
            base = f"kubernetes_validate/kubernetes-json-schema/v{version}-local-strict/"
            defs = json.loads(archive.read(base + "_definitions.json"))["$defs"]
            kinds = {}
            for name in sorted(archive.namelist()):
                if not name.startswith(base) or name.endswith("_definitions.json") or name.endswith("all.json"):
                    continue
                schema = json.loads(archive.read(name))
                for gvk in schema.get("x-kubernetes-group-version-kind", []):
                    api = f"{gvk['group']}/{gvk['version']}" if gvk["group"] else gvk["version"]
                    key = f"{api}/{gvk['kind']}"
                    # The per-kind file is the definition plus its top-level `required`; keep the definition name.
                    for def_name, definition in defs.items():
                        if gvk in definition.get("x-kubernetes-group-version-kind", []) and len(definition.get("x-kubernetes-group-version-kind", [])) == 1:
                            kinds[key] = def_name
                            break
            out = {"kubernetesVersion": version, "kinds": kinds, "defs": strip(defs, under_properties=True)}
            minor = ".".join(version.split(".")[:2])
            path = os.path.join(target, f"v{minor}.json")
            with open(path, "w") as handle:
                json.dump(out, handle, separators=(",", ":"), sort_keys=True)
            print(f"{path}: {len(kinds)} kinds, {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
