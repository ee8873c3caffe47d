import PromQL
import Yams

/// Reads the lint settings file:
///
///     scrape_interval: 30s
///     rate_range_factor: 2
///     evaluation_interval: 1m
///     required_labels: [severity, team]
///     required_annotations: [summary, description, runbook_url]
///     runbook_root: .
///     disabled: [alerts/value-humanize]
///     enable_features: [promql-experimental-functions]
public enum LintConfigLoader {
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public static func load(path: String, text: String) throws(Invalid) -> LintConfig {
        var c = LintConfig()
        let root: Node?
        do { root = try compose(yaml: text) } catch { throw Invalid(description: "\(path): \(error)") }
        guard let root, !root.isNull else { return c }
        guard let pairs = root.orderedPairs else { throw Invalid(description: "\(path): the config must be a mapping") }
        for (key, keyNode, value) in pairs {
            let at = "\(path):\(value.position.line):\(value.position.column)"
            func duration() throws(Invalid) -> Int64 {
                do { return try PromDuration.parse(value.string ?? "") } catch { throw Invalid(description: "\(at): \(key): \(error)") }
            }
            func strings() throws(Invalid) -> [String] {
                guard let s = value.sequence else { throw Invalid(description: "\(at): \(key) must be a list") }
                return s.compactMap(\.string)
            }
            switch key {
            case "scrape_interval": c.scrapeIntervalMs = try duration()
            case "evaluation_interval": c.evaluationIntervalMs = try duration()
            case "rate_range_factor":
                guard let n = value.int, n > 0 else { throw Invalid(description: "\(at): rate_range_factor must be a positive integer") }
                c.rateRangeFactor = Int64(n)
            case "required_labels": c.requiredLabels = try strings()
            case "required_annotations": c.requiredAnnotations = try strings()
            case "runbook_root": c.runbookRoot = value.string ?? "."
            case "disabled": c.disabled = Set(try strings())
            case "enable_features":
                do { c.features = try FeatureFlags.parse(try strings()) } catch { throw Invalid(description: "\(at): enable_features: \(error)") }
            default:
                throw Invalid(description: "\(path):\(keyNode.position.line):\(keyNode.position.column): unknown key \(key)")
            }
        }
        return c
    }
}
