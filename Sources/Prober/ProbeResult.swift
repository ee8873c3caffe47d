import Foundation

/// The outcome of one probe: success or a failure reason in plain words, how long it took,
/// and the facts the endpoints show (phase timings, HTTP status, certificate expiry,
/// PostgreSQL server version). A value; the prober decides, the endpoints only format it.
public struct ProbeResult: Sendable {
    /// The phases of blackbox_exporter's `probe_http_duration_seconds{phase}`.
    public enum Phase: String, Sendable, CaseIterable, Codable {
        case resolve, connect, tls, processing, transfer
    }

    public struct HTTPFacts: Sendable {
        public var statusCode: Int
        /// As blackbox reports it: 1.0, 1.1, 2 or 3 (0 when unknown).
        public var version: Double
        public var redirects: Int
        public var bodyBytes: Int
        /// Whether the final URL was https.
        public var ssl: Bool
        public init(statusCode: Int, version: Double, redirects: Int, bodyBytes: Int, ssl: Bool) {
            self.statusCode = statusCode
            self.version = version
            self.redirects = redirects
            self.bodyBytes = bodyBytes
            self.ssl = ssl
        }
    }

    public struct CertificateFacts: Sendable {
        /// Unix seconds of the earliest `notAfter` in the peer's chain.
        public var earliestExpiry: Double
        public var subject: String
        public var issuer: String
        public init(earliestExpiry: Double, subject: String, issuer: String) {
            self.earliestExpiry = earliestExpiry
            self.subject = subject
            self.issuer = issuer
        }
    }

    public struct PostgresFacts: Sendable {
        public var serverVersion: String
        public var standby: Bool
        public var connectSeconds: Double
        public var querySeconds: Double
        public init(serverVersion: String, standby: Bool, connectSeconds: Double, querySeconds: Double) {
            self.serverVersion = serverVersion
            self.standby = standby
            self.connectSeconds = connectSeconds
            self.querySeconds = querySeconds
        }
    }

    public var success: Bool
    /// Set exactly when `success` is false.
    public var reason: FailureReason?
    /// What happened, in plain words, without secrets ("connection refused by 127.0.0.1:1").
    public var message: String
    /// Wall time of the whole probe, in seconds.
    public var duration: Double
    /// When the probe started (wall clock).
    public var startedAt: Date
    /// Seconds per phase, for the probers that time phases.
    public var phases: [Phase: Double]
    public var http: HTTPFacts?
    public var certificate: CertificateFacts?
    public var postgres: PostgresFacts?
    /// Whether a body or answer regex decided the failure (`probe_failed_due_to_regex`);
    /// nil for modules without regexes.
    public var failedDueToRegex: Bool?

    public init(success: Bool, reason: FailureReason? = nil, message: String, duration: Double = 0,
                startedAt: Date = Date(), phases: [Phase: Double] = [:], http: HTTPFacts? = nil,
                certificate: CertificateFacts? = nil, postgres: PostgresFacts? = nil, failedDueToRegex: Bool? = nil) {
        self.success = success
        self.reason = success ? nil : (reason ?? .network)
        self.message = message
        self.duration = duration
        self.startedAt = startedAt
        self.phases = phases
        self.http = http
        self.certificate = certificate
        self.postgres = postgres
        self.failedDueToRegex = failedDueToRegex
    }

    /// A failure with nothing but a reason and a message.
    public static func failure(_ reason: FailureReason, _ message: String, startedAt: Date = Date(), duration: Double = 0) -> ProbeResult {
        ProbeResult(success: false, reason: reason, message: message, duration: duration, startedAt: startedAt)
    }

    /// The failure in one line: `timeout: no answer within 2s`.
    public var summary: String {
        guard let reason else { return "ok: \(message)" }
        return "\(reason.rawValue): \(message)"
    }
}
