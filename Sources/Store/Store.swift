import CSQLite
import Foundation

/// The Secateur database: sessions, cells, parameters, objects, lineage and metrics in SQLite (WAL),
/// plus a content-addressed payload folder beside it (`<db>.payloads/`).
///
/// Opening validates before it writes anything: a file that is not SQLite, an SQLite file that is not a
/// Secateur store, a newer schema, a read-only file or folder and a lock held past the busy timeout are each
/// a `StoreError`, and the file is left as it was. Calls are serialized by a lock, so one `Store` may be
/// shared between threads. See `Schema` for the tables and views.
public final class Store: @unchecked Sendable {
    /// The schema version this build creates and understands (the number of migrations).
    public static var schemaVersion: Int { Schema.migrations.count }

    /// The database file as given.
    public let path: String
    /// The payload folder, `<path>.payloads/`.
    public let payloadsURL: URL
    /// The read-write connection (use only through the Store's methods when sharing between threads).
    public let database: Database
    /// Seconds to wait for another connection's lock.
    public let busyTimeout: Double
    /// Cells found `running` from dead processes and marked `interrupted` by this open.
    public let recoveredCells: [CellRecord]

    let lock = NSRecursiveLock()
    let payloads: PayloadFolder
    /// Identifies this database file among the Store objects of this process.
    let identity: String
    var currentSession: SessionRecord?
    private let readLock = NSLock()
    private var readConnection: Database?

