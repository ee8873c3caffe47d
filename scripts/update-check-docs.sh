#!/usr/bin/env bash
# Rewrites docs/checks/<id>.md (one page per check-manifests check) from the check registry and
# each check's fixtures. Tests/ManifestsTests/CheckDocsTests.swift fails when they are stale.
set -euo pipefail
cd "$(dirname "$0")/.."
OPSCTL_UPDATE_DOCS=1 swift test --no-parallel --filter CheckDocsTests
