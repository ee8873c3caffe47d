import Logging
import OpsCore
import Synchronization

/// `/probe?target=...&module=...[&debug=true]`: one probe now, blackbox-compatible, for
/// Prometheus multi-target scraping. 400 for a missing or malformed target or an unknown
/// module, 403 for a target the configuration does not allow; each with the reason.
struct ProbeEndpoint: Sendable {
    let modules: [String: ModuleConfig]
    let policy: TargetPolicy
    let factory: ProberFactory
    let limit: InFlightLimit
    /// Taken from Prometheus' scrape timeout (`X-Prometheus-Scrape-Timeout-Seconds`).
    let timeoutOffset: Duration
    let logger: Logger
    let counters = Counters()

    final class Counters: Sendable {
        private let counts = Mutex<[String: Double]>([:])
        func add(_ key: String) { counts.withLock { $0[key, default: 0] += 1 } }
        var all: [String: Double] { counts.withLock { $0 } }
    }

    static let defaultModule = "http_2xx"

    func handle(_ request: HTTPRequestInfo) async -> HTTPReply {
        guard let target = request.query["target"], !target.isEmpty else {
            return refuse(400, "Target parameter is missing")
        }
        let moduleName = request.query["module"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultModule
        guard let module = modules[moduleName] else {
            return refuse(400, "Unknown module \"\(moduleName)\" (known: \(modules.keys.sorted().joined(separator: ", ")))")
        }
        do {
            try ProberFactory.validate(target: target, module: module)
        } catch {
            return refuse(400, "Invalid target for module \"\(moduleName)\": \(error)")
        }
        if let refusal = policy.refusal(target) {
            logger.notice("probe refused", metadata: ["target": "\(Redaction.target(target, module: module))"])
            return refuse(403, "Forbidden: \(refusal)")
        }
        let timeout: Duration
        do {
            timeout = try ScrapeTimeout.resolve(module: module.timeout, header: request.header(ScrapeTimeout.header), offset: timeoutOffset)
        } catch {
            return refuse(400, "Invalid scrape timeout: \(error)")
        }
        let debug = ["true", "1"].contains(request.query["debug"]?.lowercased() ?? "")
        let log = ProbeLog(logger: logger, keepsLines: debug)
        guard await limit.acquire() else { return refuse(503, "the prober is shutting down") }
        let result = await factory.run(module, target: target, timeout: timeout, log: log)
        await limit.release()
        count(result.success ? "success" : "failure")
        let families = ProbeMetrics.families(result, module: module)
        if debug {
            let metrics = ExpositionEncoder.encode(families, format: .prometheusText)
            let body = "Logs for the probe:\n\(log.text)\nResult: \(result.summary)\n\nMetrics that would have been returned:\n\(metrics)\n"
                + "Module configuration:\nprober: \(module.settings.proberName)\ntimeout: \(ProbeDeadline.format(timeout))\n"
            return HTTPReply(body: body)
        }
        let format = ExpositionFormat.negotiate(accept: request.accept)
        return HTTPReply(contentType: format.contentType, body: ExpositionEncoder.encode(families, format: format))
    }

    private func refuse(_ status: Int, _ message: String) -> HTTPReply {
        count(String(status))
        return HTTPReply(status: status, body: message + "\n")
    }

    private func count(_ outcome: String) {
        counters.add(outcome)
    }

    /// `opsctl_prober_probe_requests_total{outcome}`.
    func family() -> MetricFamily {
        let counts = counters.all
        return MetricFamily(
            name: "opsctl_prober_probe_requests_total",
            help: "Requests to /probe by outcome: success, failure (the probe ran), or the HTTP status of a refused request.",
            type: .counter, samples: counts.keys.sorted().map { Sample([("outcome", $0)], counts[$0] ?? 0) })
    }
}
