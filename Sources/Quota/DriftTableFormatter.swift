import Foundation

/// `opsctl quota --compare-google`: the ledger's count beside Google's, for a person.
/// The verdict first (MATCH, or DRIFT past the tolerance), then one line per period (UTC).
public struct DriftTableFormatter: Sendable {
    public var colour: Bool

    public init(colour: Bool) { self.colour = colour }

    public func format(_ comparison: DriftComparison) -> String {
        var out: [String] = []
        let total = comparison.total
        let past = comparison.periodsPastTolerance.count
        let verdict = comparison.drifted ? paint("DRIFT", "31") : paint("MATCH", "32")
        out.append("\(verdict)  ledger \(Number.grouped(total.ledgerUnits)) units, Google \(Number.grouped(total.googleUnits)) "
            + "(\(Self.signed(total.driftUnits)), \(Self.percent(total.driftRatio))) over the last \(comparison.window.rawValue), "
            + "project \(comparison.projectID); \(past) of \(comparison.periods.count) periods past \(Self.percent(comparison.tolerance, sign: false))")
        for error in comparison.executionErrors { out.append("  Google reported an execution error (data may be incomplete): \(error)") }
        out.append("")
        var rows = [["period (UTC)", "ledger calls", "ledger units", "Google units", "drift", "drift %"]]
        for period in comparison.periods {
            let row = [Self.time(period.start, alignment: comparison.alignmentSeconds), Number.grouped(period.ledgerCalls),
                       Number.grouped(period.ledgerUnits), Number.grouped(period.googleUnits), Self.signed(period.driftUnits),
                       Self.percent(period.driftRatio)]
            rows.append(period.exceeds(comparison.tolerance) ? row.map { paint($0, "33") } : row)
        }
        rows.append(["total", Number.grouped(total.ledgerCalls), Number.grouped(total.ledgerUnits), Number.grouped(total.googleUnits),
                     Self.signed(total.driftUnits), Self.percent(total.driftRatio)])
        out += table(rows)
        out.append("")
        out.append("drift = ledger - Google; % of Google's count. Google's count is Cloud Monitoring's "
            + "\(CloudMonitoringQuery.metricType) (\(comparison.pages) page\(comparison.pages == 1 ? "" : "s")); it can trail by a few minutes.")
        return out.joined(separator: "\n") + "\n"
    }

    static func signed(_ value: Int) -> String { value > 0 ? "+" + Number.grouped(value) : Number.grouped(value) }

    /// +12.3%, -0.5%, 0.0%; "n/a" when Google counted nothing and the ledger did.
    static func percent(_ ratio: Double?, sign: Bool = true) -> String {
        guard let ratio, ratio.isFinite else { return "n/a" }
        let text = Number.percent(ratio)
        return sign && !text.hasPrefix("-") && text != "0.0%" ? "+" + text : text
    }

    static func time(_ seconds: Int64, alignment: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: Date(timeIntervalSince1970: Double(seconds)))
    }

    /// The text without ANSI colour sequences (ESC [ ... m).
    static func withoutColour(_ text: String) -> String {
        var out = ""
        var inEscape = false
        for scalar in text.unicodeScalars {
            if inEscape { if scalar == "m" { inEscape = false }; continue }
            if scalar == "\u{1B}" { inEscape = true; continue }
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    func paint(_ text: String, _ code: String) -> String {
        colour ? "\u{1B}[1;\(code)m\(text)\u{1B}[0m" : text
    }

    func table(_ rows: [[String]]) -> [String] {
        // Widths from the visible text (colour codes take no columns).
        let visible = rows.map { $0.map(Self.withoutColour) }
        var widths = [Int](repeating: 0, count: rows.first?.count ?? 0)
        for row in visible { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        return zip(rows, visible).map { row, plain in
            "  " + row.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - plain[index].count)
                return index == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
    }
}
