#!/usr/bin/env bash
# Installs what a fresh Debian machine with only Swift lacks. Idempotent: installs only
# what is missing, and runs `apt-get update` only when something is.
set -euo pipefail

packages=(pkg-config libpq-dev libcurl4-openssl-dev postgresql prometheus prometheus-postgres-exporter curl python3 python3-pip openssl python3-yaml)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The SARIF test validates our output against the SARIF 2.1.0 JSON schema with Python's jsonschema.
if ! python3 -c 'import jsonschema' 2>/dev/null; then
  echo "install-deps: installing the Python package jsonschema" >&2
  python3 -m pip install -q jsonschema 2>/dev/null || python3 -m pip install -q --break-system-packages jsonschema
fi
# Debian starts packaged services where it can; opsctl starts its own throwaway ones.
for svc in prometheus prometheus-postgres-exporter prometheus-node-exporter; do
  pkill -x "$svc" 2>/dev/null || true
done
exit 0
