/// Runs one parameterized statement under a timeout: the seam between code that reads the
/// database and the thing that holds connections. `PostgresPool` is the real one; a feature
/// module may refine it (the exporter's `QueryRunner` does) without depending on pooling.
public protocol StatementRunner: Sendable {
    func query(_ sql: String, _ params: [String?], timeout: Duration?) async throws -> QueryResult
}

extension PostgresPool: StatementRunner {}
