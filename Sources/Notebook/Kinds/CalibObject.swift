import Calibration
import Foundation
import Store
import Tokenizer

/// The `calib` kind: a calibration set (token sequences with provenance), stored as the `CalibrationSet` binary
/// form. It remembers which tokenizer made its ids (the SHA-256 of the vocabulary, and the model object it came
/// from, to decode text for previews and JSONL export).
public final class CalibObject: SessionObject {
    /// Stored as `calib`.
    public static let kind: ObjectKind = .calib
    /// JSONL with decoded text and token ids.
    public static let exportFormats = [
        ExportFormat(
            name: "jsonl", extensions: ["jsonl"],
            summary: "a provenance line, then {\"index\", \"text\", \"tokens\"} per sample")
    ]

    /// What is archived beside the payload.
    struct State: Codable {
        var samples: Int
        var tokens: Int
        var tokenizer: String
        var model: Int64
        var provenance: CalibrationProvenance
    }

    /// The set.
    public let set: CalibrationSet
    /// SHA-256 of the vocabulary of the tokenizer that made the ids.
    public let tokenizerDigest: String
    /// The store id of the model whose tokenizer made the ids.
    public let modelID: Int64
    private let tokenizerSource: () throws -> BPETokenizer

    /// A set made with the tokenizer of the model object `modelID`.
    public init(
        set: CalibrationSet, tokenizerDigest: String, modelID: Int64, tokenizer: @escaping () throws -> BPETokenizer
    ) {
        self.set = set
        self.tokenizerDigest = tokenizerDigest
        self.modelID = modelID
        self.tokenizerSource = tokenizer
    }

    /// A set made with `model`'s tokenizer.
    convenience init(set: CalibrationSet, model: any ModelProviding, handle: ObjectHandle) {
        let tokenizer = model.model.tokenizer
        self.init(set: set, tokenizerDigest: model.tokenizerDigest, modelID: handle.id, tokenizer: { tokenizer })
    }

    /// The tokenizer that made the ids (restoring its model if needed).
    public func tokenizer() throws -> BPETokenizer { try tokenizerSource() }

    /// Throws a clear error when `model`'s tokenizer is not the one that made these ids.
    public func check(against model: any ModelProviding, modelName: String, calibName: String) throws {
        guard model.tokenizerDigest == tokenizerDigest else {
            throw NotebookError.objectUnavailable(
                name: calibName,
                reason:
                    "its token ids were made by another tokenizer (vocabulary sha256 \(tokenizerDigest.prefix(12))…) "
                    + "than \(modelName)'s (\(model.tokenizerDigest.prefix(12))…); sample or generate it again with "
                    + "model=\(modelName)")
        }
        try set.validate(vocabulary: model.model.network.config.vocabSize)
    }

    /// `128 samples, 65.5 k tokens (sample wanda of data/text/cnn.jsonl seed=0 …)`.
    public var summary: String {
        "\(set.count) sample\(set.count == 1 ? "" : "s"), \(TextObject.count(set.tokenCount)) tokens ("
            + set.provenance.summary + ")"
    }

    /// Counts, lengths, provenance.
    public var properties: [(label: String, value: String)] {
        let statistics = set.statistics
        var pairs: [(label: String, value: String)] = [
            ("samples", String(set.count)), ("tokens", String(set.tokenCount)),
            (
                "length",
                "\(statistics.minLength)–\(statistics.maxLength), mean "
                    + NumberFormat.significant(statistics.meanLength, digits: 4)
            ),
            ("distinct tokens", String(statistics.distinctTokens)),
            ("operation", set.provenance.operation), ("method", set.provenance.method),
            ("source", set.provenance.source),
            ("seed", set.provenance.seed.map { String($0) } ?? "none"), ("tokenizer sha256", tokenizerDigest),
        ]
        for key in set.provenance.parameters.keys.sorted() {
            pairs.append((key, set.provenance.parameters[key] ?? ""))
        }
        return pairs
    }

    /// The first samples decoded, one line each.
    public func preview(lines: Int) -> [String] {
        guard let tokenizer = try? tokenizer() else { return ["(the tokenizer's model cannot be restored)"] }
        return set.sequences.prefix(lines).enumerated().map { index, sequence in
            let flat = tokenizer.decode(sequence).replacingOccurrences(of: "\n", with: "⏎")
            let cut = flat.count > 100 ? String(flat.prefix(99)) + "…" : flat
            return "[\(index)] \(sequence.count) tokens: \(cut)"
        }
    }

    /// JSONL with text and ids.
    public func export(to url: URL, format: ExportFormat, context: ExecutionContext) throws -> String {
        try set.jsonl(tokenizer: try tokenizer()).write(to: url, options: .atomic)
        return "\(set.count) samples"
    }

    /// The binary set as the payload.
    public func archive(into context: ArchiveContext) throws -> ObjectArchive {
        let payload = try context.putPayload(set.serialized())
        let state = State(
            samples: set.count, tokens: set.tokenCount, tokenizer: tokenizerDigest, model: modelID,
            provenance: set.provenance)
        return try ObjectArchive(state: state, digest: payload, payload: payload)
    }

    /// Decodes the payload; the tokenizer's model is restored only when text is needed.
    public static func restore(from context: RestoreContext) throws -> CalibObject {
        let state = try context.state(State.self)
        let set = try CalibrationSet(serialized: try context.payload())
        let library = context.library
        let name = context.name
        return CalibObject(
            set: set, tokenizerDigest: state.tokenizer, modelID: state.model,
            tokenizer: {
                guard let model = try library.object(id: state.model) as? any ModelProviding else {
                    throw NotebookError.objectUnavailable(name: name, reason: "its tokenizer's model is not a model")
                }
                return model.model.tokenizer
            })
    }
}
