import Foundation
import Model

/// Scores multiple-choice tasks like lm-evaluation-harness: each choice's continuation log-likelihood,
/// acc = argmax, acc_norm = argmax of log-likelihood per character; documents are batched and
/// requests sharing a context run it once (see `ScoringStrategy`).
public struct MultipleChoiceEvaluator: Sendable {
    /// The model and tokenizer.
    public let model: LanguageModel
    /// The request scorer (strategy and batch size).
    public let scorer: LoglikelihoodScorer
    /// The tokenization of requests.
    public let encoder: RequestEncoder

    /// An evaluator of `model`; `tokensPerBatch` bounds each forward pass.
    public init(model: LanguageModel, strategy: ScoringStrategy = .sharedContext, tokensPerBatch: Int = 1024) {
        self.model = model
        self.scorer = LoglikelihoodScorer(model: model.network, strategy: strategy, tokensPerBatch: tokensPerBatch)
        self.encoder = RequestEncoder(tokenizer: model.tokenizer)
    }

    /// The tokenized requests of every document of `task`, checked as the harness asserts them.
    public func requests(_ task: MultipleChoiceTask) throws -> [[LoglikelihoodRequest]] {
        try task.documents.map { document in
            try document.contexts.indices.map { i in
                let (context, continuation) = encoder.encodePair(
                    context: document.contexts[i], continuation: document.continuations[i])
                guard !context.isEmpty else {
                    throw EvaluationError.emptyEncoding(
                        task: task.name.rawValue, docID: document.docID, choice: i, part: "context")
                }
                guard !continuation.isEmpty else {
                    throw EvaluationError.emptyEncoding(
                        task: task.name.rawValue, docID: document.docID, choice: i, part: "continuation")
                }
                guard continuation.count <= scorer.maxLength else {
                    throw EvaluationError.continuationTooLong(
                        task: task.name.rawValue, docID: document.docID, choice: i, tokens: continuation.count,
                        maxLength: scorer.maxLength)
                }
                let vocabulary = model.network.config.vocabSize
                if let token = (context + continuation).first(where: { $0 < 0 || Int($0) >= vocabulary }) {
                    throw EvaluationError.tokenOutsideVocabulary(
                        task: task.name.rawValue, docID: document.docID, choice: i, token: token,
                        vocabulary: vocabulary)
                }
                return LoglikelihoodRequest(context: context, continuation: continuation)
            }
        }
    }

    /// Scores one task; `progress(documentsDone)` after each forward batch.
    public func evaluate(
        _ task: MultipleChoiceTask, progress: (Int) -> Void = { _ in }, isCancelled: () -> Bool = { false }
    ) throws -> TaskResult {
        let started = Date()
        let groups = try requests(task)
        let lls = try scorer.score(groups, progress: progress, isCancelled: isCancelled)
        let documents = zip(task.documents, lls).map { document, ll in
            DocumentScore(
                docID: document.docID, loglikelihoods: ll,
                choiceLengths: document.choices.indices.map(document.choiceLength), gold: document.gold)
        }
        return TaskResult(task: task.name, documents: documents, seconds: Date().timeIntervalSince(started))
    }

    /// Scores every task in order and averages them; `progress` after each forward batch.
    public func evaluate(
        _ tasks: [MultipleChoiceTask], progress: (EvaluationProgress) -> Void = { _ in },
        isCancelled: () -> Bool = { false }
    ) throws -> EvaluationSummary {
        guard !tasks.isEmpty else { throw EvaluationError.noTasks }
        let started = Date()
        let total = tasks.reduce(0) { $0 + $1.documents.count }
        var before = 0
        var results: [TaskResult] = []
        for task in tasks {
            let result = try evaluate(
                task,
                progress: { done in
                    progress(
                        EvaluationProgress(
                            task: task.name, taskDone: done, taskTotal: task.documents.count, done: before + done,
                            total: total, elapsed: Date().timeIntervalSince(started)))
                }, isCancelled: isCancelled)
            results.append(result)
            before += task.documents.count
        }
        return EvaluationSummary(tasks: results)
    }
}
