import Foundation
import Testing
@testable import Rules

/// Runs every row of ../shared/conformance/promtool/EXPECTED.tsv through our check/test
/// code paths and expects promtool's exit code. Fixtures are read in place.
@Suite struct PromtoolParityTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var command: String
        var arguments: [String]
        var expected: Int32
        var note: String
        var testDescription: String { "\(command) \(arguments.joined(separator: " ")) -> \(expected)" }
    }

    /// The package root is three levels up from this file; shared/ is its sibling. A git
    /// worktree may sit one level deeper, so look in the ancestors too.
    static var fixtureDirectory: URL? {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.deletingLastPathComponent().appendingPathComponent("shared/conformance/promtool")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("EXPECTED.tsv").path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    static var rows: [Row] {
        guard let dir = fixtureDirectory,
              let text = try? String(contentsOf: dir.appendingPathComponent("EXPECTED.tsv"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            if line.hasPrefix("#") { return nil }
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard cols.count >= 3, let code = Int32(cols[2]) else { return nil }
            return Row(command: cols[0], arguments: cols[1].split(separator: " ").map(String.init), expected: code,
                       note: cols.count > 3 ? cols[3] : "")
        }
    }

    @Test func fixturesAreFound() throws {
        let dir = try #require(Self.fixtureDirectory, "shared/conformance/promtool not found next to the package")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("unittest.yml").path))
        #expect(Self.rows.count >= 20)
    }

    /// Rows we knowingly fail (none since native histograms are supported).
    static let knownGaps: [String: String] = [:]

    @Test(arguments: rows)
    func sameExitCodeAsPromtool(_ row: Row) throws {
        let dir = try #require(Self.fixtureDirectory)
        var run: [String] = []
        var ignoreUnknown = false
        var files: [String] = []
        var i = 0
        while i < row.arguments.count {
            let a = row.arguments[i]
            if a == "--run", i + 1 < row.arguments.count { run.append(row.arguments[i + 1]); i += 2; continue }
            if a == "--ignore-unknown-fields" { ignoreUnknown = true; i += 1; continue }
            files.append(dir.appendingPathComponent(a).path)
            i += 1
        }
        let code: Int32
        switch row.command {
        case "check rules":
            // promtool's validations are errors; its lints (duplicates) and ours are warnings,
            // which do not fail a run with --fail-on error.
            let report = RulesChecker(ignoreUnknownFields: ignoreUnknown).check(paths: files)
            code = !report.unreadable.isEmpty ? 2 : report.hasFindings(atLeast: .error) ? 1 : 0
        case "test rules":
            let report = RulesTestRunner(options: RulesTestOptions(run: run, ignoreUnknownFields: ignoreUnknown)).run(files: files)
            code = report.passed ? 0 : 1
        default:
            Issue.record("unknown command \(row.command)")
            return
        }
        if let gap = row.arguments.last.flatMap({ Self.knownGaps[$0] }) {
            withKnownIssue(Comment(rawValue: gap)) { #expect(code == row.expected, "\(row.note)") }
        } else {
            #expect(code == row.expected, "\(row.note)")
        }
    }
}
