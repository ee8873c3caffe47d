#!/usr/bin/env bash
# The demo: installs what is missing, starts a throwaway PostgreSQL with the reference
# schema and demo data, and runs every opsctl job that exists so far, so you see real output.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build
opsctl=$(swift build --show-bin-path)/opsctl

pgdir=$(mktemp -d /tmp/opsctl-demo-pg.XXXXXX)
trap 'scripts/pg.sh stop "$pgdir"' EXIT
scripts/pg.sh start "$pgdir"
scripts/pg.sh seed "$pgdir" small
# shellcheck disable=SC1091
. "$pgdir/env"

echo "== opsctl --help"
"$opsctl" --help
