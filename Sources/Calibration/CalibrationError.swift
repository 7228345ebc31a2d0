/// Why a calibration operation cannot run, naming the argument, file or line at fault and what to do.
public enum CalibrationError: Error, CustomStringConvertible, Equatable {
    /// An option is out of its valid range (`name` is the REPL key, e.g. `top_p`).
    case invalidOption(name: String, value: String, expected: String)
    /// More sequences were asked for than the source can give.
    case notEnoughDocuments(source: String, requested: Int, available: Int, what: String)
    /// The window or generation length exceeds what the model can attend to.
    case lengthBeyondContext(argument: String, length: Int, context: Int)
    /// No document of the source tokenizes to more than `length` tokens (Wanda/SparseGPT protocol).
    case noDocumentLongEnough(source: String, length: Int, longest: Int)
    /// The joined corpus is too short for one window (seed-paper protocol).
    case corpusTooShort(source: String, tokens: Int, length: Int)
    /// The model's tokenizer has no start token, so generation from an empty prefix cannot begin.
    case noStartToken(model: String)
    /// A serialized calibration set is damaged or of an unknown version.
    case corruptPayload(reason: String)
    /// A calibration set has no sequences, or none long enough for the operation.
    case emptySet(operation: String, hint: String)
    /// A token id lies outside the model's vocabulary.
    case tokenOutOfVocabulary(sequence: Int, token: Int32, vocabulary: Int)

    /// What is wrong, where, and what to do.
    public var description: String {
        switch self {
        case .invalidOption(let name, let value, let expected):
            return "\(name)=\(value) is invalid: expected \(expected)"
        case .notEnoughDocuments(let source, let requested, let available, let what):
            return "n=\(requested) but \(source) has only \(available) \(what); lower n or use a larger source"
        case .lengthBeyondContext(let argument, let length, let context):
            return
                "\(argument)=\(length) is longer than the model's context of \(context) tokens; use \(argument)≤\(context)"
        case .noDocumentLongEnough(let source, let length, let longest):
            return "no document of \(source) has more than \(length) tokens (the longest has \(longest)); "
                + "lower len or use protocol=joined, which joins documents before cutting windows"
        case .corpusTooShort(let source, let tokens, let length):
            return "\(source) joined is \(tokens) tokens, too short for a window of \(length)+1; lower len"
        case .noStartToken(let model):
            return "\(model) has no BOS token id, so prefix=0 has nothing to start from; use prefix≥1"
        case .corruptPayload(let reason):
            return "calibration set payload is unreadable: \(reason); recompute the set"
        case .emptySet(let operation, let hint):
            return "\(operation): the calibration set has no usable sequence; \(hint)"
        case .tokenOutOfVocabulary(let sequence, let token, let vocabulary):
            return "sequence \(sequence) holds token \(token), outside the model's vocabulary of \(vocabulary); "
                + "was the set made with another tokenizer?"
        }
    }
}
