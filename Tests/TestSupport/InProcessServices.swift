import Logging
import ServiceLifecycle

/// A sidecar's services run in-process, in one ServiceGroup as its command runs them, for the
/// tests: `start` returns once every named listener has reported the port it bound, `stop`
/// shuts the group down gracefully and waits for it.
public final class InProcessServices: Sendable {
    /// Listener name -> the port it bound.
    public let ports: [String: Int]
    private let group: ServiceGroup
    private let task: Task<Void, Error>

    /// `services` builds the group's services; each listener among them calls `report(name, port)`
    /// once listening. Throws if the group ends before every name in `listeners` reported.
    public static func start(listeners: Set<String>, logger: Logger,
                             _ services: (_ report: @escaping @Sendable (String, Int) -> Void) -> [any Service]) async throws
        -> InProcessServices {
        let (reports, continuation) = AsyncStream.makeStream(of: (String, Int).self)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: services { continuation.yield(($0, $1)) }.map { .init(service: $0) }, logger: logger))
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        var ports: [String: Int] = [:]
        for await (name, port) in reports {
            ports[name] = port
            if listeners.isSubset(of: ports.keys) { break }
        }
        guard listeners.isSubset(of: ports.keys) else {
            throw TestDatabaseError(message: "the services stopped before listening on \(listeners.subtracting(ports.keys).sorted())")
        }
        return InProcessServices(ports: ports, group: group, task: task)
    }

    private init(ports: [String: Int], group: ServiceGroup, task: Task<Void, Error>) {
        self.ports = ports
        self.group = group
        self.task = task
    }

    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }
}
