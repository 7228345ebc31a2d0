import Foundation
import Model
import XCTest

/// Tensor tables whose byte ranges disagree with each other (issue 16 S1): shared bytes, a relabelled type that
/// shrinks a tensor, shifted offsets. Each is an error naming both tensors and the file, before anything is read.
final class TensorByteRangeTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try FilesTestSupport.makeTemporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// Two `(2, 32)` tensors `ffn_gate` and `ffn_down`, stored as `types` (ggml numbers: 0 F32, 2 Q4_0, 3 Q4_1) at
    /// `offsets`; the data section holds `dataBytes`.
    private func gguf(types: [UInt32] = [0, 0], offsets: [UInt64] = [0, 256], dataBytes: Int = 512) throws -> URL {
        var b = FilesTestSupport.Bytes()
        b.raw("GGUF")
        b.u32(3)
        b.u64(2)
        b.u64(0)
        for (i, name) in ["blk.0.ffn_gate.weight", "blk.0.ffn_down.weight"].enumerated() {
            b.string(name)
            b.u32(2)
            b.u64(32)
            b.u64(2)
            b.u32(types[i])
            b.u64(offsets[i])
        }
        b.pad(to: 32)
        for i in 0..<dataBytes { b.u8(UInt8(truncatingIfNeeded: i % 7)) }
        let url = folder.appendingPathComponent("table.gguf")
        try b.write(to: url)
        return url
    }

    private func assertFileError(
        _ mentions: [String], _ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            let text = "\(error)"
            for word in mentions {
                XCTAssertTrue(text.contains(word), "'\(word)' not in: \(text)", file: file, line: line)
            }
        }
    }

    func testPackedTableIsAccepted() throws {
        let file = try GGUFFile(url: try gguf())
        XCTAssertEqual(try file.floats("blk.0.ffn_down.weight").count, 64)
        // Q4_1 (2 blocks · 20 bytes = 40, padded to 64) then Q4_1: what llama.cpp writes.
        XCTAssertNoThrow(try GGUFFile(url: try gguf(types: [3, 3], offsets: [0, 64], dataBytes: 104)))
    }

    func testOverlappingTensorsAreAnError() throws {
        let url = try gguf(offsets: [256, 256])
        assertFileError(["table.gguf", "blk.0.ffn_gate.weight", "blk.0.ffn_down.weight", "overlap"]) {
            _ = try GGUFFile(url: url)
        }
        let shifted = try gguf(offsets: [0, 224])
        assertFileError(["table.gguf", "overlap"]) { _ = try GGUFFile(url: shifted) }
    }

    func testRelabelledTypeLeavesUnaccountedBytes() throws {
        // ffn_gate was Q8_0 (2 blocks · 34 = 68 bytes, so ffn_down starts at 96); relabelled Q4_0 it covers 36
        // bytes, padded to 64: 32 bytes belong to no tensor.
        let url = try gguf(types: [2, 8], offsets: [0, 96], dataBytes: 164)
        assertFileError(["table.gguf", "blk.0.ffn_gate.weight", "blk.0.ffn_down.weight", "belong to no tensor"]) {
            _ = try GGUFFile(url: url)
        }
        let leading = try gguf(offsets: [256, 512], dataBytes: 768)
        assertFileError(["before the first tensor"]) { _ = try GGUFFile(url: leading) }
    }

    func testSafetensorsMustPackEveryByte() throws {
        func write(_ header: String, dataBytes: Int) throws -> URL {
            var bytes = [UInt8]()
            let json = Array(header.utf8)
            withUnsafeBytes(of: UInt64(json.count).littleEndian) { bytes.append(contentsOf: $0) }
            bytes += json + [UInt8](repeating: 0, count: dataBytes)
            let url = folder.appendingPathComponent("w.safetensors")
            try Data(bytes).write(to: url)
            return url
        }
        let shared = try write(
            #"{"a":{"dtype":"F16","shape":[2,2],"data_offsets":[0,8]},"b":{"dtype":"F16","shape":[2,2],"data_offsets":[0,8]}}"#,
            dataBytes: 8)
        assertFileError(["w.safetensors", "overlap"]) { _ = try SafeTensorsFile(url: shared) }
        let shifted = try write(
            #"{"a":{"dtype":"F16","shape":[2,2],"data_offsets":[0,8]},"b":{"dtype":"F16","shape":[2,2],"data_offsets":[10,18]}}"#,
            dataBytes: 18)
        assertFileError(["w.safetensors", "2 bytes", "belong to no tensor"]) { _ = try SafeTensorsFile(url: shifted) }
    }
}
