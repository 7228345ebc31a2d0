import Calibration
import Foundation
import Model
import Pruning
import Store

extension CommandSpec {
    /// `diff k k2`, `diff m p`, `diff cal syn`: compare two objects of the same family.
    public static let diff = CommandSpec(
        name: "diff",
        summary: "compare two masks, two models, or two calibration sets / texts",
        discussion: """
            masks: per layer the sparsity of each, the overlap of kept weights (|kept A ∩ kept B| / |kept A|) and the \
            Jaccard of the pruned sets. models: every stored whole-model metric side by side with its delta, and per \
            layer the relative weight change ‖W_b − W_a‖ / ‖W_a‖ over the layer's linears. calibration sets or \
            texts: the exact Jaccard of word 3-gram sets, its MinHash estimate (perm=), and token statistics.
            """,
        positionals: [
            .positional("a", .object([.mask, .model, .calib, .text]), placeholder: "A", help: "the first object"),
            .positional("b", .object([.mask, .model, .calib, .text]), placeholder: "B", help: "the second object"),
        ],
        keys: [
            .key("perm", .int(1...4096), default: 128, help: "MinHash permutations (calib/text)")
        ],
        produces: .result,
        examples: ["diff k k2", "diff m p", "diff cal syn", "diff wiki sq perm=256"]
    ) { context, arguments in
        let a = try arguments.handle("a")
        let b = try arguments.handle("b")
        let objectA = try a.object()
        let objectB = try b.object()
        let table: ResultTable
        switch (objectA, objectB) {
        case (let x as MaskObject, let y as MaskObject):
            table = try MaskDiff.table(x.mask, y.mask, a: a.name, b: b.name, context: context)
        case (let x as any ModelProviding, let y as any ModelProviding):
            let (metrics, layers) = try ModelDiff.tables(x, y, a: a, b: b, context: context)
            return CommandResult(object: ResultObject(table: layers), tables: [metrics, layers])
        default:
            let perm = try arguments.int("perm")
            guard let x = try WordCorpus.of(objectA, name: a.name), let y = try WordCorpus.of(objectB, name: b.name)
            else {
                throw NotebookError.objectUnavailable(
                    name: a.name, reason: "diff compares two masks, two models, or calibration sets and texts")
            }
            table = CorpusDiff.table(x, y, permutations: perm)
        }
        return CommandResult(object: ResultObject(table: table), tables: [table])
    }
}

/// Per-layer comparison of two masks, as a table.
enum MaskDiff {
    static func table(
        _ x: PruningMask, _ y: PruningMask, a: String, b: String, context: ExecutionContext
    ) throws -> ResultTable {
        let comparison = try MaskComparison(x, y, isCancelled: context.cancellation.isCancelledClosure)
        var table = ResultTable(
            title: "\(a) vs \(b)",
            columns: ["layer", "sparsity_\(a)", "sparsity_\(b)", "kept_overlap", "pruned_jaccard"])
        func row(_ label: TableValue, _ overlap: MaskOverlap) -> [TableValue] {
            [
                label, .float(overlap.sparsityA), .float(overlap.sparsityB), .float(overlap.keptOverlap),
                .float(overlap.prunedJaccard),
            ]
        }
        for (layer, overlap) in comparison.layers.enumerated() { table.append(row(.int(Int64(layer)), overlap)) }
        table.append(row(.text("all"), comparison.total))
        return table
    }
}

/// Stored metrics and per-layer weight changes of two models, as tables.
enum ModelDiff {
    static func tables(
        _ x: any ModelProviding, _ y: any ModelProviding, a: ObjectHandle, b: ObjectHandle, context: ExecutionContext
    ) throws -> (ResultTable, ResultTable) {
        func latest(_ handle: ObjectHandle) throws -> [String: Double] {
            var values: [String: Double] = [:]
            for metric in try context.store.metrics(objectID: handle.id) where metric.layer == nil {
                values[metric.key + (metric.dataset.map { " @ " + $0 } ?? "")] = metric.value
            }
            return values
        }
        let ma = try latest(a)
        let mb = try latest(b)
        var metrics = ResultTable(title: "metrics", columns: ["metric", a.name, b.name, "delta"])
        for key in Set(ma.keys).union(mb.keys).sorted() {
            let va = ma[key]
            let vb = mb[key]
            metrics.append([
                .text(key), va.map { .float($0) } ?? .null, vb.map { .float($0) } ?? .null,
                va.flatMap { u in vb.map { .float($0 - u) } } ?? .null,
            ])
        }
        let changes = try WeightChange.layers(
            from: x.model.network, to: y.model.network, isCancelled: context.cancellation.isCancelledClosure)
        var layers = ResultTable(
            title: "weight change \(a.name) → \(b.name)", columns: ["layer", "relative_change", "zeros_a", "zeros_b"])
        for (layer, change) in changes.enumerated() {
            layers.append([
                .int(Int64(layer)), .float(change.relativeChange), .float(change.zeroFractionA),
                .float(change.zeroFractionB),
            ])
        }
        return (metrics, layers)
    }
}

/// Word 3-gram Jaccard, its MinHash estimate and token statistics of two texts or calibration sets, as a table.
enum CorpusDiff {
    static func table(_ x: WordCorpus, _ y: WordCorpus, permutations: Int) -> ResultTable {
        let px = x.profile(permutations: permutations)
        let py = y.profile(permutations: permutations)
        let report = SimilarityReport(px, py)
        var rows: [[TableValue]] = [
            [.text("jaccard_3gram"), .float(report.exact)],
            [.text("minhash_estimate"), .float(report.estimate)],
            [.text("minhash_stderr"), .float(report.standardError)],
            [.text("3grams_a"), .int(Int64(report.shinglesA))], [.text("3grams_b"), .int(Int64(report.shinglesB))],
            [.text("3grams_shared"), .int(Int64(report.sharedShingles))],
            [.text("documents_a"), .int(Int64(px.documents))],
            [.text("documents_b"), .int(Int64(py.documents))],
        ]
        if let sa = x.statistics, let sb = y.statistics {
            rows += [
                [.text("tokens_a"), .int(Int64(sa.tokens))], [.text("tokens_b"), .int(Int64(sb.tokens))],
                [.text("mean_len_a"), .float(sa.meanLength)], [.text("mean_len_b"), .float(sb.meanLength)],
                [.text("type_token_a"), .float(sa.typeTokenRatio)],
                [.text("type_token_b"), .float(sb.typeTokenRatio)],
                [.text("vocabulary_jaccard"), .float(sa.vocabularyJaccard(sb))],
            ]
        }
        return ResultTable(title: "\(x.name) vs \(y.name)", columns: ["measure", "value"], rows: rows)
    }
}
