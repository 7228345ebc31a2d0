import Foundation
import XCTest

@testable import Tokenizer

/// Shared inputs of the tokenizer tests: the default model's GGUF metadata and the golden fixture.
enum TokenizerFixtures {
    /// The package root, found from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let modelURL = packageRoot.appendingPathComponent("models/SmolLM2-135M-Instruct.Q4_1.gguf")
    static let goldenURL = packageRoot.appendingPathComponent("Tests/TokenizerTests/Fixtures/tokenizer_golden.json")

    /// One golden case written by scripts/golden/tokenizer.py.
    struct Case: Decodable {
        let name: String
        let text: String
        let ids: [Int32]
        let idsTransformersGGUF: [Int32]
        let decoded: String
        let decodedSkipSpecial: String
        let decodedPieces: [String]
        let pretokens: [String: [String]]

        enum CodingKeys: String, CodingKey {
            case name, text, ids, decoded, pretokens
            case idsTransformersGGUF = "ids_transformers_gguf"
            case decodedSkipSpecial = "decoded_skip_special"
            case decodedPieces = "decoded_pieces"
        }
    }

    /// Checksums of the reference ids for a whole corpus (the held-out SQuAD text).
    struct Corpus: Decodable {
        let file: String
        let documents: Int
        let joiner: String
        let textBytes: Int
        let textFNV1a64: String
        let idCount: Int
        let idsFNV1a64: String
        let idsTransformersGGUFCount: Int
        let idsTransformersGGUFFNV1a64: String

        enum CodingKeys: String, CodingKey {
            case file, documents, joiner
            case textBytes = "text_bytes"
            case textFNV1a64 = "text_fnv1a64"
            case idCount = "id_count"
            case idsFNV1a64 = "ids_fnv1a64"
            case idsTransformersGGUFCount = "ids_transformers_gguf_count"
            case idsTransformersGGUFFNV1a64 = "ids_transformers_gguf_fnv1a64"
        }
    }

    /// FNV-1a 64 of bytes, as lowercase hex (the golden script's checksum).
    static func fnv1a64<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { value = (value ^ UInt64(byte)) &* 0x100_0000_01B3 }
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// FNV-1a 64 of ids as little-endian int32 bytes.
    static func fnv1a64(ids: [Int32]) -> String {
        fnv1a64(ids.flatMap { id in (0..<4).map { UInt8(truncatingIfNeeded: UInt32(bitPattern: id) >> (8 * $0)) } })
    }

    /// The whole golden file.
    struct Golden: Decodable {
        let corpus: Corpus?
        let vocabSize: Int
        let bosTokenID: Int32?
        let eosTokenID: Int32?
        let specialTokenIDs: [Int32]
        let cases: [Case]

        enum CodingKeys: String, CodingKey {
            case cases, corpus
            case vocabSize = "vocab_size"
            case bosTokenID = "bos_token_id"
            case eosTokenID = "eos_token_id"
            case specialTokenIDs = "special_token_ids"
        }
    }

    private static let loaded: Result<(GGUFTokenizerMetadata, Golden), Error> = Result {
        guard FileManager.default.fileExists(atPath: modelURL.path) else {
            throw GGUFTokenizerMetadata.ParseError(description: "\(modelURL.path) is missing: run scripts/setup")
        }
        let metadata = try GGUFTokenizerMetadata(url: modelURL)
        let golden = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: goldenURL))
        return (metadata, golden)
    }

    /// The GGUF tokenizer metadata of the default model (fails the test with a hint when the model is missing).
    static func metadata() throws -> GGUFTokenizerMetadata { try loaded.get().0 }

    /// The golden fixture.
    static func golden() throws -> Golden { try loaded.get().1 }

    private static let smolLM: Result<BPETokenizer, Error> = Result {
        let metadata = try loaded.get().0
        return try BPETokenizer(
            tokens: metadata.tokens, merges: metadata.merges, tokenTypes: metadata.tokenTypes,
            preTokenizer: metadata.preTokenizer, bosID: metadata.bosID, eosID: metadata.eosID,
            addBOS: metadata.addBOS, unknownID: metadata.unknownID)
    }

    /// The default model's tokenizer built from its GGUF metadata (shared: building it takes ~0.1 s).
    static func tokenizer() throws -> BPETokenizer { try smolLM.get() }

    /// The same vocabulary with a different `tokenizer.ggml.pre`.
    static func tokenizer(preTokenizer: String) throws -> BPETokenizer {
        let metadata = try loaded.get().0
        return try BPETokenizer(
            tokens: metadata.tokens, merges: metadata.merges, tokenTypes: metadata.tokenTypes,
            preTokenizer: preTokenizer, bosID: metadata.bosID, eosID: metadata.eosID, addBOS: metadata.addBOS,
            unknownID: metadata.unknownID)
    }
}
