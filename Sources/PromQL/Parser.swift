// Recursive-descent parser with precedence climbing for binary operators.
// Depth is bounded (`Parser.maxDepth`) so hostile input cannot overflow the stack.

/// Parse a PromQL expression. Constructs behind a feature flag (`PromQLFeatures`) are
/// refused unless `features` turns them on.
public func parse(_ input: String, features: PromQLFeatures = []) throws(ParseError) -> Expr {
    var p = try Parser(input, features: features)
    let e = try p.parseExpr()
    if p.tok.kind != .eof {
        throw p.unexpected(p.tok)
    }
    _ = try p.checkType(e)
    return e
}

/// The type an expression evaluates to (after a successful parse).
public func valueType(of e: Expr) -> ValueType {
    switch e {
    case .number: return .scalar
    case .string: return .string
    case .vectorSelector: return .vector
    case .matrixSelector, .subquery: return .matrix
    case .call(let name, _, _): return FunctionTable.signature(name)?.returnType ?? .vector
    case .aggregate: return .vector
    case .binary(_, let l, let r, _, _, _):
        return valueType(of: l) == .scalar && valueType(of: r) == .scalar ? .scalar : .vector
    case .unary(_, let x, _), .paren(let x, _): return valueType(of: x)
    }
}

struct Parser {
    static let maxDepth = 256

    var lexer: Lexer
    var tok: Token
    var depth = 0
    let features: PromQLFeatures

    init(_ input: String, features: PromQLFeatures = []) throws(ParseError) {
        self.features = features
        lexer = Lexer(input)
        tok = Token(kind: .eof, start: 0, end: 0, text: "")
        tok = try lexer.next()
    }

    mutating func advance() throws(ParseError) { tok = try lexer.next() }

    func pos(_ t: Token) -> SourcePosition { lexer.position(of: t.start) }

    func describe(_ t: Token) -> String {
        switch t.kind {
        case .eof: return "end of input"
        case .identifier:
            if Parser.keywords.contains(t.text.lowercased()) { return "<\(t.text.lowercased())>" }
            return "identifier \"\(t.text)\""
        case .number: return "number \"\(t.text)\""
        case .duration: return "duration \"\(t.text)\""
        case .string: return "string \(t.text)"
        case .leftParen: return "\"(\""
        case .rightParen: return "\")\""
        case .leftBrace: return "\"{\""
        case .rightBrace: return "\"}\""
        case .leftBracket: return "\"[\""
        case .rightBracket: return "\"]\""
        case .comma: return "\",\""
        case .colon: return "\":\""
        case .at: return "\"@\""
        case .assign: return "\"=\""
        case .eqlRegex: return "\"=~\""
        case .neqRegex: return "\"!~\""
        case .op(let o): return "<op:\(o.rawValue)>"
        }
    }

    static let keywords: Set<String> = [
        "and", "or", "unless", "atan2", "by", "without", "on", "ignoring", "group_left",
        "group_right", "bool", "offset",
    ]

    func unexpected(_ t: Token, in context: String = "", expected: String = "") -> ParseError {
        var m = "unexpected \(describe(t))"
        if !context.isEmpty { m += " in \(context)" }
        if !expected.isEmpty { m += ", expected \(expected)" }
        return ParseError(position: pos(t), message: m)
    }

    func fail(_ t: Token, _ message: String) -> ParseError {
        ParseError(position: pos(t), message: message)
    }

    mutating func expect(_ k: TokenKind, _ context: String, _ what: String) throws(ParseError) -> Token {
        guard tok.kind == k else { throw unexpected(tok, in: context, expected: what) }
        let t = tok
        try advance()
        return t
    }

    // MARK: binary operators

    /// The binary operator at the current token, if any, with its precedence.
    func binaryOp() -> BinaryOp? {
        switch tok.kind {
        case .op(let o): return o
        case .identifier:
            switch tok.text.lowercased() {
            case "and": return .and
            case "or": return .or
            case "unless": return .unless
            case "atan2": return .atan2
            default: return nil
            }
        default: return nil
        }
    }

    static func precedence(_ op: BinaryOp) -> Int {
        switch op {
        case .or: return 1
        case .and, .unless: return 2
        case .eql, .neq, .gtr, .lss, .gte, .lte, .trimUpper, .trimLower: return 3
        case .add, .sub: return 4
        case .mul, .div, .mod, .atan2: return 5
        case .pow: return 6
        }
    }

    mutating func enter() throws(ParseError) {
        depth += 1
        if depth > Parser.maxDepth {
            throw fail(tok, "expression nested too deeply (more than \(Parser.maxDepth) levels)")
        }
    }

