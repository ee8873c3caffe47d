// Direct SQL for tests: setup as the service would write it, and expected values computed
// independently of the code under test (the admin role, one connection, no pool limits).
import Postgres

/// Direct SQL for setup and expected values (the admin role).
public enum SQL {
    public static func rows(_ url: String, _ sql: String) async throws -> QueryResult {
        var config = PostgresConfig(conninfo: url)
        config.readOnly = false
        let pool = PostgresPool(config: config, maxConnections: 1)
        do {
            let result = try await pool.query(sql, [], timeout: .seconds(30))
            await pool.close()
            return result
        } catch {
            await pool.close()
            throw error
        }
    }

    public static func map(_ url: String, _ sql: String, keys: [String], value: String) async throws -> [String: Double] {
        var result: [String: Double] = [:]
        for row in try await rows(url, sql).rows {
            result[keys.map { row.string($0) ?? "" }.joined(separator: "|")] = row.double(value)
        }
        return result
    }

    public static func exec(_ url: String, _ sql: String) async throws {
        _ = try await rows(url, sql)
    }
}
