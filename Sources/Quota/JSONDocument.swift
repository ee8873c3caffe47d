import Foundation

/// How the quota commands write JSON for scripts: keys sorted, pretty-printed, slashes as they
/// are, one trailing newline; ratios to 4 decimal places.
enum JSONDocument {
    static func text(_ document: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(document) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// 0.123456 -> 0.1235.
    static func ratio(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
}
