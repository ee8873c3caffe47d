import CCurl

/// One HTTP request on the loop: builds the easy handle, collects headers and the capped
/// body through libcurl's callbacks, and turns the finished handle into a response or error.
final class HTTPTransfer: Transfer {
    typealias Outcome = Result<HTTPResponse, HTTPClientError>

    let request: HTTPRequest
    let deadline: ContinuousClock.Instant
    private let secrets: SecretMask
    private let resume: @Sendable (Outcome) -> Void
    private(set) var easy: UnsafeMutableRawPointer?
    private var resources = TransferResources()
    private var outcome: Outcome?

    private var headers: [HTTPHeader] = []
    private var body: [UInt8] = []
    private var bodyBytesRead = 0
    private var truncated = false

    init(request: HTTPRequest, deadline: ContinuousClock.Instant, resume: @escaping @Sendable (Outcome) -> Void) {
        self.request = request
        self.deadline = deadline
        self.secrets = SecretMask(url: request.url, headers: request.headers)
        self.resume = resume
    }

    var waitingSocket: (socket: Int32, events: Int16)? { nil }

    func prepare(now: ContinuousClock.Instant) -> HTTPClientError? {
        if let problem = HTTPRequestCheck.problem(in: request) {
            return HTTPClientError(kind: .invalidRequest, message: secrets.scrub(problem))
        }
        guard let handle = curl_easy_init() else {
            return HTTPClientError(kind: .network, message: "libcurl could not create a handle (out of memory)")
        }
        easy = handle
        var options = CurlOptions(handle: handle)
        options.setCommon(deadline: deadline, now: now, ipVersion: request.ipVersion,
                          tls: request.tls, errorBuffer: resources.errorBuffer)
        options.set(CURLOPT_FORBID_REUSE, true)
        options.set(CURLOPT_PROTOCOLS_STR, "http,https")
        options.set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        options.set(CURLOPT_FOLLOWLOCATION, request.followRedirects)
        options.set(CURLOPT_MAXREDIRS, max(0, request.maxRedirects))
        setURLAndHeaders(&options)
        setMethodAndBody(&options)
        let context = Unmanaged.passUnretained(self).toOpaque()
        options.set(CURLOPT_WRITEFUNCTION, callback: httpTransferBodyCallback)
        options.set(CURLOPT_WRITEDATA, pointer: context)
        options.set(CURLOPT_HEADERFUNCTION, callback: httpTransferHeaderCallback)
        options.set(CURLOPT_HEADERDATA, pointer: context)
        if options.failure != CURLE_OK {
            return HTTPClientError(kind: .invalidRequest,
                                   message: "libcurl rejected an option: \(String(cString: curl_easy_strerror(options.failure)))")
        }
        return nil
    }

    /// The URL, and the headers: the caller's, `Expect:` switched off for bodies, and for
    /// a TLS server name override the URL's host kept as Host while SNI names the override.
    private func setURLAndHeaders(_ options: inout CurlOptions) {
        var url = request.url
        var hostHeader: String?
        if let serverName = request.tls.serverName, let parts = CurlURL(request.url), let host = parts.host,
           host != serverName, let rewritten = CurlURL.replacingHost(request.url, with: serverName) {
            url = rewritten
            let port = parts.port.map(String.init) ?? ""
            let defaultPort = parts.scheme == "https" ? 443 : 80
            hostHeader = parts.port == defaultPort || parts.port == nil ? host : "\(host):\(port)"
            resources.connectTo = curl_slist_append(nil, "\(serverName):\(port):\(host):\(port)")
            options.set(CURLOPT_CONNECT_TO, list: resources.connectTo)
        }
        options.set(CURLOPT_URL, url)
        for header in request.headers {
            // libcurl's syntax for a header with an empty value is "Name;".
            resources.append(header: header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)")
        }
        if let hostHeader, request.headers.value(of: "Host") == nil {
            resources.append(header: "Host: \(hostHeader)")
        }
        if request.body != nil, request.headers.value(of: "Expect") == nil {
            resources.append(header: "Expect:")
        }
        if resources.headerList != nil { options.set(CURLOPT_HTTPHEADER, list: resources.headerList) }
    }

