/// The tree of a parsed Go text/template (the subset Prometheus alert templates use).
public indirect enum TemplateNode: Sendable {
    case text(String)
    case action(TemplatePipeline)
    case ifNode(TemplatePipeline, then: [TemplateNode], else: [TemplateNode]?)
    case rangeNode(TemplatePipeline, body: [TemplateNode], else: [TemplateNode]?)
    case withNode(TemplatePipeline, body: [TemplateNode], else: [TemplateNode]?)
}

public struct TemplatePipeline: Sendable {
    /// Variables declared (`$x :=`) or assigned (`$x =`) by this pipeline.
    public var variables: [String]
    public var isAssignment: Bool
    public var commands: [[TemplateOperand]]
}

public indirect enum TemplateOperand: Sendable {
    case dot
    case field([String])                     // .Labels.instance
    case variable(String, fields: [String])  // $labels.instance
    case function(String)
    case string(String)
    case number(Double, isInteger: Bool)
    case bool(Bool)
    case null
    case pipeline(TemplatePipeline, fields: [String])   // ( ... ).Field
}

/// A template that failed to parse, with its place inside the template text.
public struct TemplateError: Error, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String
    public var description: String { "\(line):\(column): \(message)" }
}
