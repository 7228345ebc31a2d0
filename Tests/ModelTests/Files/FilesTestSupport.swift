import Foundation
import XCTest

/// Paths, fixtures and scratch folders for the file-format tests (namespaced to stay clear of other helpers).
enum FilesTestSupport {
    /// The package root, found from this file's path (Tests/ModelTests/Files/…).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A fixture written by scripts/golden/dequant.py.
    static func fixture(_ name: String) -> URL {
        packageRoot.appendingPathComponent("Tests/ModelTests/Fixtures").appendingPathComponent(name)
    }

    /// Loads a JSON fixture as a dictionary.
    static func jsonFixture(_ name: String) throws -> [String: Any] {
        let url = fixture(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw FixtureMissing(message: "\(url.path) is missing: run scripts/golden/dequant.py")
        }
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        guard let dictionary = object as? [String: Any] else {
            throw FixtureMissing(message: "\(url.path) is not a JSON object")
        }
        return dictionary
    }

    /// The default model; throws (failing the test) with a hint when it has not been fetched.
    static func defaultModel() throws -> URL {
        let url = packageRoot.appendingPathComponent("models/SmolLM2-135M-Instruct.Q4_1.gguf")
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw FixtureMissing(message: "\(url.path) is missing: run scripts/setup")
        }
        return url
    }

    /// A fresh folder under the system temp dir, removed by `cleanup`.
    static func makeTemporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("secateur-files-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Decodes lower-case hex into bytes.
    static func bytes(fromHex hex: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(hex.utf8.count / 2)
        var high: UInt8? = nil
        for c in hex.utf8 {
            let v: UInt8 = c <= 57 ? c - 48 : (c | 0x20) - 87
            if let h = high {
                out.append(h << 4 | v)
                high = nil
            } else {
                high = v
            }
        }
        return out
    }

    /// Little-endian byte builder for hand-made malformed files.
    struct Bytes {
        var data: [UInt8] = []

        mutating func u8(_ v: UInt8) { data.append(v) }
        mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        mutating func string(_ s: String) {
            u64(UInt64(s.utf8.count))
            data.append(contentsOf: s.utf8)
        }
        mutating func raw(_ s: String) { data.append(contentsOf: s.utf8) }
        mutating func pad(to alignment: Int) {
            while data.count % alignment != 0 { data.append(0) }
        }

        func write(to url: URL) throws {
            try Data(data).write(to: url)
        }
    }
}

/// A test precondition (fixture or model file) that is not met; the message says how to fix it.
struct FixtureMissing: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
