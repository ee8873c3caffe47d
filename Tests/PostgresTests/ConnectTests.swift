import Foundation
import Testing
@testable import Postgres
import TestSupport

/// Connecting from a URL, a key=value conninfo and libpq's PG* environment, and what a
/// person sees when it fails.
@Suite struct ConnectTests {
    let database: TestDatabase
    let parts: [String: String]

    init() throws {
        database = try TestDatabase.shared()
        parts = try ConnectionParameters.parse(database.url).get().values
    }

    private func whoAmI(_ config: PostgresConfig) throws -> (user: String?, database: String?) {
        let connection = try PostgresConnection(config: config)
        defer { connection.close() }
        let row = try connection.query("SELECT current_user AS u, current_database() AS d").rows.first
        return (row?.string("u"), row?.string("d"))
    }

    @Test func connectsWithURL() throws {
        let (user, db) = try whoAmI(PostgresConfig(conninfo: database.url))
        #expect(user == parts["user"])
        #expect(db == parts["dbname"])
    }

    @Test func connectsWithKeyValueConninfo() throws {
        let conninfo = ["host", "port", "dbname", "user", "password"].compactMap { key in
            parts[key].map { "\(key)='\($0)'" }
        }.joined(separator: " ")
        let (user, db) = try whoAmI(PostgresConfig(conninfo: conninfo))
        #expect(user == parts["user"])
        #expect(db == parts["dbname"])
    }

    @Test func connectsWithPGEnvironmentWhenNoURLIsGiven() throws {
        let environment = [
            "PGHOST": parts["host"] ?? "", "PGPORT": parts["port"] ?? "", "PGDATABASE": parts["dbname"] ?? "",
            "PGUSER": parts["user"] ?? "", "PGPASSWORD": parts["password"] ?? "",
        ]
        let config = PostgresConfig.resolve(databaseURL: nil, environment: environment)
        let (user, db) = try whoAmI(config)
        #expect(user == parts["user"])
        #expect(db == parts["dbname"])
        #expect(!config.redacted.contains(parts["password"] ?? "<none>"))
    }

    @Test func flagBeatsDatabaseURLWhichBeatsPGEnvironment() throws {
        let dead = "postgresql://nobody:x@127.0.0.1:1/nothing"
        let fromFlag = PostgresConfig.resolve(databaseURL: database.url, environment: ["DATABASE_URL": dead, "PGPORT": "1"])
        #expect(try whoAmI(fromFlag).user == parts["user"])
        let fromEnvironment = PostgresConfig.resolve(databaseURL: nil, environment: ["DATABASE_URL": database.url, "PGPORT": "1"])
        #expect(try whoAmI(fromEnvironment).user == parts["user"])
        let emptyFlag = PostgresConfig.resolve(databaseURL: "", environment: ["DATABASE_URL": database.url])
        #expect(try whoAmI(emptyFlag).user == parts["user"])
    }

    @Test func sessionCarriesApplicationNameAndReadOnly() throws {
        var config = PostgresConfig(conninfo: database.url)
        config.applicationName = "opsctl-test-appname"
        let connection = try PostgresConnection(config: config)
        defer { connection.close() }
        let row = try connection.query("SELECT current_setting('application_name') AS a, current_setting('default_transaction_read_only') AS r").rows.first
        #expect(row?.string("a") == "opsctl-test-appname")
        #expect(row?.string("r") == "on")
        #expect(PostgresConfig(conninfo: database.url).applicationName == "opsctl")
    }

    @Test func sessionSettingsReachEverySessionBesideReadOnly() throws {
        var config = PostgresConfig(conninfo: database.url)
        config.sessionSettings = ["jit": "off", "work_mem": "5MB"]
        let connection = try PostgresConnection(config: config)
        defer { connection.close() }
        let row = try connection.query("SELECT current_setting('jit') AS j, current_setting('work_mem') AS w, current_setting('default_transaction_read_only') AS r").rows.first
        #expect(row?.string("j") == "off")
        #expect(row?.string("w") == "5MB")
        #expect(row?.string("r") == "on")
    }

    @Test func wrongPasswordFailsWithoutShowingThePassword() throws {
        let secret = "Wr0ng-s3cret-\(UUID().uuidString.prefix(6))"
        var url = URLComponents(string: database.url)
        url?.password = secret
        let forms = [
            url?.string ?? "",
            "host=\(parts["host"] ?? "") port=\(parts["port"] ?? "") dbname=\(parts["dbname"] ?? "") user=\(parts["user"] ?? "") password=\(secret)",
        ]
        for conninfo in forms {
            let config = PostgresConfig(conninfo: conninfo)
            let error = #expect(throws: PostgresError.self) { try PostgresConnection(config: config) }
            guard case .connectionFailed(let message)? = error else {
                Issue.record("expected connectionFailed, got \(String(describing: error))"); continue
            }
            #expect(message.contains("password authentication failed"))
            let text = String(describing: error.map { $0 as PostgresError })
            #expect(!text.contains(secret))
            #expect(!config.redacted.contains(secret))
            #expect(error?.description.contains("Check the user and password") == true)
        }
        // The password from PGPASSWORD is scrubbed as well.
        let config = PostgresConfig.resolve(databaseURL: nil, environment: [
            "PGHOST": parts["host"] ?? "", "PGPORT": parts["port"] ?? "", "PGDATABASE": parts["dbname"] ?? "",
            "PGUSER": parts["user"] ?? "", "PGPASSWORD": secret,
        ])
        let error = #expect(throws: PostgresError.self) { try PostgresConnection(config: config) }
        #expect(error?.description.contains(secret) == false)
        #expect(error?.description.contains("password authentication failed") == true)
    }

