import Foundation

/// The documents of one task, read from a prepared JSONL file (first `limit` documents, file order).
public struct MultipleChoiceTask: Sendable {
    /// Which task.
    public let name: TaskName
    /// The documents, in file order.
    public let documents: [MultipleChoiceDocument]
    /// The file they were read from.
    public let file: String

    /// A task from documents already in memory.
    public init(name: TaskName, documents: [MultipleChoiceDocument], file: String) {
        self.name = name
        self.documents = documents
        self.file = file
    }

    /// Reads `file`: one JSON document per line, `{"doc_id", "contexts", "continuations", "choices", "gold"}`;
    /// blank lines are skipped; reading stops after `limit` documents.
    public static func load(_ name: TaskName, file: String, limit: Int? = nil) throws -> MultipleChoiceTask {
        if let limit, limit < 1 { throw EvaluationError.invalidLimit(limit) }
        guard FileManager.default.fileExists(atPath: file) else {
            throw EvaluationError.missingTaskFile(task: name.rawValue, path: file)
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file), options: .mappedIfSafe)
        } catch {
            throw EvaluationError.unreadableTaskFile(path: file, reason: error.localizedDescription)
        }
        return try parse(name, data: data, file: file, limit: limit)
    }

    /// Parses JSONL `data` (named `file` in errors).
    public static func parse(
        _ name: TaskName, data: Data, file: String, limit: Int? = nil
    ) throws
        -> MultipleChoiceTask
    {
        if let limit, limit < 1 { throw EvaluationError.invalidLimit(limit) }
        var documents: [MultipleChoiceDocument] = []
        var lineNumber = 0
        var start = data.startIndex
        while start < data.endIndex {
            if let limit, documents.count == limit { break }
            let end = data[start...].firstIndex(of: UInt8(ascii: "\n")) ?? data.endIndex
            lineNumber += 1
            let line = data[start..<end]
            start = end < data.endIndex ? data.index(after: end) : end
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            documents.append(try document(line, file: file, line: lineNumber))
        }
        guard !documents.isEmpty else { throw EvaluationError.emptyTaskFile(path: file) }
        return MultipleChoiceTask(name: name, documents: documents, file: file)
    }

    /// Number of requests (choices summed over documents).
    public var requestCount: Int { documents.reduce(0) { $0 + $1.choiceCount } }

    private struct Line: Decodable {
        enum CodingKeys: String, CodingKey {
            case docID = "doc_id"
            case contexts, continuations, choices, gold
        }
        let docID: Int
        let contexts: [String]
        let continuations: [String]
        let choices: [String]
        let gold: Int
    }

    private static func document(_ bytes: Data, file: String, line: Int) throws -> MultipleChoiceDocument {
        func bad(_ reason: String) -> EvaluationError { .malformedLine(file: file, line: line, reason: reason) }
        let fields: Line
        do {
            fields = try JSONDecoder().decode(Line.self, from: bytes)
        } catch let error as DecodingError {
            throw bad(reason(error))
        } catch {
            throw bad("not valid JSON")
        }
        let choices = fields.choices
        guard choices.count >= 2 else { throw bad("needs at least 2 choices, found \(choices.count)") }
        guard fields.contexts.count == choices.count, fields.continuations.count == choices.count else {
            throw bad(
                "\(fields.contexts.count) contexts, \(fields.continuations.count) continuations and "
                    + "\(choices.count) choices (one of each per choice)")
        }
        guard (0..<choices.count).contains(fields.gold) else {
            throw bad("gold \(fields.gold) is not a choice index 0..<\(choices.count)")
        }
        return MultipleChoiceDocument(
            docID: fields.docID, contexts: fields.contexts, continuations: fields.continuations, choices: choices,
            gold: fields.gold)
    }

    private static func reason(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, _):
            return "missing \"\(key.stringValue)\""
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return context.codingPath.isEmpty ? "not a JSON object" : "\"\(path(context))\" is not \(expected(type))"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "\"\(path(context))\" is not valid"
        @unknown default:
            return "not a task document"
        }
    }

    private static func expected(_ type: Any.Type) -> String {
        if type == Int.self { return "an integer" }
        if type == String.self { return "a string" }
        if type == [String].self || type == [Any].self { return "a list of strings" }
        return "of the expected type"
    }
}
