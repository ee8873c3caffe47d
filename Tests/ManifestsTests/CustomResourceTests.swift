import Foundation
import Manifests
import Testing

/// Custom resources: the bundled prometheus-operator CRDs, CRDs in the run and in `--crd`, hostile CRDs.
@Suite("custom resources")
struct CustomResourceTests {
    /// Schema-only findings of a run over fixture files, as "line id" strings sorted by line.
    static func schemaFindings(_ relative: [String], crdPaths: [String] = []) throws -> [Finding] {
        var options = ValidationOptions()
        options.schemaOnly = true
        options.crdPaths = crdPaths
        let sources = try relative.map { ($0, try Fixtures.bytes($0)) }
        return try ManifestValidator(options: options).run(sources: sources.map { (name: $0.0, bytes: $0.1) }).findings
    }

    /// The lines marked `# expect:` with the ids, one entry per id: ["11 schema", ...].
    static func expected(_ relative: String) throws -> [String] {
        try Fixtures.expectations(relative).flatMap { line, ids in ids.map { "\(line) \($0)" } }.sorted()
    }

    @Test("the ten bundled prometheus-operator kinds are validated strictly, each served version")
    func bundledMonitoringKinds() throws {
        let path = "customresources/monitoring.yaml"
        let findings = try Self.schemaFindings([path])
        #expect(findings.map { "\($0.location.line) \($0.checkID)" }.sorted() == (try Self.expected(path)), "\(findings.map(\.message))")
        let set = CustomResourceSchemas.bundled(fallback: try SchemaSet.bundled(version: SchemaSet.newestBundledVersion))
        let kinds = Set(set.kinds.map { $0.split(separator: "/").last.map(String.init) ?? "" })
        #expect(kinds == ["ServiceMonitor", "PodMonitor", "PrometheusRule", "Probe", "ScrapeConfig", "Prometheus",
                          "PrometheusAgent", "Alertmanager", "AlertmanagerConfig", "ThanosRuler"])
        for key in set.kinds {
            let parts = key.split(separator: "/")
            let schema = try #require(set.schema(apiVersion: "\(parts[0])/\(parts[1])", kind: String(parts[2])), "\(key)")
            // Strict at the root: an unknown top-level field is an error for every kind.
            let node = try #require(Fixtures.load(text: "apiVersion: \(parts[0])/\(parts[1])\nkind: \(parts[2])\nmetadata: {name: x}\nspek: {}\n").objects.first)
            let violations = SchemaValidator(schema: schema).validate(node.root)
            #expect(violations.map(\.message).contains("unknown field \"spek\" in (root) (did you mean \"spec\"?)"), "\(key): \(violations)")
        }
    }

    @Test("a CRD in the run validates its custom resources: int-or-string, preserve-unknown-fields, embedded resources, served versions")
    func definitionInTheRun() throws {
        let path = "customresources/widgets.yaml"
        let findings = try Self.schemaFindings([path])
        #expect(findings.map { "\($0.location.line) \($0.checkID)" }.sorted() == (try Self.expected(path)), "\(findings.map(\.message))")
        let messages = findings.map(\.message)
        #expect(messages.contains("spec.template is missing required field \"apiVersion\""))
        #expect(messages.contains("no schema for example.com/v0 Widget: its CustomResourceDefinition serves example.com/v1"))
    }

    @Test("--crd files give their definitions to the run; without any definition a custom resource stays schema-missing")
    func definitionFromCRDFlag() throws {
        let resource = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: 1, colour: red}\n"
        var options = ValidationOptions()
        options.schemaOnly = true
        options.crdPaths = [Fixtures.url("customresources/widgets.yaml").path]
        let file = try Self.write(resource)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let withCRD = try ManifestValidator(options: options).run(paths: [file])
        #expect(withCRD.findings.map { "\($0.location.line):\($0.location.column) \($0.message)" } == ["4:17 unknown field \"colour\" in spec"])

        options.crdPaths = []
        let without = try ManifestValidator(options: options).run(sources: [(name: "w.yaml", bytes: Array(resource.utf8))])
        #expect(without.findings.map(\.checkID) == ["schema-missing"])
        options.ignoreMissingSchemas = true
        #expect(try ManifestValidator(options: options).run(sources: [(name: "w.yaml", bytes: Array(resource.utf8))]).findings.isEmpty)
    }

    @Test("a hostile CRD is a crd-schema finding with a place, and the run finishes")
    func hostileDefinitions() throws {
        var deep = "type: object\n"
        var indent = ""
        for level in 0..<70 {
            deep += "\(indent)properties:\n\(indent)  f\(level):\n"
            indent += "    "
            deep += "\(indent)type: object\n"
        }
        let enumValues = (0..<5_000).map { "v\($0)" }.joined(separator: ", ")
        func crd(_ kind: String, _ schema: String) -> String {
            let body = schema.split(separator: "\n", omittingEmptySubsequences: false).map { "          " + $0 }.joined(separator: "\n")
            return """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: \(kind.lowercased())s.example.com}
            spec:
              group: example.com
              names: {kind: \(kind), plural: \(kind.lowercased())s}
              scope: Namespaced
              versions:
                - name: v1
                  served: true
                  storage: true
                  schema:
                    openAPIV3Schema:
            \(body)

            """
        }
        let text = [
            crd("Deep", deep),
            crd("Enum", "type: object\nproperties:\n  mode: {type: string, enum: [\(enumValues)]}"),
            crd("Scalar", "5"),
            crd("Field", "type: object\nproperties:\n  spec: notaschema"),
            "apiVersion: example.com/v1\nkind: Enum\nmetadata: {name: e}\nmode: anything\n",
        ].joined(separator: "---\n")
        var options = ValidationOptions.only([])
        options.schemaOnly = false
        let result = try ManifestValidator(options: options).run(sources: [(name: "hostile.yaml", bytes: Array(text.utf8))])
        let problems = result.findings.filter { $0.checkID == "crd-schema" }
        #expect(problems.count == 4, "\(problems.map(\.message))")
        #expect(problems.contains { $0.message.contains("nests deeper than 64 levels") && $0.location.line > 14 })
        #expect(problems.contains { $0.message.contains("lists 5000 values, more than 2000") })
        #expect(problems.contains { $0.message.contains("openAPIV3Schema must be a mapping, not a number") })
        #expect(problems.contains { $0.message.contains("openAPIV3Schema.properties.spec must be a schema (a mapping), not a string") })
        // The Enum resource is still validated by the rest of its schema (the enum is dropped, not the kind).
        #expect(!result.findings.contains { $0.checkID == "schema-missing" })
    }

    @Test("PromQL findings of a PrometheusRule land at their line and column in the manifest, inside `expr: |` too")
    func prometheusRulePositions() throws {
        let text = """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: first-document}
        ---
        apiVersion: monitoring.coreos.com/v1
        kind: PrometheusRule
        metadata: {name: r, namespace: shop}
        spec:
          groups:
            - name: g
              rules:
                - alert: JobsStuck
                  expr: |
                    sum by (kind) (jobs_stuck)
                      > bool 0)
                  labels: {severity: warning}
                  annotations: {summary: s, description: d, runbook_url: "https://r.example.com/x"}
                - record: "job:x:rate5m"
                  expr: sum(rate(x[5m]) by (job)
        status: {}

        """
        var options = ValidationOptions.only(["prometheus-rule"])
        options.embeddedCheckers = EmbeddedCheckers(rules: RulesEmbeddedChecker())
        let result = try ManifestValidator(options: options).run(sources: [(name: "rules.yaml", bytes: Array(text.utf8))])
        let places = result.findings.filter { $0.checkID == "prometheus-rule" }.map { "\($0.location.line):\($0.location.column)" }
        // `)` on line 15 (14 spaces, `> bool 0`), and `by` after the unclosed `sum(` on line 19.
        #expect(places == ["15:23", "19:33"], "\(result.findings.map(\.message))")
        // Without a checker behind the seam the check has nothing to run.
        options.embeddedCheckers = EmbeddedCheckers()
        #expect(try ManifestValidator(options: options).run(sources: [(name: "rules.yaml", bytes: Array(text.utf8))]).findings.isEmpty)
    }

    @Test("the rule checker reads the loader's tree: places in plain, quoted, literal and folded scalars, keys and templates")
    func prometheusRuleTreePlaces() throws {
        // Each finding is expected at the first `token` of its line (found in the text, not counted by hand).
        let text = """
        apiVersion: monitoring.coreos.com/v1
        kind: PrometheusRule
        metadata: {name: styles, namespace: shop}
        spec:
          groups:
            - name: web
              interval: 5x
              rules:
                - record: job:errors:rate5m
                  expr: sum by (job) (rate(errors_total[5m])) >> 1
                - alert: Literal
                  expr: |
                    sum by (job) (rate(errors_total[5m]))
                      / sum by (job) (rate(requests_total[5m])) >> 0.05
                  labels: {severity: page}
                  annotations:
                    summary: "{{ $labels.job }} is {{ $value }"
                    description: >
                      folded text and
                      an unclosed {{ .Labels.job
                    runbook_url: https://r.example.com/x
                - alert: Folded
                  expr: >
                    sum(rate(errors_total[5m]))
                    by (job) >> 1
                  labels: {severity: page}
                  annotations: {summary: 's', description: 'd', runbook_url: 'https://r.example.com/y'}
                - alert: 'Quoted'
                  expr: 'sum(rate(errors_total[5m])) >> 1'
                  labels: {severity: page}
                  annotations: {summary: s, description: d, runbook_url: "https://r.example.com/z"}
                - record: bad name
                  expr: up
                  for: 5m
            - name: web
              rules: []

        """
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func place(_ line: Int, _ token: String, after: String = "") -> String {
            let text = lines[line - 1]
            let from = after.isEmpty ? text.startIndex : text.range(of: after)!.upperBound
            let range = text.range(of: token, range: from..<text.endIndex)!
            return "\(line):\(text.distance(from: text.startIndex, to: range.lowerBound) + 1)"
        }
        var options = ValidationOptions.only(["prometheus-rule"])
        options.embeddedCheckers = EmbeddedCheckers(rules: RulesEmbeddedChecker())
        let result = try ManifestValidator(options: options).run(sources: [(name: "styles.yaml", bytes: Array(text.utf8))])
        let found = result.findings.filter { $0.checkID == "prometheus-rule" && $0.severity == .error }
            .map { "\($0.location.line):\($0.location.column) \($0.message.prefix(while: { $0 != ":" }))" }
        #expect(found == [
            "\(place(7, "5x")) rules/structure",                       // a plain value
            "\(place(10, ">", after: ">")) promql/syntax",            // the second `>` of a plain expr
            "\(place(14, ">", after: ">")) promql/syntax",            // in a literal block, indented further
            "\(place(17, "{{", after: "}}")) template/syntax",         // the unclosed action in a quoted value
            "\(place(20, "{{")) template/syntax",                      // in a folded block, second line
            "\(place(25, ">", after: ">")) promql/syntax",            // a folded expr, second line
            "\(place(29, ">", after: ">")) promql/syntax",            // a single-quoted expr
            "\(place(32, "bad name")) rules/name",                     // the name's value
            "\(place(34, "for")) rules/recording-fields",              // the key of a field
            "\(place(35, "web")) rules/group-name",                    // the repeated group name
        ], "\(result.findings.map { "\($0.location) \($0.message)" })")
    }

    static func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("opsctl-cr-\(UUID().uuidString).yaml").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}
