import Foundation
import Model
import XCTest

/// GGUFWriter → GGUFFile round trips.
final class GGUFWriterTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try FilesTestSupport.makeTemporaryDirectory()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// One value of every kind, including nested and empty arrays and non-ASCII text.
    private let everyKind: [(String, GGUFValue)] = [
        ("t.u8", .uint8(200)), ("t.i8", .int8(-100)), ("t.u16", .uint16(65000)), ("t.i16", .int16(-32000)),
        ("t.u32", .uint32(4_000_000_000)), ("t.i32", .int32(-2_000_000_000)), ("t.f32", .float32(1.0e-5)),
        ("t.bool", .bool(true)), ("t.false", .bool(false)), ("t.string", .string("héllo ✂︎ secateur")),
        ("t.empty", .string("")), ("t.u64", .uint64(18_000_000_000_000_000_000)),
        ("t.i64", .int64(-9_000_000_000_000_000_000)), ("t.f64", .float64(3.141592653589793)),
        ("t.strings", .stringArray(["a", "Ġthe", ""])), ("t.ints", .int32Array([1, -2, 3])),
        ("t.floats", .float32Array([0.5, -0.25])), ("t.nothing", .array(.uint64, [])),
        ("t.nested", .array(.array, [.int32Array([1, 2]), .stringArray(["x"]), .array(.float64, [])])),
    ]

    func testMetadataAndTensorsRoundTrip() throws {
        var writer = GGUFWriter()
        for (key, value) in everyKind { writer.setMetadata(key, value) }
        writer.setMetadata("t.u8", .uint8(201))  // replacing keeps the key's position
        let values = (0..<(6 * 40)).map { Float($0) * 0.37 - 40 }
        try writer.addTensor("blk.0.attn_q.weight", shape: [6, 40], values: values)
        try writer.addTensor("blk.0.attn_k.weight", shape: [40, 6], values: values, type: .f16)
        try writer.addTensor("norm", shape: [3], values: [1, 2, 3], type: .bf16)
        try writer.addTensor("cube", shape: [2, 2, 2, 3], values: (0..<24).map(Float.init))
        let url = folder.appendingPathComponent("round.gguf")
        try writer.write(to: url)

        let file = try GGUFFile(url: url)
        XCTAssertEqual(file.version, 3)
        XCTAssertEqual(file.alignment, 32)
        XCTAssertEqual(file.dataOffset % 32, 0)
        XCTAssertEqual(file.metadataKeys, everyKind.map(\.0))
        for (key, value) in everyKind where key != "t.u8" {
            XCTAssertEqual(file[key], value, key)
        }
        XCTAssertEqual(file["t.u8"], .uint8(201))
        XCTAssertEqual(file.tensorNames, ["blk.0.attn_q.weight", "blk.0.attn_k.weight", "norm", "cube"])
        for name in file.tensorNames {
            XCTAssertEqual(try file.info(name).offset % 32, 0, name)
        }
        XCTAssertEqual(try file.info("blk.0.attn_q.weight").dims, [40, 6])
        XCTAssertEqual(try file.shape("blk.0.attn_q.weight"), [6, 40])
        XCTAssertEqual(try file.floats("blk.0.attn_q.weight"), values)
        XCTAssertEqual(try file.info("blk.0.attn_k.weight").type, .f16)
        XCTAssertEqual(try file.floats("blk.0.attn_k.weight"), values.map { Float(Float16($0)) })
        XCTAssertEqual(try file.floats("norm"), [1, 2, 3])
        XCTAssertEqual(try file.shape("cube"), [2, 2, 2, 3])
        XCTAssertEqual(try file.floats("cube"), (0..<24).map(Float.init))
    }

    func testCustomAlignmentIsRecordedAndHonoured() throws {
        var writer = GGUFWriter(alignment: 64)
        try writer.addTensor("a", shape: [3], values: [1, 2, 3])
        try writer.addTensor("b", shape: [5], values: [4, 5, 6, 7, 8])
        let url = folder.appendingPathComponent("aligned.gguf")
        try writer.write(to: url)
        let file = try GGUFFile(url: url)
        XCTAssertEqual(file.alignment, 64)
        XCTAssertEqual(file["general.alignment"], .uint32(64))
        XCTAssertEqual(file.dataOffset % 64, 0)
        XCTAssertEqual(try file.info("b").offset, 64)
        XCTAssertEqual(try file.floats("b"), [4, 5, 6, 7, 8])
        XCTAssertEqual(file.fileSize % 64, 0)
    }

    func testRewritingTheDefaultModelKeepsMetadataAndDequantizedValues() throws {
        let source = try GGUFFile(url: try FilesTestSupport.defaultModel())
        var writer = GGUFWriter()
        writer.copyMetadata(from: source)
        let names = ["token_embd.weight", "blk.0.attn_q.weight", "blk.0.attn_norm.weight"]
        for name in names {
            try writer.addTensor(name, shape: try source.shape(name), values: try source.floats(name))
        }
        let url = folder.appendingPathComponent("rewritten.gguf")
        try writer.write(to: url)
        let copy = try GGUFFile(url: url)
        XCTAssertEqual(copy.metadataKeys, source.metadataKeys)
        XCTAssertEqual(copy.metadata, source.metadata)
        for name in names {
            XCTAssertEqual(try copy.shape(name), try source.shape(name), name)
            XCTAssertEqual(try copy.floats(name), try source.floats(name), name)
        }
    }

    func testWriterRejectsBadInput() throws {
        var writer = GGUFWriter()
        try writer.addTensor("a", shape: [2], values: [1, 2])
        XCTAssertThrowsError(try writer.addTensor("a", shape: [2], values: [1, 2]))
        XCTAssertThrowsError(try writer.addTensor("b", shape: [3], values: [1, 2]))
        XCTAssertThrowsError(try writer.addTensor("c", shape: [1, 1, 1, 1, 1], values: [1]))
        XCTAssertThrowsError(try writer.addTensor(String(repeating: "x", count: 64), shape: [1], values: [1]))
        XCTAssertThrowsError(
            try writer.addTensor("q", shape: [32], values: Array(repeating: 0, count: 32), type: .q4_0)
        ) { error in
            XCTAssertTrue("\(error)".contains("Q4_0"), "\(error)")
        }
        writer.setMetadata("bad", .array(.int32, [.int32(1), .string("two")]))
        XCTAssertThrowsError(try writer.write(to: folder.appendingPathComponent("bad.gguf"))) { error in
            XCTAssertTrue("\(error)".contains("bad"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("bad.gguf").path))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [], "no temporary left")
    }
}
