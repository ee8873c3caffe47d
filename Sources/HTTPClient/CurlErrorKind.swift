import CCurl

/// Which `HTTPClientError.Kind` a libcurl result code is.
enum CurlErrorKind {
    static func kind(of code: CURLcode, message: String) -> HTTPClientError.Kind {
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout
        case CURLE_COULDNT_CONNECT:
            // libcurl uses one code for every failed connect; a refusal is the common one,
            // an unreachable network is not a refusal.
            let lower = message.lowercased()
            if lower.contains("unreachable") || lower.contains("no route") { return .network }
            return .refused
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .dns
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CIPHER, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
             CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CRL_BADFILE,
             CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS,
             CURLE_SSL_SHUTDOWN_FAILED, CURLE_USE_SSL_FAILED, CURLE_SSL_CLIENTCERT:
            return .tls
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_BAD_FUNCTION_ARGUMENT,
             CURLE_NOT_BUILT_IN:
            return .invalidRequest
        case CURLE_TOO_MANY_REDIRECTS:
            return .tooManyRedirects
        default:
            return .network
        }
    }

    /// libcurl's message for the transfer: its error buffer, or the code's generic text.
    static func message(code: CURLcode, errorBuffer: UnsafePointer<CChar>) -> String {
        let detail = String(cString: errorBuffer).trimmingSpaces()
        if !detail.isEmpty { return detail }
        return String(cString: curl_easy_strerror(code))
    }
}
