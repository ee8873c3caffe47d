/// In-memory, columnar series store: per series one sorted timestamp array and one value
/// array; windows are found by binary search. Writes are not synchronised: fill the store,
/// then query it (queries only read).
public final class SeriesStore: @unchecked Sendable {
    public final class Column: @unchecked Sendable {
        public let labels: Labels
        public private(set) var timestamps: [Int64] = []
        public private(set) var values: [Double] = []
        /// Native histogram samples, parallel to `values` (whose entry is then 0); empty
        /// while the series has only floats, so float series carry nothing extra.
        @exclusivity(unchecked) public private(set) var histograms: [FloatHistogram?] = []
        /// Whether any stored value is a stale marker (windows without one skip filtering).
        private(set) var hasStaleMarkers = false
        init(labels: Labels) { self.labels = labels }

        var hasHistograms: Bool { !histograms.isEmpty }

        func append(_ t: Int64, _ v: Double) {
            if isStaleNaN(v) { hasStaleMarkers = true }
            if let last = timestamps.last, t <= last {
                let i = lowerBound(t)
                if i < timestamps.count, timestamps[i] == t {
                    values[i] = v
                    if hasHistograms { histograms[i] = nil }
                    return
                }
                timestamps.insert(t, at: i); values.insert(v, at: i)
                if hasHistograms { histograms.insert(nil, at: i) }
                return
            }
            timestamps.append(t); values.append(v)
            if hasHistograms { histograms.append(nil) }
        }

        /// As Prometheus's TSDB does, a histogram without a hint gets `not_reset` when it
        /// continues the histogram before it, and stays `unknown` after a detected reset or
        /// when it starts the series (a gauge or an explicit hint is kept).
        func append(_ t: Int64, histogram: FloatHistogram) {
            if histograms.isEmpty { histograms = Array(repeating: nil, count: timestamps.count) }
            var h = histogram
            if h.counterResetHint == .unknown {
                let p = lowerBound(t) - 1
                if p >= 0, let prev = histograms[p], !h.isCounterReset(after: prev) { h.counterResetHint = .notReset }
            }
            if let last = timestamps.last, t <= last {
                let i = lowerBound(t)
                if i < timestamps.count, timestamps[i] == t { values[i] = 0; histograms[i] = h; return }
                timestamps.insert(t, at: i); values.insert(0, at: i); histograms.insert(h, at: i)
                return
            }
            timestamps.append(t); values.append(0); histograms.append(h)
        }

        /// First index whose timestamp is >= t.
        func lowerBound(_ t: Int64) -> Int {
            var lo = 0, hi = timestamps.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if timestamps[mid] < t { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }

        /// First index whose timestamp is > t.
        func upperBound(_ t: Int64) -> Int {
            var lo = 0, hi = timestamps.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if timestamps[mid] <= t { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
    }

    private(set) var columns: [Column] = []
    private var index: [Labels: Int] = [:]
    private var byName: [String: [Int]] = [:]

    public init() {}

    /// Append one point; `staleNaN` marks the series stale from that timestamp.
    public func append(_ labels: Labels, timestamp: Int64, value: Double) {
        column(for: labels).append(timestamp, value)
    }

    /// Append one native histogram sample.
    public func append(_ labels: Labels, timestamp: Int64, histogram: FloatHistogram) {
        column(for: labels).append(timestamp, histogram: histogram)
    }

    /// Append many points of one series at once.
    public func append(_ labels: Labels, points: [Point]) {
        let c = column(for: labels)
        for p in points { c.append(p.timestamp, p.value) }
    }

    private func column(for labels: Labels) -> Column {
        if let i = index[labels] { return columns[i] }
        let c = Column(labels: labels)
        index[labels] = columns.count
        byName[labels.metricName ?? "", default: []].append(columns.count)
        columns.append(c)
        return c
    }

    public func removeAll() {
        columns = []; index = [:]; byName = [:]
    }

    public var seriesCount: Int { columns.count }

    /// Series whose labels satisfy every matcher.
    /// Whether any series these matchers select holds native histogram samples.
    public func hasHistogramSamples(matching matchers: [LabelMatcher]) -> Bool {
        select(matchers).contains { $0.hasHistograms }
    }

    func select(_ matchers: [LabelMatcher]) -> [Column] {
        var candidates: [Column]
        if let m = matchers.first(where: { $0.name == "__name__" && $0.op == .equal }) {
            candidates = (byName[m.value] ?? []).map { columns[$0] }
        } else {
            candidates = columns
        }
        let compiled: [(LabelMatcher, CompiledRegex?)] = matchers.map { m in
            (m, (m.op == .regexMatch || m.op == .regexNoMatch) ? try? CompiledRegex.get(m.value) : nil)
        }
        candidates = candidates.filter { c in
            for (m, re) in compiled {
                let v = c.labels[m.name] ?? ""
                switch m.op {
                case .equal: if v != m.value { return false }
                case .notEqual: if v == m.value { return false }
                case .regexMatch: if !(re?.matches(v) ?? false) { return false }
                case .regexNoMatch: if re?.matches(v) ?? false { return false }
                }
            }
            return true
        }
        return candidates
    }
}
