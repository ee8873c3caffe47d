import Logging

/// Process-wide logging: swift-log to standard error at a chosen level.
public enum LoggingSetup {
    public struct InvalidLevel: Error, Sendable, CustomStringConvertible {
        public let text: String
        public var description: String {
            "invalid log level '\(text)' (expected one of: \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")))"
        }
    }

    public static func parseLevel(_ text: String) throws -> Logger.Level {
        guard let level = Logger.Level(rawValue: text.lowercased()) else { throw InvalidLevel(text: text) }
        return level
    }

    /// Bootstraps the logging system once per process. Every handler gets `level`.
    public static func bootstrap(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler = DeferredMetadataLogHandler(StreamLogHandler.standardError(label: label))
            handler.logLevel = level
            return handler
        }
    }

    /// A logger for `label` at `level`, without touching the global bootstrap (for tests and libraries).
    public static func logger(_ label: String, level: Logger.Level) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }
}
