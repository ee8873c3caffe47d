import Foundation
import HTTPClient

/// blackbox_exporter's tcp prober: connect (optionally with TLS), then go through the
/// module's `query_response` steps in order (`QueryResponse`).
///
/// Failures: `timeout`, `refused`, `dns`, `tls`, `network` (from the client), `body` (the
/// answer ended, or the connection closed, before a step's `expect` matched a line).
struct TCPProber: TargetProber {
    let config: TCPModuleConfig
    let client: HTTPClient
    /// libcurl ends the request at the timeout; a cancelled task drops it at once.
    var endsByItsTimeout: Bool { true }

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
        let script = config.script
        var request = TCPRequest(host: endpoint.host, port: endpoint.port, timeout: timeout)
        request.tls = config.tls ? config.tlsConfig.options : nil
        request.ipVersion = config.ipPreference.clientVersion
        if !script.isEmpty {
            request.dialogue = { received in
                let progress = script.replay(received, ended: false)
                return TCPTurn(sends: progress.sends, done: progress.outcome == .finished)
            }
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
            if script.expects, error.kind == .timeout { result.failedDueToRegex = false }
            return result
        }
        let duration = (ContinuousClock.now - started).seconds
        log.add("received \(response.received.count) bytes (\(response.end.rawValue))")
        var result = ProbeResult(success: true, message: "connected\(config.tls ? " with TLS" : "") in \(DecimalText.fixed(duration))s",
                                 duration: duration, startedAt: startedAt, phases: response.timings.phases,
                                 certificate: response.certificate.map(\.facts),
                                 failedDueToRegex: script.expects ? false : nil)
        guard !script.isEmpty else { return result }
        let progress = script.replay(response.received, ended: true)
        for line in progress.trace { log.add(line) }
        if case .unmatched(let step) = progress.outcome {
            result.success = false
            result.reason = .body
            result.failedDueToRegex = true
            let expect = config.queryResponse[step].expect.map(\.source) ?? ""
            result.message = "query_response step \(step + 1): no line of the answer matched '\(expect)' in order "
                + "(\(response.received.count) bytes, \(response.end.rawValue))"
        }
        return result
    }
}
