import OpsCore

/// How one metric family is read from a collector's result rows.
///
/// - `keyLabels`: columns whose values become labels (a row with NULL in one of them is skipped
///   for this metric — e.g. successful calls have no `error_reason`).
/// - `valueColumns`: one column (`value:`), or several (`values:`) that become one label
///   (`value_label:`) each, like sql_exporter's `values` + `value_label`.
public struct MetricSpec: Sendable {
    public var name: String
    public var help: String
    public var type: MetricType
    public var keyLabels: [String]
    public var valueColumns: [String]
    public var valueLabel: String?
    public var staticLabels: [(String, String)]

    public init(name: String, help: String, type: MetricType, keyLabels: [String] = [],
                valueColumns: [String], valueLabel: String? = nil, staticLabels: [(String, String)] = []) {
        self.name = name
        self.help = help
        self.type = type
        self.keyLabels = keyLabels
        self.valueColumns = valueColumns
        self.valueLabel = valueLabel
        self.staticLabels = staticLabels
    }

    static let keys = ["name", "help", "type", "key_labels", "value", "values", "value_label", "static_labels"]

    init(node: ConfigNode) throws {
        let map = try node.mapping(allowedKeys: Self.keys)
        let nameNode = try map.required("name")
        name = try nameNode.string()
        guard MetricNaming.isValidMetricName(name) else {
            throw nameNode.error("'\(name)' is not a valid metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)")
        }
        help = try map.optional("help")?.string() ?? name
        if let typeNode = map.optional("type") {
            let text = try typeNode.string()
            guard let parsed = MetricType(rawValue: text), parsed != .untyped else {
                throw typeNode.error("unknown metric type '\(text)' (expected gauge or counter)")
            }
            type = parsed
        } else {
            type = .gauge
        }
        keyLabels = try map.optional("key_labels")?.stringList() ?? []
        staticLabels = try map.optional("static_labels")?.stringMap().map { ($0.key, $0.value) } ?? []

        switch (map.optional("value"), map.optional("values")) {
        case (let value?, nil):
            valueColumns = [try value.string()]
            valueLabel = nil
            if let extra = map.optional("value_label") {
                throw extra.error("value_label goes with values: (a list of columns), not value:")
            }
        case (nil, let values?):
            valueColumns = try values.stringList()
            guard !valueColumns.isEmpty else { throw values.error("values: needs at least one column") }
            let labelNode = try map.required("value_label")
            let label = try labelNode.string()
            guard MetricNaming.isValidLabelName(label) else {
                throw labelNode.error("'\(label)' is not a valid label name")
            }
            valueLabel = label
        case (_?, _?):
            throw node.error("give either value: (one column) or values: (several columns), not both")
        case (nil, nil):
            throw node.error("missing value: (the column holding the metric's value)")
        }

        var seen: Set<String> = []
        for label in keyLabels + staticLabels.map(\.0) + (valueLabel.map { [$0] } ?? []) {
            guard MetricNaming.isValidLabelName(label) else {
                throw node.error("'\(label)' is not a valid label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __)")
            }
            guard seen.insert(label).inserted else { throw node.error("label '\(label)' is given twice") }
        }
    }
}
