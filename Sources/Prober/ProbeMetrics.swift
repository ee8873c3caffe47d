import OpsCore

/// A probe result as metric families with blackbox_exporter's names (so its dashboards
/// keep working), plus `probe_failure_reason` and the PostgreSQL facts. `labels` are
/// added to every sample (`check` and `module` on `/metrics`; none on `/probe`, where
/// Prometheus adds the target's own).
enum ProbeMetrics {
    static func families(_ result: ProbeResult, module: ModuleConfig, labels: [Label] = []) -> [MetricFamily] {
        func gauge(_ name: String, _ help: String, _ value: Double, _ extra: [Label] = []) -> MetricFamily {
            MetricFamily(name: name, help: help, type: .gauge, samples: [Sample(labels: labels + extra, value: value)])
        }
        var families = [
            gauge("probe_success", "Whether the probe succeeded (1) or failed (0).", result.success ? 1 : 0),
            gauge("probe_duration_seconds", "How long the probe took to complete in seconds.", result.duration),
        ]
        if let reason = result.reason {
            families.append(gauge("probe_failure_reason", "Why the probe failed: 1 for the reason of the failure (absent on success).",
                                  1, [Label(name: "reason", value: reason.rawValue)]))
        }
        switch module.settings {
        case .http, .gmail:
            let http = result.http
            families.append(MetricFamily(
                name: "probe_http_duration_seconds", help: "Duration of http request by phase, summed over all redirects.",
                type: .gauge, samples: ProbeResult.Phase.allCases.map { phase in
                    Sample(labels: labels + [Label(name: "phase", value: phase.rawValue)], value: result.phases[phase] ?? 0)
                }))
            families.append(gauge("probe_http_status_code", "Response HTTP status code.", Double(http?.statusCode ?? 0)))
            families.append(gauge("probe_http_version", "Returns the version of HTTP of the probe response.", http?.version ?? 0))
            families.append(gauge("probe_http_redirects", "The number of redirects.", Double(http?.redirects ?? 0)))
            families.append(gauge("probe_http_content_length", "Length of http content response (bytes read, capped).",
                                  Double(http?.bodyBytes ?? 0)))
            families.append(gauge("probe_http_ssl", "Indicates if SSL was used for the final redirect.", http?.ssl == true ? 1 : 0))
        case .tcp, .postgres:
            break
        }
        if let resolve = result.phases[.resolve] {
            families.append(gauge("probe_dns_lookup_time_seconds", "Returns the time taken for probe dns lookup in seconds.", resolve))
        }
        if let certificate = result.certificate {
            families.append(gauge("probe_ssl_earliest_cert_expiry", "Returns last SSL chain expiry in unixtime.", certificate.earliestExpiry))
        }
        if let regex = result.failedDueToRegex {
            families.append(gauge("probe_failed_due_to_regex", "Indicates if probe failed due to regex.", regex ? 1 : 0))
        }
        if let postgres = result.postgres {
            families.append(gauge("probe_postgres_standby", "Whether the server is a standby (1) or a primary (0).", postgres.standby ? 1 : 0))
            families.append(gauge("probe_postgres_info", "The server's version.", 1,
                                  [Label(name: "server_version", value: postgres.serverVersion)]))
            families.append(MetricFamily(
                name: "probe_postgres_duration_seconds", help: "Duration of the PostgreSQL probe by phase.", type: .gauge,
                samples: [
                    Sample(labels: labels + [Label(name: "phase", value: "connect")], value: postgres.connectSeconds),
                    Sample(labels: labels + [Label(name: "phase", value: "query")], value: postgres.querySeconds),
                ]))
        }
        return families
    }
}
