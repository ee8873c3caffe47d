import Foundation
import OpsCore
@testable import Prober
import Testing
import TestSupport

/// The gmail module against a loopback server that answers as Google's APIs do.
@Suite(.serialized) struct GmailProberTests {
    func gmail(url: String, token: String) throws -> (ModuleConfig, String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("opsctl-token-\(UUID().uuidString)").path
        try (token + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let module = try module("prober:\n  modules:\n    g:\n      prober: gmail\n      gmail: {url: '\(url)', token_file: '\(path)'}\n", "g")
        return (module, path)
    }

    @Test func tellsAuthQuotaAndNetworkApart() async throws {
        let targets = try ProbeTargets.shared()
        let cases: [(path: String, token: String, reason: FailureReason?)] = [
            ("/gmail/profile", "good-token", nil),
            ("/gmail/profile", "revoked-token-4711", .auth),
            ("/gmail/quota", "good-token", .quota),
            ("/gmail/ratelimit", "good-token", .quota),
            ("/gmail/scopes", "good-token", .auth),
            ("/status/503", "good-token", .status),
        ]
        for item in cases {
            let url = targets.url(item.path)
            let (module, tokenFile) = try gmail(url: url, token: item.token)
            defer { try? FileManager.default.removeItem(atPath: tokenFile) }
            let (result, log, _) = await probe(module, url)
            #expect(result.reason == item.reason, "\(item.path) with \(item.token): \(result.summary)")
            let metrics = ExpositionEncoder.encode(ProbeMetrics.families(result, module: module), format: .prometheusText)
            for text in [result.message, log.text, metrics] {
                #expect(!text.contains(item.token), "the token leaked: \(text)")
            }
        }
        let (module, tokenFile) = try gmail(url: "http://127.0.0.1:\(try freeLoopbackPort())/gmail/v1/users/me/profile", token: "good-token")
        defer { try? FileManager.default.removeItem(atPath: tokenFile) }
        let down = await probe(module, "http://127.0.0.1:\(try freeLoopbackPort())/")
        #expect(down.result.reason == .refused, "\(down.result.summary)")
    }

    @Test func tokenFromTheEnvironmentAndMissingToken() async throws {
        let targets = try ProbeTargets.shared()
        let module = try module("prober:\n  modules:\n    g:\n      prober: gmail\n      gmail: {token_env: PROBE_TOKEN}\n", "g")
        let ok = await probe(module, targets.url("/gmail/profile"), environment: ["PROBE_TOKEN": "good-token"]).result
        #expect(ok.success, "\(ok.summary)")
        let missing = await probe(module, targets.url("/gmail/profile"), environment: [:]).result
        #expect(missing.reason == .auth && missing.message.contains("PROBE_TOKEN"), "\(missing.summary)")
    }

    /// `oauth:` against the loopback token endpoint of scripts/probe-targets.py: the access
    /// token is fetched once and cached until shortly before `expires_in`; a revoked refresh
    /// token is `auth`, a token endpoint that is down is not.
    @Test func oauthRefreshCachesAndTellsAuthFromAnOutage() async throws {
        let targets = try ProbeTargets.shared()
        let secretFile = FileManager.default.temporaryDirectory.appendingPathComponent("opsctl-client-secret-\(UUID().uuidString)").path
        try "probe-secret\n".write(toFile: secretFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: secretFile) }
        let environment = ["G_CLIENT": "probe-client", "G_REFRESH": "good-refresh", "G_REVOKED": "revoked-refresh"]
        func oauth(_ tokenURL: String, refresh: String = "G_REFRESH") throws -> ModuleConfig {
            try module("""
                prober:
                  modules:
                    g:
                      prober: gmail
                      gmail:
                        url: '\(targets.url("/gmail/profile"))'
                        oauth: {token_url: '\(tokenURL)', client_id_env: G_CLIENT, client_secret_file: '\(secretFile)', refresh_token_env: \(refresh)}
                """, "g")
        }
        // One factory, as one prober has: its token cache lives as long as it does.
        let factory = ProberFactory(client: sharedClient, environment: environment)
        var outputs: [String] = []
        func run(_ module: ModuleConfig) async -> (result: ProbeResult, log: String) {
            let log = ProbeLog()
            let result = await factory.run(module, target: targets.url("/gmail/profile"), timeout: .seconds(3), log: log)
            outputs += [result.message, log.text, ExpositionEncoder.encode(ProbeMetrics.families(result, module: module), format: .prometheusText)]
            return (result, log.text)
        }
        func tokenRequests() async throws -> Int {
            Int(try await HTTP.get(targets.url("/oauth/count")).body.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        }

        let start = try await tokenRequests()
        let cached = try oauth(targets.url("/oauth/token"))
        let first = await run(cached)
        #expect(first.result.success, "\(first.result.summary)\n\(first.log)")
        let second = await run(cached)
        #expect(second.result.success && second.log.contains("using the cached access token"), "\(second.log)")
        #expect(try await tokenRequests() - start == 1, "a token valid for an hour is fetched once")

        // A token that lives 1 s is kept 0.9 s, then fetched again.
        let brief = try oauth(targets.url("/oauth/token?expires_in=1"))
        #expect(await run(brief).result.success)
        try await Task.sleep(for: .milliseconds(1100))
        #expect(await run(brief).result.success)
        #expect(try await tokenRequests() - start == 3)

        // A token the API rejects is forgotten: the next probe fetches another.
        let rejected = try oauth(targets.url("/oauth/token?issue=rejected"))
        #expect(await run(rejected).result.reason == .auth)
        #expect(await run(rejected).result.reason == .auth)
        #expect(try await tokenRequests() - start == 5)

        let revoked = await run(try oauth(targets.url("/oauth/token"), refresh: "G_REVOKED")).result
        #expect(revoked.reason == .auth && revoked.message.contains("invalid_grant") && revoked.message.contains("revoked"), "\(revoked.summary)")
        let down = await run(try oauth(targets.url("/oauth/down"))).result
        #expect(down.reason == .status && down.message.contains("the token endpoint") && down.message.contains("503"), "\(down.summary)")
        let refused = await run(try oauth("http://127.0.0.1:\(try freeLoopbackPort())/token")).result
        #expect(refused.reason == .refused && refused.message.contains("the token endpoint"), "\(refused.summary)")
        let unset = await run(try oauth(targets.url("/oauth/token"), refresh: "G_UNSET")).result
        #expect(unset.reason == .auth && unset.message.contains("G_UNSET"), "\(unset.summary)")

        for text in outputs {
            for secret in ["good-refresh", "revoked-refresh", "probe-secret", "good-token", "rejected-access-token"] {
                #expect(!text.contains(secret), "\(secret) leaked: \(text)")
            }
        }
    }

    @Test func oauthConfigurationErrorsNameThePlace() {
        func error(_ gmail: String) -> String {
            do {
                _ = try modules("prober:\n  modules:\n    g:\n      prober: gmail\n      gmail: \(gmail)\n")
                return ""
            } catch {
                return "\(error)"
            }
        }
        let both = error("{token_env: T, oauth: {client_id_env: A, client_secret_env: B, refresh_token_env: C}}")
        #expect(both.hasPrefix("test.yaml:5:26: prober.modules.g.gmail.token_env:") && both.contains("give an access token (token_file, token_env) or oauth, not both"), "\(both)")
        let missing = error("{oauth: {client_id_env: A, client_secret_env: B}}")
        #expect(missing.contains("refresh_token_file or refresh_token_env is required"), "\(missing)")
        let twice = error("{oauth: {client_id_env: A, client_id_file: /x, client_secret_env: B, refresh_token_env: C}}")
        #expect(twice.contains("give client_id_file or client_id_env, not both"), "\(twice)")
        let url = error("{oauth: {token_url: 'ftp://x', client_id_env: A, client_secret_env: B, refresh_token_env: C}}")
        #expect(url.contains("token_url must be an http:// or https:// URL"), "\(url)")
        let hostless = error("{url: 'https://', token_env: T}")
        #expect(hostless.contains("prober.modules.g.gmail.url: url must be an http:// or https:// URL, found 'https://'"), "\(hostless)")
    }
}
