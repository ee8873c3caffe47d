// The PromQL lexer: UTF-8 bytes in, tokens with byte offsets out.

enum TokenKind: Equatable, Sendable {
    case identifier        // metric names, label names, function names, keywords
    case number
    case duration
    case string
    case leftParen, rightParen, leftBrace, rightBrace, leftBracket, rightBracket
    case comma, colon, at
    case assign            // =
    case eqlRegex, neqRegex // =~ !~
    case op(BinaryOp)      // + - * / % ^ == != < > <= >=  (and/or/unless/atan2 come as identifiers)
    case eof
}

struct Token: Sendable {
    var kind: TokenKind
    var start: Int        // byte offset
    var end: Int
    var text: String
    /// Decoded value for string tokens.
    var stringValue: String = ""
}

struct Lexer {
    let bytes: [UInt8]
    var pos = 0

    init(_ input: String) { bytes = Array(input.utf8) }

    static func isAlpha(_ c: UInt8) -> Bool { (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c == 95 }
    static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    static func isIdentChar(_ c: UInt8) -> Bool { isAlpha(c) || isDigit(c) || c == 58 }

    func position(of offset: Int) -> SourcePosition {
        var line = 1, col = 1
        var i = 0
        let end = min(offset, bytes.count)
        while i < end {
            if bytes[i] == 10 { line += 1; col = 1 } else if bytes[i] & 0xC0 != 0x80 { col += 1 }
            i += 1
        }
        return SourcePosition(line: line, column: col)
    }

    func error(_ offset: Int, _ message: String) -> ParseError {
        ParseError(position: position(of: offset), message: message)
    }

    func text(_ a: Int, _ b: Int) -> String { String(decoding: bytes[a..<b], as: UTF8.self) }

    mutating func skipSpaceAndComments() {
        while pos < bytes.count {
            let c = bytes[pos]
            if c == 32 || c == 9 || c == 10 || c == 13 { pos += 1; continue }
            if c == 35 { // '#'
                while pos < bytes.count && bytes[pos] != 10 { pos += 1 }
                continue
            }
            break
        }
    }

    mutating func next() throws(ParseError) -> Token {
        skipSpaceAndComments()
        let start = pos
        guard pos < bytes.count else { return Token(kind: .eof, start: pos, end: pos, text: "") }
        let c = bytes[pos]
        func single(_ k: TokenKind, _ n: Int = 1) -> Token {
            pos += n
            return Token(kind: k, start: start, end: pos, text: text(start, pos))
        }
        let n1: UInt8 = pos + 1 < bytes.count ? bytes[pos + 1] : 0
        switch c {
        case 40: return single(.leftParen)
        case 41: return single(.rightParen)
        case 123: return single(.leftBrace)
        case 125: return single(.rightBrace)
        case 91: return single(.leftBracket)
        case 93: return single(.rightBracket)
        case 44: return single(.comma)
        case 58: return single(.colon)
        case 64: return single(.at)
        case 43: return single(.op(.add))
        case 45: return single(.op(.sub))
        case 42: return single(.op(.mul))
        case 47: return single(.op(.div))
        case 37: return single(.op(.mod))
        case 94: return single(.op(.pow))
        case 61: // =
            if n1 == 61 { return single(.op(.eql), 2) }
            if n1 == 126 { return single(.eqlRegex, 2) }
            return single(.assign)
        case 33: // !
            if n1 == 61 { return single(.op(.neq), 2) }
            if n1 == 126 { return single(.neqRegex, 2) }
            throw error(pos, "unexpected character after '!': \(describeByte(n1))")
        case 60: return n1 == 61 ? single(.op(.lte), 2) : n1 == 47 ? single(.op(.trimUpper), 2) : single(.op(.lss))
        case 62: return n1 == 61 ? single(.op(.gte), 2) : n1 == 47 ? single(.op(.trimLower), 2) : single(.op(.gtr))
        case 34, 39, 96:
            return try lexString(quote: c)
        default:
            break
        }
        if Lexer.isDigit(c) || (c == 46 && Lexer.isDigit(n1)) {
            return try lexNumberOrDuration()
        }
        if Lexer.isAlpha(c) || c == 58 {
            while pos < bytes.count && Lexer.isIdentChar(bytes[pos]) { pos += 1 }
            let t = text(start, pos)
            let lower = t.lowercased()
            if lower == "inf" || lower == "nan" {
                return Token(kind: .number, start: start, end: pos, text: t)
            }
            return Token(kind: .identifier, start: start, end: pos, text: t)
        }
        throw error(pos, "unexpected character: \(describeByte(c))")
    }

    func describeByte(_ c: UInt8) -> String {
        if c == 0 { return "end of input" }
        if c < 128 { return "'\(Character(Unicode.Scalar(c)))'" }
        return "'\(text(pos, min(bytes.count, pos + 4)).prefix(1))'"
    }

    mutating func lexNumberOrDuration() throws(ParseError) -> Token {
        let start = pos
        // Hex.
        if bytes[pos] == 48, pos + 1 < bytes.count, bytes[pos + 1] == 120 || bytes[pos + 1] == 88 {
            pos += 2
            while pos < bytes.count, isHex(bytes[pos]) { pos += 1 }
            if pos < bytes.count, Lexer.isAlpha(bytes[pos]) { throw error(start, "bad number or duration syntax: \"\(text(start, pos + 1))\"") }
            return Token(kind: .number, start: start, end: pos, text: text(start, pos))
        }
        // Duration: digits followed by a unit, possibly repeated (1h30m).
        var p = pos
        while p < bytes.count, Lexer.isDigit(bytes[p]) { p += 1 }
        if p < bytes.count, unitLength(at: p) > 0 {
            var q = pos
            while q < bytes.count, Lexer.isDigit(bytes[q]) {
                while q < bytes.count, Lexer.isDigit(bytes[q]) { q += 1 }
                let u = unitLength(at: q)
                if u == 0 { break }
                q += u
            }
            if q < bytes.count, Lexer.isAlpha(bytes[q]) || Lexer.isDigit(bytes[q]) || bytes[q] == 46 {
                throw error(start, "bad number or duration syntax: \"\(text(start, q + 1))\"")
            }
            pos = q
            return Token(kind: .duration, start: start, end: pos, text: text(start, pos))
        }
        // Decimal float.
        while pos < bytes.count, Lexer.isDigit(bytes[pos]) { pos += 1 }
        if pos < bytes.count, bytes[pos] == 46 {
            pos += 1
            while pos < bytes.count, Lexer.isDigit(bytes[pos]) { pos += 1 }
        }
        if pos < bytes.count, bytes[pos] == 101 || bytes[pos] == 69 {
            var q = pos + 1
            if q < bytes.count, bytes[q] == 43 || bytes[q] == 45 { q += 1 }
            if q < bytes.count, Lexer.isDigit(bytes[q]) {
                while q < bytes.count, Lexer.isDigit(bytes[q]) { q += 1 }
                pos = q
            }
        }
        if pos < bytes.count, Lexer.isAlpha(bytes[pos]) || bytes[pos] == 46 {
            throw error(start, "bad number or duration syntax: \"\(text(start, pos + 1))\"")
        }
        return Token(kind: .number, start: start, end: pos, text: text(start, pos))
    }

    func isHex(_ c: UInt8) -> Bool { Lexer.isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) }

