import Foundation
import Manifests
import Testing

/// One page per check under `docs/checks/<id>.md` (pint's habit: the id ties code, output and
/// docs). Each page is rendered from the registry (severity, why, fix) and the check's own
/// fixtures, so the page shows exactly what `--list-checks` says and what the tests run.
/// The test fails when a page is missing, stale, or names a check that does not exist;
/// `scripts/update-check-docs.sh` rewrites the pages.
@Suite("check docs")
struct CheckDocsTests {
    static let docsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/checks")
    static var updating: Bool { ProcessInfo.processInfo.environment["OPSCTL_UPDATE_DOCS"] == "1" }

    @Test("every check has its page, and every page its check")
    func pagesMatchTheRegistry() throws {
        let fileManager = FileManager.default
        if Self.updating { try fileManager.createDirectory(at: Self.docsDirectory, withIntermediateDirectories: true) }
        var stale: [String] = []
        for check in CheckRegistry.all {
            let expected = try Self.page(for: check)
            let url = Self.docsDirectory.appendingPathComponent("\(check.id).md")
            if Self.updating {
                try expected.write(to: url, atomically: true, encoding: .utf8)
            } else if (try? String(contentsOf: url, encoding: .utf8)) != expected {
                stale.append(check.id)
            }
        }
        #expect(stale.isEmpty, "docs/checks pages missing or stale (run scripts/update-check-docs.sh): \(stale)")

        let pages = try fileManager.contentsOfDirectory(atPath: Self.docsDirectory.path)
            .filter { $0.hasSuffix(".md") && $0 != "README.md" }
            .map { String($0.dropLast(3)) }
        let ids = Set(CheckRegistry.all.map(\.id))
        let orphans = pages.filter { !ids.contains($0) }.sorted()
        #expect(orphans.isEmpty, "docs/checks pages without a check: \(orphans)")
        #expect(pages.count == ids.count)
    }

    static func page(for check: any Check) throws -> String {
        let fail = String(decoding: try Fixtures.bytes("checks/\(check.id)/fail.yaml"), as: UTF8.self)
        let pass = String(decoding: try Fixtures.bytes("checks/\(check.id)/pass.yaml"), as: UTF8.self)
        let optIn = check.enabledByDefault ? "" : "\nOff by default: turn it on with `enable: [\(check.id)]` under `manifests:` in `.opsctl.yaml`.\n"
        return """
            # `\(check.id)`

            Severity: **\(check.severity.rawValue)** (re-grade it under `manifests: severity:` in `.opsctl.yaml`). Back to [all checks](../check-manifests.md#checks).
            \(optIn)
            ## Why

            \(check.why)

            ## Fix

            \(check.fix)

            ## Example that fails

            The lines marked `# expect: \(check.id)` are where opsctl reports it
            (`Tests/ManifestsTests/Fixtures/checks/\(check.id)/fail.yaml`):

            ```yaml
            \(fail.trimmingCharacters(in: .newlines))
            ```

            ## Example that passes

            ```yaml
            \(pass.trimmingCharacters(in: .newlines))
            ```

            ## Ignoring it

            For one object, with the reason after `#`:

            ```yaml
            metadata:
              annotations:
                opsctl.dev/ignore: "\(check.id) # why this object is the exception"
            ```

            For one container of a pod: `opsctl.dev/ignore.container.NAME: "\(check.id) # reason"`.
            Everywhere: `disable: [\(check.id)]` under `manifests:` in `.opsctl.yaml`.

            """
    }
}
