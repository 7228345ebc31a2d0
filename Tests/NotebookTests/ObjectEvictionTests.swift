import Foundation
import Notebook
import Store
import XCTest

/// The session keeps pruned models and masks within its memory budget: with a budget of one byte only the
/// object in use stays loaded, and an evicted pruned model is restored from the store with the same weights
/// (its perplexity measured again is bit-identical).
final class ObjectEvictionTests: XCTestCase {
    func testEvictedPrunedModelsAndMasksAreRestoredOnUseWithIdenticalResults() throws {
        let model = FileManager.default.temporaryDirectory.appendingPathComponent("secateur-tiny-\(UUID().uuidString)")
        try TinyModel.export(layers: 2, to: model)
        addTeardownBlock { try? FileManager.default.removeItem(at: model) }
        let heldOut = PackageRoot.url.appendingPathComponent("data/text/squad_dev.jsonl").path
        let workspace = try TestWorkspace()
        let session = try workspace.session(mode: .json, memoryBudget: 1)
        let summary = workspace.run(
            session,
            """
            m = load \(model.path)
            sq = text \(heldOut)
            c = sample sq n=2 len=32 seed=0 model=m
            k1 = prune m calib=c method=sparsegpt pattern=2:4
            p1 = apply m k1
            eval p1 ppl on=sq seqlen=32 limit=2
            k2 = prune m calib=c method=wanda pattern=0.5
            p2 = apply m k2
            eval p2 ppl on=sq seqlen=32 limit=2

            """, bail: true)
        XCTAssertEqual(summary.failures, 0, workspace.errors)
        let handle = { (name: String) throws -> ObjectHandle in
            try XCTUnwrap(session.objects.handle(named: name), name)
        }
        XCTAssertTrue(try handle("m").isLoaded, "a model loaded from a file stays")
        XCTAssertTrue(try handle("c").isLoaded, "small objects stay")
        XCTAssertTrue(try handle("p2").isLoaded, "the object used last stays")
        for name in ["k1", "p1", "k2"] {
            XCTAssertFalse(try handle(name).isLoaded, "\(name) should have been evicted")
        }

        let again = workspace.run(session, "eval p1 ppl on=sq seqlen=32 limit=2\n", bail: true)
        XCTAssertEqual(again.failures, 0, workspace.errors)
        XCTAssertTrue(try handle("p1").isLoaded)
        XCTAssertFalse(try handle("p2").isLoaded)
        let store = try Store(path: workspace.databasePath)
        let values = try store.query(
            readOnly: """
                SELECT m.value FROM metrics m JOIN objects o ON o.id = m.object_id
                WHERE o.name = 'p1' AND m.key = 'ppl' ORDER BY m.id
                """
        ).rows.map(\.description)
        XCTAssertEqual(values.count, 2)
        XCTAssertEqual(values.first, values.last, "the restored p1 must give the same perplexity")
    }
}
