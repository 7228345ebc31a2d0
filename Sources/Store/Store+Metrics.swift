import Foundation

extension Store {
    /// Records one measurement on an object; returns its id.
    @discardableResult
    public func recordMetric(
        object objectID: Int64, cell cellID: Int64?, key: String, value: Double, layer: Int? = nil,
        dataset: String? = nil
    ) throws -> Int64 {
        try locked {
            try database.execute(
                "INSERT INTO metrics(object_id, cell_id, key, value, layer, dataset) VALUES (?, ?, ?, ?, ?, ?)",
                [objectID, cellID, key, value.isNaN ? nil : value, layer, dataset])
            return database.lastInsertRowID
        }
    }

    /// Records many measurements on one object in a single transaction.
    public func recordMetrics(object objectID: Int64, cell cellID: Int64?, _ metrics: [Metric]) throws {
        try transaction {
            let statement = try database.prepare(
                "INSERT INTO metrics(object_id, cell_id, key, value, layer, dataset) VALUES (?, ?, ?, ?, ?, ?)")
            for m in metrics {
                try statement.execute([objectID, cellID, m.key, m.value.isNaN ? nil : m.value, m.layer, m.dataset])
            }
        }
    }

    /// The measurements on an object, oldest first.
    public func metrics(objectID: Int64) throws -> [MetricRecord] {
        try locked { try fetchMetrics("WHERE object_id = ? ORDER BY id", [objectID]) }
    }

    /// The measurements a cell recorded, oldest first.
    public func metrics(cell cellID: Int64) throws -> [MetricRecord] {
        try locked { try fetchMetrics("WHERE cell_id = ? ORDER BY id", [cellID]) }
    }

    func fetchMetrics(_ tail: String, _ arguments: [(any SQLValueConvertible)?]) throws -> [MetricRecord] {
        let statement = try database.prepare("SELECT \(MetricRecord.columns) FROM metrics \(tail)")
        try statement.bind(arguments)
        var result: [MetricRecord] = []
        while try statement.step() { result.append(MetricRecord(statement)) }
        return result
    }
}
