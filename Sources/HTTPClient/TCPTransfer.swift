#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CCurl

/// One TCP exchange on the loop: libcurl connects (and does the TLS handshake for
/// `tls`) with CURLOPT_CONNECT_ONLY; then the loop sends and reads on the connection
/// with curl_easy_send / curl_easy_recv, never blocking, waiting on the socket in the
/// same poll as every other transfer. The request's `send` and `until` are a dialogue of
/// one turn; a `dialogue` may send again after each read.
final class TCPTransfer: Transfer {
    typealias Outcome = Result<TCPResponse, HTTPClientError>

    let request: TCPRequest
    let deadline: ContinuousClock.Instant
    private let resume: @Sendable (Outcome) -> Void
    private(set) var easy: UnsafeMutableRawPointer?
    private let resources = TransferResources()
    private var outcome: Outcome?

    private enum Phase { case connecting, sending, reading, done }
    private var phase = Phase.connecting
    private var socket: Int32 = -1
    /// Bytes of the dialogue's chunks taken but not written yet, and how far they are written.
    private var outgoing: [UInt8] = []
    private var sent = 0
    /// Chunks of the dialogue's turns taken into `outgoing` so far.
    private var chunksTaken = 0
    /// The last turn said done: once `outgoing` is written the exchange ends.
    private var dialogueDone = false
    private var didRead = false
    private var received: [UInt8] = []
    private var startedAt: ContinuousClock.Instant?
    private var connectedAt: ContinuousClock.Instant?
    private var firstByteAt: ContinuousClock.Instant?
    private var connectTimings = PhaseTimings.zero
    private var certificate: CertificateFacts?

    init(request: TCPRequest, deadline: ContinuousClock.Instant, resume: @escaping @Sendable (Outcome) -> Void) {
        self.request = request
        self.deadline = deadline
        self.resume = resume
    }

    func prepare(now: ContinuousClock.Instant) -> HTTPClientError? {
        if let problem = Self.problem(in: request) {
            return HTTPClientError(kind: .invalidRequest, message: problem)
        }
        guard let handle = curl_easy_init() else {
            return HTTPClientError(kind: .network, message: "libcurl could not create a handle (out of memory)")
        }
        easy = handle
        startedAt = now
        var options = CurlOptions(handle: handle)
        options.setCommon(deadline: deadline, now: now, ipVersion: request.ipVersion, tls: request.tls,
                          errorBuffer: resources.errorBuffer)
        let host = request.host.contains(":") ? "[\(request.host)]" : request.host
        options.set(CURLOPT_URL, "\(request.tls == nil ? "http" : "https")://\(host):\(request.port)/")
        options.set(CURLOPT_CONNECT_ONLY, 1)
        if let tls = request.tls {
            options.set(CURLOPT_SSL_ENABLE_ALPN, false)   // raw TLS, no HTTP protocol negotiation
            if let serverName = tls.serverName, serverName != request.host {
                // SNI and the name check come from the URL's host: connect to the real one.
                options.set(CURLOPT_URL, "https://\(serverName):\(request.port)/")
                resources.connectTo = curl_slist_append(nil, "\(serverName):\(request.port):\(host):\(request.port)")
                options.set(CURLOPT_CONNECT_TO, list: resources.connectTo)
            }
        }
        if options.failure != CURLE_OK {
            return HTTPClientError(kind: .invalidRequest,
                                   message: "libcurl rejected an option: \(String(cString: curl_easy_strerror(options.failure)))")
        }
        return nil
    }

    static func problem(in request: TCPRequest) -> String? {
        if request.host.isEmpty { return "the host is empty" }
        if request.host.contains(where: { "/@?#[] \t\r\n".contains($0) }) {
            return "the host \"\(request.host)\" is not a host name or IP address"
        }
        if !(1...65535).contains(request.port) { return "the port \(request.port) is not in 1-65535" }
        if request.timeout <= .zero { return "the timeout must be positive" }
        if request.readLimit < 0 { return "readLimit must not be negative" }
        return nil
    }

    var waitingSocket: (socket: Int32, events: Int16)? {
        switch phase {
        case .sending: return (socket, Int16(POLLOUT))
        case .reading: return (socket, Int16(POLLIN))
        case .connecting, .done: return nil
        }
    }

    func curlFinished(_ code: CURLcode, now: ContinuousClock.Instant) -> Bool {
        guard let easy else { return true }
        let info = CurlInfo(handle: easy)
        connectTimings = info.timings()
        guard code == CURLE_OK else {
            let message = CurlErrorKind.message(code: code, errorBuffer: resources.errorBuffer)
            outcome = .failure(HTTPClientError(kind: CurlErrorKind.kind(of: code, message: message),
                                               message: message, timings: timings(now: now)))
            return true
        }
        if request.tls != nil { certificate = CertificateChainReader.facts(info.certificateChain()) }
        guard let socket = info.activeSocket() else {
            outcome = .failure(HTTPClientError(kind: .network, message: "libcurl connected but has no socket",
                                               timings: timings(now: now)))
            return true
        }
        self.socket = socket
        connectedAt = now
        takeTurn()
        phase = .sending
        return service(now: now)
    }

