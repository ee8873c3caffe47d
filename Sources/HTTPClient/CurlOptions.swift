import CCurl

/// Typed calls over the C shim of the variadic `curl_easy_setopt` / `curl_easy_getinfo`.
/// Setting an option can only fail for an unknown option or out of memory; the first
/// failure is kept so a transfer that could not be set up is reported, not run half-set.
struct CurlOptions {
    let handle: UnsafeMutableRawPointer
    private(set) var failure: CURLcode = CURLE_OK

    init(handle: UnsafeMutableRawPointer) { self.handle = handle }

    mutating func set(_ option: CURLoption, _ value: Int) {
        record(opsctl_curl_easy_setopt_long(handle, option, value))
    }

    mutating func set(_ option: CURLoption, _ value: Bool) {
        set(option, value ? 1 : 0)
    }

    mutating func set(_ option: CURLoption, offset value: Int64) {
        record(opsctl_curl_easy_setopt_off(handle, option, curl_off_t(value)))
    }

    /// libcurl copies string options (since 7.17), so a Swift temporary is fine here.
    mutating func set(_ option: CURLoption, _ value: String) {
        record(value.withCString { opsctl_curl_easy_setopt_string(handle, option, $0) })
    }

    mutating func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer?) {
        record(opsctl_curl_easy_setopt_pointer(handle, option, value))
    }

    mutating func set(_ option: CURLoption, list value: UnsafeMutablePointer<curl_slist>?) {
        record(opsctl_curl_easy_setopt_slist(handle, option, value))
    }

    mutating func set(_ option: CURLoption, callback value: opsctl_curl_data_callback) {
        record(opsctl_curl_easy_setopt_callback(handle, option, value))
    }

    private mutating func record(_ code: CURLcode) {
        if failure == CURLE_OK && code != CURLE_OK { failure = code }
    }
}

/// Reading facts of a finished (or failed) transfer.
struct CurlInfo {
    let handle: UnsafeMutableRawPointer

    func long(_ info: CURLINFO) -> Int {
        var value = 0
        return opsctl_curl_easy_getinfo_long(handle, info, &value) == CURLE_OK ? value : 0
    }

    /// A CURLINFO_*_TIME_T mark (microseconds), in seconds.
    func seconds(_ info: CURLINFO) -> Double {
        var value: curl_off_t = 0
        guard opsctl_curl_easy_getinfo_off(handle, info, &value) == CURLE_OK else { return 0 }
        return Double(value) / 1_000_000
    }

    func string(_ info: CURLINFO) -> String? {
        var value: UnsafePointer<CChar>?
        guard opsctl_curl_easy_getinfo_string(handle, info, &value) == CURLE_OK, let value else { return nil }
        return String(cString: value)
    }

    /// The connection's socket (CURLINFO_ACTIVESOCKET), for a CONNECT_ONLY transfer.
    func activeSocket() -> Int32? {
        var socket: curl_socket_t = CURL_SOCKET_BAD
        guard opsctl_curl_easy_getinfo_socket(handle, CURLINFO_ACTIVESOCKET, &socket) == CURLE_OK,
              socket != CURL_SOCKET_BAD else { return nil }
        return socket
    }

    /// libcurl's phase marks turned into blackbox_exporter's phases.
    func timings() -> PhaseTimings {
        let resolved = seconds(CURLINFO_NAMELOOKUP_TIME_T)
        let connected = seconds(CURLINFO_CONNECT_TIME_T)
        let handshaken = seconds(CURLINFO_APPCONNECT_TIME_T)
        let sent = seconds(CURLINFO_PRETRANSFER_TIME_T)
        let firstByte = seconds(CURLINFO_STARTTRANSFER_TIME_T)
        let total = seconds(CURLINFO_TOTAL_TIME_T)
        return PhaseTimings(
            resolve: resolved,
            connect: connected > 0 ? max(0, connected - resolved) : 0,
            tls: handshaken > 0 ? max(0, handshaken - connected) : 0,
            processing: firstByte > 0 ? max(0, firstByte - sent) : 0,
            transfer: firstByte > 0 ? max(0, total - firstByte) : 0,
            total: total)
    }

    /// "1.0", "1.1", "2", "3", or "" before any response.
    func httpVersion() -> String {
        switch long(CURLINFO_HTTP_VERSION) {
        case CURL_HTTP_VERSION_1_0: return "1.0"
        case CURL_HTTP_VERSION_1_1: return "1.1"
        case CURL_HTTP_VERSION_2_0: return "2"
        case CURL_HTTP_VERSION_3: return "3"
        default: return ""
        }
    }

    /// The chain libcurl collected with CURLOPT_CERTINFO, as one list of "Key:value" lines per certificate.
    func certificateChain() -> [[String]] {
        var info: UnsafeMutablePointer<curl_certinfo>?
        guard opsctl_curl_easy_getinfo_certinfo(handle, &info) == CURLE_OK, let info,
              info.pointee.num_of_certs > 0, let lists = info.pointee.certinfo else { return [] }
        var chain: [[String]] = []
        for index in 0..<Int(info.pointee.num_of_certs) {
            var lines: [String] = []
            var node = lists[index]
            while let current = node {
                if let data = current.pointee.data { lines.append(String(cString: data)) }
                node = current.pointee.next
            }
            chain.append(lines)
        }
        return chain
    }
}
