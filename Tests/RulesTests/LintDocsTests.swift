import Foundation
import Testing
@testable import Rules

/// One page per lint under `docs/lints/<id>.md` (`alerts/for` -> `docs/lints/alerts/for.md`, as
/// pint documents its checks), rendered from the lint's why, fix and example, with the finding
/// the example really gives. The test fails when a page is missing, stale or has no lint, and
/// when an example does not trigger its lint; `OPSCTL_UPDATE_DOCS=1 swift test --filter
/// LintDocsTests` (scripts/update-check-docs.sh) rewrites the pages.
@Suite struct LintDocsTests {
    static let docsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/lints")
    static var updating: Bool { ProcessInfo.processInfo.environment["OPSCTL_UPDATE_DOCS"] == "1" }

    /// A runbook root that holds the runbooks the examples link to, so only the lint shown fires.
    /// Pages show it as `.` (the default `runbook_root`), so they do not depend on where tests run.
    static let runbookRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().appendingPathComponent("Fixtures/lint-runbooks").path

    @Test func everyLintHasItsPageAndEveryPageItsLint() throws {
        var stale: [String] = []
        for lint in Lints.all {
            #expect(!lint.why.isEmpty && !lint.fix.isEmpty && !lint.example.isEmpty, "\(lint.id): why, fix and example are required")
            let findings = Self.findings(of: lint)
            #expect(findings.contains { $0.id == lint.id }, "the example of \(lint.id) must trigger it; it gives \(findings.map(\.id))")
            let page = Self.page(for: lint, findings: findings.filter { $0.id == lint.id })
            let url = Self.docsDirectory.appendingPathComponent("\(lint.id).md")
            if Self.updating {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try page.write(to: url, atomically: true, encoding: .utf8)
            } else if (try? String(contentsOf: url, encoding: .utf8)) != page {
                stale.append(lint.id)
            }
        }
        #expect(stale.isEmpty, "docs/lints pages missing or stale (run scripts/update-check-docs.sh): \(stale)")

        let enumerator = FileManager.default.enumerator(atPath: Self.docsDirectory.path)
        var pages: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".md") { pages.append(String(path.dropLast(3))) }
        }
        let ids = Set(Lints.all.map(\.id))
        #expect(pages.filter { !ids.contains($0) }.isEmpty, "docs/lints pages without a lint: \(pages.filter { !ids.contains($0) })")
        #expect(Set(pages) == ids)
    }

    static func findings(of lint: any Lint) -> [Finding] {
        var config = LintConfig()
        config.runbookRoot = runbookRoot
        return RulesChecker(config: config).check(path: "example.yaml", text: exampleFile(lint))
    }

    static func exampleFile(_ lint: any Lint) -> String {
        "groups:\n  - name: example\n    rules:\n" + lint.example.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n") + "\n"
    }

    static func page(for lint: any Lint, findings: [Finding]) -> String {
        """
        # `\(lint.id)`

        A warning of `opsctl rules check`. Back to [the lints](../../rules.md).

        ## Why

        \(lint.why)

        ## Fix

        \(lint.fix)

        ## Example

        `example.yaml`:

        ```yaml
        \(exampleFile(lint).trimmingCharacters(in: .newlines))
        ```

        ```
        $ opsctl rules check example.yaml
        \(FindingTextReporter.render(findings).replacingOccurrences(of: runbookRoot, with: ".").trimmingCharacters(in: .newlines))
        ```

        ## Turning it off

        `disabled: [\(lint.id)]` in the lint config (`opsctl rules check --config FILE`).

        """
    }
}
