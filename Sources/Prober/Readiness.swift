import Foundation

/// `/readyz` computed from the cache: ready only when every critical check's last result
/// passed and is fresh (younger than 3 intervals). A check with no result yet is pending,
/// which for a critical check means not ready.
public struct Readiness: Sendable {
    public enum State: String, Sendable, Codable {
        case ok, failed, stale, pending
    }

    public struct CheckState: Sendable, Codable {
        public var name: String
        public var critical: Bool
        public var status: State
        public var target: String
        public var reason: FailureReason?
        public var error: String?
        public var latencySeconds: Double?
        public var lastRun: Date?
        public var lastSuccess: Date?
        public var ageSeconds: Double?

        enum CodingKeys: String, CodingKey {
            case name, critical, status, target, reason, error
            case latencySeconds = "latency_seconds", lastRun = "last_run", lastSuccess = "last_success", ageSeconds = "age_seconds"
        }
    }

    public var ready: Bool
    public var checks: [CheckState]

    public static func evaluate(_ entries: [ResultCache.Entry], now: ContinuousClock.Instant = .now) -> Readiness {
        let states = entries.map { entry -> CheckState in
            var state = CheckState(name: entry.check.name, critical: entry.check.critical, status: .pending,
                                   target: entry.check.displayTarget)
            guard let last = entry.last, let lastAt = entry.lastAt else {
                state.error = "no result yet"
                return state
            }
            let age = now - lastAt
            state.latencySeconds = last.duration
            state.lastRun = last.startedAt
            state.lastSuccess = entry.lastSuccessWall
            state.ageSeconds = age.seconds
            if !last.success {
                state.status = .failed
                state.reason = last.reason
                state.error = last.message
            } else if age > entry.check.freshness {
                state.status = .stale
                state.error = "the last result is \(Int(age.seconds))s old, older than 3 intervals (\(ProbeDeadline.format(entry.check.freshness)))"
            } else {
                state.status = .ok
            }
            return state
        }
        return Readiness(ready: states.allSatisfy { !$0.critical || $0.status == .ok }, checks: states)
    }

    public var httpStatus: Int { ready ? 200 : 503 }

    /// Without the named checks (`/readyz?exclude=name`, as the Kubernetes API server has).
    public func excluding(_ names: Set<String>) -> Readiness {
        let kept = checks.filter { !names.contains($0.name) }
        return Readiness(ready: kept.allSatisfy { !$0.critical || $0.status == .ok }, checks: kept)
    }

    /// One check alone (`/readyz/NAME`): `ok` (200) when it passed and is fresh, else its line (503);
    /// nil for an unknown name.
    public func single(_ name: String) -> (status: Int, body: String)? {
        guard let check = checks.first(where: { $0.name == name }) else { return nil }
        if check.status == .ok { return (200, "ok\n") }
        let why = check.reason.map { "\($0.rawValue): " } ?? ""
        return (503, "[-]\(check.name) \(check.status.rawValue): \(why)\(check.error ?? "")\n")
    }

    /// `{"status": "ok"|"fail", "checks": [...]}`.
    public func json() -> String {
        struct Body: Encodable {
            var status: String
            var checks: [CheckState]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data = (try? encoder.encode(Body(status: ready ? "ok" : "fail", checks: checks))) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The Kubernetes API server's form: `ok` when ready and not verbose; otherwise one line
    /// per check (`[+]name ok`, `[-]name failed: reason`) and `readyz check passed|failed`.
    public func text(verbose: Bool) -> String {
        if ready && !verbose { return "ok\n" }
        var lines = checks.map { check -> String in
            let note = check.critical ? "" : " (not critical)"
            if check.status == .ok { return "[+]\(check.name) ok\(note)" }
            let why = check.reason.map { "\($0.rawValue): " } ?? ""
            return "[-]\(check.name) \(check.status.rawValue): \(why)\(check.error ?? "")\(note)"
        }
        lines.append(ready ? "readyz check passed" : "readyz check failed")
        return lines.joined(separator: "\n") + "\n"
    }
}
