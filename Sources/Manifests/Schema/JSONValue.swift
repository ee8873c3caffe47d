/// A parsed JSON value: what schema files are made of. Objects keep their members in source order.
///
/// opsctl parses its schemas itself rather than through `JSONSerialization`: bridging Foundation's
/// dictionaries into Swift ones cost more than validating a few hundred documents, and the bundled
/// schemas are read one definition at a time (`JSONValue.Parser.members(ofObjectAt:)` finds them
/// without building the others).
enum JSONValue: Sendable {
    case object([Member])
    case array([JSONValue])
    case string(String)
    /// A number with its source text (`1`, `1.5`, `1e3`).
    case number(String)
    case bool(Bool)
    case null

    struct Member: Sendable {
        var key: String
        var value: JSONValue
    }

    /// The value of member `key` of an object (the last one if repeated), nil otherwise.
    subscript(key: String) -> JSONValue? {
        guard case let .object(members) = self else { return nil }
        return members.last { $0.key == key }?.value
    }

    var members: [Member]? {
        if case let .object(members) = self { return members }
        return nil
    }

    var string: String? {
        if case let .string(text) = self { return text }
        return nil
    }

    /// Parses a whole JSON text.
    static func parse(_ bytes: [UInt8]) throws(ParseError) -> JSONValue {
        var parser = Parser(bytes: bytes)
        return try parser.parseDocument()
    }

    /// Why a JSON text could not be parsed, with the byte offset.
    struct ParseError: Error, Sendable, CustomStringConvertible {
        var message: String
        var offset: Int
        var description: String { "\(message) at byte \(offset)" }
    }

    /// A recursive-descent parser over UTF-8 bytes, with a nesting limit for hostile files.
    struct Parser {
        let bytes: [UInt8]
        var index: Int
        static let maxDepth = 512

        init(bytes: [UInt8], at index: Int = 0) {
            self.bytes = bytes
            self.index = index
        }

        mutating func parseDocument() throws(ParseError) -> JSONValue {
            let value = try parseValue(depth: 0)
            skipWhitespace()
            guard index == bytes.count else { throw fail("unexpected text after the JSON value") }
            return value
        }

        /// The members of the object starting at `index`, each as its key and the byte range of its
        /// value, without parsing the values (a schema bundle's 800 definitions, of which a run needs a few).
        mutating func memberRanges() throws(ParseError) -> [(key: String, range: Range<Int>)] {
            skipWhitespace()
            try expect(UInt8(ascii: "{"))
            var result: [(key: String, range: Range<Int>)] = []
            skipWhitespace()
            if peek == UInt8(ascii: "}") { index += 1; return result }
            while true {
                skipWhitespace()
                let key = try parseString()
                skipWhitespace()
                try expect(UInt8(ascii: ":"))
                skipWhitespace()
                let start = index
                try skipValue(depth: 0)
                result.append((key, start..<index))
                skipWhitespace()
                if peek == UInt8(ascii: ",") { index += 1; continue }
                try expect(UInt8(ascii: "}"))
                return result
            }
        }

        private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        private func fail(_ message: String) -> ParseError {
            ParseError(message: message, offset: index)
        }

        private mutating func expect(_ byte: UInt8) throws(ParseError) {
            guard peek == byte else { throw fail("expected '\(Character(Unicode.Scalar(byte)))'") }
            index += 1
        }

