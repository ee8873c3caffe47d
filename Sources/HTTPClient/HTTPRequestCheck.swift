/// What makes an `HTTPRequest` unsendable, found before libcurl sees it: a method that is
/// not an HTTP token, a header that would split the request (CR, LF, NUL), a bad limit.
enum HTTPRequestCheck {
    static func problem(in request: HTTPRequest) -> String? {
        if request.url.isEmpty { return "the URL is empty" }
        if request.method.isEmpty || !request.method.utf8.allSatisfy(isTokenByte) {
            return "the method \"\(request.method)\" is not an HTTP token"
        }
        for header in request.headers {
            if header.name.isEmpty || !header.name.utf8.allSatisfy(isTokenByte) {
                return "the header name \"\(header.name)\" is not an HTTP token"
            }
            if header.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) {
                return "the value of header \(header.name) contains CR, LF or NUL"
            }
        }
        if request.timeout <= .zero { return "the timeout must be positive" }
        if request.maxBodyBytes < 0 { return "maxBodyBytes must not be negative" }
        return nil
    }

    /// RFC 9110 tchar.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
