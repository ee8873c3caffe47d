import Foundation

/// A number with a fixed count of decimals ("0.001"), as `String(format: "%.3f")` writes it,
/// without Foundation's formatter: every probe's result message has one, and the three
/// `String(format:)` calls of a `/probe` (CFString formatting; this one and the probe log's
/// two) were 3.3% of the prober's CPU (perf, bench/prober/README.md, 2026-12-01).
enum DecimalText {
    static func fixed(_ value: Double, digits: Int = 3) -> String {
        let scale = (0..<digits).reduce(1.0) { result, _ in result * 10 }
        let scaled = (abs(value) * scale).rounded()
        guard value.isFinite, scaled < 1e15 else { return String(format: "%.\(digits)f", value) }
        let units = Int64(scaled)
        let divisor = Int64(scale)
        let fraction = String(units % divisor)
        let sign = value.sign == .minus ? "-" : ""
        guard digits > 0 else { return sign + String(units) }
        return sign + String(units / divisor) + "." + String(repeating: "0", count: digits - fraction.count) + fraction
    }
}
