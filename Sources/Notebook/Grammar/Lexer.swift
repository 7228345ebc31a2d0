/// Splits one logical command line into tokens; `#` at the start of a token begins a comment.
public struct Lexer {
    /// The tokens of a line, and whether it ended inside a quoted string.
    public struct Output: Equatable, Sendable {
        /// The tokens, in order.
        public var tokens: [Token]
        /// Where an unterminated quoted string began (its text runs to the end of the line), if any.
        public var unterminatedQuote: SourceRange?
        /// Where a `#` comment starts, if the line has one.
        public var commentStart: Int?
    }

    /// The characters of the line; offsets into it are the columns of `SourceRange`.
    public let characters: [Character]

    /// A lexer over `line`.
    public init(_ line: String) {
        characters = Array(line)
    }

    /// Tokenizes the line; throws on an unterminated quote or an unknown escape.
    public static func tokenize(_ line: String) throws(NotebookError) -> [Token] {
        let output = try Lexer(line).scan()
        if let quote = output.unterminatedQuote {
            throw .unterminatedQuote(at: quote)
        }
        return output.tokens
    }

    /// Scans the whole line. An unterminated quote is reported in the output (the completer needs
    /// the partial token), an invalid escape is thrown.
    public func scan() throws(NotebookError) -> Output {
        var tokens: [Token] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
            } else if character == "#" {
                return Output(tokens: tokens, unterminatedQuote: nil, commentStart: index)
            } else if character == "=" {
                tokens.append(Token(.equals, "=", SourceRange(index, index + 1)))
                index += 1
            } else if character == "\"" || character == "'" {
                let (token, closed) = try quoted(from: index)
                tokens.append(token)
                if !closed {
                    return Output(tokens: tokens, unterminatedQuote: token.range, commentStart: nil)
                }
                index = token.range.upperBound
            } else {
                let start = index
                while index < characters.count, !Lexer.endsWord(characters[index]) {
                    index += 1
                }
                tokens.append(Token(.word, String(characters[start..<index]), SourceRange(start, index)))
            }
        }
        return Output(tokens: tokens, unterminatedQuote: nil, commentStart: nil)
    }

    /// Characters that end a bare word. Quotes inside a word are ordinary characters (`it's`).
    static func endsWord(_ character: Character) -> Bool {
        character.isWhitespace || character == "="
    }

    /// Reads a quoted string starting at the quote `start`. Double quotes resolve `\" \\ \n \t \r \0 \u{…}`;
    /// single quotes resolve only `\'` and `\\`, every other character is literal.
    private func quoted(from start: Int) throws(NotebookError) -> (Token, closed: Bool) {
        let quote = characters[start]
        var text = ""
        var index = start + 1
        while index < characters.count {
            let character = characters[index]
            if character == quote {
                return (Token(.quoted, text, SourceRange(start, index + 1)), true)
            }
            if character == "\\", index + 1 < characters.count {
                let escaped = characters[index + 1]
                if quote == "'" {
                    if escaped == "'" || escaped == "\\" {
                        text.append(escaped)
                    } else {
                        text.append(character)
                        text.append(escaped)
                    }
                    index += 2
                    continue
                }
                switch escaped {
                case "\"", "\\", "'": text.append(escaped)
                case "n": text.append("\n")
                case "t": text.append("\t")
                case "r": text.append("\r")
                case "0": text.append("\0")
                case "u":
                    let (scalar, end) = try unicodeEscape(at: index)
                    text.unicodeScalars.append(scalar)
                    index = end
                    continue
                default:
                    throw .invalidEscape("\\\(escaped)", at: SourceRange(index, index + 2))
                }
                index += 2
                continue
            }
            text.append(character)
            index += 1
        }
        return (Token(.quoted, text, SourceRange(start, characters.count)), false)
    }

    /// Parses `\u{1F600}` starting at the backslash; returns the scalar and the offset after `}`.
    private func unicodeEscape(at backslash: Int) throws(NotebookError) -> (Unicode.Scalar, Int) {
        var index = backslash + 2
        guard index < characters.count, characters[index] == "{" else {
            throw .invalidEscape("\\u", at: SourceRange(backslash, min(backslash + 2, characters.count)))
        }
        index += 1
        var digits = ""
        while index < characters.count, characters[index] != "}", digits.count <= 8 {
            digits.append(characters[index])
            index += 1
        }
        let range = SourceRange(backslash, min(index + 1, characters.count))
        guard index < characters.count, characters[index] == "}",
            let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value)
        else {
            throw .invalidEscape(String(characters[range.lowerBound..<range.upperBound]), at: range)
        }
        return (scalar, index + 1)
    }
}
