/// Text written into a hand-built XML 1.0 document (the JUnit reporters of `check-manifests`
/// and `rules test`), so that any XML parser reads back the same text.
public enum XMLText {
    /// Where the text goes. A parser turns a literal tab, line feed or carriage return inside an
    /// attribute value into a space, and a literal carriage return in element content into a line
    /// feed; those are written as character references where that would lose them.
    public enum Place: Sendable {
        /// An attribute value in double quotes.
        case attribute
        /// Element content (text between tags).
        case content
    }

    /// Escapes `& < > " '` and replaces each character XML 1.0 cannot carry at all (control
    /// characters other than tab, line feed and carriage return; U+FFFE and U+FFFF) with `?`,
    /// so the reader still sees that something stood there. Everything else, non-ASCII included,
    /// is kept as is.
    public static func escape(_ text: String, for place: Place) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\r": out += "&#xD;"
            case "\t": if place == .attribute { out += "&#x9;" } else { out.unicodeScalars.append(scalar) }
            case "\n": if place == .attribute { out += "&#xA;" } else { out.unicodeScalars.append(scalar) }
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out += "?"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
