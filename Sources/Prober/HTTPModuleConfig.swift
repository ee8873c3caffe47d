import Foundation
import OpsCore

/// The `http:` part of a module: blackbox_exporter's http prober fields that opsctl implements.
public struct HTTPModuleConfig: Sendable {
    /// Accepted status codes; empty means any 2xx (blackbox's default).
    public var validStatusCodes: [Int] = []
    /// Accepted versions as blackbox writes them (`HTTP/1.1`, `HTTP/2.0`); empty means any.
    public var validHTTPVersions: [String] = []
    public var method = "GET"
    public var headers: [(name: String, value: String)] = []
    public var body: String?
    public var followRedirects = true
    public var failIfSSL = false
    public var failIfNotSSL = false
    public var failIfBodyMatches: [Pattern] = []
    public var failIfBodyNotMatches: [Pattern] = []
    public var tls = TLSSettings()
    public var ipPreference: IPPreference = .any
    /// `body_size_limit`: a larger body fails the probe (reason `body`); nil reads up to 1 MiB
    /// for the regexes and ignores the rest.
    public var bodySizeLimit: Int?

    public init() {}

    static let keys = [
        "valid_status_codes", "valid_http_versions", "method", "headers", "body", "follow_redirects",
        "no_follow_redirects", "fail_if_ssl", "fail_if_not_ssl", "fail_if_body_matches_regexp",
        "fail_if_body_not_matches_regexp", "tls_config", "preferred_ip_protocol", "ip_protocol_fallback",
        "body_size_limit",
    ]
    static let unsupported = [
        "compression", "basic_auth", "bearer_token", "bearer_token_file", "authorization", "oauth2",
        "proxy_url", "no_proxy", "proxy_from_environment", "proxy_connect_header", "enable_http2",
        "enable_http3", "fail_if_header_matches", "fail_if_header_not_matches", "body_file",
        "http_headers", "skip_resolve_phase_with_proxy", "source_ip_address", "fail_if_body_json_matches_cel",
        "fail_if_body_json_not_matches_cel",
    ]

    init(node: ConfigNode) throws {
        let map = try ConfigKeys.mapping(node, supported: Self.keys, unsupported: Self.unsupported, what: "http")
        if let node = map.optional("valid_status_codes") {
            validStatusCodes = try node.sequence().map { item in
                let code = try item.int()
                guard (100...599).contains(code) else { throw item.error("a status code is between 100 and 599") }
                return code
            }
        }
        if let node = map.optional("valid_http_versions") {
            validHTTPVersions = try node.sequence().map { item in
                let text = try item.string()
                guard HTTPModuleConfig.version(named: text) != nil else {
                    throw item.error("unknown HTTP version '\(text)' (expected HTTP/1.0, HTTP/1.1, HTTP/2.0 or HTTP/3.0)")
                }
                return text
            }
        }
        if let node = map.optional("method") {
            method = try node.string().uppercased()
            guard !method.isEmpty, method.allSatisfy({ $0.isLetter }) else { throw node.error("invalid HTTP method '\(method)'") }
        }
        if let node = map.optional("headers") {
            headers = try node.stringMap().map { (name: $0.key, value: $0.value) }
        }
        body = try map.optional("body")?.string()
        followRedirects = try map.optional("follow_redirects")?.bool() ?? true
        if let node = map.optional("no_follow_redirects"), try node.bool() { followRedirects = false }
        failIfSSL = try map.optional("fail_if_ssl")?.bool() ?? false
        failIfNotSSL = try map.optional("fail_if_not_ssl")?.bool() ?? false
        failIfBodyMatches = try map.optional("fail_if_body_matches_regexp")?.sequence().map(Pattern.from) ?? []
        failIfBodyNotMatches = try map.optional("fail_if_body_not_matches_regexp")?.sequence().map(Pattern.from) ?? []
        if let node = map.optional("tls_config") { tls = try TLSSettings(node: node) }
        ipPreference = try IPPreference.read(map)
        if let node = map.optional("body_size_limit") {
            bodySizeLimit = try ByteSize.parse(node)
        }
    }

    /// `HTTP/1.1` -> 1.1, as blackbox's `probe_http_version` shows it.
    static func version(named text: String) -> Double? {
        switch text.uppercased() {
        case "HTTP/1.0": return 1.0
        case "HTTP/1.1": return 1.1
        case "HTTP/2", "HTTP/2.0": return 2
        case "HTTP/3", "HTTP/3.0": return 3
        default: return nil
        }
    }
}

/// Sizes as blackbox writes them: a number of bytes, or `512KB`, `1MB`, `1MiB`.
enum ByteSize {
    static func parse(_ node: ConfigNode) throws -> Int {
        let text = try node.string().trimmingCharacters(in: .whitespaces)
        let units: [(String, Int)] = [("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("KB", 1 << 10), ("MB", 1 << 20),
                                      ("GB", 1 << 30), ("B", 1)]
        var number = text
        var factor = 1
        for (suffix, value) in units where text.hasSuffix(suffix) {
            number = String(text.dropLast(suffix.count))
            factor = value
            break
        }
        guard let count = Int(number), count > 0 else {
            throw node.error("invalid size '\(text)' (expected bytes, e.g. 65536, 512KB or 1MB)")
        }
        return count * factor
    }
}
