import PromQL

/// promtool's `--enable-feature` names (comma-separated, repeatable) as PromQL features.
public enum FeatureFlags {
    public struct Unknown: Error, Sendable, CustomStringConvertible {
        public var name: String
        public var description: String {
            "unknown feature \(name) (known: \(PromQLFeatures.flags.map(\.name).joined(separator: ", ")))"
        }
    }

    public static func parse(_ values: [String]) throws(Unknown) -> PromQLFeatures {
        var out: PromQLFeatures = []
        for v in values {
            for name in v.split(separator: ",").map({ String(String($0).trimmingWhitespace) }) where !name.isEmpty {
                guard let f = PromQLFeatures.named(name) else { throw Unknown(name: name) }
                out.formUnion(f)
            }
        }
        return out
    }
}
