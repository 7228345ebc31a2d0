import Foundation

extension BPETokenizer {
    /// Loads an HF `tokenizer.json` (byte-level BPE), reading BOS/EOS from a `tokenizer_config.json` beside it.
    public static func load(tokenizerJSON url: URL) throws -> BPETokenizer {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw TokenizerError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        let configURL = url.deletingLastPathComponent().appendingPathComponent("tokenizer_config.json")
        var config: Data? = nil
        if FileManager.default.fileExists(atPath: configURL.path) {
            do {
                config = try Data(contentsOf: configURL)
            } catch {
                throw TokenizerError.unreadable(path: configURL.path, reason: error.localizedDescription)
            }
        }
        return try BPETokenizer(tokenizerJSON: data, tokenizerConfig: config, source: url.path)
    }

    /// Builds the tokenizer from the bytes of a tokenizer.json and, optionally, of its tokenizer_config.json.
    public convenience init(tokenizerJSON data: Data, tokenizerConfig: Data? = nil, source: String) throws {
        let root = try JSONFields(parsing: data, source: source)
        let model = try root.object("model")
        if let type = try model.optionalString("type"), type != "BPE" {
            throw TokenizerError.unsupported(
                source: source, what: "model type '\(type)'", hint: "only byte-level BPE models are supported")
        }
        if try model.optionalBool("byte_fallback") == true {
            throw TokenizerError.unsupported(
                source: source, what: "model.byte_fallback",
                hint: "a byte-fallback (sentencepiece-style) BPE is not byte-level")
        }
        for field in ["continuing_subword_prefix", "end_of_word_suffix"] {
            if let affix = try model.optionalString(field), !affix.isEmpty {
                throw TokenizerError.unsupported(
                    source: source, what: "model.\(field) '\(affix)'", hint: "byte-level BPE uses none")
            }
        }
        if let dropout = try model.optionalDouble("dropout"), dropout > 0 {
            throw TokenizerError.unsupported(
                source: source, what: "model.dropout \(dropout)", hint: "encoding must be deterministic")
        }

        let vocabObject = try model.object("vocab")
        var vocabulary = [(token: String, id: Int32)]()
        vocabulary.reserveCapacity(vocabObject.count)
        for key in vocabObject.keys {
            vocabulary.append((key, try vocabObject.tokenID(key)))
        }
        vocabulary.sort { $0.id < $1.id }

        var merges = [(String, String)]()
        let rawMerges = try model.array("merges")
        merges.reserveCapacity(rawMerges.count)
        for (index, entry) in rawMerges.enumerated() {
            if let line = entry as? String {
                let parts = line.split(separator: " ", omittingEmptySubsequences: false)
                guard parts.count == 2 else {
                    throw TokenizerError.badMerge(
                        source: source, index: index, merge: line, reason: "expected two tokens separated by one space")
                }
                merges.append((String(parts[0]), String(parts[1])))
            } else if let pair = entry as? [Any], pair.count == 2, let left = pair[0] as? String,
                let right = pair[1] as? String
            {
                merges.append((left, right))
            } else {
                throw TokenizerError.badMerge(
                    source: source, index: index, merge: "\(entry)", reason: "expected \"a b\" or [\"a\", \"b\"]")
            }
        }

        var added = [AddedToken]()
        for (index, item) in (try root.optionalArray("added_tokens") ?? []).enumerated() {
            guard let object = item as? [String: Any] else {
                throw TokenizerError.badField(source: source, field: "added_tokens[\(index)]", expected: "an object")
            }
            let fields = JSONFields(object, source: source, path: "added_tokens[\(index)]")
            added.append(
                AddedToken(
                    id: try fields.tokenID("id"), content: try fields.string("content"),
                    singleWord: try fields.optionalBool("single_word") ?? false,
                    lstrip: try fields.optionalBool("lstrip") ?? false,
                    rstrip: try fields.optionalBool("rstrip") ?? false,
                    normalized: try fields.optionalBool("normalized") ?? true,
                    special: try fields.optionalBool("special") ?? false))
        }

        let normalizer = try BPETokenizer.parseNormalizer(root.optionalObject("normalizer"), source: source)
        guard let preObject = try root.optionalObject("pre_tokenizer") else {
            throw TokenizerError.unsupported(
                source: source, what: "pre_tokenizer null", hint: "byte-level BPE needs a ByteLevel pre-tokenizer")
        }
        let preTokenizer = try BPETokenizer.parsePreTokenizer(preObject)
        guard preTokenizer.containsByteLevel else {
            throw TokenizerError.unsupported(
                source: source, what: "pre_tokenizer without ByteLevel", hint: "only byte-level BPE is supported")
        }
        try BPETokenizer.checkDecoder(root.optionalObject("decoder"), source: source)
        let templateBOS = try BPETokenizer.parsePostProcessor(root.optionalObject("post_processor"), source: source)

        // Special token names → ids, as transformers resolves them: added tokens first, then the vocabulary.
        func resolve(_ token: String?) -> Int32? {
            guard let token else { return nil }
            if let match = added.first(where: { $0.content == token }) { return match.id }
            return vocabulary.first(where: { $0.token == token })?.id
        }
        let config = try tokenizerConfig.map { try JSONFields(parsing: $0, source: "tokenizer_config.json") }
        let configBOS = try config?.optionalTokenName("bos_token")
        let configEOS = try config?.optionalTokenName("eos_token")
        let modelUnknown = resolve(try model.optionalString("unk_token"))
        let bosID = templateBOS ?? resolve(configBOS)
        let addBOS = try config?.optionalBool("add_bos_token") ?? (templateBOS != nil)
        if addBOS && bosID == nil {
            throw TokenizerError.badField(
                source: source, field: "bos_token", expected: "a known token when add_bos_token is true")
        }
        try self.init(
            vocabulary: vocabulary, merges: merges, addedTokens: added, normalizer: normalizer,
            preTokenizer: preTokenizer, bosID: bosID, eosID: resolve(configEOS), addBOS: addBOS,
            unknownID: modelUnknown ?? resolve(try config?.optionalTokenName("unk_token")),
            modelUnknownID: modelUnknown,
            fuseUnknown: try model.optionalBool("fuse_unk") ?? false,
            ignoreMerges: try model.optionalBool("ignore_merges") ?? false, source: source)
    }

