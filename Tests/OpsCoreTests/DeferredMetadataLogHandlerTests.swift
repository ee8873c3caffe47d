import Foundation
import Logging
@testable import OpsCore
import Synchronization
import Testing

/// The handler every opsctl logger uses writes exactly what swift-log's StreamLogHandler
/// writes, metadata included, though it formats the metadata only when it writes.
@Suite struct DeferredMetadataLogHandlerTests {
    final class Lines: TextOutputStream, @unchecked Sendable {
        private let lock = NSLock()
        private var text = ""
        func write(_ string: String) { lock.withLock { text += string } }
        /// The lines without their leading timestamp (which differs from second to second).
        var withoutTimestamps: [String] {
            lock.withLock { text }.split(separator: "\n").map { $0.split(separator: " ", maxSplits: 1).last.map(String.init) ?? "" }
        }
    }

    @Test func writesWhatStreamLogHandlerWrites() {
        let plainLines = Lines()
        let deferredLines = Lines()
        var plain = Logger(label: "opsctl.test") { StreamLogHandler(label: $0, stream: plainLines, metadataProvider: nil) }
        var deferred = Logger(label: "opsctl.test") {
            DeferredMetadataLogHandler(StreamLogHandler(label: $0, stream: deferredLines, metadataProvider: nil))
        }
        plain.logLevel = .info
        deferred.logLevel = .info
        plain[metadataKey: "request"] = "17"
        deferred[metadataKey: "request"] = "17"
        plain[metadataKey: "user"] = "a@example.com"
        deferred[metadataKey: "user"] = "a@example.com"
        for logger in [plain, deferred] {
            logger.debug("not written at info")
            logger.info("probe ran")
            logger.warning("check failed", metadata: ["reason": "timeout"])
        }
        plain[metadataKey: "user"] = nil
        deferred[metadataKey: "user"] = nil
        plain.error("after removing a key")
        deferred.error("after removing a key")

        #expect(deferred.logLevel == .info && deferred[metadataKey: "request"] == "17")
        #expect(plainLines.withoutTimestamps.count == 3)
        #expect(deferredLines.withoutTimestamps == plainLines.withoutTimestamps)
        #expect(deferredLines.withoutTimestamps.first?.contains("request=17") == true, "\(deferredLines.withoutTimestamps)")
    }
}
