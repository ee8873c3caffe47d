import Foundation
import HTTPClient

/// An access token from an OAuth 2.0 token endpoint (Google's
/// `https://oauth2.googleapis.com/token` by default): `POST grant_type=refresh_token` with the
/// refresh token, client id and client secret, read from their files or environment
/// variables at each refresh. What can go wrong is told apart:
///
/// - `auth`: the endpoint refused the grant or the client (`invalid_grant`: the refresh token
///   was revoked or expired; `invalid_client`, `unauthorized_client`, ...), or a credential
///   could not be read;
/// - `quota`: the endpoint answered 429;
/// - `timeout`, `refused`, `dns`, `tls`, `network`: the endpoint did not answer (an outage);
/// - `status`: it answered something else (a 5xx), or a 200 without an access token.
///
/// No secret is part of a message: each is replaced by `***`.
struct TokenRefresh: Sendable {
    let config: GmailModuleConfig.OAuthRefresh
    let client: HTTPClient
    let environment: [String: String]

    /// The three secrets a refresh sends. Hashable, to key the cache; never printed.
    struct Credentials: Sendable, Hashable, CustomStringConvertible {
        var clientID: String
        var clientSecret: String
        var refreshToken: String
        var description: String { "(OAuth credentials)" }
        var secrets: [String] { [clientSecret, refreshToken] }
    }

    struct Token: Sendable {
        var value: String
        /// `expires_in`; nil when the endpoint did not say.
        var lifetime: Duration?
    }

    struct Failure: Error, Sendable {
        var reason: FailureReason
        var message: String
    }

    func credentials() -> Result<Credentials, Failure> {
        func read(_ source: GmailModuleConfig.TokenSource, _ what: String) -> Result<String, Failure> {
            source.read(what, environment: environment).mapError { Failure(reason: .auth, message: $0.message) }
        }
        return read(config.clientID, "the OAuth client id").flatMap { id in
            read(config.clientSecret, "the OAuth client secret").flatMap { secret in
                read(config.refreshToken, "the refresh token").map { Credentials(clientID: id, clientSecret: secret, refreshToken: $0) }
            }
        }
    }

    func fetch(_ credentials: Credentials, timeout: Duration) async -> Result<Token, Failure> {
        let mask = { (text: String) in credentials.secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") } }
        let form = [("grant_type", "refresh_token"), ("refresh_token", credentials.refreshToken),
                    ("client_id", credentials.clientID), ("client_secret", credentials.clientSecret)]
            .map { "\($0)=\(Self.formEncode($1))" }.joined(separator: "&")
        var request = HTTPRequest(url: config.tokenURL, method: "POST", timeout: timeout)
        request.headers = [HTTPHeader(name: "Content-Type", value: "application/x-www-form-urlencoded"),
                           HTTPHeader(name: "Accept", value: "application/json")]
        request.body = Array(form.utf8)
        request.followRedirects = false
        request.maxBodyBytes = 64 * 1024
        let endpoint = Redaction.url(config.tokenURL)
        let response: HTTPResponse
        do {
            response = try await client.send(request)
        } catch {
            return .failure(Failure(reason: error.kind.reason,
                                    message: mask("the token endpoint \(endpoint) did not answer: \(error.plainWords(timeout: timeout))")))
        }
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
        if (200...299).contains(response.status) {
            guard let token = object?["access_token"] as? String, !token.isEmpty else {
                return .failure(Failure(reason: .status, message: "the token endpoint \(endpoint) answered HTTP \(response.status) without an access_token"))
            }
            let seconds = (object?["expires_in"] as? NSNumber)?.doubleValue
            return .success(Token(value: token, lifetime: seconds.flatMap { $0 > 0 && $0 < 1e9 ? .milliseconds(Int64($0 * 1000)) : nil }))
        }
        let code = object?["error"] as? String
        let detail = code.map { code in ": \(code)" + ((object?["error_description"] as? String).map { " (\($0))" } ?? "") } ?? ""
        if response.status == 429 {
            return .failure(Failure(reason: .quota, message: mask("the token endpoint \(endpoint) refused for rate reasons (HTTP 429)\(detail)")))
        }
        if (400...499).contains(response.status) && code != nil {
            let advice = code == "invalid_grant" ? "; the refresh token was revoked or has expired: issue a new one" : "; check the client id and secret"
            return .failure(Failure(reason: .auth, message: mask("the token endpoint \(endpoint) refused the refresh (HTTP \(response.status))\(detail)\(advice)")))
        }
        return .failure(Failure(reason: .status, message: mask("the token endpoint \(endpoint) answered HTTP \(response.status)\(detail)")))
    }

    /// application/x-www-form-urlencoded: everything but unreserved characters percent-encoded.
    static func formEncode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
