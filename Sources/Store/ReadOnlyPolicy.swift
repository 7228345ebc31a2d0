import CSQLite
import Foundation

/// The authorizer rules for `query(readOnly:)`: reads, functions and schema-inspection pragmas only.
///
/// `sqlite3_stmt_readonly` alone is not enough: it calls ATTACH, DETACH, BEGIN and pragma assignments
/// read-only because they do not write the file, yet they change the connection (or create files).
enum ReadOnlyPolicy {
    /// Pragmas that may be read, with or without an argument (the argument names a table or a limit).
    static let pragmasWithArgument: Set<String> = [
        "table_info", "table_xinfo", "index_list", "index_info", "index_xinfo", "foreign_key_list",
        "foreign_key_check", "integrity_check", "quick_check", "table_list",
    ]
    /// Pragmas that may only be read (an argument would set them).
    static let pragmasReadOnly: Set<String> = [
        "user_version", "application_id", "schema_version", "data_version", "page_count", "page_size",
        "freelist_count", "journal_mode", "foreign_keys", "database_list", "compile_options", "collation_list",
        "function_list", "module_list", "pragma_list", "encoding", "synchronous", "query_only", "busy_timeout",
        "auto_vacuum", "cache_size", "max_page_count", "recursive_triggers", "secure_delete", "temp_store",
    ]

    /// SQL functions `.sql` may call: SQLite's core, aggregate, window, date, math and JSON functions
    /// that only compute. Everything else is refused, in particular `load_extension` (loads code),
    /// `fts3_tokenizer` (returns or registers a raw pointer) and any function an extension adds.
    static let functions: Set<String> = [
        // core scalar
        "abs", "char", "coalesce", "concat", "concat_ws", "format", "glob", "hex", "ifnull", "iif", "if", "instr",
        "length", "like", "likelihood", "likely", "lower", "ltrim", "max", "min", "nullif", "octet_length", "printf",
        "quote", "random", "randomblob", "replace", "round", "rtrim", "sign", "soundex", "sqlite_version",
        "sqlite_source_id", "substr", "substring", "trim", "typeof", "unhex", "unicode", "unlikely", "upper",
        "zeroblob", "changes", "total_changes", "last_insert_rowid", "sqlite_compileoption_get",
        "sqlite_compileoption_used",
        // aggregate
        "avg", "count", "group_concat", "string_agg", "sum", "total", "median",
        // window
        "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead", "first_value",
        "last_value", "nth_value",
        // date and time
        "date", "time", "datetime", "julianday", "unixepoch", "strftime", "timediff", "current_date",
        "current_time", "current_timestamp",
        // math
        "acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "ceil", "ceiling", "cos", "cosh", "degrees",
        "exp", "floor", "ln", "log", "log10", "log2", "mod", "pi", "pow", "power", "radians", "sin", "sinh", "sqrt",
        "tan", "tanh", "trunc",
        // JSON
        "json", "jsonb", "json_array", "jsonb_array", "json_array_length", "json_error_position", "json_extract",
        "jsonb_extract", "json_insert", "jsonb_insert", "json_object", "jsonb_object", "json_patch", "jsonb_patch",
        "json_pretty", "json_remove", "jsonb_remove", "json_replace", "jsonb_replace", "json_set", "jsonb_set",
        "json_type", "json_valid", "json_quote", "json_group_array", "jsonb_group_array", "json_group_object",
        "jsonb_group_object", "json_each", "json_tree", "jsonb_each", "jsonb_tree", "->", "->>",
    ]

    /// True for `PRAGMA name` (optionally `schema.name`, `;`) where `name` may be read: the authorizer has
    /// checked there is no argument.
    static func isBarePragmaRead(_ sql: String) -> Bool {
        var text = sql.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if text.hasSuffix(";") { text = String(text.dropLast()).trimmingCharacters(in: .whitespaces) }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
        guard words.count == 2, words[0] == "pragma" else { return false }
        let name = words[1].split(separator: ".").last.map(String.init) ?? ""
        return pragmasReadOnly.contains(name) || pragmasWithArgument.contains(name)
    }

    /// The tables holding the schema itself.
    static let schemaTables: Set<String> = [
        "sqlite_master", "sqlite_schema", "sqlite_temp_master", "sqlite_temp_schema",
    ]

    /// INSERT, UPDATE or DELETE of rows.
    static func isRowWrite(_ action: Int32) -> Bool {
        action == SQLITE_INSERT || action == SQLITE_UPDATE || action == SQLITE_DELETE
    }

    /// Nil when the action is allowed, otherwise why it is refused.
    static func denial(action: Int32, _ arg1: String?, _ arg2: String?) -> String? {
        switch action {
        case SQLITE_SELECT, SQLITE_READ, SQLITE_RECURSIVE:
            return nil
        case SQLITE_FUNCTION:
            let name = (arg2 ?? "").lowercased()
            return functions.contains(name) ? nil : "function \(name)() is not on the list of functions .sql may call"
        case SQLITE_PRAGMA:
            let name = (arg1 ?? "").lowercased()
            if pragmasWithArgument.contains(name) { return nil }
            if pragmasReadOnly.contains(name) {
                return arg2 == nil ? nil : "PRAGMA \(name) = … would change a setting"
            }
            return "PRAGMA \(name) is not a read-only pragma"
        case _ where isRowWrite(action) && schemaTables.contains((arg1 ?? "").lowercased()):
            // SQLite reports internal schema-table access for reads too (e.g. pragma_table_info); a real
            // schema change also raises its CREATE/DROP action, and sqlite3_stmt_readonly catches the rest.
            return nil
        case SQLITE_INSERT: return "it would insert into \(arg1 ?? "a table")"
        case SQLITE_UPDATE: return "it would update \(arg1 ?? "a table")"
        case SQLITE_DELETE: return "it would delete from \(arg1 ?? "a table")"
        case SQLITE_ATTACH: return "ATTACH would open another database"
        case SQLITE_DETACH: return "DETACH would change the connection"
        case SQLITE_TRANSACTION, SQLITE_SAVEPOINT: return "transaction control is not allowed"
        case SQLITE_ALTER_TABLE: return "it would alter a table"
        case SQLITE_ANALYZE: return "ANALYZE writes statistics tables"
        case SQLITE_REINDEX: return "REINDEX rewrites indices"
        case SQLITE_CREATE_TABLE where (arg1 ?? "").lowercased().hasPrefix("sqlite_stat"):
            return "ANALYZE writes statistics tables"
        case SQLITE_CREATE_INDEX, SQLITE_CREATE_TABLE, SQLITE_CREATE_TEMP_INDEX, SQLITE_CREATE_TEMP_TABLE,
            SQLITE_CREATE_TEMP_TRIGGER, SQLITE_CREATE_TEMP_VIEW, SQLITE_CREATE_TRIGGER, SQLITE_CREATE_VIEW,
            SQLITE_CREATE_VTABLE:
            return "it would create \(arg1 ?? "a schema object")"
        case SQLITE_DROP_INDEX, SQLITE_DROP_TABLE, SQLITE_DROP_TEMP_INDEX, SQLITE_DROP_TEMP_TABLE,
            SQLITE_DROP_TEMP_TRIGGER, SQLITE_DROP_TEMP_VIEW, SQLITE_DROP_TRIGGER, SQLITE_DROP_VIEW,
            SQLITE_DROP_VTABLE:
            return "it would drop \(arg1 ?? "a schema object")"
        default:
            return "action \(action) is not a read"
        }
    }
}

/// Carries the first denial out of the C authorizer callback.
final class AuthorizerBox {
    var denial: String?
}
