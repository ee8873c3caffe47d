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
    /// A hand-written scan, not a Regex: a regex literal is compiled on first use, and that
    /// compiler is code the long-running exporter would otherwise keep resident.
    static func maskPasswordSyntax(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if let valueStart = passwordValueStart(bytes, at: i) {
                out += bytes[i..<valueStart]
                out += Array(mask.utf8)
                i = passwordValueEnd(bytes, from: valueStart)
            } else if let (passwordStart, at) = urlPassword(bytes, at: i) {
                out += bytes[i..<passwordStart]
                out += Array(mask.utf8)
                i = at
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    /// `password`, spaces, `=`, spaces at `i` (any case): where the value starts.
    private static func passwordValueStart(_ bytes: [UInt8], at i: Int) -> Int? {
        guard hasPrefix(bytes, at: i, "password") else { return nil }
        var j = i + 8
        while j < bytes.count, isSpace(bytes[j]) { j += 1 }
        guard j < bytes.count, bytes[j] == UInt8(ascii: "=") else { return nil }
        j += 1
        while j < bytes.count, isSpace(bytes[j]) { j += 1 }
        guard j < bytes.count else { return nil }
        return j
    }

    /// The end of a value: a quoted one up to its closing quote (backslash escapes),
    /// a bare one up to whitespace or `&`.
    private static func passwordValueEnd(_ bytes: [UInt8], from start: Int) -> Int {
        var j = start
        if bytes[j] == UInt8(ascii: "'") {
            j += 1
            while j < bytes.count {
                if bytes[j] == UInt8(ascii: "\\") { j += 2; continue }
                if bytes[j] == UInt8(ascii: "'") { return j + 1 }
                j += 1
            }
            return bytes.count
        }
        while j < bytes.count, !isSpace(bytes[j]), bytes[j] != UInt8(ascii: "&") { j += 1 }
        return j
    }

    /// `postgres://user:` or `postgresql://user:` at `i` (any case) followed by a password and
    /// `@`: where the password starts and where the `@` is.
    private static func urlPassword(_ bytes: [UInt8], at i: Int) -> (Int, Int)? {
        guard hasPrefix(bytes, at: i, "postgres") else { return nil }
        var j = i + 8
        if hasPrefix(bytes, at: j, "ql") { j += 2 }
        guard hasPrefix(bytes, at: j, "://") else { return nil }
        j += 3
        while j < bytes.count, bytes[j] != UInt8(ascii: ":") {
            let byte = bytes[j]
            if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "@") || isSpace(byte) { return nil }
            j += 1
        }
        guard j < bytes.count else { return nil }
        let passwordStart = j + 1
        var k = passwordStart
        while k < bytes.count, bytes[k] != UInt8(ascii: "@") {
            if isSpace(bytes[k]) { return nil }
            k += 1
        }
        guard k < bytes.count else { return nil }
        return (passwordStart, k)
    }

    private static func hasPrefix(_ bytes: [UInt8], at i: Int, _ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard i + count <= bytes.count else { return false }
        let pointer = word.utf8Start
        for k in 0..<count {
            var byte = bytes[i + k]
            if (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) { byte |= 0x20 }
            guard byte == pointer[k] else { return false }
        }
        return true
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
