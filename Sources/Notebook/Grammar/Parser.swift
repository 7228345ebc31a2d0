/// Turns a logical line into a `Statement`: assignment, verb and arguments, meta command or help.
public enum Parser {
    /// Parses one logical line (continuations already joined).
    public static func parse(_ line: String) throws(NotebookError) -> Statement {
        let characters = Array(line)
        guard let first = characters.firstIndex(where: { !$0.isWhitespace }) else { return .empty }
        switch characters[first] {
        case "#":
            return .empty
        case ".":
            return .meta(meta(characters, start: first))
        case "?":
            let rest = try Lexer.tokenize(String(characters[(first + 1)...]))
            guard let topic = rest.first else { return .help(topic: nil) }
            if rest.count > 1 {
                throw .unexpectedToken(
                    rest[1].text, expected: "one verb after '?'", at: shift(rest[1].range, first + 1))
            }
            var token = topic
            token.range = shift(topic.range, first + 1)
            return .help(topic: token)
        default:
            return .command(try command(Lexer.tokenize(line), lineEnd: characters.count))
        }
    }

    /// True when `text` can name an object: a letter or `_`, then letters, digits or `_`.
    public static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else {
            return false
        }
        return text.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }

    private static func meta(_ characters: [Character], start: Int) -> MetaSyntax {
        var end = start + 1
        while end < characters.count, !characters[end].isWhitespace {
            end += 1
        }
        var argumentStart = end
        while argumentStart < characters.count, characters[argumentStart].isWhitespace {
            argumentStart += 1
        }
        var argumentEnd = characters.count
        while argumentEnd > argumentStart, characters[argumentEnd - 1].isWhitespace {
            argumentEnd -= 1
        }
        return MetaSyntax(
            name: String(characters[(start + 1)..<end]), nameRange: SourceRange(start, end),
            argument: String(characters[argumentStart..<argumentEnd]), argumentOffset: argumentStart)
    }

    private static func command(_ tokens: [Token], lineEnd: Int) throws(NotebookError) -> CommandSyntax {
        guard !tokens.isEmpty else { throw .unexpectedToken("", expected: "a verb", at: .point(lineEnd)) }
        var index = 0
        var binding: Token?
        if tokens.count > 1, tokens[1].kind == .equals {
            let name = tokens[0]
            guard name.kind == .word, isIdentifier(name.text) else {
                throw .invalidName(name.text, at: name.range)
            }
            binding = name
            index = 2
        }
        guard index < tokens.count else {
            throw .unexpectedToken("", expected: "a verb after '\(tokens[0].text) ='", at: .point(lineEnd))
        }
        let verb = tokens[index]
        guard verb.kind == .word else {
            throw .unexpectedToken(verb.text, expected: "a verb", at: verb.range)
        }
        index += 1
        var arguments: [ArgumentSyntax] = []
        while index < tokens.count {
            let token = tokens[index]
            if token.kind == .equals {
                throw .unexpectedToken("=", expected: "an argument (key=value, without spaces)", at: token.range)
            }
            if let previous = arguments.last, previous.value.touches(token) {
                throw .unexpectedToken(token.text, expected: "a space between arguments", at: token.range)
            }
            guard index + 1 < tokens.count, tokens[index + 1].kind == .equals else {
                arguments.append(ArgumentSyntax(key: nil, value: token))
                index += 1
                continue
            }
            let equals = tokens[index + 1]
            guard token.kind == .word else {
                throw .unexpectedToken(token.text, expected: "a key name before '='", at: token.range)
            }
            guard token.touches(equals) else {
                throw .spacedEquals(at: SourceRange(token.range.upperBound, equals.range.upperBound))
            }
            guard index + 2 < tokens.count, equals.touches(tokens[index + 2]), tokens[index + 2].kind != .equals else {
                throw .missingValue(key: token.text, at: SourceRange(token.range.lowerBound, equals.range.upperBound))
            }
            arguments.append(ArgumentSyntax(key: token, value: tokens[index + 2]))
            index += 3
        }
        return CommandSyntax(binding: binding, verb: verb, arguments: arguments)
    }

    private static func shift(_ range: SourceRange, _ offset: Int) -> SourceRange {
        SourceRange(range.lowerBound + offset, range.upperBound + offset)
    }
}
