/// What the peer's certificate chain says, from libcurl's CURLINFO_CERTINFO.
public struct CertificateFacts: Sendable, Hashable {
    /// The earliest "Expire date" (notAfter) of any certificate the peer sent, in Unix
    /// seconds: blackbox_exporter's `probe_ssl_earliest_cert_expiry`.
    public var earliestExpiry: Double
    /// The leaf certificate's subject, as libcurl prints it (e.g. `CN = svc.internal`).
    public var subject: String
    /// The leaf certificate's issuer.
    public var issuer: String
    /// How many certificates the peer sent.
    public var chainLength: Int

    public init(earliestExpiry: Double, subject: String, issuer: String, chainLength: Int) {
        self.earliestExpiry = earliestExpiry
        self.subject = subject
        self.issuer = issuer
        self.chainLength = chainLength
    }
}
