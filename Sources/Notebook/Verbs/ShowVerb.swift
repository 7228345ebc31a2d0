import Foundation
import Store

extension CommandSpec {
    /// `show syn`: what an object is, where it came from (cell, parameters, lineage), its metrics, a preview.
    public static let show = CommandSpec(
        name: "show",
        summary: "what an object is: kind, provenance, parameters, lineage, metrics and a preview",
        positionals: [
            .positional("object", .object(ObjectKind.allCases), placeholder: "NAME", help: "the object to describe")
        ],
        keys: [.key("preview", .int(0...1000), default: 3, help: "how many preview lines to print")],
        examples: ["show wiki", "show k preview=10"]
    ) { context, arguments in
        let handle = try arguments.handle("object")
        let store = context.store
        var properties: [(String, String)] = [
            ("name", handle.name), ("kind", handle.kind.rawValue), ("id", String(handle.id)),
            ("summary", handle.summary), ("created", Self.timestamp(handle.record.created)),
        ]
        if let digest = handle.record.digest { properties.append(("digest", digest)) }
        var tables: [ResultTable] = []
        var cellParams: [Param] = []
        if let cellID = handle.record.cellID, let cell = try store.cell(id: cellID) {
            properties.append(("made by", "cell \(cell.id) (session \(cell.sessionID)): \(cell.source)"))
            cellParams = try store.params(cell: cellID)
        }
        var lines: [String] = []
        do {
            let object = try handle.object()
            properties += object.properties
            lines = object.preview(lines: try arguments.int("preview"))
        } catch {
            properties.append(("restore", "failed: \(error)"))
        }
        tables.append(ResultTable.properties(properties, title: "\(handle.name) (\(handle.kind.rawValue))"))
        if !cellParams.isEmpty {
            tables.append(
                ResultTable(
                    title: "parameters", columns: ["key", "value", "type", "default"],
                    rows: cellParams.map { [.text($0.key), .text($0.value), .text($0.type), .bool($0.defaulted)] }))
        }
        let ancestors = try store.ancestors(of: handle.id)
        if !ancestors.isEmpty {
            tables.append(
                ResultTable(
                    title: "lineage", columns: ["name", "kind", "id", "cell"],
                    rows: ancestors.map { record in
                        [
                            .text(record.name ?? ""), .text(record.kind.rawValue), .int(record.id),
                            record.cellID.map { .int($0) } ?? .null,
                        ]
                    }))
        }
        let metrics = try store.metrics(objectID: handle.id)
        if !metrics.isEmpty {
            tables.append(
                ResultTable(
                    title: "metrics", columns: ["key", "value", "layer", "dataset", "cell"],
                    rows: metrics.map { metric in
                        [
                            .text(metric.key), .float(metric.value), metric.layer.map { .int(Int64($0)) } ?? .null,
                            metric.dataset.map { .text($0) } ?? .null, metric.cellID.map { .int($0) } ?? .null,
                        ]
                    }))
        }
        if !lines.isEmpty { lines.insert(contentsOf: ["", "preview:"], at: 0) }
        return CommandResult(tables: tables, lines: lines)
    }

    /// `2025-01-31 12:00:00` in UTC, like the store's time columns.
    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: date)
    }
}
