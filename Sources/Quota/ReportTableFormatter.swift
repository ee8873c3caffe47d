/// `opsctl quota --output table`: the report for a person, verdict first. Colour (ANSI) only
/// when asked (a terminal, and no NO_COLOR); the caller decides that.
public struct ReportTableFormatter: Sendable {
    public var colour: Bool

    public init(colour: Bool) { self.colour = colour }

    public func format(_ report: QuotaReport, verdict: Verdict) -> String {
        var out: [String] = []
        let limits = report.limits
        let scope = report.user.map { "user \($0)" } ?? "project"
        let statusColour = verdict.status == .ok ? "32" : verdict.status == .nearLimit ? "33" : "31"
        out.append(paint("\(verdict.status.rawValue)", statusColour, bold: true) + "  " + (verdict.reasons.first ?? ""))
        for reason in verdict.reasons.dropFirst() { out.append("  also: \(reason)") }
        out.append("")

        // Per-minute units over the window.
        let minutes = report.window.seconds / 60
        let firstMinute = (Int64(report.end) / 60 - Int64(minutes) + 1) * 60
        var values = [Int](repeating: 0, count: minutes)
        for minute in report.minutes {
            let index = Int((minute.start - firstMinute) / 60)
            if values.indices.contains(index) { values[index] += minute.units }
        }
        let columns = Sparkline.columns(values, width: 60)
        let line = Sparkline.render(columns)
        let shown = colour ? colourLine(line, columns: columns, limit: report.minuteLimit, near: limits.nearLimitRatio) : line
        out.append("\(scope) units per minute, last \(report.window.rawValue) (peak \(Number.grouped(report.peakUnitsPerMinute)) of \(Number.grouped(report.minuteLimit)), \(Number.percent(report.utilization))):")
        out.append("  |\(shown)|")
        out.append("  \(Number.grouped(report.totalCalls)) calls, \(Number.grouped(report.totalUnits)) units in the window")
        out.append("")

        if !report.methods.isEmpty {
            out.append(paint("Methods", "1"))
            var rows = [["method", "calls", "units", "share"]]
            let total = max(report.totalUnits, 1)
            for method in report.methods {
                rows.append([method.method, Number.grouped(method.calls), Number.grouped(method.units),
                             Number.percent(Double(method.units) / Double(total))])
            }
            out.append(contentsOf: table(rows, rightAligned: [1, 2, 3]))
            out.append("")
        }
        if !report.unknownMethods.isEmpty {
            let names = report.unknownMethods.map { "\($0.method) (\($0.calls) calls)" }.joined(separator: ", ")
            out.append("Methods the cost table does not know (charged the default cost): \(names)")
            out.append("")
        }
        if report.user == nil, !report.users.isEmpty {
            out.append(paint("Top users", "1") + " (\(Number.grouped(report.activeUsers)) active; \(Number.grouped(report.usersNearLimit)) at \(Number.percent(limits.nearLimitRatio)) or more of \(Number.grouped(limits.userUnitsPerMinute))/min, \(report.usersAtLimit) at the limit)")
            var rows = [["user", "units", "peak/min", "of limit"]]
            for user in report.users {
                rows.append([user.user, Number.grouped(user.units), Number.grouped(user.peakUnitsPerMinute),
                             Number.percent(report.userUtilization(user))])
            }
            out.append(contentsOf: table(rows, rightAligned: [1, 2, 3]))
            out.append("")
        }
        out.append(paint("Rate-limited calls", "1") + (report.rateLimited.isEmpty ? ": none" : ""))
        if !report.rateLimited.isEmpty {
            var rows = [["reason", "calls", "top users"]]
            for reason in report.rateLimited {
                rows.append([reason.reason, Number.grouped(reason.count),
                             reason.users.prefix(3).map { "\($0.user) (\($0.count))" }.joined(separator: ", ")])
            }
            out.append(contentsOf: table(rows, rightAligned: [1]))
        }
        out.append("")
        out.append(paint("Senders, last 24 h", "1") + " (daily limit \(Number.grouped(limits.dailySendLimit)) per user)" + (report.senders.isEmpty ? ": none" : ""))
        if !report.senders.isEmpty {
            var rows = [["user", "sent", "of limit"]]
            for sender in report.senders {
                rows.append([sender.user, Number.grouped(sender.sent), Number.percent(Double(sender.sent) / Double(limits.dailySendLimit))])
            }
            out.append(contentsOf: table(rows, rightAligned: [1, 2]))
        }
        out.append("")
        if let threshold = limits.dailyProjectThreshold {
            out.append("Today (\(limits.dayTimeZone)): \(Number.grouped(report.unitsToday)) units of the daily threshold \(Number.grouped(threshold)) (\(Number.percent(Double(report.unitsToday) / Double(threshold))))")
        } else {
            out.append("Today (\(limits.dayTimeZone)): \(Number.grouped(report.unitsToday)) units (no daily threshold in the \(limits.profile.rawValue) profile)")
        }
        if report.callsWithoutUser > 0 { out.append("\(report.callsWithoutUser) calls without a user id (counted for the project only)") }
        return out.joined(separator: "\n") + "\n"
    }

    func paint(_ text: String, _ code: String, bold: Bool = false) -> String {
        colour ? "\u{1B}[\(bold ? "1;" : "")\(code)m\(text)\u{1B}[0m" : text
    }

    func colourLine(_ line: String, columns: [Int], limit: Int, near: Double) -> String {
        zip(line, columns).map { character, value in
            let ratio = Double(value) / Double(limit)
            let code = ratio >= 1 ? "31" : ratio >= near ? "33" : "32"
            return "\u{1B}[\(code)m\(character)\u{1B}[0m"
        }.joined()
    }

    func table(_ rows: [[String]], rightAligned: Set<Int>) -> [String] {
        var widths = [Int](repeating: 0, count: rows.first?.count ?? 0)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        return rows.enumerated().map { number, row in
            let line = row.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                return rightAligned.contains(index) ? pad + cell : cell + pad
            }.joined(separator: "  ")
            return "  " + (number == 0 ? paint(line, "2") : line)
        }
    }
}
