/// Removes secrets from text that came from libpq or the server. libpq's messages can echo
/// parts of the conninfo (an unparseable URL, a `password=` pair), so every message passes
/// through here before it reaches a `PostgresError`, a log line or a metric.
struct SecretScrubber: Sendable {
    static let mask = "***"
    private(set) var secrets: [String]

    init(secrets: [String?] = []) {
        self.secrets = []
        for secret in secrets { add(secret) }
    }

    mutating func add(_ secret: String?) {
        guard let secret, !secret.isEmpty else { return }
        for form in [secret, Self.percentEncoded(secret)] where !secrets.contains(form) {
            secrets.append(form)
        }
        // Longest first, so a secret that contains another is masked whole.
        secrets.sort { $0.count > $1.count }
    }

    func scrub(_ text: String) -> String {
        var result = text
        for secret in secrets {
            result = result.replacing(secret, with: Self.mask)
        }
        return Self.maskPasswordSyntax(result)
    }

    /// Masks `password=VALUE` / `password='VALUE'` and the `user:VALUE@` of a URL, whatever the value.
    static func maskPasswordSyntax(_ text: String) -> String {
        var result = text
        result.replace(/(?i)(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&]+)/) { match in
            "\(match.output.1)\(mask)"
        }
        result.replace(/(?i)(postgres(?:ql)?:\/\/[^:\/@\s]*:)([^@\s]*)@/) { match in
            "\(match.output.1)\(mask)@"
        }
        return result
    }

    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}
