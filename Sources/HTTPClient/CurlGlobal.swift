import CCurl

/// `curl_global_init`, exactly once per process, before the first handle. A Swift global
/// is initialized once and thread-safely, which is what libcurl asks of its callers.
enum CurlGlobal {
    private static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    /// Makes sure libcurl is initialized; false if it could not be (out of memory).
    static func ensure() -> Bool { initialized }
}
