import CCurl

/// A URL taken apart by libcurl's own parser (curl_url), so what we redact or rewrite is
/// exactly what libcurl will connect to.
struct CurlURL {
    var scheme: String?
    var user: String?
    var password: String?
    var host: String?
    var port: Int?

    init?(_ url: String) {
        guard let handle = curl_url() else { return nil }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, url, 0) == CURLUE_OK else { return nil }
        scheme = Self.part(handle, CURLUPART_SCHEME)
        user = Self.part(handle, CURLUPART_USER, flags: UInt32(CURLU_URLDECODE))
        password = Self.part(handle, CURLUPART_PASSWORD, flags: UInt32(CURLU_URLDECODE))
        host = Self.part(handle, CURLUPART_HOST)
        port = Self.part(handle, CURLUPART_PORT, flags: UInt32(CURLU_DEFAULT_PORT)).flatMap { Int($0) }
    }

    /// `url` without `user:password@`; a URL libcurl cannot parse has everything before
    /// the last `@` of its authority masked instead.
    static func withoutCredentials(_ url: String) -> String {
        guard let handle = curl_url() else { return maskedAuthority(url) }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, url, 0) == CURLUE_OK else { return maskedAuthority(url) }
        if part(handle, CURLUPART_USER) == nil && part(handle, CURLUPART_PASSWORD) == nil { return url }
        _ = curl_url_set(handle, CURLUPART_USER, nil, 0)
        _ = curl_url_set(handle, CURLUPART_PASSWORD, nil, 0)
        return part(handle, CURLUPART_URL) ?? maskedAuthority(url)
    }

    /// `url` with its host replaced (for TLS server-name overrides).
    static func replacingHost(_ url: String, with host: String) -> String? {
        guard let handle = curl_url() else { return nil }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, url, 0) == CURLUE_OK,
              curl_url_set(handle, CURLUPART_HOST, host, 0) == CURLUE_OK else { return nil }
        return part(handle, CURLUPART_URL)
    }

    private static func part(_ handle: OpaquePointer, _ which: CURLUPart, flags: UInt32 = 0) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, which, &value, flags) == CURLUE_OK, let value else { return nil }
        defer { curl_free(value) }
        return String(cString: value)
    }

    private static func maskedAuthority(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return url }
        return String(url[..<schemeEnd.upperBound]) + "***" + String(rest[at...])
    }
}
