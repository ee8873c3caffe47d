import Manifests
import Testing

/// The loader composes straight from libyaml events: what a user sees of that (positions, tags,
/// aliases, errors) and the on-demand source lines.
@Suite("loading from libyaml events")
struct LoadingTests {
    @Test("a key repeated in explicit form (`? e`) is reported at the repeat")
    func explicitDuplicateKey() throws {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  ? e\n  : 1\n  ? e\n  : 2\n"
        let loaded = Fixtures.load(text: text)
        let finding = try #require(loaded.findings.first)
        #expect(finding.checkID == "duplicate-key")
        #expect(finding.location.position == Position(line: 7, column: 5))
        #expect(finding.message.contains("first at line 5, column 5"))
    }

    @Test("a quoted and a plain spelling of one key are the same key")
    func quotedDuplicateKey() throws {
        let loaded = Fixtures.load(text: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  \"name\": b\n")
        #expect(loaded.findings.map { "\($0.location.line):\($0.location.column) \($0.checkID)" } == ["5:3 duplicate-key"])
    }

    @Test("explicit tags decide the type; quoted scalars are strings")
    func tags() throws {
        let loaded = Fixtures.load(text: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: t}\ndata: {a: !!str 123, b: !!int \"5\", c: ! 12, d: '7', e: 7}\n")
        let data = try #require(loaded.objects.first?.node(at: "data"))
        #expect(data["a"]?.string == "123")
        #expect(data["b"]?.int == 5)
        #expect(data["c"]?.string == "12")
        #expect(data["d"]?.string == "7")
        #expect(data["e"]?.int == 7)
    }

    @Test("an alias reuses the anchored node, positions included; an undefined alias is a syntax error")
    func aliases() throws {
        let loaded = Fixtures.load(text: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  a: &x \"1\"\n  b: *x\n")
        let data = try #require(loaded.objects.first?.node(at: "data"))
        #expect(data["b"]?.string == "1")
        #expect(data["b"]?.position == data["a"]?.position)
        #expect(data["b"]?.position.line == 5)

        let undefined = Fixtures.load(text: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: u}\ndata: {a: *nope}\n")
        #expect(undefined.findings.map { "\($0.location.line):\($0.location.column) \($0.message)" } == ["4:11 invalid YAML: found undefined alias"])
    }

    @Test("a control character is placed by characters, not bytes, after non-ASCII text")
    func readerErrorColumn() throws {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: \"éé\", b: x\u{01}}\n"
        let loaded = Fixtures.load(text: text)
        #expect(loaded.findings.map { "\($0.location.line):\($0.location.column) \($0.message)" } == ["4:21 invalid YAML: control characters are not allowed"])
    }

    @Test("`...` ends a document and `--- {flow}` starts one, each with its own lines")
    func markers() throws {
        let text = "# c\n---\n...\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: d1}\n...\n--- {apiVersion: v1, kind: ConfigMap, metadata: {name: d2}}\n"
        let loaded = Fixtures.load(text: text)
        #expect(loaded.findings.isEmpty)
        #expect(loaded.objects.map(\.name) == ["d1", "d2"])
        #expect(loaded.objects.map(\.root.position) == [Position(line: 5, column: 1), Position(line: 9, column: 5)])
    }

    @Test("source lines are found on demand, with or without carriage returns")
    func sourceLines() {
        let unix = SourceText(bytes: Array("a: 1\nb: 2\n".utf8))
        #expect(unix.line(1) == "a: 1")
        #expect(unix.line(2) == "b: 2")
        #expect(unix.line(3) == "")
        #expect(unix.line(4) == nil)
        #expect(unix.line(0) == nil)
        let windows = SourceText(bytes: Array("a: 1\r\nb: é\r\n".utf8))
        #expect(windows.line(2) == "b: é")
        #expect(SourceText(bytes: Array("no newline".utf8)).line(1) == "no newline")
        #expect(SourceText.empty.line(1) == "")
    }

    @Test("a CRLF file shows the offending line under its finding")
    func crlfFinding() throws {
        let text = "apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: crlf\r\nspecc: 1\r\n"
        let result = try ManifestValidator(options: ValidationOptions()).run(sources: [("crlf.yaml", Array(text.utf8))])
        let finding = try #require(result.findings.first)
        #expect(finding.location.position == Position(line: 5, column: 1))
        #expect(result.sourceLine(file: "crlf.yaml", line: 5) == "specc: 1")
    }

    @Test("integers: decimal, signed, octal, hex, binary, separators; other numbers and words are not")
    func integers() {
        let cases: [(String, Int?)] = [
            ("8080", 8080), ("-1", -1), ("+5", 5), ("0", 0), ("010", 8), ("0o17", 15), ("0x1F", 31),
            ("0b101", 5), ("1_000", 1000), ("123456789012345678", 123_456_789_012_345_678),
            ("1.5", nil), ("100m", nil), ("1Gi", nil), ("10.0.0.1", nil), ("", nil), ("-", nil), ("0x", nil),
        ]
        for (text, value) in cases {
            #expect(ScalarResolver.integerValue(text) == value, "\(text)")
        }
        #expect(ScalarResolver.resolvePlain("12345678901234567890") == .float)
    }
}
