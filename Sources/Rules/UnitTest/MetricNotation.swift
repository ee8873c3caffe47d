import PromQL

/// Parses `name{a="1"}` / `{a="1"}` (series and expected labels in test files) into a label set,
/// reusing the PromQL parser: only equality matchers are allowed.
public enum MetricNotation {
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public var text: String
        public var message: String
        public var description: String { "\(message)" }
    }

    public static func parse(_ text: String) throws(Invalid) -> Labels {
        let trimmed = text.trimmingWhitespace
        if trimmed.isEmpty || trimmed == "{}" { return Labels() }
        let expr: Expr
        do { expr = try PromQL.parse(String(trimmed)) } catch {
            throw Invalid(text: text, message: "\(error.position.line):\(error.position.column): parse error: \(error.message)")
        }
        guard case .vectorSelector(let vs) = expr, vs.offsetMs == 0, vs.at == nil else {
            throw Invalid(text: text, message: "expected a metric with labels, got \"\(text)\"")
        }
        var items: [Label] = []
        if let n = vs.name { items.append(Label("__name__", n)) }
        for m in vs.matchers {
            guard m.op == .equal else { throw Invalid(text: text, message: "only = is allowed in series labels: \(m.name)\(m.op.rawValue)") }
            items.append(Label(m.name, m.value))
        }
        return Labels(items)
    }
}
