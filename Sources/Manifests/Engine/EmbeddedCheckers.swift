/// Checkers of content that lives inside an object's fields and is another language: the rule groups
/// of a PrometheusRule (PromQL, Go templates). The manifest engine does not know these languages; the
/// command layer fills this seam with the implementations of the modules that do (`opsctl` passes the
/// rule checker of `opsctl rules check`), and checks such as `prometheus-rule` call them through
/// `CheckContext.embedded`. Unset checkers mean the check has nothing to run.
public struct EmbeddedCheckers: Sendable {
    public var rules: (any EmbeddedRuleChecker)?

    public init(rules: (any EmbeddedRuleChecker)? = nil) {
        self.rules = rules
    }
}

/// Checks a Prometheus rule file (`groups: [...]`), as `opsctl rules check` does.
///
/// The text it gets keeps the lines and columns of the manifest: the `spec` of a PrometheusRule with
/// every line before it blank and the `spec:` key replaced by spaces, so a position the checker
/// reports in the text (inside an `expr: |` block too) is the position in the manifest file.
public protocol EmbeddedRuleChecker: Sendable {
    func check(ruleFile text: String, name: String) -> [EmbeddedFinding]
}

/// One problem an embedded checker found, at a 1-based line and column of the text it was given.
public struct EmbeddedFinding: Sendable, Hashable {
    public var position: Position
    public var severity: Severity
    /// The checker's own id for the problem (`promql-parse`, `promql-rate-range`, ...).
    public var id: String
    public var message: String

    public init(position: Position, severity: Severity, id: String, message: String) {
        self.position = position
        self.severity = severity
        self.id = id
        self.message = message
    }
}
