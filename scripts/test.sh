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
# The full log goes to a file; the screen gets everything but the per-case chatter.
log=$(mktemp /tmp/opsctl-swift-test.XXXXXX.log)
set +e
# --no-parallel: the fault tests bound how fast a timeout or a dead database comes back,
# and blocking test helpers (libpq, waitpid) in parallel suites share the 2-thread
# cooperative pool of a 2-core machine, which made those bounds flaky. Serial is ~45 s.
swift test --no-parallel >"$log" 2>&1
status=$?
set -e
grep -vE '^(Test Case|◇ Test|↳|\[[0-9]+/[0-9]+\])' "$log" || true
if [ "$status" -ne 0 ]; then
  echo "swift test failed with exit code $status (full log: $log)" >&2
  exit "$status"
fi

scripts/check-content.sh
