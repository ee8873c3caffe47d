import Foundation
import Manifests
import Rules
import Testing

/// The rule checker behind the `EmbeddedRuleChecker` seam is the command layer's own
/// `RulesEmbeddedChecker`: `RulesEmbeddedChecker.swift` in this folder is a link to
/// Sources/opsctl/CheckManifestsRuleSeam.swift, compiled into the tests as it is (an executable
/// target cannot be imported).
extension CheckContext {
    /// The context of a run over one loaded fixture, with its source and the rule checker.
    static func fixture(_ loaded: ManifestLoader.Result, path: String) -> CheckContext {
        CheckContext(objects: loaded.objects, sources: [path: loaded.source], embedded: EmbeddedCheckers(rules: RulesEmbeddedChecker()))
    }
}

/// Every registered check has `Fixtures/checks/<id>/pass.yaml` (no finding of that check) and
/// `fail.yaml` whose findings land exactly on the lines marked `# expect: <id>`.
@Suite("check fixtures")
struct CheckFixtureTests {
    static let ids = CheckRegistry.all.map(\.id)

    @Test("passing fixture has no finding", arguments: ids)
    func passes(id: String) throws {
        let check = try #require(CheckRegistry.check(id: id))
        let loaded = try Fixtures.load("checks/\(id)/pass.yaml")
        #expect(loaded.findings.isEmpty, "fixture must load cleanly: \(loaded.findings)")
        #expect(!loaded.objects.isEmpty)
        let context = CheckContext.fixture(loaded, path: "checks/\(id)/pass.yaml")
        let findings = loaded.objects.flatMap { check.check($0, context: context) }
        #expect(findings.isEmpty, "\(findings.map { "\($0.location): \($0.message)" })")
    }

    @Test("failing fixture has findings exactly on the marked lines", arguments: ids)
    func fails(id: String) throws {
        let check = try #require(CheckRegistry.check(id: id))
        let path = "checks/\(id)/fail.yaml"
        let loaded = try Fixtures.load(path)
        #expect(loaded.findings.isEmpty, "fixture must load cleanly: \(loaded.findings)")
        let context = CheckContext.fixture(loaded, path: path)
        let findings = loaded.objects.flatMap { check.check($0, context: context) }
        let expected = try Fixtures.expectations(path).filter { $0.value.contains(id) }.keys.sorted()
        #expect(!expected.isEmpty, "fail.yaml must mark at least one line with # expect: \(id)")
        #expect(findings.map(\.location.line).sorted() == expected)
        for finding in findings {
            #expect(finding.checkID == id)
            #expect(finding.severity == check.severity)
            #expect(finding.location.file == path)
            #expect(!finding.message.isEmpty)
            #expect(finding.fix == check.fix)
        }
    }

    @Test("every check has an id in kebab-case, a why and a fix, and ids are unique")
    func metadata() {
        let ids = CheckRegistry.all.map(\.id) + CheckRegistry.builtInIDs
        #expect(Set(ids).count == ids.count)
        for check in CheckRegistry.all {
            #expect(check.id.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, "\(check.id)")
            #expect(!check.why.isEmpty && !check.fix.isEmpty, "\(check.id)")
            #expect(!check.fix.contains("\n"), "\(check.id): fix must be one line")
        }
    }
}
