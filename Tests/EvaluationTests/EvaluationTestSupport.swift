import Foundation
import Model
import XCTest

/// Paths under the package root and the default model, loaded once per test process.
enum EvaluationTestSupport {
    /// The package root (three levels above this file).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// `Tests/EvaluationTests/Fixtures/<name>`.
    static func fixture(_ name: String) -> URL {
        packageRoot.appendingPathComponent("Tests/EvaluationTests/Fixtures").appendingPathComponent(name)
    }

    /// `data/tasks`, failing with a hint when scripts/setup has not prepared it.
    static func taskDirectory() throws -> String {
        let url = packageRoot.appendingPathComponent("data/tasks")
        guard FileManager.default.fileExists(atPath: url.appendingPathComponent("piqa.jsonl").path) else {
            throw Missing(message: "\(url.path) has no task files: run scripts/setup")
        }
        return url.path
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var cached: LanguageModel?

    /// The default model; fails the calling test with a hint if scripts/setup has not run.
    static func model() throws -> LanguageModel {
        lock.lock()
        defer { lock.unlock() }
        if let cached { return cached }
        let path = packageRoot.appendingPathComponent("models/SmolLM2-135M-Instruct.Q4_1.gguf").path
        guard FileManager.default.fileExists(atPath: path) else {
            throw Missing(message: "\(path) is missing: run scripts/setup")
        }
        let model = try LanguageModel.load(path: path)
        cached = model
        return model
    }

    /// A temporary folder removed when the test ends.
    static func temporaryDirectory(_ test: XCTestCase) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("secateur-eval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// A missing model, data or fixture file.
    struct Missing: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
