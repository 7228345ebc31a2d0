/// One fetched row: column names and values, readable by index or name.
public struct Row: Sendable, Equatable {
    /// Column names, in order.
    public let columns: [String]
    /// Values, in column order.
    public let values: [SQLValue]

    /// Makes a row from names and values of equal length.
    public init(columns: [String], values: [SQLValue]) {
        precondition(columns.count == values.count, "a row needs one value per column")
        self.columns = columns
        self.values = values
    }

    /// The value at a 0-based column index.
    public subscript(index: Int) -> SQLValue { values[index] }

    /// The value of the first column with this name, `.null` if there is none.
    public subscript(name: String) -> SQLValue {
        guard let i = columns.firstIndex(of: name) else { return .null }
        return values[i]
    }

    /// The named column decoded as `T` (nil when NULL, missing or of another storage class).
    public func get<T: SQLValueConvertible>(_ name: String, as type: T.Type = T.self) -> T? {
        let v = self[name]
        return v.isNull ? nil : T(sqlValue: v)
    }
}
