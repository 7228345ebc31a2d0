import Foundation
import Notebook
import Store
import XCTest

/// Issue 16 in a session: hostile counts, environment, `.sql` and writing commands give one clear error,
/// the session stays alive and the store passes `PRAGMA integrity_check`.
final class HardeningTests: XCTestCase {
    private var workspace: TestWorkspace!

    override func setUpWithError() throws {
        workspace = try TestWorkspace()
        try workspace.writeSampleText()
    }

    private func assertStoreIntact(_ session: Session, file: StaticString = #filePath, line: UInt = #line) throws {
        workspace.clearOutput()
        XCTAssertEqual(workspace.run(session, ".sql PRAGMA integrity_check").failures, 0, file: file, line: line)
        XCTAssertTrue(workspace.output.contains("ok"), workspace.transcript, file: file, line: line)
    }

    /// S6: a memory budget that is not a whole number of megabytes stops the program at start-up.
    func testMemoryBudgetVariableIsCheckedAtStartUp() throws {
        for value in ["4G", "-1", "99999999999999999999", "8796093022208"] {
            let result = try Binary.run(
                ["--db", "m.db", "-c", ".sql SELECT 1"], in: workspace.folder,
                environment: ["SECATEUR_MEMORY_MB": value])
            XCTAssertEqual(result.status, 1, value)
            XCTAssertTrue(result.output.contains("SECATEUR_MEMORY_MB=\(value) is not a whole number"), result.output)
        }
        let fine = try Binary.run(
            ["--db", "m.db", "-c", ".sql SELECT 1 AS one"], in: workspace.folder,
            environment: ["SECATEUR_MEMORY_MB": "512"])
        XCTAssertEqual(fine.status, 0, fine.output)
        XCTAssertEqual(try ObjectLibrary.memoryBudget(environment: ["SECATEUR_MEMORY_MB": "512"]), 512 << 20)
    }

    /// C7: a count whose memory cannot exist is an argument error with the estimate, before any allocation.
    func testSampleCountBeyondMemoryIsAnErrorWithTheEstimate() throws {
        let session = try workspace.session()
        let model = TinyModel.defaultModel.path
        XCTAssertEqual(workspace.run(session, "t = text docs.jsonl\nm = load \(model)").failures, 0)
        workspace.clearOutput()
        let summary = workspace.run(session, "c = sample t n=1000000000000 len=8 model=m")
        XCTAssertEqual(summary.failures, 1)
        XCTAssertTrue(workspace.errors.contains("n=1000000000000 is not a count that fits in memory"), workspace.errors)
        XCTAssertTrue(workspace.errors.contains("needs about 32000.0 GB"), workspace.errors)
        workspace.clearOutput()
        let overflow = workspace.run(session, "c = sample t n=4611686018427387904 len=4 model=m")
        XCTAssertEqual(overflow.failures, 1)
        XCTAssertTrue(workspace.errors.contains("more than 2^63 bytes"), workspace.errors)
        try assertStoreIntact(session)
    }

    /// C8: an endless query prints the first rows and says how many it held back; `.limit` changes the cap.
    func testSQLPrintsACappedNumberOfRows() throws {
        let session = try workspace.session(mode: .csv)
        let endless = ".sql WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM r) SELECT x FROM r"
        XCTAssertEqual(workspace.run(session, ".limit 3\n" + endless).failures, 0, workspace.transcript)
        XCTAssertEqual(workspace.output, "x\n1\n2\n3\n")
        XCTAssertTrue(workspace.errors.contains("printed the first 3 rows; more than 1000000 more held back"))
        workspace.clearOutput()
        XCTAssertEqual(workspace.run(session, ".limit").failures, 0)
        XCTAssertEqual(workspace.output, "3\n")
        XCTAssertEqual(workspace.run(session, ".limit 0").failures, 1)
        XCTAssertEqual(session.rowLimit, 3)
        try assertStoreIntact(session)
    }