    private static func parseNormalizer(_ node: JSONFields?, source: String) throws -> TextNormalizer {
        guard let node else { return .none }
        let type = try node.string("type")
        switch type {
        case "NFC":
            return .nfc
        case "Sequence":
            var result = TextNormalizer.none
            for (index, child) in try node.array("normalizers").enumerated() {
                guard let object = child as? [String: Any] else {
                    throw TokenizerError.badField(
                        source: source, field: "normalizer.normalizers[\(index)]", expected: "an object")
                }
                let inner = try parseNormalizer(
                    JSONFields(object, source: source, path: "normalizer.normalizers[\(index)]"), source: source)
                if inner == .nfc { result = .nfc }
            }
            return result
        default:
            throw TokenizerError.unsupported(
                source: source, what: "normalizer '\(type)'", hint: "supported: none, NFC")
        }
    }

    private static func parsePreTokenizer(_ node: JSONFields) throws -> PreTokenizer {
        let type = try node.string("type")
        switch type {
        case "ByteLevel":
            return .byteLevel(
                addPrefixSpace: try node.optionalBool("add_prefix_space") ?? true,
                trimOffsets: try node.optionalBool("trim_offsets") ?? true,
                useRegex: try node.optionalBool("use_regex") ?? true)
        case "Digits":
            return .digits(individual: try node.optionalBool("individual_digits") ?? false)
        case "Split":
            let pattern = try node.object("pattern")
            let behaviorName = try node.string("behavior")
            guard let behavior = SplitBehavior(rawValue: behaviorName) else {
                throw TokenizerError.badField(
                    source: node.source, field: node.path + ".behavior", expected: "a SplitDelimiterBehavior")
            }
            let invert = try node.optionalBool("invert") ?? false
            if let regex = try pattern.optionalString("Regex") {
                return .split(pattern: regex, isRegex: true, behavior: behavior, invert: invert)
            }
            return .split(pattern: try pattern.string("String"), isRegex: false, behavior: behavior, invert: invert)
        case "Sequence":
            var children = [PreTokenizer]()
            for (index, child) in try node.array("pretokenizers").enumerated() {
                guard let object = child as? [String: Any] else {
                    throw TokenizerError.badField(
                        source: node.source, field: node.path + ".pretokenizers[\(index)]", expected: "an object")
                }
                children.append(
                    try parsePreTokenizer(
                        JSONFields(object, source: node.source, path: node.path + ".pretokenizers[\(index)]")))
            }
            return .sequence(children)
        default:
            throw TokenizerError.unsupported(
                source: node.source, what: "pre-tokenizer '\(type)' at \(node.path)",
                hint: "supported: ByteLevel, Digits, Split, Sequence")
        }
    }

