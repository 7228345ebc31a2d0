/// Why a tokenizer could not be built, loaded or exported; each case names the input at fault.
public enum TokenizerError: Error, CustomStringConvertible, Equatable {
    /// A file could not be read (`path`, underlying reason).
    case unreadable(path: String, reason: String)
    /// A tokenizer.json (or metadata) field is missing or has the wrong type.
    case badField(source: String, field: String, expected: String)
    /// A feature of the input that this byte-level BPE implementation does not support.
    case unsupported(source: String, what: String, hint: String)
    /// A merge rule is malformed or refers to tokens missing from the vocabulary.
    case badMerge(source: String, index: Int, merge: String, reason: String)
    /// A token id (BOS, EOS, unknown, added token) lies outside the vocabulary.
    case badTokenID(source: String, field: String, id: Int, vocabSize: Int)
    /// The vocabulary lacks the token for a single byte, which byte-level BPE needs.
    case missingByteToken(source: String, byte: UInt8, token: String)

    /// A one-line message naming the input at fault, with a hint where one helps.
    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "tokenizer: cannot read \(path): \(reason)"
        case .badField(let source, let field, let expected):
            return "tokenizer: \(source): field '\(field)' is missing or is not \(expected)"
        case .unsupported(let source, let what, let hint):
            return "tokenizer: \(source): unsupported \(what) (\(hint))"
        case .badMerge(let source, let index, let merge, let reason):
            return "tokenizer: \(source): merge #\(index) '\(merge)': \(reason)"
        case .badTokenID(let source, let field, let id, let vocabSize):
            return "tokenizer: \(source): \(field) = \(id) is outside the vocabulary (size \(vocabSize))"
        case .missingByteToken(let source, let byte, let token):
            return "tokenizer: \(source): no vocabulary entry '\(token)' for byte \(byte); "
                + "byte-level BPE needs all 256 byte tokens"
        }
    }
}
