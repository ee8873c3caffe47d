/// A JSON object written straight into a string, keys in the order given (the admission API
/// gives them sorted). It replaces Foundation's JSONEncoder on the admission path: on a
/// release build under `wrk -c4`, JSONEncoder was 14% of the watcher's CPU samples, and the
/// watcher's CPU per request went from 97 and 148 to 86 and 108 microseconds with this (two
/// A/B rounds, 2026-12-01, bench/quota/README.md).
struct JSONText {
    private(set) var text = "{"
    private var first = true

    mutating func key(_ name: String) {
        if !first { text += "," }
        first = false
        Self.appendString(name, to: &text)
        text += ":"
    }

    mutating func field(_ name: String, _ value: String) { key(name); Self.appendString(value, to: &text) }
    mutating func field(_ name: String, _ value: Int) { key(name); text += String(value) }
    mutating func field(_ name: String, _ value: Int?) { key(name); text += value.map(String.init) ?? "null" }
    mutating func field(_ name: String, _ value: Bool) { key(name); text += value ? "true" : "false" }
    mutating func field(_ name: String, _ value: Double?) {
        key(name)
        if let value, value.isFinite { text += "\(value)" } else { text += "null" }
    }
    mutating func field(_ name: String, object: JSONText) { key(name); text += object.closed }

    /// The object's text, closed.
    var closed: String { text + "}" }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    static func appendString(_ value: String, to out: inout String) {
        out += "\""
        var plain = true
        for unit in value.utf8 where unit < 0x20 || unit == UInt8(ascii: "\"") || unit == UInt8(ascii: "\\") {
            plain = false
            break
        }
        if plain {
            out += value
        } else {
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
