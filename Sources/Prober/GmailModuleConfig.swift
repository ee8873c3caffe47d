import Foundation
import OpsCore

/// The `gmail:` part of a module (opsctl's own prober): a token check against a Google API.
///
/// The default URL is `users.getProfile`, which costs 1 quota unit, so a check with this
/// module must run at most once a minute (the configuration refuses a shorter interval).
/// The access token comes from a file (re-read on every probe, so a rotated secret is
/// picked up) or an environment variable; or, with `oauth:`, it is fetched from Google's
/// token endpoint with a refresh token and cached until shortly before it expires. No
/// secret is ever logged or shown.
public struct GmailModuleConfig: Sendable {
    public static let defaultURL = "https://gmail.googleapis.com/gmail/v1/users/me/profile"
    public static let minimumInterval: Duration = .seconds(60)

    /// Where a secret is read from: a file (trimmed) or an environment variable.
    public enum TokenSource: Sendable, Equatable, CustomStringConvertible {
        case file(String)
        case environment(String)
        public var description: String {
            switch self {
            case .file(let path): return "file \(path)"
            case .environment(let name): return "environment variable \(name)"
            }
        }

        /// The secret, read now; `what` names it in the failure ("the refresh token").
        func read(_ what: String, environment: [String: String]) -> Result<String, TargetError> {
            switch self {
            case .file(let path):
                guard let data = FileManager.default.contents(atPath: path) else {
                    return .failure(TargetError("cannot read \(what) from the file \(path)"))
                }
                let value = String(decoding: data, as: UTF8.self).trimmingWhitespaceAndNewlines()
                return value.isEmpty ? .failure(TargetError("the file \(path) holding \(what) is empty")) : .success(value)
            case .environment(let name):
                guard let value = environment[name]?.trimmingWhitespaceAndNewlines(), !value.isEmpty else {
                    return .failure(TargetError("the environment variable \(name) holding \(what) is not set"))
                }
                return .success(value)
            }
        }

        /// `NAME_file` or `NAME_env` of a mapping (both: an error; neither: nil).
        static func read(_ map: ConfigMapping, _ name: String) throws -> TokenSource? {
            let file = map.optional("\(name)_file")
            let env = map.optional("\(name)_env")
            if let file, env != nil { throw file.error("give \(name)_file or \(name)_env, not both") }
            if let file { return .file(try file.string()) }
            if let env { return .environment(try env.string()) }
            return nil
        }
    }

    /// `oauth:`: an access token from an OAuth 2.0 token endpoint (`grant_type=refresh_token`).
    public struct OAuthRefresh: Sendable, Equatable {
        public static let defaultTokenURL = "https://oauth2.googleapis.com/token"
        public var tokenURL = OAuthRefresh.defaultTokenURL
        public var clientID: TokenSource
        public var clientSecret: TokenSource
        public var refreshToken: TokenSource

        static let keys = ["token_url", "client_id_file", "client_id_env", "client_secret_file", "client_secret_env",
                           "refresh_token_file", "refresh_token_env"]

        init(node: ConfigNode) throws {
            let map = try ConfigKeys.mapping(node, supported: Self.keys, what: "gmail oauth")
            if let node = map.optional("token_url") {
                tokenURL = try node.httpURL()
            }
            func required(_ name: String) throws -> TokenSource {
                guard let source = try TokenSource.read(map, name) else { throw node.error("\(name)_file or \(name)_env is required") }
                return source
            }
            clientID = try required("client_id")
            clientSecret = try required("client_secret")
            refreshToken = try required("refresh_token")
        }
    }

    public var url = GmailModuleConfig.defaultURL
    public var token: TokenSource = .environment("GMAIL_ACCESS_TOKEN")
    public var oauth: OAuthRefresh?
    public var tls = TLSSettings()

    public init() {}

    static let keys = ["url", "token_file", "token_env", "oauth", "tls_config"]

    init(node: ConfigNode) throws {
        let map = try ConfigKeys.mapping(node, supported: Self.keys, what: "gmail")
        if let node = map.optional("url") {
            url = try node.httpURL()
        }
        if let token = try TokenSource.read(map, "token") { self.token = token }
        if let oauthNode = map.optional("oauth") {
            if let other = map.optional("token_file") ?? map.optional("token_env") {
                throw other.error("give an access token (token_file, token_env) or oauth, not both")
            }
            oauth = try OAuthRefresh(node: oauthNode)
        }
        if let node = map.optional("tls_config") { tls = try TLSSettings(node: node) }
    }
}
