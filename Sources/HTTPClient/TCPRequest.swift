/// A raw TCP (optionally TLS) exchange: connect, send, read until a condition; or, with
/// `dialogue`, a conversation in which what is sent depends on what was read.
public struct TCPRequest: Sendable {
    /// Host name or IP literal (IPv6 without brackets is fine).
    public var host: String
    public var port: Int
    /// TLS on the connection (nil: plain TCP).
    public var tls: TLSOptions?
    /// Bytes to send once connected.
    public var send: [UInt8]?
    /// Connect, TLS, send and read together.
    public var timeout: Duration
    public var ipVersion: IPVersion = .any
    /// Bytes kept; reading stops once this many arrived.
    public var readLimit: Int = 64 * 1024
    /// Called with everything received so far after each read; `true` ends the read.
    /// nil: nothing is read (a connect / send-only check). Runs on the client's loop
    /// thread: keep it quick.
    public var until: (@Sendable ([UInt8]) -> Bool)?
    /// A conversation, replacing `send` and `until`: called once connected (with nothing
    /// received) and after each read with everything received so far; its turn says what
    /// should have been sent by then and whether the exchange is over. Runs on the client's
    /// loop thread: keep it quick.
    public var dialogue: (@Sendable ([UInt8]) -> TCPTurn)?

    public init(host: String, port: Int, tls: TLSOptions? = nil, send: [UInt8]? = nil, timeout: Duration,
                ipVersion: IPVersion = .any, readLimit: Int = 64 * 1024,
                until: (@Sendable ([UInt8]) -> Bool)? = nil, dialogue: (@Sendable ([UInt8]) -> TCPTurn)? = nil) {
        self.host = host
        self.port = port
        self.tls = tls
        self.send = send
        self.timeout = timeout
        self.ipVersion = ipVersion
        self.readLimit = readLimit
        self.until = until
        self.dialogue = dialogue
    }
}