    /// Length of a duration unit at `p` (ms, s, m, h, d, w, y), 0 if none.
    func unitLength(at p: Int) -> Int {
        guard p < bytes.count else { return 0 }
        let c = bytes[p]
        let n: UInt8 = p + 1 < bytes.count ? bytes[p + 1] : 0
        if c == 109 && n == 115 { return 2 } // ms
        if [115, 109, 104, 100, 119, 121].contains(c) { return 1 }
        return 0
    }

    mutating func lexString(quote: UInt8) throws(ParseError) -> Token {
        let start = pos
        pos += 1
        var out: [UInt8] = []
        while true {
            guard pos < bytes.count else { throw error(start, "unterminated quoted string") }
            let c = bytes[pos]
            if c == quote { pos += 1; break }
            if quote != 96 && c == 10 { throw error(start, "unterminated quoted string") }
            if quote != 96 && c == 92 { // backslash
                pos += 1
                guard pos < bytes.count else { throw error(start, "unterminated quoted string") }
                let e = bytes[pos]
                pos += 1
                switch e {
                case 97: out.append(7)
                case 98: out.append(8)
                case 102: out.append(12)
                case 110: out.append(10)
                case 114: out.append(13)
                case 116: out.append(9)
                case 118: out.append(11)
                case 92: out.append(92)
                case 34, 39:
                    guard e == quote else { throw error(pos - 2, "unknown escape sequence") }
                    out.append(e)
                case 120: // \xHH
                    let v = try hexDigits(2, escapeStart: pos - 2)
                    out.append(UInt8(v))
                case 117, 85: // \uHHHH \UHHHHHHHH
                    let v = try hexDigits(e == 117 ? 4 : 8, escapeStart: pos - 2)
                    guard let s = Unicode.Scalar(v) else { throw error(pos, "escape sequence is an invalid Unicode code point") }
                    out.append(contentsOf: Array(String(Character(s)).utf8))
                case 48...55: // octal \ooo
                    var v = UInt32(e - 48)
                    for _ in 0..<2 {
                        guard pos < bytes.count, bytes[pos] >= 48, bytes[pos] <= 55 else {
                            throw error(pos, "unknown escape sequence")
                        }
                        v = v * 8 + UInt32(bytes[pos] - 48); pos += 1
                    }
                    guard v < 256 else { throw error(pos, "octal escape value > 255") }
                    out.append(UInt8(v))
                default:
                    throw error(pos - 2, "unknown escape sequence")
                }
                continue
            }
            out.append(c)
            pos += 1
        }
        var t = Token(kind: .string, start: start, end: pos, text: text(start, pos))
        t.stringValue = String(decoding: out, as: UTF8.self)
        return t
    }

