import Logging

/// swift-log's `StreamLogHandler`, with the same output, except that setting metadata does
/// not format it. `StreamLogHandler` formats all of a logger's metadata each time one key is
/// set, and Hummingbird sets a request id on every request's logger whether anything is
/// logged or not. Here the metadata is formatted only when a message is written (perf on
/// sequential `/probe`s: setting the request id 1.4% -> 0.6% of the prober's CPU;
/// bench/prober/README.md, 2026-12-01).
struct DeferredMetadataLogHandler: LogHandler {
    private var stream: StreamLogHandler
    var metadata: Logger.Metadata = [:]

    init(_ stream: StreamLogHandler) {
        self.stream = stream
    }

    var logLevel: Logger.Level {
        get { stream.logLevel }
        set { stream.logLevel = newValue }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { stream.metadataProvider }
        set { stream.metadataProvider = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var handler = stream
        if !metadata.isEmpty { handler.metadata = metadata }
        handler.log(event: event)
    }
}
