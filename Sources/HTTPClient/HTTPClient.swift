/// An HTTP and TCP client over libcurl: any number of concurrent requests, all driven by
/// one thread through one libcurl multi handle, each with its own deadline. A cancelled
/// task's request is dropped at once. One client per process is the intended use.
public final class HTTPClient: Sendable {
    private let loop: TransferLoop

    /// `maxConcurrent`: transfers running at once; more wait in order (their timeout runs).
    public init(maxConcurrent: Int = 64) {
        loop = TransferLoop(maxConcurrent: maxConcurrent)
    }

    deinit { loop.shutdown() }

    /// Sends `request` and returns the response (any status), or why there was none.
    public func send(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse {
        let deadline = ContinuousClock.now + request.timeout
        return try await run { resume in HTTPTransfer(request: request, deadline: deadline, resume: resume) }
    }

    /// Connects (with TLS if `request.tls`), sends `request.send`, and reads until
    /// `request.until` says done, `readLimit` bytes, the peer closes, or the timeout
    /// (a timeout before `until` said done is an error).
    public func exchange(_ request: TCPRequest) async throws(HTTPClientError) -> TCPResponse {
        let deadline = ContinuousClock.now + request.timeout
        return try await run { resume in TCPTransfer(request: request, deadline: deadline, resume: resume) }
    }

    private func run<Value: Sendable>(
        _ make: (@escaping @Sendable (Result<Value, HTTPClientError>) -> Void) -> Transfer
    ) async throws(HTTPClientError) -> Value {
        let loop = self.loop
        let box = TransferBox()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<Value, HTTPClientError>, Never>) in
                let transfer = make { continuation.resume(returning: $0) }
                box.set(transfer)
                if Task.isCancelled {
                    continuation.resume(returning: .failure(.cancelledByCaller))
                } else if !loop.submit(transfer) {
                    continuation.resume(returning: .failure(.clientShutDown))
                }
            }
        } onCancel: {
            if let transfer = box.get() { loop.cancel(transfer) }
        }
        return try result.get()
    }
}