    mutating func parseExpr() throws(ParseError) -> Expr {
        try enter()
        defer { depth -= 1 }
        return try parseBinary(minPrec: 1)
    }

    mutating func parseBinary(minPrec: Int) throws(ParseError) -> Expr {
        var lhs = try parseUnary()
        let depthOnEntry = depth
        defer { depth = depthOnEntry }
        while let op = binaryOp(), Parser.precedence(op) >= minPrec {
            let opTok = tok
            // A chain `a + b + c ...` nests to the left: count every link against the limit.
            try enter()
            try advance()
            let prec = Parser.precedence(op)
            var returnBool = false
            if tok.kind == .identifier, tok.text.lowercased() == "bool" {
                guard op.isComparison else { throw fail(tok, "bool modifier can only be used on comparison operators") }
                returnBool = true
                try advance()
            }
            var matching: VectorMatching? = nil
            if tok.kind == .identifier, ["on", "ignoring"].contains(tok.text.lowercased()) {
                let isOn = tok.text.lowercased() == "on"
                try advance()
                let labels = try parseLabelList(context: "grouping opts")
                matching = VectorMatching(matchingLabels: labels, on: isOn)
            }
            if tok.kind == .identifier, ["group_left", "group_right"].contains(tok.text.lowercased()) {
                let left = tok.text.lowercased() == "group_left"
                let groupTok = tok
                try advance()
                var include: [String] = []
                if tok.kind == .leftParen { include = try parseLabelList(context: "grouping opts") }
                if matching == nil {
                    throw fail(groupTok, "unexpected <\(left ? "group_left" : "group_right")>")
                }
                matching?.cardinality = left ? .manyToOne : .oneToMany
                matching?.include = include
            }
            if let fill = try parseFillModifiers() {
                if op.isSetOperator { throw fail(opTok, "fill modifiers are not allowed for set operator \"\(op.rawValue)\"") }
                if matching == nil { matching = VectorMatching() }
                matching?.fillLeft = fill.left
                matching?.fillRight = fill.right
            }
            try enter()
            // `^` is right-associative; everything else is left-associative.
            let rhs = try parseBinary(minPrec: op == .pow ? prec : prec + 1)
            depth -= 1
            if op.isSetOperator {
                if let m = matching, m.cardinality == .manyToOne || m.cardinality == .oneToMany {
                    throw fail(opTok, "no grouping allowed for \"\(op.rawValue)\" operation")
                }
                if matching == nil { matching = VectorMatching() }
                matching?.cardinality = .manyToMany
            }
            lhs = .binary(op: op, lhs: lhs, rhs: rhs, matching: matching, returnBool: returnBool, position: pos(opTok))
        }
        return lhs
    }

    mutating func parseUnary() throws(ParseError) -> Expr {
        if case .op(let o) = tok.kind, o == .add || o == .sub {
            let t = tok
            try advance()
            try enter()
            // Unary minus binds like `*`: looser than `^`, tighter than `+`.
            let operand = try parseBinary(minPrec: Parser.precedence(.pow))
            depth -= 1
            if case .number(let v, _) = operand {
                return .number(o == .sub ? -v : v, pos(t))
            }
            if o == .add { return operand }
            return .unary(minus: true, operand, position: pos(t))
        }
        return try parsePostfix()
    }

    // MARK: postfix: ranges, subqueries, offset, @

    mutating func parsePostfix() throws(ParseError) -> Expr {
        var e = try parsePrimary()
        while true {
            switch tok.kind {
            case .leftBracket:
                e = try parseRangeOrSubquery(e)
            case .at:
                e = try parseAt(e)
            case .identifier where tok.text.lowercased() == "offset":
                e = try parseOffset(e)
            case .identifier where ["anchored", "smoothed"].contains(tok.text.lowercased()):
                e = try parseExtendedModifier(e)
            default:
                return e
            }
        }
    }

    mutating func parseDurationValue(_ context: String) throws(ParseError) -> Int64 {
        let t = tok
        switch t.kind {
        case .duration:
            guard let d = parseDuration(t.text) else { throw fail(t, "bad duration syntax: \"\(t.text)\"") }
            try advance()
            return d
        case .number:
            guard let v = parseNumberLiteral(t.text), v.isFinite, abs(v) < 9.2e15 else {
                throw fail(t, "bad number or duration syntax: \"\(t.text)\"")
            }
            try advance()
            return Int64((v * 1000).rounded())
        default:
            throw unexpected(t, in: context, expected: "duration")
        }
    }

