import Foundation

/// What a Split step searches for, compiled for speed.
///
/// The regexes that byte-level BPE models actually use (GPT-2's, Llama-3's, Qwen2's) are matched
/// by hand-written scanners over UTF-8 with Oniguruma's class semantics; any other regex falls back
/// to `NSRegularExpression` (ICU), which agrees on ordinary text but is slower.
enum SplitPattern {
    /// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+` (GPT-2, ByteLevel).
    case gpt2
    /// Llama-3's pattern; `maxDigits` is 3 for `\p{N}{1,3}` (Llama-3) and 1 for `\p{N}` (Qwen2).
    case llama3(maxDigits: Int)
    /// Every single `\p{N}` character (the Digits pre-tokenizer).
    case numericCharacter
    /// A literal string (Split with `{"String": ...}`).
    case literal(Literal)
    /// Any other regex.
    case regex(Expression)

    /// A literal's bytes; a class so that copying the pattern costs no array retain on the hot path.
    final class Literal: @unchecked Sendable {
        let bytes: [UInt8]
        init(_ bytes: [UInt8]) { self.bytes = bytes }
    }

    /// A compiled fallback regex.
    final class Expression: @unchecked Sendable {
        let regex: NSRegularExpression
        init(_ regex: NSRegularExpression) { self.regex = regex }
    }

    /// The GPT-2 pattern as written in tokenizer.json and llama.cpp.
    static let gpt2Source = #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#
    /// Llama-3's pattern as written in its tokenizer.json.
    static let llama3Source =
        #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
    /// Qwen2's pattern (Llama-3's with single digits) as written in its tokenizer.json.
    static let qwen2Source =
        #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#

    /// Compiles a regex source, recognising the patterns that have hand-written scanners.
    static func compile(regex source: String, origin: String) throws -> SplitPattern {
        switch source {
        case gpt2Source: return .gpt2
        case llama3Source: return .llama3(maxDigits: 3)
        case qwen2Source: return .llama3(maxDigits: 1)
        default:
            do {
                return .regex(Expression(try NSRegularExpression(pattern: source)))
            } catch {
                throw TokenizerError.unsupported(
                    source: origin, what: "Split regex \(source)",
                    hint: "it does not compile as an ICU regular expression: \(error)")
            }
        }
    }

