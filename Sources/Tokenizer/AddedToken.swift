/// A token matched whole in the raw text before pre-tokenization, like `<|im_start|>` (HF `AddedToken`).
public struct AddedToken: Sendable, Equatable {
    /// Its id in the vocabulary.
    public var id: Int32
    /// The exact text it matches.
    public var content: String
    /// Match only when not inside a word.
    public var singleWord: Bool
    /// Swallow the whitespace on its left.
    public var lstrip: Bool
    /// Swallow the whitespace on its right.
    public var rstrip: Bool
    /// Match against the normalized text rather than the raw text.
    public var normalized: Bool
    /// A special token (control token): `decode(skipSpecialTokens: true)` drops it.
    public var special: Bool

    /// An added token; the defaults are those of a special token from a GGUF control entry.
    public init(
        id: Int32, content: String, singleWord: Bool = false, lstrip: Bool = false, rstrip: Bool = false,
        normalized: Bool = false, special: Bool = true
    ) {
        self.id = id
        self.content = content
        self.singleWord = singleWord
        self.lstrip = lstrip
        self.rstrip = rstrip
        self.normalized = normalized
        self.special = special
    }
}

/// Finds added tokens in text, leftmost-longest like HF's Aho-Corasick matcher.
struct AddedTokenMatcher {
    /// A piece of text: either plain text to pre-tokenize, or one added token.
    enum Segment {
        case text(Range<Int>)
        case token(Int32)
    }

    private let tokens: [AddedToken]
    private let patterns: [[UInt8]]
    /// Indices into `tokens` by first byte, longest pattern first.
    private let byFirstByte: [[Int]]

    var isEmpty: Bool { tokens.isEmpty }

    /// A matcher for `tokens`, whose contents are matched as `patterns` (their normalized forms, or raw).
    init(tokens: [AddedToken], patterns: [[UInt8]]) {
        var byFirstByte = [[Int]](repeating: [], count: 256)
        for (index, pattern) in patterns.enumerated() where !pattern.isEmpty {
            byFirstByte[Int(pattern[0])].append(index)
        }
        for byte in 0..<256 {
            // Longest first; among equal lengths the earlier token wins, as in the Aho-Corasick pattern order.
            byFirstByte[byte].sort { (patterns[$0].count, -$0) > (patterns[$1].count, -$1) }
        }
        self.tokens = tokens
        self.patterns = patterns
        self.byFirstByte = byFirstByte
    }

    /// Calls `body` with consecutive segments covering `text`, in order (empty text gives nothing).
    func split(_ text: UnsafeBufferPointer<UInt8>, _ body: (Segment) -> Void) {
        let count = text.count
        if tokens.isEmpty {
            if count > 0 { body(.text(0..<count)) }
            return
        }
        var segmentStart = 0  // HF `start_offset`
        var index = 0
        while index < count {
            guard let found = longestMatch(in: text, at: index) else {
                index += 1
                continue
            }
            let token = tokens[found]
            var start = index
            var stop = index + patterns[found].count
            index = stop  // the matcher resumes after the raw match, even when the token is discarded
            if token.singleWord {
                let startsClean = start == 0 || !AddedTokenMatcher.endsWithWordCharacter(text, before: start)
                let stopsClean = stop == count || !AddedTokenMatcher.startsWithWordCharacter(text, at: stop)
                if !startsClean || !stopsClean { continue }
            }
            if token.lstrip {
                start = max(AddedTokenMatcher.trailingWhitespaceStart(text, in: segmentStart..<start), segmentStart)
            }
            if token.rstrip {
                stop = AddedTokenMatcher.leadingWhitespaceEnd(text, from: stop)
            }
            if segmentStart < start { body(.text(segmentStart..<start)) }
            body(.token(token.id))
            segmentStart = stop
        }
        if segmentStart < count { body(.text(segmentStart..<count)) }
    }

    private func longestMatch(in text: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        let candidates = byFirstByte[Int(text[index])]
        if candidates.isEmpty { return nil }
        let remaining = text.count - index
        for candidate in candidates {
            let pattern = patterns[candidate]
            if pattern.count > remaining { continue }
            var matched = true
            for offset in 1..<max(pattern.count, 1) where text[index + offset] != pattern[offset] {
                matched = false
                break
            }
            if matched { return candidate }
        }
        return nil
    }

    private static func isWhitespace(_ value: UInt32) -> Bool {
        Unicode.Scalar(value)?.properties.isWhitespace ?? false
    }

    /// Start of the whitespace run that ends at `range.upperBound`, scanning only inside `range`.
    private static func trailingWhitespaceStart(_ text: UnsafeBufferPointer<UInt8>, in range: Range<Int>) -> Int {
        var index = range.lowerBound
        var runStart = range.lowerBound
        while index < range.upperBound {
            let (value, length) = decodeScalar(text, at: index)
            if !isWhitespace(value) { runStart = index + length }
            index += length
        }
        return runStart
    }

    private static func leadingWhitespaceEnd(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index < text.count {
            let (value, length) = decodeScalar(text, at: index)
            if !isWhitespace(value) { break }
            index += length
        }
        return index
    }

    private static func startsWithWordCharacter(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        CharClass.isWordCharacter(decodeScalar(text, at: index).value)
    }

    private static func endsWithWordCharacter(_ text: UnsafeBufferPointer<UInt8>, before end: Int) -> Bool {
        var start = end - 1
        while start > 0 && text[start] & 0xC0 == 0x80 { start -= 1 }
        return CharClass.isWordCharacter(decodeScalar(text, at: start).value)
    }
}