    private static func checkDecoder(_ node: JSONFields?, source: String) throws {
        guard let node else {
            throw TokenizerError.unsupported(
                source: source, what: "decoder null", hint: "byte-level BPE needs the ByteLevel decoder")
        }
        let type = try node.string("type")
        if type == "ByteLevel" { return }
        if type == "Sequence" {
            let children = try node.array("decoders").compactMap { $0 as? [String: Any] }
            if children.count == 1, children[0]["type"] as? String == "ByteLevel" { return }
        }
        throw TokenizerError.unsupported(
            source: source, what: "decoder '\(type)'", hint: "only the ByteLevel decoder is supported")
    }

    /// The BOS id a post-processor template puts before the text, if any.
    private static func parsePostProcessor(_ node: JSONFields?, source: String) throws -> Int32? {
        guard let node else { return nil }
        switch try node.string("type") {
        case "ByteLevel", "RobertaProcessing":
            return nil
        case "Sequence":
            var bos: Int32? = nil
            for (index, child) in try node.array("processors").enumerated() {
                guard let object = child as? [String: Any] else { continue }
                let inner = JSONFields(object, source: source, path: node.path + ".processors[\(index)]")
                if let found = try parsePostProcessor(inner, source: source) { bos = found }
            }
            return bos
        case "TemplateProcessing":
            let single = try node.array("single")
            let specials = try node.optionalObject("special_tokens")
            var prefix = [Int32]()
            var seenSequence = false
            for item in single {
                guard let object = item as? [String: Any] else { continue }
                if object["Sequence"] != nil {
                    seenSequence = true
                    continue
                }
                guard let special = object["SpecialToken"] as? [String: Any], let name = special["id"] as? String else {
                    continue
                }
                if seenSequence {
                    throw TokenizerError.unsupported(
                        source: source, what: "post_processor template adding '\(name)' after the text",
                        hint: "only a BOS before the text is supported")
                }
                guard let entry = try specials?.optionalObject(name), let ids = try entry.optionalArray("ids"),
                    let first = ids.first as? Int
                else {
                    throw TokenizerError.badField(
                        source: source, field: "post_processor.special_tokens.\(name).ids", expected: "an id list")
                }
                prefix.append(Int32(first))
            }
            if prefix.count > 1 {
                throw TokenizerError.unsupported(
                    source: source, what: "post_processor template with \(prefix.count) tokens before the text",
                    hint: "only a single BOS is supported")
            }
            return prefix.first
        case let other:
            throw TokenizerError.unsupported(
                source: source, what: "post_processor '\(other)'", hint: "supported: TemplateProcessing, ByteLevel")
        }
    }

    // MARK: - Export

    /// An HF tokenizer.json for this tokenizer, which `tokenizers` and transformers load to the same ids.
    public func tokenizerJSON() throws -> Data {
        var json = JSONWriter()
        json.raw("{\n  \"version\": \"1.0\",\n  \"truncation\": null,\n  \"padding\": null,\n  \"added_tokens\": [")
        for (index, token) in addedTokens.enumerated() {
            json.raw(index == 0 ? "\n    " : ",\n    ")
            json.raw("{\"id\": \(token.id), \"content\": ")
            json.string(token.content)
            json.raw(
                ", \"single_word\": \(JSONWriter.bool(token.singleWord)), \"lstrip\": \(JSONWriter.bool(token.lstrip))"
                    + ", \"rstrip\": \(JSONWriter.bool(token.rstrip)), \"normalized\": "
                    + "\(JSONWriter.bool(token.normalized)), \"special\": \(JSONWriter.bool(token.special))}")
        }
        json.raw(addedTokens.isEmpty ? "],\n" : "\n  ],\n")
        json.raw("  \"normalizer\": " + (normalizer == .nfc ? "{\"type\": \"NFC\"}" : "null") + ",\n")
        json.raw("  \"pre_tokenizer\": " + preTokenizer.json + ",\n")
        json.raw("  \"post_processor\": " + postProcessorJSON + ",\n")
        json.raw(
            "  \"decoder\": {\"type\": \"ByteLevel\", \"add_prefix_space\": true, \"trim_offsets\": true, "
                + "\"use_regex\": true},\n")
        json.raw("  \"model\": {\n    \"type\": \"BPE\",\n    \"dropout\": null,\n    \"unk_token\": ")
        if let modelUnknownID { json.string(tokens[Int(modelUnknownID)]) } else { json.raw("null") }
        json.raw(
            ",\n    \"continuing_subword_prefix\": null,\n    \"end_of_word_suffix\": null,\n"
                + "    \"fuse_unk\": \(JSONWriter.bool(fuseUnknown)),\n"
                + "    \"byte_fallback\": false,\n    \"ignore_merges\": \(JSONWriter.bool(ignoreMerges)),\n"
                + "    \"vocab\": {")
        var first = true
        for id in 0..<vocabSize where inModelVocabulary[id] {
            json.raw(first ? "\n      " : ",\n      ")
            first = false
            json.string(tokens[id])
            json.raw(": \(id)")
        }
        json.raw("\n    },\n    \"merges\": [")
        for (index, merge) in merges.enumerated() {
            json.raw(index == 0 ? "\n      [" : ",\n      [")
            json.string(merge.0)
            json.raw(", ")
            json.string(merge.1)
            json.raw("]")
        }
        json.raw("\n    ]\n  }\n}\n")
        return Data(json.text.utf8)
    }

