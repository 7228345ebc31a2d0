import Evaluation
import Store

extension RunRecord {
    /// Every successful prune of the store (`runs` view) with the whole-object metrics of its mask and of the
    /// models built from it (`run_metrics`), oldest first; then one dense record per model that was pruned and
    /// measured itself (its own metrics), the baseline of the report. A calibration set the model generated is
    /// labelled `self:` and the text its prompts came from (`self:wikipedia`), apart from windows of that text;
    /// the parameters of the commands that made it are the record's calibration settings.
    static func all(in store: Store) throws -> [RunRecord] {
        let metrics = try store.query(
            readOnly: """
                SELECT run_id, key, dataset, value FROM run_metrics
                WHERE layer IS NULL AND value IS NOT NULL ORDER BY metric_id
                """)
        var measured: [Int64: [RunMetric]] = [:]
        for row in metrics.rows {
            guard case .integer(let run) = row[0], let metric = Self.metric(row[1], row[2], row[3]) else { continue }
            measured[run, default: []].append(metric)
        }
        let runs = try store.query(
            readOnly: """
                SELECT run_id, method, pattern, calib_source, seed, model, sparsity, calib_origin FROM runs
                WHERE status = 'ok' ORDER BY run_id
                """)
        let settings = try calibrationSettings(in: store)
        var records: [RunRecord] = runs.rows.compactMap { row in
            guard case .integer(let run) = row[0] else { return nil }
            let source = Self.text(row[3]) ?? "-"
            return RunRecord(
                method: Self.text(row[1]) ?? "-", pattern: Self.text(row[2]) ?? "-",
                calibration: Self.text(row[7]) == "generate" ? "self:\(source)" : source,
                calibrationSettings: settings[run] ?? [:], seed: row[4].int64.map { Int($0) },
                model: Self.text(row[5]), sparsity: row[6].double, metrics: measured[run] ?? [])
        }
        // Base models: model inputs of cells that made a mask, not themselves built from a mask.
        let base = try store.query(
            readOnly: """
                SELECT o.id, o.name, m.key, m.dataset, m.value FROM objects o JOIN metrics m ON m.object_id = o.id
                WHERE o.kind = 'model' AND m.layer IS NULL AND m.value IS NOT NULL
                  AND o.id IN (SELECT i.object_id FROM inputs i
                               JOIN objects k ON k.cell_id = i.cell_id AND k.kind = 'mask'
                               JOIN cells c ON c.id = i.cell_id AND c.status = 'ok')
                  AND o.id NOT IN (SELECT object_id FROM run_objects)
                ORDER BY o.id, m.id
                """)
        var dense: [(id: Int64, name: String?, metrics: [RunMetric])] = []
        for row in base.rows {
            guard case .integer(let id) = row[0], let metric = Self.metric(row[2], row[3], row[4]) else { continue }
            if dense.last?.id != id { dense.append((id, Self.text(row[1]), [])) }
            dense[dense.count - 1].metrics.append(metric)
        }
        records += dense.map { RunRecord.dense(model: $0.name, metrics: $0.metrics) }
        return records
    }

    /// Per run: the parameters of the cells that made its calibration set and the sets it came from, the
    /// nearest cell's value where several cells set the same key.
    private static func calibrationSettings(in store: Store) throws -> [Int64: [String: String]] {
        let rows = try store.query(
            readOnly: """
                SELECT i.cell_id, p.key, p.value FROM inputs i
                JOIN objects c ON c.id = i.object_id AND c.kind = 'calib'
                JOIN calib_lineage l ON l.calib_id = c.id
                JOIN objects o ON o.id = l.object_id AND o.kind = 'calib'
                JOIN params p ON p.cell_id = o.cell_id
                WHERE i.cell_id IN (SELECT run_id FROM runs) AND p.value IS NOT NULL
                ORDER BY i.cell_id, l.depth DESC
                """)
        var settings: [Int64: [String: String]] = [:]
        for row in rows.rows {
            guard case .integer(let run) = row[0], let key = text(row[1]), let value = text(row[2]) else { continue }
            settings[run, default: [:]][key] = value
        }
        return settings
    }

    private static func metric(_ key: SQLValue, _ dataset: SQLValue, _ value: SQLValue) -> RunMetric? {
        guard let key = text(key), let value = value.double else { return nil }
        return RunMetric(key: key, dataset: text(dataset), value: value)
    }

    /// Text columns as text, NULL as nil.
    private static func text(_ value: SQLValue) -> String? {
        value.isNull ? nil : value.description
    }
}
