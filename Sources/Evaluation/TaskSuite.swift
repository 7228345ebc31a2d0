import Foundation

/// The prepared task files of a data folder (`data/tasks` by default, written by scripts/setup).
public struct TaskSuite: Sendable {
    /// The folder holding `<task>.jsonl` files.
    public let directory: String

    /// A suite reading from `directory`.
    public init(directory: String) { self.directory = directory }

    /// The suite under a package root: `<root>/data/tasks`.
    public init(root: String) { self.directory = (root as NSString).appendingPathComponent("data/tasks") }

    /// Names of every known task, in the canonical order.
    public static var known: [String] { TaskName.allCases.map(\.rawValue) }

    /// Where the file of `task` is expected.
    public func file(for task: TaskName) -> String {
        (directory as NSString).appendingPathComponent("\(task.rawValue).jsonl")
    }

    /// Known tasks whose file exists (MMLU is only there when the data was prepared).
    public var available: [TaskName] {
        TaskName.allCases.filter { FileManager.default.fileExists(atPath: file(for: $0)) }
    }

    /// The first `limit` documents (all when nil) of the task called `name`.
    public func load(_ name: String, limit: Int? = nil) throws -> MultipleChoiceTask {
        try load(TaskName.named(name), limit: limit)
    }

    /// The first `limit` documents (all when nil) of `task`.
    public func load(_ task: TaskName, limit: Int? = nil) throws -> MultipleChoiceTask {
        try MultipleChoiceTask.load(task, file: file(for: task), limit: limit)
    }

    /// Every task of a comma-separated list (`piqa,arc_easy`); names are checked before any file is read.
    public func load(list names: String, limit: Int? = nil) throws -> [MultipleChoiceTask] {
        if let limit, limit < 1 { throw EvaluationError.invalidLimit(limit) }
        return try TaskName.list(names).map { try load($0, limit: limit) }
    }
}
