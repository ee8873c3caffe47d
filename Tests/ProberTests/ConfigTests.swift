import Foundation
import OpsCore
@testable import Prober
import Testing

/// The `prober:` section and blackbox.yml import: what is accepted, and every refusal names
/// file:line:column.
@Suite struct ConfigTests {
    func write(_ text: String, _ suffix: String = "yaml") throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("opsctl-prober-\(UUID().uuidString).\(suffix)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func resolve(_ yaml: String, blackbox: String? = nil, environment: [String: String] = [:]) throws -> ProberSettings {
        let path = try write(yaml)
        let blackboxPath = try blackbox.map { try write($0, "yml") }
        defer {
            try? FileManager.default.removeItem(atPath: path)
            if let blackboxPath { try? FileManager.default.removeItem(atPath: blackboxPath) }
        }
        return try ProberSettings.resolve(flags: .init(configPath: path, blackboxConfigPath: blackboxPath), environment: environment)
    }

    /// The error text with the temporary file's path replaced by FILE.
    func failure(_ yaml: String, blackbox: String? = nil, environment: [String: String] = [:]) -> String? {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("opsctl-prober-\(UUID().uuidString).yaml").path
        let blackboxPath = blackbox.map { _ in path + ".blackbox.yml" }
        try? yaml.write(toFile: path, atomically: true, encoding: .utf8)
        if let blackbox, let blackboxPath { try? blackbox.write(toFile: blackboxPath, atomically: true, encoding: .utf8) }
        defer {
            try? FileManager.default.removeItem(atPath: path)
            if let blackboxPath { try? FileManager.default.removeItem(atPath: blackboxPath) }
        }
        do {
            _ = try ProberSettings.resolve(flags: .init(configPath: path, blackboxConfigPath: blackboxPath), environment: environment)
            return nil
        } catch {
            var text = "\(error)"
            if let blackboxPath { text = text.replacingOccurrences(of: blackboxPath, with: "BLACKBOX") }
            return text.replacingOccurrences(of: path, with: "FILE")
        }
    }

    @Test func checksAndModulesAreRead() throws {
        let settings = try resolve("""
            prober:
              listen: 127.0.0.1:9999
              max_in_flight: 4
              allow_targets: ['https://.*\\.internal/.*']
              modules:
                web_up:
                  prober: http
                  timeout: 3s
                  http:
                    valid_status_codes: [200, 204]
                    method: HEAD
                    headers: {X-Probe: opsctl}
                    fail_if_body_not_matches_regexp: ['healthy']
              checks:
                - name: web
                  module: web_up
                  target: http://127.0.0.1:8080/health
                  interval: 10s
                  critical: true
                - name: db
                  module: postgres
                  target_env: DATABASE_URL
                  interval: 1m
                  jitter: 5s
            """, environment: ["DATABASE_URL": "postgresql://reader:s3cret@127.0.0.1:5432/gmailsvc"])
        #expect(settings.listen == ListenAddress(host: "127.0.0.1", port: 9999))
        #expect(settings.config.maxInFlight == 4)
        #expect(settings.checks.map(\.name) == ["web", "db"])
        let web = settings.checks[0]
        #expect(web.timeout == .seconds(3) && web.interval == .seconds(10) && web.critical && web.jitter == .seconds(1))
        guard case .http(let http) = web.module.settings else { Issue.record("not http"); return }
        #expect(http.validStatusCodes == [200, 204] && http.method == "HEAD" && http.headers.first?.value == "opsctl")
        #expect(http.failIfBodyNotMatches.map(\.source) == ["healthy"])
        let db = settings.checks[1]
        #expect(db.target == "postgresql://reader:s3cret@127.0.0.1:5432/gmailsvc")
        #expect(!db.displayTarget.contains("s3cret"), "\(db.displayTarget)")
        #expect(db.timeout == .seconds(5) && db.jitter == .seconds(5) && !db.critical)
        #expect(settings.config.allowTargets.first?.matchesWhole("https://svc.internal/health") == true)
    }

