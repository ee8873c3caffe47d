import Foundation
import Testing
import TestSupport

/// The real `opsctl probe` and `opsctl prober` binaries (built beside this test bundle).
@Suite(.serialized) struct CommandTests {
    @Test func probeExitCodesAndOutput() throws {
        #expect(FileManager.default.isExecutableFile(atPath: opsctlBinary), "build the opsctl product first: swift build")
        let targets = try ProbeTargets.shared()
        let ok = try runProcess([opsctlBinary, "probe", targets.url("/ok")])
        #expect(ok.status == 0, "\(ok.output)")
        #expect(ok.output.hasPrefix("probe \(targets.url("/ok")) with module http_2xx (http), timeout 5s\n  resolve     "), "\(ok.output)")
        for phase in ["connect", "tls", "processing", "transfer", "total"] { #expect(ok.output.contains("\n  \(phase) ")) }
        #expect(ok.output.contains("  status      200, HTTP 1.1, 16 body bytes, 0 redirects\n"), "\(ok.output)")
        #expect(ok.output.contains("\nOK: HTTP 200 in "))

        let started = Date()
        let hang = try runProcess([opsctlBinary, "probe", "--timeout", "1s", "--output", "json", "http://127.0.0.1:\(targets.hang)/"])
        #expect(hang.status == 1, "\(hang.output)")
        #expect(Date().timeIntervalSince(started) < 5)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(hang.output.utf8)) as? [String: Any], "\(hang.output)")
        #expect(json["success"] as? Bool == false && json["reason"] as? String == "timeout" && json["timeout_seconds"] as? Double == 1)
        #expect((json["phases"] as? [String: Double])?["connect"] != nil)

        let refused = try runProcess([opsctlBinary, "probe", "127.0.0.1:\(try freeLoopbackPort())"])
        #expect(refused.status == 1 && refused.output.contains("with module tcp_connect (tcp)"), "\(refused.output)")
        #expect(refused.output.contains("\nFAILED (refused): "), "\(refused.output)")

        for bad in [["probe", "not a target"], ["probe", "--module", "nope", "http://x/"], ["probe", "--timeout", "soon", "http://x/"],
                    ["probe", "--module", "tcp_connect", "http://x/"], ["probe", "--output", "xml", "http://x/"]] {
            let result = try runProcess([opsctlBinary] + bad)
            #expect(result.status == 2, "\(bad): \(result.output)")
        }
        let unknown = try runProcess([opsctlBinary, "probe", "--module", "nope", "http://x/"])
        #expect(unknown.output == "opsctl probe: unknown module 'nope' (known: gmail, http_2xx, postgres, tcp_connect)\n")
    }

    @Test func probePostgres() throws {
        let database = try TestDatabase.shared()
        let ok = try runProcess([opsctlBinary, "probe", "--module", "postgres", "--output", "json", database.url])
        #expect(ok.status == 0, "\(ok.output)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(ok.output.utf8)) as? [String: Any], "\(ok.output)")
        let postgres = json["postgres"] as? [String: Any]
        #expect(postgres?["standby"] as? Bool == false && (postgres?["server_version"] as? String)?.isEmpty == false)
        let password = URLComponents(string: database.url)?.password ?? "?"
        #expect(!ok.output.contains(password))

        let wrong = database.url.replacingOccurrences(of: ":\(password)@", with: ":NotThePassword123@")
        let denied = try runProcess([opsctlBinary, "probe", wrong])
        #expect(denied.status == 1 && denied.output.contains("FAILED (auth): could not connect to PostgreSQL"), "\(denied.output)")
        #expect(!denied.output.contains("NotThePassword123"))
        let text = try runProcess([opsctlBinary, "probe", database.url])
        #expect(text.status == 0 && text.output.contains("  server      PostgreSQL "), "\(text.output)")
    }

    @Test func proberBadConfigExitsTwoWithThePlace() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("opsctl-bad-\(UUID().uuidString).yaml").path
        try "prober:\n  checks:\n    - name: web\n      module: http_2xx\n      target: http://127.0.0.1/\n      interval: often\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try runProcess([opsctlBinary, "prober", "--config", path, "--listen", "127.0.0.1:0"])
        #expect(result.status == 2)
        #expect(result.output == "opsctl prober: \(path):6:17: prober.checks[0].interval: invalid duration 'often' (expected a number with a unit: ms, s, m, h or d, e.g. 15s, 500ms, 1h30m)\n")
        let blackbox = path + ".yml"
        try "modules:\n  m:\n    prober: http\n    http:\n      compression: gzip\n".write(toFile: blackbox, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: blackbox) }
        let imported = try runProcess([opsctlBinary, "prober", "--blackbox-config", blackbox, "--listen", "127.0.0.1:0"])
        #expect(imported.status == 2 && imported.output.hasPrefix("opsctl prober: \(blackbox):5:7: modules.m.http: 'compression' is a blackbox_exporter http field"),
                "\(imported.output)")
    }

    @Test func sigtermStopsTheProberCleanly() async throws {
        let targets = try ProbeTargets.shared()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("opsctl-prober-\(UUID().uuidString).yaml").path
        try """
            prober:
              checks:
                - {name: hang, module: tcp_hang, target: '127.0.0.1:\(targets.hang)', interval: 30s, timeout: 20s, critical: true}
              modules:
                tcp_hang: {prober: tcp, tcp: {query_response: [{expect: never}]}}
            """.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let port = try freeLoopbackPort()
        let process = try ChildProcess([opsctlBinary, "prober", "--config", path, "--listen", "127.0.0.1:\(port)", "--log-level", "error"])
        var status = 0
        for _ in 0..<60 {
            try await Task.sleep(for: .milliseconds(250))
            if let response = try? await HTTP.get("http://127.0.0.1:\(port)/healthz", timeout: 2) { status = response.status; break }
        }
        #expect(status == 200)
        // A probe is hanging right now (the target never answers, its timeout is 20 s); SIGTERM
        // cancels it and stops at once.
        let readyz = try await HTTP.get("http://127.0.0.1:\(port)/readyz", timeout: 5)
        #expect(readyz.status == 503)
        var inFlight = false
        for _ in 0..<40 where !inFlight {
            inFlight = try await HTTP.get("http://127.0.0.1:\(port)/metrics", timeout: 5).body.contains("\nopsctl_prober_probes_in_flight 1\n")
            if !inFlight { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(inFlight, "the hanging probe is running")
        let started = Date()
        let exit = process.stop(signal: SIGTERM)
        #expect(exit == 0, "exit status \(exit)")
        #expect(Date().timeIntervalSince(started) < 5)
    }
}
