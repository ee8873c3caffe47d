/// Access tokens from `TokenRefresh`, kept until shortly before they expire (the lesser
/// of a minute and a tenth of their lifetime), one per token endpoint and credentials.
/// Probes that need the same token while it is being fetched wait for that one fetch. A
/// token the API rejected is forgotten, so the next probe fetches a new one.
actor AccessTokenCache {
    struct Key: Hashable, Sendable {
        var tokenURL: String
        var credentials: TokenRefresh.Credentials
    }

    private var tokens: [Key: (value: String, refreshAt: ContinuousClock.Instant)] = [:]
    private var pending: [Key: Task<Result<TokenRefresh.Token, TokenRefresh.Failure>, Never>] = [:]

    /// The cached token for `key`, or a new one from `fetch`; `fetched` says which.
    func token(for key: Key, fetch: @escaping @Sendable () async -> Result<TokenRefresh.Token, TokenRefresh.Failure>)
        async -> (token: Result<String, TokenRefresh.Failure>, fetched: Bool) {
        if let cached = tokens[key], ContinuousClock.now < cached.refreshAt { return (.success(cached.value), false) }
        let task: Task<Result<TokenRefresh.Token, TokenRefresh.Failure>, Never>
        if let running = pending[key] {
            task = running
        } else {
            task = Task { await fetch() }
            pending[key] = task
        }
        let result = await task.value
        pending[key] = nil
        if case .success(let token) = result {
            tokens[key] = (token.value, ContinuousClock.now + Self.keep(token.lifetime))
        }
        return (result.map(\.value), true)
    }

    func forget(_ key: Key) {
        tokens[key] = nil
    }

    /// How long a token is used: its lifetime less min(1 minute, a tenth of it); zero when
    /// the endpoint gave no lifetime (every probe then fetches its own).
    static func keep(_ lifetime: Duration?) -> Duration {
        guard let lifetime else { return .zero }
        return lifetime - min(.seconds(60), lifetime / 10)
    }
}
