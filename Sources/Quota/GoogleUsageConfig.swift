import Foundation
import OpsCore

/// `quota.google`: where `opsctl quota --compare-google` reads Google's own count of the
/// project's Gmail API units (Cloud Monitoring, `projects.timeSeries.list`).
///
///     quota:
///       google:
///         project_id: my-gmail-project           # required for --compare-google
///         base_url: https://monitoring.googleapis.com
///         token_env: OPSCTL_GOOGLE_TOKEN         # the bearer token, read first
///         token_file: /var/run/secrets/google-token  # else the token from this file
///         timeout: 10s                           # each page's request
///         quota_metric: gmail.googleapis.com/default  # optional: only this quota metric
///         drift_tolerance: 0.05                  # exit 1 past this share of Google's count
public struct GoogleUsageConfig: Sendable, Equatable {
    public static let defaultBaseURL = "https://monitoring.googleapis.com"
    public static let defaultTokenEnvironment = "OPSCTL_GOOGLE_TOKEN"

    public var projectID: String?
    public var baseURL: String = defaultBaseURL
    public var tokenEnvironment: String = defaultTokenEnvironment
    public var tokenFile: String?
    public var timeout: Duration = .seconds(10)
    public var quotaMetric: String?
    public var driftTolerance: Double = 0.05
    /// Pages read at most (a server that keeps sending `nextPageToken` cannot loop forever).
    public var maxPages: Int = 100

    public init() {}

    /// `base_url` for messages: without any `user:password@`.
    public var displayBaseURL: String {
        guard var parts = URLComponents(string: baseURL), parts.user != nil || parts.password != nil else { return baseURL }
        parts.user = nil
        parts.password = nil
        return parts.string ?? "<base_url>"
    }

    static let keys = ["project_id", "base_url", "token_env", "token_file", "timeout", "quota_metric", "drift_tolerance", "max_pages"]

    init(node: ConfigNode) throws {
        self.init()
        let map = try node.mapping(allowedKeys: Self.keys)
        if let node = map.optional("project_id") {
            let text = try node.string()
            // Project ids are lowercase letters, digits and hyphens; numbers and the older
            // domain-scoped ids (example.com:project) pass too.
            guard !text.isEmpty, text.count <= 100,
                  text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-.:_".contains($0)) }) else {
                throw node.error("project_id must be a Google Cloud project id or number, found '\(text.prefix(60))'")
            }
            projectID = text
        }
        if let node = map.optional("base_url") {
            let text = try node.httpURL()
            baseURL = text.hasSuffix("/") ? String(text.dropLast()) : text
        }
        if let node = map.optional("token_env") {
            tokenEnvironment = try node.string()
            guard !tokenEnvironment.isEmpty, tokenEnvironment.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                throw node.error("token_env must be an environment variable name, found '\(tokenEnvironment.prefix(60))'")
            }
        }
        if let node = map.optional("token_file") { tokenFile = try node.string() }
        if let node = map.optional("timeout") {
            timeout = try node.duration()
            guard timeout > .zero, timeout <= .seconds(300) else { throw node.error("timeout must be more than 0 and at most 5m") }
        }
        if let node = map.optional("quota_metric") { quotaMetric = try node.string() }
        if let node = map.optional("drift_tolerance") {
            driftTolerance = try node.double()
            guard driftTolerance >= 0 else { throw node.error("drift_tolerance must be 0 or more (a share: 0.05 is 5%)") }
        }
        if let node = map.optional("max_pages") {
            maxPages = try node.int()
            guard maxPages >= 1 else { throw node.error("max_pages must be at least 1") }
        }
    }
}
