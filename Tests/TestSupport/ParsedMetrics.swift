/// Samples parsed back from a `/metrics` page in the 0.0.4 text format: enough for the tests'
/// assertions (label values in these tests hold no escaped quotes or commas).
public struct ParsedMetrics: Sendable {
    public typealias Sample = (labels: [String: String], value: Double)
    /// Family name -> its samples, in page order.
    public private(set) var samples: [String: [Sample]] = [:]
    /// The page as served.
    public let text: String

    public init(_ text: String) {
        self.text = text
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " ") else { continue }
            let series = line[..<space]
            let value = Double(line[line.index(after: space)...].replacingOccurrences(of: "+Inf", with: "inf")) ?? .nan
            var name = String(series)
            var labels: [String: String] = [:]
            if let brace = series.firstIndex(of: "{") {
                name = String(series[..<brace])
                let body = series[series.index(after: brace)..<series.index(before: series.endIndex)]
                for pair in body.split(separator: ",") {
                    let parts = pair.split(separator: "=", maxSplits: 1)
                    guard parts.count == 2 else { continue }
                    labels[String(parts[0])] = String(parts[1].dropFirst().dropLast())
                }
            }
            samples[name, default: []].append((labels, value))
        }
    }

    /// The first sample of `name` whose labels include `labels`.
    public func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples[name]?.first { sample in labels.allSatisfy { sample.labels[$0.key] == $0.value } }?.value
    }

    /// The values of `name` keyed by the values of `keys` (joined with `|`), among the samples
    /// whose labels include `fixed`.
    public func values(_ name: String, by keys: [String], where fixed: [String: String] = [:]) -> [String: Double] {
        var result: [String: Double] = [:]
        for sample in samples[name] ?? [] where fixed.allSatisfy({ sample.labels[$0.key] == $0.value }) {
            result[keys.map { sample.labels[$0] ?? "" }.joined(separator: "|")] = sample.value
        }
        return result
    }

    /// The values of `name` keyed by the value of one label.
    public func values(_ name: String, by key: String) -> [String: Double] {
        values(name, by: [key])
    }
}
