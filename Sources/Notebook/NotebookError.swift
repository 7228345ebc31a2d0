import Store

/// Everything that can go wrong between reading a command line and running its verb.
///
/// Cases that point at part of the line carry its range; `ErrorRenderer` prints them with the line,
/// a caret under the fault and, for argument errors, the verb's usage line.
public enum NotebookError: Error, Equatable, CustomStringConvertible {
    /// A quoted string runs to the end of the line.
    case unterminatedQuote(at: SourceRange)
    /// A backslash escape the language does not know.
    case invalidEscape(String, at: SourceRange)
    /// Something other than what the grammar allows here.
    case unexpectedToken(String, expected: String, at: SourceRange)
    /// `name = …` with a name that is not an identifier.
    case invalidName(String, at: SourceRange)
    /// `key = value` written with spaces around `=`.
    case spacedEquals(at: SourceRange)
    /// `key=` with nothing after the `=`.
    case missingValue(key: String, at: SourceRange)
    /// A verb that does not exist.
    case unknownVerb(String, suggestion: String?, at: SourceRange)
    /// A meta command that does not exist.
    case unknownMetaCommand(String, suggestion: String?, at: SourceRange)
    /// A `key=` the verb does not take.
    case unknownKey(String, verb: String, suggestion: String?, at: SourceRange)
    /// The same argument given twice.
    case duplicateArgument(String, at: SourceRange)
    /// More positional arguments than the verb takes.
    case unexpectedArgument(String, verb: String, at: SourceRange)
    /// A required argument is missing.
    case missingArgument(String, verb: String, at: SourceRange)
    /// A value of the wrong type or out of range (`keyed`: written `argument=value`).
    case invalidValue(argument: String, value: String, expected: String, reason: String?, keyed: Bool, at: SourceRange)
    /// An input path that does not exist.
    case fileNotFound(String, at: SourceRange)
    /// A name that is not bound to an object.
    case unknownObject(String, suggestion: String?, at: SourceRange)
    /// An object of another kind than the argument needs.
    case wrongKind(name: String, actual: ObjectKind, expected: [ObjectKind], at: SourceRange)
    /// `name = verb …` for a verb that produces no object.
    case producesNoObject(verb: String, at: SourceRange)
    /// A bad argument to a meta command.
    case invalidMetaArgument(command: String, message: String, at: SourceRange?)
    /// A stored object could not be brought back (its kind is unknown, or its payload is gone).
    case objectUnavailable(name: String, reason: String)
    /// A file could not be read.
    case unreadableFile(path: String, reason: String)
    /// A file could not be written.
    case unwritableFile(path: String, reason: String)
    /// `export` to a format the object's kind does not write.
    case unsupportedExport(name: String, kind: ObjectKind, path: String, formats: [String])
    /// `.read` nested too deeply (a script reading itself).
    case readDepthExceeded(path: String)
    /// A verb asked for an argument its spec does not declare with that type (a bug in the verb).
    case argumentAccess(name: String, verb: String, requested: String)
    /// A writing command's target exists and `overwrite=true` was not given.
    case outputExists(path: String)
    /// An environment variable with a value the program cannot use.
    case invalidEnvironment(variable: String, value: String, expected: String)

    /// The part of the line at fault, when there is one.
    public var range: SourceRange? {
        switch self {
        case .unterminatedQuote(let range), .invalidEscape(_, let range), .unexpectedToken(_, _, let range),
            .invalidName(_, let range), .spacedEquals(let range), .missingValue(_, let range),
            .unknownVerb(_, _, let range), .unknownMetaCommand(_, _, let range), .unknownKey(_, _, _, let range),
            .duplicateArgument(_, let range), .unexpectedArgument(_, _, let range),
            .missingArgument(_, _, let range), .invalidValue(_, _, _, _, _, let range), .unknownObject(_, _, let range),
            .fileNotFound(_, let range),
            .wrongKind(_, _, _, let range), .producesNoObject(_, let range):
            return range
        case .invalidMetaArgument(_, _, let range):
            return range
        case .objectUnavailable, .unreadableFile, .unwritableFile, .unsupportedExport,
            .readDepthExceeded, .argumentAccess, .invalidEnvironment, .outputExists:
            return nil
        }
    }

    /// True for errors in a verb's arguments, which are shown with the verb's usage line.
    public var showsUsage: Bool {
        switch self {
        case .unknownKey, .duplicateArgument, .unexpectedArgument, .missingArgument, .invalidValue, .unknownObject,
            .wrongKind, .producesNoObject, .spacedEquals, .missingValue:
            return true
        default:
            return false
        }
    }