    private func setMethodAndBody(_ options: inout CurlOptions) {
        let method = request.method
        if let body = request.body {
            options.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(body.count))
            // COPYPOSTFIELDS: libcurl keeps its own copy, nothing to keep alive here.
            var bytes = body
            if bytes.isEmpty { bytes = [0] }
            bytes.withUnsafeMutableBytes { options.set(CURLOPT_COPYPOSTFIELDS, pointer: $0.baseAddress) }
            if method != "POST" { options.set(CURLOPT_CUSTOMREQUEST, method) }
        } else if method == "HEAD" {
            options.set(CURLOPT_NOBODY, true)
        } else if method != "GET" {
            options.set(CURLOPT_CUSTOMREQUEST, method)
        }
    }

    func receiveBody(_ chunk: UnsafeRawBufferPointer) -> Int {
        bodyBytesRead += chunk.count
        let room = max(0, request.maxBodyBytes - body.count)
        if chunk.count <= room {
            body.append(contentsOf: chunk)
            return chunk.count
        }
        body.append(contentsOf: chunk.prefix(room))
        truncated = true
        return 0   // stops the transfer: CURLE_WRITE_ERROR, read as "truncated" below
    }

    func receiveHeader(_ line: UnsafeRawBufferPointer) -> Int {
        if line.starts(with: "HTTP/".utf8) {
            headers.removeAll()   // a new response: a redirect hop or a 1xx before the real one
        } else if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
            headers.append(HTTPHeader(name: Self.trimmed(line[..<colon]), value: Self.trimmed(line[(colon + 1)...])))
        }
        return line.count
    }

    /// The bytes without the spaces, tabs and line ends around them, as text. Read as bytes
    /// rather than through `String.trimmingSpaces()`: this runs for every header line of every
    /// probe on the transfer loop's thread (perf on sequential `/probe`s: header parsing 1.8% ->
    /// 0.3% of the prober's CPU; bench/prober/README.md, 2026-12-01).
    private static func trimmed(_ bytes: Slice<UnsafeRawBufferPointer>) -> String {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    func curlFinished(_ code: CURLcode, now: ContinuousClock.Instant) -> Bool {
        guard let easy else { return true }
        let info = CurlInfo(handle: easy)
        let timings = info.timings()
        if code == CURLE_OK || (code == CURLE_WRITE_ERROR && truncated) {
            outcome = .success(HTTPResponse(
                status: info.long(CURLINFO_RESPONSE_CODE),
                httpVersion: info.httpVersion(),
                headers: headers,
                body: body,
                bodyBytesRead: bodyBytesRead,
                bodyTruncated: truncated,
                timings: timings,
                certificate: CertificateChainReader.facts(info.certificateChain()),
                redirects: info.long(CURLINFO_REDIRECT_COUNT),
                effectiveURL: CurlURL.withoutCredentials(info.string(CURLINFO_EFFECTIVE_URL) ?? request.url)))
        } else {
            let message = CurlErrorKind.message(code: code, errorBuffer: resources.errorBuffer)
            outcome = .failure(HTTPClientError(kind: CurlErrorKind.kind(of: code, message: message),
                                               message: secrets.scrub(message), timings: timings))
        }
        return true
    }

    func service(now: ContinuousClock.Instant) -> Bool { true }

    func abandon(_ error: HTTPClientError) {
        var error = error
        if let easy { error.timings = CurlInfo(handle: easy).timings() }
        outcome = .failure(error)
    }

    func complete() {
        if let easy { curl_easy_cleanup(easy) }
        easy = nil
        resume(outcome ?? .failure(HTTPClientError(kind: .cancelled, message: "the transfer ended without a result")))
    }
}

/// CURLOPT_WRITEFUNCTION: body bytes, to the transfer named by the context pointer.
private let httpTransferBodyCallback: opsctl_curl_data_callback = { data, size, count, context in
    guard let context else { return 0 }
    let transfer = Unmanaged<HTTPTransfer>.fromOpaque(context).takeUnretainedValue()
    return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
}

/// CURLOPT_HEADERFUNCTION: one header line (with its CRLF) per call.
private let httpTransferHeaderCallback: opsctl_curl_data_callback = { data, size, count, context in
    guard let context else { return 0 }
    let transfer = Unmanaged<HTTPTransfer>.fromOpaque(context).takeUnretainedValue()
    return transfer.receiveHeader(UnsafeRawBufferPointer(start: data, count: size * count))
}
