/// `HOST:PORT` for a server to listen on: `127.0.0.1:9187`, `[::1]:9187`, `:9187` (all interfaces).
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let text: String
        public var description: String {
            "invalid listen address '\(text)' (expected HOST:PORT, e.g. 0.0.0.0:9187 or [::1]:9187)"
        }
    }

    public init(parsing text: String) throws {
        guard let colon = text.lastIndex(of: ":") else { throw Failure(text: text) }
        var host = String(text[..<colon])
        let portText = text[text.index(after: colon)...]
        guard let port = Int(portText), (0...65535).contains(port) else { throw Failure(text: text) }
        if host.hasPrefix("[") && host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
        } else if host.contains(":") {
            throw Failure(text: text)
        }
        self.host = host.isEmpty ? "0.0.0.0" : host
        self.port = port
    }

    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
