import Foundation
import OpsCore
@testable import Prober
import Testing

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
        let (module, tokenFile) = try gmail(url: "http://127.0.0.1:\(try refusedPort())/gmail/v1/users/me/profile", token: "good-token")
        defer { try? FileManager.default.removeItem(atPath: tokenFile) }
        let down = await probe(module, "http://127.0.0.1:\(try refusedPort())/")
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
}
