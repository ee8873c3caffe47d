import Foundation
import Testing
import PromQL

/// The ops content that ships with opsctl holds together: every metric an alert or a
/// dashboard panel reads is one the exporter serves (config/opsctl.yaml and its built-in
/// families) or a recording rule in alerts/ produces, and every runbook an alert names exists.
/// An alert on a metric nobody exports never fires — this is the test that catches it.
@Suite struct OpsContentTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Families the exporter serves besides its configured collectors, and Prometheus's own `up`.
    static let builtIn: Set<String> = [
        "up", "pg_up", "pg_stat_activity_count", "pg_stat_activity_max_tx_duration", "pg_database_size_bytes",
        "opsctl_exporter_collector_success", "opsctl_exporter_collector_duration_seconds",
        "opsctl_exporter_scrape_duration_seconds", "opsctl_exporter_collections_total", "opsctl_exporter_build_info",
    ]

    static func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        guard let re = try? NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines]) else { return [] }
        return re.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    /// Metric names the exporter's default configuration declares (`- name:` under `metrics:`).
    static func exportedMetrics() throws -> Set<String> {
        let config = try read("config/opsctl.yaml")
        return Set(matches(#"^\s+- name: ([a-zA-Z_:][a-zA-Z0-9_:]*)\s*$"#, in: config)).union(builtIn)
    }

    static func alertFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("alerts").path)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { "alerts/\($0)" }
    }

    static func metricNames(in expr: Expr) -> Set<String> {
        switch expr {
        case .number, .string: return []
        case .vectorSelector(let vs), .matrixSelector(let vs, _, _):
            if let name = vs.name { return [name] }
            return Set(vs.matchers.filter { $0.name == "__name__" && $0.op == .equal }.map(\.value))
        case .subquery(let e, _, _, _, _, _), .unary(_, let e, _), .paren(let e, _):
            return metricNames(in: e)
        case .call(_, let args, _):
            return args.reduce(into: Set<String>()) { $0.formUnion(metricNames(in: $1)) }
        case .aggregate(_, let e, let param, _, _, _):
            return metricNames(in: e).union(param.map(metricNames(in:)) ?? [])
        case .binary(_, let l, let r, _, _, _):
            return metricNames(in: l).union(metricNames(in: r))
        }
    }

    @Test func alertsReadOnlyExportedOrRecordedMetrics() throws {
        let exported = try Self.exportedMetrics()
        var recorded: Set<String> = []
        var expressions: [(String, String)] = []
        for file in try Self.alertFiles() {
            let text = try Self.read(file)
            recorded.formUnion(Self.matches(#"^\s*- record: (\S+)\s*$"#, in: text))
            // `expr:` lines, single-line or a `|` block whose indented lines follow.
            let lines = text.components(separatedBy: "\n")
            var i = 0
            while i < lines.count {
                let line = lines[i]
                if let r = line.range(of: "expr: ") {
                    let indent = line.prefix { $0 == " " }.count
                    var body = String(line[r.upperBound...])
                    if body.hasPrefix("|") || body.hasPrefix(">") {
                        body = ""
                        while i + 1 < lines.count,
                              lines[i + 1].trimmingCharacters(in: .whitespaces).isEmpty
                                || lines[i + 1].prefix(while: { $0 == " " }).count > indent {
                            i += 1
                            body += lines[i] + "\n"
                        }
                    }
                    expressions.append(("\(file):\(i + 1)", body))
                }
                i += 1
            }
        }
        #expect(expressions.count >= 10, "found only \(expressions.count) expressions in alerts/")
        for (place, text) in expressions {
            let expr = try PromQL.parse(text)
            for name in Self.metricNames(in: expr) {
                #expect(exported.contains(name) || recorded.contains(name),
                        "\(place): \(name) is neither exported by config/opsctl.yaml nor recorded in alerts/")
            }
        }
    }

    @Test func dashboardPanelsReadOnlyExportedOrRecordedMetrics() throws {
        let exported = try Self.exportedMetrics()
        var recorded: Set<String> = []
        for file in try Self.alertFiles() {
            recorded.formUnion(Self.matches(#"^\s*- record: (\S+)\s*$"#, in: try Self.read(file)))
        }
        let dir = Self.root.appendingPathComponent("dashboards")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".json") }
        #expect(!files.isEmpty)
        var checked = 0
        for file in files {
            let data = try Data(contentsOf: dir.appendingPathComponent(file))
            let json = try JSONSerialization.jsonObject(with: data)
            var exprs: [String] = []
            func walk(_ v: Any) {
                if let d = v as? [String: Any] {
                    if let e = d["expr"] as? String { exprs.append(e) }
                    d.values.forEach(walk)
                } else if let a = v as? [Any] { a.forEach(walk) }
            }
            walk(json)
            for text in exprs {
                let expr = try PromQL.parse(text)
                for name in Self.metricNames(in: expr) {
                    #expect(exported.contains(name) || recorded.contains(name),
                            "dashboards/\(file): \(name) is neither exported nor recorded")
                }
                checked += 1
            }
        }
        #expect(checked >= 10)
    }

    @Test func everyRunbookAnAlertNamesExists() throws {
        var named = 0
        for file in try Self.alertFiles() {
            for path in Self.matches(#"runbook_url: "?[^"\n]*/(runbooks/[^"\s#]+)"?"#, in: try Self.read(file)) {
                named += 1
                #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(path).path),
                        "\(file) names \(path), which does not exist")
            }
        }
        #expect(named >= 10)
    }
}
