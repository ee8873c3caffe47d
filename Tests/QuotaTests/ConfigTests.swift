import OpsCore
@testable import Quota
import Testing

@Suite struct ConfigTests {
    static func load(_ yaml: String) throws -> QuotaConfig {
        try QuotaConfig(file: ConfigFile.parse(yaml: yaml, source: "t.yaml"))
    }

    static func error(_ yaml: String) -> String {
        do { _ = try load(yaml); return "no error" } catch { return "\(error)" }
    }

    @Test func defaultsAreTheCurrentPublishedLimits() throws {
        let config = try Self.load("exporter: {}\n")
        #expect(config.ledgerTable == "gmail_api_calls")
        #expect(config.limits.userUnitsPerMinute == 6_000)
        #expect(config.limits.projectUnitsPerMinute == 1_200_000)
        #expect(config.limits.dailyProjectThreshold == 80_000_000)
        #expect(config.limits.dailySendLimit == 2_000)
        #expect(config.costs.defaultUnits == 5)
        #expect(config.watcher.topUsers == 10)
    }

    @Test func legacyProfileAndOverrides() throws {
        let legacy = try Self.load("quota:\n  limits:\n    profile: legacy\n    account_kind: consumer\n")
        #expect(legacy.limits.userUnitsPerMinute == 15_000)
        #expect(legacy.limits.projectUnitsPerMinute == 1_200_000)
        #expect(legacy.limits.dailyProjectThreshold == nil)
        #expect(legacy.limits.dailySendLimit == 500)
        let custom = try Self.load("""
            quota:
              ledger_table: ops.ledger
              limits: {user_units_per_minute: 250, project_units_per_minute: 9000, daily_project_threshold: false, daily_send_limit: 10, near_limit_ratio: 0.5, day_time_zone: UTC}
              default_unit_cost: 7
              costs: {users.messages.list: 8, messages.frobnicate: 3}
            """)
        #expect(custom.ledgerTable == "ops.ledger")
        #expect(custom.limits.userUnitsPerMinute == 250)
        #expect(custom.limits.projectUnitsPerMinute == 9_000)
        #expect(custom.limits.dailyProjectThreshold == nil)
        #expect(custom.limits.dailySendLimit == 10)
        #expect(custom.limits.nearLimitRatio == 0.5)
        #expect(custom.costs.charge(method: "users.messages.list", quotaUnits: nil).units == 8)
        #expect(custom.costs.charge(method: "messages.frobnicate", quotaUnits: nil) == (3, false))
        #expect(custom.costs.charge(method: "users.messages.zap", quotaUnits: nil) == (7, true))
        #expect(custom.costs.charge(method: "users.messages.get", quotaUnits: 2) == (2, false))
    }

    @Test func costTableIsThePublishedOneUnderBothSpellings() {
        let table = CostTable()
        #expect(table.units.count == 60)
        for (method, cost) in [("users.messages.list", 5), ("messages.batchModify", 50), ("users.messages.send", 100),
                               ("users.getProfile", 1), ("users.history.list", 2), ("users.threads.delete", 20),
                               ("users.drafts.update", 15), ("users.settings.updatePop", 100), ("users.stop", 50), ("watch", 100)] {
            #expect(table.knownCost(of: method) == cost, "\(method)")
        }
        #expect(table.knownCost(of: "users.messages.frobnicate") == nil)
    }

    @Test func badValuesNameFileLineAndColumn() {
        #expect(Self.error("quota:\n  limits:\n    profile: newest\n")
                == "t.yaml:3:14: quota.limits.profile: unknown limits profile 'newest' (expected current or legacy)")
        #expect(Self.error("quota:\n  ledger_table: \"x; DROP TABLE y\"\n").hasPrefix("t.yaml:2:17: quota.ledger_table: ledger_table must be a table name"))
        #expect(Self.error("quota:\n  watcher:\n    top_users: -1\n") == "t.yaml:3:16: quota.watcher.top_users: top_users must be at least 0")
        #expect(Self.error("quota:\n  limitz: {}\n").hasPrefix("t.yaml:2:3: quota: unknown key 'limitz'"))
        #expect(Self.error("quota:\n  limits:\n    day_time_zone: Mars/Olympus\n").contains("unknown time zone 'Mars/Olympus'"))
        #expect(Self.error("quota:\n  costs:\n    messages.list: many\n") == "t.yaml:3:20: quota.costs.messages.list: expected an integer, found a string")
    }

    @Test func verdictAndSparkline() {
        var report = QuotaReport(window: .oneHour, end: 0, user: nil, limits: QuotaLimits())
        #expect(Verdict(report).status == .ok)
        report.users = [.init(user: "a", units: 5_000, peakUnitsPerMinute: 4_900)]
        #expect(Verdict(report).status == .nearLimit)
        report.rateLimited = [.init(reason: "userRateLimitExceeded", count: 3, users: [])]
        #expect(Verdict(report).status == .throttled)
        #expect(Verdict(report).reasons.first == "3 calls rate-limited in the last 1h (userRateLimitExceeded 3)")
        #expect(Sparkline.render([0, 1, 4, 8]) == " ▁▄█")
        #expect(Sparkline.columns(Array(1...120), width: 60).count == 60)
    }
}

@Suite struct GoogleConfigTests {
    @Test func keysAndTheirErrors() throws {
        let config = try ConfigTests.load("""
            quota:
              google: {project_id: my-project-1, base_url: "http://127.0.0.1:8080/", token_env: MY_TOKEN, token_file: /t, timeout: 2s, drift_tolerance: 0.1}
            """)
        #expect(config.google.projectID == "my-project-1")
        #expect(config.google.baseURL == "http://127.0.0.1:8080")
        #expect(config.google.tokenEnvironment == "MY_TOKEN")
        #expect(config.google.tokenFile == "/t")
        #expect(config.google.timeout == .seconds(2))
        #expect(config.google.driftTolerance == 0.1)
        #expect(try ConfigTests.load("quota: {}\n").google.baseURL == "https://monitoring.googleapis.com")
        #expect(try ConfigTests.load("quota:\n  google: {base_url: \"http://u:secret@127.0.0.1:9/\"}\n").google.displayBaseURL == "http://127.0.0.1:9")
        #expect(ConfigTests.error("quota:\n  google:\n    base_url: ftp://x\n")
            == "t.yaml:3:15: quota.google.base_url: base_url must be an http:// or https:// URL, found 'ftp://x'")
        #expect(ConfigTests.error("quota:\n  google:\n    project_id: \"a b\"\n").hasPrefix("t.yaml:3:17: quota.google.project_id:"))
        #expect(ConfigTests.error("quota:\n  google:\n    token: abc\n").hasPrefix("t.yaml:3:5:"))
    }
}
