#!/usr/bin/env bash
# Rewrites docs/checks/<id>.md (one page per check-manifests check) and docs/lints/<id>.md (one per
# rules lint) from the check registry, the lints and each check's fixtures; CheckDocsTests and
# LintDocsTests fail when they are stale.
set -euo pipefail
cd "$(dirname "$0")/.."
OPSCTL_UPDATE_DOCS=1 swift test --no-parallel --filter "CheckDocsTests|LintDocsTests"
