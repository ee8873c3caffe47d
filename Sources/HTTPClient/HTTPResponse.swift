/// What came back from an HTTP request that got a response (any status).
public struct HTTPResponse: Sendable {
    /// The final response's status code (after redirects, if followed).
    public var status: Int
    /// "1.0", "1.1", "2" or "3".
    public var httpVersion: String
    /// The final response's headers, in order.
    public var headers: [HTTPHeader]
    /// The body, at most `HTTPRequest.maxBodyBytes` bytes.
    public var body: [UInt8]
    /// Body bytes received (may exceed `body.count` by what arrived in the chunk that crossed the cap).
    public var bodyBytesRead: Int
    /// The body was longer than `maxBodyBytes`; the transfer was stopped there.
    public var bodyTruncated: Bool
    public var timings: PhaseTimings
    /// The peer's certificate chain, for https (nil for http).
    public var certificate: CertificateFacts?
    /// How many redirects were followed.
    public var redirects: Int
    /// The URL of the final response, without credentials.
    public var effectiveURL: String

    public init(status: Int, httpVersion: String, headers: [HTTPHeader], body: [UInt8], bodyBytesRead: Int,
                bodyTruncated: Bool, timings: PhaseTimings, certificate: CertificateFacts?, redirects: Int,
                effectiveURL: String) {
        self.status = status
        self.httpVersion = httpVersion
        self.headers = headers
        self.body = body
        self.bodyBytesRead = bodyBytesRead
        self.bodyTruncated = bodyTruncated
        self.timings = timings
        self.certificate = certificate
        self.redirects = redirects
        self.effectiveURL = effectiveURL
    }
}
