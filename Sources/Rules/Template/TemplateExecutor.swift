/// What a template runs against: the alert's data, the evaluation time and a way to
/// answer `query` (the test's series store through the PromQL engine).
public struct TemplateContext: Sendable {
    public var data: TemplateData
    public var timestampMs: Int64
    public var query: @Sendable (String) throws -> [TemplateSample]
    public init(data: TemplateData, timestampMs: Int64,
                query: @escaping @Sendable (String) throws -> [TemplateSample]) {
        self.data = data; self.timestampMs = timestampMs; self.query = query
    }
}

/// An error while expanding a template (a failing function, a bad field access).
public struct TemplateExecutionError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Runs a parsed template. Prometheus's convenience variables ($labels, $value,
/// $externalLabels, $externalURL) are predefined.
public struct TemplateExecutor {
    let context: TemplateContext
    var scopes: [[String: TemplateValue]]
    var output = ""
    /// Bounds output and loop work so a hostile template cannot run away.
    static let maxOutput = 1 << 20

    public static func expand(_ text: String, context: TemplateContext) throws -> String {
        let nodes: [TemplateNode]
        do { nodes = try Template.parse(text) } catch {
            throw TemplateExecutionError(message: "template: \(error.line):\(error.column): \(error.message)")
        }
        var ex = TemplateExecutor(context: context)
        try ex.run(nodes, dot: .data(context.data))
        return ex.output
    }

    init(context: TemplateContext) {
        self.context = context
        let d = context.data
        scopes = [[
            "$": .data(d), "$labels": .map(d.labels), "$externalLabels": .map(d.externalLabels),
            "$externalURL": .string(d.externalURL), "$value": d.valueForTemplate,
        ]]
    }

    mutating func run(_ nodes: [TemplateNode], dot: TemplateValue) throws {
        for node in nodes {
            guard output.utf8.count <= Self.maxOutput else { throw TemplateExecutionError(message: "template output too large") }
            switch node {
            case .text(let s): output += s
            case .action(let p):
                let v = try pipeline(p, dot: dot)
                if p.variables.isEmpty { output += v.rendered }
            case .ifNode(let p, let then, let els):
                scopes.append([:]); defer { scopes.removeLast() }
                if try pipeline(p, dot: dot).truthy { try run(then, dot: dot) } else if let e = els { try run(e, dot: dot) }
            case .withNode(let p, let body, let els):
                scopes.append([:]); defer { scopes.removeLast() }
                let v = try pipeline(p, dot: dot)
                if v.truthy { try run(body, dot: v) } else if let e = els { try run(e, dot: dot) }
            case .rangeNode(let p, let body, let els):
                scopes.append([:]); defer { scopes.removeLast() }
                let v = try pipeline(TemplatePipeline(variables: [], isAssignment: false, commands: p.commands), dot: dot)
                var items: [(TemplateValue, TemplateValue)] = []
                switch v {
                case .samples(let s): items = s.enumerated().map { (.int($0.offset), .sample($0.element)) }
                case .list(let l): items = l.enumerated().map { (.int($0.offset), $0.element) }
                case .map(let m): items = m.keys.sorted().map { (.string($0), .string(m[$0] ?? "")) }
                case .int(let n): items = (0..<max(0, min(n, 100_000))).map { (.int($0), .int($0)) }
                case .null: items = []
                default: throw TemplateExecutionError(message: "range can't iterate over \(v.rendered)")
                }
                if items.isEmpty { if let e = els { try run(e, dot: dot) }; continue }
                for (k, item) in items {
                    if p.variables.count == 1 { scopes[scopes.count - 1][p.variables[0]] = item }
                    if p.variables.count == 2 {
                        scopes[scopes.count - 1][p.variables[0]] = k
                        scopes[scopes.count - 1][p.variables[1]] = item
                    }
                    try run(body, dot: item)
                }
            }
        }
    }

    mutating func pipeline(_ p: TemplatePipeline, dot: TemplateValue) throws -> TemplateValue {
        var value: TemplateValue?
        for cmd in p.commands {
            value = try command(cmd, dot: dot, piped: value)
        }
        let result = value ?? .null
        for v in p.variables {
            if p.isAssignment, let i = scopes.lastIndex(where: { $0[v] != nil }) {
                scopes[i][v] = result
            } else {
                scopes[scopes.count - 1][v] = result
            }
        }
        return result
    }

    mutating func command(_ cmd: [TemplateOperand], dot: TemplateValue, piped: TemplateValue?) throws -> TemplateValue {
        guard let first = cmd.first else { return .null }
        if case .function(let name) = first {
            var args: [TemplateValue] = []
            for op in cmd.dropFirst() { args.append(try operand(op, dot: dot)) }
            if let p = piped { args.append(p) }
            do { return try TemplateFunctions.call(name, args, context: context) } catch let f as TemplateFunctions.Failure {
                throw TemplateExecutionError(message: f.message)
            }
        }
        guard cmd.count == 1, piped == nil else {
            throw TemplateExecutionError(message: "can't give argument to non-function \(cmd.count > 1 ? "operand" : "value")")
        }
        return try operand(first, dot: dot)
    }

    mutating func operand(_ op: TemplateOperand, dot: TemplateValue) throws -> TemplateValue {
        switch op {
        case .dot: return dot
        case .field(let fields): return try access(dot, fields)
        case .variable(let name, let fields):
            guard let v = scopes.reversed().lazy.compactMap({ $0[name] }).first else {
                throw TemplateExecutionError(message: "undefined variable: \(name)")
            }
            return try access(v, fields)
        case .function(let name):
            do { return try TemplateFunctions.call(name, [], context: context) } catch let f as TemplateFunctions.Failure {
                throw TemplateExecutionError(message: f.message)
            }
        case .string(let s): return .string(s)
        case .number(let d, let isInt): return isInt && abs(d) < 9e15 ? .int(Int(d)) : .float(d)
        case .bool(let b): return .bool(b)
        case .null: return .null
        case .pipeline(let p, let fields): return try access(try pipeline(p, dot: dot), fields)
        }
    }

    func access(_ v: TemplateValue, _ fields: [String]) throws -> TemplateValue {
        var cur = v
        for f in fields {
            switch cur {
            case .map(let m): cur = .string(m[f] ?? "")
            case .data(let d):
                switch f {
                case "Labels": cur = .map(d.labels)
                case "ExternalLabels": cur = .map(d.externalLabels)
                case "ExternalURL": cur = .string(d.externalURL)
                case "Value": cur = d.valueForTemplate
                default: throw TemplateExecutionError(message: "can't evaluate field \(f) in type template.Data")
                }
            case .sample(let s):
                switch f {
                case "Labels": cur = .map(s.labels)
                case "Value": cur = .float(s.value)
                default: throw TemplateExecutionError(message: "can't evaluate field \(f) in type *template.sample")
                }
            case .null: return .null
            default: throw TemplateExecutionError(message: "can't evaluate field \(f) in type \(cur.typeName)")
            }
        }
        return cur
    }
}
