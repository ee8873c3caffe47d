/// Why a request got no response (a response with any status is not an error).
public struct HTTPClientError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The request's timeout passed (connect, TLS, waiting for the answer, or the body).
        case timeout
        /// The peer refused the connection (nothing listens on the port).
        case refused
        /// The host name does not resolve.
        case dns
        /// The TLS handshake failed or the certificate did not verify (expired, self-signed,
        /// wrong name, unknown CA, bad client certificate).
        case tls
        /// Any other failure on the way: reset connection, unreachable network, bad framing.
        case network
        /// The request cannot be sent as given (bad URL, unsupported scheme, CR/LF in a header).
        case invalidRequest
        /// More redirects than `HTTPRequest.maxRedirects`.
        case tooManyRedirects
        /// The calling task was cancelled (or the client shut down); the transfer was dropped.
        case cancelled
    }

    public var kind: Kind
    /// libcurl's own message (CURLOPT_ERRORBUFFER) or ours, for the log. Credentials of the
    /// URL and Authorization header values are masked.
    public var message: String
    /// The phases that completed before the failure.
    public var timings: PhaseTimings

    public init(kind: Kind, message: String, timings: PhaseTimings = .zero) {
        self.kind = kind
        self.message = message
        self.timings = timings
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}
