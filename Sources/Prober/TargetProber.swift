/// What every probe module conforms to (blackbox_exporter's `ProbeFn`): probe one target
/// within a timeout and describe the outcome. A prober never throws and never formats:
/// every failure is a `ProbeResult` with a reason; the endpoints and commands render it.
public protocol TargetProber: Sendable {
    /// Checks that `target` has the shape this prober needs (a URL, `host:port`, a
    /// connection string), so a malformed one is refused before anything is sent.
    static func validate(target: String) throws(TargetError)

    /// Probes `target`. Must return by `timeout` (the caller also enforces it).
    func probe(target: String, timeout: Duration, log: ProbeLog) async -> ProbeResult

    /// True when `probe` itself returns by `timeout` and soon after its task is cancelled
    /// (the http and tcp probers: libcurl's `CURLOPT_TIMEOUT_MS` and the HTTP client's own
    /// deadline), so the caller need not race it against a timer (`ProbeDeadline`).
    var endsByItsTimeout: Bool { get }
}

extension TargetProber {
    public var endsByItsTimeout: Bool { false }
}

/// A target or request a prober cannot use (400 on `/probe`, exit 2 for `opsctl probe`).
public struct TargetError: Error, Sendable, CustomStringConvertible, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
