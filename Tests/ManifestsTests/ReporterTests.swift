import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Manifests
import Testing

@Suite("reporters")
struct ReporterTests {
    /// A run with schema errors, check findings, a syntax error and an ignore problem.
    /// Runs only the checks the counts below were worked out for, so adding checks does not change them.
    func sampleRun() throws -> RunResult {
        let text = try Fixtures.bytes("schema/invalid.yaml") + Array("---\nfoo: [1, 2\n".utf8)
        let tagged = Array("apiVersion: v1\nkind: Pod\nmetadata: {name: \"a<b>&c\"}\nspec:\n  containers:\n    - name: x\n      image: \"nginx:latest\"\n".utf8)
        return try ManifestValidator(options: .only(["image-tag", "container-resources", "service-selector"])).run(sources: [("dir with space/invalid.yaml", text), ("tagged.yaml", tagged)])
    }

    @Test("text: file:line:column: severity id: message, the line, a caret under the column, the fix")
    func text() throws {
        let result = try sampleRun()
        let output = TextReporter(summary: true).render(result)
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let index = try #require(lines.firstIndex { $0.hasPrefix("dir with space/invalid.yaml:14:5: error schema: unknown field \"specDOESNOTEXIST\"") })
        #expect(lines[index + 1] == " 14 |     specDOESNOTEXIST:")
        #expect(lines[index + 2] == "    |     ^")
        #expect(lines[index + 3].hasPrefix("   fix: "))
        #expect(output.contains("tagged.yaml:7:14: error image-tag: container \"x\" uses image \"nginx:latest\" with tag latest"))
        #expect(lines.contains { $0.hasPrefix("9 errors, 2 warnings, 0 info in 2 files (4 objects, 5 documents)") })
    }

    @Test("caret lines up under tabs and wide characters")
    func caret() {
        #expect(TextReporter.caretPrefix(line: "\tkey: ä ö", column: 9) == "\t       ")
    }

