import Foundation
import Testing
import TestSupport

/// `opsctl quota --compare-google` (the real binary) against a local stand-in for Cloud
/// Monitoring (`Fixtures/cloud-monitoring.py`, Python's http.server) that serves the
/// documented ListTimeSeriesResponse over several pages, and Google's errors.
@Suite(.serialized) struct CompareGoogleTests {
    static let token = "ya29.test-token-\(UUID().uuidString.prefix(12))"

    /// The stand-in, started for one test.
    struct FakeMonitoring {
        let process: ChildProcess
        let port: Int
        let requestLog: String
        let scenarioFile: String
        var baseURL: String { "http://127.0.0.1:\(port)" }

        /// Stops the stand-in and removes its scenario and request log from the temporary folder.
        func stop() {
            _ = process.stop()
            try? FileManager.default.removeItem(atPath: scenarioFile)
            try? FileManager.default.removeItem(atPath: requestLog)
        }

        /// The requests it received, in order (path, query, authorization).
        var requests: [[String: Any]] {
            ((try? String(contentsOfFile: requestLog, encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
        }

        static func start(points: [Int64: Int], pageSize: Int = 2) throws -> FakeMonitoring {
            let base = FileManager.default.temporaryDirectory.appendingPathComponent("opsctl-monitoring-\(UUID().uuidString.prefix(8))").path
            let scenario: [String: Any] = ["token": CompareGoogleTests.token, "page_size": pageSize,
                                           "points": Dictionary(uniqueKeysWithValues: points.map { (String($0.key), $0.value) })]
            try JSONSerialization.data(withJSONObject: scenario).write(to: URL(fileURLWithPath: base + ".json"))
            let script = TestCluster.repositoryRoot.appendingPathComponent("Tests/QuotaTests/Fixtures/cloud-monitoring.py").path
            let process = try ChildProcess(["/usr/bin/env", "python3", script, base + ".json", base + ".log"])
            for _ in 0..<100 {
                if let line = process.log.split(separator: "\n").first(where: { $0.hasPrefix("listening ") }),
                   let port = Int(line.dropFirst("listening ".count)) {
                    return FakeMonitoring(process: process, port: port, requestLog: base + ".log", scenarioFile: base + ".json")
                }
                guard process.isRunning else { break }
                Thread.sleep(forTimeInterval: 0.05)
            }
            _ = process.stop()
            try? FileManager.default.removeItem(atPath: base + ".json")
            throw TestDatabaseError(message: "the Cloud Monitoring stand-in did not start: \(process.log)")
        }
    }

    static func googleConfig(_ ledger: Ledger, project: String, baseURL: String, extra: String = "") throws -> String {
        try ledger.configFile(extra: "  google:\n    project_id: \(project)\n    base_url: \(baseURL)\n\(extra)")
    }

    /// Units per 5-minute period over `[start, end)`, from the ledger, in SQL with the test's own cost table.
    static func ledgerPeriods(_ ledger: Ledger, start: Int64, end: Int64) async throws -> [Int64: Int] {
        let map = try await SQL.map(ledger.database.adminURL, """
            WITH costs(method, units) AS (VALUES \(TestCosts.valuesList))
            SELECT (floor(extract(epoch FROM called_at) / 300) * 300)::bigint::text AS p,
                   sum(coalesce(l.quota_units::int, c.units, \(TestCosts.defaultUnits)))::float8 AS u
            FROM \(ledger.table) l LEFT JOIN costs c ON c.method = regexp_replace(l.method, '^users\\.', '')
            WHERE called_at >= to_timestamp(\(start)) AND called_at < to_timestamp(\(end))
            GROUP BY 1
            """, keys: ["p"], value: "u")
        return Dictionary(uniqueKeysWithValues: map.map { (Int64($0.key) ?? -1, Int($0.value)) })
    }

    @Test func ledgerBesideGooglePerPeriodOverSeveralPages() async throws {
        let ledger = try await Ledger.create()
        defer { Task { await ledger.drop() } }
        try await ledger.insert(Scenario.rows())
        let now = Int64(Date().timeIntervalSince1970)
        // Google's points: the ledger's own units per period (over the last 2 hours, the
        // stand-in serves those inside the asked interval), except the burst's period, where
        // Google counted 500 more, and a period 55 minutes ago where only Google counted.
        let all = try await Self.ledgerPeriods(ledger, start: now - 7_200, end: now + 300)
        let burstPeriod = (now - 1_200) / 300 * 300
        let googleOnly = (now - 3_300) / 300 * 300
        var points = all
        points[burstPeriod, default: 0] += 500
        points[googleOnly] = 777
        let server = try FakeMonitoring.start(points: points)
        defer { server.stop() }
        let config = try Self.googleConfig(ledger, project: "ok", baseURL: server.baseURL)
        defer { try? FileManager.default.removeItem(atPath: config) }

        let result = try ReportTests.run(["quota", "--compare-google", "--window", "1h", "--output", "json", "--config", config,
                                          "--database-url", ledger.database.url], environment: ["OPSCTL_GOOGLE_TOKEN": Self.token])
        #expect(result.status == 1, "drift past 5% exits 1: \(result.output.prefix(400))")
        #expect(!result.output.contains(Self.token))
        let document = try ReportTests.json(result.output)
        #expect(document["verdict"] as? String == "DRIFT")
        #expect(document["alignment_seconds"] as? Int == 300)
        let start = Int64(try #require(document["start"] as? Int))
        let end = Int64(try #require(document["end"] as? Int))
        #expect(end - start == 3_600 && end % 300 == 0 && end <= now + 300)

        // Both sides per period, against SQL computed here and the points served.
        let expectedLedger = try await Self.ledgerPeriods(ledger, start: start, end: end)
        let periods = try #require(document["periods"] as? [[String: Any]])
        #expect(periods.count == 12)
        var pastTolerance: [Int64] = []
        for period in periods {
            let at = Int64(period["start"] as? Int ?? -1)
            let ledgerUnits = expectedLedger[at] ?? 0
            let googleUnits = points[at] ?? 0
            #expect(period["ledger_units"] as? Int == ledgerUnits, "period \(at)")
            #expect(period["google_units"] as? Int == googleUnits, "period \(at)")
            #expect(period["drift_units"] as? Int == ledgerUnits - googleUnits, "period \(at)")
            if googleUnits > 0 {
                let ratio = try #require(period["drift_ratio"] as? Double)
                #expect(abs(ratio - Double(ledgerUnits - googleUnits) / Double(googleUnits)) < 0.0001)
            }
            if period["past_tolerance"] as? Bool == true { pastTolerance.append(at) }
        }
        #expect(pastTolerance.sorted() == [googleOnly, burstPeriod].sorted())
        let total = try #require(document["total"] as? [String: Any])
        #expect(total["ledger_units"] as? Int == expectedLedger.values.reduce(0, +))
        #expect(total["drift_units"] as? Int == -(500 + 777))

        // Every page was asked for with the token, the documented parameters and the previous page's token.
        let requests = server.requests
        #expect(requests.count >= 3, "the points span several pages: \(requests.count)")
        #expect(document["google_pages"] as? Int == requests.count)
        for (index, request) in requests.enumerated() {
            #expect(request["authorization"] as? String == "Bearer \(Self.token)")
            #expect(request["path"] as? String == "/v3/projects/ok/timeSeries")
            let query = request["query"] as? [String: String] ?? [:]
            #expect(query["filter"] == "metric.type=\"serviceruntime.googleapis.com/quota/rate/net_usage\" AND resource.type=\"consumer_quota\" AND resource.labels.service=\"gmail.googleapis.com\"")
            #expect(query["aggregation.alignmentPeriod"] == "300s")
            #expect(query["pageToken"] == (index == 0 ? nil : "page-\(index)"))
        }

        // The table, with the token from a file; a wide tolerance makes the same counts a MATCH (exit 0).
        let tokenFile = FileManager.default.temporaryDirectory.appendingPathComponent("opsctl-token-\(UUID().uuidString)").path
        try "\(Self.token)\n".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: tokenFile) }
        let tolerant = try Self.googleConfig(ledger, project: "ok", baseURL: server.baseURL,
                                             extra: "    token_file: \(tokenFile)\n    drift_tolerance: 100\n")
        defer { try? FileManager.default.removeItem(atPath: tolerant) }
        let table = try ReportTests.run(["quota", "--compare-google", "--config", tolerant, "--database-url", ledger.database.url],
                                        environment: ["OPSCTL_GOOGLE_TOKEN": "", "NO_COLOR": "1"])
        #expect(table.status == 0, "within the tolerance exits 0: \(table.output.prefix(400))")
        #expect(table.output.hasPrefix("MATCH  ledger "))
        #expect(table.output.contains("(-1,277, "))
        #expect(table.output.contains("\n  total "))
        #expect(!table.output.contains(Self.token))
    }

    @Test func googleErrorsNameTheCauseAndExit2() async throws {
        let ledger = try await Ledger.create()
        defer { Task { await ledger.drop() } }
        let server = try FakeMonitoring.start(points: [:])
        defer { server.stop() }
        let refusedPort = try freeLoopbackPort()
        let cases: [(project: String, base: String, extra: String, token: String?, expected: String)] = [
            ("unauth", server.baseURL, "", Self.token, "Cloud Monitoring refused the bearer token (401 Unauthenticated: UNAUTHENTICATED: Request had invalid authentication credentials: Bearer ***)"),
            ("ok", server.baseURL, "", "ya29.wrong-token", "401 Unauthenticated"),
            ("denied", server.baseURL, "", Self.token, "403 Permission denied: PERMISSION_DENIED: Permission monitoring.timeSeries.list denied"),
            ("limited", server.baseURL, "", Self.token, "429 Too Many Requests, Retry-After 30: RESOURCE_EXHAUSTED"),
            ("broken", server.baseURL, "", Self.token, "Cloud Monitoring failed (HTTP 503: UNAVAILABLE"),
            ("garbage", server.baseURL, "", Self.token, "Cloud Monitoring's answer is not a ListTimeSeriesResponse"),
            ("wrongshape", server.baseURL, "", Self.token, "interval.endTime 'yesterday' is not an RFC 3339 time"),
            ("slow", server.baseURL, "    timeout: 1s\n", Self.token, "no answer within quota.google.timeout"),
            ("endless", server.baseURL, "    max_pages: 3\n", Self.token, "kept sending nextPageToken past 3 pages"),
            ("ok", "http://127.0.0.1:\(refusedPort)", "", Self.token, "cannot read Cloud Monitoring at http://127.0.0.1:\(refusedPort): connection refused"),
            ("ok", server.baseURL, "", nil, "no Google bearer token: environment variable OPSCTL_GOOGLE_TOKEN is unset or empty"),
        ]
        for test in cases {
            let config = try Self.googleConfig(ledger, project: test.project, baseURL: test.base, extra: test.extra)
            defer { try? FileManager.default.removeItem(atPath: config) }
            let started = Date()
            let result = try ReportTests.run(["quota", "--compare-google", "--config", config, "--database-url", ledger.database.url],
                                             environment: ["OPSCTL_GOOGLE_TOKEN": test.token ?? ""])
            #expect(result.status == 2, "\(test.project): \(result.output)")
            #expect(result.output.contains(test.expected), "\(test.project): \(result.output)")
            #expect(result.output.hasPrefix("opsctl quota: "), "\(test.project): \(result.output)")
            #expect(!result.output.contains(Self.token), "\(test.project) leaks the token: \(result.output)")
            #expect(!result.output.contains("wrong-token"), "\(test.project) leaks the token: \(result.output)")
            if test.project == "slow" { #expect(Date().timeIntervalSince(started) < 4.5, "a 1 s timeout, not the server's 5 s") }
        }
        // Without a project id.
        let bare = try ledger.configFile(extra: "  google: {base_url: \"\(server.baseURL)\"}\n")
        defer { try? FileManager.default.removeItem(atPath: bare) }
        let result = try ReportTests.run(["quota", "--compare-google", "--config", bare, "--database-url", ledger.database.url],
                                         environment: ["OPSCTL_GOOGLE_TOKEN": Self.token])
        #expect(result.status == 2 && result.output.contains("quota.google.project_id is not set"), "\(result.output)")
    }
}
