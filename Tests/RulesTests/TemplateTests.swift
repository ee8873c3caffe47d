import Testing
@testable import Rules

@Suite struct TemplateTests {
    func expand(_ t: String, labels: [String: String] = ["instance": "db-1:9187", "job": "pg"], value: Double = 0.5,
                query: @escaping @Sendable (String) throws -> [TemplateSample] = { _ in [] }) throws -> String {
        try TemplateExecutor.expand(t, context: TemplateContext(
            data: TemplateData(labels: labels, externalLabels: ["cluster": "eu"], externalURL: "http://prom", value: value),
            timestampMs: 0, query: query))
    }

    @Test func variablesAndFields() throws {
        #expect(try expand("{{ $labels.instance }} of {{ .Labels.job }} = {{ $value }}") == "db-1:9187 of pg = 0.5")
        #expect(try expand("{{ $externalLabels.cluster }} {{ $externalURL }}") == "eu http://prom")
        #expect(try expand("{{ $labels.missing }}|") == "|")
    }

    @Test func goFloatPrinting() throws {
        #expect(try expand("{{ $value }}", value: 1_000_000) == "1e+06")
        #expect(try expand("{{ $value }}", value: 100_000) == "100000")
        #expect(try expand("{{ $value }}", value: 0.1 + 0.2) == "0.30000000000000004")
    }

    @Test func humanizeFamily() throws {
        #expect(try expand("{{ humanize 1234567 }}") == "1.235M")
        #expect(try expand("{{ humanize 0.0012 }}") == "1.2m")
        #expect(try expand("{{ humanize1024 1048576 }}") == "1Mi")
        #expect(try expand("{{ humanizeDuration 3661 }}") == "1h 1m 1s")
        #expect(try expand("{{ humanizeDuration 0.25 }}") == "250ms")
        #expect(try expand("{{ humanizePercentage 0.256 }}") == "25.6%")
        #expect(try expand("{{ humanizeTimestamp 1 }}") == "1970-01-01 00:00:01 +0000 UTC")
        #expect(try expand("{{ $value | humanize }}", value: 2048) == "2.048k")
    }

    @Test func stringFunctionsAndPrintf() throws {
        #expect(try expand("{{ toUpper \"a\" }}{{ toLower \"B\" }}{{ title \"hello world\" }}") == "AbHello World")
        #expect(try expand("{{ printf \"%.2f\" $value }}") == "0.50")
        #expect(try expand("{{ printf \"%s=%d\" \"n\" 3 }}") == "n=3")
        #expect(try expand("{{ reReplaceAll \":[0-9]+\" \"\" $labels.instance }}") == "db-1")
    }

    @Test func controlFlowAndTrimming() throws {
        #expect(try expand("{{ if gt $value 0.4 }}high{{ else }}low{{ end }}") == "high")
        #expect(try expand("{{ if eq $labels.job \"x\" }}x{{ else if eq $labels.job \"pg\" }}pg{{ end }}") == "pg")
        #expect(try expand("a  {{- \" b \" -}}  c") == "a b c")
        #expect(try expand("{{ with $labels.job }}[{{ . }}]{{ end }}") == "[pg]")
        #expect(try expand("{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }}") == "instance=db-1:9187;job=pg;")
        #expect(try expand("{{/* note */}}x") == "x")
        #expect(try expand("a  {{- /* note */ -}}  b") == "ab")
        #expect(try expand("plain text, no action") == "plain text, no action")
        #expect(try expand("é {{ $labels.job }} ü") == "é pg ü")
    }

    @Test func queryFirstValueLabel() throws {
        let out = try expand("{{ with query \"up\" }}{{ . | first | value }} {{ . | first | label \"job\" }}{{ end }}",
                             query: { q in [TemplateSample(labels: ["job": "api", "q": q], value: 3)] })
        #expect(out == "3 api")
        #expect(try expand("{{ range query \"up\" }}{{ .Labels.job }}:{{ .Value }} {{ end }}",
                           query: { _ in [TemplateSample(labels: ["job": "a"], value: 1), TemplateSample(labels: ["job": "b"], value: 2)] }) == "a:1 b:2 ")
    }

    @Test func parseErrorsHavePlaces() {
        #expect(throws: TemplateError.self) { try Template.parse("{{ $label.x }}") }
        #expect(throws: TemplateError.self) { try Template.parse("{{ if 1 }}x") }
        #expect(throws: TemplateError.self) { try Template.parse("{{ nosuchfunc 1 }}") }
        #expect(throws: TemplateError.self) { try Template.parse("{{ 1 ") }
        #expect(throws: TemplateError.self) { try Template.parse("{{ /* note }}") }
        do { _ = try Template.parse("é {{ 1 ") } catch {
            #expect(error.column == 3) // columns count Unicode scalars, as YAML's do
        }
        do { _ = try Template.parse("line1\n  {{ end }}") } catch {
            #expect(error.line == 2)
            #expect(error.column == 3)
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let t = String(repeating: "{{ if 1 }}", count: 10_000) + String(repeating: "{{ end }}", count: 10_000)
        #expect(throws: TemplateError.self) { try Template.parse(t) }
    }
}
