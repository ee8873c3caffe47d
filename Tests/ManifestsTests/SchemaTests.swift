import Foundation
import Manifests
import Testing

@Suite("schema validation")
struct SchemaTests {
    func run(_ fixture: String, _ configure: (inout ValidationOptions) -> Void = { _ in }) throws -> RunResult {
        var options = ValidationOptions()
        options.schemaOnly = true
        configure(&options)
        let validator = try ManifestValidator(options: options)
        return validator.run(sources: [(fixture, try Fixtures.bytes(fixture))])
    }

    @Test("bundled versions: several recent ones, the newest is the default")
    func versions() throws {
        let versions = SchemaSet.bundledVersions
        #expect(versions.count >= 3)
        #expect(versions.last == SchemaSet.newestBundledVersion)
        let set = try SchemaSet.bundled(version: "v\(versions[0]).3")
        #expect(set.schema(apiVersion: "apps/v1", kind: "Deployment") != nil)
        #expect(throws: SchemaError.self) { try SchemaSet.bundled(version: "1.2") }
    }

    @Test("strict: unknown fields, wrong types, bad enums, missing required fields, YAML 1.1 booleans")
    func strictViolations() throws {
        let result = try run("schema/invalid.yaml")
        let schema = result.findings.filter { $0.checkID == "schema" }
        let byLine = Dictionary(grouping: schema, by: \.location.line)
        #expect(byLine[6]?.first?.message.contains("metadata.labels.version must be a string, not a float") == true)
        #expect(byLine[8]?.first?.message.contains("spec.replicas must be an integer, not a string") == true)
        let typo = try #require(byLine[14]?.first)
        #expect(typo.message == "unknown field \"specDOESNOTEXIST\" in spec.template (did you mean \"spec\"?)")
        #expect(typo.location.column == 5)
        #expect(byLine[22]?.first?.message.contains("spec.type is \"LoadBalancerr\", must be one of") == true)
        #expect(byLine[25]?.first?.message.contains("unknown field \"protocoll\"") == true)
        #expect(byLine[25]?.first?.location.column == 7)
        // The container has no name (required); the finding points at the container.
        #expect(byLine[33]?.contains { $0.message.contains("missing required field \"name\"") } == true)
        // `value: yes` is a boolean for Kubernetes' YAML reader: the env value must be a string.
        #expect(byLine[36]?.first?.message.contains("must be a string, not a boolean (yes); quote it") == true)
        #expect(schema.count == 7)
        #expect(result.exitCode == 1)
    }

    @Test("valid objects of several kinds pass the schema")
    func valid() throws {
        let result = try run("schema/valid.yaml")
        #expect(result.findings.isEmpty, "\(result.findings.map(\.message))")
        #expect(result.objectCount == 2)
        #expect(result.exitCode == 0)
    }

    @Test("removed and deprecated apiVersions depend on the chosen Kubernetes version")
    func apiVersions() throws {
        let text = "apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata: {name: a}\nspec: {minAvailable: 1}\n---\napiVersion: v1\nkind: Endpoints\nmetadata: {name: e}\n"
        var options = ValidationOptions()
        options.schemaOnly = true
        let result = try ManifestValidator(options: options).run(sources: [("api.yaml", Array(text.utf8))])
        let removed = try #require(result.findings.first { $0.checkID == "removed-api" })
        #expect(removed.message.contains("removed in Kubernetes 1.25") && removed.message.contains("policy/v1"))
        #expect(removed.location.line == 1 && removed.location.column == 13)
        #expect(!result.findings.contains { $0.checkID == "schema-missing" })
        let deprecated = try #require(result.findings.first { $0.checkID == "deprecated-api" })
        #expect(deprecated.severity == .warning && deprecated.location.line == 6)
        #expect(APIVersionTable.status(apiVersion: "v1", kind: "Endpoints", in: "1.32") == nil)
    }

    @Test("unknown kinds are reported, or skipped with ignoreMissingSchemas")
    func missingSchemas() throws {
        let text = "apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata: {name: a}\n"
        var options = ValidationOptions()
        options.schemaOnly = true
        let reported = try ManifestValidator(options: options).run(sources: [("crd.yaml", Array(text.utf8))])
        #expect(reported.findings.map(\.checkID) == ["schema-missing"])
        options.ignoreMissingSchemas = true
        let skipped = try ManifestValidator(options: options).run(sources: [("crd.yaml", Array(text.utf8))])
        #expect(skipped.findings.isEmpty)
    }

