import OpsCore

/// Built-in PostgreSQL health, with postgres_exporter's metric names and labels where they
/// overlap so existing dashboards keep working. `pg_up` itself is produced by the scraper.
/// Every statement reads catalog views only (no user table).
enum PostgresHealth {
    static let upQuery = "SELECT 1 AS up"
    /// The default of `postgres_health_timeout`: for the `pg_up` check and each collector below.
    static let defaultTimeout: Duration = .seconds(3)

    static func collectors(timeout: Duration) -> [CollectorConfig] { [
        CollectorConfig(
            name: "pg_stat_activity",
            query: """
                SELECT d.datname, s.state, count(a.pid) AS count,
                       coalesce(max(extract(epoch FROM now() - a.xact_start)), 0) AS max_tx_duration
                FROM pg_database d
                CROSS JOIN (VALUES ('active'), ('idle'), ('idle in transaction'),
                                   ('idle in transaction (aborted)'), ('fastpath function call'), ('disabled')) AS s(state)
                LEFT JOIN pg_stat_activity a ON a.datname = d.datname AND a.state = s.state
                WHERE d.datallowconn
                GROUP BY d.datname, s.state
                """,
            metrics: [
                // untyped, not gauge: postgres_exporter's name ends in `_count`, which promtool's
                // linter reserves for histograms and summaries of every type but untyped.
                MetricSpec(name: "pg_stat_activity_count", help: "number of connections in this state",
                           type: .untyped, keyLabels: ["datname", "state"], valueColumns: ["count"]),
                MetricSpec(name: "pg_stat_activity_max_tx_duration",
                           help: "max duration in seconds any active transaction has been running",
                           type: .gauge, keyLabels: ["datname", "state"], valueColumns: ["max_tx_duration"]),
            ],
            timeout: timeout
        ),
        CollectorConfig(
            name: "pg_database_size",
            query: "SELECT datname, pg_database_size(datname) AS size_bytes FROM pg_database",
            metrics: [
                MetricSpec(name: "pg_database_size_bytes", help: "Disk space used by the database",
                           type: .gauge, keyLabels: ["datname"], valueColumns: ["size_bytes"]),
            ],
            timeout: timeout,
            minInterval: .seconds(30)
        ),
        CollectorConfig(
            name: "pg_settings",
            query: "SELECT setting::float8 AS max_connections FROM pg_settings WHERE name = 'max_connections'",
            metrics: [
                MetricSpec(name: "pg_settings_max_connections", help: "Sets the maximum number of concurrent connections.",
                           type: .gauge, valueColumns: ["max_connections"]),
            ],
            timeout: timeout,
            minInterval: .seconds(60)
        ),
    ] }
}
