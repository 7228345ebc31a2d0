import Foundation

/// Byte-level BPE tokenizer (GPT-2 family), built from GGUF metadata or an HF tokenizer.json.
///
/// The pipeline is the tokenizer.json one: added tokens are cut out of the raw text first
/// (leftmost-longest), the rest is normalized, pre-tokenized into words, each word's UTF-8 bytes are
/// merged by BPE rank (memoized per word), and BOS is prepended when `addBOS`.
public final class BPETokenizer: @unchecked Sendable {
    /// Number of ids (model vocabulary plus added tokens beyond it).
    public let vocabSize: Int
    /// The largest vocabulary (largest id + 1) accepted from a file: far beyond real models
    /// (Llama 3: 128,256), small enough that the per-id tables stay a few hundred MB at most.
    public static let maximumVocabularySize = 1 << 22
    /// Beginning-of-sequence id, if the tokenizer has one.
    public let bosID: Int32?
    /// End-of-sequence id, if the tokenizer has one.
    public let eosID: Int32?
    /// Whether `encode` prepends `bosID`.
    public let addBOS: Bool
    /// The unknown token's id (`tokenizer.ggml.unknown_token_id`, `unk_token`), if there is one.
    public let unknownID: Int32?
    /// Id the BPE model emits for a byte without a token (HF `model.unk_token`); nil drops such bytes.
    public let modelUnknownID: Int32?
    /// Whether consecutive bytes without a token give a single `modelUnknownID` (HF `fuse_unk`).
    public let fuseUnknown: Bool
    /// The normalizer stage.
    public let normalizer: TextNormalizer
    /// The pre-tokenizer stage.
    public let preTokenizer: PreTokenizer
    /// Tokens matched whole in the text before pre-tokenization, in id order.
    public let addedTokens: [AddedToken]
    /// The merge rules in rank order, as (left, right) byte-level strings.
    public let merges: [(String, String)]
    /// With HF `ignore_merges`, a word that is a vocabulary entry is emitted whole.
    public let ignoreMerges: Bool

    /// `tokens[id]`: the vocabulary string of each id (byte-level spelling; added tokens as written).
    let tokens: [String]
    /// Which ids belong to the BPE model's vocabulary (the others are added tokens beyond it).
    let inModelVocabulary: [Bool]
    let isSpecial: [Bool]
    /// Model vocabulary string → id.
    let tokenIndex: [String: Int32]
    let model: BPEModel
    let compiledPreTokenizer: CompiledPreTokenizer
    let rawMatcher: AddedTokenMatcher
    let normalizedMatcher: AddedTokenMatcher
    /// Decoded bytes of id `i` are `decodeBytes[decodeOffsets[i] ..< decodeOffsets[i + 1]]`.
    let decodeOffsets: [Int]
    let decodeBytes: [UInt8]

    private let cacheLock = NSLock()
    private let cache = WordCache()

