import Postgres

/// What collectors need from the database: one parameterized query under a timeout.
/// `PostgresPool` is the real one; the seam keeps collectors independent of pooling. It is
/// the Postgres module's `StatementRunner`, so a collector can hand it to a `LedgerTail`.
public protocol QueryRunner: StatementRunner {}

extension PostgresPool: QueryRunner {}
