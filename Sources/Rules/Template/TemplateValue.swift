import PromQL

/// One element of a `query` result as templates see it: `.Labels` and `.Value`.
public struct TemplateSample: Sendable, Hashable {
    public var labels: [String: String]
    public var value: Double
    public init(labels: [String: String], value: Double) { self.labels = labels; self.value = value }
}

/// A value flowing through a template pipeline.
public indirect enum TemplateValue: Sendable {
    case string(String)
    case float(Double)
    case int(Int)
    case bool(Bool)
    case map([String: String])
    case sample(TemplateSample)
    case samples([TemplateSample])
    case list([TemplateValue])
    case data(TemplateData)
    case null

    var truthy: Bool {
        switch self {
        case .string(let s): return !s.isEmpty
        case .float(let d): return d != 0
        case .int(let i): return i != 0
        case .bool(let b): return b
        case .map(let m): return !m.isEmpty
        case .samples(let s): return !s.isEmpty
        case .list(let l): return !l.isEmpty
        case .sample, .data: return true
        case .null: return false
        }
    }

    /// Go's `fmt.Sprint` rendering.
    var rendered: String {
        switch self {
        case .string(let s): return s
        case .float(let d): return GoFormat.float(d, verb: "v", precision: nil)
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .map(let m): return "map[" + m.keys.sorted().map { "\($0):\(m[$0] ?? "")" }.joined(separator: " ") + "]"
        case .sample(let s): return "{\(TemplateValue.map(s.labels).rendered) \(GoFormat.float(s.value, verb: "v", precision: nil))}"
        case .samples(let s): return "[" + s.map { TemplateValue.sample($0).rendered }.joined(separator: " ") + "]"
        case .list(let l): return "[" + l.map(\.rendered).joined(separator: " ") + "]"
        case .data: return "{...}"
        case .null: return "<no value>"
        }
    }

    var typeName: String {
        switch self {
        case .string: return "string"
        case .float: return "float64"
        case .int: return "int"
        case .bool: return "bool"
        case .map: return "map[string]string"
        case .sample: return "*template.sample"
        case .samples: return "template.queryResult"
        case .list: return "[]interface {}"
        case .data: return "struct"
        case .null: return "nil"
        }
    }
}

/// What an alert template's dot holds: `.Labels`, `.ExternalLabels`, `.ExternalURL`, `.Value`.
public struct TemplateData: Sendable {
    public var labels: [String: String]
    public var externalLabels: [String: String]
    public var externalURL: String
    public var value: Double
    /// For a native histogram sample: `$value` is the histogram, printed as Go prints it.
    public var histogramText: String?
    public init(labels: [String: String], externalLabels: [String: String] = [:], externalURL: String = "", value: Double,
                histogramText: String? = nil) {
        self.labels = labels; self.externalLabels = externalLabels; self.externalURL = externalURL; self.value = value
        self.histogramText = histogramText
    }
    var valueForTemplate: TemplateValue { histogramText.map { .string($0) } ?? .float(value) }
}
