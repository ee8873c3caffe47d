import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// What a route sees of a request: only what opsctl's servers need.
public struct HTTPRequestInfo: Sendable {
    public var path: String
    public var accept: String?
    /// Decoded query parameters (`?a=1&b=x`); a name given twice keeps the last value.
    /// A bare `?verbose` is present with the empty string.
    public var query: [String: String]
    /// Path parameters of the route (`/v1/quota/users/:user` gives `user`).
    public var parameters: [String: String]
    /// Request headers by lower-cased name (read them with `header(_:)`); a name sent twice
    /// keeps its values joined with ", " as HTTP allows.
    public var headers: [String: String]

    public init(path: String, accept: String? = nil, query: [String: String] = [:], parameters: [String: String] = [:],
                headers: [String: String] = [:]) {
        self.path = path
        self.accept = accept
        self.query = query
        self.parameters = parameters
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { "\($0), \($1)" })
    }

    /// For the server, whose header names are lower-cased already (`HTTPField.Name.canonicalName`):
    /// lower-casing them again was ~1.7% of a `/probe`'s CPU with the response (perf, 2026-12-01).
    init(path: String, accept: String?, query: [String: String], parameters: [String: String], lowercasedHeaders: [String: String]) {
        self.path = path
        self.accept = accept
        self.query = query
        self.parameters = parameters
        self.headers = lowercasedHeaders
    }

    /// The value of the header `name`, whatever its case (`X-Prometheus-Scrape-Timeout-Seconds`).
    public func header(_ name: String) -> String? {
        headers[name.lowercased()]
    }
}

/// A plain reply: status, content type, body text.
public struct HTTPReply: Sendable {
    public var status: Int
    public var contentType: String
    public var body: String

    public init(status: Int = 200, contentType: String = "text/plain; charset=utf-8", body: String) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}

/// One GET route.
public struct HTTPRoute: Sendable {
    public var path: String
    /// Run the handler on the NIO event loop that reads and writes its connection instead of
    /// Swift's global executor: two thread hand-offs fewer a request. Only for a handler that
    /// never blocks its thread (the prober's `/probe`, whose waits are all `await`s).
    public var onEventLoop: Bool
    public var handler: @Sendable (HTTPRequestInfo) async -> HTTPReply

    public init(_ path: String, onEventLoop: Bool = false, handler: @escaping @Sendable (HTTPRequestInfo) async -> HTTPReply) {
        self.path = path
        self.onEventLoop = onEventLoop
        self.handler = handler
    }
}

/// The small HTTP server every opsctl sidecar uses: GET routes over Hummingbird 2, run as a
/// swift-service-lifecycle `Service` so that SIGTERM drains it cleanly.
public enum HTTPServer {
    /// Builds the server. `onListening` receives the bound port (useful with port 0).
    /// When a route runs on the event loop (`HTTPRoute.onEventLoop`), the connections' tasks
    /// run on their channels' NIO event loops (Hummingbird's connection tasks inherit the
    /// application's task executor preference) and the other routes' handlers go to the
    /// global executor as they otherwise do.
    public static func make(
        listen: ListenAddress,
        routes: [HTTPRoute],
        logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some Service {
        let group = EventLoopGroupProvider.singleton.eventLoopGroup
        let onLoops = routes.contains { $0.onEventLoop }
        let router = Router()
        for route in routes {
            router.get(RouterPath(route.path)) { request, context -> Response in
                var query: [String: String] = [:]
                for (name, value) in request.uri.queryParameters {
                    query[String(name)] = String(value)
                }
                var parameters: [String: String] = [:]
                for (name, value) in context.parameters {
                    parameters[String(name)] = String(value)
                }
                var requestHeaders: [String: String] = [:]
                for field in request.headers {
                    let name = field.name.canonicalName
                    requestHeaders[name] = requestHeaders[name].map { "\($0), \(field.value)" } ?? field.value
                }
                let info = HTTPRequestInfo(path: request.uri.path, accept: request.headers[.accept],
                                           query: query, parameters: parameters, lowercasedHeaders: requestHeaders)
                let reply: HTTPReply
                if route.onEventLoop {
                    // The connection task runs on its channel's loop already (the preference
                    // around the application, below); pinning it to that loop brings the
                    // handler's resumptions (e.g. from libcurl's thread) back to the loop that
                    // writes the response.
                    reply = await withTaskExecutorPreference(EventLoopTaskExecutor(group: group, loop: group.any())) {
                        await route.handler(info)
                    }
                } else if onLoops {
                    reply = await withTaskExecutorPreference(globalConcurrentExecutor) { await route.handler(info) }
                } else {
                    reply = await route.handler(info)
                }
                var headers = HTTPFields()
                headers[.contentType] = reply.contentType
                return Response(
                    status: HTTPResponse.Status(code: reply.status),
                    headers: headers,
                    body: ResponseBody(byteBuffer: ByteBuffer(string: reply.body))
                )
            }
        }
        let application = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(listen.host, port: listen.port)),
            onServerRunning: { channel in
                await onListening(channel.localAddress?.port ?? listen.port)
            },
            logger: logger
        )
        return EventLoopPreferringService(inner: application,
                                          executor: onLoops ? EventLoopTaskExecutor(group: group) : nil)
    }
}

/// Runs `inner` with a task executor preference (its child tasks, one per connection,
/// inherit it), or plainly when `executor` is nil.
struct EventLoopPreferringService<Inner: Service>: Service {
    let inner: Inner
    let executor: EventLoopTaskExecutor?

    func run() async throws {
        try await withTaskExecutorPreference(executor) { try await inner.run() }
    }
}
