/// Accuracy of a model on one task, with every document's scores.
public struct TaskResult: Sendable, Equatable {
    /// The task.
    public let task: TaskName
    /// Scores of each document, in file order.
    public let documents: [DocumentScore]
    /// Wall-clock seconds the scoring took.
    public let seconds: Double

    /// A result over scored documents (at least one).
    public init(task: TaskName, documents: [DocumentScore], seconds: Double) {
        precondition(!documents.isEmpty, "a task result needs documents")
        self.task = task
        self.documents = documents
        self.seconds = seconds
    }

    /// Documents scored.
    public var count: Int { documents.count }

    /// acc: the fraction of documents whose highest log-likelihood is the gold choice, ± standard error.
    public var acc: MeanWithStandardError { MeanWithStandardError(documents.map { $0.correct ? 1 : 0 }) }

    /// acc_norm (length-normalized), for the tasks the harness reports it for; nil otherwise.
    public var accNorm: MeanWithStandardError? {
        task.reportsAccNorm ? MeanWithStandardError(documents.map { $0.correctNorm ? 1 : 0 }) : nil
    }

    /// Documents per second.
    public var documentsPerSecond: Double { seconds > 0 ? Double(count) / seconds : .infinity }

    /// The metrics to store, keyed as lm-eval names them: acc, acc_stderr, acc_norm, acc_norm_stderr
    /// (stderr only when defined, i.e. two or more documents), and n, the documents scored.
    public var metrics: [String: Double] {
        var result = ["acc": acc.mean, "n": Double(count)]
        if acc.standardError.isFinite { result["acc_stderr"] = acc.standardError }
        if let norm = accNorm {
            result["acc_norm"] = norm.mean
            if norm.standardError.isFinite { result["acc_norm_stderr"] = norm.standardError }
        }
        return result
    }
}
