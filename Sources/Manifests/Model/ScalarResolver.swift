/// Resolves plain YAML scalars the way Kubernetes' YAML reader does (YAML 1.1 core types),
/// without regular expressions: this runs for every scalar of every document.
public enum ScalarResolver {
    public static func resolvePlain(_ text: String) -> Scalar.Kind {
        if text.isEmpty { return .null }
        let utf8 = text.utf8
        guard let first = utf8.first else { return .null }
        // The null and boolean words are ASCII and at most 5 bytes; only ASCII text is equal to
        // them, so a longer text (most keys and values starting with n, t, f, y or o) skips the
        // comparisons with all of them.
        let short = utf8.count <= 5
        switch first {
        case UInt8(ascii: "~"):
            return text == "~" ? .null : .string
        case UInt8(ascii: "n"), UInt8(ascii: "N"):
            guard short else { return .string }
            switch text {
            case "null", "Null", "NULL": return .null
            case "n", "N", "no", "No", "NO": return .boolean
            default: return .string
            }
        case UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"),
             UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "o"), UInt8(ascii: "O"):
            guard short else { return .string }
            switch text {
            case "true", "True", "TRUE", "false", "False", "FALSE",
                 "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "off", "Off", "OFF":
                return .boolean
            default: return .string
            }
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
            if integerValue(text) != nil { return .integer }
            if floatValue(text) != nil { return .float }
            return .string
        default:
            return .string
        }
    }

    /// Decimal, `0x` hex, `0o`/leading-zero octal and `_` separators, as YAML 1.1 allows.
    public static func integerValue(_ text: String) -> Int? {
        switch quickInteger(text.utf8) {
        case let .value(value): return value
        case .notInteger: return nil
        case .unsure: return slowIntegerValue(text)
        }
    }

    private enum Quick {
        case value(Int)
        case notInteger
        case unsure
    }

    /// The common cases without building strings: plain decimals (`8080`, `-1`) are parsed here,
    /// and text with a byte no integer form can hold (`100m`, `1.5`, `10.0.0.1`) is refused here.
    private static func quickInteger(_ utf8: String.UTF8View) -> Quick {
        var value = 0
        var digits = 0
        var negative = false
        var index = 0
        var firstDigit: UInt8 = 0
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if digits == 0 { firstDigit = byte }
                digits += 1
                if digits <= 18 { value = value * 10 + Int(byte - UInt8(ascii: "0")) }
            case UInt8(ascii: "-") where index == 0:
                negative = true
            case UInt8(ascii: "+") where index == 0:
                break
            case UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"),
                 UInt8(ascii: "x"), UInt8(ascii: "X"), UInt8(ascii: "o"), UInt8(ascii: "O"),
                 UInt8(ascii: "_"), UInt8(ascii: "+"), UInt8(ascii: "-"):
                return .unsure // hex, octal, binary, separators, odd signs: the full rules below
            default:
                return .notInteger
            }
            index += 1
        }
        // Only [+-]?digits got here; a leading zero means octal, more than 18 digits may overflow.
        guard digits > 0, digits <= 18, firstDigit != UInt8(ascii: "0") || digits == 1 else { return .unsure }
        return .value(negative ? -value : value)
    }

    private static func slowIntegerValue(_ text: String) -> Int? {
        var body = Substring(text)
        var negative = false
        if body.first == "-" || body.first == "+" {
            negative = body.first == "-"
            body = body.dropFirst()
        }
        guard !body.isEmpty else { return nil }
        let cleaned = body.replacingUnderscores()
        let value: Int?
        if cleaned.hasPrefix("0x") {
            value = Int(cleaned.dropFirst(2), radix: 16)
        } else if cleaned.hasPrefix("0o") {
            value = Int(cleaned.dropFirst(2), radix: 8)
        } else if cleaned.hasPrefix("0b") {
            value = Int(cleaned.dropFirst(2), radix: 2)
        } else if cleaned.count > 1, cleaned.hasPrefix("0") {
            value = Int(cleaned.dropFirst(), radix: 8)
        } else {
            value = Int(cleaned, radix: 10)
        }
        guard let value else { return nil }
        return negative ? -value : value
    }

    public static func floatValue(_ text: String) -> Double? {
        // The infinity and NaN words start with `.`, `+` or `-` and are at most 6 bytes: other text
        // (`100m`, `1.5`, `10.0.0.1`) skips the twelve comparisons.
        if text.utf8.count <= 6, let first = text.utf8.first,
           first == UInt8(ascii: ".") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            switch text {
            case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
            case "-.inf", "-.Inf", "-.INF": return -.infinity
            case ".nan", ".NaN", ".NAN": return .nan
            default: break
            }
        }
        guard text.utf8.contains(where: { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return Double(text.utf8.contains(UInt8(ascii: "_")) ? String(text.filter { $0 != "_" }) : text)
    }
}

private extension Substring {
    func replacingUnderscores() -> String {
        contains("_") ? String(filter { $0 != "_" }) : String(self)
    }
}