    /// S8: pointer-taking and code-loading functions are refused; listed reading pragmas answer.
    func testSQLFunctionsAndPragmas() throws {
        let session = try workspace.session(mode: .csv)
        for sql in [".sql SELECT fts3_tokenizer('simple')", ".sql SELECT load_extension('x')"] {
            workspace.clearOutput()
            XCTAssertEqual(workspace.run(session, sql).failures, 1, sql)
            XCTAssertTrue(workspace.errors.contains("is not on the list of functions"), workspace.errors)
        }
        workspace.clearOutput()
        XCTAssertEqual(workspace.run(session, ".sql PRAGMA journal_mode").failures, 0, workspace.transcript)
        XCTAssertEqual(workspace.output, "journal_mode\nwal\n")
        try assertStoreIntact(session)
    }

    /// S4: plot writes nothing but .svg files.
    func testPlotRefusesAPathThatIsNotSVG() throws {
        let session = try workspace.session()
        let before = try String(contentsOf: workspace.folder.appendingPathComponent("docs.jsonl"), encoding: .utf8)
        for line in ["plot ppl docs.jsonl", "plot ppl m.gguf", "plot acc"] {
            workspace.clearOutput()
            XCTAssertEqual(workspace.run(session, line).failures, 1, line)
        }
        XCTAssertTrue(workspace.errors.contains("must end in .svg") || workspace.errors.contains("path"))
        XCTAssertEqual(
            try String(contentsOf: workspace.folder.appendingPathComponent("docs.jsonl"), encoding: .utf8), before)
        XCTAssertFalse(FileManager.default.fileExists(atPath: workspace.folder.appendingPathComponent("m.gguf").path))
        try assertStoreIntact(session)
    }

    /// S5: every writing command refuses an existing path unless overwrite=true, which replaces it whole.
    func testWritingCommandsRefuseExistingPathsUnlessOverwrite() throws {
        let session = try workspace.session()
        XCTAssertEqual(workspace.run(session, "t = text docs.jsonl\nexport t out.jsonl").failures, 0)
        for line in ["export t out.jsonl", ".save out.jsonl", "export t docs.jsonl"] {
            workspace.clearOutput()
            XCTAssertEqual(workspace.run(session, line).failures, 1, line)
            XCTAssertTrue(workspace.errors.contains("already exists; add overwrite=true"), workspace.errors)
        }
        workspace.clearOutput()
        XCTAssertEqual(
            workspace.run(session, "export t out.jsonl overwrite=true\n.save s.session\n.save s.session overwrite=true")
                .failures, 0, workspace.transcript)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: workspace.folder.path).filter {
            $0.contains(".secateur-")
        }
        XCTAssertEqual(leftovers, [])
        workspace.clearOutput()
        XCTAssertEqual(workspace.run(session, ".help").failures, 0)
        XCTAssertTrue(workspace.output.contains("overwrite=true"))
        try assertStoreIntact(session)
    }

    /// S5: exporting a model over an older HF folder removes its stale index and shards.
    func testModelExportOverAnOlderFolderLeavesNoStaleShards() throws {
        let session = try workspace.session()
        let folder = workspace.folder.appendingPathComponent("p_hf")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try workspace.write("p_hf/model.safetensors.index.json", "{\"weight_map\": {}}")
        try workspace.write("p_hf/model-00001-of-00002.safetensors", "old")
        let script = "m = load \(TinyModel.defaultModel.path)\nexport m p_hf/ dtype=bf16"
        XCTAssertEqual(workspace.run(session, script).failures, 1)
        XCTAssertTrue(workspace.errors.contains("already exists; add overwrite=true"), workspace.errors)
        workspace.clearOutput()
        XCTAssertEqual(workspace.run(session, "export m p_hf/ dtype=bf16 overwrite=true").failures, 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        XCTAssertEqual(files, ["config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json"])
        workspace.clearOutput()
        XCTAssertEqual(workspace.run(session, "p = load p_hf").failures, 0, workspace.transcript)
        try assertStoreIntact(session)
    }

    /// Minor: a FIFO or a device is "not a regular file", not "permission denied".
    func testModelPathThatIsNotARegularFile() throws {
        let session = try workspace.session()
        let fifo = workspace.folder.appendingPathComponent("fifo.gguf").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        for path in [fifo, "/dev/zero"] {
            workspace.clearOutput()
            XCTAssertEqual(workspace.run(session, "m = load \(path)").failures, 1)
            XCTAssertTrue(workspace.errors.contains("not a regular file"), workspace.errors)
        }
        try assertStoreIntact(session)
    }
}
