import Foundation
import HTTPClient

/// blackbox_exporter's http prober over libcurl: one request, every phase timed, the status
/// code, HTTP version, TLS and the body checked against the module.
///
/// Failures: `timeout`, `refused`, `dns`, `tls`, `network` (from the client), `status` (a
/// status code or HTTP version the module does not accept, too many redirects, SSL where
/// none is wanted or none where it is), `body` (a regex or the size limit).
struct HTTPProber: TargetProber {
    let config: HTTPModuleConfig
    let client: HTTPClient
    /// libcurl ends the request at the timeout; a cancelled task drops it at once.
    var endsByItsTimeout: Bool { true }

    static func validate(target: String) throws(TargetError) {
        guard let url = URL(string: target), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty else {
            throw TargetError("an http target is an http:// or https:// URL with a host, e.g. https://svc.internal/health (got '\(Redaction.url(target))')")
        }
    }

    func probe(target: String, timeout: Duration, log: ProbeLog) async -> ProbeResult {
        let startedAt = Date()
        let started = ContinuousClock.now
        var request = HTTPRequest(url: target, method: config.method, timeout: timeout)
        request.headers = config.headers.map { HTTPHeader(name: $0.name, value: $0.value) }
        request.body = config.body.map { Array($0.utf8) }
        request.followRedirects = config.followRedirects
        request.tls = config.tls.options
        request.ipVersion = config.ipPreference.clientVersion
        if let limit = config.bodySizeLimit { request.maxBodyBytes = limit }
        log.add("\(config.method) \(Redaction.url(target)) (timeout \(ProbeDeadline.format(timeout)))")

        let response: HTTPResponse
        do {
            response = try await client.send(request)
        } catch {
            let duration = (ContinuousClock.now - started).seconds
            log.add("request failed (\(error.kind.rawValue)): \(error.message)")
            var result = ProbeResult.failure(error.kind.reason, error.plainWords(timeout: timeout), startedAt: startedAt, duration: duration)
            result.phases = error.timings.phases
            return result
        }
        let duration = (ContinuousClock.now - started).seconds
        log.add("HTTP/\(response.httpVersion) \(response.status), \(response.bodyBytesRead) body bytes, \(response.redirects) redirects")
        let ssl = response.effectiveURL.lowercased().hasPrefix("https://")
        let facts = ProbeResult.HTTPFacts(statusCode: response.status, version: Double(response.httpVersion) ?? 0,
                                          redirects: response.redirects, bodyBytes: response.bodyBytesRead, ssl: ssl)
        var result = ProbeResult(success: true, message: "HTTP \(response.status) in \(DecimalText.fixed(duration))s",
                                 duration: duration, startedAt: startedAt, phases: response.timings.phases, http: facts,
                                 certificate: response.certificate.map(\.facts),
                                 failedDueToRegex: false)
        if let failure = judge(response, ssl: ssl, log: log) {
            result.success = false
            result.reason = failure.reason
            result.message = failure.message
            result.failedDueToRegex = failure.regex
        }
        return result
    }

    /// The first rule of the module the response breaks, if any.
    private func judge(_ response: HTTPResponse, ssl: Bool, log: ProbeLog) -> (reason: FailureReason, message: String, regex: Bool)? {
        let statusOK = config.validStatusCodes.isEmpty ? (200...299).contains(response.status)
                                                       : config.validStatusCodes.contains(response.status)
        if !statusOK {
            let wanted = config.validStatusCodes.isEmpty ? "2xx" : config.validStatusCodes.map(String.init).joined(separator: ", ")
            return (.status, "status code \(response.status) is not one of the valid ones (\(wanted))", false)
        }
        if !config.validHTTPVersions.isEmpty {
            let version = Double(response.httpVersion) ?? 0
            if !config.validHTTPVersions.contains(where: { HTTPModuleConfig.version(named: $0) == version }) {
                return (.status, "HTTP version \(response.httpVersion) is not one of \(config.validHTTPVersions.joined(separator: ", "))", false)
            }
        }
        if config.failIfSSL && ssl { return (.status, "the final URL is https and the module has fail_if_ssl", false) }
        if config.failIfNotSSL && !ssl { return (.tls, "the final URL is not https and the module has fail_if_not_ssl", false) }
        if response.bodyTruncated, let limit = config.bodySizeLimit {
            return (.body, "the body is larger than body_size_limit (\(limit) bytes)", false)
        }
        let body = String(decoding: response.body, as: UTF8.self)
        for pattern in config.failIfBodyMatches where pattern.matches(body) {
            log.add("body matched fail_if_body_matches_regexp \(pattern)")
            return (.body, "the body matches '\(pattern)' (fail_if_body_matches_regexp)", true)
        }
        for pattern in config.failIfBodyNotMatches where !pattern.matches(body) {
            log.add("body did not match fail_if_body_not_matches_regexp \(pattern)")
            return (.body, "the body does not match '\(pattern)' (fail_if_body_not_matches_regexp)", true)
        }
        return nil
    }
}

extension HTTPClientError {
    /// The failure in plain words first, libcurl's own message after it.
    func plainWords(timeout: Duration) -> String {
        let lead: String
        switch kind {
        case .timeout, .cancelled: lead = "no complete answer within the timeout of \(ProbeDeadline.format(timeout))"
        case .refused: lead = "the connection was refused (nothing listens on the port, or a firewall rejects it)"
        case .dns: lead = "the host name does not resolve"
        case .tls: lead = "the TLS handshake failed (certificate not trusted, expired or for another name, or no TLS)"
        case .network: lead = "a network error ended the exchange"
        case .invalidRequest: lead = "the request cannot be sent"
        case .tooManyRedirects: lead = "too many redirects"
        }
        return "\(lead); libcurl: \(message)"
    }
}

extension HTTPClientError.Kind {
    var reason: FailureReason {
        switch self {
        case .timeout, .cancelled: return .timeout
        case .refused: return .refused
        case .dns: return .dns
        case .tls: return .tls
        case .network, .invalidRequest: return .network
        case .tooManyRedirects: return .status
        }
    }
}

extension PhaseTimings {
    var phases: [ProbeResult.Phase: Double] {
        [.resolve: resolve, .connect: connect, .tls: tls, .processing: processing, .transfer: transfer]
    }
}

extension CertificateFacts {
    var facts: ProbeResult.CertificateFacts {
        ProbeResult.CertificateFacts(earliestExpiry: earliestExpiry, subject: subject, issuer: issuer)
    }
}

extension TLSSettings {
    var options: TLSOptions {
        TLSOptions(verify: !insecureSkipVerify, caFile: caFile, certFile: certFile, keyFile: keyFile, serverName: serverName)
    }
}

extension IPPreference {
    var clientVersion: IPVersion {
        switch self {
        case .any: return .any
        case .v4: return .v4
        case .v6: return .v6
        }
    }
}
