import Foundation
import Yams

/// A test file that cannot be used, with the place that is wrong.
public struct TestFileError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var position: FilePosition?
    public var message: String
    public var description: String {
        if let p = position { return "\(file):\(p.line):\(p.column): \(message)" }
        return "\(file): \(message)"
    }
}

/// Reads a promtool unit-test file strictly: unknown keys and wrong types are errors
/// naming line:column, like promtool's `yaml.UnmarshalStrict`.
public struct TestFileLoader: Sendable {
    public init() {}

    /// Loader limits keep hostile files bounded.
    public static let maxTestGroups = 100_000

    public func load(path: String, text: String) throws(TestFileError) -> UnitTestFile {
        let root: Node?
        do { root = try compose(yaml: text) } catch let e as YamlError {
            throw TestFileError(file: path, position: yamlErrorPosition(e), message: yamlErrorMessage(e))
        } catch {
            throw TestFileError(file: path, position: nil, message: "\(error)")
        }
        var d = Decoder(path: path)
        guard let root, !root.isNull else {
            return UnitTestFile(path: path, ruleFiles: [], evaluationIntervalMs: 60_000, groupEvalOrder: [],
                                fuzzyCompare: false, tests: [])
        }
        return try d.file(root)
    }

    struct Decoder {
        let path: String

        func fail(_ node: Node, _ message: String) -> TestFileError {
            TestFileError(file: path, position: node.position, message: message)
        }

        func mapping(_ node: Node, _ what: String, allowed: [String]) throws(TestFileError) -> [(String, Node)] {
            if node.isNull { return [] }
            guard let pairs = node.orderedPairs else { throw fail(node, "\(what) must be a mapping, got \(node.kindName)") }
            for (k, kn, _) in pairs where !allowed.contains(k) {
                throw fail(kn, "field \(k) not found in type \(what)")
            }
            return pairs.map { ($0.key, $0.value) }
        }

        func sequence(_ node: Node, _ what: String) throws(TestFileError) -> [Node] {
            if node.isNull { return [] }
            guard let s = node.sequence else { throw fail(node, "\(what) must be a sequence, got \(node.kindName)") }
            return Array(s)
        }

        func string(_ node: Node, _ what: String) throws(TestFileError) -> String {
            if node.isNull { return "" }
            guard case .scalar(let s) = node else { throw fail(node, "\(what) must be a string, got \(node.kindName)") }
            return s.string
        }

        func duration(_ node: Node, _ what: String) throws(TestFileError) -> Int64 {
            let s = try string(node, what)
            do { return try PromDuration.parse(s) } catch { throw fail(node, "\(what): \(error)") }
        }

        func float(_ node: Node, _ what: String) throws(TestFileError) -> Double {
            let s = try string(node, what)
            if let d = parseGoFloat(s) { return d }
            throw fail(node, "\(what): cannot unmarshal \"\(s)\" into float64")
        }

        func bool(_ node: Node, _ what: String) throws(TestFileError) -> Bool {
            switch try string(node, what) {
            case "true", "True", "TRUE", "yes", "on": return true
            case "false", "False", "FALSE", "no", "off", "": return false
            case let s: throw fail(node, "\(what): cannot unmarshal \"\(s)\" into bool")
            }
        }

        func stringMap(_ node: Node, _ what: String) throws(TestFileError) -> [String: String] {
            if node.isNull { return [:] }
            guard let pairs = node.orderedPairs else { throw fail(node, "\(what) must be a mapping, got \(node.kindName)") }
            var out: [String: String] = [:]
            for (k, _, v) in pairs { out[k] = try string(v, "\(what).\(k)") }
            return out
        }

        mutating func file(_ root: Node) throws(TestFileError) -> UnitTestFile {
            var f = UnitTestFile(path: path, ruleFiles: [], evaluationIntervalMs: 0, groupEvalOrder: [],
                                 fuzzyCompare: false, tests: [])
            for (k, v) in try mapping(root, "unitTestFile", allowed: ["rule_files", "evaluation_interval", "group_eval_order", "tests", "fuzzy_compare"]) {
                switch k {
                case "rule_files": f.ruleFiles = try sequence(v, k).map { (n) throws(TestFileError) in try string(n, k) }
                case "evaluation_interval": f.evaluationIntervalMs = try duration(v, k)
                case "group_eval_order": f.groupEvalOrder = try sequence(v, k).map { (n) throws(TestFileError) in try string(n, k) }
                case "fuzzy_compare": f.fuzzyCompare = try bool(v, k)
                default:
                    let groups = try sequence(v, k)
                    guard groups.count <= TestFileLoader.maxTestGroups else { throw fail(v, "too many test groups (\(groups.count))") }
                    f.tests = try groups.map { (n) throws(TestFileError) in try group(n) }
                }
            }
            if f.evaluationIntervalMs == 0 { f.evaluationIntervalMs = 60_000 }
            return f
        }

