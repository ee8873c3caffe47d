import Foundation
import Testing
import PromQL
import Rules

/// The ops content that ships with opsctl holds together: every metric an alert, a recording
/// rule or a dashboard panel reads is listed by a job's metric catalogue (`opsctl JOB
/// --list-metrics --output json`, run on the real binary) or produced by a recording rule in
/// alerts/; every alert carries its severity, summary, description and runbook; every alert
/// has its runbook page and every runbook page its alert. An alert on a metric nobody
/// exports never fires — this is the test that catches it.
@Suite(.serialized) struct OpsContentTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("opsctl").path
    }

    /// The metric sources, one line per job: the arguments that make the binary print its
    /// catalogue as JSON (`{"metrics": [{"name": …}, …]}`). The exporter's default config is
    /// the one the content is written for.
    static let catalogueCommands: [String: [String]] = [
        "exporter": ["exporter", "--list-metrics", "--output", "json"],
        // After merging the sidecars, add their catalogues here and delete their entries
        // from `awaitingCatalogue` (a test fails while a job has both):
        // "quota-watcher": ["quota-watcher", "--list-metrics", "--output", "json"],
        // "prober": ["prober", "--list-metrics", "--output", "json"],
    ]

    /// Metric names the content reads from jobs whose catalogue is not wired in yet, as
    /// their branches serve them (quota: Sources/Quota/WatcherMetrics.swift; prober:
    /// Sources/Prober/ProberServer.swift and ProbeMetrics.swift; ledgertail: docs/ledger-tail.md). Every
    /// name here is a promise to check after the merge: once the job's catalogue is in
    /// `catalogueCommands`, its entry goes and the catalogue must list the names.
    static let awaitingCatalogue: [String: Set<String>] = [
        "quota-watcher": [
            "opsctl_quota_project_utilization_ratio", "opsctl_quota_project_units_last_minute",
            "opsctl_quota_project_limit_units_per_minute", "opsctl_quota_user_utilization_max_ratio",
            "opsctl_quota_users_above_ratio", "opsctl_quota_project_units_today", "opsctl_quota_project_daily_threshold_units",
            "opsctl_quota_project_daily_threshold_forecast_seconds", "opsctl_quota_sends_max_last_24h",
            "opsctl_quota_daily_send_limit", "opsctl_quota_send_limit_forecast_seconds", "opsctl_quota_ledger_lag_seconds",
            "opsctl_quota_source_up", "opsctl_quota_units_total", "opsctl_quota_rate_limited_calls_total",
            "opsctl_quota_ledger_late_rows_total", "opsctl_quota_ledger_gaps_expired_total",
        ],
        "prober": [
            "probe_success", "probe_duration_seconds", "probe_http_duration_seconds", "probe_http_status_code",
            "probe_ssl_earliest_cert_expiry", "probe_failure_reason",
            "opsctl_prober_ready", "opsctl_prober_check_fresh_success", "opsctl_prober_check_critical",
            "opsctl_prober_check_runs_total",
        ],
        "exporter (ledgertail branch)": [
            "opsctl_exporter_ledger_late_rows_total", "opsctl_exporter_ledger_gaps_expired_total",
            "opsctl_exporter_ledger_open_gaps",
        ],
    ]

    /// Series Prometheus itself writes for every scrape target.
    static let prometheusSeries: Set<String> = ["up"]

    struct Catalogue: Decodable {
        struct Entry: Decodable { var name: String }
        var metrics: [Entry]
    }

    static func catalogue(_ job: String, _ arguments: [String]) throws -> Set<String> {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ContentError("opsctl \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
        return Set(try JSONDecoder().decode(Catalogue.self, from: data).metrics.map(\.name))
    }

    struct ContentError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Every name a catalogue lists, Prometheus's own, and the awaited ones.
    static func knownMetrics() throws -> Set<String> {
        var known = prometheusSeries
        for (job, arguments) in catalogueCommands { known.formUnion(try catalogue(job, arguments)) }
        for names in awaitingCatalogue.values { known.formUnion(names) }
        return known
    }

    static func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    static func files(in directory: String, ending suffixes: [String]) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(directory).path)
            .filter { name in suffixes.contains { name.hasSuffix($0) } }.sorted().map { "\(directory)/\($0)" }
    }

    static func ruleFiles() throws -> [RuleFile] {
        try files(in: "alerts", ending: [".yaml", ".yml"]).map { path in
            let result = RuleFileLoader().load(path: path, text: try read(path))
            #expect(result.findings.isEmpty, "\(path): \(result.findings)")
            return result.file
        }
    }

    static func rules() throws -> [(file: String, rule: Rule)] {
        try ruleFiles().flatMap { file in file.groups.flatMap(\.rules).map { (file.path, $0) } }
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

    @Test func aJobWithACatalogueHasNoAwaitedNames() {
        for job in Self.catalogueCommands.keys {
            #expect(Self.awaitingCatalogue[job] == nil, "\(job) has a catalogue now: delete its awaitingCatalogue entry")
        }
    }

    @Test func theExporterCatalogueListsTheMetricsOfItsConfig() throws {
        let names = try Self.catalogue("exporter", Self.catalogueCommands["exporter"] ?? [])
        for name in ["gmailsvc_jobs", "gmailsvc_jobs_queued_user_max", "gmailsvc_jobs_finished_last_hour",
                     "gmail_api_calls_total", "pg_up", "pg_settings_max_connections", "opsctl_exporter_collector_success"] {
            #expect(names.contains(name), "exporter catalogue lacks \(name)")
        }
        // No awaited name is one the exporter already lists (the list would be stale).
        for (job, awaited) in Self.awaitingCatalogue {
            #expect(awaited.isDisjoint(with: names), "\(job): \(awaited.intersection(names).sorted()) are listed by the exporter")
        }
    }

    @Test func alertsReadOnlyCataloguedOrRecordedMetrics() throws {
        let known = try Self.knownMetrics()
        let rules = try Self.rules()
        let recorded = Set(rules.filter { $0.rule.kind == .recording }.map(\.rule.name.value))
        #expect(rules.count >= 30, "found only \(rules.count) rules in alerts/")
        for (file, rule) in rules {
            let expr = try PromQL.parse(rule.expr.value)
            for name in Self.metricNames(in: expr) {
                #expect(known.contains(name) || recorded.contains(name),
                        "\(file): \(rule.name.value) reads \(name), which no catalogue lists and no recording rule produces")
            }
        }
    }

    @Test func everyAlertHasSeveritySummaryDescriptionAndRunbook() throws {
        for (file, rule) in try Self.rules() where rule.kind == .alerting {
            let labels = rule.labelDictionary
            let annotations = Dictionary(rule.annotations.map { ($0.name, $0.value.value) }, uniquingKeysWith: { a, _ in a })
            #expect(["critical", "warning", "info"].contains(labels["severity"] ?? ""), "\(file): \(rule.name.value) severity")
            for key in ["summary", "description", "runbook_url"] {
                #expect(!(annotations[key] ?? "").isEmpty, "\(file): \(rule.name.value) has no \(key)")
            }
            #expect(rule.forMs >= 60_000, "\(file): \(rule.name.value) fires on one evaluation (for: < 1m)")
        }
    }

    /// Every alert names a runbook page that exists, and every page is named by an alert.
    @Test func everyAlertHasItsRunbookAndEveryRunbookItsAlert() throws {
        var named: Set<String> = []
        for (file, rule) in try Self.rules() where rule.kind == .alerting {
            let url = rule.annotations.first { $0.name == "runbook_url" }?.value.value ?? ""
            guard let range = url.range(of: "/runbooks/") else {
                Issue.record("\(file): \(rule.name.value) runbook_url \(url) is not under runbooks/")
                continue
            }
            let path = "runbooks/" + url[range.upperBound...]
            named.insert(path)
            #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(path).path),
                    "\(file): \(rule.name.value) names \(path), which does not exist")
            #expect(try Self.read(path).contains(rule.name.value) == true, "\(path) does not mention \(rule.name.value)")
        }
        let pages = Set(try Self.files(in: "runbooks", ending: [".md"]).filter { $0 != "runbooks/README.md" })
        #expect(pages.subtracting(named).isEmpty, "runbooks without an alert: \(pages.subtracting(named).sorted())")
        #expect(named.count >= 30)
    }

    @Test func dashboardPanelsReadOnlyCataloguedOrRecordedMetrics() throws {
        let known = try Self.knownMetrics()
        let recorded = Set(try Self.rules().filter { $0.rule.kind == .recording }.map(\.rule.name.value))
        let files = try Self.files(in: "dashboards", ending: [".json"])
        #expect(files.count >= 5)
        var checked = 0
        for file in files {
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.root.appendingPathComponent(file)))
            var exprs: [String] = []
            var uids: [String] = []
            func walk(_ v: Any) {
                if let d = v as? [String: Any] {
                    if let e = d["expr"] as? String { exprs.append(e) }
                    if let ds = d["datasource"] as? [String: Any], let uid = ds["uid"] as? String { uids.append(uid) }
                    if let ds = d["datasource"] as? String { uids.append(ds) }
                    d.values.forEach(walk)
                } else if let a = v as? [Any] { a.forEach(walk) }
            }
            walk(json)
            let dashboard = json as? [String: Any] ?? [:]
            #expect((dashboard["schemaVersion"] as? Int ?? 0) >= 39, "\(file): schemaVersion")
            let variables = (dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? []
            #expect(variables.contains { $0["name"] as? String == "datasource" && $0["type"] as? String == "datasource"
                && $0["query"] as? String == "prometheus" }, "\(file): no $datasource variable of type prometheus")
            for uid in uids { #expect(uid == "${datasource}" || uid == "$datasource", "\(file): hard-coded datasource \(uid)") }
            for text in exprs {
                // Grafana's own variables are not PromQL: give them a value first.
                let promql = text.replacingOccurrences(of: "$__rate_interval", with: "5m")
                    .replacingOccurrences(of: "$__range", with: "1d")
                    .replacingOccurrences(of: "$__interval", with: "1m")
                let expr = try PromQL.parse(promql)
                for name in Self.metricNames(in: expr) {
                    #expect(known.contains(name) || recorded.contains(name),
                            "\(file): \(name) is neither in a catalogue nor recorded (\(text))")
                }
                checked += 1
            }
        }
        #expect(checked >= 25)
    }
}
