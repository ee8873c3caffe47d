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
    // One page per check (docs/checks/<id>.md): CheckDocsTests.
}
