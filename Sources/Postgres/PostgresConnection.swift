import CLibPQ
import Dispatch
import Foundation
import Logging

/// One libpq connection. Blocking calls; thread-safe by serializing internally.
///
/// Every query is sent with `PQsendQueryParams` (values travel as parameters, never spliced
/// into SQL) and runs under two timeouts: the server's `statement_timeout`, and a client-side
/// guard that polls the socket with a deadline and cancels (`PQcancel`) when it passes, so a
/// hung server or a dead network cannot hang the caller.
public final class PostgresConnection: @unchecked Sendable {
    public let config: PostgresConfig
    private let lock = NSLock()
    private var handle: OpaquePointer?          // PGconn*
    private var scrubber: SecretScrubber
    private var sessionStatementTimeout: Duration?
    private let logger: Logger

    public init(config: PostgresConfig, logger: Logger = Logger(label: "opsctl.postgres")) throws(PostgresError) {
        self.config = config
        self.logger = logger
        self.scrubber = SecretScrubber(secrets: config.knownSecrets)
        self.handle = try Self.connect(config: config, scrubber: &scrubber, logger: logger)
    }

    deinit {
        if let handle { PQfinish(handle) }
    }

    /// Whether the connection is usable (it may still turn out broken on the next query,
    /// which then throws `.connectionLost` and closes it).
    public var isOpen: Bool {
        lock.lock(); defer { lock.unlock() }
        guard let handle else { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// The server process id serving this connection (`pg_backend_pid()`), 0 when closed.
    public var backendPID: Int32 {
        lock.lock(); defer { lock.unlock() }
        guard let handle else { return 0 }
        return PQbackendPID(handle)
    }

    public func close() {
        lock.lock(); defer { lock.unlock() }
        closeLocked()
    }

    /// Runs one statement with `$1, $2, ...` parameters (nil is SQL NULL) under `timeout`
    /// (default `config.defaultQueryTimeout`).
    public func query(_ sql: String, _ parameters: [String?] = [], timeout: Duration? = nil) throws(PostgresError) -> QueryResult {
        lock.lock(); defer { lock.unlock() }
        guard let handle, PQstatus(handle) == CONNECTION_OK else {
            closeLocked()
            throw .connectionLost("the connection is closed")
        }
        let limit = timeout ?? config.defaultQueryTimeout
        if sessionStatementTimeout != limit {
            _ = try execute(handle, "SELECT set_config('statement_timeout', $1, false)",
                            [String(Self.milliseconds(limit))], limit: limit)
            sessionStatementTimeout = limit
        }
        return try execute(handle, sql, parameters, limit: limit)
    }

    // MARK: - Connecting

    private static func connect(config: PostgresConfig, scrubber: inout SecretScrubber, logger: Logger) throws(PostgresError) -> OpaquePointer {
        let parameters = try config.connectionParameters()
        let target = config.redacted
        let keys = Array(parameters.values.keys)
        let values = keys.map { parameters.values[$0] ?? "" }
        let started = withCStrings(keys) { keyPointers in
            withCStrings(values) { valuePointers in
                PQconnectStartParams(keyPointers, valuePointers, 0)
            }
        }
        guard let conn = started else {
            throw .connectionFailed("\(target): libpq could not allocate a connection")
        }
        let deadline = ContinuousClock.now + .seconds(max(config.connectTimeoutSeconds, 1))
        var status = PGRES_POLLING_WRITING
        if PQstatus(conn) == CONNECTION_BAD { status = PGRES_POLLING_FAILED }
        while status != PGRES_POLLING_OK {
            if status == PGRES_POLLING_FAILED {
                scrubber.add(PQpass(conn).map { String(cString: $0) })
                let message = scrubber.scrub(errorMessage(conn))
                PQfinish(conn)
                logger.debug("connection failed", metadata: ["target": "\(target)", "error": "\(message)"])
                throw .connectionFailed("\(target): \(message)")
            }
            let outcome = SocketWait.wait(socket: PQsocket(conn),
                                          for: status == PGRES_POLLING_READING ? .read : .write,
                                          until: deadline)
            if outcome == .timedOut {
                PQfinish(conn)
                throw .connectionFailed("\(target): timeout expired after \(config.connectTimeoutSeconds)s")
            }
            status = PQconnectPoll(conn)
        }
        scrubber.add(PQpass(conn).map { String(cString: $0) })
        PQsetnonblocking(conn, 1)
        logger.debug("connected", metadata: ["target": "\(target)", "backend_pid": "\(PQbackendPID(conn))"])
        return conn
    }

    // MARK: - Running a statement

    private func execute(_ conn: OpaquePointer, _ sql: String, _ parameters: [String?], limit: Duration) throws(PostgresError) -> QueryResult {
        let deadline = ContinuousClock.now + limit + config.clientGuardMargin
        let sent = withOptionalCStrings(parameters) { pointers in
            PQsendQueryParams(conn, sql, Int32(parameters.count), nil, pointers, nil, nil, 0)
        }
        guard sent == 1 else { throw failure(conn, whileDoing: "sending the query") }

        // Push the query out without blocking past the deadline.
        while true {
            let flushed = PQflush(conn)
            if flushed == 0 { break }
            if flushed < 0 { throw failure(conn, whileDoing: "sending the query") }
            switch SocketWait.wait(socket: PQsocket(conn), for: .readWrite, until: deadline) {
            case .ready:
                if PQconsumeInput(conn) == 0 { throw failure(conn, whileDoing: "sending the query") }
            case .timedOut:
                throw cancelAfterTimeout(conn, limit: limit)
            case .failed(let code):
                throw lose("waiting to send the query: \(String(cString: strerror(code)))")
            }
        }

        var result: QueryResult?
        var serverError: PostgresError?
        while true {
            while PQisBusy(conn) == 1 {
                switch SocketWait.wait(socket: PQsocket(conn), for: .read, until: deadline) {
                case .ready:
                    if PQconsumeInput(conn) == 0 { throw failure(conn, whileDoing: "reading the result") }
                case .timedOut:
                    throw cancelAfterTimeout(conn, limit: limit)
                case .failed(let code):
                    throw lose("waiting for the result: \(String(cString: strerror(code)))")
                }
            }
            guard let res = PQgetResult(conn) else { break }
            defer { PQclear(res) }
            switch PQresultStatus(res) {
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
                result = Self.read(res)
            case PGRES_FATAL_ERROR, PGRES_NONFATAL_ERROR, PGRES_BAD_RESPONSE:
                if serverError == nil { serverError = serverFailure(res, limit: limit) }
            default:
                if serverError == nil {
                    serverError = .queryFailed(sqlState: "", message: "unsupported result: \(String(cString: PQresStatus(PQresultStatus(res))))")
                }
            }
        }
        if PQstatus(conn) == CONNECTION_BAD {
            throw lose(scrubber.scrub(Self.errorMessage(conn)))
        }
        if let serverError { throw serverError }
        return result ?? QueryResult(columns: [], rows: [])
    }

    private static func read(_ res: OpaquePointer) -> QueryResult {
        let fieldCount = PQnfields(res)
        let rowCount = PQntuples(res)
        var columns: [String] = []
        columns.reserveCapacity(Int(fieldCount))
        for field in 0..<fieldCount {
            columns.append(PQfname(res, field).map { String(cString: $0) } ?? "?column?")
        }
        let index = ColumnIndex(columns)
        var rows: [Row] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            var values: [String?] = []
            values.reserveCapacity(Int(fieldCount))
            for field in 0..<fieldCount {
                if PQgetisnull(res, row, field) == 1 {
                    values.append(nil)
                } else {
                    values.append(PQgetvalue(res, row, field).map { String(cString: $0) } ?? "")
                }
            }
            rows.append(Row(index: index, values: values))
        }
        let tag = PQcmdStatus(res).map { String(cString: $0) } ?? ""
        return QueryResult(columns: columns, rows: rows, commandTag: tag)
    }

    // MARK: - Failures

    /// A server-reported error: a statement timeout or cancel becomes `.timeout`.
    private func serverFailure(_ res: OpaquePointer, limit: Duration) -> PostgresError {
        let sqlState = PQresultErrorField(res, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? ""
        let primary = PQresultErrorField(res, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
        let message = scrubber.scrub(primary ?? PQresultErrorMessage(res).map { String(cString: $0) }?.trimmingTrailingWhitespace() ?? "unknown error")
        if sqlState == "57014" { return .timeout(limit) }     // query_canceled (statement_timeout)
        if sqlState.isEmpty, let conn = handle, PQstatus(conn) == CONNECTION_BAD {
            return lose(message)
        }
        return .queryFailed(sqlState: sqlState, message: message)
    }

    /// libpq refused or failed an I/O step; tells a broken connection from a bad query.
    private func failure(_ conn: OpaquePointer, whileDoing step: String) -> PostgresError {
        let message = scrubber.scrub(Self.errorMessage(conn))
        if PQstatus(conn) == CONNECTION_BAD || PQsocket(conn) < 0 {
            return lose("\(step): \(message)")
        }
        return .queryFailed(sqlState: "", message: "\(step): \(message)")
    }

    /// Closes the connection and describes why.
    private func lose(_ message: String) -> PostgresError {
        closeLocked()
        logger.warning("lost the connection", metadata: ["target": "\(config.redacted)", "error": "\(message)"])
        return .connectionLost(message)
    }

    /// The client-side deadline passed: ask the server to cancel, give it a moment to
    /// answer, and if it does not, drop the connection (the next use reconnects).
    private func cancelAfterTimeout(_ conn: OpaquePointer, limit: Duration) -> PostgresError {
        logger.warning("query exceeded its timeout; cancelling", metadata: [
            "target": "\(config.redacted)", "timeout": "\(PostgresError.format(limit))",
        ])
        if let cancel = PQgetCancel(conn) {
            // PQcancel blocks until the server acknowledges; a hung server may never do so,
            // so it runs on its own thread and we only wait for the query's end below.
            let box = CancelHandle(cancel)
            // A serial queue (overcommit thread), not the global pool: a stuck cancel must
            // not take one of the few threads Linux gives the global queue.
            DispatchQueue(label: "opsctl.postgres.cancel").async {
                var buffer = [CChar](repeating: 0, count: 256)
                _ = PQcancel(box.pointer, &buffer, Int32(buffer.count))
                PQfreeCancel(box.pointer)
            }
        }
        let drainDeadline = ContinuousClock.now + config.clientGuardMargin
        while true {
            while PQisBusy(conn) == 1 {
                guard SocketWait.wait(socket: PQsocket(conn), for: .read, until: drainDeadline) == .ready,
                      PQconsumeInput(conn) == 1 else {
                    closeLocked()
                    return .timeout(limit)
                }
            }
            guard let res = PQgetResult(conn) else { break }
            PQclear(res)
        }
        if PQstatus(conn) != CONNECTION_OK { closeLocked() }
        return .timeout(limit)
    }

    private func closeLocked() {
        if let handle {
            PQfinish(handle)
            self.handle = nil
            sessionStatementTimeout = nil
        }
    }

    /// libpq's message on one line (it spreads hints over several).
    private static func errorMessage(_ conn: OpaquePointer) -> String {
        let text = PQerrorMessage(conn).map { String(cString: $0) } ?? ""
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        let joined = lines.filter { !$0.isEmpty }.joined(separator: " ")
        return joined.isEmpty ? "unknown libpq error" : joined
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return max(1, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }
}

/// Carries a PGcancel* to the thread that sends the cancel request.
private final class CancelHandle: @unchecked Sendable {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
}

/// Calls `body` with C strings, NULL-terminated (valid only inside `body`); an array passed
/// to a C function becomes the `const char * const *` it expects.
private func withCStrings<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    withOptionalCStrings(strings.map { Optional($0) }, body)
}

private func withOptionalCStrings<R>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    let owned: [UnsafeMutablePointer<CChar>?] = strings.map { $0.flatMap { strdup($0) } }
    defer { owned.forEach { free($0) } }
    var pointers: [UnsafePointer<CChar>?] = owned.map { $0.map { UnsafePointer($0) } }
    pointers.append(nil)
    return body(pointers)
}
