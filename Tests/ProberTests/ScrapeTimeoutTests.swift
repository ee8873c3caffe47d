import Foundation
import HTTPClient
import OpsCore
@testable import Prober
import Testing

/// `/probe` takes its timeout from Prometheus' `X-Prometheus-Scrape-Timeout-Seconds` less
/// the offset, as blackbox_exporter does, capped by the module's timeout.
@Suite(.serialized) struct ScrapeTimeoutTests {
    /// GET `/probe` with the header as Prometheus sends it; returns the answer and how long it took.
    func scrape(_ prober: RunningProber, _ query: String, header: String?) async throws -> (status: Int, body: String, seconds: Double) {
        var request = HTTPRequest(url: "http://127.0.0.1:\(prober.port)/probe?\(query)", timeout: .seconds(20))
        if let header { request.headers = [HTTPHeader(name: "X-Prometheus-Scrape-Timeout-Seconds", value: header)] }
        let started = ContinuousClock.now
        let response = try await sharedClient.send(request)
        return (response.status, String(decoding: response.body, as: UTF8.self), (ContinuousClock.now - started).seconds)
    }

    @Test func hangingTargetReturnsWithinTheScrapeBudget() async throws {
        let targets = try ProbeTargets.shared()
        let hanging = "http://127.0.0.1:\(targets.hang)/"
        let target = hanging.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? hanging
        let prober = try await RunningProber.start(yaml: """
            prober:
              allow_targets: ['http://127\\.0\\.0\\.1:\(targets.hang)/']
              modules:
                patient: {prober: http, timeout: 30s}
                quick: {prober: http, timeout: 1s}
            """)
        do {
            // A prober without checks (serving /probe only) stays up.
            #expect(try await prober.get("/healthz").status == 200)
            // A 2 s scrape timeout less the 0.5 s offset: the module's 30 s does not apply.
            let patient = try await scrape(prober, "target=\(target)&module=patient", header: "2")
            #expect(patient.status == 200 && patient.body.contains("probe_failure_reason{reason=\"timeout\"} 1"), "\(patient.body)")
            #expect(patient.seconds >= 1.35 && patient.seconds <= 1.65, "took \(patient.seconds)s for a 1.5s budget")
            // The module's own timeout is shorter than the budget: it wins.
            let quick = try await scrape(prober, "target=\(target)&module=quick", header: "2.0")
            #expect(quick.body.contains("probe_failure_reason{reason=\"timeout\"} 1"), "\(quick.body)")
            #expect(quick.seconds >= 0.9 && quick.seconds <= 1.1, "took \(quick.seconds)s for a 1s module timeout")
            // The debug page names the timeout the probe ran with (header case does not matter to us).
            let debug = try await scrape(prober, "target=\(target)&module=patient&debug=true", header: "1.7")
            #expect(debug.body.contains("timeout: 1200ms"), "\(debug.body)")

            for bad in ["soon", "-3", "0", "NaN", "1e9"] {
                let answer = try await scrape(prober, "target=\(target)&module=patient", header: bad)
                #expect(answer.status == 400, "\(bad): \(answer.status) \(answer.body)")
                #expect(answer.body.hasPrefix("Invalid scrape timeout: X-Prometheus-Scrape-Timeout-Seconds must be a number of seconds"),
                        "\(answer.body)")
            }
        } catch {
            await prober.stop()
            throw error
        }
        await prober.stop()
    }

    @Test func theRule() throws {
        let offset = ScrapeTimeout.defaultOffset
        #expect(try ScrapeTimeout.resolve(module: nil, header: nil, offset: offset) == .seconds(5))
        #expect(try ScrapeTimeout.resolve(module: .seconds(3), header: nil, offset: offset) == .seconds(3))
        #expect(try ScrapeTimeout.resolve(module: .seconds(3), header: "10", offset: offset) == .seconds(3))
        #expect(try ScrapeTimeout.resolve(module: .seconds(30), header: "10", offset: offset) == .milliseconds(9500))
        #expect(try ScrapeTimeout.resolve(module: nil, header: " 4.25 ", offset: .seconds(1)) == .milliseconds(3250))
        // A budget no larger than the offset keeps the header's own value.
        #expect(try ScrapeTimeout.resolve(module: nil, header: "0.3", offset: offset) == .milliseconds(300))
    }

    @Test func offsetFromFileEnvironmentAndFlag() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("opsctl-offset-\(UUID().uuidString).yaml").path
        try "prober:\n  timeout_offset: 250ms\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try ProberSettings.resolve(flags: .init(), environment: [:]).timeoutOffset == .milliseconds(500))
        #expect(try ProberSettings.resolve(flags: .init(configPath: path), environment: [:]).timeoutOffset == .milliseconds(250))
        #expect(try ProberSettings.resolve(flags: .init(configPath: path), environment: ["OPSCTL_PROBER_TIMEOUT_OFFSET": "1s"])
            .timeoutOffset == .seconds(1))
        #expect(try ProberSettings.resolve(flags: .init(configPath: path, timeoutOffset: "0ms"),
                                           environment: ["OPSCTL_PROBER_TIMEOUT_OFFSET": "1s"]).timeoutOffset == .zero)
        #expect(throws: ConfigError.self) { try ProberSettings.resolve(flags: .init(timeoutOffset: "half a second"), environment: [:]) }
    }
}
