/// Parses template text into a tree; errors carry the line:column inside the text.
public enum Template {
    /// Variables Prometheus defines before every alert template.
    public static let predefinedVariables: Set<String> = ["$", "$labels", "$externalLabels", "$externalURL", "$value"]

    private static func hasActionStart(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "{"), previous == byte { return true }
            previous = byte
        }
        return false
    }

    public static func parse(_ text: String) throws(TemplateError) -> [TemplateNode] {
        // Fast path: text with no `{{` is one text node, as the lexer would make it, without splitting
        // it into Characters. Most labels and annotations are plain text: on the monitoring corpus of
        // bench/manifests (`perf record`, `check-manifests --jobs 1`) it took the template parser's
        // share of the run from 16.0% to 11.5% of the samples.
        guard hasActionStart(text) else { return text.isEmpty ? [] : [.text(text)] }
        let lexer = TemplateLexer(text)
        var parser = TemplateTreeBuilder(pieces: try lexer.pieces(), lexer: lexer)
        let (nodes, terminator) = try parser.list(depth: 0)
        if let t = terminator { throw lexer.error(t.offset, "unexpected {{\(t.keyword)}}") }
        return nodes
    }
}

struct TemplateTreeBuilder {
    let pieces: [TemplateLexer.Piece]
    let lexer: TemplateLexer
    var index = 0
    var scopes: [Set<String>] = [Template.predefinedVariables]
    static let maxDepth = 200

    init(pieces: [TemplateLexer.Piece], lexer: TemplateLexer) { self.pieces = pieces; self.lexer = lexer }

    struct Terminator { var keyword: String; var rest: [TemplateLexer.Positioned]; var offset: Int }

    /// Reads nodes until `{{end}}` / `{{else ...}}` (returned) or the end of input (nil).
    mutating func list(depth: Int) throws(TemplateError) -> ([TemplateNode], Terminator?) {
        var nodes: [TemplateNode] = []
        while index < pieces.count {
            let piece = pieces[index]
            index += 1
            switch piece {
            case .text(let s): nodes.append(.text(s))
            case .action(let tokens, let offset):
                guard let first = tokens.first else { throw lexer.error(offset, "missing value for command") }
                if case .identifier(let kw) = first.token {
                    switch kw {
                    case "end", "else":
                        return (nodes, Terminator(keyword: kw, rest: Array(tokens.dropFirst()), offset: offset))
                    case "if", "range", "with":
                        guard depth < Self.maxDepth else { throw lexer.error(offset, "templates nested too deeply") }
                        nodes.append(try control(kw, Array(tokens.dropFirst()), offset: offset, depth: depth))
                        continue
                    case "define", "template", "block", "break", "continue":
                        throw lexer.error(offset, "{{\(kw)}} is not supported in alert templates")
                    default: break
                    }
                }
                nodes.append(.action(try pipeline(tokens, offset: offset, allowDeclaration: true)))
            }
        }
        return (nodes, nil)
    }

    mutating func control(_ kw: String, _ tokens: [TemplateLexer.Positioned], offset: Int, depth: Int) throws(TemplateError) -> TemplateNode {
        scopes.append([])
        defer { scopes.removeLast() }
        let pipe = try pipeline(tokens, offset: offset, allowDeclaration: true)
        let (body, term) = try list(depth: depth + 1)
        guard let t = term else { throw lexer.error(offset, "unexpected EOF: {{\(kw)}} without {{end}}") }
        var elseBody: [TemplateNode]?
        if t.keyword == "else" {
            if let next = t.rest.first, case .identifier(let k) = next.token, k == "if" || k == "with", k == kw || kw == "if" && k == "if" {
                // `else if` / `else with`: a nested control that shares our {{end}}
                elseBody = [try control(k, Array(t.rest.dropFirst()), offset: t.offset, depth: depth + 1)]
            } else {
                guard t.rest.isEmpty else { throw lexer.error(t.offset, "unexpected tokens after else") }
                let (e, term2) = try list(depth: depth + 1)
                guard let t2 = term2, t2.keyword == "end" else { throw lexer.error(t.offset, "expected {{end}}") }
                elseBody = e
            }
        } else if !t.rest.isEmpty {
            throw lexer.error(t.offset, "unexpected tokens after end")
        }
        switch kw {
        case "if": return .ifNode(pipe, then: body, else: elseBody)
        case "range": return .rangeNode(pipe, body: body, else: elseBody)
        default: return .withNode(pipe, body: body, else: elseBody)
        }
    }

