import Foundation
import Store
import XCTest

/// End-to-end sessions on the real default model through the built binary: a golden transcript, replay of a
/// `.save`d session on a fresh store with identical metrics, restore in a new process without recomputing, and
/// the errors for a mask or calibration set that does not fit the model.
final class ModelSessionTests: XCTestCase {
    static let fixtures = PackageRoot.url.appendingPathComponent("Tests/NotebookTests/Fixtures/model")
    static let modelPath = TinyModel.defaultModel

    override func setUpWithError() throws {
        for path in [Self.modelPath.path, PackageRoot.url.appendingPathComponent("data/text/squad_dev.jsonl").path] {
            guard FileManager.default.fileExists(atPath: path) else {
                XCTFail("\(path) is missing: run scripts/setup")
                throw CocoaError(.fileNoSuchFile)
            }
        }
    }

    /// Runs `arguments` from the package root (so `models/` and `data/` resolve) with the store in `folder`.
    private func run(_ arguments: [String], database: URL) throws -> Binary.Result {
        try Binary.run(["--db", database.path] + arguments, in: PackageRoot.url)
    }

    private func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "secateur-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder
    }

    /// Masks times, the temporary folder and the package root; digests stay (they are content hashes, equal on every run).
    private func mask(_ text: String, folder: URL) -> String {
        Transcript.mask(
            text.replacingOccurrences(of: folder.path, with: "<tmp>").replacingOccurrences(
                of: PackageRoot.url.path, with: "<root>"))
    }

    /// Metrics by object name, key, layer and dataset (values exact), in recording order.
    private func metrics(_ database: URL) throws -> [String] {
        let store = try Store(path: database.path)
        let result = try store.query(
            readOnly: """
                SELECT o.name, m.key, m.layer, m.dataset, m.value FROM metrics m JOIN objects o ON o.id = m.object_id
                ORDER BY m.id
                """)
        return result.rows.map { row in row.map(\.description).joined(separator: "|") }
    }

    func testGoldenTranscriptOfASmallModelSession() throws {
        let folder = try temporaryFolder()
        let session = Self.fixtures.appendingPathComponent("small.session")
        let result = try run([session.path], database: folder.appendingPathComponent("s.db"))
        let transcript = mask(result.output, folder: folder) + "[exit \(result.status)]\n"
        let expectedURL = Self.fixtures.appendingPathComponent("small.out")
        if ProcessInfo.processInfo.environment["SECATEUR_UPDATE_GOLDEN"] == "1" {
            try Data(transcript.utf8).write(to: expectedURL)
            return
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        XCTAssertEqual(result.status, 0, result.output)
        if transcript != expected {
            let actual = FileManager.default.temporaryDirectory.appendingPathComponent("small.actual.out")
            try Data(transcript.utf8).write(to: actual)
            XCTFail("small.session: transcript differs from small.out; actual written to \(actual.path)")
        }
    }

    func testReplayOfASavedSessionGivesIdenticalMetricsAndRestoreSkipsRecomputing() throws {
        let folder = try temporaryFolder()
        let first = folder.appendingPathComponent("first.db")
        let saved = folder.appendingPathComponent("saved.secateur")
        let save = folder.appendingPathComponent("save.secateur")
        try Data(".save \(saved.path)\n".utf8).write(to: save)
        let session = Self.fixtures.appendingPathComponent("small.session")
        let original = try run(["--bail", session.path, save.path], database: first)
        XCTAssertEqual(original.status, 0, original.output)

        let second = folder.appendingPathComponent("second.db")
        let replay = try run(["--bail", saved.path], database: second)
        XCTAssertEqual(replay.status, 0, replay.output)
        let metricsA = try metrics(first)
        XCTAssertGreaterThan(metricsA.count, 60)
        XCTAssertEqual(metricsA, try metrics(second))

        // A new process on the first store: p (a pruned model) and cal are restored, not recomputed.
        let again = try run(
            ["-c", "eval p ppl on=sq seqlen=128 limit=2", "-c", "show cal preview=1"], database: first)
        XCTAssertEqual(again.status, 0, again.output)
        let store = try Store(path: first.path)
        let prunes = try store.query(readOnly: "SELECT count(*) FROM cells WHERE verb IN ('prune', 'sample', 'apply')")
        XCTAssertEqual(prunes.rows.first?.first, .integer(4))
        let ppl = try store.query(
            readOnly: """
                SELECT DISTINCT m.value FROM metrics m JOIN objects o ON o.id = m.object_id
                WHERE o.name = 'p' AND m.key = 'ppl'
                """)
        XCTAssertEqual(ppl.rows.count, 1, "the restored pruned model must give the same perplexity")
        XCTAssertTrue(again.output.contains("[0] 64 tokens:"), again.output)
    }

    func testMaskForAnotherModelAndCalibrationFromAnotherTokenizerAreRefused() throws {
        let folder = try temporaryFolder()
        // A 2-layer model (the first two blocks of the default one) with a tokenizer whose ids of two tokens are
        // swapped: a mask for 30 layers does not fit it, and ids sampled with the default tokenizer mean other text.
        let tiny = folder.appendingPathComponent("tiny")
        try TinyModel.export(layers: 2, to: tiny)
        let tokenizerURL = tiny.appendingPathComponent("tokenizer.json")
        var json = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(contentsOf: tokenizerURL)) as? [String: Any])
        var model = try XCTUnwrap(json["model"] as? [String: Any])
        var vocabulary = try XCTUnwrap(model["vocab"] as? [String: Any])
        let (a, b) = (try XCTUnwrap(vocabulary["a"]), try XCTUnwrap(vocabulary["b"]))
        vocabulary["a"] = b
        vocabulary["b"] = a
        model["vocab"] = vocabulary
        json["model"] = model
        try JSONSerialization.data(withJSONObject: json).write(to: tokenizerURL)

        let result = try run(
            [
                "-c", "m = load \(Self.modelPath.path)", "-c", "t = load \(tiny.path)",
                "-c", "wiki = text data/text/wikipedia.jsonl", "-c", "cal = sample wiki n=2 len=32 model=m",
                "-c", "k = prune m method=magnitude pattern=2:4", "-c", "bad = apply t k",
                "-c", "bad2 = filter cal model=t", "-c", "bad3 = prune m calib=cal method=wanda pattern=3:3",
                "-c", "sample wiki n=2 len=32",
            ], database: folder.appendingPathComponent("e.db"))
        let output = result.output
        XCTAssertTrue(
            output.contains(
                "mask was made for a model with 30 layers, hidden 576, MLP 1536, 9 heads / 3 KV heads × 64; "
                    + "this model has 2 layers"), output)
        XCTAssertTrue(output.contains("its token ids were made by another tokenizer"), output)
        XCTAssertTrue(output.contains("pattern=3:3"), output)
        XCTAssertTrue(output.contains("sample needs model= (one of m, t)"), output)
        let store = try Store(path: folder.appendingPathComponent("e.db").path)
        for name in ["bad", "bad2", "bad3"] { XCTAssertNil(try store.object(named: name), name) }
        XCTAssertNotNil(try store.object(named: "k"))
    }
}
