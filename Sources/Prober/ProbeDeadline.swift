import Foundation
import OpsCore

/// Runs a probe within its timeout. A prober that ends by its timeout itself
/// (`TargetProber.endsByItsTimeout`: libcurl's) runs as it is. Any other runs under OpsCore's
/// `Deadline`: when the timeout (plus a short grace for the
/// prober's own, more precise timeout) passes, the caller gets a `timeout` result at once
/// and the probe is cancelled and left to end on its own (a libpq call blocked on a dead
/// server ends at its own connect or statement timeout). The caller never waits past the
/// deadline, which is what keeps a hung target from holding a probe slot.
enum ProbeDeadline {
    /// Grace past `timeout` for the prober to report its own, more precise timeout.
    static let grace: Duration = .milliseconds(200)

    static func run(
        prober: any TargetProber, target: String, timeout: Duration, log: ProbeLog
    ) async -> ProbeResult {
        let startedAt = Date()
        let started = ContinuousClock.now
        if prober.endsByItsTimeout {
            // The probe runs in the caller's task: no work task to start and no timer task to
            // start and cancel, so the HTTP client's loop resumes the caller itself. Measured
            // (bench/prober/README.md, 2026-12-01 17:01-17:52): 14-16 -> 9-13 context switches
            // and 0.33 -> 0.26 ms CPU a probe, median latency 0.81 -> 0.72 ms; and after 3 s of 32
            // connections on /probe the work and timer tasks left 16.3 MiB of anonymous memory
            // (still 8 s later) where this path leaves 5.6 MiB.
            // A cancelled caller (shutdown) has its transfer dropped by the client at once.
            let result = await prober.probe(target: target, timeout: timeout, log: log)
            guard Task.isCancelled, !result.success else { return result }
            return stopping(startedAt: startedAt, started: started)
        }
        return await Deadline.run(
            timeout + grace,
            onTimeout: {
                log.add("deadline of \(format(timeout)) passed; probe cancelled")
                return .failure(.timeout, "no result within the timeout of \(format(timeout))",
                                startedAt: startedAt, duration: (ContinuousClock.now - started).seconds)
            },
            onCancel: {
                // The caller is going away (shutdown): answer now.
                stopping(startedAt: startedAt, started: started)
            }
        ) {
            await prober.probe(target: target, timeout: timeout, log: log)
        }
    }

    private static func stopping(startedAt: Date, started: ContinuousClock.Instant) -> ProbeResult {
        .failure(.timeout, "cancelled before a result: the prober is stopping",
                 startedAt: startedAt, duration: (ContinuousClock.now - started).seconds)
    }

    static func format(_ duration: Duration) -> String {
        let millis = Int((duration.seconds * 1000).rounded())
        return millis % 1000 == 0 ? "\(millis / 1000)s" : "\(millis)ms"
    }
}
