import Foundation
import Notebook
import Store
import XCTest

/// A temporary folder with a store, a session writing into strings, and small data files.
final class TestWorkspace {
    let folder: URL
    let databasePath: String
    private(set) var output = ""
    private(set) var errors = ""
    /// Everything written to out and err, interleaved in order.
    private(set) var transcript = ""

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("secateur-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        databasePath = folder.appendingPathComponent("test.db").path
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Writes `text` to `name` inside the folder; returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// A small JSONL text file with three documents.
    @discardableResult
    func writeSampleText(_ name: String = "docs.jsonl") throws -> String {
        try write(
            name, "{\"text\": \"the first document\"}\n{\"text\": \"a second one, with ✂\"}\n\n{\"text\": \"third\"}\n")
    }

    /// A session over a (new or existing) store in the folder, with the built-in and the test verbs.
    func session(
        database: String? = nil, mode: OutputMode = .table, memoryBudget: Int = ObjectLibrary.defaultMemoryBudget
    ) throws -> Session {
        let store = try Store(path: database ?? databasePath)
        var verbs = BuiltinVerbs.registry
        for spec in TestVerbs.all { verbs.register(spec) }
        let console = Console(
            out: { [unowned self] text in
                self.output += text
                self.transcript += text
            },
            err: { [unowned self] text in
                self.errors += text
                self.transcript += text
            })
        return try Session(
            store: store, verbs: verbs, console: console, mode: mode, workingDirectory: folder,
            memoryBudget: memoryBudget)
    }

    /// Forgets the output collected so far.
    func clearOutput() {
        output = ""
        errors = ""
        transcript = ""
    }

    /// Runs a multi-line script through `session`.
    @discardableResult
    func run(_ session: Session, _ script: String, bail: Bool = false) -> ScriptRunner.Summary {
        var runner = ScriptRunner(session: session, name: nil, bail: bail)
        runner.run(text: script)
        return runner.summary
    }
}

/// The package root (for fixtures and the built binary).
enum PackageRoot {
    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
}
