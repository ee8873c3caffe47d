/// The timeout of a `/probe` request, by blackbox_exporter's rule: Prometheus sends its
/// scrape timeout in `X-Prometheus-Scrape-Timeout-Seconds`; the probe gets that less an
/// offset (`timeout_offset`, blackbox's `--timeout-offset`, default 0.5 s) so that its
/// answer arrives before Prometheus gives up, and never more than the module's timeout.
///
/// - header and module timeout: min(module timeout, header − offset);
/// - header only: header − offset;
/// - no header: the module's timeout, else 5 s.
///
/// When the header is not more than the offset, the offset is not taken (the probe gets
/// the header's own budget, not a negative one).
public enum ScrapeTimeout {
    public static let header = "X-Prometheus-Scrape-Timeout-Seconds"
    public static let defaultOffset: Duration = .milliseconds(500)
    /// A longer header value is refused: no scrape waits a day.
    static let largestHeader = 86_400.0

    static func resolve(module: Duration?, header text: String?, offset: Duration) throws(TargetError) -> Duration {
        guard let text else { return module ?? ModuleConfig.defaultTimeout }
        let trimmed = text.trimmingWhitespaceAndNewlines()
        guard let seconds = Double(trimmed), seconds.isFinite, seconds > 0, seconds <= largestHeader else {
            throw TargetError("\(header) must be a number of seconds above 0 and at most \(Int(largestHeader)) (got '\(text.prefix(40))')")
        }
        let scrape = Duration.milliseconds(Int64((seconds * 1000).rounded(.down)))
        guard scrape > .zero else {
            throw TargetError("\(header) must be at least 0.001 (got '\(text.prefix(40))')")
        }
        let budget = scrape > offset ? scrape - offset : scrape
        guard let module else { return budget }
        return min(module, budget)
    }
}
