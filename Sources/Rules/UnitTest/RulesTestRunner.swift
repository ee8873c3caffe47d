import Foundation
import PromQL

/// Options of `opsctl rules test`.
public struct RulesTestOptions: Sendable {
    /// Only test groups whose name matches (promtool's --run, several joined by `|`).
    public var run: [String]
    public var ignoreUnknownFields: Bool
    public var diff: Bool
    /// PromQL features switched on (promtool's --enable-feature), for rules and test expressions.
    public var features: PromQLFeatures
    public init(run: [String] = [], ignoreUnknownFields: Bool = false, diff: Bool = false, features: PromQLFeatures = []) {
        self.run = run; self.ignoreUnknownFields = ignoreUnknownFields; self.diff = diff; self.features = features
    }
}

public struct TestGroupResult: Sendable {
    public var name: String
    public var errors: [String]
    public var durationSeconds: Double
    public var passed: Bool { errors.isEmpty }
}

public struct TestFileResult: Sendable {
    public var path: String
    /// The file could not be used at all (unreadable, bad YAML, bad --run pattern).
    public var fileError: String?
    public var warnings: [String]
    public var groups: [TestGroupResult]
    public var passed: Bool { fileError == nil && groups.allSatisfy(\.passed) }
}

/// Rules no test made fire and rules no test evaluated (`--coverage`).
public struct RuleCoverage: Sendable {
    public var neverFired: [RuleReference]
    public var neverEvaluated: [RuleReference]
}

public struct RulesTestReport: Sendable {
    public var files: [TestFileResult]
    public var coverage: RuleCoverage
    public var passedGroups: Int { files.reduce(0) { $0 + $1.groups.filter(\.passed).count } }
    public var failedGroups: Int {
        files.reduce(0) { $0 + $1.groups.filter { !$0.passed }.count + ($1.fileError == nil ? 0 : 1) }
    }
    public var passed: Bool { files.allSatisfy(\.passed) }
}

/// `opsctl rules test`: runs promtool-format unit-test files.
public struct RulesTestRunner: Sendable {
    public var options: RulesTestOptions
    public init(options: RulesTestOptions = RulesTestOptions()) { self.options = options }

    public func run(files: [String]) -> RulesTestReport {
        var results: [TestFileResult] = []
        var allRules: Set<RuleReference> = []
        var evaluated: Set<RuleReference> = []
        var fired: Set<RuleReference> = []
        for f in files {
            let (r, rules, ev, fi) = runFile(f)
            results.append(r)
            allRules.formUnion(rules); evaluated.formUnion(ev); fired.formUnion(fi)
        }
        let coverage = RuleCoverage(
            neverFired: allRules.filter { $0.isAlert && !fired.contains($0) }.sorted(),
            neverEvaluated: allRules.filter { !evaluated.contains($0) }.sorted())
        return RulesTestReport(files: results, coverage: coverage)
    }

    func runFile(_ path: String) -> (TestFileResult, Set<RuleReference>, Set<RuleReference>, Set<RuleReference>) {
        var result = TestFileResult(path: path, fileError: nil, warnings: [], groups: [])
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            result.fileError = "\(path): cannot read file"
            return (result, [], [], [])
        }
        let file: UnitTestFile
        do { file = try TestFileLoader().load(path: path, text: text) } catch {
            result.fileError = error.description
            return (result, [], [], [])
        }
        var regex: NSRegularExpression?
        if !options.run.isEmpty {
            do { regex = try NSRegularExpression(pattern: options.run.joined(separator: "|")) } catch {
                result.fileError = "--run: invalid regular expression \(options.run.joined(separator: "|"))"
                return (result, [], [], [])
            }
        }
        // Order check, as promtool does it, before any test runs.
        var order: [String: Int] = [:]
        for (i, g) in file.groupEvalOrder.enumerated() {
            if order[g] != nil { result.fileError = "group name repeated in evaluation order: \(g)"; return (result, [], [], []) }
            order[g] = i
        }
        // Rule files: globs relative to the test file, parsed once for every test group.
        let base = (path as NSString).deletingLastPathComponent
        var ruleErrors: [String] = []
        var groups: [(RuleGroup, String)] = []
        for pattern in file.ruleFiles {
            let full = pattern.hasPrefix("/") ? pattern : (base.isEmpty ? pattern : base + "/" + pattern)
            let matches = Glob.expand(full)
            if matches.isEmpty { result.warnings.append("no file match pattern \(full)") }
            for m in matches {
                guard let d = FileManager.default.contents(atPath: m), let t = String(data: d, encoding: .utf8) else {
                    ruleErrors.append("    \(m): cannot read file"); continue
                }
                let loaded = RuleFileLoader(ignoreUnknownFields: options.ignoreUnknownFields, features: options.features).load(path: m, text: t)
                for f in loaded.findings where f.severity == .error {
                    ruleErrors.append("    \(f.file):\(f.position.line):\(f.position.column): \(f.message)")
                }
                groups += loaded.file.groups.map { ($0, m) }
            }
        }
        if !order.isEmpty {
            for (g, _) in groups where order[g.name] == nil {
                ruleErrors.append("    group name not found in group_eval_order: \(g.name)")
            }
            groups.sort { (order[$0.0.name] ?? Int.max) < (order[$1.0.name] ?? Int.max) }
        }
        var allRules: Set<RuleReference> = []
        let loaded: [[RuleEvaluator.LoadedRule]] = groups.map { g, filePath in
            g.rules.enumerated().compactMap { i, r in
                let ref = RuleReference(file: filePath, group: g.name, index: i, name: r.name.value, isAlert: r.kind == .alerting)
                allRules.insert(ref)
                guard let e = r.parsed else { return nil }
                return RuleEvaluator.LoadedRule(reference: ref, rule: r, expr: e)
            }
        }
        var evaluated: Set<RuleReference> = []
        var fired: Set<RuleReference> = []
        for (i, g) in file.tests.enumerated() {
            if let re = regex {
                let name = g.name ?? ""
                if re.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) == nil { continue }
            }
            let name = g.name ?? "unnamed#\(i)"
            let start = Date()
            if !ruleErrors.isEmpty {
                result.groups.append(TestGroupResult(name: name, errors: ruleErrors, durationSeconds: 0))
                continue
            }
            let outcome = TestGroupRunner(group: g, file: file, rules: loaded, showDiff: options.diff, features: options.features).run()
            evaluated.formUnion(outcome.evaluated); fired.formUnion(outcome.fired)
            result.groups.append(TestGroupResult(name: name, errors: outcome.errors,
                                                 durationSeconds: Date().timeIntervalSince(start)))
        }
        return (result, allRules, evaluated, fired)
    }
}
