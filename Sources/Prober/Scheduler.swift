import Logging
import ServiceLifecycle

/// Runs every check on its own interval, with jitter, at most `maxInFlight` probes at once,
/// each cancelled at its timeout; results go to the cache. A `Service`: graceful shutdown
/// (SIGTERM) stops the loops and turns queued probes away.
///
/// A check's first run starts within its jitter (at most 1 s) after start-up, so /readyz
/// can turn ready soon after the pod starts; each later run starts one
/// interval ± half the jitter after the previous run started (a run that waited for a slot
/// or timed out does not shift the schedule further).
public final class Scheduler: Service, Sendable {
    public let checks: [Check]
    public let cache: ResultCache
    let limit: InFlightLimit
    private let factory: ProberFactory
    private let logger: Logger

    init(checks: [Check], factory: ProberFactory, limit: InFlightLimit, logger: Logger) {
        self.checks = checks
        self.cache = ResultCache(checks: checks)
        self.factory = factory
        self.limit = limit
        self.logger = logger
    }

    public func run() async throws {
        guard !checks.isEmpty else {
            // Nothing scheduled (a prober serving only /probe): stay up until shutdown, or the
            // service group would stop the server with this service.
            try? await gracefulShutdown()
            await limit.close()
            return
        }
        await withGracefulShutdownHandler {
            await cancelWhenGracefulShutdown {
                await withDiscardingTaskGroup { group in
                    for check in self.checks {
                        group.addTask { await self.loop(check) }
                    }
                }
            }
        } onGracefulShutdown: { [limit] in
            Task { await limit.close() }   // probes waiting for a slot are turned away at once
        }
        await limit.close()
    }

    private func loop(_ check: Check) async {
        let jitter = check.jitter.seconds
        var next = ContinuousClock.now + .milliseconds(Int64(Double.random(in: 0...min(max(jitter, 0.001), 1)) * 1000))
        while !Task.isCancelled {
            do { try await Task.sleep(until: next, clock: .continuous) } catch { return }
            let started = ContinuousClock.now
            guard await limit.acquire() else { return }
            let log = ProbeLog(logger: logger, keepsLines: false)
            let result = await factory.run(check.module, target: check.target, timeout: check.timeout, log: log)
            await limit.release()
            await cache.record(result, for: check.name)
            if result.success {
                logger.debug("check passed", metadata: ["check": "\(check.name)", "seconds": "\(result.duration)"])
            } else {
                logger.warning("check failed", metadata: [
                    "check": "\(check.name)", "target": "\(check.displayTarget)",
                    "reason": "\(result.reason?.rawValue ?? "")", "error": "\(result.message)",
                ])
            }
            let offset = jitter > 0 ? Double.random(in: -jitter / 2...jitter / 2) : 0
            next = started + check.interval + .milliseconds(Int64(offset * 1000))
            if next < ContinuousClock.now { next = ContinuousClock.now }
        }
    }
}
