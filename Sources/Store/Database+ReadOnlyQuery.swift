import CSQLite

extension Database {
    /// Runs `sql` if and only if every statement in it is read-only, returning the last statement's result.
    ///
    /// Every statement is compiled and checked before any of them runs, so a write hidden after a
    /// SELECT is refused as a whole. Refusals throw `StoreError.notReadOnly`.
    public func query(readOnly sql: String) throws -> QueryResult {
        let results = try queryAll(readOnly: sql)
        return results.last(where: { !$0.columns.isEmpty }) ?? results.last ?? QueryResult(columns: [], rows: [])
    }

    /// Like `query(readOnly:)`, returning one result per statement; each keeps at most `maxRows` rows
    /// and counts (up to `QueryResult.maximumCounted`) the rows it held back, so an endless query ends.
    public func queryAll(readOnly sql: String, maxRows: Int = .max) throws -> [QueryResult] {
        let box = AuthorizerBox()
        let context = Unmanaged.passUnretained(box).toOpaque()
        let rc = sqlite3_set_authorizer(
            handle,
            { context, action, arg1, arg2, _, _ in
                guard let context else { return SQLITE_DENY }
                let box = Unmanaged<AuthorizerBox>.fromOpaque(context).takeUnretainedValue()
                let reason = ReadOnlyPolicy.denial(
                    action: action, arg1.map { String(cString: $0) }, arg2.map { String(cString: $0) })
                guard let reason else { return SQLITE_OK }
                if box.denial == nil { box.denial = reason }
                return SQLITE_DENY
            }, context)
        try check(rc, sql: nil)
        // The box must outlive every callback: statements may be re-prepared while they step.
        defer {
            sqlite3_set_authorizer(handle, nil, nil)
            withExtendedLifetime(box) {}
        }

        var statements: [Statement] = []
        do {
            try forEachStatement(sql) { statements.append($0) }
        } catch let error as SQLiteError where error.code == SQLITE_AUTH || box.denial != nil {
            // A denied function fails the prepare with SQLITE_ERROR ("not authorized to use function").
            throw StoreError.notReadOnly(sql: error.sql ?? sql, reason: box.denial ?? error.message)
        }
        // SQLite calls a bare `PRAGMA journal_mode` (and a few other reads) not read-only because the
        // same pragma with an argument writes; the authorizer has already refused any argument.
        for statement in statements where !statement.isReadOnly && !ReadOnlyPolicy.isBarePragmaRead(statement.sql) {
            throw StoreError.notReadOnly(sql: statement.sql, reason: "it would modify the database")
        }
        guard !statements.isEmpty else {
            throw StoreError.notReadOnly(sql: sql, reason: "there is no statement to run")
        }
        var results: [QueryResult] = []
        for statement in statements {
            let columns = statement.columnNames
            var rows: [[SQLValue]] = []
            var heldBack = 0
            var lowerBound = false
            do {
                while try statement.step() {
                    if rows.count < maxRows {
                        rows.append(statement.currentValues())
                    } else if heldBack < QueryResult.maximumCounted {
                        heldBack += 1
                    } else {
                        lowerBound = true
                        break
                    }
                }
            } catch let error as SQLiteError where error.code == SQLITE_AUTH || box.denial != nil {
                throw StoreError.notReadOnly(sql: statement.sql, reason: box.denial ?? error.message)
            }
            statement.reset()
            results.append(
                QueryResult(columns: columns, rows: rows, heldBack: heldBack, heldBackIsLowerBound: lowerBound))
        }
        return results
    }
}
