/// Evaluation input that cannot be used: task names, task files, limits, plot and report data.
public enum EvaluationError: Error, CustomStringConvertible, Equatable {
    /// A task name that is not one of the known tasks.
    case unknownTask(String, known: [String])
    /// The prepared task file does not exist.
    case missingTaskFile(task: String, path: String)
    /// The task file exists but cannot be read.
    case unreadableTaskFile(path: String, reason: String)
    /// One line of a task file is not a valid document.
    case malformedLine(file: String, line: Int, reason: String)
    /// A task file holds no document.
    case emptyTaskFile(path: String)
    /// `limit` must be at least 1.
    case invalidLimit(Int)
    /// No task was asked for.
    case noTasks
    /// A request whose context or continuation tokenizes to nothing (the harness refuses these too).
    case emptyEncoding(task: String, docID: Int, choice: Int, part: String)
    /// A continuation longer than the model's context.
    case continuationTooLong(task: String, docID: Int, choice: Int, tokens: Int, maxLength: Int)
    /// A request token id with no row in the model's embedding (a tokenizer that does not fit the model).
    case tokenOutsideVocabulary(task: String, docID: Int, choice: Int, token: Int32, vocabulary: Int)
    /// Plot input that cannot be drawn.
    case invalidPlot(String)
    /// Report input that cannot be aggregated.
    case invalidReport(String)

    /// The message shown to the user.
    public var description: String {
        switch self {
        case .unknownTask(let name, let known):
            return "unknown task '\(name)'; known tasks: \(known.joined(separator: ", "))"
        case .missingTaskFile(let task, let path):
            return "no task file for \(task) at \(path); run scripts/setup to prepare data/tasks"
        case .unreadableTaskFile(let path, let reason):
            return "cannot read task file \(path): \(reason)"
        case .malformedLine(let file, let line, let reason):
            return "\(file):\(line): malformed task document: \(reason); rerun scripts/setup to rebuild data/tasks"
        case .emptyTaskFile(let path):
            return "task file \(path) holds no document; rerun scripts/setup to rebuild data/tasks"
        case .invalidLimit(let limit):
            return "limit=\(limit) is invalid: it must be at least 1 (the first N documents of each task)"
        case .noTasks:
            return "no task given; use tasks=NAME[,NAME...]"
        case .emptyEncoding(let task, let docID, let choice, let part):
            return "\(task) doc \(docID) choice \(choice): the \(part) tokenizes to no token"
        case .continuationTooLong(let task, let docID, let choice, let tokens, let maxLength):
            return "\(task) doc \(docID) choice \(choice): the continuation has \(tokens) tokens, more than the "
                + "model's context of \(maxLength)"
        case .tokenOutsideVocabulary(let task, let docID, let choice, let token, let vocabulary):
            return "\(task) doc \(docID) choice \(choice): token id \(token) has no row in the model's "
                + "\(vocabulary)-row embedding (the tokenizer does not fit the model)"
        case .invalidPlot(let reason):
            return "cannot plot: \(reason)"
        case .invalidReport(let reason):
            return "cannot build the report: \(reason)"
        }
    }
}
