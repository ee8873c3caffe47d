#!/usr/bin/env bash
# Checks of the ops content that ships with opsctl: alerts/, k8s/, dashboards/.
set -euo pipefail
cd "$(dirname "$0")/.."
opsctl=$(swift build --show-bin-path)/opsctl
echo "check-content: nothing to check yet"
