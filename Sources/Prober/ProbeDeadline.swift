import Foundation
import OpsCore

/// Runs a probe under OpsCore's `Deadline`: when the timeout (plus a short grace for the
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
        return await Deadline.run(
            timeout + grace,
            onTimeout: {
                log.add("deadline of \(format(timeout)) passed; probe cancelled")
                return .failure(.timeout, "no result within the timeout of \(format(timeout))",
                                startedAt: startedAt, duration: (ContinuousClock.now - started).seconds)
            },
            onCancel: {
                // The caller is going away (shutdown): answer now.
                .failure(.timeout, "cancelled before a result: the prober is stopping",
                         startedAt: startedAt, duration: (ContinuousClock.now - started).seconds)
            }
        ) {
            await prober.probe(target: target, timeout: timeout, log: log)
        }
    }

    static func format(_ duration: Duration) -> String {
        let millis = Int((duration.seconds * 1000).rounded())
        return millis % 1000 == 0 ? "\(millis / 1000)s" : "\(millis)ms"
    }
}