    func service(now: ContinuousClock.Instant) -> Bool {
        guard let easy else { return true }
        var buffer: [UInt8] = []
        while true {
            if phase == .sending {
                while sent < outgoing.count {
                    var written = 0
                    let code = outgoing[sent...].withUnsafeBytes { curl_easy_send(easy, $0.baseAddress, $0.count, &written) }
                    if code == CURLE_AGAIN { return expireIfLate(now: now) }
                    if code != CURLE_OK { return fail(code, now: now) }
                    sent += written
                }
                outgoing.removeAll(keepingCapacity: true)
                sent = 0
                if dialogueDone { return finish(didRead ? .matched : .notRead, now: now) }
                phase = .reading
                didRead = true
            }
            guard phase == .reading else { return true }
            if buffer.isEmpty { buffer = [UInt8](repeating: 0, count: 16 * 1024) }
            let room = request.readLimit - received.count
            if room <= 0 { return finish(.limit, now: now) }
            var count = 0
            let code = buffer.withUnsafeMutableBytes { curl_easy_recv(easy, $0.baseAddress, min(room, $0.count), &count) }
            if code == CURLE_AGAIN { return expireIfLate(now: now) }
            if code != CURLE_OK {
                // A peer that closes a TLS session without close_notify is a close, not a failure.
                if code == CURLE_RECV_ERROR && !received.isEmpty { return finish(.closed, now: now) }
                return fail(code, now: now)
            }
            if count == 0 { return finish(.closed, now: now) }
            if firstByteAt == nil { firstByteAt = now }
            received.append(contentsOf: buffer[0..<count])
            takeTurn()
            if dialogueDone || !outgoing.isEmpty { phase = .sending }
        }
    }

    /// Asks the dialogue (or the request's `send` and `until`) what comes next, and queues
    /// the chunks not taken yet.
    private func takeTurn() {
        let turn: TCPTurn
        if let dialogue = request.dialogue {
            turn = dialogue(received)
        } else {
            // `until` is asked only about something received; without it nothing is read.
            let done = request.until.map { until in !received.isEmpty && until(received) } ?? true
            turn = TCPTurn(sends: request.send.map { [$0] } ?? [], done: done)
        }
        if turn.sends.count > chunksTaken {
            for chunk in turn.sends[chunksTaken...] { outgoing.append(contentsOf: chunk) }
            chunksTaken = turn.sends.count
        }
        dialogueDone = turn.done
    }

    private func expireIfLate(now: ContinuousClock.Instant) -> Bool {
        guard now >= deadline else { return false }
        let what = phase == .sending ? "sending" : "waiting for the reply"
        outcome = .failure(HTTPClientError(
            kind: .timeout,
            message: "timed out after \(request.timeout) \(what) (\(received.count) bytes received)",
            timings: timings(now: now)))
        phase = .done
        return true
    }

    private func fail(_ code: CURLcode, now: ContinuousClock.Instant) -> Bool {
        let message = CurlErrorKind.message(code: code, errorBuffer: resources.errorBuffer)
        outcome = .failure(HTTPClientError(kind: CurlErrorKind.kind(of: code, message: message),
                                           message: message, timings: timings(now: now)))
        phase = .done
        return true
    }

    private func finish(_ end: TCPResponse.End, now: ContinuousClock.Instant) -> Bool {
        outcome = .success(TCPResponse(received: received, timings: timings(now: now),
                                       certificate: certificate, end: end))
        phase = .done
        return true
    }

    /// libcurl's resolve/connect/TLS phases, then ours: processing until the first byte,
    /// transfer until the end.
    private func timings(now: ContinuousClock.Instant) -> PhaseTimings {
        var result = connectTimings
        result.processing = 0
        result.transfer = 0
        if let connectedAt {
            result.processing = ((firstByteAt ?? now) - connectedAt).seconds
            if let firstByteAt { result.transfer = (now - firstByteAt).seconds }
        }
        if let startedAt { result.total = max(result.total, (now - startedAt).seconds) }
        return result
    }

    func abandon(_ error: HTTPClientError) {
        var error = error
        error.timings = timings(now: .now)
        outcome = .failure(error)
        phase = .done
    }

    func complete() {
        if let easy { curl_easy_cleanup(easy) }
        easy = nil
        resume(outcome ?? .failure(HTTPClientError(kind: .cancelled, message: "the exchange ended without a result")))
    }
}