    mutating func parseRangeOrSubquery(_ e: Expr) throws(ParseError) -> Expr {
        let open = tok
        try advance()
        let (range, rangeExpr) = try parseBracketDuration("range")
        if tok.kind == .rightBracket {
            try advance()
            guard case .vectorSelector(var vs) = e else {
                throw fail(open, "ranges only allowed for vector selectors")
            }
            if vs.offsetMs != 0 || vs.offsetExpr != nil || vs.at != nil {
                throw fail(open, "no offset or @ modifiers allowed before range")
            }
            if rangeExpr == nil, range <= 0 { throw fail(open, "range must be greater than 0s") }
            vs.rangeExpr = rangeExpr
            return .matrixSelector(vs, rangeMs: range, position: vs.position)
        }
        guard tok.kind == .colon else { throw unexpected(tok, in: "subquery or range", expected: "\":\" or \"]\"") }
        try advance()
        var step: Int64? = nil
        var stepExpr: DurationExpr? = nil
        if tok.kind != .rightBracket {
            let (s, se) = try parseBracketDuration("subquery")
            step = s; stepExpr = se
            if se == nil, s <= 0 { throw fail(open, "step must be greater than 0s") }
        }
        _ = try expect(.rightBracket, "subquery selector", "\"]\"")
        if rangeExpr != nil || stepExpr != nil {
            throw fail(open, "step() and range() are supported in the ranges and offsets of selectors, not in subqueries")
        }
        if range <= 0 { throw fail(open, "range must be greater than 0s") }
        return .subquery(e, rangeMs: range, stepMs: step, offsetMs: 0, at: nil, position: e.position)
    }

    mutating func parseOffset(_ e: Expr) throws(ParseError) -> Expr {
        let t = tok
        try advance()
        var sign: Int64 = 1
        if case .op(let o) = tok.kind, o == .sub || o == .add {
            if o == .sub { sign = -1 }
            try advance()
        }
        let (d, dExpr) = try parseOffsetDuration(sign: sign)
        switch e {
        case .vectorSelector(var vs):
            if vs.offsetMs != 0 || vs.offsetExpr != nil { throw fail(t, "offset may not be set multiple times") }
            vs.offsetMs = d
            vs.offsetExpr = dExpr
            return .vectorSelector(vs)
        case .matrixSelector(var vs, let r, let p):
            if vs.offsetMs != 0 || vs.offsetExpr != nil { throw fail(t, "offset may not be set multiple times") }
            vs.offsetMs = d
            vs.offsetExpr = dExpr
            return .matrixSelector(vs, rangeMs: r, position: p)
        case .subquery(let x, let r, let s, let off, let at, let p):
            if off != 0 { throw fail(t, "offset may not be set multiple times") }
            if dExpr != nil { throw fail(t, "step() and range() are supported in the ranges and offsets of selectors, not in subqueries") }
            return .subquery(x, rangeMs: r, stepMs: s, offsetMs: d, at: at, position: p)
        default:
            throw fail(t, "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery")
        }
    }

    mutating func parseAt(_ e: Expr) throws(ParseError) -> Expr {
        let t = tok
        try advance()
        var at: AtModifier
        if tok.kind == .identifier, ["start", "end"].contains(tok.text.lowercased()) {
            let isStart = tok.text.lowercased() == "start"
            try advance()
            _ = try expect(.leftParen, "@ modifier", "\"(\"")
            _ = try expect(.rightParen, "@ modifier", "\")\"")
            at = isStart ? .start : .end
        } else {
            var sign = 1.0
            if case .op(let o) = tok.kind, o == .sub || o == .add {
                if o == .sub { sign = -1 }
                try advance()
            }
            let nt = tok
            guard nt.kind == .number || nt.kind == .duration else {
                throw unexpected(nt, in: "@ modifier", expected: "timestamp")
            }
            var seconds: Double
            if nt.kind == .duration {
                guard let d = parseDuration(nt.text) else { throw fail(nt, "bad duration syntax") }
                seconds = Double(d) / 1000
            } else {
                guard let v = parseNumberLiteral(nt.text) else { throw fail(nt, "bad number syntax") }
                seconds = v
            }
            seconds *= sign
            guard seconds.isFinite, abs(seconds) < 9.2e15 else {
                throw fail(nt, "timestamp out of bounds for @ modifier: \(seconds)")
            }
            try advance()
            at = .timestamp(Int64((seconds * 1000).rounded()))
        }
        switch e {
        case .vectorSelector(var vs):
            if vs.at != nil { throw fail(t, "@ <timestamp> may not be set multiple times") }
            vs.at = at
            return .vectorSelector(vs)
        case .matrixSelector(var vs, let r, let p):
            if vs.at != nil { throw fail(t, "@ <timestamp> may not be set multiple times") }
            vs.at = at
            return .matrixSelector(vs, rangeMs: r, position: p)
        case .subquery(let x, let r, let s, let off, let old, let p):
            if old != nil { throw fail(t, "@ <timestamp> may not be set multiple times") }
            return .subquery(x, rangeMs: r, stepMs: s, offsetMs: off, at: at, position: p)
        default:
            throw fail(t, "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery")
        }
    }

