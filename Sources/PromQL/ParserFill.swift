// `fill(v)`, `fill_left(v)`, `fill_right(v)` after a binary operator's matching modifiers
// (promql-binop-fill-modifiers). `fill` followed by anything but `(` is a metric name.

extension Parser {
    /// Reads the fill modifiers at the current token, if any.
    mutating func parseFillModifiers() throws(ParseError) -> (left: Double?, right: Double?)? {
        var left: Double? = nil, right: Double? = nil
        var seen = false
        while tok.kind == .identifier, ["fill", "fill_left", "fill_right"].contains(tok.text.lowercased()) {
            let save = (lexer, tok)
            let t = tok
            try advance()
            guard tok.kind == .leftParen else { (lexer, tok) = save; break }
            guard features.contains(.fillModifiers) else {
                throw fail(t, PromQLFeatures.notEnabled("\(t.text.lowercased())()", .fillModifiers))
            }
            try advance()
            var sign = 1.0
            if case .op(let o) = tok.kind, o == .sub || o == .add {
                if o == .sub { sign = -1 }
                try advance()
            }
            guard tok.kind == .number, let v = parseNumberLiteral(tok.text) else {
                throw unexpected(tok, in: "fill modifier", expected: "number")
            }
            try advance()
            _ = try expect(.rightParen, "fill modifier", "\")\"")
            let name = t.text.lowercased()
            if (name != "fill_right" && left != nil) || (name != "fill_left" && right != nil) {
                throw fail(t, "fill value may not be set multiple times")
            }
            if name != "fill_right" { left = sign * v }
            if name != "fill_left" { right = sign * v }
            seen = true
        }
        return seen ? (left, right) : nil
    }
}
