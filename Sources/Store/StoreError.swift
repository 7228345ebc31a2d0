/// Everything the Store refuses or cannot do, with the file or statement at fault and what to do about it.
public enum StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file exists but is not an SQLite database; it was not touched.
    case notADatabase(path: String)
    /// The file is an SQLite database with tables but no Secateur marker; it was not touched.
    case notASecateurStore(path: String, tables: [String])
    /// The store was written by a newer Secateur (schema version `found`, this build knows up to `supported`).
    case newerSchema(path: String, found: Int, supported: Int)
    /// The file or its folder cannot be written.
    case readOnly(path: String, reason: String)
    /// Another connection held a lock for longer than the busy timeout.
    case locked(path: String, seconds: Double)
    /// Opening failed for another reason.
    case cannotOpen(path: String, reason: String)
    /// A cell was begun before `startSession`.
    case noSession
    /// `query(readOnly:)` refused a statement that could change the store or the connection.
    case notReadOnly(sql: String, reason: String)
    /// No payload file for this digest.
    case payloadMissing(digest: String, path: String)
    /// The payload file's content does not hash to its name.
    case payloadCorrupt(digest: String, actual: String)
    /// Reading or writing a payload file failed.
    case payloadIO(path: String, reason: String)
    /// A bad argument (unknown id, malformed digest …).
    case invalid(String)

    /// What went wrong, where, and a hint.
    public var description: String {
        switch self {
        case .notADatabase(let path):
            return "\(path) is not an SQLite database (it was left untouched); "
                + "choose another file with --db or SECATEUR_DB"
        case .notASecateurStore(let path, let tables):
            let list = tables.prefix(8).joined(separator: ", ") + (tables.count > 8 ? ", …" : "")
            let what = tables.isEmpty ? "it has no Secateur marker" : "tables: \(list)"
            return "\(path) is an SQLite database but not a Secateur store (\(what)); "
                + "it was left untouched: choose another file with --db or SECATEUR_DB"
        case .newerSchema(let path, let found, let supported):
            return "\(path) has Secateur schema version \(found), newer than this build knows (\(supported)); "
                + "upgrade secateur, or use another --db"
        case .readOnly(let path, let reason):
            return "\(path) cannot be opened for writing (\(reason)); "
                + "check the permissions of the file and its folder, or use another --db"
        case .locked(let path, let seconds):
            return "\(path) is locked by another connection (still busy after \(formatSeconds(seconds))); "
                + "close the other secateur or sqlite3 using it, or use another --db"
        case .cannotOpen(let path, let reason):
            return "cannot open \(path): \(reason)"
        case .noSession:
            return "no session: call startSession before beginCell"
        case .notReadOnly(let sql, let reason):
            return ".sql accepts read-only statements only: `\(sql)` was refused (\(reason)); "
                + "use SELECT, WITH … SELECT, or PRAGMA reads such as table_info"
        case .payloadMissing(let digest, let path):
            return "payload \(digest) is missing (expected at \(path)); was the payload folder moved or deleted?"
        case .payloadCorrupt(let digest, let actual):
            return "payload \(digest) is corrupt: its content hashes to \(actual)"
        case .payloadIO(let path, let reason):
            return "payload file \(path): \(reason)"
        case .invalid(let message):
            return message
        }
    }
}

private func formatSeconds(_ s: Double) -> String {
    s == s.rounded() ? "\(Int(s)) s" : "\(s) s"
}
