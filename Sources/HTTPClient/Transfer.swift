import CCurl

/// One unit of work the transfer loop drives: an easy handle plus what to do with it.
/// Every method is called on the loop thread only.
protocol Transfer: AnyObject {
    /// The libcurl easy handle (created by `prepare`).
    var easy: UnsafeMutableRawPointer? { get }
    /// When the caller stops waiting.
    var deadline: ContinuousClock.Instant { get }
    /// Creates and configures the easy handle. An error means the transfer never starts.
    func prepare(now: ContinuousClock.Instant) -> HTTPClientError?
    /// libcurl is done with the handle (`code` is its result). Returns true when the
    /// transfer is over; false when it goes on with its own I/O on the connection.
    func curlFinished(_ code: CURLcode, now: ContinuousClock.Instant) -> Bool
    /// For a transfer doing its own I/O: the socket and poll events it waits for.
    var waitingSocket: (socket: Int32, events: Int16)? { get }
    /// Does the transfer's own I/O without blocking. Returns true when it is over.
    func service(now: ContinuousClock.Instant) -> Bool
    /// Ends the transfer with `error` instead of its own result (cancelled, shut down,
    /// past its deadline before it started).
    func abandon(_ error: HTTPClientError)
    /// Frees the easy handle (after the loop removed it from the multi handle) and resumes
    /// the caller with the result. Called exactly once.
    func complete()
}

/// A request's small C allocations that must live as long as its easy handle.
final class TransferResources {
    let errorBuffer: UnsafeMutablePointer<CChar>
    var headerList: UnsafeMutablePointer<curl_slist>?
    var connectTo: UnsafeMutablePointer<curl_slist>?

    init() {
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    func append(header line: String) {
        headerList = curl_slist_append(headerList, line)
    }

    deinit {
        curl_slist_free_all(headerList)
        curl_slist_free_all(connectTo)
        errorBuffer.deallocate()
    }
}

extension ContinuousClock.Instant {
    /// Whole milliseconds from now to this instant, at least 1 (libcurl reads 0 as "no limit").
    func millisecondsLeft(from now: ContinuousClock.Instant) -> Int {
        let (seconds, attoseconds) = (self - now).components
        let millis = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return Int(max(1, millis))
    }
}

extension Duration {
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}
