import TestSupport
import Foundation
import OpsCore
@testable import Prober
import Testing

/// The http module against loopback servers this test starts: each fault gives its reason
/// and comes back within its timeout (+1 s for a loaded machine).
@Suite(.serialized) struct HTTPProberTests {
    let http2xx = builtIn("http_2xx")

    @Test func liveTargetSucceedsWithEveryPhaseTimed() async throws {
        let targets = try ProbeTargets.shared()
        let (result, log, _) = await probe(http2xx, targets.url("/ok"))
        #expect(result.success, "\(result.summary)")
        #expect(result.http?.statusCode == 200 && result.http?.version == 1.1 && result.http?.ssl == false)
        #expect(Set(result.phases.keys) == Set(ProbeResult.Phase.allCases))
        #expect((result.phases[.connect] ?? -1) >= 0 && result.duration > 0)
        #expect(log.text.contains("HTTP/1.1 200"))
        let metrics = ExpositionEncoder.encode(ProbeMetrics.families(result, module: http2xx), format: .prometheusText)
        for line in ["probe_success 1", "probe_http_status_code 200", "probe_http_version 1.1", "probe_failed_due_to_regex 0",
                     "probe_http_duration_seconds{phase=\"connect\"}"] {
            #expect(metrics.contains(line), "\(line) in \(metrics)")
        }
        #expect(!metrics.contains("probe_failure_reason"))
    }

    @Test func statusBodyAndRedirectRules() async throws {
        let targets = try ProbeTargets.shared()
        let failed500 = await probe(http2xx, targets.url("/status/500")).result
        #expect(failed500.reason == .status && failed500.http?.statusCode == 500, "\(failed500.summary)")
        #expect(failed500.message.contains("500"))

        let modules = try Prober.ProberConfig(file: OpsCore.ConfigFile.parse(yaml: """
            prober:
              modules:
                wants_500: {prober: http, http: {valid_status_codes: [500]}}
                healthy_body: {prober: http, http: {fail_if_body_not_matches_regexp: ['status: healthy']}}
                no_error_body: {prober: http, http: {fail_if_body_matches_regexp: ['status: \\w+']}}
                no_redirects: {prober: http, http: {follow_redirects: false}}
                tiny_body: {prober: http, http: {body_size_limit: 4}}
            """, source: "test.yaml")).modules
        #expect(await probe(modules["wants_500"]!, targets.url("/status/500")).result.success)
        #expect(await probe(modules["healthy_body"]!, targets.url("/ok")).result.success)
        let notMatched = await probe(modules["healthy_body"]!, targets.url("/status/200")).result
        #expect(notMatched.reason == .body && notMatched.failedDueToRegex == true, "\(notMatched.summary)")
        let matched = await probe(modules["no_error_body"]!, targets.url("/ok")).result
        #expect(matched.reason == .body && matched.failedDueToRegex == true, "\(matched.summary)")
        let metrics = ExpositionEncoder.encode(ProbeMetrics.families(matched, module: modules["no_error_body"]!), format: .prometheusText)
        #expect(metrics.contains("probe_failed_due_to_regex 1") && metrics.contains("probe_failure_reason{reason=\"body\"} 1"))

        let followed = await probe(http2xx, targets.url("/redirect")).result
        #expect(followed.success && followed.http?.redirects == 1, "\(followed.summary)")
        let notFollowed = await probe(modules["no_redirects"]!, targets.url("/redirect")).result
        #expect(notFollowed.reason == .status && notFollowed.http?.statusCode == 302, "\(notFollowed.summary)")
        let tooBig = await probe(modules["tiny_body"]!, targets.url("/ok")).result
        #expect(tooBig.reason == .body, "\(tooBig.summary)")
    }

    @Test func faultsGiveTheirReasonWithinTheTimeout() async throws {
        let targets = try ProbeTargets.shared()
        let cases: [(String, String, FailureReason)] = [
            ("refused port", "http://127.0.0.1:\(try freeLoopbackPort())/", .refused),
            ("accepts, never answers", "http://127.0.0.1:\(targets.hang)/", .timeout),
            ("one byte a second", targets.url("/slow"), .timeout),
            ("unknown host", "http://no-such-host.invalid/", .dns),
        ]
        for (name, target, reason) in cases {
            let (result, _, seconds) = await probe(http2xx, target, timeout: .seconds(2))
            #expect(result.reason == reason, "\(name): \(result.summary)")
            #expect(seconds <= 3, "\(name): returned after \(seconds)s")
            #expect(!result.message.isEmpty)
        }
    }

    @Test func tlsCertificates() async throws {
        let certificates = try TestCertificates.shared()
        let valid = try await TLSServer(cert: certificates.validCert, key: certificates.validKey)
        defer { valid.stop() }
        let expired = try await TLSServer(cert: certificates.expiredCert, key: certificates.expiredKey)
        defer { expired.stop() }

        let selfSigned = await probe(http2xx, "https://127.0.0.1:\(valid.port)/", timeout: .seconds(3))
        #expect(selfSigned.result.reason == .tls, "\(selfSigned.result.summary)")
        #expect(selfSigned.seconds <= 4)
        let old = await probe(http2xx, "https://127.0.0.1:\(expired.port)/", timeout: .seconds(3))
        #expect(old.result.reason == .tls, "\(old.result.summary)")

        let modules = try Prober.ProberConfig(file: OpsCore.ConfigFile.parse(yaml: """
            prober:
              modules:
                own_ca: {prober: http, http: {tls_config: {ca_file: '\(certificates.validCert)'}}}
                insecure: {prober: http, http: {tls_config: {insecure_skip_verify: true}}}
            """, source: "test.yaml")).modules
        let trusted = await probe(modules["own_ca"]!, "https://127.0.0.1:\(valid.port)/", timeout: .seconds(3)).result
        #expect(trusted.success && trusted.http?.ssl == true, "\(trusted.summary)")
        let expiry = try #require(trusted.certificate?.earliestExpiry)
        #expect(expiry > Date().timeIntervalSince1970 && expiry < Date().timeIntervalSince1970 + 2 * 86_400)
        let metrics = ExpositionEncoder.encode(ProbeMetrics.families(trusted, module: modules["own_ca"]!), format: .prometheusText)
        #expect(metrics.contains("probe_ssl_earliest_cert_expiry ") && metrics.contains("probe_http_ssl 1"))

        let skipped = await probe(modules["insecure"]!, "https://127.0.0.1:\(expired.port)/", timeout: .seconds(3)).result
        #expect(skipped.success, "\(skipped.summary)")
        let expiredAt = try #require(skipped.certificate?.earliestExpiry)
        #expect(expiredAt < Date(timeIntervalSince1970: 1_600_000_000).timeIntervalSince1970, "expired in 2020: \(expiredAt)")
    }

    /// An http probe runs in its caller's task (libcurl keeps its timeout): when that task is
    /// cancelled (the prober stopping), a probe of a server that never answers ends at once
    /// with its own message, not at its 20 s timeout.
    @Test func cancellingAHangingProbeEndsItAtOnce() async throws {
        let targets = try ProbeTargets.shared()
        let task = Task { await probe(http2xx, "http://127.0.0.1:\(targets.hang)/", timeout: .seconds(20)) }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        let (result, _, seconds) = await task.value
        #expect(!result.success && result.reason == .timeout, "\(result.summary)")
        #expect(result.message == "cancelled before a result: the prober is stopping", "\(result.message)")
        #expect(seconds < 5, "returned after \(seconds)s")
    }
}
