import Foundation
import Model
import XCTest

/// Every malformed-file error: built by hand in a temp folder, checked for its case and for a message that
/// names the file and the field or tensor.
final class ModelFileErrorTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try FilesTestSupport.makeTemporaryDirectory()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private typealias Bytes = FilesTestSupport.Bytes

    /// A GGUF with one metadata string and one tensor, whose pieces a test can override.
    private func gguf(
        magic: String = "GGUF", version: UInt32 = 3, alignment: UInt32? = nil, valueType: UInt32 = 8,
        tensorName: String = "blk.0.w", dims: [UInt64] = [32, 2], type: UInt32 = 0, offset: UInt64 = 0,
        dataBytes: Int? = nil, duplicateTensor: Bool = false
    ) -> Bytes {
        var b = Bytes()
        b.raw(magic)
        b.u32(version)
        b.u64(duplicateTensor ? 2 : 1)
        b.u64(alignment == nil ? 1 : 2)
        b.string("general.name")
        b.u32(valueType)
        b.string("tiny")
        if let alignment {
            b.string("general.alignment")
            b.u32(4)
            b.u32(alignment)
        }
        for _ in 0..<(duplicateTensor ? 2 : 1) {
            b.string(tensorName)
            b.u32(UInt32(dims.count))
            for d in dims { b.u64(d) }
            b.u32(type)
            b.u64(offset)
        }
        b.pad(to: Int(alignment ?? 32))
        let count = dataBytes ?? Int(dims.reduce(1, *)) * 4
        for i in 0..<count { b.u8(UInt8(truncatingIfNeeded: i)) }
        return b
    }

    private func write(_ bytes: Bytes, _ name: String) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try bytes.write(to: url)
        return url
    }

    /// Asserts `body` throws a `ModelFileError` matching `check` whose message mentions every string in `mentions`.
    private func assertError(
        _ mentions: [String], file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Void,
        check: (ModelFileError) -> Bool
    ) {
        do {
            try body()
            XCTFail("no error thrown", file: file, line: line)
        } catch let error as ModelFileError {
            XCTAssertTrue(check(error), "unexpected case: \(error)", file: file, line: line)
            for text in mentions {
                XCTAssertTrue(error.description.contains(text), "'\(text)' not in: \(error)", file: file, line: line)
            }
        } catch {
            XCTFail("not a ModelFileError: \(error)", file: file, line: line)
        }
    }

    func testHandMadeGGUFIsValid() throws {
        // The builder's defaults make a good file, so each test below fails for exactly the reason it sets up.
        let file = try GGUFFile(url: try write(gguf(), "ok.gguf"))
        XCTAssertEqual(file["general.name"]?.string, "tiny")
        XCTAssertEqual(try file.shape("blk.0.w"), [2, 32])
        XCTAssertEqual(try file.floats("blk.0.w").count, 64)
    }

    func testWrongMagic() throws {
        let url = try write(gguf(magic: "GGJT"), "old.gguf")
        assertError(["old.gguf", "GGJT", "GGUF"], { _ = try GGUFFile(url: url) }) {
            if case .badMagic = $0 { return true } else { return false }
        }
        let html = try write(Bytes(data: Array("<html><body>404</body></html>".utf8)), "page.gguf")
        assertError(["page.gguf", "<htm"], { _ = try GGUFFile(url: html) }) {
            if case .badMagic = $0 { return true } else { return false }
        }
    }

    func testUnsupportedVersions() throws {
        let v1 = try write(gguf(version: 1), "v1.gguf")
        assertError(["v1.gguf", "version 1", "v2 and v3"], { _ = try GGUFFile(url: v1) }) {
            if case .unsupportedVersion(_, 1) = $0 { return true } else { return false }
        }
        let bigEndian = try write(gguf(version: UInt32(3).byteSwapped), "be.gguf")
        assertError(["be.gguf", "big-endian"], { _ = try GGUFFile(url: bigEndian) }) {
            if case .unsupportedVersion = $0 { return true } else { return false }
        }
    }

    func testTruncatedFiles() throws {
        let whole = gguf().data
        let empty = try write(Bytes(), "empty.gguf")
        assertError(["empty.gguf", "truncated", "magic"], { _ = try GGUFFile(url: empty) }) {
            if case .truncated = $0 { return true } else { return false }
        }
        // Cut inside the metadata value: the message names the key being read.
        let cutMetadata = try write(Bytes(data: Array(whole.prefix(4 + 4 + 16 + 8 + 12 + 4 + 8 + 2))), "cut1.gguf")
        assertError(["cut1.gguf", "truncated", "general.name"], { _ = try GGUFFile(url: cutMetadata) }) {
            if case .truncated = $0 { return true } else { return false }
        }
        // Cut inside the tensor table.
        let cutTable = try write(
            Bytes(data: Array(whole.prefix(4 + 4 + 16 + 8 + 12 + 4 + 8 + 4 + 8 + 7 + 4 + 6))), "cut2.gguf")
        assertError(["cut2.gguf", "truncated", "blk.0.w"], { _ = try GGUFFile(url: cutTable) }) {
            if case .truncated = $0 { return true } else { return false }
        }
        // A count no file could hold.
        var huge = Bytes()
        huge.raw("GGUF")
        huge.u32(3)
        huge.u64(0)
        huge.u64(1 << 60)
        let hugeURL = try write(huge, "huge.gguf")
        assertError(["huge.gguf", "the metadata"], { _ = try GGUFFile(url: hugeURL) }) {
            if case .truncated = $0 { return true } else { return false }
        }
    }

    func testTensorTablePointingPastTheEnd() throws {
        let short = try write(gguf(dataBytes: 100), "short.gguf")
        assertError(["short.gguf", "blk.0.w", "past the end"], { _ = try GGUFFile(url: short) }) {
            if case .tensorOutOfBounds(_, "blk.0.w", _, _, _) = $0 { return true } else { return false }
        }
        let far = try write(gguf(offset: 1 << 40), "far.gguf")
        assertError(["far.gguf", "blk.0.w"], { _ = try GGUFFile(url: far) }) {
            if case .tensorOutOfBounds = $0 { return true } else { return false }
        }
    }

    func testUnsupportedTensorTypesOpenButDoNotRead() throws {
        // Q3_K: 256 elements in a 110-byte block, a known layout without a dequantizer here.
        let q3 = try write(gguf(dims: [256], type: 11, dataBytes: 110), "q3.gguf")
        let file = try GGUFFile(url: q3)
        XCTAssertEqual(try file.info("blk.0.w").type, .q3_K)
        assertError(["q3.gguf", "blk.0.w", "Q3_K", "Q4_1"], { _ = try file.floats("blk.0.w") }) {
            if case .unsupportedTensorType(_, "blk.0.w", "Q3_K") = $0 { return true } else { return false }
        }
        let unknown = try GGUFFile(url: try write(gguf(dims: [4], type: 99, dataBytes: 16), "new.gguf"))
        XCTAssertEqual(try unknown.info("blk.0.w").type, .unknown(99))
        assertError(["new.gguf", "type 99"], { _ = try unknown.floats("blk.0.w") }) {
            if case .unsupportedTensorType = $0 { return true } else { return false }
        }
    }

    func testMissingTensorNamesTheFileAndSimilarTensors() throws {
        let url = try write(gguf(tensorName: "blk.3.attn_k.weight"), "model.gguf")
        let file = try GGUFFile(url: url)
        assertError(
            ["no tensor blk.3.attn_q.weight in model.gguf", "blk.3.attn_k.weight"],
            {
                _ = try file.floats("blk.3.attn_q.weight")
            }
        ) {
            if case .missingTensor(_, "blk.3.attn_q.weight", _) = $0 { return true } else { return false }
        }
        XCTAssertThrowsError(try file.shape("nothing"))
        XCTAssertFalse(file.contains("nothing"))
    }

    func testInvalidMetadataAndTensorInfo() throws {
        let badType = try write(gguf(valueType: 13), "type13.gguf")
        assertError(["type13.gguf", "general.name", "value type 13"], { _ = try GGUFFile(url: badType) }) {
            if case .invalidMetadata = $0 { return true } else { return false }
        }
        let badAlignment = try write(gguf(alignment: 3), "align3.gguf")
        assertError(["align3.gguf", "general.alignment", "power of two"], { _ = try GGUFFile(url: badAlignment) }) {
            if case .invalidMetadata = $0 { return true } else { return false }
        }
        let misaligned = try write(gguf(offset: 4), "misaligned.gguf")
        assertError(["misaligned.gguf", "blk.0.w", "alignment"], { _ = try GGUFFile(url: misaligned) }) {
            if case .invalidTensorInfo = $0 { return true } else { return false }
        }
        let fiveDims = try write(gguf(dims: [32, 1, 1, 1, 2]), "rank5.gguf")
        assertError(["rank5.gguf", "5 dims"], { _ = try GGUFFile(url: fiveDims) }) {
            if case .invalidTensorInfo = $0 { return true } else { return false }
        }
        let partialBlock = try write(gguf(dims: [33], type: 3, dataBytes: 40), "q41.gguf")
        assertError(["q41.gguf", "block size 32"], { _ = try GGUFFile(url: partialBlock) }) {
            if case .invalidTensorInfo = $0 { return true } else { return false }
        }
        let twice = try write(gguf(duplicateTensor: true), "twice.gguf")
        assertError(["twice.gguf", "blk.0.w", "twice"], { _ = try GGUFFile(url: twice) }) {
            if case .invalidTensorInfo = $0 { return true } else { return false }
        }
    }

    func testUnopenablePaths() throws {
        let missing = folder.appendingPathComponent("absent.gguf")
        assertError(["absent.gguf", "scripts/setup"], { _ = try GGUFFile(url: missing) }) {
            if case .cannotOpen = $0 { return true } else { return false }
        }
        assertError([folder.lastPathComponent, "folder"], { _ = try GGUFFile(url: folder) }) {
            if case .cannotOpen = $0 { return true } else { return false }
        }
        assertError([folder.lastPathComponent, "model.safetensors"], { _ = try SafeTensorsModel(url: folder) }) {
            if case .cannotOpen = $0 { return true } else { return false }
        }
    }

    /// A safetensors file with `header` as its JSON and `dataBytes` bytes of data.
    private func safetensors(_ header: String, dataBytes: Int, _ name: String) throws -> URL {
        var b = Bytes()
        b.u64(UInt64(header.utf8.count))
        b.raw(header)
        for i in 0..<dataBytes { b.u8(UInt8(truncatingIfNeeded: i)) }
        return try write(b, name)
    }

    func testSafeTensorsBadHeaders() throws {
        let notJSON = try safetensors("{\"a\": ", dataBytes: 0, "broken.safetensors")
        assertError(["broken.safetensors", "not valid JSON"], { _ = try SafeTensorsFile(url: notJSON) }) {
            if case .badHeaderJSON = $0 { return true } else { return false }
        }
        let array = try safetensors("[1, 2]", dataBytes: 0, "array.safetensors")
        assertError(["array.safetensors", "not a JSON object"], { _ = try SafeTensorsFile(url: array) }) {
            if case .badHeaderJSON = $0 { return true } else { return false }
        }
        let noDType = try safetensors(
            #"{"w": {"shape": [2], "data_offsets": [0, 8]}}"#, dataBytes: 8, "nodtype.safetensors")
        assertError(["nodtype.safetensors", "w.dtype"], { _ = try SafeTensorsFile(url: noDType) }) {
            if case .badHeaderJSON(_, "w.dtype", _) = $0 { return true } else { return false }
        }
        let badOffsets = try safetensors(
            #"{"w": {"dtype": "F32", "shape": [2], "data_offsets": [8, 0]}}"#, dataBytes: 8, "offs.safetensors")
        assertError(["offs.safetensors", "w.data_offsets"], { _ = try SafeTensorsFile(url: badOffsets) }) {
            if case .badHeaderJSON = $0 { return true } else { return false }
        }
        let badMeta = try safetensors(#"{"__metadata__": {"n": 3}}"#, dataBytes: 0, "meta.safetensors")
        assertError(["meta.safetensors", "__metadata__.n"], { _ = try SafeTensorsFile(url: badMeta) }) {
            if case .badHeaderJSON = $0 { return true } else { return false }
        }
        let negative = try safetensors(
            #"{"w": {"dtype": "F32", "shape": [-2], "data_offsets": [0, 8]}}"#, dataBytes: 8, "neg.safetensors")
        assertError(["neg.safetensors", "w.shape"], { _ = try SafeTensorsFile(url: negative) }) {
            if case .badHeaderJSON = $0 { return true } else { return false }
        }
    }

    func testSafeTensorsSizeMismatchAndOutOfBounds() throws {
        let mismatch = try safetensors(
            #"{"w": {"dtype": "F16", "shape": [2, 3], "data_offsets": [0, 8]}}"#, dataBytes: 8, "size.safetensors")
        assertError(
            ["size.safetensors", "w", "[2, 3]", "F16", "12 bytes", "8"],
            {
                _ = try SafeTensorsFile(url: mismatch)
            }
        ) {
            if case .sizeMismatch(_, "w", [2, 3], "F16", 12, 8) = $0 { return true } else { return false }
        }
        let past = try safetensors(
            #"{"w": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}}"#, dataBytes: 12, "past.safetensors")
        assertError(["past.safetensors", "w", "past the end"], { _ = try SafeTensorsFile(url: past) }) {
            if case .tensorOutOfBounds = $0 { return true } else { return false }
        }
        var b = Bytes()
        b.u64(1000)
        b.raw("{}")
        let cut = try write(b, "cut.safetensors")
        assertError(["cut.safetensors", "truncated", "JSON header"], { _ = try SafeTensorsFile(url: cut) }) {
            if case .truncated = $0 { return true } else { return false }
        }
        let gguf = try write(gguf(), "actually.safetensors")
        assertError(["actually.safetensors"], { _ = try SafeTensorsFile(url: gguf) }) {
            switch $0 {
            case .truncated, .badHeaderJSON: return true
            default: return false
            }
        }
    }

    func testSafeTensorsUnsupportedDTypeOpensButDoesNotRead() throws {
        let url = try safetensors(
            #"{"ids": {"dtype": "I64", "shape": [2], "data_offsets": [0, 16]}, "w": {"dtype": "F32", "shape": [1], "data_offsets": [16, 20]}}"#,
            dataBytes: 20, "ints.safetensors")
        let file = try SafeTensorsFile(url: url)
        XCTAssertEqual(file.tensorNames, ["ids", "w"])
        XCTAssertEqual(try file.floats("w").count, 1)
        assertError(["ints.safetensors", "ids", "I64", "F32, F16, BF16"], { _ = try file.floats("ids") }) {
            if case .unsupportedTensorType(_, "ids", "I64") = $0 { return true } else { return false }
        }
        assertError(["ints.safetensors", "no tensor w2"], { _ = try file.floats("w2") }) {
            if case .missingTensor = $0 { return true } else { return false }
        }
    }

    func testShardedIndexErrors() throws {
        try Data(#"{"metadata": {}}"#.utf8).write(to: folder.appendingPathComponent(SafeTensorsModel.indexFileName))
        assertError([SafeTensorsModel.indexFileName, "weight_map"], { _ = try SafeTensorsModel(url: folder) }) {
            if case .badHeaderJSON = $0 { return true } else { return false }
        }
        var writer = SafeTensorsWriter()
        try writer.add("a", shape: [1], values: [1])
        try writer.write(to: folder.appendingPathComponent("shard-1.safetensors"))
        try Data(#"{"weight_map": {"a": "shard-1.safetensors", "b": "shard-1.safetensors"}}"#.utf8)
            .write(to: folder.appendingPathComponent(SafeTensorsModel.indexFileName))
        assertError(["no tensor b in shard-1.safetensors"], { _ = try SafeTensorsModel(url: folder) }) {
            if case .missingTensor = $0 { return true } else { return false }
        }
        try Data(#"{"weight_map": {"a": "shard-2.safetensors"}}"#.utf8)
            .write(to: folder.appendingPathComponent(SafeTensorsModel.indexFileName))
        assertError(["shard-2.safetensors"], { _ = try SafeTensorsModel(url: folder) }) {
            if case .cannotOpen = $0 { return true } else { return false }
        }
    }
}
