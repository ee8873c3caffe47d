/// Matching series per selector, remembered for the duration of one query: a range query
/// or subquery evaluates the same selectors at every step, and the store does not change
/// while a query runs. Used from one thread at a time (one query).
final class SelectionCache: @unchecked Sendable {
    private var entries: [[LabelMatcher]: [SeriesStore.Column]] = [:]

    func columns(_ matchers: [LabelMatcher], in store: SeriesStore) -> [SeriesStore.Column] {
        if let hit = entries[matchers] { return hit }
        let cols = store.select(matchers)
        entries[matchers] = cols
        return cols
    }
}
