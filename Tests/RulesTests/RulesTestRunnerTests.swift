import Foundation
import Testing
@testable import Rules

/// End-to-end runs of `rules test` on small files written to a temporary directory.
@Suite struct RulesTestRunnerTests {
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
            labels:
              severity: page
              team: "{{ $labels.job }}-oncall"
            annotations:
              summary: "{{ $labels.job }} at {{ $value | humanize }}/s"
              others: "{{ with query \\"count(errors_total)\\" }}{{ . | first | value }}{{ end }} series"
          - alert: NeverFires
            expr: errors_total > 1e9
    """

    func run(_ test: String, options: RulesTestOptions = RulesTestOptions()) throws -> RulesTestReport {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("opsctl-rt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.rules.write(to: dir.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        let path = dir.appendingPathComponent("t.yaml").path
        try test.write(toFile: path, atomically: true, encoding: .utf8)
        return RulesTestRunner(options: options).run(files: [path])
    }

    static let passing = """
    rule_files: ["rul*.yaml"]
    evaluation_interval: 1m
    tests:
      - name: fires after for
        interval: 1m
        input_series:
          - series: 'errors_total{job="api", instance="a"}'
            values: '0+60x10 _x5'
        alert_rule_test:
          - eval_time: 2m
            alertname: HighErrorRate
            exp_alerts: []
          - eval_time: 7m
            alertname: HighErrorRate
            exp_alerts:
              - exp_labels: {job: api, severity: page, team: api-oncall}
                exp_annotations: {summary: "api at 1/s", others: "1 series"}
          # 12m is the last evaluation above 0.5 (rate 0.7 with Prometheus's extrapolation);
          # keep_firing_for holds the alert, with the annotations of that last result.
          - eval_time: 13m
            alertname: HighErrorRate
            exp_alerts:
              - exp_labels: {job: api, severity: page, team: api-oncall}
                exp_annotations: {summary: "api at 700m/s", others: "1 series"}
          - eval_time: 16m
            alertname: HighErrorRate
            exp_alerts: []
        promql_expr_test:
          - expr: job:errors:rate5m
            eval_time: 5m
            exp_samples:
              - labels: 'job:errors:rate5m{job="api"}'
                value: 1
    """

    @Test func alertsRecordingRulesTemplatesAndQueries() throws {
        let report = try run(Self.passing)
        #expect(report.files.first?.fileError == nil)
        #expect(report.files.first?.groups.first?.errors == [])
        #expect(report.passed)
    }

    @Test func failureShowsExpectedAndGot() throws {
        let report = try run(String(Self.passing.dropLast()) + "2")   // the last line is `value: 1`
        #expect(!report.passed)
        let e = try #require(report.files.first?.groups.first?.errors.first)
        #expect(e.contains("exp: {__name__=\"job:errors:rate5m\", job=\"api\"} 2E+00"))
        #expect(e.contains("got: {__name__=\"job:errors:rate5m\", job=\"api\"} 1E+00"))
        let text = TestTextReporter.render(report, coverage: false).stdout
        #expect(text.hasSuffix("0 passed, 1 failed\n"))
    }

    @Test func coverageListsAlertsThatNeverFired() throws {
        let report = try run(Self.passing)
        #expect(report.coverage.neverFired.map(\.name) == ["NeverFires"])
        #expect(report.coverage.neverEvaluated.isEmpty)
    }

    @Test func runFilterSkipsOtherGroups() throws {
        let report = try run(Self.passing, options: RulesTestOptions(run: ["^nothing$"]))
        #expect(report.files.first?.groups.isEmpty == true)
    }

    @Test func brokenTestFileNamesThePlace() throws {
        let report = try run("tests:\n  - name: x\n    input_seriess: []\n")
        let e = try #require(report.files.first?.fileError)
        #expect(e.contains(":3:5:"))
        #expect(e.contains("input_seriess"))
    }

    @Test func unparsableRuleFileFailsEveryGroup() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("opsctl-rt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "groups:\n- name: g\n  rules:\n  - record: x\n    expr: sum(\n".write(to: dir.appendingPathComponent("r.yml"), atomically: true, encoding: .utf8)
        try "rule_files: [r.yml]\ntests:\n- {}\n".write(to: dir.appendingPathComponent("t.yml"), atomically: true, encoding: .utf8)
        let report = RulesTestRunner().run(files: [dir.appendingPathComponent("t.yml").path])
        let e = try #require(report.files.first?.groups.first?.errors.first)
        #expect(e.contains("r.yml:5:"))
    }

    @Test func aMillionPointSeriesRunsBounded() throws {
        let start = Date()
        let report = try run("""
        tests:
          - interval: 1s
            input_series:
              - series: big
                values: '0+1x999999'
            promql_expr_test:
              - expr: big
                eval_time: 10s
                exp_samples: [{labels: big, value: 10}]
        """)
        #expect(report.passed)
        #expect(Date().timeIntervalSince(start) < 120)
    }

    @Test func absurdEvalTimeIsRefusedNotRun() throws {
        let report = try run("evaluation_interval: 1s\ntests:\n  - promql_expr_test:\n      - expr: vector(1)\n        eval_time: 1000y\n")
        let e = try #require(report.files.first?.groups.first?.errors.first)
        #expect(e.contains("evaluation steps"))
    }

    @Test func externalLabelsURLAndGroupOrder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("opsctl-rt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // Group "second" reads what group "first" records at the same step only if it runs after it.
        try """
        groups:
          - name: second
            rules:
              - alert: Copy
                expr: first_out > 0
                annotations: {where: "{{ $externalLabels.cluster }} {{ $externalURL }}"}
          - name: first
            rules:
              - record: first_out
                expr: vector(1)
        """.write(to: dir.appendingPathComponent("r.yml"), atomically: true, encoding: .utf8)
        let test = """
        rule_files: [r.yml]
        group_eval_order: [first, second]
        tests:
          - external_labels: {cluster: eu-1}
            external_url: http://prom.example
            alert_rule_test:
              - eval_time: 0m
                alertname: Copy
                exp_alerts:
                  - exp_annotations: {where: "eu-1 http://prom.example"}
        """
        try test.write(to: dir.appendingPathComponent("t.yml"), atomically: true, encoding: .utf8)
        #expect(RulesTestRunner().run(files: [dir.appendingPathComponent("t.yml").path]).passed)
        // In file order the alert sees no data at 0m.
        try test.replacingOccurrences(of: "group_eval_order: [first, second]\n", with: "")
            .write(to: dir.appendingPathComponent("t.yml"), atomically: true, encoding: .utf8)
        #expect(!RulesTestRunner().run(files: [dir.appendingPathComponent("t.yml").path]).passed)
    }
}

/// Native histograms in `rules test` files: input series and exp_samples in promtool's
/// `{{...}}` notation, and `$value` of an alert on a histogram.
@Suite struct RulesTestHistogramTests {
    static let rules = """
    groups:
      - name: h
        rules:
          - record: job:latency:rate2m
            expr: sum by (job) (rate(latency_seconds[2m]))
          - alert: SlowP90
            expr: histogram_quantile(0.9, job:latency:rate2m) > 1
            annotations:
              summary: "p90 {{ $value }}"
          - alert: AnyLatency
            expr: latency_seconds
            annotations:
              value: "{{ $value }}"
    """

    func run(_ test: String) throws -> RulesTestReport {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("opsctl-rth-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.rules.write(to: dir.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        let path = dir.appendingPathComponent("t.yaml").path
        try test.write(toFile: path, atomically: true, encoding: .utf8)
        return RulesTestRunner().run(files: [path])
    }

    static func file(expected: String) -> String {
        """
        rule_files: [rules.yaml]
        tests:
          - interval: 1m
            input_series:
              - series: 'latency_seconds{job="api"}'
                values: '{{schema:0 sum:0 count:0}}+{{schema:0 sum:3 count:2 buckets:[0 0 2]}}x4'
            alert_rule_test:
              - eval_time: 2m
                alertname: SlowP90
                exp_alerts:
                  - exp_labels: {job: api}
                    exp_annotations: {summary: "p90 3.7321319661472296"}
              - eval_time: 0m
                alertname: AnyLatency
                exp_alerts:
                  - exp_labels: {job: api}
                    exp_annotations: {value: "{count:0, sum:0}"}
            promql_expr_test:
              - expr: job:latency:rate2m
                eval_time: 2m
                exp_samples:
                  - labels: 'job:latency:rate2m{job="api"}'
                    histogram: '\(expected)'
        """
    }

    @Test func histogramSeriesAlertsAndSamples() throws {
        let report = try run(Self.file(expected: "{{sum:0.05 count:0.03333333333333333 counter_reset_hint:gauge buckets:[0 0 0.03333333333333333]}}"))
        #expect(report.files.first?.fileError == nil)
        #expect(report.files.first?.groups.first?.errors == [])
        #expect(report.passed)
    }

    @Test func histogramMismatchShowsBothInPromtoolNotation() throws {
        let report = try run(Self.file(expected: "{{sum:0.05 count:1 buckets:[1]}}"))
        #expect(!report.passed)
        let e = try #require(report.files.first?.groups.first?.errors.first)
        #expect(e.contains("exp: {__name__=\"job:latency:rate2m\", job=\"api\"} {{count:1 sum:0.05 buckets:[1]}}"))
        #expect(e.contains("got: {__name__=\"job:latency:rate2m\", job=\"api\"} {{count:0.03333333333333333 sum:0.05 counter_reset_hint:gauge buckets:[0.03333333333333333] offset:2}}"))
    }

    @Test func badHistogramNotationNamesThePlace() throws {
        let report = try run(Self.file(expected: "{{sum:0.05 colour:1}}"))
        #expect(!report.passed)
        let e = try #require(report.files.first?.groups.first?.errors.first)
        #expect(e.contains("unknown histogram field \"colour\""))
    }
}
