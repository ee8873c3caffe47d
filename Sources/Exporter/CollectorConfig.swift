import OpsCore
import Postgres

/// One configured collector: a SQL statement and the metrics read from its rows.
public struct CollectorConfig: Sendable {
    public enum Kind: String, Sendable {
        /// Runs `query` on scrape (or reuses the last result within `minInterval`).
        case query
        /// Reads only rows past a cursor and adds them to running totals (counters).
        case incrementalCounter = "incremental_counter"
    }

    public var name: String
    public var kind: Kind
    public var query: String
    public var metrics: [MetricSpec]
    public var timeout: Duration
    public var minInterval: Duration?
    /// incremental_counter: the statement giving the starting cursor (one row, column `cursor`).
    public var startQuery: String?
    /// incremental_counter: optional, label sets to show at 0 from the start (bounded window).
    public var seedQuery: String?
    /// incremental_counter: `$2`, the most new ledger rows read per scrape.
    public var batchSize: Int
    /// incremental_counter: the `start_query` column holding the starting cursor.
    public var cursorColumn: String
    /// incremental_counter: the `query` column naming each result row's ledger ids
    /// (`array_agg(id)` of its group, or one `id`), see `LedgerTail`.
    public var idColumn: String
    /// incremental_counter: how long a skipped id (a gap) is re-checked for a late commit.
    public var lateCommitWindow: Duration
    /// incremental_counter: the most gaps re-checked at once.
    public var maxGaps: Int

    public static let defaultTimeout: Duration = .seconds(5)

    public init(name: String, kind: Kind = .query, query: String, metrics: [MetricSpec],
                timeout: Duration = CollectorConfig.defaultTimeout, minInterval: Duration? = nil,
                startQuery: String? = nil, seedQuery: String? = nil, batchSize: Int = 50_000,
                cursorColumn: String = "cursor", idColumn: String = "ids",
                lateCommitWindow: Duration = LedgerTail.Settings.defaultLateCommitWindow,
                maxGaps: Int = LedgerTail.Settings.defaultMaxGaps) {
        self.name = name
        self.kind = kind
        self.query = query
        self.metrics = metrics
        self.timeout = timeout
        self.minInterval = minInterval
        self.startQuery = startQuery
        self.seedQuery = seedQuery
        self.batchSize = batchSize
        self.cursorColumn = cursorColumn
        self.idColumn = idColumn
        self.lateCommitWindow = lateCommitWindow
        self.maxGaps = maxGaps
    }

    /// The ledger tail settings of an incremental_counter collector.
    public var ledgerSettings: LedgerTail.Settings {
        LedgerTail.Settings(lateCommitWindow: lateCommitWindow, maxGaps: maxGaps,
                            batchSize: batchSize, idColumn: idColumn)
    }

    static let keys = ["name", "kind", "query", "metrics", "timeout", "min_interval",
                       "start_query", "seed_query", "batch_size", "cursor_column",
                       "id_column", "late_commit_window", "max_gaps"]
    static let incrementalKeys = ["start_query", "seed_query", "batch_size", "cursor_column",
                                  "id_column", "late_commit_window", "max_gaps"]

    init(node: ConfigNode) throws {
        let map = try node.mapping(allowedKeys: Self.keys)
        let nameNode = try map.required("name")
        name = try nameNode.string()
        guard MetricNaming.isValidLabelName(name) else {
            throw nameNode.error("collector name '\(name)' must be a plain identifier ([a-zA-Z_][a-zA-Z0-9_]*)")
        }
        if let kindNode = map.optional("kind") {
            let text = try kindNode.string()
            guard let parsed = Kind(rawValue: text) else {
                throw kindNode.error("unknown collector kind '\(text)' (expected query or incremental_counter)")
            }
            kind = parsed
        } else {
            kind = .query
        }
        let queryNode = try map.required("query")
        query = try queryNode.string()
        let metricsNode = try map.required("metrics")
        metrics = try metricsNode.sequence().map(MetricSpec.init(node:))
        guard !metrics.isEmpty else { throw metricsNode.error("a collector needs at least one metric") }

        let timeoutNode = map.optional("timeout")
        timeout = try timeoutNode?.duration() ?? Self.defaultTimeout
        if let timeoutNode, timeout <= .zero { throw timeoutNode.error("timeout must be positive") }
        minInterval = try map.optional("min_interval")?.duration()
        startQuery = try map.optional("start_query")?.string()
        seedQuery = try map.optional("seed_query")?.string()
        let batchNode = map.optional("batch_size")
        batchSize = try batchNode?.int() ?? 50_000
        if let batchNode, batchSize < 1 { throw batchNode.error("batch_size must be at least 1") }
        cursorColumn = try map.optional("cursor_column")?.string() ?? "cursor"
        idColumn = try map.optional("id_column")?.string() ?? "ids"
        let windowNode = map.optional("late_commit_window")
        lateCommitWindow = try windowNode?.duration() ?? LedgerTail.Settings.defaultLateCommitWindow
        if let windowNode, lateCommitWindow <= .zero { throw windowNode.error("late_commit_window must be positive") }
        let gapsNode = map.optional("max_gaps")
        maxGaps = try gapsNode?.int() ?? LedgerTail.Settings.defaultMaxGaps
        if let gapsNode, maxGaps < 0 { throw gapsNode.error("max_gaps must be 0 or more") }

        switch kind {
        case .query:
            for key in Self.incrementalKeys {
                if let extra = map[key] { throw extra.error("\(key) is only for kind: incremental_counter") }
            }
        case .incrementalCounter:
            guard startQuery != nil else {
                throw node.error("kind: incremental_counter needs start_query: (SQL giving the starting cursor)")
            }
            guard query.contains("$1"), query.contains("$2"), query.contains("$3") else {
                throw queryNode.error("an incremental_counter query must use $1 (the cursor: last id read), $2 (batch size) "
                    + "and $3 (the open gaps: id = ANY($3::bigint[]), so late commits are counted); see docs/ledger-tail.md")
            }
            if let interval = map.optional("min_interval") {
                throw interval.error("min_interval does not apply to incremental_counter (each scrape reads only new rows)")
            }
            for spec in metrics where spec.type != .counter {
                throw metricsNode.error("metric '\(spec.name)' of an incremental_counter collector must have type: counter")
            }
        }
    }
}