    mutating func pipeline(_ tokens: [TemplateLexer.Positioned], offset: Int, allowDeclaration: Bool) throws(TemplateError) -> TemplatePipeline {
        var i = 0
        var variables: [String] = []
        var isAssignment = false
        // Declarations: $x := ..., $i, $x := ..., $x = ...
        var j = 0
        var names: [String] = []
        while j < tokens.count, case .variable(let v) = tokens[j].token {
            names.append(v); j += 1
            if j < tokens.count, tokens[j].token == .comma { j += 1; continue }
            break
        }
        if !names.isEmpty, j < tokens.count, tokens[j].token == .declare || tokens[j].token == .assign {
            isAssignment = tokens[j].token == .assign
            variables = names
            i = j + 1
            if isAssignment {
                for v in names where !isDeclared(v) { throw lexer.error(tokens[0].offset, "undefined variable \"\(v)\"") }
            }
        }
        var pos = i
        let pipe = try commands(tokens, &pos, offset: offset)
        guard pos == tokens.count else { throw lexer.error(tokens[pos].offset, "unexpected \(describe(tokens[pos].token)) in command") }
        if !isAssignment { for v in variables { scopes[scopes.count - 1].insert(v) } }
        return TemplatePipeline(variables: variables, isAssignment: isAssignment, commands: pipe)
    }

    func isDeclared(_ v: String) -> Bool { scopes.contains { $0.contains(v) } }

    func describe(_ t: TemplateLexer.Token) -> String {
        switch t {
        case .rightParen: return "\")\""
        case .leftParen: return "\"(\""
        case .pipe: return "\"|\""
        case .comma: return "\",\""
        case .declare: return "\":=\""
        case .assign: return "\"=\""
        default: return "token"
        }
    }

    mutating func commands(_ tokens: [TemplateLexer.Positioned], _ i: inout Int, offset: Int) throws(TemplateError) -> [[TemplateOperand]] {
        var cmds: [[TemplateOperand]] = []
        var current: [TemplateOperand] = []
        while i < tokens.count {
            let t = tokens[i]
            switch t.token {
            case .pipe:
                guard !current.isEmpty else { throw lexer.error(t.offset, "missing command before \"|\"") }
                cmds.append(current); current = []; i += 1
            case .rightParen:
                guard !current.isEmpty else { throw lexer.error(t.offset, "missing value for command") }
                cmds.append(current)
                return cmds
            case .leftParen:
                i += 1
                let inner = try commands(tokens, &i, offset: t.offset)
                guard i < tokens.count, tokens[i].token == .rightParen else { throw lexer.error(t.offset, "unclosed left paren") }
                i += 1
                var fields: [String] = []
                while i < tokens.count, case .field(let f) = tokens[i].token { fields.append(f); i += 1 }
                current.append(.pipeline(TemplatePipeline(variables: [], isAssignment: false, commands: inner), fields: fields))
            case .identifier(let name):
                i += 1
                switch name {
                case "true": current.append(.bool(true))
                case "false": current.append(.bool(false))
                case "nil": current.append(.null)
                default:
                    guard TemplateFunctions.names.contains(name) else {
                        throw lexer.error(t.offset, "function \"\(name)\" not defined")
                    }
                    current.append(.function(name))
                }
            case .variable(let v):
                guard isDeclared(v) else { throw lexer.error(t.offset, "undefined variable \"\(v)\"") }
                i += 1
                var fields: [String] = []
                while i < tokens.count, case .field(let f) = tokens[i].token { fields.append(f); i += 1 }
                current.append(.variable(v, fields: fields))
            case .field:
                var fields: [String] = []
                while i < tokens.count, case .field(let f) = tokens[i].token { fields.append(f); i += 1 }
                current.append(.field(fields))
            case .dot: current.append(.dot); i += 1
            case .string(let s): current.append(.string(s)); i += 1
            case .number(let d, let isInt): current.append(.number(d, isInteger: isInt)); i += 1
            case .comma, .declare, .assign:
                throw lexer.error(t.offset, "unexpected \(describe(t.token)) in operand")
            }
        }
        if current.isEmpty {
            throw lexer.error(offset, cmds.isEmpty ? "missing value for command" : "missing command after \"|\"")
        }
        cmds.append(current)
        return cmds
    }
}
