import CCurl

extension CurlOptions {
    /// What every transfer sets: its deadline, no signals, no proxy from the environment,
    /// a connection of its own (so each probe times its own connect and handshake), no DNS
    /// cache (so each probe times its own lookup), the address family and the TLS settings.
    mutating func setCommon(deadline: ContinuousClock.Instant, now: ContinuousClock.Instant, ipVersion: IPVersion,
                            tls: TLSOptions?, errorBuffer: UnsafeMutablePointer<CChar>) {
        set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        set(CURLOPT_NOSIGNAL, true)
        let left = deadline.millisecondsLeft(from: now)
        set(CURLOPT_TIMEOUT_MS, left)
        set(CURLOPT_CONNECTTIMEOUT_MS, left)
        set(CURLOPT_PROXY, "")
        set(CURLOPT_FRESH_CONNECT, true)
        set(CURLOPT_DNS_CACHE_TIMEOUT, 0)
        switch ipVersion {
        case .any: set(CURLOPT_IPRESOLVE, Int(CURL_IPRESOLVE_WHATEVER))
        case .v4: set(CURLOPT_IPRESOLVE, Int(CURL_IPRESOLVE_V4))
        case .v6: set(CURLOPT_IPRESOLVE, Int(CURL_IPRESOLVE_V6))
        }
        guard let tls else { return }
        set(CURLOPT_CERTINFO, true)
        set(CURLOPT_SSL_VERIFYPEER, tls.verify)
        set(CURLOPT_SSL_VERIFYHOST, tls.verify ? 2 : 0)
        if let caFile = tls.caFile { set(CURLOPT_CAINFO, caFile) }
        if let certFile = tls.certFile { set(CURLOPT_SSLCERT, certFile) }
        if let keyFile = tls.keyFile { set(CURLOPT_SSLKEY, keyFile) }
    }
}
