import Foundation
import Testing
@testable import Rules

/// One passing and one failing rule per lint id.
@Suite struct LintTests {
    func ids(_ rule: String, group: String = "", config: LintConfig = LintConfig()) -> [String] {
        let yaml = "groups:\n- name: g\n\(group)  rules:\n" + rule.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
        return RulesChecker(config: config).check(path: "r.yaml", text: yaml).map(\.id)
    }

    /// A complete alert that satisfies every lint, to vary one aspect at a time.
    static let good = """
    - alert: HighErrors
      expr: sum by (job) (rate(errors_total[5m])) > 1
      for: 5m
      labels: {severity: page}
      annotations:
        summary: "{{ $labels.job }} errors at {{ $value | humanize }}/s"
        description: "many errors"
        runbook_url: "https://example/runbooks/errors.md"
    """

    var config: LintConfig {
        var c = LintConfig()
        c.runbookRoot = Self.fixtureRoot
        return c
    }

    /// A runbook root holding `runbooks/errors.md`, read in place (nothing is written to /tmp).
    static let fixtureRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().appendingPathComponent("Fixtures/lint-runbooks").path

    @Test func goodAlertIsClean() {
        #expect(ids(Self.good, config: config) == [])
    }

    @Test func alertsComparison() {
        #expect(ids(Self.good.replacingOccurrences(of: " > 1", with: ""), config: config).contains("alerts/comparison"))
        #expect(!ids(Self.good.replacingOccurrences(of: " > 1", with: " > bool 1"), config: config).isEmpty)
    }

    @Test func rateRange() {
        #expect(ids(Self.good.replacingOccurrences(of: "[5m]", with: "[1m]"), config: config) == ["promql/rate-range"])
        var c = config
        c.scrapeIntervalMs = 15_000
        #expect(ids(Self.good.replacingOccurrences(of: "[5m]", with: "[1m]"), config: c) == [])
    }

    @Test func absentWithoutFor() {
        let absent = Self.good.replacingOccurrences(of: "sum by (job) (rate(errors_total[5m])) > 1", with: "absent(up{job=\"api\"})")
            .replacingOccurrences(of: "  for: 5m\n", with: "")
        #expect(ids(absent, config: config).contains("alerts/absent-for"))
        let withFor = Self.good.replacingOccurrences(of: "sum by (job) (rate(errors_total[5m])) > 1", with: "absent(up{job=\"api\"})")
        #expect(!ids(withFor, config: config).contains("alerts/absent-for"))
    }

    @Test func forBelowEvaluationInterval() {
        #expect(ids(Self.good.replacingOccurrences(of: "for: 5m", with: "for: 30s"), config: config) == ["alerts/for"])
        #expect(ids(Self.good.replacingOccurrences(of: "for: 5m", with: "for: 30s"), group: "  interval: 15s\n", config: config) == [])
    }

    @Test func requiredLabelsAndAnnotations() {
        #expect(ids(Self.good.replacingOccurrences(of: "labels: {severity: page}", with: "labels: {team: db}"), config: config) == ["rule/required-label"])
        #expect(ids(Self.good.replacingOccurrences(of: "    description: \"many errors\"\n", with: ""), config: config) == ["alerts/required-annotation"])
    }

    @Test func runbookFile() {
        #expect(ids(Self.good.replacingOccurrences(of: "errors.md", with: "missing.md"), config: config) == ["alerts/runbook-file"])
    }

    @Test func valueOfARateWithoutHumanize() {
        #expect(ids(Self.good.replacingOccurrences(of: "{{ $value | humanize }}", with: "{{ $value }}"), config: config) == ["alerts/value-humanize"])
    }

    @Test func templateLabelsTheQueryCannotHave() {
        let bad = Self.good.replacingOccurrences(of: "{{ $labels.job }}", with: "{{ $labels.instance }}")
        #expect(ids(bad, config: config) == ["alerts/template-labels"])
        let kept = bad.replacingOccurrences(of: "sum by (job)", with: "sum by (job, instance)")
        #expect(ids(kept, config: config) == [])
    }

    @Test func disabledLintsDoNotReport() {
        var c = config
        c.disabled = ["alerts/value-humanize"]
        #expect(ids(Self.good.replacingOccurrences(of: "{{ $value | humanize }}", with: "{{ $value }}"), config: c) == [])
    }

    @Test func configFileIsRead() throws {
        let c = try LintConfigLoader.load(path: "c.yaml", text: "scrape_interval: 30s\nrequired_labels: [team]\ndisabled: [alerts/for]\n")
        #expect(c.scrapeIntervalMs == 30_000)
        #expect(c.requiredLabels == ["team"])
        #expect(c.disabled == ["alerts/for"])
        #expect(throws: LintConfigLoader.Invalid.self) { try LintConfigLoader.load(path: "c.yaml", text: "scrape_intervall: 30s\n") }
    }
}

extension LintTests {
    @Test func promqlAnnotationsAtTheirPlace() throws {
        let yaml = "groups:\n- name: g\n  rules:\n  - record: job:x:rate5m\n    expr: sum(rate(requests[5m]))\n"
        let f = try #require(RulesChecker().check(path: "r.yaml", text: yaml).first { $0.id == "promql/annotations" })
        #expect(f.message == "PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \"requests\"")
        #expect(f.position == FilePosition(line: 5, column: 20))
        #expect(!ids("- record: job:x:rate5m\n  expr: sum(rate(requests_total[5m]))").contains("promql/annotations"))
    }
}
