import Foundation

/// One `projects.timeSeries.list` request of Cloud Monitoring
/// (https://cloud.google.com/monitoring/api/ref_v3/rest/v3/projects.timeSeries/list):
/// `GET {base}/v3/projects/{project}/timeSeries` with the project's Gmail API quota usage,
/// `serviceruntime.googleapis.com/quota/rate/net_usage` on the monitored resource
/// `consumer_quota` of the service `gmail.googleapis.com`, aligned per `alignmentSeconds`
/// (`ALIGN_DELTA`: the units in each period) and summed over every series (methods, quota
/// metrics) with `REDUCE_SUM`, over `[start, end)`.
public struct CloudMonitoringQuery: Sendable, Equatable {
    public static let metricType = "serviceruntime.googleapis.com/quota/rate/net_usage"
    public static let resourceType = "consumer_quota"
    public static let service = "gmail.googleapis.com"

    public var baseURL: String
    public var projectID: String
    /// Epoch seconds, multiples of `alignmentSeconds`.
    public var start: Int64
    public var end: Int64
    public var alignmentSeconds: Int64
    public var quotaMetric: String?

    public init(baseURL: String, projectID: String, start: Int64, end: Int64, alignmentSeconds: Int64, quotaMetric: String? = nil) {
        self.baseURL = baseURL
        self.projectID = projectID
        self.start = start
        self.end = end
        self.alignmentSeconds = alignmentSeconds
        self.quotaMetric = quotaMetric
    }

    public var filter: String {
        var parts = ["metric.type=\"\(Self.metricType)\"", "resource.type=\"\(Self.resourceType)\"",
                     "resource.labels.service=\"\(Self.service)\""]
        if let quotaMetric {
            let quoted = quotaMetric.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            parts.append("metric.labels.quota_metric=\"\(quoted)\"")
        }
        return parts.joined(separator: " AND ")
    }

    /// The URL of one page (`pageToken` from the previous page's `nextPageToken`).
    public func url(pageToken: String?) -> String {
        var parameters: [(String, String)] = [
            ("filter", filter),
            ("interval.startTime", Self.rfc3339(start)),
            ("interval.endTime", Self.rfc3339(end)),
            ("aggregation.alignmentPeriod", "\(alignmentSeconds)s"),
            ("aggregation.perSeriesAligner", "ALIGN_DELTA"),
            ("aggregation.crossSeriesReducer", "REDUCE_SUM"),
            ("view", "FULL"),
        ]
        if let pageToken { parameters.append(("pageToken", pageToken)) }
        let query = parameters.map { Self.encode($0.0) + "=" + Self.encode($0.1) }.joined(separator: "&")
        return "\(baseURL)/v3/projects/\(Self.encode(projectID))/timeSeries?\(query)"
    }

    /// `2026-12-01T14:05:00Z`.
    static func rfc3339(_ seconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        return formatter.string(from: Date(timeIntervalSince1970: Double(seconds)))
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters.
    static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }
}
