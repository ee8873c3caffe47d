import OpsCore

/// The `gmail:` part of a module (opsctl's own prober): a token check against a Google API.
///
/// The default URL is `users.getProfile`, which costs 1 quota unit, so a check with this
/// module must run at most once a minute (the configuration refuses a shorter interval).
/// The access token comes from a file (re-read on every probe, so a rotated secret is
/// picked up) or an environment variable; it is never logged or shown.
public struct GmailModuleConfig: Sendable {
    public static let defaultURL = "https://gmail.googleapis.com/gmail/v1/users/me/profile"
    public static let minimumInterval: Duration = .seconds(60)

    public enum TokenSource: Sendable, Equatable, CustomStringConvertible {
        case file(String)
        case environment(String)
        public var description: String {
            switch self {
            case .file(let path): return "token file \(path)"
            case .environment(let name): return "environment variable \(name)"
            }
        }
    }

    public var url = GmailModuleConfig.defaultURL
    public var token: TokenSource = .environment("GMAIL_ACCESS_TOKEN")
    public var tls = TLSSettings()

    public init() {}

    static let keys = ["url", "token_file", "token_env", "tls_config"]

    init(node: ConfigNode) throws {
        let map = try ConfigKeys.mapping(node, supported: Self.keys, what: "gmail")
        if let node = map.optional("url") {
            url = try node.string()
            guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                throw node.error("url must be an http:// or https:// URL")
            }
        }
        let file = map.optional("token_file")
        let env = map.optional("token_env")
        if let file, env != nil { throw file.error("give token_file or token_env, not both") }
        if let file { token = .file(try file.string()) }
        if let env { token = .environment(try env.string()) }
        if let node = map.optional("tls_config") { tls = try TLSSettings(node: node) }
    }
}
