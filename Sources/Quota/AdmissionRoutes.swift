import Foundation
import OpsCore

/// The admission API's HTTP routes: `GET /v1/quota/users/:user[?units=N]` and
/// `GET /v1/quota/check?user=U&units=N`. A malformed request gets 400 with the reason.
public enum AdmissionRoutes {
    public static let maxUserLength = 320
    public static let maxUnits = 1_000_000_000

    public static func routes(_ watcher: QuotaWatcher) -> [HTTPRoute] {
        [
            HTTPRoute("/v1/quota/check") { request in
                guard let user = request.query["user"], !user.isEmpty else {
                    return bad("missing query parameter 'user' (GET /v1/quota/check?user=U&units=N)")
                }
                guard let unitsText = request.query["units"] else {
                    return bad("missing query parameter 'units' (GET /v1/quota/check?user=U&units=N)")
                }
                if let problem = problem(user: user) { return bad(problem) }
                guard let units = parseUnits(unitsText) else { return bad(unitsMessage(unitsText)) }
                let (decision, sourceUp, newest) = await watcher.decide(user: user, units: units)
                var body = JSONText()
                body.field("advisory", Admission.advisory)
                body.field("allowed", decision.allowed)
                body.field("ledger_lag_seconds", lag(newest))
                body.field("project_window", object: window(decision.projectWindow))
                body.field("remaining", decision.userWindow.remaining)
                body.field("retry_after_seconds", decision.retryAfterSeconds)
                body.field("source_up", sourceUp)
                body.field("units", units)
                body.field("user", user)
                body.field("user_window", object: window(decision.userWindow))
                return reply(body)
            },
            HTTPRoute("/v1/quota/users/:user") { request in
                let raw = request.parameters["user"] ?? ""
                let user = raw.removingPercentEncoding ?? raw
                if user.isEmpty { return bad("missing user id (GET /v1/quota/users/{user})") }
                if let problem = problem(user: user) { return bad(problem) }
                var units = 1
                if let text = request.query["units"] {
                    guard let parsed = parseUnits(text) else { return bad(unitsMessage(text)) }
                    units = parsed
                }
                let (decision, sourceUp, newest) = await watcher.decide(user: user, units: units)
                var body = JSONText()
                body.field("advisory", Admission.advisory)
                body.field("ledger_lag_seconds", lag(newest))
                body.field("limit", decision.userWindow.limit)
                body.field("project_window", object: window(decision.projectWindow))
                body.field("remaining", decision.userWindow.remaining)
                body.field("seconds_until_free", decision.retryAfterSeconds)
                body.field("source_up", sourceUp)
                body.field("units", units)
                body.field("units_last_minute", decision.userWindow.units)
                body.field("user", user)
                return reply(body)
            },
        ]
    }

    static func problem(user: String) -> String? {
        if user.utf8.count > maxUserLength { return "user id longer than \(maxUserLength) bytes" }
        if user.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) { return "user id holds control characters" }
        return nil
    }

    static func parseUnits(_ text: String) -> Int? {
        guard text.count <= 12, text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text), value <= maxUnits else { return nil }
        return value
    }

    static func unitsMessage(_ text: String) -> String {
        "query parameter 'units' must be a whole number from 0 to \(maxUnits), found '\(text.prefix(40))'"
    }

    static func lag(_ newestCall: Double?) -> Double? {
        newestCall.map { (max(Date().timeIntervalSince1970 - $0, 0) * 1000).rounded() / 1000 }
    }

    static func window(_ window: Admission.Window) -> JSONText {
        var object = JSONText()
        object.field("limit", window.limit)
        object.field("remaining", window.remaining)
        object.field("units", window.units)
        return object
    }

    static func bad(_ reason: String) -> HTTPReply {
        var body = JSONText()
        body.field("error", reason)
        return reply(body, status: 400)
    }

    static func reply(_ body: JSONText, status: Int = 200) -> HTTPReply {
        HTTPReply(status: status, contentType: "application/json", body: body.closed + "\n")
    }
}
