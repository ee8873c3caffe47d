/// Parses Prometheus-style durations: `500ms`, `15s`, `2m`, `1h`, `1d`, and sums such as `1h30m`.
public enum DurationParser {
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public let text: String
        public var description: String {
            "invalid duration '\(text)' (expected a number with a unit: ms, s, m, h or d, e.g. 15s, 500ms, 1h30m)"
        }
    }

    private static let millisecondsPerUnit: [String: Int64] = [
        "ms": 1, "s": 1_000, "m": 60_000, "h": 3_600_000, "d": 86_400_000,
    ]

    public static func parse(_ text: String) throws -> Duration {
        let scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty else { throw Failure(text: text) }
        var index = 0
        var totalMilliseconds: Int64 = 0
        while index < scalars.count {
            var digits = ""
            while index < scalars.count, ("0"..."9").contains(scalars[index]) {
                digits.unicodeScalars.append(scalars[index])
                index += 1
            }
            var unit = ""
            while index < scalars.count, ("a"..."z").contains(scalars[index]) {
                unit.unicodeScalars.append(scalars[index])
                index += 1
            }
            guard let number = Int64(digits), let factor = millisecondsPerUnit[unit] else {
                throw Failure(text: text)
            }
            let (product, overflow1) = number.multipliedReportingOverflow(by: factor)
            let (sum, overflow2) = totalMilliseconds.addingReportingOverflow(product)
            guard !overflow1, !overflow2 else { throw Failure(text: text) }
            totalMilliseconds = sum
        }
        return .milliseconds(totalMilliseconds)
    }
}

extension Duration {
    /// The duration in seconds as a Double (for metrics and arithmetic).
    public var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}
