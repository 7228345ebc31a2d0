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

    /// The whole golden file.
    struct Golden: Decodable {
        let vocabSize: Int
        let bosTokenID: Int32?
        let eosTokenID: Int32?
        let specialTokenIDs: [Int32]
        let cases: [Case]

        enum CodingKeys: String, CodingKey {
            case cases
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
