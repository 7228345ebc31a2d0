/// Where a multi-task evaluation stands, reported after every forward batch.
public struct EvaluationProgress: Sendable, Equatable {
    /// The task being scored.
    public let task: TaskName
    /// Documents of this task done.
    public let taskDone: Int
    /// Documents of this task.
    public let taskTotal: Int
    /// Documents done over all tasks.
    public let done: Int
    /// Documents over all tasks.
    public let total: Int
    /// Seconds since the evaluation started.
    public let elapsed: Double

    /// A progress report.
    public init(task: TaskName, taskDone: Int, taskTotal: Int, done: Int, total: Int, elapsed: Double) {
        self.task = task
        self.taskDone = taskDone
        self.taskTotal = taskTotal
        self.done = done
        self.total = total
        self.elapsed = elapsed
    }

    /// Documents per second so far.
    public var documentsPerSecond: Double { elapsed > 0 ? Double(done) / elapsed : 0 }

    /// Seconds left at the current rate (nil before the first document).
    public var remaining: Double? { done > 0 ? elapsed / Double(done) * Double(total - done) : nil }
}
