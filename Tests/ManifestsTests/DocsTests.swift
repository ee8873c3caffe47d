import Foundation
import Manifests
import Testing

/// docs/check-manifests.md holds the checks table exactly as `--list-checks` renders it in markdown.
@Suite("docs")
struct DocsTests {
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    @Test("docs/check-manifests.md lists every check and built-in id with the registry's severity, why and fix")
    func checksTableMatchesRegistry() throws {
        let page = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("docs/check-manifests.md"), encoding: .utf8)
        let table = CheckListReporter.render(markdown: true)
        #expect(page.contains(table), "regenerate the table in docs/check-manifests.md from CheckListReporter.render(markdown: true)")
        for id in CheckRegistry.all.map(\.id) + CheckRegistry.builtInIDs {
            #expect(table.contains("| `\(id)`"), "\(id)")
        }
        #expect(CheckRegistry.all.count >= 40)
    }

    @Test("docs/checks holds one page per check id, with the registry's severity, why and fix, and no page for an unknown id")
    func checkPagesMatchRegistry() throws {
        let folder = Self.repositoryRoot.appendingPathComponent("docs/checks")
        let pages = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".md") }
        #expect(Set(pages.map { String($0.dropLast(3)) }) == Set(CheckRegistry.all.map(\.id)),
                "run scripts/manifests-check-docs.py after adding, renaming or removing a check")
        for check in CheckRegistry.all {
            let page = try String(contentsOf: folder.appendingPathComponent("\(check.id).md"), encoding: .utf8)
            #expect(page.hasPrefix("# `\(check.id)`\n"), "\(check.id)")
            #expect(page.contains("Severity: **\(check.severity.rawValue)**"), "\(check.id)")
            #expect(page.contains("**Why.** \(check.why)\n"), "\(check.id)")
            #expect(page.contains("**Fix.** \(check.fix)\n"), "\(check.id)")
            let fail = String(decoding: try Fixtures.bytes("checks/\(check.id)/fail.yaml"), as: UTF8.self)
            #expect(page.contains(fail.trimmingCharacters(in: .newlines)), "\(check.id): the failing example is not the fixture")
        }
    }
}
