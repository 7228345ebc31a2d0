/// Results of several tasks and their average, as papers report it (an unweighted mean over tasks).
public struct EvaluationSummary: Sendable, Equatable {
    /// Each task's result, in the order evaluated.
    public let tasks: [TaskResult]

    /// A summary of `tasks` (at least one).
    public init(tasks: [TaskResult]) {
        precondition(!tasks.isEmpty, "a summary needs tasks")
        self.tasks = tasks
    }

    /// Mean of the tasks' acc.
    public var averageAcc: Double { tasks.reduce(0) { $0 + $1.acc.mean } / Double(tasks.count) }

    /// Mean over tasks of acc_norm where the task reports it, acc otherwise.
    public var averageAccNorm: Double {
        tasks.reduce(0) { $0 + ($1.accNorm ?? $1.acc).mean } / Double(tasks.count)
    }

    /// The averages to store: `avg_acc` (the key the store's `runs` view reads) and `avg_acc_norm`.
    public var metrics: [String: Double] { ["avg_acc": averageAcc, "avg_acc_norm": averageAccNorm] }

    /// Documents scored over all tasks.
    public var documentCount: Int { tasks.reduce(0) { $0 + $1.count } }

    /// Seconds spent over all tasks.
    public var seconds: Double { tasks.reduce(0) { $0 + $1.seconds } }
}