        func group(_ node: Node) throws(TestFileError) -> TestGroup {
            var g = TestGroup(name: nil, intervalMs: nil, inputSeries: [], alertTests: [], exprTests: [],
                              externalLabels: [:], externalURL: "", startTimestampMs: 0, position: node.position)
            for (k, v) in try mapping(node, "testGroup", allowed: ["interval", "input_series", "alert_rule_test", "promql_expr_test", "external_labels", "external_url", "name", "start_timestamp"]) {
                switch k {
                case "interval":
                    let i = try duration(v, k)
                    g.intervalMs = i == 0 ? nil : i
                case "name": g.name = try string(v, k)
                case "external_labels": g.externalLabels = try stringMap(v, k)
                case "external_url": g.externalURL = try string(v, k)
                case "start_timestamp": g.startTimestampMs = try startTimestamp(v)
                case "input_series":
                    g.inputSeries = try sequence(v, k).map { (n) throws(TestFileError) in
                        var s = InputSeries(series: "", values: "", position: n.position)
                        for (k2, v2) in try mapping(n, "series", allowed: ["series", "values"]) {
                            if k2 == "series" { s.series = try string(v2, k2) } else { s.values = try string(v2, k2) }
                        }
                        return s
                    }
                case "alert_rule_test":
                    g.alertTests = try sequence(v, k).map { (n) throws(TestFileError) in try alertTest(n) }
                default:
                    g.exprTests = try sequence(v, k).map { (n) throws(TestFileError) in try exprTest(n) }
                }
            }
            return g
        }

        func startTimestamp(_ node: Node) throws(TestFileError) -> Int64 {
            let s = try string(node, "start_timestamp")
            if let d = Double(s), d.isFinite, abs(d) < 9e15 { return Int64((d * 1000).rounded()) }
            let f = ISO8601DateFormatter()
            f.formatOptions = [.withInternetDateTime]
            if let date = f.date(from: s) { return Int64((date.timeIntervalSince1970 * 1000).rounded()) }
            f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            if let date = f.date(from: s) { return Int64((date.timeIntervalSince1970 * 1000).rounded()) }
            throw fail(node, "start_timestamp: \"\(s)\" is neither a Unix timestamp nor RFC 3339")
        }

        func alertTest(_ node: Node) throws(TestFileError) -> AlertTestCase {
            var a = AlertTestCase(evalTimeMs: 0, alertname: "", expected: [], position: node.position)
            for (k, v) in try mapping(node, "alertTestCase", allowed: ["eval_time", "alertname", "exp_alerts"]) {
                switch k {
                case "eval_time": a.evalTimeMs = try duration(v, k)
                case "alertname": a.alertname = try string(v, k)
                default:
                    a.expected = try sequence(v, k).map { (n) throws(TestFileError) in
                        var e = ExpectedAlert(labels: [:], annotations: [:])
                        for (k2, v2) in try mapping(n, "alert", allowed: ["exp_labels", "exp_annotations"]) {
                            if k2 == "exp_labels" { e.labels = try stringMap(v2, k2) } else { e.annotations = try stringMap(v2, k2) }
                        }
                        return e
                    }
                }
            }
            return a
        }

        func exprTest(_ node: Node) throws(TestFileError) -> ExprTestCase {
            var t = ExprTestCase(expr: "", evalTimeMs: 0, expected: [], position: node.position)
            for (k, v) in try mapping(node, "promqlTestCase", allowed: ["expr", "eval_time", "exp_samples"]) {
                switch k {
                case "expr": t.expr = try string(v, k)
                case "eval_time": t.evalTimeMs = try duration(v, k)
                default:
                    t.expected = try sequence(v, k).map { (n) throws(TestFileError) in
                        var s = ExpectedSample(labels: "", value: 0, histogram: nil, position: n.position)
                        for (k2, v2) in try mapping(n, "sample", allowed: ["labels", "value", "histogram"]) {
                            switch k2 {
                            case "labels": s.labels = try string(v2, k2)
                            case "value": s.value = try float(v2, k2)
                            default: s.histogram = try string(v2, k2)
                            }
                        }
                        return s
                    }
                }
            }
            return t
        }
    }
}

/// Go's strconv.ParseFloat, which accepts Inf/NaN spellings Swift's Double(String) also takes,
/// plus `+Inf`, `-Inf` and hex floats.
func parseGoFloat(_ s: String) -> Double? {
    let t = s.trimmingCharacters(in: .whitespaces)
    switch t.lowercased() {
    case "inf", "+inf", "infinity", "+infinity", ".inf", "+.inf": return .infinity
    case "-inf", "-infinity", "-.inf": return -.infinity
    case "nan", ".nan": return .nan
    default: return Double(t.replacingOccurrences(of: "_", with: ""))
    }
}
