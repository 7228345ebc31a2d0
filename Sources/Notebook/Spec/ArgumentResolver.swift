import Pruning

/// Checks a command's arguments against its verb's spec: binds positionals, rejects unknown or repeated
/// keys, converts values to their types, resolves object names and fills in defaults.
public struct ArgumentResolver {
    /// The verb's declaration.
    public let spec: CommandSpec
    /// Bound names and files.
    public let environment: any ArgumentEnvironment

    /// A resolver for `spec` in `environment`.
    public init(spec: CommandSpec, environment: any ArgumentEnvironment) {
        self.spec = spec
        self.environment = environment
    }

    /// Resolves the arguments of `command`; `lineEnd` is where "missing argument" points.
    public func resolve(_ command: CommandSyntax, lineEnd: Int) throws(NotebookError) -> ResolvedArguments {
        var given: [String: ArgumentSyntax] = [:]
        var nextPositional = 0
        for argument in command.arguments {
            let name: String
            if let key = argument.key {
                guard spec.argument(named: key.text) != nil else {
                    let suggestion = EditDistance.suggestion(for: key.text, among: spec.arguments.map(\.name))
                    throw .unknownKey(key.text, verb: spec.name, suggestion: suggestion, at: key.range)
                }
                name = key.text
            } else {
                while nextPositional < spec.positionals.count, given[spec.positionals[nextPositional].name] != nil {
                    nextPositional += 1
                }
                guard nextPositional < spec.positionals.count else {
                    throw .unexpectedArgument(argument.value.text, verb: spec.name, at: argument.range)
                }
                name = spec.positionals[nextPositional].name
                nextPositional += 1
            }
            if given[name] != nil {
                throw .duplicateArgument(name, at: argument.range)
            }
            given[name] = argument
        }
        var entries: [ResolvedArguments.Entry] = []
        for argument in spec.arguments {
            if let syntax = given[argument.name] {
                let value = try convert(
                    syntax.value.text, quoted: syntax.value.kind == .quoted, type: argument.type,
                    argument: argument.name, keyed: syntax.key != nil, range: syntax.value.range)
                entries.append(.init(spec: argument, value: value, isDefault: false, range: syntax.range))
            } else if let fallback = argument.defaultValue {
                let value = try convert(
                    fallback.text, quoted: false, type: argument.type, argument: argument.name, keyed: true,
                    range: .point(lineEnd))
                entries.append(.init(spec: argument, value: value, isDefault: true, range: nil))
            } else if argument.isRequired {
                let shown =
                    spec.positionals.contains(where: { $0.name == argument.name })
                    ? UsageFormatter.placeholder(argument) : "\(argument.name)=\(argument.type.metavariable)"
                throw .missingArgument(shown, verb: spec.name, at: .point(lineEnd))
            } else {
                entries.append(.init(spec: argument, value: nil, isDefault: false, range: nil))
            }
        }
        return ResolvedArguments(verb: spec.name, entries: entries)
    }

    /// Converts `text` to a value of `type`, or throws an error pointing at `range`.
    func convert(
        _ text: String, quoted: Bool, type: ArgumentType, argument: String, keyed: Bool, range: SourceRange
    ) throws(NotebookError) -> ArgumentValue {
        func invalid(_ reason: String? = nil) -> NotebookError {
            .invalidValue(argument: argument, value: text, expected: type.noun, reason: reason, keyed: keyed, at: range)
        }
        switch type {
        case .int(let limits):
            guard let value = Int(text.replacingOccurrences(of: "_", with: "")) else { throw invalid() }
            if let limits, !limits.contains(value) { throw invalid() }
            return .int(value)
        case .float(let limits):
            guard let value = Double(text.replacingOccurrences(of: "_", with: "")), value.isFinite else {
                throw invalid()
            }
            if let limits, !limits.contains(value) { throw invalid() }
            return .float(value)
        case .string:
            return .string(text)
        case .bool:
            switch text.lowercased() {
            case "true", "on", "yes", "1": return .bool(true)
            case "false", "off", "no", "0": return .bool(false)
            default: throw invalid()
            }
        case .choice(let values):
            if values.contains(text) { return .choice(text) }
            if let match = values.first(where: { $0.lowercased() == text.lowercased() }) { return .choice(match) }
            throw invalid(EditDistance.suggestion(for: text, among: values).map { "did you mean '\($0)'?" })
        case .pattern:
            do {
                return .pattern(try SparsityPattern(parsing: text))
            } catch {
                throw invalid(String(describing: error))
            }
        case .path(let role):
            guard !text.isEmpty else { throw invalid() }
            if case .input = role, !environment.fileExists(text) {
                throw .fileNotFound(text, at: range)
            }
            // An output restricted to some extensions writes nothing else (a plot never replaces a .jsonl).
            if case .output(let extensions) = role, !extensions.isEmpty,
                !extensions.contains(where: { text.lowercased().hasSuffix("." + $0.lowercased()) })
            {
                throw invalid("the file name must end in " + extensions.map { "." + $0 }.joined(separator: " or "))
            }
            return .path(text)
        case .object(let kinds):
            guard let handle = environment.handle(named: text) else {
                if !Parser.isIdentifier(text) { throw invalid() }
                let preferred = environment.objectNames.filter { name in
                    environment.handle(named: name).map { kinds.contains($0.kind) } ?? false
                }
                let suggestion =
                    EditDistance.suggestion(for: text, among: preferred)
                    ?? EditDistance.suggestion(for: text, among: environment.objectNames)
                throw .unknownObject(text, suggestion: suggestion, at: range)
            }
            guard kinds.contains(handle.kind) else {
                throw .wrongKind(name: text, actual: handle.kind, expected: kinds, at: range)
            }
            return .object(handle)
        case .list(let element):
            let parts = quoted ? [(text, range)] : split(text, at: range)
            var values: [ArgumentValue] = []
            for (part, partRange) in parts {
                guard !part.isEmpty else {
                    throw invalid("an element is empty (write a,b,c)")
                }
                values.append(
                    try convert(part, quoted: quoted, type: element, argument: argument, keyed: keyed, range: partRange)
                )
            }
            return .list(values)
        case .oneOf(let types):
            var objectError: NotebookError?
            for candidate in types {
                do {
                    return try convert(
                        text, quoted: quoted, type: candidate, argument: argument, keyed: keyed,
                        range: range)
                } catch {
                    if case .wrongKind = error { objectError = error }
                    if case .unknownObject(_, let suggestion?, _) = error, objectError == nil {
                        objectError = invalid("no object or file named '\(text)' (did you mean '\(suggestion)'?)")
                    }
                    if case .fileNotFound = error, objectError == nil {
                        objectError = invalid("no object or file named '\(text)'")
                    }
                }
            }
            throw objectError ?? invalid()
        }
    }

    /// Splits a comma-separated word, with the range of each part (for a caret under a bad element).
    private func split(_ text: String, at range: SourceRange) -> [(String, SourceRange)] {
        var parts: [(String, SourceRange)] = []
        var start = range.lowerBound
        for piece in text.split(separator: ",", omittingEmptySubsequences: false) {
            let length = piece.count
            parts.append((String(piece), SourceRange(start, min(start + length, range.upperBound))))
            start += length + 1
        }
        return parts
    }
}