    /// Calls `body` for consecutive ranges covering `piece`, each flagged as a match or a gap.
    func forEachSegment(in piece: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>, Bool) -> Void) {
        let count = piece.count
        switch self {
        case .gpt2:
            var index = 0
            while index < count {
                let end = SplitPattern.gpt2Match(piece, at: index)
                body(index..<end, true)
                index = end
            }
        case .llama3(let maxDigits):
            var index = 0
            while index < count {
                let end = SplitPattern.llama3Match(piece, at: index, maxDigits: maxDigits)
                body(index..<end, true)
                index = end
            }
        case .numericCharacter:
            var index = 0
            var gapStart = 0
            while index < count {
                let (charClass, length) = classify(piece, at: index)
                if charClass == .number {
                    if gapStart < index { body(gapStart..<index, false) }
                    body(index..<(index + length), true)
                    gapStart = index + length
                }
                index += length
            }
            if gapStart < count { body(gapStart..<count, false) }
        case .literal(let literal):
            let needle = literal.bytes
            var gapStart = 0
            var index = 0
            if !needle.isEmpty {
                while index + needle.count <= count {
                    if piece[index] == needle[0] && (1..<needle.count).allSatisfy({ piece[index + $0] == needle[$0] }) {
                        if gapStart < index { body(gapStart..<index, false) }
                        body(index..<(index + needle.count), true)
                        index += needle.count
                        gapStart = index
                    } else {
                        index += 1
                    }
                }
            }
            if gapStart < count { body(gapStart..<count, false) }
        case .regex(let expression):
            SplitPattern.forEachRegexSegment(expression.regex, in: piece, body)
        }
    }

    /// End of the GPT-2 pattern's match starting at `start` (the pattern matches at every position).
    static func gpt2Match(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Int {
        let count = bytes.count
        let first = bytes[start]
        if first == 0x27, start + 1 < count {  // 's 't 'm 'd 're 've 'll, case-sensitive
            let second = bytes[start + 1]
            if second == 0x73 || second == 0x74 || second == 0x6D || second == 0x64 { return start + 2 }
            if start + 2 < count {
                let third = bytes[start + 2]
                if (second == 0x72 || second == 0x76) && third == 0x65 { return start + 3 }
                if second == 0x6C && third == 0x6C { return start + 3 }
            }
        }
        var (charClass, length) = classify(bytes, at: start)
        var runStart = start
        if first == 0x20, start + 1 < count {  // ` ?X+`: a space may lead a run of letters, numbers or others
            let (nextClass, nextLength) = classify(bytes, at: start + 1)
            if nextClass != .whitespace {
                runStart = start + 1
                charClass = nextClass
                length = nextLength
            }
        }
        if charClass != .whitespace {
            return runEnd(bytes, from: runStart + length, of: charClass)
        }
        return whitespaceMatch(bytes, at: start)
    }

    /// End of Llama-3's pattern's match starting at `start` (it also matches at every position).
    static func llama3Match(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, maxDigits: Int) -> Int {
        let count = bytes.count
        let first = bytes[start]
        if first == 0x27, start + 1 < count {  // (?i:'s|'t|'re|'ve|'m|'ll|'d)
            let (second, secondLength) = decodeScalar(bytes, at: start + 1)
            switch second {
            case 0x73, 0x53, 0x74, 0x54, 0x6D, 0x4D, 0x64, 0x44, 0x17F:  // s S t T m M d D ſ
                return start + 1 + secondLength
            default:
                break
            }
            if start + 2 < count {
                let lower = bytes[start + 1] | 0x20
                let third = bytes[start + 2] | 0x20
                if (lower == 0x72 || lower == 0x76) && third == 0x65 { return start + 3 }
                if lower == 0x6C && third == 0x6C { return start + 3 }
            }
        }
        let (charClass, length) = classify(bytes, at: start)
        // [^\r\n\p{L}\p{N}]?\p{L}+
        if charClass == .letter { return runEnd(bytes, from: start + length, of: .letter) }
        if charClass != .number && first != 0x0D && first != 0x0A && start + length < count {
            let (nextClass, nextLength) = classify(bytes, at: start + length)
            if nextClass == .letter { return runEnd(bytes, from: start + length + nextLength, of: .letter) }
        }
        // \p{N}{1,maxDigits}
        if charClass == .number {
            var end = start + length
            var digits = 1
            while digits < maxDigits && end < count {
                let (nextClass, nextLength) = classify(bytes, at: end)
                if nextClass != .number { break }
                end += nextLength
                digits += 1
            }
            return end
        }
        // ` ?[^\s\p{L}\p{N}]+[\r\n]*`
        var otherStart: Int? = charClass == .other ? start : nil
        if first == 0x20, start + 1 < count, classify(bytes, at: start + 1).charClass == .other {
            otherStart = start + 1
        }
        if let otherStart {
            var end = runEnd(bytes, from: otherStart, of: .other)
            while end < count && (bytes[end] == 0x0D || bytes[end] == 0x0A) { end += 1 }
            return end
        }
        // \s*[\r\n]+ : the whitespace run up to its last line break, if it has one
        var end = start
        var afterLastBreak: Int?
        while end < count {
            let (nextClass, nextLength) = classify(bytes, at: end)
            if nextClass != .whitespace { break }
            if bytes[end] == 0x0D || bytes[end] == 0x0A { afterLastBreak = end + 1 }
            end += nextLength
        }
        if let afterLastBreak { return afterLastBreak }
        return whitespaceMatch(bytes, at: start)
    }

    /// `\s+(?!\S)|\s+` at a whitespace character: the run, less its last character when a
    /// non-space follows and the run is longer than one character.
    private static func whitespaceMatch(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Int {
        let count = bytes.count
        var end = start
        var lastStart = start
        while end < count {
            let (charClass, length) = classify(bytes, at: end)
            if charClass != .whitespace { break }
            lastStart = end
            end += length
        }
        if end == count || lastStart == start { return end }
        return lastStart
    }

    /// The end of the run of `charClass` characters starting at `index`.
    @inline(__always)
    private static func runEnd(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int, of charClass: CharClass) -> Int {
        var end = index
        let count = bytes.count
        while end < count {
            let (nextClass, length) = classify(bytes, at: end)
            if nextClass != charClass { break }
            end += length
        }
        return end
    }

    /// Segments from an ICU regex, converting its UTF-16 offsets back to UTF-8 byte offsets.
    private static func forEachRegexSegment(
        _ expression: NSRegularExpression, in piece: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>, Bool) -> Void
    ) {
        let text = String(decoding: piece, as: UTF8.self)
        let utf16 = text.utf16
        // utf16 offset → utf8 offset, for every scalar boundary
        var byteOffset = [Int](repeating: 0, count: utf16.count + 1)
        var units = 0
        var bytes = 0
        for scalar in text.unicodeScalars {
            byteOffset[units] = bytes
            units += scalar.utf16.count
            bytes += scalar.utf8.count
        }
        byteOffset[units] = bytes
        var gapStart = 0
        let whole = NSRange(location: 0, length: utf16.count)
        for match in expression.matches(in: text, range: whole) where match.range.length > 0 {
            let lower = byteOffset[match.range.location]
            let upper = byteOffset[match.range.location + match.range.length]
            if gapStart < lower { body(gapStart..<lower, false) }
            body(lower..<upper, true)
            gapStart = upper
        }
        if gapStart < piece.count { body(gapStart..<piece.count, false) }
    }
}
