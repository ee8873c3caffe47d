/// `secret-value`: no secret-shaped **value** in env values, ConfigMap `data` or annotations (object and
/// pod template): a PEM private-key block, an AWS access key id (`AKIA`/`ASIA` + 16), a GitHub token
/// (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`), a Slack token (`xoxb-`, `xoxp-`, ...), or a
/// JWT (`eyJ...`.`eyJ...`.signature). Secrets themselves are not looked at: that is where secrets go.
public struct SecretValueCheck: Check {
    public let id = "secret-value"
    public let severity = Severity.error
    public let why = "A key or token pasted into a manifest is readable by everyone with the repository, CI logs or `kubectl get`, whatever the variable is called, and leaked tokens are scanned for within minutes."
    public let fix = "Revoke the credential, then move it into a Secret (or an external secret store) and reference it with secretKeyRef or a secret volume."

    public init() {}

    /// What kind of secret `value` looks like, or nil.
    static func kind(of value: String) -> String? {
        guard value.utf8.count >= 20 else { return nil }
        let bytes = Array(value.utf8)
        // ASCII text is searched on bytes (Foundation's search cost more than the whole token scan).
        let ascii = bytes.allSatisfy { $0 < 0x80 }
        if ascii ? bytes.containsBytes(Self.pemBegin) && bytes.containsBytes(Self.pemEnd) : value.contains("-----BEGIN ") && value.contains("PRIVATE KEY-----") {
            return "a PEM private key"
        }
        var index = 0
        while index < bytes.count {
            let rest = bytes.count - index
            if index == 0 || !isTokenByte(bytes[index - 1]) {
                if rest >= 20, (bytes.hasBytes(Self.akia, at: index) || bytes.hasBytes(Self.asia, at: index)),
                   bytes[(index + 4)..<(index + 20)].allSatisfy({ isUpperOrDigit($0) }),
                   index + 20 == bytes.count || !isUpperOrDigit(bytes[index + 20]) {
                    return "an AWS access key id"
                }
                for prefix in Self.gitHubPrefixes where bytes.hasBytes(prefix, at: index) {
                    if run(bytes, from: index + 4, where: isAlphanumeric) >= 36 { return "a GitHub token" }
                }
                if bytes.hasBytes(Self.gitHubPAT, at: index), run(bytes, from: index + 11, where: { isAlphanumeric($0) || $0 == UInt8(ascii: "_") }) >= 22 {
                    return "a GitHub token"
                }
                if bytes.hasBytes(Self.slack, at: index), index + 4 < bytes.count, "baprs".utf8.contains(bytes[index + 3]), bytes[index + 4] == UInt8(ascii: "-"),
                   run(bytes, from: index + 5, where: { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }) >= 10 {
                    return "a Slack token"
                }
                if bytes.hasBytes(Self.jwt, at: index), isJWT(bytes, from: index) { return "a JWT" }
            }
            index += 1
        }
        return nil
    }

    private static func isJWT(_ bytes: [UInt8], from start: Int) -> Bool {
        let base64URL: (UInt8) -> Bool = { isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
        let header = run(bytes, from: start, where: base64URL)
        var next = start + header
        guard header >= 10, next < bytes.count, bytes[next] == UInt8(ascii: "."), bytes.hasBytes(Self.jwt, at: next + 1) else { return false }
        let payload = run(bytes, from: next + 1, where: base64URL)
        next += 1 + payload
        guard payload >= 10, next < bytes.count, bytes[next] == UInt8(ascii: ".") else { return false }
        return run(bytes, from: next + 1, where: base64URL) >= 16
    }

    // The token prefixes as bytes, made once: the scan tries them at every word start of every value.
    private static let akia = Array("AKIA".utf8), asia = Array("ASIA".utf8)
    private static let gitHubPrefixes = ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"].map { Array($0.utf8) }
    private static let gitHubPAT = Array("github_pat_".utf8), slack = Array("xox".utf8), jwt = Array("eyJ".utf8)

    private static let pemBegin = Array("-----BEGIN ".utf8), pemEnd = Array("PRIVATE KEY-----".utf8)

    private static func run(_ bytes: [UInt8], from start: Int, where predicate: (UInt8) -> Bool) -> Int {
        var end = start
        while end < bytes.count, predicate(bytes[end]) { end += 1 }
        return end - start
    }

    private static func isUpperOrDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isUpperOrDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: "_")
    }

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard object.kind != "Secret" else { return [] }
        var findings: [Finding] = []
        func scan(_ node: YAMLNode?, at path: NodePath, what: String, container: ContainerRef? = nil) {
            for entry in node?.entries ?? [] {
                guard let value = entry.value.text, let kind = Self.kind(of: value) else { continue }
                findings.append(finding("\(what) \"\(entry.key)\" holds \(kind)", in: object, at: path.appending(key: entry.key), container: container))
            }
        }
        scan(object.node(at: .metadataAnnotations), at: .metadataAnnotations, what: "annotation")
        if let pod = object.podSpec, pod.metadataPath != .metadata {
            scan(object.node(at: pod.metadataPath.appending(key: "annotations")), at: pod.metadataPath.appending(key: "annotations"), what: "pod annotation")
        }
        if object.kind == "ConfigMap" {
            scan(object.node(at: .data), at: .data, what: "ConfigMap key")
        }
        for container in object.containers {
            for (index, variable) in (container.node["env"]?.items ?? []).enumerated() {
                guard let value = variable["value"]?.text, let kind = Self.kind(of: value) else { continue }
                let name = variable["name"]?.text ?? "(unnamed)"
                findings.append(finding("\(container.label) sets variable \(name) to \(kind)", in: object,
                                        at: container.path.appending(key: "env").appending(index: index).appending(key: "value"), container: container))
            }
        }
        return findings
    }
}
