import Foundation

/// How a Split step treats the pattern's matches (HF `SplitDelimiterBehavior`).
public enum SplitBehavior: String, Sendable {
    /// Matches are dropped.
    case removed = "Removed"
    /// Matches become pieces of their own.
    case isolated = "Isolated"
    /// A match is glued to the piece before it.
    case mergedWithPrevious = "MergedWithPrevious"
    /// A match is glued to the piece after it.
    case mergedWithNext = "MergedWithNext"
    /// Consecutive matches (and consecutive gaps) are glued together.
    case contiguous = "Contiguous"
}

/// The pre-tokenizer stage of a tokenizer.json pipeline: how text is cut into words before BPE.
public indirect enum PreTokenizer: Sendable {
    /// Byte-level: with `useRegex`, split with the GPT-2 pattern; with `addPrefixSpace`, prepend a space.
    case byteLevel(addPrefixSpace: Bool, trimOffsets: Bool, useRegex: Bool)
    /// Isolate digits: each one (`individual`) or each run of them.
    case digits(individual: Bool)
    /// Split on a regex (`isRegex`) or a literal string.
    case split(pattern: String, isRegex: Bool, behavior: SplitBehavior, invert: Bool)
    /// Apply each in turn to every piece the previous one produced.
    case sequence([PreTokenizer])

    /// The pre-tokenizer a GGUF `tokenizer.ggml.pre` name stands for, as llama.cpp implements it.
    public static func fromGGUF(name: String) throws -> PreTokenizer {
        let byteLevelOnly = PreTokenizer.byteLevel(addPrefixSpace: false, trimOffsets: true, useRegex: true)
        switch name {
        case "default", "gpt2", "gpt-2", "mpt", "olmo", "jais", "trillion":
            return byteLevelOnly
        case "smollm", "starcoder", "refact", "command-r", "codeshell", "exaone", "minerva":
            // llama.cpp: regex_exprs = { "\p{N}", <GPT-2 pattern> }; HF: Sequence[Digits, ByteLevel].
            return .sequence([.digits(individual: true), byteLevelOnly])
        case "llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2", "dbrx",
            "smaug-bpe":
            return .sequence([
                .split(pattern: SplitPattern.llama3Source, isRegex: true, behavior: .isolated, invert: false),
                .byteLevel(addPrefixSpace: false, trimOffsets: false, useRegex: false),
            ])
        case "qwen2", "deepseek-r1-qwen", "stablelm2", "megrez", "kormo":
            return .sequence([
                .split(pattern: SplitPattern.qwen2Source, isRegex: true, behavior: .isolated, invert: false),
                .byteLevel(addPrefixSpace: false, trimOffsets: false, useRegex: false),
            ])
        default:
            throw TokenizerError.unsupported(
                source: "tokenizer.ggml.pre", what: "pre-tokenizer '\(name)'",
                hint: "known: default, gpt2, smollm, starcoder, llama3/llama-bpe, qwen2 and their aliases")
        }
    }

    /// Cuts `text` into the words BPE will see (no added-token handling), as Swift strings.
    public func split(_ text: String) throws -> [String] {
        let compiled = try CompiledPreTokenizer(self, origin: "pre_tokenizer")
        var words = [String]()
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            compiled.run(UnsafeBufferPointer(buffer)) { words.append(String(decoding: $0, as: UTF8.self)) }
        }
        return words
    }
}

/// A pre-tokenizer flattened into executable steps.
struct CompiledPreTokenizer {
    /// One step of the flattened pipeline.
    enum Step {
        case split(SplitPattern, SplitBehavior, invert: Bool)
        case prefixSpace
    }

    let steps: [Step]

    init(_ preTokenizer: PreTokenizer, origin: String) throws {
        var steps = [Step]()
        try CompiledPreTokenizer.flatten(preTokenizer, into: &steps, origin: origin)
        self.steps = steps
    }

    private static func flatten(_ node: PreTokenizer, into steps: inout [Step], origin: String) throws {
        switch node {
        case .byteLevel(let addPrefixSpace, _, let useRegex):
            if addPrefixSpace { steps.append(.prefixSpace) }
            if useRegex { steps.append(.split(.gpt2, .isolated, invert: false)) }
        case .digits(let individual):
            steps.append(.split(.numericCharacter, individual ? .isolated : .contiguous, invert: false))
        case .split(let pattern, let isRegex, let behavior, let invert):
            let compiled: SplitPattern =
                isRegex
                ? try SplitPattern.compile(regex: pattern, origin: origin)
                : .literal(SplitPattern.Literal(Array(pattern.utf8)))
            steps.append(.split(compiled, behavior, invert: invert))
        case .sequence(let nodes):
            for child in nodes { try flatten(child, into: &steps, origin: origin) }
        }
    }

    /// Runs the steps on `piece`, calling `emit` with every non-empty word in order.
    func run(_ piece: UnsafeBufferPointer<UInt8>, _ emit: (UnsafeBufferPointer<UInt8>) -> Void) {
        run(piece, step: 0, emit)
    }

    private func run(_ piece: UnsafeBufferPointer<UInt8>, step: Int, _ emit: (UnsafeBufferPointer<UInt8>) -> Void) {
        if piece.isEmpty { return }
        if step == steps.count {
            emit(piece)
            return
        }
        switch steps[step] {
        case .prefixSpace:
            if piece[0] == 0x20 {
                run(piece, step: step + 1, emit)
            } else {
                let prefixed = [0x20] + Array(piece)
                prefixed.withUnsafeBufferPointer { run($0, step: step + 1, emit) }
            }
        case .split(let pattern, let behavior, let invert):
            func next(_ range: Range<Int>) {
                if !range.isEmpty { run(UnsafeBufferPointer(rebasing: piece[range]), step: step + 1, emit) }
            }
            var pending: Range<Int>? = nil
            var pendingIsMatch = false
            pattern.forEachSegment(in: piece) { range, found in
                let isMatch = found != invert
                switch behavior {
                case .isolated:
                    next(range)
                case .removed:
                    if !isMatch { next(range) }
                case .mergedWithPrevious:
                    if isMatch && !pendingIsMatch, let open = pending {
                        pending = open.lowerBound..<range.upperBound
                    } else {
                        if let open = pending { next(open) }
                        pending = range
                    }
                    pendingIsMatch = isMatch
                case .mergedWithNext:
                    if let open = pending, pendingIsMatch {
                        if isMatch {
                            next(open)
                            pending = range
                        } else {
                            next(open.lowerBound..<range.upperBound)
                            pending = nil
                        }
                    } else if isMatch {
                        pending = range
                    } else {
                        next(range)
                    }
                    pendingIsMatch = isMatch
                case .contiguous:
                    if let open = pending, isMatch == pendingIsMatch {
                        pending = open.lowerBound..<range.upperBound
                    } else {
                        if let open = pending { next(open) }
                        pending = range
                    }
                    pendingIsMatch = isMatch
                }
            }
            if let open = pending { next(open) }
        }
    }
}