    @Test func refusedPortFailsFastAndSaysSo() throws {
        let port = try unusedPort()
        let config = PostgresConfig(conninfo: "postgresql://opsctl_reader:pw-not-shown@127.0.0.1:\(port)/gmailsvc")
        let started = ContinuousClock.now
        let error = #expect(throws: PostgresError.self) { try PostgresConnection(config: config) }
        let elapsed = ContinuousClock.now - started
        #expect(elapsed < .seconds(2))
        guard case .connectionFailed? = error else { Issue.record("got \(String(describing: error))"); return }
        let text = error?.description ?? ""
        #expect(text.contains("Connection refused"))
        #expect(text.contains("port=\(port)"))
        #expect(text.contains("Start the server, or fix host and port"))
        #expect(!text.contains("pw-not-shown"))
    }

    @Test func unresponsiveHostTimesOutAtTheConnectTimeout() throws {
        // A listening socket that never answers the startup packet: a hung server.
        let (listener, port) = try silentListener()
        defer { close(listener) }
        var config = PostgresConfig(conninfo: "postgresql://opsctl_reader:pw-not-shown@127.0.0.1:\(port)/gmailsvc?sslmode=disable")
        config.connectTimeoutSeconds = 1
        let started = ContinuousClock.now
        let error = #expect(throws: PostgresError.self) { try PostgresConnection(config: config) }
        let elapsed = ContinuousClock.now - started
        #expect(elapsed >= .milliseconds(900))
        #expect(elapsed < .seconds(3))
        #expect(error?.description.contains("timeout expired after 1s") == true)
        #expect(error?.description.contains("pw-not-shown") == false)
    }

    @Test func malformedSettingsAreInvalidConfigWithoutThePassword() throws {
        for conninfo in ["postgresql://u:Hidden-pw1@127.0.0.1:notaport/db",
                         "host=127.0.0.1 password='Hidden-pw1",
                         "host=127.0.0.1 bogus_key=1 password=Hidden-pw1"] {
            let config = PostgresConfig(conninfo: conninfo)
            let error = #expect(throws: PostgresError.self) { try PostgresConnection(config: config) }
            switch error {
            case .invalidConfig?, .connectionFailed?: break
            default: Issue.record("\(conninfo): got \(String(describing: error))")
            }
            #expect(error?.description.contains("Hidden-pw1") == false, "\(conninfo)")
            #expect(!config.redacted.contains("Hidden-pw1"))
        }
    }

    @Test func aMalformedConnectionStringIsRefusedAtStartWithTheErrorAConnectionWouldGive() {
        let config = PostgresConfig(conninfo: "postgresql://reader:s3cret-pw@db:5432/gmailsvc?sslmod=require")
        let atStart = #expect(throws: PostgresError.self) { try config.checkConnectionString() }
        guard case .invalidConfig(let message)? = atStart else {
            Issue.record("expected invalidConfig, got \(String(describing: atStart))"); return
        }
        #expect(message.contains("sslmod"), "names the bad parameter: \(message)")
        #expect(!message.contains("s3cret-pw"))
        let atConnect = #expect(throws: PostgresError.self) { try PostgresConnection(config: config) }
        #expect(atConnect == atStart)
        #expect(config.redacted == "(unparseable connection settings)")
        for good in [database.url, "host=127.0.0.1 port=5432 dbname=gmailsvc", ""] {
            #expect(throws: Never.self) { try PostgresConfig(conninfo: good).checkConnectionString() }
        }
    }

    @Test func redactedShowsTheTargetButNotThePassword() throws {
        let config = PostgresConfig(conninfo: "postgresql://reader:Top%20Secret@db.example:6543/gmailsvc?sslmode=require")
        #expect(config.redacted == "host=db.example port=6543 dbname=gmailsvc user=reader sslmode=require")
        #expect("\(config)" == config.redacted)
        #expect(PostgresConfig(conninfo: "").redacted == "(libpq defaults and PG* environment)")
    }
}

/// A loopback port nothing listens on.
func unusedPort() throws -> Int {
    let (socket, port) = try silentListener()
    close(socket)
    return port
}

/// A loopback TCP socket that accepts connections (kernel backlog) but never answers.
func silentListener() throws -> (Int32, Int) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw TestDatabaseError(message: "socket() failed") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
    }
    guard bound == 0, listen(fd, 16) == 0 else { close(fd); throw TestDatabaseError(message: "bind/listen failed") }
    let named = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    guard named == 0 else { close(fd); throw TestDatabaseError(message: "getsockname failed") }
    return (fd, Int(UInt16(bigEndian: address.sin_port)))
}
