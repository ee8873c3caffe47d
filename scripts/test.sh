#!/usr/bin/env bash
# The test command: installs what is missing, starts a throwaway PostgreSQL with the
# reference schema and small demo data, runs `swift test`, then checks the ops content.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

pgdir=$(mktemp -d /tmp/opsctl-test-pg.XXXXXX)
trap 'scripts/pg.sh stop "$pgdir"' EXIT
scripts/pg.sh start "$pgdir"
scripts/pg.sh seed "$pgdir" small
# shellcheck disable=SC1091
. "$pgdir/env"
export OPSCTL_TEST_DATABASE_URL="$DATABASE_URL" OPSCTL_TEST_ADMIN_DATABASE_URL="$ADMIN_DATABASE_URL"

swift build
swift test 2>&1 | tee /tmp/opsctl-swift-test.log | grep -vE "^(Test Case|\[[0-9]+/[0-9]+\])" || true
test "${PIPESTATUS[0]}" -eq 0 || { echo "swift test failed (full log: /tmp/opsctl-swift-test.log)"; exit 1; }

scripts/check-content.sh
