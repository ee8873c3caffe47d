/// Where and how to connect. Built from `--database-url`, `DATABASE_URL` or libpq's `PG*`
/// environment. The password lives only inside; `description` and `redacted` never show it.
public struct PostgresConfig: Sendable, CustomStringConvertible {
    /// The connection string (URL or key=value) as libpq's parser read it, once, at init; holds
    /// the password, if any. A string libpq cannot parse keeps its error (without the password),
    /// which every connection attempt then reports.
    let conninfoParameters: Result<ConnectionParameters, PostgresError>
    /// Parameters from libpq's PG* environment variables, under the conninfo's own.
    let environmentParameters: ConnectionParameters

    /// `application_name` the server shows in `pg_stat_activity`.
    public var applicationName: String
    /// How long opening a connection may take, all hosts and the handshake included.
    public var connectTimeoutSeconds: Int
    /// Open sessions with `default_transaction_read_only=on` (the server refuses writes).
    public var readOnly: Bool
    /// Timeout for a query that does not name its own.
    public var defaultQueryTimeout: Duration
    /// How long past a query's timeout the client waits for the server's own
    /// `statement_timeout` before it cancels the query itself (a hung server, a lost network).
    public var clientGuardMargin: Duration
    /// Server settings for every session this config opens (`-c name=value` in libpq's
    /// `options`), e.g. `["jit": "off"]`. Names and values are letters, digits, `_` and `.`.
    public var sessionSettings: [String: String] = [:]

    /// `--database-url` flag, else `DATABASE_URL`, else libpq's PG* environment (empty conninfo).
    /// PG* variables in `environment` fill whatever the URL leaves out, as libpq does.
    public static func resolve(databaseURL: String?, environment: [String: String]) -> PostgresConfig {
        let conninfo: String
        if let databaseURL, !databaseURL.isEmpty {
            conninfo = databaseURL
        } else if let fromEnvironment = environment["DATABASE_URL"], !fromEnvironment.isEmpty {
            conninfo = fromEnvironment
        } else {
            conninfo = ""
        }
        return PostgresConfig(conninfo: conninfo,
                              environmentParameters: ConnectionParameters.fromEnvironment(environment))
    }

    /// A URL (`postgresql://user:password@host:5432/dbname?sslmode=disable`) or key=value
    /// conninfo (`host=... port=... dbname=... user=...`). Empty: libpq's PG* environment.
    public init(conninfo: String) {
        self.init(conninfo: conninfo, environmentParameters: ConnectionParameters())
    }

    init(conninfo: String, environmentParameters: ConnectionParameters) {
        let parsed = ConnectionParameters.parse(conninfo)
        self.conninfoParameters = parsed
        self.environmentParameters = environmentParameters
        let given = (try? parsed.get()).map { environmentParameters.overlaid(by: $0) } ?? environmentParameters
        self.applicationName = given["application_name"] ?? "opsctl"
        self.connectTimeoutSeconds = given["connect_timeout"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } ?? 5
        self.readOnly = true
        self.defaultQueryTimeout = .seconds(30)
        self.clientGuardMargin = .seconds(1)
    }

    /// Throws `.invalidConfig` (no password in it) when libpq cannot parse the connection
    /// string, so a job can refuse a typo at start instead of failing every connection later.
    public func checkConnectionString() throws(PostgresError) {
        _ = try conninfoParameters.get()
    }

    /// The parameters handed to libpq: PG* environment < conninfo < this config's settings.
    func connectionParameters() throws(PostgresError) -> ConnectionParameters {
        var parameters = environmentParameters.overlaid(by: try conninfoParameters.get())
        parameters["application_name"] = applicationName
        parameters["connect_timeout"] = String(max(connectTimeoutSeconds, 1))
        var settings = sessionSettings.sorted(by: { $0.key < $1.key }).map { "-c \($0.key)=\($0.value)" }
        if readOnly { settings.insert("-c default_transaction_read_only=on", at: 0) }
        if !settings.isEmpty {
            let existing = parameters["options"] ?? ""
            parameters["options"] = ((existing.isEmpty ? [] : [existing]) + settings).joined(separator: " ")
        }
        return parameters
    }

    /// The password this config carries (conninfo or PGPASSWORD), for scrubbing messages.
    var knownSecrets: [String?] {
        [(try? conninfoParameters.get())?["password"], environmentParameters["password"]]
    }

    /// For logs: the target with the password removed, e.g.
    /// `host=127.0.0.1 port=5432 dbname=gmailsvc user=reader`.
    public var redacted: String {
        guard let parsed = try? conninfoParameters.get() else {
            return "(unparseable connection settings)"
        }
        let merged = environmentParameters.overlaid(by: parsed)
        let shown = ["service", "host", "hostaddr", "port", "dbname", "user", "sslmode"].compactMap { key in
            merged[key].map { "\(key)=\($0)" }
        }
        let text = shown.isEmpty ? "(libpq defaults and PG* environment)" : shown.joined(separator: " ")
        return SecretScrubber(secrets: knownSecrets).scrub(text)
    }

    public var description: String { redacted }
}
