/// Why Google's count could not be read. Every description names the cause and what to
/// check; none holds the bearer token (`GoogleUsageSource` scrubs Google's own messages).
public enum GoogleUsageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `quota.google.project_id` is not set.
    case noProject
    /// Neither the environment variable nor the token file gives a token.
    case noToken(environment: String, file: String?)
    /// The token file cannot be read, or is empty.
    case tokenFile(path: String, problem: String)
    /// The token holds characters a header line cannot carry.
    case badToken(source: String)
    /// 401: Cloud Monitoring did not accept the token.
    case unauthenticated(detail: String)
    /// 403: the token's principal may not read the project's time series.
    case permissionDenied(detail: String)
    /// 429: Cloud Monitoring throttled the read.
    case rateLimited(retryAfter: String?, detail: String)
    /// 5xx: Cloud Monitoring failed.
    case serverError(status: Int, detail: String)
    /// Any other status.
    case unexpectedStatus(status: Int, detail: String)
    /// No answer: refused, timeout, DNS, TLS or a broken connection.
    case transport(kind: String, url: String, message: String)
    /// A 200 whose body is not the documented `ListTimeSeriesResponse`.
    case malformed(detail: String)
    /// More pages than `quota.google.max_pages`.
    case tooManyPages(Int)

    public var description: String {
        switch self {
        case .noProject:
            return "quota.google.project_id is not set (the Google Cloud project whose Gmail API usage to read)"
        case .noToken(let environment, let file):
            let fileText = file.map { " nor in quota.google.token_file '\($0)'" } ?? " and quota.google.token_file is not set"
            return "no Google bearer token: environment variable \(environment) is unset or empty\(fileText)"
        case .tokenFile(let path, let problem):
            return "quota.google.token_file '\(path)': \(problem)"
        case .badToken(let source):
            return "the bearer token in \(source) holds spaces, control or non-ASCII characters; expected one access token"
        case .unauthenticated(let detail):
            return "Cloud Monitoring refused the bearer token (401 Unauthenticated: \(detail)); the token is invalid or expired"
        case .permissionDenied(let detail):
            return "Cloud Monitoring denied the read (403 Permission denied: \(detail)); the principal needs monitoring.timeSeries.list on the project (roles/monitoring.viewer)"
        case .rateLimited(let retryAfter, let detail):
            let retry = retryAfter.map { ", Retry-After \($0)" } ?? ""
            return "Cloud Monitoring throttled the read (429 Too Many Requests\(retry): \(detail)); try again later"
        case .serverError(let status, let detail):
            return "Cloud Monitoring failed (HTTP \(status): \(detail)); try again later"
        case .unexpectedStatus(let status, let detail):
            return "Cloud Monitoring answered HTTP \(status) (\(detail))"
        case .transport(let kind, let url, let message):
            let cause: String
            switch kind {
            case "timeout": cause = "no answer within quota.google.timeout"
            case "refused": cause = "connection refused"
            case "dns": cause = "the host name does not resolve"
            case "tls": cause = "the TLS handshake or certificate check failed"
            default: cause = "the connection failed"
            }
            return "cannot read Cloud Monitoring at \(url): \(cause) (\(message))"
        case .malformed(let detail):
            return "Cloud Monitoring's answer is not a ListTimeSeriesResponse: \(detail)"
        case .tooManyPages(let pages):
            return "Cloud Monitoring kept sending nextPageToken past \(pages) pages (quota.google.max_pages); narrow the window"
        }
    }
}
