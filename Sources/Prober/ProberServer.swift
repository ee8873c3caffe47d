import Foundation
import HTTPClient
import Logging
import OpsCore
import ServiceLifecycle

/// The running prober: the scheduler, and the HTTP server with `/healthz`, `/readyz`,
/// `/probe`, `/metrics` and a landing page at `/`.
public struct ProberServer: Sendable {
    public let settings: ProberSettings
    public let scheduler: Scheduler
    let probeEndpoint: ProbeEndpoint
    private let version: String
    private let logger: Logger

    public init(settings: ProberSettings, client: HTTPClient, environment: [String: String], version: String, logger: Logger) {
        self.settings = settings
        self.version = version
        self.logger = logger
        let factory = ProberFactory(client: client, environment: environment)
        let limit = InFlightLimit(limit: settings.config.maxInFlight)
        scheduler = Scheduler(checks: settings.checks, factory: factory, limit: limit, logger: logger)
        probeEndpoint = ProbeEndpoint(modules: settings.config.modules,
                                      policy: TargetPolicy(configured: Set(settings.checks.map(\.target)), patterns: settings.config.allowTargets),
                                      factory: factory, limit: limit, timeoutOffset: settings.timeoutOffset, logger: logger)
    }

    public func readiness() async -> Readiness {
        Readiness.evaluate(await scheduler.cache.snapshot())
    }

    /// The HTTP service; `onListening` gets the bound port (useful with port 0 in tests).
    public func httpService(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) -> some Service {
        let routes = [
            HTTPRoute("/healthz", onEventLoop: true) { request in
                HTTPReply(body: request.query["verbose"] != nil ? "[+]ping ok\nhealthz check passed\n" : "ok\n")
            },
            HTTPRoute("/readyz") { request in
                var readiness = await self.readiness()
                if let exclude = request.query["exclude"], !exclude.isEmpty {
                    readiness = readiness.excluding(Set(exclude.split(separator: ",").map(String.init)))
                }
                if request.query["verbose"] != nil {
                    return HTTPReply(status: readiness.httpStatus, body: readiness.text(verbose: true))
                }
                if request.query["format"] == "text" {
                    return HTTPReply(status: readiness.httpStatus, body: readiness.text(verbose: false))
                }
                return HTTPReply(status: readiness.httpStatus, contentType: "application/json", body: readiness.json())
            },
            HTTPRoute("/readyz/:check") { request in
                let name = request.parameters["check"] ?? ""
                guard let answer = await self.readiness().single(name) else {
                    return HTTPReply(status: 404, body: "no check named '\(name)'\n")
                }
                return HTTPReply(status: answer.status, body: answer.body)
            },
            // On the event loop: the request, the wait for libcurl and the answer stay on the
            // connection's loop (bench/prober/README.md, 2026-12-01 22:20: 0.58 against 0.67 ms
            // at low load).
            HTTPRoute("/probe", onEventLoop: true) { request in await probeEndpoint.handle(request) },
            HTTPRoute("/metrics") { request in
                let format = ExpositionFormat.negotiate(accept: request.accept)
                return HTTPReply(contentType: format.contentType, body: ExpositionEncoder.encode(await self.metrics(), format: format))
            },
            HTTPRoute("/") { _ in HTTPReply(contentType: "text/html; charset=utf-8", body: self.landingPage()) },
        ]
        return HTTPServer.make(listen: settings.listen, routes: routes, logger: logger, onListening: onListening)
    }

