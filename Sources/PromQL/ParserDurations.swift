// Durations in ranges, subquery steps and offsets. A single literal (`5m`, `300`) is always
// allowed; anything else is a duration expression (`promql-duration-expr`): arithmetic,
// parentheses, step(), range(), min_of(), max_of(). Constants are folded here; step() and
// range() are resolved when a query starts.

extension Parser {
    /// A duration inside `[...]`: a full arithmetic expression.
    mutating func parseBracketDuration(_ context: String) throws(ParseError) -> (ms: Int64, expr: DurationExpr?) {
        let start = tok
        if tok.kind == .duration || tok.kind == .number {
            // The common case, a lone literal, keeps the old path and messages.
            let save = (lexer, tok)
            let v = try parseDurationValue(context)
            if tok.kind == .rightBracket || tok.kind == .colon { return (v, nil) }
            (lexer, tok) = save
        }
        let e = try parseDurationExpr(minPrec: 1, context)
        return try finishDuration(e, at: start)
    }

    /// A duration after `offset` (its sign already read): a literal, a parenthesised
    /// expression or a duration function; binary operators after it belong to the outer expression.
    mutating func parseOffsetDuration(sign: Int64) throws(ParseError) -> (ms: Int64, expr: DurationExpr?) {
        let start = tok
        if tok.kind == .duration || tok.kind == .number {
            return (try parseDurationValue("offset") * sign, nil)
        }
        var e = try parseDurationPrimary("offset")
        if sign < 0 { e = .negate(e) }
        return try finishDuration(e, at: start)
    }

    mutating func finishDuration(_ e: DurationExpr, at start: Token) throws(ParseError) -> (ms: Int64, expr: DurationExpr?) {
        guard features.contains(.durationExpressions) else {
            throw fail(start, PromQLFeatures.notEnabled("duration expression", .durationExpressions))
        }
        if e.isConstant {
            do { return (try e.milliseconds(stepMs: 0, rangeMs: 0), nil) } catch { throw fail(start, error.message) }
        }
        return (0, e)
    }

    static func durationPrecedence(_ op: BinaryOp) -> Int? {
        switch op {
        case .add, .sub: return 1
        case .mul, .div, .mod: return 2
        case .pow: return 3
        default: return nil
        }
    }

    mutating func parseDurationExpr(minPrec: Int, _ context: String) throws(ParseError) -> DurationExpr {
        try enter()
        defer { depth -= 1 }
        var lhs: DurationExpr
        if case .op(let o) = tok.kind, o == .add || o == .sub {
            try advance()
            // Unary minus binds looser than ^, as in PromQL: -2^2 is -4.
            let operand = try parseDurationExpr(minPrec: 3, context)
            lhs = o == .sub ? .negate(operand) : operand
        } else {
            lhs = try parseDurationPrimary(context)
        }
        while case .op(let op) = tok.kind, let prec = Parser.durationPrecedence(op), prec >= minPrec {
            try advance()
            let rhs = try parseDurationExpr(minPrec: op == .pow ? prec : prec + 1, context)
            lhs = .binary(op, lhs, rhs)
        }
        return lhs
    }

    mutating func parseDurationPrimary(_ context: String) throws(ParseError) -> DurationExpr {
        let t = tok
        switch t.kind {
        case .number, .duration:
            let ms = try parseDurationValue(context)
            return .literal(t.kind == .number ? (parseNumberLiteral(t.text) ?? Double(ms) / 1000) : Double(ms) / 1000)
        case .leftParen:
            try advance()
            let e = try parseDurationExpr(minPrec: 1, context)
            _ = try expect(.rightParen, "duration expression", "\")\"")
            return e
        case .identifier:
            let name = t.text.lowercased()
            guard ["step", "range", "min_of", "max_of"].contains(name) else {
                throw unexpected(t, in: context, expected: "duration")
            }
            try advance()
            _ = try expect(.leftParen, "duration expression", "\"(\"")
            if name == "step" || name == "range" {
                _ = try expect(.rightParen, "duration expression", "\")\"")
                return name == "step" ? .step : .range
            }
            let a = try parseDurationExpr(minPrec: 1, context)
            _ = try expect(.comma, "duration expression", "\",\"")
            let b = try parseDurationExpr(minPrec: 1, context)
            _ = try expect(.rightParen, "duration expression", "\")\"")
            return name == "min_of" ? .minOf(a, b) : .maxOf(a, b)
        default:
            throw unexpected(t, in: context, expected: "duration")
        }
    }
}
