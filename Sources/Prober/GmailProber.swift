import Foundation
import HTTPClient

/// A token check against a Google API (default `users.getProfile`, 1 quota unit): GET the
/// URL with `Authorization: Bearer <token>` and tell apart
///
/// - `auth`: 401, an `invalid_grant` / `invalid_token` error, a 403 that is not about rate
///   (insufficient scopes, a disabled API), or no token to send;
/// - `quota`: 429, or a 403 whose JSON error names a rate or quota reason
///   (`rateLimitExceeded`, `userRateLimitExceeded`, `quotaExceeded`, `dailyLimitExceeded`, ...);
/// - `timeout`, `refused`, `dns`, `tls`, `network`: the request did not get an answer;
/// - `status`: any other non-2xx answer (a Google 5xx).
///
/// The token is read on every probe (a rotated secret is picked up), or with `oauth`
/// fetched with the refresh token (`TokenRefresh`: its failures keep their own reasons, an
/// outage of the token endpoint is not an `auth` failure) and cached in `tokens`. Every
/// secret is masked in every message and log line, and never part of a result.
struct GmailProber: TargetProber {
    let config: GmailModuleConfig
    let client: HTTPClient
    let environment: [String: String]
    let tokens: AccessTokenCache

    static let rateReasons: Set<String> = [
        "ratelimitexceeded", "userratelimitexceeded", "quotaexceeded", "dailylimitexceeded",
        "dailylimitexceededunreg", "rate_limit_exceeded", "resource_exhausted", "concurrentlimitexceeded",
    ]

    static func validate(target: String) throws(TargetError) {
        try HTTPProber.validate(target: target)
    }

    func probe(target: String, timeout: Duration, log: ProbeLog) async -> ProbeResult {
        let startedAt = Date()
        let started = ContinuousClock.now
        let token: String
        var secrets: [String] = []
        var cacheKey: AccessTokenCache.Key?
        if let oauth = config.oauth {
            let refresh = TokenRefresh(config: oauth, client: client, environment: environment)
            let credentials: TokenRefresh.Credentials
            switch refresh.credentials() {
            case .success(let value): credentials = value
            case .failure(let failure):
                log.add("no credentials: \(failure.message)")
                return .failure(failure.reason, failure.message, startedAt: startedAt)
            }
            secrets = credentials.secrets
            let key = AccessTokenCache.Key(tokenURL: oauth.tokenURL, credentials: credentials)
            let (answer, fetched) = await tokens.token(for: key) { await refresh.fetch(credentials, timeout: timeout) }
            switch answer {
            case .success(let value): token = value
            case .failure(let failure):
                log.add("refresh failed (\(failure.reason.rawValue)): \(failure.message)")
                return .failure(failure.reason, failure.message, startedAt: startedAt, duration: (ContinuousClock.now - started).seconds)
            }
            cacheKey = key
            log.add(fetched ? "got an access token from \(Redaction.url(oauth.tokenURL)) with the refresh token from \(oauth.refreshToken)"
                            : "using the cached access token")
        } else {
            switch config.token.read("the access token", environment: environment) {
            case .success(let value): token = value
            case .failure(let problem):
                log.add("no token: \(problem.message)")
                return .failure(.auth, problem.message, startedAt: startedAt)
            }
        }
        secrets.append(token)
        let mask = { (text: String) in secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") } }
        let left = timeout - (ContinuousClock.now - started)
        guard left > .zero else {
            return .failure(.timeout, "no time left for the API request after the token refresh (timeout \(ProbeDeadline.format(timeout)))",
                            startedAt: startedAt, duration: (ContinuousClock.now - started).seconds)
        }
        var request = HTTPRequest(url: target, timeout: left)
        request.headers = [HTTPHeader(name: "Authorization", value: "Bearer \(token)"), HTTPHeader(name: "Accept", value: "application/json")]
        request.tls = config.tls.options
        request.maxBodyBytes = 64 * 1024
        log.add("GET \(Redaction.url(target)) with the token\(config.oauth == nil ? " from \(config.token)" : "") (Authorization: Bearer ***)")
        let response: HTTPResponse
        do {
            response = try await client.send(request)
        } catch {
            let duration = (ContinuousClock.now - started).seconds
            log.add("request failed (\(error.kind.rawValue)): \(mask(error.message))")
            var result = ProbeResult.failure(error.kind.reason, mask(error.plainWords(timeout: timeout)), startedAt: startedAt, duration: duration)
            result.phases = error.timings.phases
            return result
        }
        let duration = (ContinuousClock.now - started).seconds
        let body = String(decoding: response.body, as: UTF8.self)
        let googleError = GoogleError(json: response.body)
        log.add("HTTP \(response.status)\(googleError.map { ": \(mask($0.summary))" } ?? "")")
        let facts = ProbeResult.HTTPFacts(statusCode: response.status, version: Double(response.httpVersion) ?? 0,
                                          redirects: response.redirects, bodyBytes: response.bodyBytesRead,
                                          ssl: response.effectiveURL.lowercased().hasPrefix("https://"))
        var result = ProbeResult(success: true, message: "the token works (HTTP \(response.status))", duration: duration,
                                 startedAt: startedAt, phases: response.timings.phases, http: facts,
                                 certificate: response.certificate.map(\.facts))
        if let (reason, message) = Self.classify(status: response.status, error: googleError, body: body) {
            result.success = false
            result.reason = reason
            result.message = mask(message)
            // A token the API rejects is not used again: the next probe refreshes.
            if reason == .auth, let cacheKey { await tokens.forget(cacheKey) }
        }
        return result
    }

    /// The failure an answer means, or nil for success.
    static func classify(status: Int, error: GoogleError?, body: String) -> (FailureReason, String)? {
        if (200...299).contains(status) { return nil }
        let detail = error.map { ": \($0.summary)" } ?? ""
        let reasons = Set((error?.reasons ?? []).map { $0.lowercased() })
        if status == 429 || (status == 403 && !reasons.isDisjoint(with: rateReasons)) {
            return (.quota, "Google refused for rate or quota reasons (HTTP \(status))\(detail)")
        }
        if status == 401 || reasons.contains("invalid_grant") || reasons.contains("invalid_token") || body.contains("invalid_grant") {
            return (.auth, "Google rejected the token (HTTP \(status))\(detail); refresh or re-issue it")
        }
        if status == 403 {
            return (.auth, "Google refused the token's access (HTTP \(status))\(detail); check its scopes and that the API is enabled")
        }
        return (.status, "Google answered HTTP \(status)\(detail)")
    }
}

/// The error object of a Google API answer: `{"error": {"code", "message", "status",
/// "errors": [{"reason"}], "details": [{"reason"}]}}`, or OAuth's `{"error": "invalid_grant"}`.
struct GoogleError: Sendable {
    var message: String
    var reasons: [String]

    init?(json: [UInt8]) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json)) as? [String: Any] else { return nil }
        if let code = object["error"] as? String {
            message = (object["error_description"] as? String) ?? code
            reasons = [code]
            return
        }
        guard let error = object["error"] as? [String: Any] else { return nil }
        message = (error["message"] as? String) ?? ""
        var reasons: [String] = []
        if let status = error["status"] as? String { reasons.append(status) }
        for list in [error["errors"], error["details"]] {
            for item in (list as? [[String: Any]]) ?? [] {
                if let reason = item["reason"] as? String { reasons.append(reason) }
            }
        }
        self.reasons = reasons
    }

    var summary: String {
        reasons.isEmpty ? message : "\(message) (\(reasons.joined(separator: ", ")))"
    }
}
