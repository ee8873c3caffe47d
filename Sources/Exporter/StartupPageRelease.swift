import Logging
import OpsCore

/// Releases the pages start-up alone touched (`StartupPages`) and says so in the log. The
/// exporter does it twice: when the server starts listening, so that start-up's pages and the
/// first collection's are never resident together, and after the first collection that reaches
/// the database, which runs code start-up did not (the first connection, the first queries).
enum StartupPageRelease {
    static func run(after moment: String, logger: Logger) {
        guard let release = StartupPages.release() else { return }
        logger.info("released start-up pages", metadata: [
            "after": "\(moment)",
            "mappings": "\(release.mappings)",
            "resident_kib": "\(release.residentBytes / 1024)",
        ])
    }
}