    // MARK: primary expressions

    mutating func parsePrimary() throws(ParseError) -> Expr {
        let t = tok
        switch t.kind {
        case .number:
            guard let v = parseNumberLiteral(t.text) else { throw fail(t, "bad number syntax: \"\(t.text)\"") }
            try advance()
            return .number(v, pos(t))
        case .duration:
            // Prometheus 3 accepts a duration where a number is expected: its value in seconds.
            guard let d = parseDuration(t.text) else { throw fail(t, "bad duration syntax: \"\(t.text)\"") }
            try advance()
            return .number(Double(d) / 1000, pos(t))
        case .string:
            try advance()
            return .string(t.stringValue, pos(t))
        case .leftParen:
            try advance()
            let inner = try parseExpr()
            _ = try expect(.rightParen, "paren expression", "\")\"")
            return .paren(inner, position: pos(t))
        case .leftBrace:
            let matchers = try parseMatchers()
            return try makeSelector(name: nil, matchers: matchers, at: t)
        case .identifier:
            return try parseIdentifierExpr()
        default:
            throw unexpected(t, expected: "expression")
        }
    }

    mutating func parseIdentifierExpr() throws(ParseError) -> Expr {
        let t = tok
        let lower = t.text.lowercased()
        if let agg = AggregateOp(rawValue: lower) {
            try advance()
            if tok.kind == .leftParen || (tok.kind == .identifier && ["by", "without"].contains(tok.text.lowercased())) {
                return try parseAggregate(agg, at: t)
            }
            // A metric that happens to be named like an aggregation.
            return try makeSelectorAfterName(t)
        }
        if Parser.keywords.contains(lower) {
            throw unexpected(t, expected: "expression")
        }
        try advance()
        if tok.kind == .leftParen {
            guard let sig = FunctionTable.signature(t.text) else {
                throw fail(t, "unknown function with name \"\(t.text)\"")
            }
            if !features.isSuperset(of: sig.feature) {
                throw fail(t, PromQLFeatures.notEnabled("function \"\(sig.name)\"", sig.feature.subtracting(features)))
            }
            try advance()
            var args: [Expr] = []
            while tok.kind != .rightParen {
                if sig.name == "info", args.count == 1, tok.kind == .leftBrace {
                    // info()'s label selector may consist of matchers that accept empty values.
                    let at = tok
                    args.append(.vectorSelector(VectorSelector(name: nil, matchers: try parseMatchers(), position: pos(at))))
                } else {
                    args.append(try parseExpr())
                }
                if tok.kind == .comma { try advance(); continue }
                guard tok.kind == .rightParen else {
                    throw unexpected(tok, in: "function call argument list", expected: "\",\" or \")\"")
                }
            }
            try advance()
            return .call(name: sig.name, args: args, position: pos(t))
        }
        return try makeSelectorAfterName(t)
    }

    mutating func makeSelectorAfterName(_ t: Token) throws(ParseError) -> Expr {
        var matchers: [LabelMatcher] = []
        if tok.kind == .leftBrace { matchers = try parseMatchers() }
        if let dup = matchers.first(where: { $0.name == "__name__" }) {
            throw fail(t, "metric name must not be set twice: \"\(t.text)\" or \"\(dup.value)\"")
        }
        return .vectorSelector(VectorSelector(
            name: t.text, matchers: [LabelMatcher(name: "__name__", op: .equal, value: t.text)] + matchers,
            position: pos(t)))
    }

    func makeSelector(name: String?, matchers: [LabelMatcher], at t: Token) throws(ParseError) -> Expr {
        var ms = matchers
        var metricName = name
        // `{"metric.name", ...}`: a bare string is the metric name.
        if metricName == nil, let n = ms.first(where: { $0.name == "__name__" && $0.op == .equal }) {
            metricName = n.value
        }
        if !ms.contains(where: { !$0.matches("") }) { throw fail(t, "vector selector must contain at least one non-empty matcher") }
        ms = ms.map { $0 }
        return .vectorSelector(VectorSelector(name: metricName, matchers: ms, position: pos(t)))
    }

