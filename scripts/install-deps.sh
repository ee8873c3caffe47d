#!/usr/bin/env bash
# Installs what a fresh Debian machine with only Swift lacks. Idempotent: installs only
# what is missing, and runs `apt-get update` only when something is.
set -euo pipefail

packages=(pkg-config libpq-dev libcurl4-openssl-dev postgresql prometheus prometheus-postgres-exporter curl)
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
# Debian starts packaged services where it can; opsctl starts its own throwaway ones.
for svc in prometheus prometheus-postgres-exporter prometheus-node-exporter; do
  pkill -x "$svc" 2>/dev/null || true
done
exit 0