    /// The default database path: `$SECATEUR_DB`, else `secateur.db` in the current directory.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["SECATEUR_DB"], !path.isEmpty { return path }
        return "secateur.db"
    }

    /// Opens (creating if absent) and validates the store, applies missing migrations, and marks `running`
    /// cells of dead processes `interrupted` (see `recoveredCells`).
    public init(path: String, busyTimeout: Double = 5) throws {
        self.path = path
        self.busyTimeout = busyTimeout
        self.payloadsURL = URL(fileURLWithPath: path + ".payloads", isDirectory: true)
        try Self.checkFile(path)
        let db: Database
        do {
            db = try Database(path: path, mode: .readWrite, busyTimeout: busyTimeout)
        } catch let error as SQLiteError {
            throw Self.openError(error, path: path, busyTimeout: busyTimeout)
        }
        if db.isReadOnly { throw StoreError.readOnly(path: path, reason: "SQLite could open it read-only only") }
        self.database = db
        do {
            try Self.identify(db, path: path)
            let mode = try db.scalar("PRAGMA journal_mode = WAL").string?.lowercased()
            guard mode == "wal" else {
                throw StoreError.cannotOpen(
                    path: path, reason: "could not switch to WAL (journal mode is \(mode ?? "?"))")
            }
            try Migrator.migrate(db, path: path, migrations: Schema.migrations, now: Timestamp.string(Date()))
            // The file exists now, so its canonical path can identify it.
            let identity = Self.canonicalPath(path)
            self.identity = identity
            self.recoveredCells = try Self.recover(db, identity: identity)
        } catch let error as SQLiteError {
            throw Self.openError(error, path: path, busyTimeout: busyTimeout)
        }
        self.payloads = try PayloadFolder(url: payloadsURL)
    }

    deinit {
        // Dropping the Store without endSession is treated like a crash: the session is no longer alive.
        if let session = currentSession { LiveSessions.shared.remove(database: identity, session: session.id) }
    }

    /// Runs `body` holding the Store's lock.
    func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Runs `body` in one transaction (nested calls become savepoints); rolled back if it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try locked { try database.transaction(.immediate, body) }
    }

    // MARK: - Read-only SQL

    /// Runs read-only SQL for `.sql` and returns the last statement's result; anything that could change the
    /// store or the connection is refused with `StoreError.notReadOnly` before any statement runs.
    public func query(readOnly sql: String) throws -> QueryResult {
        try locked { try readOnlyConnection().query(readOnly: sql) }
    }

    /// Like `query(readOnly:)`, one result per statement.
    public func queryAll(readOnly sql: String, maxRows: Int = .max) throws -> [QueryResult] {
        try locked { try readOnlyConnection().queryAll(readOnly: sql, maxRows: maxRows) }
    }

    /// Aborts a running query or statement (safe from any thread, e.g. a Ctrl-C handler).
    public func interrupt() {
        readLock.lock()
        defer { readLock.unlock() }
        readConnection?.interrupt()
        database.interrupt()
    }

    /// A second connection opened read-only with `query_only`, so `.sql` cannot write even past the checks.
    private func readOnlyConnection() throws -> Database {
        readLock.lock()
        defer { readLock.unlock() }
        if let connection = readConnection { return connection }
        let connection = try Database(path: path, mode: .readOnly, busyTimeout: busyTimeout)
        try connection.execute("PRAGMA query_only = 1")
        readConnection = connection
        return connection
    }

    // MARK: - Opening

    /// Checks what can be checked without SQLite: a header that is not SQLite's, permissions.
    static func checkFile(_ path: String) throws {
        let folder = (URL(fileURLWithPath: path).deletingLastPathComponent().path as NSString).standardizingPath
        var info = stat()
        if stat(path, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR {
                throw StoreError.cannotOpen(path: path, reason: "it is a directory")
            }
            if info.st_size > 0 {
                let fd = open(path, O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else { throw StoreError.cannotOpen(path: path, reason: "cannot read it: \(errnoText())") }
                var header = [UInt8](repeating: 0, count: 16)
                let n = read(fd, &header, 16)
                close(fd)
                if n != 16 || header != Array("SQLite format 3\0".utf8) { throw StoreError.notADatabase(path: path) }
            } else if let payloads = try? FileManager.default.contentsOfDirectory(atPath: path + ".payloads"),
                !payloads.isEmpty
            {
                // An empty file beside a payload folder is a store that lost its contents (truncated, or a
                // failed copy), not a new one: opening it would start an empty store and orphan the payloads.
                throw StoreError.cannotOpen(
                    path: path,
                    reason:
                        "the file is empty but its payload folder \(path).payloads holds \(payloads.count) entries: "
                        + "it looks like a truncated store; restore it from a backup, or move the payload folder "
                        + "away to start a new store")
            }
            if !isWritable(path) { throw StoreError.readOnly(path: path, reason: "the file is not writable") }
            if !isWritable(folder) {
                throw StoreError.readOnly(
                    path: path, reason: "its folder \(folder) is not writable (SQLite keeps -wal and -shm files there)")
            }
        } else {
            guard stat(folder, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
                throw StoreError.cannotOpen(path: path, reason: "the folder \(folder) does not exist")
            }
            if !isWritable(folder) {
                throw StoreError.readOnly(path: path, reason: "cannot create it: the folder \(folder) is not writable")
            }
        }
    }

    /// Write permission for the effective user (what `open` will check).
    static func isWritable(_ path: String) -> Bool {
        faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) == 0
    }

    static func canonicalPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Accepts an empty database or a Secateur store this build can read; refuses anything else untouched.
    static func identify(_ db: Database, path: String) throws {
        let applicationID = try db.scalar("PRAGMA application_id").int64 ?? 0
        let version = try Migrator.version(of: db)
        let names = try db.fetchAll("SELECT name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
            .compactMap { $0.get("name", as: String.self) }
        if applicationID == Migrator.applicationID {
            if version > Schema.migrations.count {
                throw StoreError.newerSchema(path: path, found: version, supported: Schema.migrations.count)
            }
            return
        }
        if applicationID == 0 && version == 0 && names.isEmpty { return }
        throw StoreError.notASecateurStore(path: path, tables: names)
    }

    /// Turns an SQLite failure during opening into the StoreError that says what to do.
    static func openError(_ error: SQLiteError, path: String, busyTimeout: Double) -> StoreError {
        switch error.code {
        case SQLITE_NOTADB:
            return .notADatabase(path: path)
        case SQLITE_BUSY, SQLITE_LOCKED:
            return .locked(path: path, seconds: busyTimeout)
        case SQLITE_READONLY, SQLITE_PERM:
            return .readOnly(path: path, reason: error.message)
        default:
            return .cannotOpen(path: path, reason: error.description)
        }
    }

    /// Marks `running` cells of sessions whose process is gone as `interrupted`; returns them.
    static func recover(_ db: Database, identity: String) throws -> [CellRecord] {
        let host = ProcessIdentity.hostName
        let me = getpid()
        let myToken = ProcessIdentity.token(pid: me)
        let candidates = try db.fetchAll(
            """
            SELECT DISTINCT s.id, s.pid, s.host, s.process_token FROM sessions s
            JOIN cells c ON c.session_id = s.id WHERE c.status = 'running' ORDER BY s.id
            """)
        var dead: [(id: Int64, pid: Int32, host: String)] = []
        for row in candidates {
            guard let id = row.get("id", as: Int64.self), let pid = row.get("pid", as: Int32.self) else { continue }
            let sessionHost = row.get("host", as: String.self) ?? ""
            let token = row.get("process_token", as: String.self)
            let alive: Bool
            if sessionHost != host {
                alive = false  // cannot be checked from here; two machines on one store is not supported
            } else if pid == me && (token == nil || token == myToken) {
                alive = LiveSessions.shared.contains(database: identity, session: id)
            } else {
                alive = ProcessIdentity.isAlive(pid: pid, token: token)
            }
            if !alive { dead.append((id, pid, sessionHost)) }
        }
        guard !dead.isEmpty else { return [] }
        let now = Timestamp.string(Date())
        return try db.transaction(.immediate) {
            var ids: [Int64] = []
            for session in dead {
                let running = try db.fetchAll(
                    "SELECT id FROM cells WHERE session_id = ? AND status = 'running' ORDER BY id", [session.id])
                ids += running.compactMap { $0.get("id", as: Int64.self) }
                try db.execute(
                    """
                    UPDATE cells SET status = 'interrupted', finished_at = ?, error = ?
                    WHERE session_id = ? AND status = 'running'
                    """,
                    [
                        now,
                        "process \(session.pid) on \(session.host) ended while this command was running "
                            + "(found at the start of a later session)",
                        session.id,
                    ])
            }
            let statement = try db.prepare("SELECT \(CellRecord.columns) FROM cells WHERE id = ?")
            var cells: [CellRecord] = []
            for id in ids {
                try statement.bind([id])
                if try statement.step() { cells.append(CellRecord(statement)) }
                statement.reset()
            }
            return cells
        }
    }
}