    /// `{a="b", c=~"d", "quoted.name", ...}`
    mutating func parseMatchers() throws(ParseError) -> [LabelMatcher] {
        _ = try expect(.leftBrace, "label matching", "\"{\"")
        var out: [LabelMatcher] = []
        var sawName = false
        while tok.kind != .rightBrace {
            let nameTok = tok
            var name: String
            switch tok.kind {
            case .identifier:
                name = tok.text
                if name.contains(":") { throw fail(tok, "unexpected character in label name: \":\"") }
            case .string: name = tok.stringValue
            case .number where tok.text.first?.isLetter == true: name = tok.text
            default: throw unexpected(tok, in: "label matching", expected: "label matching operator")
            }
            try advance()
            if nameTok.kind == .string, tok.kind == .comma || tok.kind == .rightBrace {
                if sawName { throw fail(nameTok, "metric name must not be set twice") }
                sawName = true
                out.append(LabelMatcher(name: "__name__", op: .equal, value: name))
            } else {
                let op: MatchOp
                switch tok.kind {
                case .assign: op = .equal
                case .op(.neq): op = .notEqual
                case .eqlRegex: op = .regexMatch
                case .neqRegex: op = .regexNoMatch
                default: throw unexpected(tok, in: "label matching", expected: "label matching operator")
                }
                try advance()
                guard tok.kind == .string else { throw unexpected(tok, in: "label matching", expected: "string") }
                let value = tok.stringValue
                if op == .regexMatch || op == .regexNoMatch {
                    do { _ = try CompiledRegex.get(value) } catch {
                        throw fail(tok, "invalid regular expression in label matcher \"\(name)\": \(value)")
                    }
                }
                try advance()
                out.append(LabelMatcher(name: name, op: op, value: value))
            }
            if tok.kind == .comma { try advance(); continue }
            guard tok.kind == .rightBrace else {
                throw unexpected(tok, in: "label matching", expected: "\",\" or \"}\"")
            }
        }
        try advance()
        return out
    }

    /// `(a, b, "c")` for by/without/on/ignoring/group_*.
    mutating func parseLabelList(context: String) throws(ParseError) -> [String] {
        _ = try expect(.leftParen, context, "\"(\"")
        var out: [String] = []
        while tok.kind != .rightParen {
            switch tok.kind {
            case .identifier:
                if tok.text.contains(":") { throw unexpected(tok, in: context, expected: "label") }
                out.append(tok.text)
            case .string: out.append(tok.stringValue)
            case .number where tok.text.first?.isLetter == true: out.append(tok.text)
            default: throw unexpected(tok, in: context, expected: "label")
            }
            try advance()
            if tok.kind == .comma { try advance(); continue }
            guard tok.kind == .rightParen else { throw unexpected(tok, in: context, expected: "\",\" or \")\"") }
        }
        try advance()
        return out
    }

    mutating func parseAggregate(_ op: AggregateOp, at t: Token) throws(ParseError) -> Expr {
        var grouping: [String] = []
        var without = false
        var sawGrouping = false
        if tok.kind == .identifier {
            without = tok.text.lowercased() == "without"
            try advance()
            grouping = try parseLabelList(context: "grouping opts")
            sawGrouping = true
        }
        _ = try expect(.leftParen, "aggregation", "\"(\"")
        var args: [Expr] = []
        while tok.kind != .rightParen {
            args.append(try parseExpr())
            if tok.kind == .comma { try advance(); continue }
            guard tok.kind == .rightParen else { throw unexpected(tok, in: "aggregation", expected: "\",\" or \")\"") }
        }
        let close = tok
        try advance()
        if tok.kind == .identifier, ["by", "without"].contains(tok.text.lowercased()) {
            if sawGrouping { throw unexpected(tok, in: "aggregation") }
            without = tok.text.lowercased() == "without"
            try advance()
            grouping = try parseLabelList(context: "grouping opts")
        }
        if op == .limitk || op == .limitRatio, !features.contains(.experimentalFunctions) {
            throw fail(t, PromQLFeatures.notEnabled("\(op.rawValue)()", .experimentalFunctions))
        }
        let needsParam = [.topk, .bottomk, .quantile, .countValues, .limitk, .limitRatio].contains(op)
        let want = needsParam ? 2 : 1
        if args.count == 0 { throw fail(close, "no arguments for aggregate expression provided") }
        if args.count != want {
            throw fail(close, "wrong number of arguments for aggregate expression provided, expected \(want), got \(args.count)")
        }
        return .aggregate(op: op, expr: args[want - 1], param: needsParam ? args[0] : nil,
                          grouping: grouping, without: without, position: pos(t))
    }
}
