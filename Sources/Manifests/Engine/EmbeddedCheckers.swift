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

/// Checks the rule groups of a PrometheusRule, as `opsctl rules check` checks a rule file.
///
/// It gets the object's `spec` as the loader composed it (a mapping with `groups`, every node and
/// key at its line and column in the file, scalars with their style), so nothing is parsed twice;
/// `source` is the file's text, for the lines a place inside a block scalar (`expr: |`) is mapped
/// through. The positions it reports are positions in the manifest file.
public protocol EmbeddedRuleChecker: Sendable {
    func check(spec: YAMLNode, source: SourceText, name: String) -> [EmbeddedFinding]
}

/// One problem an embedded checker found, at a 1-based line and column of the manifest file.
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
