/// What a TCP exchange got.
public struct TCPResponse: Sendable {
    /// Why the read ended.
    public enum End: String, Sendable, Hashable {
        /// `TCPRequest.until` was nil (or the dialogue was done before reading): nothing was read.
        case notRead
        /// `until` returned true (or the dialogue said done).
        case matched
        /// `readLimit` bytes arrived before `until` said done.
        case limit
        /// The peer closed the connection before `until` said done.
        case closed
    }

    /// The bytes received, at most `readLimit`.
    public var received: [UInt8]
    public var timings: PhaseTimings
    /// The peer's certificate chain, when TLS was used.
    public var certificate: CertificateFacts?
    public var end: End

    public init(received: [UInt8], timings: PhaseTimings, certificate: CertificateFacts?, end: End) {
        self.received = received
        self.timings = timings
        self.certificate = certificate
        self.end = end
    }
}