    @Test("CRD schemas from --schema-location in the CRDs-catalog layout")
    func customSchemas() throws {
        let result = try run("crds/crontabs.yaml") { $0.schemaLocations = [Fixtures.url("crds").path] }
        let messages = result.findings.map { "\($0.location.line):\($0.location.column) \($0.message)" }
        #expect(messages == [
            "11:13 spec.replicas is 0, below the minimum 1.0",
            "12:17 spec.extra.mode is \"c\", must be one of: a, b",
            "13:3 unknown field \"colour\" in spec",
        ])
    }

    /// A `--schema-location` folder with the given files (path -> text), removed after `body`.
    func withSchemaFolder<T>(_ files: [String: String], _ body: (String) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("opsctl-crds-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return try body(folder.path)
    }

    @Test("CRD schemas: $refs reach the bundled definitions, $ref loops accept, hostile schema files are findings")
    func customSchemaRefs() throws {
        let widget = """
        {"type": "object", "additionalProperties": false,
         "properties": {"apiVersion": {"type": "string"}, "kind": {"type": "string"},
                        "metadata": {"$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"},
                        "spec": {"$ref": "#/definitions/loop"}},
         "definitions": {"loop": {"$ref": "#/definitions/loop2"}, "loop2": {"$ref": "#/definitions/loop"}}}
        """
        let files = [
            "stable.example.com/widget_v1.json": widget,
            "stable.example.com/gadget_v1.json": String(repeating: "[", count: 100_000),
            "stable.example.com/gizmo_v1.json": "{\"type\": \"object\", \"properties\": {\"spec\": {\"type\": \"str",
        ]
        let manifests = """
        apiVersion: stable.example.com/v1
        kind: Widget
        metadata:
          nmae: w
        spec: {anything: [1, 2]}
        ---
        apiVersion: stable.example.com/v1
        kind: Gadget
        metadata: {name: g}
        ---
        apiVersion: stable.example.com/v1
        kind: Gizmo
        metadata: {name: g}
        """
        let result = try withSchemaFolder(files) { folder in
            var options = ValidationOptions()
            options.schemaOnly = true
            options.schemaLocations = [folder]
            return try ManifestValidator(options: options).run(sources: [("crs.yaml", Array(manifests.utf8))])
        }
        let messages = result.findings.map { "\($0.location.line) \($0.checkID) \($0.message)" }
        // The unreadable files are reported, and then (as for any missing schema) the objects they were for.
        #expect(messages.count == 5, "\(messages)")
        #expect(messages.contains("7 schema-missing no schema for stable.example.com/v1 Gadget in Kubernetes \(SchemaSet.newestBundledVersion) or in --schema-location"))
        #expect(messages.contains("4 schema unknown field \"nmae\" in metadata (did you mean \"name\"?)"))
        #expect(messages.contains { $0.hasPrefix("7 schema-missing cannot read schema ") && $0.hasSuffix("gadget_v1.json: not a JSON object") })
        #expect(messages.contains { $0.hasPrefix("11 schema-missing cannot read schema ") && $0.hasSuffix("gizmo_v1.json: not a JSON object") })
    }

    @Test("a schema with a lone high surrogate escape is read (U+FFFD), not a crash (found by fuzz/schema-json)")
    func loneSurrogateInSchema() throws {
        let schema = #"{"type":"object","additionalProperties":false,"properties":{"apiVersion":{},"kind":{},"metadata":{},"k\ud83d\u0041":{"type":"string"}}}"#
        let result = try withSchemaFolder(["example.com/thing_v1.json": schema]) { folder in
            var options = ValidationOptions()
            options.schemaOnly = true
            options.schemaLocations = [folder]
            let text = "apiVersion: example.com/v1\nkind: Thing\nmetadata: {name: t}\n\"k\\uFFFDA\": 1\n"
            return try ManifestValidator(options: options).run(sources: [("t.yaml", Array(text.utf8))])
        }
        #expect(result.findings.map(\.message) == ["k\u{FFFD}A must be a string, not an integer (1); quote it to make it a string"])
    }

    @Test("duplicate keys are errors at the second occurrence")
    func duplicateKeys() throws {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: {x: \"1\", x: \"2\"}\n  name: b\n"
        let loaded = Fixtures.load(text: text)
        let finding = try #require(loaded.findings.first)
        #expect(finding.checkID == "duplicate-key")
        // The inner mapping is composed first: the repeated "x" in the flow mapping.
        #expect(finding.location.position == Position(line: 5, column: 20))
        #expect(finding.message.contains("duplicate key \"x\" (first at line 5, column 12)"))
        #expect(loaded.objects.isEmpty)
    }
}
