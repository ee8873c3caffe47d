/// Where the time of a request went, in seconds, in blackbox_exporter's phases
/// (`probe_http_duration_seconds{phase=...}`). Computed from libcurl's CURLINFO_*_TIME_T
/// marks; with redirects, each phase is the sum over all hops (libcurl adds them up).
/// A phase that did not happen (no TLS on http://, no DNS for an IP literal beyond
/// libcurl's bookkeeping) is 0.
public struct PhaseTimings: Sendable, Hashable {
    /// Name resolution (CURLINFO_NAMELOOKUP_TIME_T).
    public var resolve: Double
    /// TCP connect, after resolution (CONNECT - NAMELOOKUP).
    public var connect: Double
    /// TLS handshake (APPCONNECT - CONNECT); 0 without TLS.
    public var tls: Double
    /// HTTP: request sent until the first response byte (STARTTRANSFER - PRETRANSFER).
    /// TCP exchange: connection ready until the first byte received.
    public var processing: Double
    /// HTTP: first response byte until the end (TOTAL - STARTTRANSFER).
    /// TCP exchange: first byte received until the read ended.
    public var transfer: Double
    /// Everything, from the start of the transfer to its end (CURLINFO_TOTAL_TIME_T for HTTP).
    public var total: Double

    public init(resolve: Double = 0, connect: Double = 0, tls: Double = 0,
                processing: Double = 0, transfer: Double = 0, total: Double = 0) {
        self.resolve = resolve
        self.connect = connect
        self.tls = tls
        self.processing = processing
        self.transfer = transfer
        self.total = total
    }

    public static let zero = PhaseTimings()
}
