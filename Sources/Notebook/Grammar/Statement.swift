/// One parsed logical line of the command language.
public enum Statement: Equatable, Sendable {
    /// A blank line or a comment.
    case empty
    /// `[name =] verb positional… key=value…`
    case command(CommandSyntax)
    /// `.name rest-of-line`
    case meta(MetaSyntax)
    /// `?verb` (or a bare `?`): help generated from the verb's spec.
    case help(topic: Token?)
}

/// A verb invocation as written, before it is checked against the verb's spec.
public struct CommandSyntax: Equatable, Sendable {
    /// The name the result is bound to (`cal` in `cal = sample wiki`), if any.
    public var binding: Token?
    /// The verb (`sample`).
    public var verb: Token
    /// The arguments in the order written.
    public var arguments: [ArgumentSyntax]

    /// A command with its parts.
    public init(binding: Token?, verb: Token, arguments: [ArgumentSyntax]) {
        self.binding = binding
        self.verb = verb
        self.arguments = arguments
    }
}

/// One argument as written: positional (`wiki`) or keyed (`n=128`).
public struct ArgumentSyntax: Equatable, Sendable {
    /// The key of a `key=value` argument; nil for a positional one.
    public var key: Token?
    /// The value as written.
    public var value: Token

    /// An argument; `key` nil for a positional one.
    public init(key: Token?, value: Token) {
        self.key = key
        self.value = value
    }

    /// The whole argument, key included.
    public var range: SourceRange {
        SourceRange(key?.range.lowerBound ?? value.range.lowerBound, value.range.upperBound)
    }
}

/// A meta command (`.sql SELECT 1`): its name and the raw rest of the line.
public struct MetaSyntax: Equatable, Sendable {
    /// The command name without the dot (`sql`).
    public var name: String
    /// Where the name (with its dot) is on the line.
    public var nameRange: SourceRange
    /// Everything after the name, with surrounding spaces removed (SQL is passed on as written).
    public var argument: String
    /// The column where `argument` starts.
    public var argumentOffset: Int

    /// A meta command with its parts.
    public init(name: String, nameRange: SourceRange, argument: String, argumentOffset: Int) {
        self.name = name
        self.nameRange = nameRange
        self.argument = argument
        self.argumentOffset = argumentOffset
    }

    /// The argument split into tokens (quotes and escapes as for verbs), with columns on the whole line.
    public func tokens() throws(NotebookError) -> [Token] {
        let tokens: [Token]
        do {
            tokens = try Lexer.tokenize(argument)
        } catch {
            throw error.shifted(by: argumentOffset)
        }
        return tokens.map { token in
            var moved = token
            moved.range = SourceRange(token.range.lowerBound + argumentOffset, token.range.upperBound + argumentOffset)
            return moved
        }
    }
}
