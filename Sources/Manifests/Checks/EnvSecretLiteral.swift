/// `env-secret-literal`: no container carries a secret as a literal `env[].value`: a variable named
/// like a secret (`*PASSWORD*`, `*PASSWD*`, `*SECRET*`, `*TOKEN*`, `*API_KEY*`, `*APIKEY*`,
/// `*PRIVATE_KEY*`, `*ACCESS_KEY*`, `*CREDENTIAL*`) with a non-empty literal value, or any value that
/// is a URL with a password in it (`postgres://user:pw@db/app`).
///
/// Not flagged: names ending in `_FILE`, `_PATH`, `_DIR`, `_NAME`, `_ID` (they point at a secret),
/// `valueFrom`, and values that are only a `$(VAR)` reference.
public struct EnvSecretLiteralCheck: Check {
    public let id = "env-secret-literal"
    public let severity = Severity.error
    public let why = "A secret written into a manifest lives in git history, CI logs and `kubectl get -o yaml` output for anyone who can read them, and cannot be rotated without a commit."
    public let fix = "Move the value into a Secret and use env[].valueFrom.secretKeyRef (or envFrom.secretRef)."

    public init() {}

    static let secretWords = ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY", "PRIVATE_KEY", "ACCESS_KEY", "CREDENTIAL"]
    static let pointerSuffixes = ["_FILE", "_PATH", "_DIR", "_NAME", "_ID"]

    static let secretWordBytes = secretWords.map { Array($0.utf8) }
    static let pointerSuffixBytes = pointerSuffixes.map { Array($0.utf8) }

    static func looksSecret(name: String) -> Bool {
        // ASCII names (all real ones) are upper-cased byte by byte; others take the Unicode way.
        guard name.utf8.allSatisfy({ $0 < 0x80 }) else { return looksSecretUnicode(name: name) }
        let upper = name.utf8.map { byte -> UInt8 in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): return byte - 32
            case UInt8(ascii: "-"): return UInt8(ascii: "_")
            default: return byte
            }
        }
        guard !pointerSuffixBytes.contains(where: { upper.hasBytes($0, at: upper.count - $0.count) }) else { return false }
        return secretWordBytes.contains { upper.containsBytes($0) }
    }

    private static func looksSecretUnicode(name: String) -> Bool {
        let upper = name.uppercased().replacingOccurrences(of: "-", with: "_")
        guard !pointerSuffixes.contains(where: { upper.hasSuffix($0) }) else { return false }
        return secretWords.contains { upper.contains($0) }
    }

    /// `scheme://user:password@host...` with a non-empty password.
    static func hasURLPassword(_ value: String) -> Bool {
        // Most values are no URL: look for the bytes of `://` before asking Foundation where they are.
        guard containsSchemeSeparator(value.utf8) else { return false }
        // ASCII text (every real URL) is read on bytes: Foundation's search took ~40,000 instructions a value.
        guard value.utf8.allSatisfy({ $0 < 0x80 }) else { return hasURLPasswordUnicode(value) }
        let bytes = Array(value.utf8)
        var start = 0
        while bytes[start] != UInt8(ascii: ":") || bytes[start + 1] != UInt8(ascii: "/") || bytes[start + 2] != UInt8(ascii: "/") { start += 1 }
        let authority = bytes[(start + 3)...].prefix { $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#") }
        guard let at = authority.lastIndex(of: UInt8(ascii: "@")) else { return false }
        let userInfo = authority[..<at]
        guard let colon = userInfo.firstIndex(of: UInt8(ascii: ":")) else { return false }
        let password = userInfo[(colon + 1)...]
        return !password.isEmpty && !isReference(String(decoding: password, as: UTF8.self))
    }

    private static func hasURLPasswordUnicode(_ value: String) -> Bool {
        guard let scheme = value.range(of: "://") else { return false }
        let rest = value[scheme.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard let at = authority.lastIndex(of: "@") else { return false }
        let userInfo = authority[..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return false }
        let password = userInfo[userInfo.index(after: colon)...]
        return !password.isEmpty && !isReference(String(password))
    }

    private static func containsSchemeSeparator(_ bytes: String.UTF8View) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in bytes {
            if previous == (UInt8(ascii: ":"), UInt8(ascii: "/")), byte == UInt8(ascii: "/") { return true }
            previous = (previous.1, byte)
        }
        return false
    }

    /// `$(OTHER_VAR)`: Kubernetes substitutes another variable; nothing literal is written.
    static func isReference(_ value: String) -> Bool {
        value.hasPrefix("$(") && value.hasSuffix(")") && !value.dropFirst(2).contains("$(")
    }

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        var findings: [Finding] = []
        for container in object.containers {
            for (index, variable) in (container.node["env"]?.items ?? []).enumerated() {
                guard let name = variable["name"]?.text, let value = variable["value"]?.text,
                      !value.isEmpty, !Self.isReference(value) else { continue }
                var valuePath: NodePath { container.path.appending(key: "env").appending(index: index).appending(key: "value") }  // built only for a finding
                if Self.looksSecret(name: name) {
                    findings.append(finding("\(container.label) sets secret-like variable \(name) to a literal value", in: object, at: valuePath, container: container))
                } else if Self.hasURLPassword(value) {
                    findings.append(finding("\(container.label) sets variable \(name) to a URL with a literal password", in: object, at: valuePath, container: container))
                }
            }
        }
        return findings
    }
}
