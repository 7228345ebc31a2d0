/// One named, ordered schema change; applied once and recorded in `secateur_migrations`.
public struct Migration: Sendable {
    /// Unique name, recorded when applied.
    public let name: String
    /// The SQL to run (several statements allowed), inside the migration transaction.
    public let sql: String

    /// Makes a migration.
    public init(name: String, sql: String) {
        self.name = name
        self.sql = sql
    }
}

/// Applies the migrations a store lacks, in order, in one transaction, and stamps the file as a Secateur store.
///
/// The schema version is the number of migrations applied; it is kept in `PRAGMA user_version` and each
/// applied migration has a row in `secateur_migrations`. `PRAGMA application_id` marks the file as ours.
enum Migrator {
    /// `PRAGMA application_id` of a Secateur store: "SCTR" in ASCII.
    static let applicationID: Int64 = 0x5343_5452

    static let bookkeeping = """
        CREATE TABLE IF NOT EXISTS secateur_migrations (
            id         INTEGER PRIMARY KEY,
            name       TEXT NOT NULL UNIQUE,
            applied_at TEXT NOT NULL
        );
        """

    /// The schema version recorded in the file (`PRAGMA user_version`).
    static func version(of db: Database) throws -> Int {
        Int(try db.scalar("PRAGMA user_version").int64 ?? 0)
    }

    /// Migrates `db` up to `migrations.count`; throws `newerSchema` if the file is ahead of this build.
    static func migrate(_ db: Database, path: String, migrations: [Migration], now: String) throws {
        try db.transaction(.immediate) {
            let found = try version(of: db)
            if found > migrations.count {
                throw StoreError.newerSchema(path: path, found: found, supported: migrations.count)
            }
            try db.execute(bookkeeping)
            let applied = try db.fetchAll("SELECT name FROM secateur_migrations ORDER BY id").compactMap {
                $0.get("name", as: String.self)
            }
            // A name this build does not know, or a different order, means another (newer) schema history.
            for (i, name) in applied.enumerated() where i >= migrations.count || migrations[i].name != name {
                throw StoreError.newerSchema(path: path, found: max(found, applied.count), supported: migrations.count)
            }
            for migration in migrations.dropFirst(applied.count) {
                try db.execute(migration.sql)
                try db.execute(
                    "INSERT INTO secateur_migrations(name, applied_at) VALUES (?, ?)", [migration.name, now])
            }
            try db.execute("PRAGMA user_version = \(migrations.count)")
            try db.execute("PRAGMA application_id = \(applicationID)")
        }
    }
}
