import Foundation

/// `opsctl probe`'s output: a probe result as text for a person or JSON for a script.
/// Formats only; the prober decided.
public enum ProbeReport {
    public static func text(_ result: ProbeResult, probe: OneShotProbe) -> String {
        var lines = ["probe \(probe.displayTarget) with module \(probe.module.name) (\(probe.module.settings.proberName)), timeout \(ProbeDeadline.format(probe.timeout))"]
        func seconds(_ value: Double) -> String { String(format: "%.4fs", value) }
        if !result.phases.isEmpty {
            for phase in ProbeResult.Phase.allCases {
                lines.append("  \(phase.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(seconds(result.phases[phase] ?? 0))")
            }
        }
        if let postgres = result.postgres {
            lines.append("  connect     \(seconds(postgres.connectSeconds))")
            lines.append("  query       \(seconds(postgres.querySeconds))")
            lines.append("  server      PostgreSQL \(postgres.serverVersion), \(postgres.standby ? "standby (in recovery)" : "primary")")
        }
        lines.append("  total       \(seconds(result.duration))")
        if let http = result.http {
            lines.append("  status      \(http.statusCode), HTTP \(versionText(http.version)), \(http.bodyBytes) body bytes, \(http.redirects) redirects")
        }
        if let certificate = result.certificate {
            let expiry = Date(timeIntervalSince1970: certificate.earliestExpiry)
            let days = Int((certificate.earliestExpiry - Date().timeIntervalSince1970) / 86_400)
            lines.append("  certificate earliest expiry \(ISO8601DateFormatter().string(from: expiry)) (\(days) days), subject \(certificate.subject), issuer \(certificate.issuer)")
        }
        if result.success {
            lines.append("OK: \(result.message)")
        } else {
            lines.append("FAILED (\(result.reason?.rawValue ?? "error")): \(result.message)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func json(_ result: ProbeResult, probe: OneShotProbe) -> String {
        struct Body: Encodable {
            var target: String
            var module: String
            var prober: String
            var timeoutSeconds: Double
            var success: Bool
            var reason: FailureReason?
            var message: String
            var durationSeconds: Double
            var phases: [String: Double]?
            var http: HTTP?
            var certificate: Certificate?
            var postgres: Postgres?
            var failedDueToRegex: Bool?

            enum CodingKeys: String, CodingKey {
                case target, module, prober, success, reason, message, phases, http, certificate, postgres
                case timeoutSeconds = "timeout_seconds", durationSeconds = "duration_seconds", failedDueToRegex = "failed_due_to_regex"
            }
        }
        struct HTTP: Encodable {
            var status_code: Int
            var version: String
            var body_bytes: Int
            var redirects: Int
            var ssl: Bool
        }
        struct Certificate: Encodable {
            var earliest_expiry: Double
            var subject: String
            var issuer: String
        }
        struct Postgres: Encodable {
            var server_version: String
            var standby: Bool
            var connect_seconds: Double
            var query_seconds: Double
        }
        let body = Body(
            target: probe.displayTarget, module: probe.module.name, prober: probe.module.settings.proberName,
            timeoutSeconds: probe.timeout.seconds, success: result.success, reason: result.reason, message: result.message,
            durationSeconds: result.duration,
            phases: result.phases.isEmpty ? nil : Dictionary(uniqueKeysWithValues: result.phases.map { ($0.key.rawValue, $0.value) }),
            http: result.http.map { HTTP(status_code: $0.statusCode, version: versionText($0.version), body_bytes: $0.bodyBytes,
                                         redirects: $0.redirects, ssl: $0.ssl) },
            certificate: result.certificate.map { Certificate(earliest_expiry: $0.earliestExpiry, subject: $0.subject, issuer: $0.issuer) },
            postgres: result.postgres.map { Postgres(server_version: $0.serverVersion, standby: $0.standby,
                                                      connect_seconds: $0.connectSeconds, query_seconds: $0.querySeconds) },
            failedDueToRegex: result.failedDueToRegex)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(body)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func versionText(_ version: Double) -> String {
        version == 0 ? "unknown" : (version == version.rounded() ? String(Int(version)) : String(version))
    }
}
