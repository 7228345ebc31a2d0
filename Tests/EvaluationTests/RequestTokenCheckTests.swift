import Model
import Tensor
import XCTest

@testable import Evaluation

/// Issue 16, C6: a multiple-choice request whose token id has no embedding row is an error naming the
/// task, document and id, not an out-of-bounds read in `LlamaModel.embed`.
final class RequestTokenCheckTests: XCTestCase {
    func testRequestTokenBeyondTheEmbeddingIsAnError() throws {
        let dense = try EvaluationTestSupport.model()
        var config = dense.network.config
        config.vocabSize = 300
        config.numHiddenLayers = 1
        config.tieWordEmbeddings = true
        let full = dense.network.embedding.dequantized()
        let embedding = withExtendedLifetime(full) {
            Weight(Matrix(rows: 300, cols: config.hiddenSize, copying: full.data))
        }
        let small = LlamaModel(
            config: config, embedding: embedding, blocks: [dense.network.blocks[0]],
            finalNorm: dense.network.finalNorm, outputHead: nil)
        let evaluator = MultipleChoiceEvaluator(
            model: LanguageModel(network: small, tokenizer: dense.tokenizer, path: "x"))
        let task = MultipleChoiceTask(
            name: .piqa,
            documents: [
                MultipleChoiceDocument(
                    docID: 7, contexts: ["Question: how?\nAnswer:"], continuations: [" carefully"],
                    choices: ["carefully"], gold: 0)
            ], file: "piqa.jsonl")
        XCTAssertThrowsError(try evaluator.evaluate(task)) { error in
            guard case EvaluationError.tokenOutsideVocabulary(let name, let docID, _, let token, let vocabulary) = error
            else { return XCTFail("\(error)") }
            XCTAssertEqual(name, "piqa")
            XCTAssertEqual(docID, 7)
            XCTAssertGreaterThanOrEqual(Int(token), 300)
            XCTAssertEqual(vocabulary, 300)
        }
    }
}
