/// Turns libcurl's CURLINFO_CERTINFO lines ("Subject:CN = x", "Expire date:Jan  2 ...")
/// into `CertificateFacts`: the earliest expiry over the chain, the leaf's subject and issuer.
enum CertificateChainReader {
    static func facts(_ chain: [[String]]) -> CertificateFacts? {
        guard let leaf = chain.first else { return nil }
        let expiries = chain.compactMap { field("Expire date", in: $0).flatMap(CertificateDate.unixSeconds) }
        guard let earliest = expiries.min() else { return nil }
        return CertificateFacts(
            earliestExpiry: earliest,
            subject: field("Subject", in: leaf) ?? "",
            issuer: field("Issuer", in: leaf) ?? "",
            chainLength: chain.count)
    }

    /// The value of `key` in one certificate's lines (libcurl writes `Key:value`).
    static func field(_ key: String, in lines: [String]) -> String? {
        let prefix = key + ":"
        for line in lines where line.hasPrefix(prefix) {
            return String(line.dropFirst(prefix.count)).trimmingSpaces()
        }
        return nil
    }
}

extension String {
    func trimmingSpaces() -> String {
        // Character.isWhitespace: "\r\n" is one Character, so compare characters, not bytes.
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
