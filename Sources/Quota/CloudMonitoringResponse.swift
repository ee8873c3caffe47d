import Foundation

/// The parts of Cloud Monitoring's answers that `GoogleUsageSource` reads: a
/// `ListTimeSeriesResponse` (`timeSeries[].points[]` with `interval` and a `TypedValue`,
/// `nextPageToken`, `executionErrors`) and Google's error body
/// (`{"error": {"code", "message", "status"}}`).
struct CloudMonitoringResponse: Decodable {
    struct TimeSeries: Decodable {
        var points: [Point]?
    }
    struct Point: Decodable {
        var interval: Interval
        var value: TypedValue
    }
    struct Interval: Decodable {
        var startTime: String?
        var endTime: String
    }
    /// `int64Value` is a JSON string (proto3's int64 mapping); a number is accepted too.
    struct TypedValue: Decodable {
        var units: Double?

        enum CodingKeys: String, CodingKey { case int64Value, doubleValue }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let text = try? container.decode(String.self, forKey: .int64Value) {
                guard let value = Int64(text) else {
                    throw DecodingError.dataCorruptedError(forKey: .int64Value, in: container, debugDescription: "int64Value '\(text.prefix(40))' is not an integer")
                }
                units = Double(value)
            } else if let value = try? container.decode(Int64.self, forKey: .int64Value) {
                units = Double(value)
            } else if let value = try? container.decode(Double.self, forKey: .doubleValue) {
                units = value
            } else {
                units = nil
            }
        }
    }
    struct Status: Decodable {
        var code: Int?
        var message: String?
    }

    var timeSeries: [TimeSeries]?
    var nextPageToken: String?
    var executionErrors: [Status]?
    var unit: String?
}

/// Google's error body: `{"error": {"code": 403, "message": "...", "status": "PERMISSION_DENIED"}}`.
struct GoogleErrorBody: Decodable {
    struct Detail: Decodable {
        var code: Int?
        var message: String?
        var status: String?
    }
    var error: Detail

    /// "STATUS: message", or the start of the body when it is not Google's shape.
    static func summary(_ body: [UInt8]) -> String {
        if let parsed = try? JSONDecoder().decode(GoogleErrorBody.self, from: Data(body)) {
            let status = parsed.error.status.map { "\($0): " } ?? ""
            return status + (parsed.error.message ?? "no message")
        }
        let text = String(decoding: body.prefix(200), as: UTF8.self)
            .unicodeScalars.map { $0.value < 0x20 ? " " : String($0) }.joined()
        return text.isEmpty ? "empty body" : "body: \(text)"
    }
}
