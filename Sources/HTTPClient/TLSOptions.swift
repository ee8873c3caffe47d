/// How the TLS session of a request is set up and checked.
public struct TLSOptions: Sendable, Hashable {
    /// Verify the peer's chain and that it names the host. Off: any certificate is accepted
    /// (its facts are still reported).
    public var verify: Bool = true
    /// A PEM file of CA certificates to trust instead of the system store.
    public var caFile: String?
    /// A PEM client certificate, for servers that ask for one.
    public var certFile: String?
    /// The PEM private key of `certFile`.
    public var keyFile: String?
    /// The name sent as SNI and checked against the certificate, when it differs from the
    /// host of the URL (the connection still goes to the URL's host and port; the HTTP Host
    /// header keeps the URL's host).
    public var serverName: String?

    public init(verify: Bool = true, caFile: String? = nil, certFile: String? = nil,
                keyFile: String? = nil, serverName: String? = nil) {
        self.verify = verify
        self.caFile = caFile
        self.certFile = certFile
        self.keyFile = keyFile
        self.serverName = serverName
    }
}