    mutating func hexDigits(_ n: Int, escapeStart: Int) throws(ParseError) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<n {
            guard pos < bytes.count, isHex(bytes[pos]) else { throw error(escapeStart, "unknown escape sequence") }
            let c = bytes[pos]
            let d: UInt32 = Lexer.isDigit(c) ? UInt32(c - 48) : (c >= 97 ? UInt32(c - 87) : UInt32(c - 55))
            v = v * 16 + d
            pos += 1
        }
        return v
    }
}

/// Parses a Prometheus duration such as `1h30m`, `500ms`, `2d`, in milliseconds.
public func parseDuration(_ s: String) -> Int64? {
    let b = Array(s.utf8)
    guard !b.isEmpty else { return nil }
    var i = 0
    var total: Int64 = 0
    var lastUnitRank = Int.max
    while i < b.count {
        var n: Int64 = 0
        let d0 = i
        while i < b.count, Lexer.isDigit(b[i]) {
            let (m, o1) = n.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(b[i] - 48))
            if o1 || o2 { return nil }
            n = a; i += 1
        }
        if i == d0 { return nil }
        var unit: Int64
        var rank: Int
        if i + 1 < b.count, b[i] == 109, b[i + 1] == 115 { unit = 1; rank = 0; i += 2 } else {
            guard i < b.count else { return nil }
            switch b[i] {
            case 115: unit = 1000; rank = 1
            case 109: unit = 60_000; rank = 2
            case 104: unit = 3_600_000; rank = 3
            case 100: unit = 86_400_000; rank = 4
            case 119: unit = 604_800_000; rank = 5
            case 121: unit = 31_536_000_000; rank = 6
            default: return nil
            }
            i += 1
        }
        if rank >= lastUnitRank { return nil }
        lastUnitRank = rank
        let (m, o) = n.multipliedReportingOverflow(by: unit)
        if o { return nil }
        let (t, o2) = total.addingReportingOverflow(m)
        if o2 { return nil }
        total = t
    }
    return total
}

/// Parses a Go/Prometheus float literal: decimal, hex, Inf, NaN (case-insensitive).
public func parseNumberLiteral(_ s: String) -> Double? {
    let lower = s.lowercased()
    if lower == "inf" || lower == "+inf" { return .infinity }
    if lower == "-inf" { return -.infinity }
    if lower == "nan" { return .nan }
    if lower.hasPrefix("0x") {
        guard let v = UInt64(lower.dropFirst(2), radix: 16) else { return nil }
        return Double(v)
    }
    return Double(s)
}