        private mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x0A, 0x0D, 0x09: index += 1
                default: return
                }
            }
        }

        mutating func parseValue(depth: Int) throws(ParseError) -> JSONValue {
            guard depth < Self.maxDepth else { throw fail("nested deeper than \(Self.maxDepth) levels") }
            skipWhitespace()
            guard let byte = peek else { throw fail("unexpected end of JSON") }
            switch byte {
            case UInt8(ascii: "{"):
                index += 1
                var members: [Member] = []
                skipWhitespace()
                if peek == UInt8(ascii: "}") { index += 1; return .object(members) }
                while true {
                    skipWhitespace()
                    let key = try parseString()
                    skipWhitespace()
                    try expect(UInt8(ascii: ":"))
                    members.append(Member(key: key, value: try parseValue(depth: depth + 1)))
                    skipWhitespace()
                    if peek == UInt8(ascii: ",") { index += 1; continue }
                    try expect(UInt8(ascii: "}"))
                    return .object(members)
                }
            case UInt8(ascii: "["):
                index += 1
                var items: [JSONValue] = []
                skipWhitespace()
                if peek == UInt8(ascii: "]") { index += 1; return .array(items) }
                while true {
                    items.append(try parseValue(depth: depth + 1))
                    skipWhitespace()
                    if peek == UInt8(ascii: ",") { index += 1; continue }
                    try expect(UInt8(ascii: "]"))
                    return .array(items)
                }
            case UInt8(ascii: "\""):
                return .string(try parseString())
            case UInt8(ascii: "t"):
                try literal("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try literal("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try literal("null")
                return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return .number(try parseNumber())
            default:
                throw fail("unexpected character")
            }
        }

        /// Moves past one value without building it.
        private mutating func skipValue(depth: Int) throws(ParseError) {
            guard depth < Self.maxDepth else { throw fail("nested deeper than \(Self.maxDepth) levels") }
            skipWhitespace()
            guard let byte = peek else { throw fail("unexpected end of JSON") }
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let close = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                index += 1
                skipWhitespace()
                if peek == close { index += 1; return }
                while true {
                    if close == UInt8(ascii: "}") {
                        skipWhitespace()
                        try skipString()
                        skipWhitespace()
                        try expect(UInt8(ascii: ":"))
                    }
                    try skipValue(depth: depth + 1)
                    skipWhitespace()
                    if peek == UInt8(ascii: ",") { index += 1; continue }
                    try expect(close)
                    return
                }
            case UInt8(ascii: "\""):
                try skipString()
            default:
                _ = try parseValue(depth: depth)
            }
        }

        private mutating func literal(_ word: StaticString) throws(ParseError) {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count else { throw fail("unexpected end of JSON") }
            let matches = word.withUTF8Buffer { expected in
                (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
            }
            guard matches else { throw fail("unexpected word") }
            index += count
        }

        private mutating func parseNumber() throws(ParseError) -> String {
            let start = index
            while let byte = peek {
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"),
                     UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"):
                    index += 1
                default:
                    return try number(start)
                }
            }
            return try number(start)
        }

        private func number(_ start: Int) throws(ParseError) -> String {
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            guard Double(text) != nil else { throw ParseError(message: "invalid number \(text)", offset: start) }
            return text
        }

        private mutating func skipString() throws(ParseError) {
            try expect(UInt8(ascii: "\""))
            while let byte = peek {
                index += 1
                if byte == UInt8(ascii: "\"") { return }
                if byte == UInt8(ascii: "\\") { index += 1 }
            }
            throw fail("unterminated string")
        }

        private mutating func parseString() throws(ParseError) -> String {
            try expect(UInt8(ascii: "\""))
            let start = index
            while let byte = peek {
                if byte == UInt8(ascii: "\"") {
                    let text = String(decoding: bytes[start..<index], as: UTF8.self)
                    index += 1
                    return text
                }
                if byte == UInt8(ascii: "\\") { return try parseEscapedString(from: start) }
                if byte < 0x20 { throw fail("control character in a string") }
                index += 1
            }
            throw fail("unterminated string")
        }

        /// The slow path: a string with escapes, decoded from `start` (just after the opening quote).
        private mutating func parseEscapedString(from start: Int) throws(ParseError) -> String {
            index = start
            var scalars = String.UnicodeScalarView()
            var pending: [UInt8] = []
            func flush() {
                if !pending.isEmpty {
                    scalars.append(contentsOf: String(decoding: pending, as: UTF8.self).unicodeScalars)
                    pending.removeAll(keepingCapacity: true)
                }
            }
            while let byte = peek {
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    flush()
                    return String(scalars)
                case UInt8(ascii: "\\"):
                    flush()
                    guard let escaped = peek else { throw fail("unterminated string") }
                    index += 1
                    switch escaped {
                    case UInt8(ascii: "\""): scalars.append("\"")
                    case UInt8(ascii: "\\"): scalars.append("\\")
                    case UInt8(ascii: "/"): scalars.append("/")
                    case UInt8(ascii: "b"): scalars.append("\u{08}")
                    case UInt8(ascii: "f"): scalars.append("\u{0C}")
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "u"):
                        var code = try hex4()
                        if (0xD800..<0xDC00).contains(code), peek == UInt8(ascii: "\\"),
                           index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") {
                            index += 2
                            let low = try hex4()
                            if (0xDC00..<0xE000).contains(low) {
                                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                // A high surrogate without its low half (found by fuzz/schema-json): U+FFFD, then the next escape as it is.
                                scalars.append("\u{FFFD}")
                                code = low
                            }
                        }
                        scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                    default:
                        throw fail("invalid escape")
                    }
                default:
                    if byte < 0x20 { throw fail("control character in a string") }
                    pending.append(byte)
                }
            }
            throw fail("unterminated string")
        }

        private mutating func hex4() throws(ParseError) -> UInt32 {
            guard index + 4 <= bytes.count else { throw fail("unterminated string") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: throw fail("invalid \\u escape")
                }
                value = value << 4 | digit
                index += 1
            }
            return value
        }
    }
}