    @Test("json: one entry per finding with file, line, column, check, severity, fix; summary counts")
    func json() throws {
        let result = try sampleRun()
        let data = Data(JSONReporter().render(result).utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.count == result.findings.count)
        let typo = try #require(findings.first { ($0["message"] as? String)?.contains("specDOESNOTEXIST") == true })
        #expect(typo["line"] as? Int == 14 && typo["column"] as? Int == 5 && typo["check"] as? String == "schema")
        #expect(typo["path"] as? String == "spec.template.specDOESNOTEXIST")
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["errors"] as? Int == 9 && summary["exitCode"] as? Int == 1)
    }

    /// The layout the JSON reporter promises: what `JSONEncoder` writes for the same document.
    struct EncodedDocument: Encodable {
        struct Item: Encodable {
            var file: String, line: Int, column: Int, severity: String, check: String, message: String, fix: String
            var path: String?, object: String?, container: String?
        }
        struct Summary: Encodable {
            var files: Int, documents: Int, objects: Int, errors: Int, warnings: Int, info: Int, ignored: Int
            var failOn: String, exitCode: Int32, byCheck: [String: Int]
        }
        var kubernetesVersion: String
        var findings: [Item]
        var summary: Summary
    }

    @Test("json: byte for byte what JSONEncoder (pretty, sorted keys) writes, control characters and all")
    func jsonMatchesJSONEncoder() throws {
        var result = try sampleRun()
        let awkward = (0..<0x20).map { String(UnicodeScalar(UInt8($0))) }.joined() + "\"quote\" back\\slash /slash/ \u{7F} ä 🚀 \u{2028}"
        result.findings.append(Finding(
            checkID: "schema", severity: .info, message: awkward,
            location: Location(file: "we\"ird/\(awkward).yaml", position: Position(line: 3, column: 4)),
            path: NodePath([.key(awkward)]), fix: "", object: nil, container: awkward
        ))
        let counts = result.countsBySeverity
        let document = EncodedDocument(
            kubernetesVersion: result.kubernetesVersion,
            findings: result.findings.map {
                .init(file: $0.location.file, line: $0.location.line, column: $0.location.column, severity: $0.severity.rawValue,
                      check: $0.checkID, message: $0.message, fix: $0.fix, path: $0.path?.description, object: $0.object, container: $0.container)
            },
            summary: .init(
                files: result.files.count, documents: result.documentCount, objects: result.objectCount,
                errors: counts[.error] ?? 0, warnings: counts[.warning] ?? 0, info: counts[.info] ?? 0, ignored: result.ignoredCount,
                failOn: result.failOn.rawValue, exitCode: result.exitCode,
                byCheck: Dictionary(uniqueKeysWithValues: result.countsByCheck.map { ($0.id, $0.count) })
            )
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let expected = String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
        #expect(JSONReporter().render(result) == expected)

        result.findings = []
        let empty = EncodedDocument(kubernetesVersion: "1.37", findings: [], summary: .init(
            files: result.files.count, documents: result.documentCount, objects: result.objectCount, errors: 0, warnings: 0, info: 0,
            ignored: result.ignoredCount, failOn: result.failOn.rawValue, exitCode: result.exitCode, byCheck: [:]))
        result.kubernetesVersion = "1.37"
        #expect(JSONReporter().render(result) == String(decoding: try encoder.encode(empty), as: UTF8.self) + "\n")
    }

    @Test("sarif: valid against the OASIS SARIF 2.1.0 schema, with real regions")
    func sarif() throws {
        let result = try sampleRun()
        let output = SARIFReporter(toolVersion: "9.9.9").render(result)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("opsctl-sarif-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("out.sarif")
        try Data(output.utf8).write(to: file)
        let validation = try PythonJSONSchema.validate(file, schema: Fixtures.url("sarif/sarif-schema-2.1.0.json"))
        #expect(validation.status == 0, "SARIF does not validate: \(validation.output)")

        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let run = try #require((object["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == result.findings.count)
        let typo = try #require(results.first { (($0["message"] as? [String: Any])?["text"] as? String)?.contains("specDOESNOTEXIST") == true })
        let location = try #require((typo["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        let region = try #require(location["region"] as? [String: Any])
        #expect(region["startLine"] as? Int == 14 && region["startColumn"] as? Int == 5)
        #expect((region["snippet"] as? [String: Any])?["text"] as? String == "    specDOESNOTEXIST:")
        #expect((location["artifactLocation"] as? [String: Any])?["uri"] as? String == "dir%20with%20space/invalid.yaml")
        let rules = try #require(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        let ruleIndex = try #require(typo["ruleIndex"] as? Int)
        #expect(rules[ruleIndex]["id"] as? String == "schema")
    }

    @Test("junit: well-formed XML, one test case per object, failures for findings at fail-on")
    func junit() throws {
        let result = try sampleRun()
        let output = JUnitReporter().render(result)
        let document = try XMLDocument(xmlString: output)
        let suites = try document.nodes(forXPath: "//testsuite")
        #expect(suites.count == 2)
        let cases = try document.nodes(forXPath: "//testcase")
        #expect(cases.count == 5) // 4 objects + the file-level syntax error
        let failures = try document.nodes(forXPath: "//failure")
        #expect(failures.count == 5)
        #expect(output.contains("name=\"Pod/a&lt;b&gt;&amp;c (line 1)\""))
    }

    @Test("junit: well-formed XML when a message has control characters and line breaks")
    func junitControlCharacters() throws {
        var result = try sampleRun()
        let message = "bad \u{1B}[31mname\u{1B}[0m \u{0}\nsecond line\tand a tab"
        result.findings.append(Finding(
            checkID: "schema", severity: .error, message: message,
            location: Location(file: "tagged.yaml", position: Position(line: 1, column: 1)),
            path: nil, fix: "", object: nil, container: nil
        ))
        let document = try XMLDocument(xmlString: JUnitReporter().render(result))
        let failures = try document.nodes(forXPath: "//testsuite[@name='tagged.yaml']/testcase[@name='file']/failure")
        let failure = try #require(failures.first as? XMLElement)
        let shown = "bad ?[31mname?[0m ?\nsecond line\tand a tab"
        #expect(failure.attribute(forName: "message")?.stringValue == shown)
        #expect(failure.stringValue == "tagged.yaml:1:1: error schema: \(shown)")
    }
}

/// Runs Python's `jsonschema` (pip install jsonschema) — the real validator, not a reimplementation.
enum PythonJSONSchema {
    static func validate(_ file: URL, schema: URL) throws -> (status: Int32, output: String) {
        let script = """
        import json, sys
        import jsonschema
        schema = json.load(open(sys.argv[1]))
        instance = json.load(open(sys.argv[2]))
        errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(instance), key=lambda e: list(e.path))
        for error in errors[:20]:
            print(list(error.path), error.message)
        sys.exit(1 if errors else 0)
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, schema.path, file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
