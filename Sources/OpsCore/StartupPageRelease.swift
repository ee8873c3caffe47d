import Logging

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
}
