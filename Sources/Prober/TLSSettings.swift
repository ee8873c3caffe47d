import OpsCore

/// blackbox_exporter's `tls_config`, the part opsctl implements.
public struct TLSSettings: Sendable, Equatable {
    /// `insecure_skip_verify`: accept any certificate.
    public var insecureSkipVerify = false
    public var caFile: String?
    public var certFile: String?
    public var keyFile: String?
    public var serverName: String?

    public init() {}

    static let keys = ["insecure_skip_verify", "ca_file", "cert_file", "key_file", "server_name"]
    static let unsupported = ["ca", "cert", "key", "min_version", "max_version", "cipher_suites"]

    init(node: ConfigNode) throws {
        let map = try ConfigKeys.mapping(node, supported: Self.keys, unsupported: Self.unsupported, what: "tls_config")
        insecureSkipVerify = try map.optional("insecure_skip_verify")?.bool() ?? false
        caFile = try map.optional("ca_file")?.string()
        certFile = try map.optional("cert_file")?.string()
        keyFile = try map.optional("key_file")?.string()
        serverName = try map.optional("server_name")?.string()
        if (certFile == nil) != (keyFile == nil), let node = map.optional("cert_file") ?? map.optional("key_file") {
            throw node.error("a client certificate needs both cert_file and key_file")
        }
    }
}

/// blackbox_exporter's `preferred_ip_protocol` + `ip_protocol_fallback`.
public enum IPPreference: String, Sendable, Equatable {
    /// Either family (blackbox: a preference with fallback, its default).
    case any
    /// IPv4 only (`preferred_ip_protocol: ip4`, `ip_protocol_fallback: false`).
    case v4
    /// IPv6 only (`preferred_ip_protocol: ip6`, `ip_protocol_fallback: false`).
    case v6

    static func read(_ map: ConfigMapping) throws -> IPPreference {
        var preferred = "ip6"
        if let node = map.optional("preferred_ip_protocol") {
            preferred = try node.string()
            guard ["ip4", "ip6"].contains(preferred) else {
                throw node.error("preferred_ip_protocol must be ip4 or ip6")
            }
        }
        let fallback = try map.optional("ip_protocol_fallback")?.bool() ?? true
        if fallback { return .any }
        return preferred == "ip4" ? .v4 : .v6
    }
}
