/// One HTTP(S) request: what to send and the limits it runs under.
public struct HTTPRequest: Sendable {
    /// `http://` or `https://` URL. Credentials in it (`user:password@`) are sent as basic
    /// auth and never appear in an error message or in `HTTPResponse.effectiveURL`.
    public var url: String
    /// The request method, e.g. GET, HEAD, POST.
    public var method: String = "GET"
    /// Extra request headers. libcurl adds Host, Accept and (for a body) Content-Length.
    public var headers: [HTTPHeader] = []
    /// The request body, if any.
    public var body: [UInt8]? = nil
    /// The whole request, redirects included, from the call to the last byte; also bounds
    /// the time the request waits for a free slot of `HTTPClient(maxConcurrent:)`.
    public var timeout: Duration
    /// Follow 3xx Location headers (http and https only).
    public var followRedirects: Bool = true
    /// More redirects than this fail with `.tooManyRedirects`.
    public var maxRedirects: Int = 10
    public var tls: TLSOptions = .init()
    public var ipVersion: IPVersion = .any
    /// Body bytes kept; past this the transfer is stopped and the response is marked truncated.
    public var maxBodyBytes: Int = 1 << 20

    public init(url: String, method: String = "GET", headers: [HTTPHeader] = [], body: [UInt8]? = nil,
                timeout: Duration, followRedirects: Bool = true, maxRedirects: Int = 10,
                tls: TLSOptions = .init(), ipVersion: IPVersion = .any, maxBodyBytes: Int = 1 << 20) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.followRedirects = followRedirects
        self.maxRedirects = maxRedirects
        self.tls = tls
        self.ipVersion = ipVersion
        self.maxBodyBytes = maxBodyBytes
    }
}
