import Calibration
import Evaluation
import Foundation
import Model
import Store
import Tokenizer

extension CommandSpec {
    /// `eval p ppl on=sq seqlen=512` and `eval p tasks=piqa,arc_easy limit=200`.
    public static let eval = CommandSpec(
        name: "eval",
        summary: "measure a model: perplexity on a text (ppl on=…) or zero-shot task accuracy (tasks=…)",
        discussion: """
            ppl: the text's documents are joined with a blank line, tokenized, and cut into non-overlapping windows \
            of seqlen tokens (the tail is dropped; limit= keeps the first windows); the token-weighted perplexity is \
            stored on the model as metric `ppl` (and `nll`, mean nats per token) with dataset = the text object's \
            name, or the path as typed.
            tasks: lm-evaluation-harness scoring of the prepared files in dir= (limit= keeps the first documents of \
            each); stored on the model as `acc`, `acc_norm` and their `_stderr` with dataset = the task name, and \
            `avg_acc` (`avg_acc_norm`) over the tasks with no dataset. Both forms may be given in one command.
            """,
        positionals: [
            .positional("model", .object([.model]), placeholder: "MODEL", help: "the model to measure"),
            .optionalPositional("metric", .choice(["ppl"]), help: "ppl: perplexity on on="),
        ],
        keys: [
            .key(
                "on", .oneOf([.object([.text]), .path(.input(extensions: ["jsonl", "txt"]))]),
                help: "the text for ppl: a text object or a .jsonl/.txt file"),
            .key("seqlen", .int(2...), default: 512, help: "tokens per perplexity window"),
            .key("tasks", .list(.choice(TaskName.allCases.map(\.rawValue))), help: "zero-shot tasks, comma-separated"),
            .key("limit", .int(1...), help: "first windows (ppl) or first documents per task"),
            .key("dir", .path(.input(extensions: [])), help: "where the task files are (default data/tasks)"),
        ],
        produces: .result,
        examples: [
            "eval p ppl on=sq seqlen=512", "eval m ppl on=data/text/squad_dev.jsonl limit=8",
            "eval p tasks=piqa,arc_easy limit=200",
        ]
    ) { context, arguments in
        let (handle, object) = try arguments.model("model")
        let wantsPPL = arguments.value("metric") != nil || arguments.value("on") != nil
        let tasks = try arguments.strings("tasks")
        guard wantsPPL || !tasks.isEmpty else {
            throw NotebookError.missingArgument("ppl on=TEXT or tasks=…", verb: "eval", at: .point(0))
        }
        var result = CommandResult()
        var table = ResultTable(title: nil, columns: ["model", "metric", "dataset", "value", "stderr", "n"])
        if wantsPPL {
            guard let on = arguments.value("on") else {
                throw NotebookError.missingArgument("on", verb: "eval", at: .point(0))
            }
            try MemoryEstimate(
                factors: [("seqlen", try arguments.int("seqlen"))],
                bytesEach: 4 * object.model.network.config.vocabSize, what: "logits per window"
            ).check(arguments)
            let (dataset, documents) = try EvalText.documents(on, context: context)
            let tokens = EvalText.tokens(documents, tokenizer: object.model.tokenizer, digest: object.tokenizerDigest)
            let windows = try PerplexityWindows(
                tokens: tokens, seqlen: try arguments.int("seqlen"), limit: try arguments.optionalInt("limit"))
            let bar = context.progress("ppl \(dataset)", total: windows.count)
            let ppl = try Perplexity.evaluate(
                object.model.network, windows: windows, progress: { done, _ in bar.update(done: done) },
                isCancelled: context.cancellation.isCancelledClosure)
            bar.finish()
            result.measurements += [
                .init(.object(handle), Metric(key: "ppl", value: ppl.perplexity, dataset: dataset)),
                .init(.object(handle), Metric(key: "nll", value: ppl.meanNLL, dataset: dataset)),
            ]
            table.append([
                .text(handle.name), .text("ppl"), .text(dataset), .float(ppl.perplexity), .null,
                .int(Int64(ppl.tokensScored)),
            ])
        }
        if !tasks.isEmpty {
            let directory = arguments.isGiven("dir") ? try arguments.path("dir") : "data/tasks"
            let suite = TaskSuite(directory: context.url(for: directory).path)
            let loaded = try tasks.map { try suite.load($0, limit: try arguments.optionalInt("limit")) }
            let total = loaded.reduce(0) { $0 + $1.documents.count }
            let bar = context.progress("tasks", total: total)
            let summary = try MultipleChoiceEvaluator(model: object.model).evaluate(
                loaded, progress: { bar.update(done: $0.done, label: "eval \($0.task.rawValue)") },
                isCancelled: context.cancellation.isCancelledClosure)
            bar.finish()
            for task in summary.tasks {
                let name = task.task.rawValue
                for (key, value) in task.metrics.sorted(by: { $0.key < $1.key }) {
                    result.measurements.append(.init(.object(handle), Metric(key: key, value: value, dataset: name)))
                }
                table.append([
                    .text(handle.name), .text("acc"), .text(name), .float(task.acc.mean),
                    task.acc.standardError.isFinite ? .float(task.acc.standardError) : .null, .int(Int64(task.count)),
                ])
                if let norm = task.accNorm {
                    table.append([
                        .text(handle.name), .text("acc_norm"), .text(name), .float(norm.mean),
                        norm.standardError.isFinite ? .float(norm.standardError) : .null, .int(Int64(task.count)),
                    ])
                }
            }
            result.measurements.append(.init(.object(handle), Metric(key: "avg_acc", value: summary.averageAcc)))
            table.append([
                .text(handle.name), .text("avg_acc"), .null, .float(summary.averageAcc), .null,
                .int(Int64(summary.documentCount)),
            ])
            let averageNorm = summary.averageAccNorm
            if averageNorm.isFinite {
                result.measurements.append(.init(.object(handle), Metric(key: "avg_acc_norm", value: averageNorm)))
            }
        }
        result.tables = [table]
        result.object = ResultObject(table: table)
        return result
    }
}

/// The text of `eval … on=` and its token stream, cached per process (tokenizing a whole corpus takes a while).
enum EvalText {
    nonisolated(unsafe) private static var cache: [String: [Int32]] = [:]
    private static let lock = NSLock()

    /// The dataset name (object name or path as typed) and the documents.
    static func documents(_ value: ArgumentValue, context: ExecutionContext) throws -> (String, [String]) {
        switch value {
        case .object(let handle):
            return (handle.name, try handle.object(as: TextObject.self).source.documents)
        case .path(let path):
            let url = context.url(for: path)
            let source = try TextSource.load(url: url, path: path, isCancelled: context.cancellation.isCancelledClosure)
            return (path, source.documents)
        default:
            return (value.text, [])
        }
    }

    /// The documents joined with a blank line and tokenized (the perplexity protocol of the Evaluation goldens).
    static func tokens(_ documents: [String], tokenizer: BPETokenizer, digest: String) -> [Int32] {
        var hasher = SHA256()
        for document in documents { hasher.update(Array(document.utf8) + [0]) }
        let cacheKey = SHA256.hexString(hasher.finalize()) + digest
        lock.lock()
        defer { lock.unlock() }
        if let tokens = cache[cacheKey] { return tokens }
        let tokens = tokenizer.encode(documents.joined(separator: "\n\n"))
        cache[cacheKey] = tokens
        return tokens
    }
}
