/// What can go wrong talking to PostgreSQL. Every message is scrubbed of the password
/// before it is stored here, so `description` is safe for logs, metrics and error output.
public enum PostgresError: Error, Sendable, CustomStringConvertible, Equatable {
    /// Could not open a connection (server down, refused, wrong password, unknown database...).
    case connectionFailed(String)
    /// The server rejected or failed the statement.
    case queryFailed(sqlState: String, message: String)
    /// The statement ran longer than its timeout (server-side `statement_timeout` or the
    /// client-side guard) and was cancelled.
    case timeout(Duration)
    /// The connection broke while in use (server restart, network failure).
    case connectionLost(String)
    /// The connection settings could not be parsed.
    case invalidConfig(String)

    public var description: String {
        switch self {
        case .connectionFailed(let message):
            return "could not connect to PostgreSQL: \(Self.sentence(message)) \(Self.connectionHint(message))"
        case .queryFailed(let sqlState, let message):
            let hint = Self.queryHint(sqlState)
            return "query failed (SQLSTATE \(sqlState)): \(message)" + (hint.isEmpty ? "" : ". \(hint)")
        case .timeout(let limit):
            return "query did not finish within \(Self.format(limit)) and was cancelled. "
                + "Raise the query's timeout, or bound the query by an index range (time or id) so it stays cheap"
        case .connectionLost(let message):
            return "lost the connection to PostgreSQL: \(Self.sentence(message)) "
                + "The server restarted or the network dropped; the next attempt reconnects"
        case .invalidConfig(let message):
            return "invalid PostgreSQL connection settings: \(Self.sentence(message)) "
                + "Use a URL (postgresql://user@host:5432/dbname) or key=value conninfo "
                + "(host=... port=... dbname=... user=...) in --database-url or DATABASE_URL"
        }
    }

    /// The SQLSTATE class of a server error, e.g. "57" for operator intervention.
    public var sqlState: String? {
        if case .queryFailed(let state, _) = self { return state }
        return nil
    }

    static func connectionHint(_ message: String) -> String {
        let lower = message.lowercased()
        if lower.contains("password authentication failed") || lower.contains("no password supplied") {
            return "Check the user and password in --database-url / DATABASE_URL, or PGPASSWORD / ~/.pgpass"
        }
        if lower.contains("connection refused") {
            return "Start the server, or fix host and port in --database-url / DATABASE_URL (or PGHOST, PGPORT)"
        }
        if lower.contains("timeout") || lower.contains("timed out") {
            return "The server did not answer in time; check the host, the network path and the connect timeout"
        }
        if lower.contains("does not exist") {
            return "Check the database and user names in the connection settings"
        }
        if lower.contains("could not translate host name") {
            return "The host name does not resolve; check the host in the connection settings"
        }
        if lower.contains("no pg_hba.conf entry") {
            return "The server does not allow this client; ask the DBA for a pg_hba.conf entry or check sslmode"
        }
        return "Check --database-url / DATABASE_URL (or the PG* environment variables) and that the server is reachable"
    }

    static func queryHint(_ sqlState: String) -> String {
        switch sqlState {
        case "25006":
            return "The session is read-only (opsctl sets default_transaction_read_only=on); opsctl only reads"
        case "42501":
            return "The role lacks a privilege; grant it pg_read_all_data and pg_monitor"
        case "42P01", "42703":
            return "The SQL names a table or column the database does not have; check it against your schema"
        case "42601":
            return "The SQL has a syntax error"
        case "57014":
            return "The statement was cancelled"
        default:
            return ""
        }
    }

    /// `text` ending in a full stop, for joining a hint after it.
    static func sentence(_ text: String) -> String {
        guard let last = text.last else { return text }
        return ".?!".contains(last) ? text : text + "."
    }

    static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let millis = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        if millis % 1000 == 0 { return "\(millis / 1000)s" }
        return "\(millis)ms"
    }
}
