import Foundation
import Logging
import Synchronization

/// The lines one probe writes about itself: kept for `/probe?debug=true` and
/// `opsctl probe`, and passed to the logger at debug level. Probers never write a secret
/// here (tokens and passwords are masked before they reach a line).
///
/// A line is built only when someone will read it (`keepsLines`, or a logger at debug
/// level): a plain `/probe` or scheduled check skips the string building and formatting
/// (perf on sequential `/probe`s: `add` was 3.5% of the prober's CPU, mostly
/// `String(format:)`; 0.05% now. bench/prober/README.md, 2026-12-01).
public final class ProbeLog: Sendable {
    private let lines = Mutex<[(offset: Double, line: String)]>([])
    private let started = ContinuousClock.now
    private let logger: Logger?
    private let keepsLines: Bool
    private let logsLines: Bool

    /// `keepsLines`: whether `text` is wanted (false: lines go to the logger only, at debug level).
    public init(logger: Logger? = nil, keepsLines: Bool = true) {
        self.logger = logger
        self.keepsLines = keepsLines
        self.logsLines = logger.map { $0.logLevel <= .debug } ?? false
    }

    public func add(_ line: @autoclosure () -> String) {
        guard keepsLines || logsLines else { return }
        let text = line()
        if keepsLines {
            let offset = (ContinuousClock.now - started).seconds
            lines.withLock { $0.append((offset, text)) }
        }
        if logsLines { logger?.debug("\(text)") }
    }

    /// Each line kept, after its offset from the start of the probe (`   0.002s  ...`).
    public var text: String {
        lines.withLock { $0.map { String(format: "%8.3fs  ", $0.offset) + $0.line }.joined(separator: "\n") } + "\n"
    }
}
