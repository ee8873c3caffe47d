import Foundation
import HTTPClient

/// Reads Google's own count of the project's Gmail API units from Cloud Monitoring
/// (`CloudMonitoringQuery`), every page (`nextPageToken`), into units per aligned period.
/// Each page's request has `quota.google.timeout`; at most `max_pages` pages are read.
public struct GoogleUsageSource: Sendable {
    public let config: GoogleUsageConfig
    let token: GoogleToken
    let client: HTTPClient

    public init(config: GoogleUsageConfig, token: GoogleToken, client: HTTPClient) {
        self.config = config
        self.token = token
        self.client = client
    }

    /// What Cloud Monitoring returned for `[start, end)`.
    public struct Usage: Sendable, Equatable {
        /// Units per period start (epoch seconds, a multiple of the alignment).
        public var units: [Int64: Double] = [:]
        public var pages = 0
        /// Points outside `[start, end)` (ignored).
        public var pointsOutside = 0
        /// Google's `executionErrors` messages: the data may be incomplete.
        public var executionErrors: [String] = []
    }

    public func usage(start: Int64, end: Int64, alignmentSeconds: Int64) async throws(GoogleUsageError) -> Usage {
        guard let project = config.projectID else { throw .noProject }
        let query = CloudMonitoringQuery(baseURL: config.baseURL, projectID: project, start: start, end: end,
                                         alignmentSeconds: alignmentSeconds, quotaMetric: config.quotaMetric)
        var usage = Usage()
        var pageToken: String?
        repeat {
            guard usage.pages < config.maxPages else { throw .tooManyPages(config.maxPages) }
            let page = try await fetch(query.url(pageToken: pageToken))
            usage.pages += 1
            for series in page.timeSeries ?? [] {
                for point in series.points ?? [] {
                    guard let units = point.value.units else {
                        throw .malformed(detail: "a point has neither int64Value nor doubleValue")
                    }
                    let pointStart: Int64
                    if let text = point.interval.startTime, let seconds = Self.parseTime(text), seconds < (Self.parseTime(point.interval.endTime) ?? .max) {
                        pointStart = seconds
                    } else if let seconds = Self.parseTime(point.interval.endTime) {
                        pointStart = seconds - alignmentSeconds
                    } else {
                        throw .malformed(detail: "a point's interval.endTime '\(point.interval.endTime.prefix(40))' is not an RFC 3339 time")
                    }
                    guard pointStart >= start, pointStart < end else { usage.pointsOutside += 1; continue }
                    let bucket = pointStart - ((pointStart - start) % alignmentSeconds)
                    usage.units[bucket, default: 0] += units
                }
            }
            usage.executionErrors += (page.executionErrors ?? []).map { scrub($0.message ?? "code \($0.code ?? 0)") }
            pageToken = page.nextPageToken.flatMap { $0.isEmpty ? nil : $0 }
        } while pageToken != nil
        return usage
    }

    private func fetch(_ url: String) async throws(GoogleUsageError) -> CloudMonitoringResponse {
        let request = HTTPRequest(url: url, headers: [HTTPHeader(name: "Authorization", value: "Bearer \(token.value)"),
                                                      HTTPHeader(name: "Accept", value: "application/json")],
                                  timeout: config.timeout, followRedirects: false, maxBodyBytes: 32 << 20)
        let response: HTTPResponse
        do {
            response = try await client.send(request)
        } catch {
            throw .transport(kind: error.kind.rawValue, url: config.displayBaseURL, message: scrub(error.message))
        }
        switch response.status {
        case 200:
            break
        case 401:
            throw .unauthenticated(detail: scrub(GoogleErrorBody.summary(response.body)))
        case 403:
            throw .permissionDenied(detail: scrub(GoogleErrorBody.summary(response.body)))
        case 429:
            throw .rateLimited(retryAfter: response.headers.value(of: "Retry-After").map(scrub), detail: scrub(GoogleErrorBody.summary(response.body)))
        case 500...599:
            throw .serverError(status: response.status, detail: scrub(GoogleErrorBody.summary(response.body)))
        default:
            throw .unexpectedStatus(status: response.status, detail: scrub(GoogleErrorBody.summary(response.body)))
        }
        guard !response.bodyTruncated else { throw .malformed(detail: "the page is larger than 32 MiB") }
        do {
            return try JSONDecoder().decode(CloudMonitoringResponse.self, from: Data(response.body))
        } catch {
            throw .malformed(detail: scrub(Self.describe(error, body: response.body)))
        }
    }

    /// Google's messages could quote what was sent; the token never leaves.
    func scrub(_ text: String) -> String {
        text.replacingOccurrences(of: token.value, with: "***")
    }

    static func describe(_ error: any Error, body: [UInt8]) -> String {
        let start = String(decoding: body.prefix(60), as: UTF8.self).unicodeScalars.map { $0.value < 0x20 ? " " : String($0) }.joined()
        switch error {
        case DecodingError.dataCorrupted(let context):
            return "\(context.debugDescription) (body starts '\(start)')"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return "\(path.isEmpty ? "the document" : path): \(context.debugDescription)"
        case DecodingError.keyNotFound(let key, let context):
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return "\(path) lacks '\(key.stringValue)'"
        default:
            return "\(error)"
        }
    }

    /// RFC 3339 with or without fractional seconds, to whole epoch seconds.
    static func parseTime(_ text: String) -> Int64? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return Int64(date.timeIntervalSince1970.rounded(.down)) }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text).map { Int64($0.timeIntervalSince1970.rounded(.down)) }
    }
}