    /// Modules from blackbox_exporter's own example.yml move over unchanged.
    @Test func blackboxModulesAreImported() throws {
        let settings = try resolve("""
            prober:
              checks:
                - {name: ssh, module: ssh_banner, target: '127.0.0.1:22'}
            """, blackbox: """
            modules:
              http_2xx:
                prober: http
                http:
                  preferred_ip_protocol: "ip4"
              http_post_2xx:
                prober: http
                timeout: 5s
                http:
                  method: POST
                  headers:
                    Content-Type: application/json
                  body: '{}'
                  valid_http_versions: ["HTTP/1.1", "HTTP/2.0"]
                  follow_redirects: false
                  fail_if_ssl: false
                  fail_if_not_ssl: false
                  fail_if_body_matches_regexp:
                    - "Could not connect to database"
                  tls_config:
                    insecure_skip_verify: false
                  ip_protocol_fallback: false
                  preferred_ip_protocol: ip4
              tcp_connect:
                prober: tcp
              ssh_banner:
                prober: tcp
                tcp:
                  query_response:
                  - expect: "^SSH-2.0-"
                  - send: "SSH-2.0-blackbox-ssh-check"
            """)
        let modules = settings.config.modules
        guard case .http(let post) = modules["http_post_2xx"]?.settings else { Issue.record("http_post_2xx"); return }
        #expect(post.method == "POST" && post.body == "{}" && !post.followRedirects && post.ipPreference == .v4)
        #expect(post.validHTTPVersions == ["HTTP/1.1", "HTTP/2.0"])
        #expect(post.failIfBodyMatches.first?.matches("ERROR: Could not connect to database") == true)
        guard case .http(let plain) = modules["http_2xx"]?.settings else { Issue.record("http_2xx"); return }
        #expect(plain.ipPreference == .any, "ip4 preferred with fallback: either family")
        guard case .tcp(let ssh) = settings.checks.first?.module.settings else { Issue.record("ssh_banner"); return }
        #expect(ssh.queryResponse.map { $0.expect?.source } == ["^SSH-2.0-", nil])
        #expect(ssh.queryResponse.map(\.send) == [nil, "SSH-2.0-blackbox-ssh-check"])
        // Nothing is sent before the banner has come.
        #expect(ssh.script.replay([], ended: false).sends.isEmpty)
        #expect(ssh.script.replay(Array("SSH-2.0-OpenSSH_9.2\r\n".utf8), ended: false).sends == [Array("SSH-2.0-blackbox-ssh-check\n".utf8)])
    }

    @Test func unsupportedBlackboxFieldIsAnErrorAtItsPlace() {
        let message = failure("prober: {}\n", blackbox: """
            modules:
              http_2xx:
                prober: http
                http:
                  basic_auth:
                    username: u
            """)
        #expect(message == "BLACKBOX:5:7: modules.http_2xx.http: 'basic_auth' is a blackbox_exporter http field opsctl does not support; remove it (supported: \(HTTPModuleConfig.keys.joined(separator: ", ")))")
        let icmp = failure("prober: {}\n", blackbox: "modules:\n  ping:\n    prober: icmp\n    icmp: {}\n")
        #expect(icmp?.hasPrefix("BLACKBOX:4:5: modules.ping: 'icmp' is a blackbox_exporter module field opsctl does not support") == true, "\(icmp ?? "")")
        let starttls = failure("prober: {}\n", blackbox: "modules:\n  smtp:\n    prober: tcp\n    tcp:\n      query_response:\n        - starttls: true\n")
        #expect(starttls?.hasPrefix("BLACKBOX:6:11: modules.smtp.tcp.query_response[0]: 'starttls' is a blackbox_exporter tcp query_response field") == true,
                "\(starttls ?? "")")
        let typo = failure("prober:\n  modules:\n    m:\n      prober: http\n      http:\n        valid_status_code: [200]\n")
        #expect(typo?.hasPrefix("FILE:6:9: prober.modules.m.http: unknown key 'valid_status_code' (expected one of: valid_status_codes,") == true, "\(typo ?? "")")
    }

    @Test func refusalsNameThePlace() {
        #expect(failure("prober:\n  checks:\n    - {name: a, module: http_2xx, target: 'http://x/', interval: 5s, timeout: 5s}\n")
                == "FILE:3:79: prober.checks[0].timeout: check 'a': the timeout (5s) must be shorter than the interval (5s)")
        #expect(failure("prober:\n  checks:\n    - name: g\n      module: gmail\n      interval: 30s\n")
                == "FILE:5:17: prober.checks[0].interval: check 'g': a gmail check costs Gmail API quota on every run; its interval must be at least 1m")
        #expect(failure("prober:\n  checks:\n    - {name: g, module: gmail}\n")?.hasSuffix("its interval must be at least 1m (the default is 30s; set interval)") == true)
        #expect(failure("prober:\n  checks:\n    - {name: a, module: nope, target: x}\n")?
            .hasPrefix("FILE:3:7: prober.checks[0]: check 'a' names module 'nope', which is not defined (known: gmail, http_2xx, postgres, tcp_connect)") == true)
        #expect(failure("prober:\n  checks:\n    - {name: a, module: tcp_connect, target: 'no-port'}\n")
                == "FILE:3:7: prober.checks[0]: check 'a': a tcp target is HOST:PORT, e.g. db.internal:5432 or [::1]:6379 (got 'no-port')")
        #expect(failure("prober:\n  checks:\n    - {name: a, module: postgres, target_env: NOPE_URL}\n")
                == "FILE:3:7: prober.checks[0]: check 'a': target_env NOPE_URL is not set in the environment")
        #expect(failure("prober:\n  modules:\n    m:\n      prober: http\n      http:\n        fail_if_body_matches_regexp: ['(']\n")?
            .hasPrefix("FILE:6:39: prober.modules.m.http.fail_if_body_matches_regexp[0]: invalid regular expression '('") == true)
        #expect(failure("prober:\n  checks:\n    - {name: a, module: http_2xx, target: 'http://x/'}\n    - {name: a, module: http_2xx, target: 'http://y/'}\n")
                == "FILE:4:7: prober.checks[1]: check name 'a' is used twice")
        #expect(failure("prober:\n  max_in_flight: 0\n") == "FILE:2:18: prober.max_in_flight: max_in_flight must be between 1 and 1024")
    }
}
