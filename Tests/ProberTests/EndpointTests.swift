import Foundation
import HTTPClient
import OpsCore
@testable import Prober
import Testing
import TestSupport

/// `/healthz`, `/readyz`, `/probe` and `/metrics` of an in-process prober with real checks.
@Suite(.serialized) struct EndpointTests {
    /// A critical check against a TCP port this test opens and closes: /readyz is 503 before
    /// the first result, 200 while the port answers, 503 with the reason once it refuses,
    /// 200 again when it is back.
    @Test func readyzFollowsTheCriticalChecks() async throws {
        let targets = try ProbeTargets.shared()
        let listener = try Listener()
        let port = listener.port
        let prober = try await RunningProber.start(yaml: """
            prober:
              checks:
                - {name: backend, module: tcp_connect, target: '127.0.0.1:\(port)', interval: 500ms, timeout: 400ms, jitter: 0ms, critical: true}
                - {name: extra, module: http_2xx, target: '\(targets.url("/status/500"))', interval: 500ms, timeout: 400ms}
            """)
        do {
            let healthz = try await prober.get("/healthz")
            #expect(healthz.status == 200 && healthz.body == "ok\n")

            let ready = try await prober.poll("/readyz", within: .seconds(10)) { $0.status == 200 }
            #expect(ready.status == 200, "\(ready.body)")
            #expect(ready.contentType.hasPrefix("application/json"))
            let body = try JSONSerialization.jsonObject(with: Data(ready.body.utf8)) as? [String: Any]
            #expect(body?["status"] as? String == "ok")
            let checks = body?["checks"] as? [[String: Any]] ?? []
            #expect(checks.map { $0["name"] as? String } == ["backend", "extra"])
            #expect(checks.first?["status"] as? String == "ok" && checks.first?["last_success"] is String)
            #expect(checks.first?["latency_seconds"] is Double)
            // The non-critical check fails without making the prober unready.
            let verbose = try await prober.poll("/readyz?verbose", within: .seconds(5)) { $0.body.contains("[-]extra failed") }
            #expect(verbose.status == 200)
            #expect(verbose.body.contains("[+]backend ok\n"))
            #expect(verbose.body.contains("[-]extra failed: status: status code 500 is not one of the valid ones (2xx) (not critical)\n"))
            #expect(verbose.body.hasSuffix("readyz check passed\n"))
            #expect(try await prober.get("/readyz?format=text").body == "ok\n")
            #expect(try await prober.get("/readyz/backend").body == "ok\n")

            listener.close()
            let down = try await prober.poll("/readyz", within: .seconds(10)) { $0.status == 503 }
            #expect(down.status == 503)
            #expect(down.body.contains("\"status\":\"fail\"") && down.body.contains("\"reason\":\"refused\""), "\(down.body)")
            let text = try await prober.get("/readyz?verbose")
            #expect(text.status == 503 && text.body.contains("[-]backend failed: refused: ") && text.body.hasSuffix("readyz check failed\n"),
                    "\(text.body)")
            // One check alone, and readiness without it, as the Kubernetes API server offers.
            let single = try await prober.get("/readyz/backend")
            #expect(single.status == 503 && single.body.hasPrefix("[-]backend failed: refused: "), "\(single.body)")
            #expect(try await prober.get("/readyz?exclude=backend").status == 200)
            #expect(try await prober.get("/readyz/nope").status == 404)

            let again = try Listener(port: port)
            defer { again.close() }
            let back = try await prober.poll("/readyz", within: .seconds(10)) { $0.status == 200 }
            #expect(back.status == 200, "\(back.body)")
        } catch {
            await prober.stop()
            throw error
        }
        await prober.stop()
    }

    /// A passing result older than 3 intervals counts as failed; a check with no result yet
    /// is pending. (Real results, placed in the cache at chosen instants.)
    @Test func freshnessWindowIsThreeIntervals() async throws {
        let module = builtIn("tcp_connect")
        let critical = Check(name: "db", module: module, target: "127.0.0.1:1", interval: .seconds(10), timeout: .seconds(1), critical: true)
        let other = Check(name: "other", module: module, target: "127.0.0.1:2", interval: .seconds(10), timeout: .seconds(1), critical: false)
        let cache = ResultCache(checks: [critical, other])
        let now = ContinuousClock.now
        #expect(Readiness.evaluate(await cache.snapshot(), now: now).checks.first?.status == .pending)
        #expect(!Readiness.evaluate(await cache.snapshot(), now: now).ready, "no result yet: not ready")

        let passed = ProbeResult(success: true, message: "connected")
        await cache.record(passed, for: "db", at: now)
        #expect(Readiness.evaluate(await cache.snapshot(), now: now + .seconds(29)).ready)
        let stale = Readiness.evaluate(await cache.snapshot(), now: now + .seconds(31))
        #expect(!stale.ready && stale.httpStatus == 503)
        #expect(stale.checks.first?.status == .stale)
        #expect(stale.text(verbose: true).contains("[-]db stale: the last result is 31s old, older than 3 intervals (30s)"))
        // The non-critical check never counts.
        await cache.record(.failure(.timeout, "no answer"), for: "other", at: now + .seconds(30))
        #expect(Readiness.evaluate(await cache.snapshot(), now: now + .seconds(30)).ready)
    }

    @Test func probeEndpointRefusesBadRequestsAndUnlistedTargets() async throws {
        let targets = try ProbeTargets.shared()
        let prober = try await RunningProber.start(yaml: """
            prober:
              allow_targets: ['http://127\\.0\\.0\\.1:\(targets.http)/status/.*']
              checks:
                - {name: web, module: http_2xx, target: '\(targets.url("/ok"))', interval: 1h}
            """)
        do {
            let missing = try await prober.get("/probe?module=http_2xx")
            #expect(missing.status == 400 && missing.body == "Target parameter is missing\n")
            let unknown = try await prober.get("/probe?target=\(escape(targets.url("/ok")))&module=nope")
            #expect(unknown.status == 400 && unknown.body.hasPrefix("Unknown module \"nope\""))
            let malformed = try await prober.get("/probe?target=not%20a%20url&module=http_2xx")
            #expect(malformed.status == 400 && malformed.body.contains("an http target is an http:// or https:// URL"), "\(malformed.body)")
            let badTCP = try await prober.get("/probe?target=host-without-port&module=tcp_connect")
            #expect(badTCP.status == 400 && badTCP.body.contains("a tcp target is HOST:PORT"))

            let outside = try await prober.get("/probe?target=\(escape("http://169.254.169.254/latest/meta-data/"))")
            #expect(outside.status == 403, "\(outside.body)")
            #expect(outside.body.contains("not the target of a configured check and matches no allow_targets pattern"), "\(outside.body)")

            // A configured target, and one the allow-list admits.
            let listed = try await prober.get("/probe?target=\(escape(targets.url("/ok")))&module=http_2xx")
            #expect(listed.status == 200 && listed.body.contains("probe_success 1"), "\(listed.body)")
            let admitted = try await prober.get("/probe?target=\(escape(targets.url("/status/503")))")
            #expect(admitted.status == 200 && admitted.body.contains("probe_success 0")
                    && admitted.body.contains("probe_failure_reason{reason=\"status\"} 1") && admitted.body.contains("probe_http_status_code 503"),
                    "\(admitted.body)")

            let debug = try await prober.get("/probe?target=\(escape(targets.url("/ok")))&debug=true")
            #expect(debug.status == 200 && debug.body.hasPrefix("Logs for the probe:\n"), "\(debug.body)")
            #expect(debug.body.contains("GET \(targets.url("/ok"))") && debug.body.contains("Result: ok: HTTP 200"), "\(debug.body)")
            #expect(debug.body.contains("Metrics that would have been returned:\n# HELP probe_dns_lookup_time_seconds"))

            let metrics = try await prober.get("/metrics").body
            #expect(metrics.contains("opsctl_prober_probe_requests_total{outcome=\"403\"} 1"), "\(metrics)")
            #expect(metrics.contains("opsctl_prober_probe_requests_total{outcome=\"400\"} 4"))
        } catch {
            await prober.stop()
            throw error
        }
        await prober.stop()
    }

    /// `/probe` runs on the connection's event loop: probes waiting on a target that never
    /// answers (more of them than the machine has loops) hold up neither other probes nor the
    /// other endpoints, and each ends at its own timeout with reason "timeout".
    @Test func hangingProbesDoNotHoldUpOtherRequests() async throws {
        let targets = try ProbeTargets.shared()
        let prober = try await RunningProber.start(yaml: """
            prober:
              max_in_flight: 64
              allow_targets: ['http://127\\.0\\.0\\.1:(\(targets.http)|\(targets.hang))/.*']
              modules:
                slow_2xx: {prober: http, timeout: 4s}
            """)
        do {
            let hangURL = "http://127.0.0.1:\(prober.port)/probe?module=slow_2xx&target=\(escape("http://127.0.0.1:\(targets.hang)/"))"
            let started = ContinuousClock.now
            let hanging = (0..<(2 * ProcessInfo.processInfo.activeProcessorCount + 2)).map { _ in
                Task { try await sharedClient.send(HTTPRequest(url: hangURL, timeout: .seconds(10))) }
            }
            try await Task.sleep(for: .milliseconds(300))   // the hanging probes are in flight
            var answered: [String: Duration] = [:]
            for path in ["/probe?target=\(escape(targets.url("/ok")))&module=http_2xx", "/healthz", "/metrics", "/readyz"] {
                let asked = ContinuousClock.now
                let answer = try await sharedClient.send(HTTPRequest(url: "http://127.0.0.1:\(prober.port)\(path)", timeout: .seconds(10)))
                answered[path] = ContinuousClock.now - asked
                let body = String(decoding: answer.body, as: UTF8.self)
                #expect(answer.status == 200, "\(path): \(answer.status) \(body)")
                if path.hasPrefix("/probe") { #expect(body.contains("probe_success 1"), "\(body)") }
                if path == "/metrics" { #expect(body.contains("opsctl_prober_probes_in_flight \(hanging.count)\n"), "\(body)") }
            }
            let waitedBehindTheHangingOnes = ContinuousClock.now - started >= .seconds(4)
            #expect(!waitedBehindTheHangingOnes, "requests answered only after the hanging probes ended: \(answered)")
            for task in hanging {
                let answer = try await task.value
                let body = String(decoding: answer.body, as: UTF8.self)
                #expect(answer.status == 200 && body.contains("probe_success 0")
                        && body.contains("probe_failure_reason{reason=\"timeout\"} 1"), "\(body)")
            }
            let total = ContinuousClock.now - started
            #expect(total >= .seconds(3.6) && total < .seconds(8), "the hanging probes ended after \(total), their timeout is 4 s")
        } catch {
            await prober.stop()
            throw error
        }
        await prober.stop()
    }

    /// /metrics (scheduled checks of every module and the prober's own metrics) and /probe
    /// output pass promtool's linter.
    @Test func metricsPassPromtool() async throws {
        let targets = try ProbeTargets.shared()
        let database = try TestDatabase.shared()
        let tokenPath = FileManager.default.temporaryDirectory.appendingPathComponent("opsctl-token-\(UUID().uuidString)").path
        try "good-token".write(toFile: tokenPath, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: tokenPath) }
        let prober = try await RunningProber.start(yaml: """
            prober:
              modules:
                google: {prober: gmail, gmail: {url: '\(targets.url("/gmail/profile"))', token_file: '\(tokenPath)'}}
              checks:
                - {name: web, module: http_2xx, target: '\(targets.url("/ok"))', interval: 1s, critical: true}
                - {name: broken, module: http_2xx, target: '\(targets.url("/status/500"))', interval: 1s}
                - {name: banner, module: tcp_connect, target: '127.0.0.1:\(targets.banner)', interval: 1s}
                - {name: db, module: postgres, target_env: DATABASE_URL, interval: 2s, critical: true}
                - {name: gmail, module: google, interval: 1m}
            """, environment: ["DATABASE_URL": database.url])
        do {
            let ready = try await prober.poll("/readyz", within: .seconds(15)) { $0.status == 200 }
            #expect(ready.status == 200, "\(ready.body)")
            let metrics = try await prober.poll("/metrics", within: .seconds(10)) { $0.body.contains("probe_success{check=\"gmail\"") }.body
            for line in ["probe_success{check=\"web\",module=\"http_2xx\"} 1", "probe_success{check=\"broken\",module=\"http_2xx\"} 0",
                         "probe_failure_reason{check=\"broken\",module=\"http_2xx\",reason=\"status\"} 1",
                         "probe_success{check=\"db\",module=\"postgres\"} 1", "probe_postgres_standby{check=\"db\",module=\"postgres\"} 0",
                         "probe_success{check=\"gmail\",module=\"google\"} 1", "opsctl_prober_ready 1",
                         "opsctl_prober_check_fresh_success{check=\"web\"} 1"] {
                #expect(metrics.contains(line), "\(line)")
            }
            #expect(!metrics.contains("good-token"))
            let lint = try runProcess([promtool, "check", "metrics"], stdin: metrics)
            #expect(lint.status == 0 && lint.output.isEmpty, "promtool: \(lint.output)")
            let single = try await prober.get("/probe?target=\(escape(targets.url("/ok")))").body
            let lintSingle = try runProcess([promtool, "check", "metrics"], stdin: single)
            #expect(lintSingle.status == 0 && lintSingle.output.isEmpty, "promtool: \(lintSingle.output)")
        } catch {
            await prober.stop()
            throw error
        }
        await prober.stop()
    }

    func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}

/// A TCP listener on a loopback port (accepting happens in the kernel's backlog; a probe
/// that only connects needs nothing more).
final class Listener: Sendable {
    let port: Int
    private let fd: Int32

    init(port: Int = 0) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SupportError("socket failed") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 128) == 0 else { Glibc.close(fd); throw SupportError("bind/listen on \(port) failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.fd = fd
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { _ = Glibc.close(fd) }
}
