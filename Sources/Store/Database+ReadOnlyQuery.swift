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

    /// Like `query(readOnly:)`, returning one result per statement.
    public func queryAll(readOnly sql: String) throws -> [QueryResult] {
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
        } catch let error as SQLiteError where error.code == SQLITE_AUTH {
            throw StoreError.notReadOnly(sql: error.sql ?? sql, reason: box.denial ?? error.message)
        }
        for statement in statements where !statement.isReadOnly {
            throw StoreError.notReadOnly(sql: statement.sql, reason: "it would modify the database")
        }
        guard !statements.isEmpty else {
            throw StoreError.notReadOnly(sql: sql, reason: "there is no statement to run")
        }
        var results: [QueryResult] = []
        for statement in statements {
            let columns = statement.columnNames
            var rows: [[SQLValue]] = []
            do {
                while try statement.step() { rows.append(statement.currentValues()) }
            } catch let error as SQLiteError where error.code == SQLITE_AUTH {
                throw StoreError.notReadOnly(sql: statement.sql, reason: box.denial ?? error.message)
            }
            results.append(QueryResult(columns: columns, rows: rows))
        }
        return results
    }
}
