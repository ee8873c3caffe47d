import Foundation
import OpsCore

/// The admission API's HTTP routes: `GET /v1/quota/users/:user[?units=N]` and
/// `GET /v1/quota/check?user=U&units=N`. A malformed request gets 400 with the reason.
public enum AdmissionRoutes {
    public static let maxUserLength = 320
    public static let maxUnits = 1_000_000_000

    struct WindowBody: Encodable { var units: Int; var limit: Int; var remaining: Int }

    /// An optional that encodes as JSON null (the synthesized coding leaves the key out).
    struct Nullable<T: Encodable>: Encodable {
        var value: T?
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            if let value { try container.encode(value) } else { try container.encodeNil() }
        }
    }
    struct CheckBody: Encodable {
        var user: String
        var units: Int
        var allowed: Bool
        var remaining: Int
        var retry_after_seconds: Nullable<Int>
        var user_window: WindowBody
        var project_window: WindowBody
        var source_up: Bool
        var ledger_lag_seconds: Nullable<Double>
        var advisory: String
    }
    struct UserBody: Encodable {
        var user: String
        var units_last_minute: Int
        var limit: Int
        var remaining: Int
        var units: Int
        var seconds_until_free: Nullable<Int>
        var project_window: WindowBody
        var source_up: Bool
        var ledger_lag_seconds: Nullable<Double>
        var advisory: String
    }
    struct ErrorBody: Encodable { var error: String }

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
                return json(CheckBody(user: user, units: units, allowed: decision.allowed, remaining: decision.userWindow.remaining,
                                      retry_after_seconds: Nullable(value: decision.retryAfterSeconds),
                                      user_window: body(decision.userWindow), project_window: body(decision.projectWindow),
                                      source_up: sourceUp, ledger_lag_seconds: Nullable(value: lag(newest)), advisory: Admission.advisory))
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
                return json(UserBody(user: user, units_last_minute: decision.userWindow.units, limit: decision.userWindow.limit,
                                     remaining: decision.userWindow.remaining, units: units,
                                     seconds_until_free: Nullable(value: decision.retryAfterSeconds), project_window: body(decision.projectWindow),
                                     source_up: sourceUp, ledger_lag_seconds: Nullable(value: lag(newest)), advisory: Admission.advisory))
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

    static func body(_ window: Admission.Window) -> WindowBody {
        WindowBody(units: window.units, limit: window.limit, remaining: window.remaining)
    }

    static func bad(_ reason: String) -> HTTPReply {
        json(ErrorBody(error: reason), status: 400)
    }

    static func json(_ value: some Encodable, status: Int = 200) -> HTTPReply {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let text = (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return HTTPReply(status: status, contentType: "application/json", body: text + "\n")
    }
}