    /// The same error with its range moved right by `offset` columns (for text lexed out of context).
    public func shifted(by offset: Int) -> NotebookError {
        func move(_ range: SourceRange) -> SourceRange {
            SourceRange(range.lowerBound + offset, range.upperBound + offset)
        }
        switch self {
        case .unterminatedQuote(let range): return .unterminatedQuote(at: move(range))
        case .invalidEscape(let text, let range): return .invalidEscape(text, at: move(range))
        case .unexpectedToken(let text, let expected, let range):
            return .unexpectedToken(text, expected: expected, at: move(range))
        default: return self
        }
    }

    /// One line saying what is wrong and what to do.
    public var description: String {
        switch self {
        case .unterminatedQuote:
            return "unterminated quoted string: add the closing quote"
        case .invalidEscape(let text, _):
            return "unknown escape \(text) in a quoted string (known: \\\" \\\\ \\n \\t \\r \\0 \\u{…})"
        case .unexpectedToken(let text, let expected, _):
            return text.isEmpty ? "expected \(expected)" : "unexpected '\(text)': expected \(expected)"
        case .invalidName(let name, _):
            return "'\(name)' cannot name an object: use letters, digits and _, starting with a letter"
        case .spacedEquals:
            return "write key=value without spaces around '='"
        case .missingValue(let key, _):
            return "\(key)= needs a value"
        case .unknownVerb(let verb, let suggestion, _):
            return "unknown verb '\(verb)'" + didYouMean(suggestion) + "; .help lists the verbs"
        case .unknownMetaCommand(let name, let suggestion, _):
            return "unknown command '.\(name)'" + didYouMean(suggestion.map { "." + $0 }) + "; .help lists them"
        case .unknownKey(let key, let verb, let suggestion, _):
            return "\(verb) has no key '\(key)'" + didYouMean(suggestion.map { $0 + "=" })
        case .duplicateArgument(let name, _):
            return "\(name) is given twice"
        case .unexpectedArgument(let text, let verb, _):
            return "\(verb) takes no further positional argument ('\(text)'); keys are written key=value"
        case .missingArgument(let name, let verb, _):
            return "\(verb) needs \(name)"
        case .invalidValue(let argument, let value, let expected, let reason, let keyed, _):
            let because = reason.map { ": \($0)" } ?? ""
            let written = keyed ? "\(argument)=\(value)" : "'\(value)' (\(argument))"
            return "\(written) is not \(expected)\(because)"
        case .fileNotFound(let path, _):
            return "no such file or folder: \(path)"
        case .unknownObject(let name, let suggestion, _):
            return "no object named '\(name)'" + didYouMean(suggestion) + "; .objects lists them"
        case .wrongKind(let name, let actual, let expected, _):
            let wanted = expected.map(\.rawValue).joined(separator: " or ")
            return "'\(name)' is a \(actual.rawValue), but a \(wanted) is needed here"
        case .producesNoObject(let verb, _):
            return "\(verb) produces no object to name; drop the 'name ='"
        case .invalidMetaArgument(let command, let message, _):
            return ".\(command): \(message)"
        case .objectUnavailable(let name, let reason):
            return "cannot bring back '\(name)': \(reason)"
        case .unreadableFile(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .unwritableFile(let path, let reason):
            return "cannot write \(path): \(reason)"
        case .unsupportedExport(let name, let kind, let path, let formats):
            let known = formats.isEmpty ? "it has no export format" : "formats: " + formats.joined(separator: ", ")
            return "cannot export \(kind.rawValue) '\(name)' to \(path): \(known)"
        case .readDepthExceeded(let path):
            return ".read \(path): scripts nested too deeply (does it read itself?)"
        case .argumentAccess(let name, let verb, let requested):
            return
                "internal error: \(verb) asked for argument '\(name)' as \(requested), which its spec does not declare"
        case .outputExists(let path):
            return "\(path) already exists; add overwrite=true to replace it as a whole "
                + "(export, plot and .save never overwrite by surprise)"
        case .invalidEnvironment(let variable, let value, let expected):
            return "\(variable)=\(value) is not \(expected); fix or unset it"
        }
    }

    private func didYouMean(_ suggestion: String?) -> String {
        suggestion.map { " (did you mean '\($0)'?)" } ?? ""
    }
}
