#!/usr/bin/env python3
"""Write docs/checks/<id>.md for every check of `opsctl check-manifests --list-checks`: severity,
why, fix, and the check's own fixtures (Tests/ManifestsTests/Fixtures/checks/<id>/fail.yaml and
pass.yaml) as the failing and passing examples. DocsTests fails when these pages and the registry
disagree; re-run after adding or changing a check:

    swift build && python3 scripts/manifests-check-docs.py "$(swift build --show-bin-path)/opsctl"
"""
import os
import re
import subprocess
import sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
opsctl = sys.argv[1]
lines = subprocess.run([opsctl, "check-manifests", "--list-checks"], capture_output=True, text=True, check=True).stdout.rstrip("\n").split("\n")
target = os.path.join(root, "docs", "checks")
os.makedirs(target, exist_ok=True)
for name in os.listdir(target):
    if name.endswith(".md"):
        os.remove(os.path.join(target, name))
count = 0
for i in range(0, len(lines), 2):
    match = re.match(r"^(\S+)\s+(info|warning|error)\s+(.*)$", lines[i])
    check, severity, why = match.group(1), match.group(2), match.group(3)
    fix = lines[i + 1].strip()[len("fix: "):]
    fixtures = os.path.join(root, "Tests", "ManifestsTests", "Fixtures", "checks", check)
    if not os.path.isdir(fixtures):
        continue  # a finding of the engine itself (yaml-syntax, schema, ...): listed in docs/check-manifests.md
    with open(os.path.join(fixtures, "fail.yaml")) as f:
        fail = f.read().rstrip("\n")
    with open(os.path.join(fixtures, "pass.yaml")) as f:
        passing = f.read().rstrip("\n")
    with open(os.path.join(target, f"{check}.md"), "w") as out:
        out.write(f"# `{check}`\n\n")
        out.write(f"Severity: **{severity}** (re-grade or disable it in `.opsctl.yaml`; ignore it per object with "
                  f"`opsctl.dev/ignore: {check} # reason`).\n\n")
        out.write(f"**Why.** {why}\n\n**Fix.** {fix}\n\n")
        out.write("Reported by `opsctl check-manifests`; all checks: [../check-manifests.md](../check-manifests.md).\n\n")
        out.write("## Fails (a finding on each line marked `# expect:`)\n\n```yaml\n" + fail + "\n```\n\n")
        out.write("## Passes\n\n```yaml\n" + passing + "\n```\n")
    count += 1
print(f"{count} pages -> docs/checks/")
