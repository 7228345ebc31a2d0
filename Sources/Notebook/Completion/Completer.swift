import Foundation
import Store

/// Tab completion driven by the verb specs: verbs, then object names of the right kind, then `key=` names,
/// then enum values, then file paths; meta commands complete their own arguments.
public struct Completer {
    /// The verbs.
    public var verbs: VerbRegistry
    /// Bound object names of the given kinds (all kinds when empty).
    public var objectNames: ([ObjectKind]) -> [String]
    /// Table and view names, for `.sql` and `.schema`.
    public var sqlNames: () -> [String]
    /// The directory relative paths are completed in.
    public var workingDirectory: URL

    /// A completer over these sources.
    public init(
        verbs: VerbRegistry, objectNames: @escaping ([ObjectKind]) -> [String], sqlNames: @escaping () -> [String],
        workingDirectory: URL
    ) {
        self.verbs = verbs
        self.objectNames = objectNames
        self.sqlNames = sqlNames
        self.workingDirectory = workingDirectory
    }

    /// A completer for a session's verbs, objects, store and working directory.
    public init(session: Session) {
        self.init(
            verbs: session.verbs,
            objectNames: { kinds in session.objects.handles(ofKinds: kinds).map(\.name) },
            sqlNames: {
                let sql = "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'"
                let rows = (try? session.store.query(readOnly: sql).rows) ?? []
                return rows.compactMap { row -> String? in
                    if case .text(let name)? = row.first { return name }
                    return nil
                }.sorted()
            },
            workingDirectory: session.workingDirectory)
    }

    /// The completion of the word ending at `cursor` (a character offset) in `line`.
    public func complete(line: String, cursor: Int) -> Completion {
        let characters = Array(line)
        let prefix = String(characters[0..<min(max(0, cursor), characters.count)])
        let trimmed = prefix.drop(while: \.isWhitespace)
        let indent = prefix.count - trimmed.count
        if trimmed.hasPrefix(".") {
            return meta(String(trimmed), offset: indent)
        }
        if trimmed.hasPrefix("?") {
            let word = String(trimmed.dropFirst())
            return filter(verbs.names.map { Completion.Candidate($0) }, partial: word, start: indent + 1)
        }
        return command(prefix)
    }

    private func meta(_ text: String, offset: Int) -> Completion {
        guard let space = text.firstIndex(where: \.isWhitespace) else {
            let candidates = MetaCommand.all.map { Completion.Candidate("." + $0.name, appendsSpace: true) }
            return filter(candidates, partial: text, start: offset)
        }
        guard let command = MetaCommand.named(String(text[text.index(after: text.startIndex)..<space])) else {
            return Completion(start: offset + text.count, partial: "", candidates: [])
        }
        let wordStart = text.lastIndex(where: \.isWhitespace).map { text.index(after: $0) } ?? text.endIndex
        let word = String(text[wordStart...])
        let start = offset + text.distance(from: text.startIndex, to: wordStart)
        switch command.completion {
        case .none:
            return Completion(start: start, partial: word, candidates: [])
        case .verbs:
            return filter(verbs.names.map { Completion.Candidate($0) }, partial: word, start: start)
        case .words(let words):
            return filter(words.map { Completion.Candidate($0) }, partial: word, start: start)
        case .kinds:
            return filter(ObjectKind.allCases.map { Completion.Candidate($0.rawValue) }, partial: word, start: start)
        case .path:
            return Completion(start: start, partial: word, candidates: paths(word, extensions: []))
        case .sql:
            return filter(sqlNames().map { Completion.Candidate($0) }, partial: word, start: start)
        }
    }

    private func command(_ prefix: String) -> Completion {
        guard let scanned = try? Lexer(prefix).scan(), scanned.commentStart == nil else {
            return Completion(start: prefix.count, partial: "", candidates: [])
        }
        var tokens = scanned.tokens
        let endsInSpace = prefix.last?.isWhitespace ?? true
        var current: Token?
        if scanned.unterminatedQuote != nil || (!endsInSpace && tokens.last?.kind != .equals) {
            current = tokens.popLast()
        }
        let word = current?.text ?? ""
        let start = current?.range.lowerBound ?? prefix.count
        var body = tokens[...]
        if tokens.count >= 2, tokens[1].kind == .equals {
            body = tokens[2...]
        }
        guard let verb = body.first else {
            return filter(verbs.names.map { Completion.Candidate($0) }, partial: word, start: start)
        }
        guard let spec = verbs.spec(named: verb.text) else {
            return Completion(start: start, partial: word, candidates: [])
        }
        let arguments = Array(body.dropFirst())
        if let last = arguments.last, last.kind == .equals, arguments.count >= 2,
            arguments[arguments.count - 2].touches(last), current.map({ last.touches($0) }) ?? !endsInSpace
        {
            let key = arguments[arguments.count - 2].text
            guard let argument = spec.argument(named: key) else {
                return Completion(start: start, partial: word, candidates: [])
            }
            return value(of: argument.type, partial: word, start: current?.range.lowerBound ?? prefix.count)
        }
        return nextArgument(spec, arguments: arguments, partial: word, start: start)
    }

