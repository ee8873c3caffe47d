import Postgres

/// What collectors need from the database: one parameterized query under a timeout.
/// `PostgresPool` is the real one; the seam keeps collectors independent of pooling.
public protocol QueryRunner: Sendable {
    func query(_ sql: String, _ params: [String?], timeout: Duration?) async throws -> QueryResult
}

extension PostgresPool: QueryRunner {}