    /// A tokenizer_config.json naming the special tokens, to write beside `tokenizerJSON()`.
    public func tokenizerConfigJSON(chatTemplate: String? = nil) -> Data {
        var json = JSONWriter()
        json.raw("{\n  \"tokenizer_class\": \"PreTrainedTokenizerFast\",\n")
        json.raw("  \"add_bos_token\": \(JSONWriter.bool(addBOS)),\n  \"add_eos_token\": false,\n")
        json.raw("  \"clean_up_tokenization_spaces\": false")
        for (name, id) in [("bos_token", bosID), ("eos_token", eosID), ("unk_token", unknownID)] {
            guard let id else { continue }
            json.raw(",\n  \"\(name)\": ")
            json.string(tokens[Int(id)])
        }
        if let chatTemplate {
            json.raw(",\n  \"chat_template\": ")
            json.string(chatTemplate)
        }
        json.raw("\n}\n")
        return Data(json.text.utf8)
    }

    private var postProcessorJSON: String {
        guard addBOS, let bosID else {
            return "{\"type\": \"ByteLevel\", \"add_prefix_space\": true, \"trim_offsets\": false, \"use_regex\": true}"
        }
        let name = JSONWriter.quoted(tokens[Int(bosID)])
        let bos = "{\"SpecialToken\": {\"id\": \(name), \"type_id\": 0}}"
        let bosPair = "{\"SpecialToken\": {\"id\": \(name), \"type_id\": 1}}"
        return "{\"type\": \"TemplateProcessing\", "
            + "\"single\": [\(bos), {\"Sequence\": {\"id\": \"A\", \"type_id\": 0}}], "
            + "\"pair\": [\(bos), {\"Sequence\": {\"id\": \"A\", \"type_id\": 0}}, "
            + "\(bosPair), {\"Sequence\": {\"id\": \"B\", \"type_id\": 1}}], "
            + "\"special_tokens\": {\(name): {\"id\": \(name), \"ids\": [\(bosID)], \"tokens\": [\(name)]}}}"
    }
}

extension PreTokenizer {
    /// The tokenizer.json form of this pre-tokenizer.
    var json: String {
        switch self {
        case .byteLevel(let addPrefixSpace, let trimOffsets, let useRegex):
            return "{\"type\": \"ByteLevel\", \"add_prefix_space\": \(JSONWriter.bool(addPrefixSpace)), "
                + "\"trim_offsets\": \(JSONWriter.bool(trimOffsets)), \"use_regex\": \(JSONWriter.bool(useRegex))}"
        case .digits(let individual):
            return "{\"type\": \"Digits\", \"individual_digits\": \(JSONWriter.bool(individual))}"
        case .split(let pattern, let isRegex, let behavior, let invert):
            return "{\"type\": \"Split\", \"pattern\": {\"\(isRegex ? "Regex" : "String")\": "
                + "\(JSONWriter.quoted(pattern))}, \"behavior\": \"\(behavior.rawValue)\", "
                + "\"invert\": \(JSONWriter.bool(invert))}"
        case .sequence(let children):
            return "{\"type\": \"Sequence\", \"pretokenizers\": [" + children.map(\.json).joined(separator: ", ") + "]}"
        }
    }

    /// Whether a ByteLevel step is present (required for byte-level BPE).
    var containsByteLevel: Bool {
        switch self {
        case .byteLevel: return true
        case .digits, .split: return false
        case .sequence(let children): return children.contains { $0.containsByteLevel }
        }
    }
}
