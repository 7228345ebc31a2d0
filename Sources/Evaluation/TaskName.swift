import Foundation

/// A zero-shot multiple-choice task prepared by scripts/setup into `data/tasks/<rawValue>.jsonl`.
public enum TaskName: String, CaseIterable, Sendable, Codable, Comparable {
    case piqa
    case arcEasy = "arc_easy"
    case arcChallenge = "arc_challenge"
    case hellaswag
    case boolq
    case winogrande
    case mmlu

    /// Whether lm-evaluation-harness reports `acc_norm` for this task (BoolQ, Winogrande, MMLU: acc only).
    public var reportsAccNorm: Bool {
        switch self {
        case .piqa, .arcEasy, .arcChallenge, .hellaswag: return true
        case .boolq, .winogrande, .mmlu: return false
        }
    }

    /// The name papers print in table headers.
    public var displayName: String {
        switch self {
        case .piqa: return "PIQA"
        case .arcEasy: return "ARC-e"
        case .arcChallenge: return "ARC-c"
        case .hellaswag: return "HellaSwag"
        case .boolq: return "BoolQ"
        case .winogrande: return "WinoGrande"
        case .mmlu: return "MMLU"
        }
    }

    /// The task called `name` (its file stem), or `unknownTask` listing the known ones.
    public static func named(_ name: String) throws -> TaskName {
        guard let task = TaskName(rawValue: name.trimmingCharacters(in: .whitespaces).lowercased()) else {
            throw EvaluationError.unknownTask(name, known: allCases.map(\.rawValue))
        }
        return task
    }

    /// Tasks from a comma-separated list (`piqa,arc_easy`), in the order given, without duplicates.
    public static func list(_ names: String) throws -> [TaskName] {
        var result: [TaskName] = []
        for part in names.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces)
            if name.isEmpty { continue }
            let task = try named(name)
            if !result.contains(task) { result.append(task) }
        }
        guard !result.isEmpty else { throw EvaluationError.noTasks }
        return result
    }

    /// Canonical order: the order of `allCases`.
    public static func < (lhs: TaskName, rhs: TaskName) -> Bool {
        let order = allCases
        return (order.firstIndex(of: lhs) ?? 0) < (order.firstIndex(of: rhs) ?? 0)
    }
}
