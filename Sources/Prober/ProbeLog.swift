import Foundation
import Logging
import Synchronization

/// The lines one probe writes about itself: kept for `/probe?debug=true` and
/// `opsctl probe`, and passed to the logger at debug level. Probers never write a secret
/// here (tokens and passwords are masked before they reach a line).
public final class ProbeLog: Sendable {
    private let lines = Mutex<[String]>([])
    private let started = ContinuousClock.now
    private let logger: Logger?

    public init(logger: Logger? = nil) {
        self.logger = logger
    }

    public func add(_ line: String) {
        let offset = (ContinuousClock.now - started).seconds
        let stamped = String(format: "%8.3fs  ", offset) + line
        lines.withLock { $0.append(stamped) }
        logger?.debug("\(line)")
    }

    public var text: String {
        lines.withLock { $0.joined(separator: "\n") } + "\n"
    }
}
