import Foundation
import Model
import XCTest

/// The default model, loaded once per test process (loading dequantizes 135M weights).
enum DefaultModel {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var cached: LanguageModel?

    /// The loaded model; fails the calling test with a hint if scripts/setup has not run.
    static func get() throws -> LanguageModel {
        lock.lock()
        defer { lock.unlock() }
        if let cached { return cached }
        let model = try LanguageModel.load(path: try FilesTestSupport.defaultModel().path)
        cached = model
        return model
    }
}
