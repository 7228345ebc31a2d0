import Foundation
import Model
import XCTest

@testable import Calibration

/// Paths, the golden fixture and the default model, shared by the calibration tests.
enum TestResources {
    /// The package root (three levels above this file).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static let modelPath = root.appendingPathComponent("models/SmolLM2-135M-Instruct.Q4_1.gguf").path

    static func textPath(_ name: String) -> String { root.appendingPathComponent("data/text/\(name).jsonl").path }

    /// A text source of `data/text/<name>.jsonl`; fails the test with a setup hint when missing.
    static func text(_ name: String) throws -> TextSource {
        let path = textPath(name)
        guard FileManager.default.fileExists(atPath: path) else {
            XCTFail("\(path) is missing: run scripts/setup")
            throw CocoaError(.fileNoSuchFile)
        }
        return try TextSource.load(url: URL(fileURLWithPath: path), path: "data/text/\(name).jsonl")
    }

    private static let modelLock = NSLock()
    nonisolated(unsafe) private static var loadedModel: LanguageModel?

    /// The default model, loaded once per test process; fails with a setup hint when missing.
    static func model() throws -> LanguageModel {
        modelLock.lock()
        defer { modelLock.unlock() }
        if let loadedModel { return loadedModel }
        guard FileManager.default.fileExists(atPath: modelPath) else {
            XCTFail("\(modelPath) is missing: run scripts/setup")
            throw CocoaError(.fileNoSuchFile)
        }
        let model = try LanguageModel.load(path: modelPath)
        loadedModel = model
        return model
    }

    nonisolated(unsafe) private static var loadedGolden: [String: Any]?

    /// `Fixtures/calibration_golden.json` (written by scripts/golden/calibration.py).
    static func golden() throws -> [String: Any] {
        modelLock.lock()
        defer { modelLock.unlock() }
        if let loadedGolden { return loadedGolden }
        let url = root.appendingPathComponent("Tests/CalibrationTests/Fixtures/calibration_golden.json")
        let data = try Data(contentsOf: url)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        loadedGolden = object
        return object
    }
}

extension Dictionary where Key == String, Value == Any {
    /// The nested dictionary at `key` (fails the test when absent).
    func object(_ key: String) throws -> [String: Any] { try XCTUnwrap(self[key] as? [String: Any], key) }
    /// The array of dictionaries at `key`.
    func objects(_ key: String) throws -> [[String: Any]] { try XCTUnwrap(self[key] as? [[String: Any]], key) }
    /// The number at `key`.
    func double(_ key: String) throws -> Double { try XCTUnwrap((self[key] as? NSNumber)?.doubleValue, key) }
    /// The integer at `key`.
    func int(_ key: String) throws -> Int { try XCTUnwrap((self[key] as? NSNumber)?.intValue, key) }
    /// The integer array at `key`.
    func ints(_ key: String) throws -> [Int] { try XCTUnwrap(self[key] as? [NSNumber], key).map(\.intValue) }
    /// The token array at `key`.
    func tokens(_ key: String) throws -> [Int32] { try ints(key).map { Int32($0) } }
    /// The unsigned 64-bit integer array at `key`.
    func uint64s(_ key: String) throws -> [UInt64] { try XCTUnwrap(self[key] as? [NSNumber], key).map(\.uint64Value) }
}

/// A float row of the fixture, `null` meaning −∞.
func floatRow(_ value: Any?) throws -> [Float] {
    let items = try XCTUnwrap(value as? [Any])
    return items.map { ($0 as? NSNumber).map { Float($0.doubleValue) } ?? -.infinity }
}
