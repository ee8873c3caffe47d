/// Why a probe failed, in one word: the `reason` label of `probe_failure_reason` and the
/// first word of every failure message. A small, closed set, so the label stays bounded.
public enum FailureReason: String, Sendable, CaseIterable, Codable {
    /// The probe did not finish within its timeout.
    case timeout
    /// The target refused the connection (nothing listens on the port, or PostgreSQL is down).
    case refused
    /// The host name did not resolve.
    case dns
    /// The TLS handshake failed: an untrusted, expired or mismatched certificate, or no TLS.
    case tls
    /// The target answered with a status code the module does not accept.
    case status
    /// The body (or a TCP answer) failed the module's regular expressions or size limit.
    case body
    /// The target rejected the credentials: a wrong password, an expired or revoked token.
    case auth
    /// The target refused for rate or quota reasons (HTTP 429, Google's rate-limit 403s).
    case quota
    /// The connection broke or another network error happened after connecting.
    case network
    /// PostgreSQL accepted the connection but the configured query failed.
    case query
}
