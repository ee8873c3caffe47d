import Foundation
import Manifests
import Testing

/// Hostile and broken input: each gives a clear finding with a place, in bounded time, and the
/// run goes on with the other documents and files.
@Suite("bad input")
struct BadInputTests {
    func run(_ sources: [(name: String, bytes: [UInt8])], limits: InputLimits = .default) throws -> RunResult {
        var options = ValidationOptions()
        options.limits = limits
        return try ManifestValidator(options: options).run(sources: sources)
    }

    static let goodPod = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fine}\ndata: {a: b}\n"

    @Test("invalid YAML: line and column, and the next document still loads")
    func syntax() throws {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n   bad: indent\n---\n" + Self.goodPod
        let result = try run([("s.yaml", Array(text.utf8))])
        let finding = try #require(result.findings.first)
        #expect(finding.checkID == "yaml-syntax")
        #expect(finding.location.line == 5 && finding.location.column == 7)
        #expect(finding.message.contains("mapping values are not allowed"))
        #expect(result.objectCount == 1)
    }

    @Test("alias bomb (billion laughs) is refused quickly")
    func aliasBomb() throws {
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ")
            text += "a\(level): &a\(level) [\(refs)]\n"
        }
        text += "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\n"
        let clock = ContinuousClock()
        var result: RunResult?
        let elapsed = try clock.measure { result = try run([("bomb.yaml", Array(text.utf8)), ("ok.yaml", Array(Self.goodPod.utf8))]) }
        let findings = try #require(result?.findings)
        #expect(findings.count == 1)
        #expect(findings.first?.checkID == "input-limit")
        #expect(findings.first?.message.contains("alias bomb") == true)
        #expect(result?.objectCount == 1)
        #expect(elapsed < .seconds(5))
    }

    @Test("alias as a mapping key is refused")
    func aliasKey() throws {
        let text = "a: &a [x]\nb: {*a : 1}\napiVersion: v1\nkind: ConfigMap\n"
        let result = try run([("k.yaml", Array(text.utf8))])
        #expect(result.findings.map(\.checkID) == ["input-limit"])
        #expect(result.findings.first?.location.line == 2)
    }

    @Test("a file over the size limit is reported, not parsed")
    func hugeFile() throws {
        // 100 MB on disk, read through the real path: only limit + 1 bytes are read.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("opsctl-huge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("huge.yaml")
        FileManager.default.createFile(atPath: file.path, contents: nil)
        let handle = try FileHandle(forWritingTo: file)
        let block = Data(String(repeating: "# padding line of a huge file ......................................\n", count: 16_384).utf8)
        var written = 0
        while written < 100 * 1024 * 1024 {
            handle.write(block)
            written += block.count
        }
        try handle.close()
        try Data(Self.goodPod.utf8).write(to: folder.appendingPathComponent("ok.yaml"))

        let result = try ManifestValidator(options: ValidationOptions()).run(paths: [folder.path])
        #expect(result.findings.count == 1)
        #expect(result.findings.first?.checkID == "input-limit")
        #expect(result.findings.first?.message.contains("larger than the limit of 33554432 bytes") == true)
        #expect(result.findings.first?.location.file.hasSuffix("huge.yaml") == true)
        #expect(result.objectCount == 1)
    }

    @Test("deep nesting: over our limit, and over libyaml's own")
    func deepNesting() throws {
        let ours = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: " + String(repeating: "[", count: 300) + String(repeating: "]", count: 300) + "\n"
        let libyaml = "x: " + String(repeating: "[", count: 5000) + "\n"
        let result = try run([("ours.yaml", Array(ours.utf8)), ("libyaml.yaml", Array(libyaml.utf8))])
        let byFile = Dictionary(grouping: result.findings, by: \.location.file)
        #expect(byFile["ours.yaml"]?.first?.message.contains("nesting deeper than 200 levels") == true)
        #expect(byFile["libyaml.yaml"]?.first?.checkID == "yaml-syntax")
        #expect(byFile["libyaml.yaml"]?.first?.message.contains("Maximum nesting level") == true)
    }

    @Test("binary garbage and invalid UTF-8 are not parsed")
    func binary() throws {
        var generator = SystemRandomNumberGenerator()
        // No NUL before the one placed at offset 10, so the reported offset is known.
        var garbage = (0..<65_536).map { _ in UInt8.random(in: 1...255, using: &generator) }
        garbage[10] = 0
        let latin1: [UInt8] = Array("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: caf".utf8) + [0xE9] + Array("}\n".utf8)
        let result = try run([("garbage.bin", garbage), ("latin1.yaml", latin1)])
        let messages = result.findings.map { "\($0.location.file) \($0.checkID) \($0.message)" }
        #expect(messages == [
            "garbage.bin input-limit not a text file: NUL byte at offset 10; not parsed",
            "latin1.yaml input-limit not UTF-8 text; not parsed",
        ])
    }

    @Test("documents that are not objects: no kind, a list, a scalar")
    func notObjects() throws {
        let text = "apiVersion: v1\nmetadata: {name: a}\n---\n- a\n- b\n---\njust text\n"
        let result = try run([("n.yaml", Array(text.utf8))])
        let messages = result.findings.map { "\($0.location.line):\($0.location.column) \($0.checkID) \($0.message)" }
        #expect(messages == [
            "1:1 not-an-object document has no kind; not a Kubernetes object",
            "4:1 not-an-object document is a list, not a Kubernetes object (a mapping with apiVersion and kind)",
            "7:1 not-an-object document is a string, not a Kubernetes object (a mapping with apiVersion and kind)",
        ])
    }

    @Test("JSON files, tab-indented too, validate with positions")
    func json() throws {
        let text = "{\n\t\"apiVersion\": \"v1\",\n\t\"kind\": \"ConfigMap\",\n\t\"metadata\": {\"name\": \"j\"},\n\t\"dataa\": {}\n}\n"
        let result = try run([("cm.json", Array(text.utf8))])
        #expect(result.findings.map { "\($0.location.line):\($0.location.column) \($0.message)" } == [
            "5:2 unknown field \"dataa\" in (root) (did you mean \"data\"?)",
        ])
    }

    @Test("a v1 List is checked item by item")
    func list() throws {
        let text = "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: a}\n    dataa: {}\n"
        let result = try run([("list.yaml", Array(text.utf8))])
        #expect(result.objectCount == 1)
        #expect(result.findings.map { "\($0.location.line):\($0.location.column) \($0.checkID)" } == ["7:5 schema"])
    }
}
