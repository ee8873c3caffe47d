/// The two exposition formats, and the choice between them by `Accept` header.
public enum ExpositionFormat: Sendable, Equatable {
    /// Prometheus text format 0.0.4.
    case prometheusText
    /// OpenMetrics 1.0 text.
    case openMetrics

    public var contentType: String {
        switch self {
        case .prometheusText: return "text/plain; version=0.0.4; charset=utf-8"
        case .openMetrics: return "application/openmetrics-text; version=1.0.0; charset=utf-8"
        }
    }

    /// Picks OpenMetrics when the client lists `application/openmetrics-text` with a quality
    /// at least as high as any text/plain or wildcard range; otherwise the 0.0.4 text format.
    /// Read as bytes, without a string per part: every `/probe` and scrape negotiates (perf on
    /// sequential `/probe`s: 0.9% -> 0.3% of the prober's CPU; bench/prober/README.md, 2026-12-01).
    public static func negotiate(accept: String?) -> ExpositionFormat {
        guard let accept, !accept.isEmpty else { return .prometheusText }
        var openMetricsQuality = 0.0
        var textQuality = 0.0
        for range in accept.utf8.split(separator: UInt8(ascii: ",")) {
            var parts = range.split(separator: UInt8(ascii: ";")).makeIterator()
            guard let mediaType = parts.next().map(trimmed) else { continue }
            var quality = 1.0
            while let parameter = parts.next() {
                let pair = parameter.split(separator: UInt8(ascii: "="), maxSplits: 1).map(trimmed)
                if pair.count == 2, equalsIgnoringCase(pair[0], "q"), let q = Double(Substring(pair[1])) { quality = q }
            }
            if equalsIgnoringCase(mediaType, "application/openmetrics-text") {
                openMetricsQuality = max(openMetricsQuality, quality)
            } else if equalsIgnoringCase(mediaType, "text/plain") || equalsIgnoringCase(mediaType, "text/*")
                        || equalsIgnoringCase(mediaType, "*/*") {
                textQuality = max(textQuality, quality)
            }
        }
        return openMetricsQuality > 0 && openMetricsQuality >= textQuality ? .openMetrics : .prometheusText
    }

    private static func trimmed(_ bytes: Substring.UTF8View) -> Substring.UTF8View {
        var view = bytes
        while let first = view.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { view.removeFirst() }
        while let last = view.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { view.removeLast() }
        return view
    }

    /// ASCII case-insensitive comparison with a lower-case `word`.
    private static func equalsIgnoringCase(_ bytes: Substring.UTF8View, _ word: StaticString) -> Bool {
        guard bytes.count == word.utf8CodeUnitCount else { return false }
        return word.withUTF8Buffer { expected in
            zip(bytes, expected).allSatisfy { byte, want in
                (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte) == want
            }
        }
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self).unicodeScalars[...]
        while let first = scalars.first, first == " " || first == "\t" { scalars = scalars.dropFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
