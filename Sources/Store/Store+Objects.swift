import Foundation

extension Store {
    /// Records an object (a new binding of `name`; earlier bindings stay). `provenance` is JSON text;
    /// `payload`, if given, must be a digest already stored with `putPayload`.
    public func recordObject(
        name: String?, kind: ObjectKind, cell cellID: Int64?, provenance: String = "{}", digest: String? = nil,
        payload: String? = nil
    ) throws -> ObjectRecord {
        if let payload, !payloads.contains(payload) {
            throw StoreError.invalid("payload \(payload) is not in \(payloadsURL.path); store it with putPayload first")
        }
        return try locked {
            try database.execute(
                """
                INSERT INTO objects(name, kind, cell_id, provenance, digest, payload, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                [name, kind.rawValue, cellID, provenance, digest, payload, Timestamp.string(Date())])
            let id = database.lastInsertRowID
            guard let object = try fetchObjects("WHERE o.id = ?", [id]).first else {
                throw StoreError.invalid("object \(id) vanished after insert")
            }
            return object
        }
    }

    /// The object with this id (any binding, current or not).
    public func object(id: Int64) throws -> ObjectRecord? {
        try locked { try fetchObjects("WHERE o.id = ?", [id]).first }
    }

    /// The current binding of `name` (its latest object), if any.
    public func object(named name: String) throws -> ObjectRecord? {
        try locked { try fetchObjects("WHERE o.name = ? ORDER BY o.id DESC LIMIT 1", [name]).first }
    }

    /// Every name's current binding (optionally only those of one kind), sorted by name.
    public func currentObjects(kind: ObjectKind? = nil) throws -> [ObjectRecord] {
        try locked {
            let current = "o.name IS NOT NULL AND o.id = (SELECT max(o2.id) FROM objects o2 WHERE o2.name = o.name)"
            if let kind {
                return try fetchObjects("WHERE \(current) AND o.kind = ? ORDER BY o.name", [kind.rawValue])
            }
            return try fetchObjects("WHERE \(current) ORDER BY o.name", [])
        }
    }

    /// The current bindings whose object is of this kind, sorted by name.
    public func objects(kind: ObjectKind) throws -> [ObjectRecord] {
        try currentObjects(kind: kind)
    }

    /// Every object ever bound to `name`, oldest first.
    public func objectVersions(named name: String) throws -> [ObjectRecord] {
        try locked { try fetchObjects("WHERE o.name = ? ORDER BY o.id", [name]) }
    }

    /// The objects a cell produced.
    public func objects(producedBy cellID: Int64) throws -> [ObjectRecord] {
        try locked { try fetchObjects("WHERE o.cell_id = ? ORDER BY o.id", [cellID]) }
    }

    /// Records that a cell used an object in a role (recording the same use twice is harmless).
    public func recordInput(cell cellID: Int64, object objectID: Int64, role: String) throws {
        try locked {
            try database.execute(
                "INSERT OR IGNORE INTO inputs(cell_id, object_id, role) VALUES (?, ?, ?)", [cellID, objectID, role])
        }
    }

    /// The objects a cell used, in the order they were recorded.
    public func inputs(cell cellID: Int64) throws -> [InputRecord] {
        try locked {
            try database.fetchAll("SELECT cell_id, object_id, role FROM inputs WHERE cell_id = ? ORDER BY id", [cellID])
                .compactMap { row in
                    guard let c = row.get("cell_id", as: Int64.self), let o = row.get("object_id", as: Int64.self),
                        let role = row.get("role", as: String.self)
                    else { return nil }
                    return InputRecord(cellID: c, objectID: o, role: role)
                }
        }
    }

    /// Every object `objectID` was derived from, transitively, nearest first.
    public func ancestors(of objectID: Int64) throws -> [ObjectRecord] {
        try locked {
            try fetchObjects(
                """
                JOIN (
                    WITH RECURSIVE up(id, depth) AS (
                        SELECT ?, 0
                        UNION
                        SELECT i.object_id, up.depth + 1 FROM up
                        JOIN objects x ON x.id = up.id
                        JOIN inputs i ON i.cell_id = x.cell_id
                        WHERE up.depth < 64
                    )
                    SELECT id, min(depth) AS depth FROM up WHERE depth > 0 GROUP BY id
                ) a ON a.id = o.id
                ORDER BY a.depth, o.id
                """, [objectID])
        }
    }

    func fetchObjects(_ tail: String, _ arguments: [(any SQLValueConvertible)?]) throws -> [ObjectRecord] {
        let columns = ObjectRecord.columns.split(separator: ",").map { "o." + $0.trimmingCharacters(in: .whitespaces) }
        let statement = try database.prepare("SELECT \(columns.joined(separator: ", ")) FROM objects o \(tail)")
        try statement.bind(arguments)
        var result: [ObjectRecord] = []
        while try statement.step() { result.append(ObjectRecord(statement)) }
        return result
    }
}
