/// The secrets of one request (URL user and password, Authorization / Proxy-Authorization /
/// Cookie header values), masked out of any text before it leaves the module in an error.
struct SecretMask: Sendable {
    static let mask = "***"
    private var secrets: [String] = []

    init(url: String, headers: [HTTPHeader]) {
        if let parts = CurlURL(url) {
            add(parts.password)
            add(parts.user)
        }
        for header in headers where Self.secretHeaders.contains(header.name.lowercased()) {
            add(header.value)
            // "Bearer TOKEN": the token alone can appear too.
            if let space = header.value.firstIndex(of: " ") {
                add(String(header.value[header.value.index(after: space)...]).trimmingSpaces())
            }
        }
    }

    private static let secretHeaders: Set<String> = ["authorization", "proxy-authorization", "cookie", "x-api-key"]

    private mutating func add(_ secret: String?) {
        // Very short values ("a") would mask half a message; they are not credentials worth the damage.
        guard let secret, secret.count >= 3, !secrets.contains(secret) else { return }
        secrets.append(secret)
        secrets.sort { $0.count > $1.count }
    }

    func scrub(_ text: String) -> String {
        var result = text
        for secret in secrets { result = result.replacing(secret, with: Self.mask) }
        return result
    }
}