    /// Completion where a new argument starts: the next positional's values, then unused keys.
    private func nextArgument(_ spec: CommandSpec, arguments: [Token], partial: String, start: Int) -> Completion {
        var usedKeys: Set<String> = []
        var positionalCount = 0
        var index = 0
        while index < arguments.count {
            if index + 1 < arguments.count, arguments[index + 1].kind == .equals {
                usedKeys.insert(arguments[index].text)
                index += 3
            } else {
                positionalCount += 1
                index += 1
            }
        }
        let openPositionals = spec.positionals.filter { !usedKeys.contains($0.name) }
        var candidates: [Completion.Candidate] = []
        var pathRole: ArgumentType.PathRole?
        if positionalCount < openPositionals.count {
            let type = openPositionals[positionalCount].type
            candidates += objects(of: type)
            pathRole = type.pathRole
            if partial.contains("/") || partial.hasPrefix("~") || partial.hasPrefix(".") {
                candidates.removeAll()
            }
            candidates += type.choices.map { Completion.Candidate($0) }
        }
        if !partial.contains("/") {
            let positionalNames = Set(spec.positionals.map(\.name))
            candidates += spec.arguments.filter { !usedKeys.contains($0.name) && !positionalNames.contains($0.name) }
                .map { Completion.Candidate($0.name + "=", appendsSpace: false) }
        }
        var completion = filter(candidates, partial: partial, start: start)
        if let pathRole {
            completion.candidates += paths(partial, extensions: Completer.extensions(pathRole))
        }
        return completion
    }

    /// Values of `type` for the word after `key=`; lists complete their last element.
    private func value(of type: ArgumentType, partial: String, start: Int) -> Completion {
        if case .list(let element) = type, let comma = partial.lastIndex(of: ",") {
            let head = partial[...comma].count
            return value(of: element, partial: String(partial[partial.index(after: comma)...]), start: start + head)
        }
        var candidates = objects(of: type)
        candidates += type.choices.map { Completion.Candidate($0) }
        var completion = filter(candidates, partial: partial, start: start)
        if let role = type.pathRole {
            completion.candidates += paths(partial, extensions: Completer.extensions(role))
        }
        return completion
    }

    private func objects(of type: ArgumentType) -> [Completion.Candidate] {
        type.objectKinds.isEmpty ? [] : objectNames(type.objectKinds).map { Completion.Candidate($0) }
    }

    private func filter(_ candidates: [Completion.Candidate], partial: String, start: Int) -> Completion {
        var seen: Set<String> = []
        let matching = candidates.filter { $0.text.hasPrefix(partial) && seen.insert($0.text).inserted }
        return Completion(start: start, partial: partial, candidates: matching)
    }

    /// Files and folders starting with `partial` (folders end in `/`; files filtered by extension when given).
    func paths(_ partial: String, extensions: [String]) -> [Completion.Candidate] {
        let slash = partial.lastIndex(of: "/")
        let folderPart = slash.map { String(partial[...$0]) } ?? ""
        let base = slash.map { String(partial[partial.index(after: $0)...]) } ?? partial
        let expanded =
            (folderPart as NSString).expandingTildeInPath + (folderPart.hasSuffix("/") && folderPart != "/" ? "/" : "")
        let folder: URL
        if folderPart.isEmpty {
            folder = workingDirectory
        } else if expanded.hasPrefix("/") {
            folder = URL(fileURLWithPath: expanded)
        } else {
            folder = workingDirectory.appendingPathComponent(expanded)
        }
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        var folders: [Completion.Candidate] = []
        var files: [Completion.Candidate] = []
        for entry in entries.sorted() where entry.hasPrefix(base) {
            if entry.hasPrefix("."), !base.hasPrefix(".") { continue }
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(
                atPath: folder.appendingPathComponent(entry).path, isDirectory: &isDirectory)
            if isDirectory.boolValue {
                folders.append(Completion.Candidate(folderPart + entry + "/", appendsSpace: false))
            } else if extensions.isEmpty || extensions.contains((entry as NSString).pathExtension.lowercased()) {
                files.append(Completion.Candidate(folderPart + entry))
            }
        }
        return files + folders
    }

    private static func extensions(_ role: ArgumentType.PathRole) -> [String] {
        switch role {
        case .input(let extensions): return extensions
        case .output: return []
        }
    }
}
