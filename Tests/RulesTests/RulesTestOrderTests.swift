import Foundation
import Testing
@testable import Rules

/// promtool evaluates a test group in time order whatever order its `alert_rule_test` and
/// `promql_expr_test` entries are listed in: the same checks listed in two orders must give
/// the same outcome, and the same errors.
@Suite struct RulesTestOrderTests {
    static let rules = """
    groups:
      - name: api
        rules:
          - record: job:errors:rate5m
            expr: sum by (job) (rate(errors_total[5m]))
          - alert: HighErrorRate
            expr: job:errors:rate5m > 0.5
            for: 2m
            keep_firing_for: 3m
            labels: {severity: page}
            annotations: {summary: "{{ $labels.job }} at {{ $value | humanize }}/s"}
    """

    /// One check each, as YAML list items (alert checks, then expression checks).
    static let alertChecks = [
        """
          - eval_time: 2m
            alertname: HighErrorRate
            exp_alerts: []
        """,
        """
          - eval_time: 7m
            alertname: HighErrorRate
            exp_alerts:
              - exp_labels: {job: api, severity: page}
                exp_annotations: {summary: "api at 1/s"}
        """,
        """
          - eval_time: 13m
            alertname: HighErrorRate
            exp_alerts:
              - exp_labels: {job: api, severity: page}
                exp_annotations: {summary: "api at 700m/s"}
        """,
        """
          - eval_time: 16m
            alertname: HighErrorRate
            exp_alerts: []
        """,
    ]
    // The rate reaches 0.6 at 3m (Prometheus 3 extrapolation), so the alert is pending at 3m-4m.
    static let exprChecks = [
        """
          - expr: job:errors:rate5m
            eval_time: 8m
            exp_samples: [{labels: 'job:errors:rate5m{job="api"}', value: 1}]
        """,
        """
          - expr: job:errors:rate5m
            eval_time: 5m
            exp_samples: [{labels: 'job:errors:rate5m{job="api"}', value: 1}]
        """,
        """
          - expr: ALERTS
            eval_time: 4m
            exp_samples: [{labels: 'ALERTS{alertname="HighErrorRate", alertstate="pending", job="api", severity="page"}', value: 1}]
        """,
    ]

    static func testFile(alerts: [String], exprs: [String]) -> String {
        func block(_ items: [String]) -> String {
            items.flatMap { $0.split(separator: "\n") }.map { "    " + $0 }.joined(separator: "\n")
        }
        return """
        rule_files: [rules.yaml]
        evaluation_interval: 1m
        tests:
          - interval: 1m
            input_series:
              - series: 'errors_total{job="api"}'
                values: '0+60x10 _x5'
            alert_rule_test:
        \(block(alerts))
            promql_expr_test:
        \(block(exprs))
        """
    }

    func run(_ test: String) throws -> RulesTestReport {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("opsctl-order-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.rules.write(to: dir.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        let path = dir.appendingPathComponent("t.yaml").path
        try test.write(toFile: path, atomically: true, encoding: .utf8)
        return RulesTestRunner().run(files: [path])
    }

    func errors(_ r: RulesTestReport) -> [String] {
        (r.files.first?.fileError.map { [$0] } ?? []) + (r.files.first?.groups.flatMap(\.errors) ?? [])
    }

    @Test func sameChecksInTwoOrdersGiveTheSameResult() throws {
        let inOrder = try run(Self.testFile(alerts: Self.alertChecks, exprs: Self.exprChecks))
        let shuffled = try run(Self.testFile(alerts: [Self.alertChecks[3], Self.alertChecks[0], Self.alertChecks[2], Self.alertChecks[1]],
                                             exprs: Self.exprChecks.reversed()))
        #expect(errors(inOrder) == [])
        #expect(errors(shuffled) == [])
        #expect(inOrder.passed && shuffled.passed)
    }

    @Test func aWrongExpectationFailsTheSameWayInEitherOrder() throws {
        // 16m expects a firing alert that keep_firing_for no longer holds; 5m expects a wrong value.
        var alerts = Self.alertChecks
        alerts[3] = alerts[1].replacingOccurrences(of: "eval_time: 7m", with: "eval_time: 16m")
        var exprs = Self.exprChecks
        exprs[1] = exprs[1].replacingOccurrences(of: "value: 1}", with: "value: 2}")
        let inOrder = try run(Self.testFile(alerts: alerts, exprs: exprs))
        let reversed = try run(Self.testFile(alerts: alerts.reversed(), exprs: exprs))
        #expect(!inOrder.passed && !reversed.passed)
        let a = errors(inOrder), b = errors(reversed)
        #expect(a.count == 2)
        #expect(a == b)
        #expect(a.first?.contains("alertname: HighErrorRate, time: 16m") == true)
    }
}
