import OpsCore

/// The watcher's `/metrics`, read from its windows on scrape. Never one series per user:
/// the top K users (pseudonymized when a key is configured) and counts of users above
/// 50/80/100% of their limit.
public struct WatcherMetrics: Sendable {
    public var topK: Int
    public var pseudonym: Pseudonym

    public init(topK: Int, pseudonym: Pseudonym) {
        self.topK = topK
        self.pseudonym = pseudonym
    }

    public static let ratioThresholds: [(label: String, ratio: Double)] = [("0.5", 0.5), ("0.8", 0.8), ("1", 1.0)]

    public func families(windows: UsageWindows, status: QuotaWatcher.Status, now: Double) -> [MetricFamily] {
        let limits = windows.limits
        let second = Int64(now.rounded(.down))
        var perUser: [(user: String, units: Int)] = []
        var senders: [(user: String, sent: Int, lastHour: Int)] = []
        for (user, state) in windows.users {
            let units = state.minute.total(at: second)
            if units > 0 { perUser.append((user, units)) }
            if !state.sends.isEmpty {
                let sent = state.sends.count(within: SendWindow.span, at: second)
                if sent > 0 { senders.append((user, sent, state.sends.count(within: 3_600, at: second))) }
            }
        }
        perUser.sort { ($0.units, $1.user) > ($1.units, $0.user) }
        senders.sort { ($0.sent, $1.user) > ($1.sent, $0.user) }
        let userLimit = Double(limits.userUnitsPerMinute)
        let projectUnits = windows.project.total(at: second)
        let ratePerSecond = Double(projectUnits) / Double(SecondBuckets.span)

        var families: [MetricFamily] = []
        func gauge(_ name: String, _ help: String, _ value: Double) {
            families.append(MetricFamily(name: name, help: help, type: .gauge, samples: [Sample(value: value)]))
        }
        gauge("opsctl_quota_source_up", "1 when the last read of the ledger succeeded, 0 while the database is unreachable.", status.sourceUp ? 1 : 0)
        gauge("opsctl_quota_ledger_lag_seconds", "Now minus the called_at of the newest ledger row read.",
              windows.newestCall.map { max(now - $0, 0) } ?? .nan)
        gauge("opsctl_quota_ledger_open_gaps", "Ledger ids below the cursor not yet visible, re-checked on every poll (late commits).", Double(status.openGaps))
        families.append(MetricFamily(name: "opsctl_quota_ledger_late_rows_total", help: "Ledger rows that committed after a larger id had been read (counted once, like any other).",
                                     type: .counter, samples: [Sample(value: Double(status.lateRows))]))
        families.append(MetricFamily(name: "opsctl_quota_ledger_gaps_expired_total", help: "Gaps given up: empty for the whole late-commit window (a rollback, or a commit later than the bound), or evicted past max_gaps.",
                                     type: .counter, samples: [Sample([("reason", "late_commit_window")], Double(status.expiredGaps)),
                                                               Sample([("reason", "max_gaps")], Double(status.evictedGaps))]))
        families.append(MetricFamily(name: "opsctl_quota_ledger_read_errors_total", help: "Ledger reads that failed (the database down or the statement refused).",
                                     type: .counter, samples: [Sample(value: Double(status.pollErrors))]))
        families.append(MetricFamily(name: "opsctl_quota_ledger_anomalies_total", help: "Ledger rows with NULLs, negative units, timestamps in the future (clock skew) or an id read twice in one poll, by kind; counted, never fatal.",
                                     type: .counter, samples: anomalySamples(windows)))

        gauge("opsctl_quota_project_units_last_minute", "Quota units charged to the project over the last 60 seconds.", Double(projectUnits))
        gauge("opsctl_quota_project_limit_units_per_minute", "The project's limit in units per minute.", Double(limits.projectUnitsPerMinute))
        gauge("opsctl_quota_project_utilization_ratio", "Project units over the last minute divided by its per-minute limit.", Double(projectUnits) / Double(limits.projectUnitsPerMinute))
        gauge("opsctl_quota_project_units_today", "Quota units charged to the project since the start of the quota day.", Double(windows.unitsToday))
        if let threshold = limits.dailyProjectThreshold {
            gauge("opsctl_quota_project_daily_threshold_units", "The project's daily billing threshold in units.", Double(threshold))
            let left = Double(threshold - windows.unitsToday)
            gauge("opsctl_quota_project_daily_threshold_forecast_seconds",
                  "Seconds until today's units cross the daily threshold at the last minute's rate (+Inf: not at this rate; 0: crossed).",
                  left <= 0 ? 0 : ratePerSecond > 0 ? left / ratePerSecond : .infinity)
        }
        gauge("opsctl_quota_user_limit_units_per_minute", "The per-user limit in units per minute.", userLimit)
        gauge("opsctl_quota_active_users", "Users with units in the last minute.", Double(perUser.count))
        gauge("opsctl_quota_user_utilization_max_ratio", "The highest per-user units over the last minute divided by the per-user limit.",
              Double(perUser.first?.units ?? 0) / userLimit)
        families.append(MetricFamily(name: "opsctl_quota_users_above_ratio", help: "Users whose last minute reached this share of the per-user limit.",
                                     type: .gauge, samples: Self.ratioThresholds.map { threshold in
                                         Sample([("ratio", threshold.label)], Double(perUser.filter { Double($0.units) >= threshold.ratio * userLimit }.count))
                                     }))
        families.append(MetricFamily(name: "opsctl_quota_top_user_units_last_minute",
                                     help: "The top K users by units over the last minute (user pseudonymized when a key is configured).",
                                     type: .gauge, samples: perUser.prefix(topK).enumerated().map { rank, entry in
                                         Sample([("rank", String(rank + 1)), ("user", pseudonym.label(for: entry.user))], Double(entry.units))
                                     }))

        families.append(MetricFamily(name: "opsctl_quota_units_total", help: "Quota units charged since the start of the quota day, by method (rebuilt from the ledger on start; restarts at each day).",
                                     type: .counter, samples: windows.unitsByMethod.sorted { $0.key < $1.key }.map { Sample([("method", $0.key)], Double($0.value)) }))
        families.append(MetricFamily(name: "opsctl_quota_calls_total", help: "Ledger calls since the start of the quota day, by method.",
                                     type: .counter, samples: windows.callsByMethod.sorted { $0.key < $1.key }.map { Sample([("method", $0.key)], Double($0.value)) }))
        families.append(MetricFamily(name: "opsctl_quota_unknown_method_calls_total", help: "Calls of methods the cost table does not know (charged default_unit_cost) since the start of the quota day.",
                                     type: .counter, samples: [Sample(value: Double(windows.unknownMethodCalls))]))
        families.append(MetricFamily(name: "opsctl_quota_rate_limited_calls_total", help: "Calls refused for quota since the start of the quota day, by error reason.",
                                     type: .counter, samples: ["dailyLimitExceeded", "rateLimitExceeded", "userRateLimitExceeded"].map {
                                         Sample([("reason", $0)], Double(windows.rateLimitedByReason[$0] ?? 0))
                                     }))

        gauge("opsctl_quota_daily_send_limit", "Messages a user may send per day.", Double(limits.dailySendLimit))
        gauge("opsctl_quota_sends_max_last_24h", "The most messages one user sent over the last 24 hours.", Double(senders.first?.sent ?? 0))
        let fastest = senders.map { sender -> Double in
            let left = Double(limits.dailySendLimit - sender.sent)
            if left <= 0 { return 0 }
            return sender.lastHour > 0 ? left / (Double(sender.lastHour) / 3_600) : .infinity
        }.min() ?? .infinity
        gauge("opsctl_quota_send_limit_forecast_seconds", "Seconds until the fastest sender (by the last hour's rate) reaches the daily send limit (+Inf: nobody at this rate).", fastest)
        families.append(MetricFamily(name: "opsctl_quota_top_sender_sends_last_24h", help: "The top K senders by messages over the last 24 hours (pseudonymized when a key is configured).",
                                     type: .gauge, samples: senders.prefix(topK).enumerated().map { rank, entry in
                                         Sample([("rank", String(rank + 1)), ("user", pseudonym.label(for: entry.user))], Double(entry.sent))
                                     }))
        gauge("opsctl_quota_last_tick_seconds", "Wall time of the watcher's last tick: ledger reads, ingest and pruning.", status.lastTickSeconds)
        gauge("opsctl_quota_last_tick_rows", "Ledger rows the last tick read.", Double(status.lastTickRows))
        gauge("opsctl_quota_tracked_users", "Users held in memory (active in the minute or the 24-hour send window).", Double(windows.users.count))
        return families
    }

    static let anomalyKinds = ["bad_timestamp", "duplicate_id", "future_timestamp", "negative_quota_units", "null_method", "null_user", "unreadable_row"]

    func anomalySamples(_ windows: UsageWindows) -> [Sample] {
        Self.anomalyKinds.map { Sample([("kind", $0)], Double(windows.anomalies[$0] ?? 0)) }
    }
}