    /// Builds the tokenizer from GGUF metadata (`tokenizer.ggml.*`), the way transformers and llama.cpp do.
    ///
    /// - `tokens`, `merges` ("left right"), `tokenTypes` (1 normal, 3 control, 4 user-defined, …) as stored;
    ///   control tokens become special added tokens and user-defined ones plain added tokens.
    /// - `preTokenizer` is `tokenizer.ggml.pre` (e.g. "smollm": Digits then the GPT-2 regex).
    /// - Like transformers' conversion, the BPE model gets no unknown token: a byte without a token (SmolLM2
    ///   lacks 0x04, 0x06, 0x13, 0x14, 0x16, 0x1D among others) is dropped, not mapped to `unknownID`.
    public convenience init(
        tokens: [String], merges: [String], tokenTypes: [Int]?, preTokenizer: String, bosID: Int?, eosID: Int?,
        addBOS: Bool, unknownID: Int?
    ) throws {
        let source = "GGUF tokenizer"
        guard tokens.count <= BPETokenizer.maximumVocabularySize else {
            throw TokenizerError.badTokenID(
                source: source, field: "tokenizer.ggml.tokens count", id: tokens.count,
                vocabSize: BPETokenizer.maximumVocabularySize)
        }
        let alphabet = Set(ByteLevelAlphabet.scalars)
        // Entries written outside the byte alphabet are respelled from their UTF-8 bytes (as transformers does).
        var vocabulary = [(token: String, id: Int32)]()
        vocabulary.reserveCapacity(tokens.count)
        for (index, token) in tokens.enumerated() {
            let inAlphabet = token.unicodeScalars.allSatisfy { alphabet.contains($0) }
            vocabulary.append((inAlphabet ? token : ByteLevelAlphabet.encode(token.utf8), Int32(index)))
        }
        let spelled = Set(vocabulary.map(\.token))
        var added = [AddedToken]()
        if let tokenTypes {
            guard tokenTypes.count == tokens.count else {
                throw TokenizerError.badField(
                    source: source, field: "tokenizer.ggml.token_type", expected: "an array of \(tokens.count) types")
            }
            for (index, type) in tokenTypes.enumerated() {
                let token = tokens[index]
                if type == 3 && token.unicodeScalars.allSatisfy({ alphabet.contains($0) }) && !token.isEmpty {
                    added.append(AddedToken(id: Int32(index), content: token, special: true))
                } else if type == 4 && spelled.contains(token) && !token.isEmpty {
                    added.append(AddedToken(id: Int32(index), content: token, special: false))
                }
            }
        }
        var pairs = [(String, String)]()
        pairs.reserveCapacity(merges.count)
        for (index, merge) in merges.enumerated() {
            let parts = merge.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw TokenizerError.badMerge(
                    source: source, index: index, merge: merge, reason: "expected two tokens separated by one space")
            }
            pairs.append((String(parts[0]), String(parts[1])))
        }
        func checked(_ id: Int?, _ field: String) throws -> Int32? {
            guard let id else { return nil }
            guard id >= 0 && id < tokens.count else {
                throw TokenizerError.badTokenID(source: source, field: field, id: id, vocabSize: tokens.count)
            }
            return Int32(id)
        }
        try self.init(
            vocabulary: vocabulary, merges: pairs, addedTokens: added, normalizer: .none,
            preTokenizer: try PreTokenizer.fromGGUF(name: preTokenizer),
            bosID: try checked(bosID, "tokenizer.ggml.bos_token_id"),
            eosID: try checked(eosID, "tokenizer.ggml.eos_token_id"), addBOS: addBOS,
            unknownID: try checked(unknownID, "tokenizer.ggml.unknown_token_id"), modelUnknownID: nil,
            fuseUnknown: false, ignoreMerges: false, source: source)
    }

    /// Builds the tokenizer from its parts (the fields of a tokenizer.json).
    public init(
        vocabulary: [(token: String, id: Int32)], merges: [(String, String)], addedTokens: [AddedToken],
        normalizer: TextNormalizer, preTokenizer: PreTokenizer, bosID: Int32?, eosID: Int32?, addBOS: Bool,
        unknownID: Int32?, modelUnknownID: Int32?, fuseUnknown: Bool, ignoreMerges: Bool, source: String
    ) throws {
        var size = 0
        for entry in vocabulary { size = max(size, Int(entry.id) + 1) }
        for token in addedTokens { size = max(size, Int(token.id) + 1) }
        if vocabulary.contains(where: { $0.id < 0 }) || addedTokens.contains(where: { $0.id < 0 }) {
            throw TokenizerError.badField(source: source, field: "vocab", expected: "non-negative ids")
        }
        guard size <= BPETokenizer.maximumVocabularySize else {
            throw TokenizerError.badTokenID(
                source: source, field: "largest id", id: size - 1, vocabSize: BPETokenizer.maximumVocabularySize)
        }
        var tokens = [String](repeating: "", count: size)
        var inModelVocabulary = [Bool](repeating: false, count: size)
        var index = [String: Int32](minimumCapacity: vocabulary.count)
        for entry in vocabulary {
            tokens[Int(entry.id)] = entry.token
            inModelVocabulary[Int(entry.id)] = true
            index[entry.token] = entry.id  // a duplicate spelling keeps the last id, like a Python dict
        }
        var isSpecial = [Bool](repeating: false, count: size)
        for token in addedTokens {
            tokens[Int(token.id)] = token.content
            isSpecial[Int(token.id)] = token.special
        }
        for (field, id) in [("bos", bosID), ("eos", eosID), ("unk", unknownID), ("model.unk_token", modelUnknownID)] {
            if let id, id < 0 || Int(id) >= size {
                throw TokenizerError.badTokenID(source: source, field: field, id: Int(id), vocabSize: size)
            }
        }

        var byteTokens = [Int32](repeating: -1, count: 256)
        for byte in 0..<256 {
            byteTokens[byte] = index[String(Character(ByteLevelAlphabet.scalars[byte]))] ?? -1
        }
        let table = MergeTable(capacity: merges.count)
        for (rank, merge) in merges.enumerated() {
            guard let left = index[merge.0], let right = index[merge.1] else {
                throw TokenizerError.badMerge(
                    source: source, index: rank, merge: "\(merge.0) \(merge.1)",
                    reason: "a side is not in the vocabulary")
            }
            guard let merged = index[merge.0 + merge.1] else {
                throw TokenizerError.badMerge(
                    source: source, index: rank, merge: "\(merge.0) \(merge.1)",
                    reason: "the merged token '\(merge.0 + merge.1)' is not in the vocabulary")
            }
            table.insert(left: left, right: right, rank: Int32(rank), merged: merged)
        }

        var offsets = [Int](repeating: 0, count: size + 1)
        var bytes = [UInt8]()
        for id in 0..<size {
            // Like the ByteLevel decoder: map every character back to its byte, or keep the UTF-8 as is.
            bytes.append(contentsOf: ByteLevelAlphabet.decode(tokens[id]) ?? Array(tokens[id].utf8))
            offsets[id + 1] = bytes.count
        }

        var wholeWords: [[UInt8]: Int32]? = nil
        if ignoreMerges {
            var words = [[UInt8]: Int32]()
            for entry in vocabulary {
                let id = Int(entry.id)
                words[Array(bytes[offsets[id]..<offsets[id + 1]])] = entry.id
            }
            wholeWords = words
        }

        let raw = addedTokens.filter { !$0.normalized }
        let normalized = addedTokens.filter { $0.normalized }
        self.vocabSize = size
        self.bosID = bosID
        self.eosID = eosID
        self.addBOS = addBOS
        self.unknownID = unknownID
        self.modelUnknownID = modelUnknownID
        self.fuseUnknown = fuseUnknown
        self.normalizer = normalizer
        self.preTokenizer = preTokenizer
        self.addedTokens = addedTokens.sorted { $0.id < $1.id }
        self.merges = merges
        self.ignoreMerges = ignoreMerges
        self.tokens = tokens
        self.inModelVocabulary = inModelVocabulary
        self.isSpecial = isSpecial
        self.tokenIndex = index
        self.model = BPEModel(
            byteTokens: byteTokens, merges: table, unknownID: modelUnknownID, fuseUnknown: fuseUnknown,
            wholeWords: wholeWords)
        self.compiledPreTokenizer = try CompiledPreTokenizer(preTokenizer, origin: source)
        self.rawMatcher = AddedTokenMatcher(tokens: raw, patterns: raw.map { Array($0.content.utf8) })
        self.normalizedMatcher = AddedTokenMatcher(
            tokens: normalized, patterns: normalized.map { Array(normalizer.apply($0.content).utf8) })
        self.decodeOffsets = offsets
        self.decodeBytes = bytes
    }

    // MARK: - Encoding

    /// Token ids of `text` (with BOS first when `addBOS`); added tokens in the text are always recognised.
    public func encode(_ text: String) -> [Int32] {
        var output = [Int32]()
        output.reserveCapacity(text.utf8.count / 3 + 2)
        if addBOS, let bosID { output.append(bosID) }
        var text = text
        text.withUTF8 { encodeBytes($0, into: &output) }
        return output
    }

    /// Appends the ids of valid UTF-8 `bytes` (no BOS) to `output`.
    func encodeBytes(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout [Int32]) {
        rawMatcher.split(bytes) { segment in
            switch segment {
            case .token(let id):
                output.append(id)
            case .text(let range):
                let piece = UnsafeBufferPointer(rebasing: bytes[range])
                if normalizer == .none {
                    encodeNormalized(piece, into: &output)
                } else {
                    normalizer.apply(piece).withUnsafeBufferPointer { encodeNormalized($0, into: &output) }
                }
            }
        }
    }

    private func encodeNormalized(_ text: UnsafeBufferPointer<UInt8>, into output: inout [Int32]) {
        normalizedMatcher.split(text) { segment in
            switch segment {
            case .token(let id):
                output.append(id)
            case .text(let range):
                compiledPreTokenizer.run(UnsafeBufferPointer(rebasing: text[range])) { word in
                    encodeWord(word, into: &output)
                }
            }
        }
    }

    private func encodeWord(_ word: UnsafeBufferPointer<UInt8>, into output: inout [Int32]) {
        let hash = WordCache.hash(word)
        cacheLock.lock()
        let hit = cache.lookup(word, hash: hash, into: &output)
        cacheLock.unlock()
        if hit { return }
        let start = output.count
        model.tokenize(word, into: &output)
        output.withUnsafeBufferPointer { ids in
            cacheLock.lock()
            cache.insert(word, hash: hash, ids: UnsafeBufferPointer(rebasing: ids[start...]))
            cacheLock.unlock()
        }
    }

    // MARK: - Decoding and lookup

    /// The text of `ids`: token bytes concatenated, invalid UTF-8 replaced by U+FFFD (as HF's ByteLevel decoder).
    public func decode(_ ids: [Int32]) -> String {
        decode(ids, skipSpecialTokens: false)
    }

    /// The text of `ids`, optionally leaving out special tokens; ids outside the vocabulary are skipped.
    public func decode(_ ids: [Int32], skipSpecialTokens: Bool) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(ids.count * 4)
        for id in ids {
            let index = Int(id)
            guard index >= 0 && index < vocabSize else { continue }
            if skipSpecialTokens && isSpecial[index] { continue }
            bytes.append(contentsOf: decodeBytes[decodeOffsets[index]..<decodeOffsets[index + 1]])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The raw bytes token `id` stands for (empty for an id outside the vocabulary).
    public func tokenBytes(_ id: Int32) -> [UInt8] {
        let index = Int(id)
        guard index >= 0 && index < vocabSize else { return [] }
        return Array(decodeBytes[decodeOffsets[index]..<decodeOffsets[index + 1]])
    }

    /// The vocabulary string of `id` in its byte-level spelling (e.g. "Ġworld"); empty outside the vocabulary.
    public func tokenString(_ id: Int32) -> String {
        let index = Int(id)
        guard index >= 0 && index < vocabSize else { return "" }
        return tokens[index]
    }

    /// The id of a vocabulary string (byte-level spelling) or added token, if there is one.
    public func tokenID(_ token: String) -> Int32? {
        if let added = addedTokens.first(where: { $0.content == token }) { return added.id }
        return tokenIndex[token]
    }

    /// Whether `id` is a special (control) token such as `<|im_end|>`.
    public func isSpecialToken(_ id: Int32) -> Bool {
        let index = Int(id)
        return index >= 0 && index < vocabSize && isSpecial[index]
    }

    /// The pre-token words of `text` as the BPE model sees them (added tokens removed), for inspection.
    public func preTokenize(_ text: String) -> [String] {
        var words = [String]()
        var text = text
        text.withUTF8 { bytes in
            rawMatcher.split(bytes) { segment in
                guard case .text(let range) = segment else { return }
                let normalized = normalizer.apply(UnsafeBufferPointer(rebasing: bytes[range]))
                normalized.withUnsafeBufferPointer { piece in
                    normalizedMatcher.split(piece) { inner in
                        guard case .text(let innerRange) = inner else { return }
                        compiledPreTokenizer.run(UnsafeBufferPointer(rebasing: piece[innerRange])) {
                            words.append(String(decoding: $0, as: UTF8.self))
                        }
                    }
                }
            }
        }
        return words
    }
}
