import Foundation
import Testing
import PromQL
@testable import Rules

/// promtool's --enable-feature for `rules check` (flag or `enable_features` in the lint
/// config) and `rules test`: off by default, and the error names the flag.
@Suite struct FeatureFlagOptionTests {
    static let rules = """
    groups:
      - name: g
        rules:
          - record: job:req:top2
            expr: limitk(2, sum by (job) (rate(req_total[5m])))
    """

    @Test func checkRefusesExperimentalFunctionsUnlessEnabled() throws {
        let off = RulesChecker().check(path: "r.yaml", text: Self.rules)
        let syntax = try #require(off.first { $0.id == "promql/syntax" })
        #expect(syntax.severity == .error)
        #expect(syntax.message.contains("--enable-feature=promql-experimental-functions"))
        var config = LintConfig()
        config.features = try FeatureFlags.parse(["promql-experimental-functions"])
        #expect(!RulesChecker(config: config).check(path: "r.yaml", text: Self.rules).contains { $0.severity == .error })
    }

    @Test func lintConfigKeyAndUnknownNames() throws {
        let c = try LintConfigLoader.load(path: "l.yaml", text: "enable_features: [promql-duration-expr, promql-binop-fill-modifiers]\n")
        #expect(c.features == [.durationExpressions, .fillModifiers])
        #expect(throws: LintConfigLoader.Invalid.self) {
            _ = try LintConfigLoader.load(path: "l.yaml", text: "enable_features: [promql-duration-exprs]\n")
        }
        do {
            _ = try LintConfigLoader.load(path: "l.yaml", text: "enable_features: [nope]\n")
        } catch {
            #expect(error.description.hasPrefix("l.yaml:1:18: enable_features: unknown feature nope"))
        }
        #expect(try FeatureFlags.parse(["promql-duration-expr,promql-experimental-functions"]) == [.durationExpressions, .experimentalFunctions])
    }

    @Test func testRunnerUsesTheFeatures() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("opsctl-ff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.rules.write(to: dir.appendingPathComponent("r.yaml"), atomically: true, encoding: .utf8)
        let test = """
        rule_files: [r.yaml]
        tests:
          - interval: 1m
            input_series:
              - {series: 'req_total{job="a"}', values: '0+60x10'}
            promql_expr_test:
              - expr: job:req:top2
                eval_time: 10m
                exp_samples: [{labels: 'job:req:top2{job="a"}', value: 1}]
              - expr: count_over_time(req_total[2m * 2])
                eval_time: 10m
                exp_samples: [{labels: '{job="a"}', value: 4}]
        """
        let path = dir.appendingPathComponent("t.yaml").path
        try test.write(toFile: path, atomically: true, encoding: .utf8)
        let off = RulesTestRunner().run(files: [path])
        #expect(!off.passed)
        #expect(off.files.first?.groups.first?.errors.first?.contains("--enable-feature=promql-experimental-functions") == true)
        let on = RulesTestRunner(options: RulesTestOptions(features: [.experimentalFunctions, .durationExpressions])).run(files: [path])
        #expect(on.files.first?.groups.first?.errors == [])
    }
}
