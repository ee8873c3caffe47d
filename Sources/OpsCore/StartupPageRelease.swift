import Logging
import ServiceLifecycle

/// Releases the pages start-up alone touched (`StartupPages`) and says so in the log. Every
/// sidecar does it once listening; the exporter does it at three points, so that no two stages' one-off pages are ever resident
/// together (which is what sets the peak): once its configuration is read (the loader, the
/// runtime's set-up, argument and YAML parsing), when the server starts listening (NIO and
/// Hummingbird set-up), and after the first collection that reaches the database (the first
/// connection, the first queries).
public enum StartupPageRelease {
    public static func run(after moment: String, logger: Logger) {
        guard let release = StartupPages.release() else { return }
        logger.info("released start-up pages", metadata: [
            "after": "\(moment)",
            "mappings": "\(release.mappings)",
            "resident_kib": "\(release.residentBytes / 1024)",
        ])
    }

    /// A service that releases start-up's pages once more when `ready()` first says so (the
    /// prober: its first probe has ended), checked every `interval`, or at the latest after
    /// `deadline`; then it waits for the shutdown (a service that returned would end the group).
    ///
    /// The first piece of real work runs much code only once: type metadata instantiated (and the
    /// runtime's demangler that finds it), lazy globals, the first connection's set-up. Released
    /// after it, the pages come back only where later work runs them.
    public struct Service: ServiceLifecycle.Service {
        let interval: Duration
        let deadline: Duration
        let ready: @Sendable () async -> Bool
        let release: @Sendable () -> Void

        public init(after moment: String, logger: Logger, every interval: Duration = .milliseconds(250),
                    atTheLatest deadline: Duration = .seconds(60), when ready: @escaping @Sendable () async -> Bool) {
            self.init(every: interval, atTheLatest: deadline, when: ready) {
                StartupPageRelease.run(after: moment, logger: logger)
            }
        }

        init(every interval: Duration, atTheLatest deadline: Duration, when ready: @escaping @Sendable () async -> Bool,
             release: @escaping @Sendable () -> Void) {
            self.interval = interval
            self.deadline = deadline
            self.ready = ready
            self.release = release
        }

        public func run() async throws {
            await cancelWhenGracefulShutdown { await releaseWhenReady() }
            try? await gracefulShutdown()
        }

        /// Waits for `ready()` (or the deadline), then releases; returns at once if cancelled.
        func releaseWhenReady() async {
            let clock = ContinuousClock()
            let end = clock.now.advanced(by: deadline)
            while !Task.isCancelled {
                if await ready() || clock.now >= end {
                    release()
                    return
                }
                do { try await Task.sleep(for: interval) } catch { return }   // shutdown
            }
        }
    }
}