    /// The scheduled checks' latest results and the prober's own metrics.
    public func metrics() async -> [MetricFamily] {
        let entries = await scheduler.cache.snapshot()
        let readiness = Readiness.evaluate(entries)
        var families: [MetricFamily] = []
        for entry in entries {
            guard let last = entry.last else { continue }
            families += ProbeMetrics.families(last, module: entry.check.module, labels: [
                Label(name: "check", value: entry.check.name), Label(name: "module", value: entry.check.module.name),
            ])
        }
        func perCheck(_ name: String, _ help: String, _ type: MetricType = .gauge, _ value: (ResultCache.Entry) -> Double?) -> MetricFamily {
            MetricFamily(name: name, help: help, type: type, samples: entries.compactMap { entry in
                value(entry).map { Sample([("check", entry.check.name)], $0) }
            })
        }
        families.append(MetricFamily(
            name: "opsctl_prober_check_runs_total", help: "Runs of each scheduled check, by result.", type: .counter,
            samples: entries.flatMap { [Sample([("check", $0.check.name), ("result", "success")], Double($0.successes)),
                                        Sample([("check", $0.check.name), ("result", "failure")], Double($0.failures))] }))
        families.append(perCheck("opsctl_prober_check_last_run_timestamp_seconds", "When the check's last run started (unix seconds).") {
            $0.last.map { $0.startedAt.timeIntervalSince1970 }
        })
        families.append(perCheck("opsctl_prober_check_last_success_timestamp_seconds", "When the check last passed (unix seconds).") {
            $0.lastSuccessWall?.timeIntervalSince1970
        })
        families.append(perCheck("opsctl_prober_check_interval_seconds", "The check's configured interval.") { $0.check.interval.seconds })
        families.append(perCheck("opsctl_prober_check_critical", "Whether the check counts for /readyz (1) or not (0).") {
            $0.check.critical ? 1 : 0
        })
        let states = Dictionary(readiness.checks.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        families.append(perCheck("opsctl_prober_check_fresh_success", "Whether the check's last result passed and is younger than 3 intervals.") {
            states[$0.check.name]?.status == .ok ? 1 : 0
        })
        families.append(MetricFamily(name: "opsctl_prober_ready", help: "Whether /readyz answers 200 (1) or 503 (0).", type: .gauge,
                                     samples: [Sample(value: readiness.ready ? 1 : 0)]))
        families.append(MetricFamily(name: "opsctl_prober_probes_in_flight", help: "Probes running now (scheduled and /probe).",
                                     type: .gauge, samples: [Sample(value: Double(await scheduler.limit.inFlight))]))
        families.append(MetricFamily(name: "opsctl_prober_max_in_flight", help: "The configured limit of probes running at once.",
                                     type: .gauge, samples: [Sample(value: Double(settings.config.maxInFlight))]))
        families.append(probeEndpoint.family())
        families.append(MetricFamily(name: "opsctl_prober_build_info", help: "Build information of the running opsctl prober.",
                                     type: .gauge, samples: [Sample([("version", version)], 1)]))
        families += ProcessMetrics.collect()
        return families
    }

    private func landingPage() -> String {
        let rows = settings.checks.map { check in
            "<li>\(Self.escape(check.name)) (\(Self.escape(check.module.name)), every \(ProbeDeadline.format(check.interval))\(check.critical ? ", critical" : ""))</li>"
        }.joined()
        return """
            <html><head><title>opsctl prober</title></head><body><h1>opsctl prober</h1>
            <p><a href="/healthz">/healthz</a> · <a href="/readyz?verbose">/readyz</a> · <a href="/metrics">/metrics</a> · /probe?target=…&amp;module=…</p>
            <h2>Checks</h2><ul>\(rows)</ul></body></html>

            """
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// Serves until SIGTERM or SIGINT, then stops the server and the scheduler.
    public func run() async throws {
        logger.info("opsctl prober starting", metadata: [
            "listen": "\(settings.listen)", "config": "\(settings.configSource)", "checks": "\(settings.checks.count)",
        ])
        let logger = self.logger
        // Once listening, give back the pages only start-up touched (OpsCore.StartupPages, as
        // the exporter does): what probes use is mapped again from the page cache at next use.
        let http = httpService(onListening: { _ in StartupPageRelease.run(after: "start-up", logger: logger) })
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            // After a burst of probes, the C heap's free pages go back to the kernel (HeapTrim).
            services: [.init(service: http), .init(service: scheduler),
                       .init(service: HeapTrim.Service { [limit = scheduler.limit] in await limit.granted }),
                       // And once more when the first probe has ended (its one-off pages: ~2 MiB idle).
                       .init(service: StartupPageRelease.Service(after: "the first probe", logger: logger) {
                           [limit = scheduler.limit] in
                           let (granted, running) = (await limit.granted, await limit.inFlight)
                           return granted > 0 && running == 0
                       })],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
        logger.info("opsctl prober stopped")
    }
}
