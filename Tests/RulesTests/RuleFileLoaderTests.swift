import Testing
@testable import Rules

@Suite struct RuleFileLoaderTests {
    func findings(_ yaml: String) -> [Finding] {
        RuleFileLoader().load(path: "r.yaml", text: yaml).findings
    }

    @Test func validFileHasNoFindings() {
        let f = findings("""
        groups:
          - name: g
            rules:
              - record: job:up:sum
                expr: sum by (job) (up)
              - alert: Down
                expr: up == 0
                for: 5m
                labels: {severity: page}
                annotations: {summary: "{{ $labels.job }} down"}
        """)
        #expect(f.isEmpty)
    }

    @Test func promqlErrorInPlainScalarPointsIntoTheLine() throws {
        let f = findings("""
        groups:
          - name: g
            rules:
              - record: x
                expr: sum(rate(x[5m])
        """)
        let e = try #require(f.first { $0.id == "promql/syntax" })
        #expect(e.position.line == 5)
        #expect(e.position.column > 15)   // inside the expression, not at `expr:`
        #expect(e.sourceLine?.contains("sum(rate") == true)
    }

    @Test func promqlErrorInQuotedScalarAccountsForTheQuote() throws {
        let f = findings("groups:\n- name: g\n  rules:\n  - record: x\n    expr: 'test +'\n")
        let e = try #require(f.first { $0.id == "promql/syntax" })
        #expect(e.position == FilePosition(line: 5, column: 18))   // just after `+`, where the input ends
    }

    @Test func promqlErrorInLiteralBlockScalarMapsToItsLine() throws {
        let f = findings("""
        groups:
          - name: g
            rules:
              - alert: A
                expr: |
                  sum by (job) (
                    rate(x[5m]) >
                  )
        """)
        let e = try #require(f.first { $0.id == "promql/syntax" })
        #expect(e.position.line >= 7)
        #expect(e.position.line <= 8)
    }

    @Test func promqlErrorOnAMoreIndentedLineOfALiteralBlockKeepsItsColumn() throws {
        let f = findings("groups:\n- name: g\n  rules:\n  - alert: A\n    expr: |\n      sum(x)\n        > bool 0)\n")
        let e = try #require(f.first { $0.id == "promql/syntax" })
        // `)` is at column 17 of line 7 (8 spaces, `> bool 0`).
        #expect(e.position == FilePosition(line: 7, column: 17))
    }

    @Test("an unexpected end of input in a block scalar is at the end of its last line, not on the next key's line",
          arguments: ["|", ">", "|-", ">+"])
    func endOfInputInABlockScalarIsAtItsLastLine(indicator: String) throws {
        let f = findings("groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: \(indicator)\n          sum(rate(x[5m])\n          > 1\n\n      - alert: B\n        expr: up\n")
        let e = try #require(f.first { $0.id == "promql/syntax" })
        #expect(e.message.contains("unexpected end of input"))
        #expect(e.position == FilePosition(line: 7, column: 14), "\(e.position)")   // just after `> 1`
    }

    @Test func duplicateGroupNames() {
        let f = findings("groups:\n- name: a\n  rules: []\n- name: a\n  rules: []\n")
        #expect(f.contains { $0.id == "rules/group-name" && $0.position.line == 4 })
    }

    @Test func recordAndAlertTogetherOrNeither() {
        let f = findings("groups:\n- name: a\n  rules:\n  - record: x\n    alert: y\n    expr: up\n  - expr: up\n")
        #expect(f.filter { $0.id == "rules/record-or-alert" }.count == 2)
    }

    @Test func recordingRuleWithForAndAnnotations() {
        let f = findings("groups:\n- name: a\n  rules:\n  - record: x\n    expr: up\n    for: 5m\n    annotations: {a: b}\n")
        #expect(f.filter { $0.id == "rules/recording-fields" }.map(\.position.line) == [6, 7])
    }

    @Test func invalidNames() {
        let f = findings("groups:\n- name: a\n  rules:\n  - record: 'bad name'\n    expr: up\n    labels: {'0bad': x}\n  - alert: A\n    expr: up > 0\n    annotations: {'bad-annotation': x}\n")
        #expect(f.filter { $0.id == "rules/name" }.count == 3)
    }

    @Test func templateSyntaxErrorIsAFindingAtTheTemplate() throws {
        let f = findings("groups:\n- name: a\n  rules:\n  - alert: A\n    expr: up > 0\n    annotations:\n      summary: \"{{ $labels.x \"\n")
        let e = try #require(f.first { $0.id == "template/syntax" })
        #expect(e.position.line == 7)
    }

    @Test func unknownFieldsAreErrorsUnlessIgnored() {
        let yaml = "groups:\n- name: a\n  owner: me\n  rules: []\n"
        #expect(findings(yaml).contains { $0.id == "rules/unknown-field" && $0.position.line == 3 })
        #expect(RuleFileLoader(ignoreUnknownFields: true).load(path: "r", text: yaml).findings.isEmpty)
    }

    @Test func brokenYAMLIsOneFindingWithAPlace() throws {
        let f = findings("groups:\n- name: a\n  rules: [\n")
        let e = try #require(f.first)
        #expect(e.id == "yaml/syntax")
        #expect(e.position.line >= 3)
    }

    @Test func prometheusRuleCRD() {
        let r = RuleFileLoader().load(path: "crd.yaml", text: """
        apiVersion: monitoring.coreos.com/v1
        kind: PrometheusRule
        metadata: {name: x}
        spec:
          groups:
            - name: g
              rules:
                - alert: A
                  expr: up ==
        """)
        #expect(r.file.groups.count == 1)
        #expect(r.findings.contains { $0.id == "promql/syntax" && $0.position.line == 9 })
    }

    @Test func duplicateRuleIsAWarning() {
        let f = findings("groups:\n- name: a\n  rules:\n  - record: x\n    expr: up\n  - record: x\n    expr: up\n")
        #expect(f.map(\.id) == ["rules/duplicate"])
        #expect(f.first?.severity == .warning)
    }

    @Test func deeplyNestedExpressionIsAFindingNotACrash() {
        let expr = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        let f = findings("groups:\n- name: a\n  rules:\n  - record: x\n    expr: '\(expr)'\n")
        #expect(f.contains { $0.id == "promql/syntax" })
    }
}
