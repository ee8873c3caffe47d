import PromQL

/// A string value from YAML with where it starts and how it was written,
/// so places inside it (a PromQL error column) can be mapped back to the file.
public struct SourcedString: Sendable, Hashable {
    public var value: String
    public var position: FilePosition
    public var style: ScalarStyle
    public enum ScalarStyle: Sendable, Hashable { case plain, singleQuoted, doubleQuoted, literal, folded }
    public init(value: String, position: FilePosition, style: ScalarStyle = .plain) {
        self.value = value; self.position = position; self.style = style
    }
}

public struct RuleLabel: Sendable {
    public var name: String
    public var namePosition: FilePosition
    public var value: SourcedString
    /// The value parsed as a template, once, by the loader (for the lints that read templates):
    /// set for the labels and annotations of alerting rules, nil when the text does not parse.
    public var template: [TemplateNode]?
}

/// One recording or alerting rule as written.
public struct Rule: Sendable {
    public enum Kind: String, Sendable { case recording = "record", alerting = "alert" }
    public var kind: Kind
    public var name: SourcedString
    public var expr: SourcedString
    /// The parsed expression; nil when it did not parse (a finding says why).
    public var parsed: Expr?
    public var forMs: Int64
    public var forPosition: FilePosition?
    public var keepFiringForMs: Int64
    public var labels: [RuleLabel]
    public var annotations: [RuleLabel]
    public var position: FilePosition

    public var labelDictionary: [String: String] {
        Dictionary(labels.map { ($0.name, $0.value.value) }, uniquingKeysWith: { a, _ in a })
    }
}

public struct RuleGroup: Sendable {
    public var name: String
    public var namePosition: FilePosition
    public var intervalMs: Int64?
    public var queryOffsetMs: Int64?
    public var limit: Int?
    public var rules: [Rule]
}

/// A loaded rule file: its groups, and its text for quoting lines in findings.
public struct RuleFile: Sendable {
    public var path: String
    public var groups: [RuleGroup]
    public var source: SourceLines
}
