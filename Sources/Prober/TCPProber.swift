import Foundation
import HTTPClient

/// blackbox_exporter's tcp prober: connect (optionally with TLS), send the module's lines,
/// and read until every `expect` regex has matched.
///
/// Failures: `timeout`, `refused`, `dns`, `tls`, `network` (from the client), `body` (the
/// answer ended or the connection closed before every expectation matched).
struct TCPProber: TargetProber {
    let config: TCPModuleConfig
    let client: HTTPClient

    static func validate(target: String) throws(TargetError) {
        _ = try split(target)
    }

    /// `host:port` or `[v6]:port`.
    static func split(_ target: String) throws(TargetError) -> (host: String, port: Int) {
        let failure = TargetError("a tcp target is HOST:PORT, e.g. db.internal:5432 or [::1]:6379 (got '\(target)')")
        guard let colon = target.lastIndex(of: ":") else { throw failure }
        var host = String(target[..<colon])
        guard let port = Int(target[target.index(after: colon)...]), (1...65535).contains(port) else { throw failure }
        if host.hasPrefix("[") && host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
        } else if host.contains(":") || host.contains("/") {
            throw failure
        }
        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace }) else { throw failure }
        return (host, port)
    }

    func probe(target: String, timeout: Duration, log: ProbeLog) async -> ProbeResult {
        let startedAt = Date()
        let started = ContinuousClock.now
        let endpoint: (host: String, port: Int)
        do { endpoint = try Self.split(target) } catch { return .failure(.network, error.message, startedAt: startedAt) }
        let expectations = config.expectations
        var request = TCPRequest(host: endpoint.host, port: endpoint.port, timeout: timeout)
        request.tls = config.tls ? config.tlsConfig.options : nil
        request.send = config.sendBytes
        request.ipVersion = config.ipPreference.clientVersion
        if !expectations.isEmpty {
            request.until = { received in Self.allMatch(expectations, String(decoding: received, as: UTF8.self)) }
        }
        log.add("connecting to \(target)\(config.tls ? " with TLS" : "") (timeout \(ProbeDeadline.format(timeout)))")
        let response: TCPResponse
        do {
            response = try await client.exchange(request)
        } catch {
            let duration = (ContinuousClock.now - started).seconds
            log.add("failed (\(error.kind.rawValue)): \(error.message)")
            var result = ProbeResult.failure(error.kind.reason, error.plainWords(timeout: timeout), startedAt: startedAt, duration: duration)
            result.phases = error.timings.phases
            if !expectations.isEmpty, error.kind == .timeout { result.failedDueToRegex = false }
            return result
        }
        let duration = (ContinuousClock.now - started).seconds
        let text = String(decoding: response.received, as: UTF8.self)
        log.add("received \(response.received.count) bytes (\(response.end.rawValue))")
        var result = ProbeResult(success: true, message: "connected\(config.tls ? " with TLS" : "") in \(String(format: "%.3f", duration))s",
                                 duration: duration, startedAt: startedAt, phases: response.timings.phases,
                                 certificate: response.certificate.map(\.facts),
                                 failedDueToRegex: expectations.isEmpty ? nil : false)
        if let missing = expectations.first(where: { !$0.matches(text) }) {
            result.success = false
            result.reason = .body
            result.failedDueToRegex = true
            result.message = "the answer (\(response.received.count) bytes, \(response.end.rawValue)) does not match '\(missing)'"
        }
        return result
    }

    /// Every expectation matches somewhere in what was received so far.
    static func allMatch(_ patterns: [Pattern], _ text: String) -> Bool {
        patterns.allSatisfy { $0.matches(text) }
    }
}
