import Foundation
import Model
import XCTest

/// safetensors: parity with `safetensors.torch.save_file`, round trips, sharded folders.
final class SafeTensorsTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try FilesTestSupport.makeTemporaryDirectory()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func reference() throws -> (url: URL, json: [String: Any]) {
        let url = FilesTestSupport.fixture("dequant-hf-reference.safetensors")
        return (url, try FilesTestSupport.jsonFixture("dequant-hf-reference.json"))
    }

    func testReadsTheFileThatPythonSafetensorsWrote() throws {
        let (url, json) = try reference()
        let file = try SafeTensorsFile(url: url)
        XCTAssertEqual(file.metadata, json["metadata"] as? [String: String])
        let tensors = try XCTUnwrap(json["tensors"] as? [String: [String: Any]])
        XCTAssertEqual(file.tensorNames, tensors.keys.sorted())
        for (name, entry) in tensors {
            let info = try file.info(name)
            XCTAssertEqual(info.dtype.name, entry["dtype"] as? String, name)
            XCTAssertEqual(try file.shape(name), entry["shape"] as? [Int], name)
            if let bytes = entry["bytes"] as? [Int] {
                XCTAssertEqual(try file.bytes(name).map(Int.init), bytes, name)
                XCTAssertEqual(try file.floats(name), bytes.map(Float.init), name)
            } else {
                XCTAssertEqual(try file.floats(name).map { Int($0.bitPattern) }, entry["stored"] as? [Int], name)
            }
        }
    }

    func testWriterReproducesPythonSafetensorsByteForByte() throws {
        let (url, json) = try reference()
        var writer = SafeTensorsWriter(metadata: try XCTUnwrap(json["metadata"] as? [String: String]))
        let tensors = try XCTUnwrap(json["tensors"] as? [String: [String: Any]])
        // Insertion order must not matter: add in reverse name order.
        for name in tensors.keys.sorted().reversed() {
            let entry = try XCTUnwrap(tensors[name])
            let shape = try XCTUnwrap(entry["shape"] as? [Int])
            if let bytes = entry["bytes"] as? [Int] {
                try writer.add(name, shape: shape, bytes: bytes.map(UInt8.init))
            } else {
                // The unrounded float32 sources: F16/BF16 rounding must match torch's.
                let source = try XCTUnwrap(entry["source"] as? [Int]).map { Float(bitPattern: UInt32($0)) }
                let dtype = SafeTensorsDType(name: try XCTUnwrap(entry["dtype"] as? String))
                try writer.add(name, shape: shape, values: source, dtype: dtype)
            }
        }
        let out = folder.appendingPathComponent("swift.safetensors")
        try writer.write(to: out)
        XCTAssertEqual(try Data(contentsOf: out), try Data(contentsOf: url))
    }

    func testRoundTripOfEveryDtypeAndEmptyAndScalarTensors() throws {
        var generator = FilesSplitMix64(seed: 7)
        let values = (0..<96).map { _ in Float(Int64(bitPattern: generator.next() >> 40)) / 1e5 }
        var writer = SafeTensorsWriter()
        try writer.add("w32", shape: [8, 12], values: values)
        try writer.add("w16", shape: [96], values: values, dtype: .f16)
        try writer.add("wb16", shape: [4, 4, 6], values: values, dtype: .bf16)
        try writer.add("mask", shape: [2, 3], bytes: [1, 0, 0, 1, 1, 0])
        try writer.add("empty", shape: [0, 5], values: [])
        try writer.add("scalar", shape: [], values: [2.5])
        let url = folder.appendingPathComponent("round.safetensors")
        try writer.write(to: url)

        let file = try SafeTensorsFile(url: url)
        XCTAssertEqual(file.tensorNames, ["empty", "mask", "scalar", "w16", "wb16", "w32"].sorted())
        XCTAssertEqual(file.dataOffset % 8, 0, "header padded to 8 bytes")
        XCTAssertEqual(file.metadata, [:])
        XCTAssertEqual(try file.floats("w32"), values)
        XCTAssertEqual(try file.floats("w16"), values.map { Float(Float16($0)) })
        XCTAssertEqual(try file.shape("wb16"), [4, 4, 6])
        for (got, want) in zip(try file.floats("wb16"), values) {
            XCTAssertEqual(got, want, accuracy: abs(want) / 128 + 1e-30)
        }
        XCTAssertEqual(try file.bytes("mask"), [1, 0, 0, 1, 1, 0])
        XCTAssertEqual(try file.floats("empty"), [])
        XCTAssertEqual(try file.shape("scalar"), [])
        XCTAssertEqual(try file.floats("scalar"), [2.5])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("tmp") }
        XCTAssertEqual(leftovers, [], "the temporary file was renamed away")
    }

    func testShardedFolderFollowsTheWeightMap() throws {
        var first = SafeTensorsWriter()
        try first.add("model.layers.0.w", shape: [2, 2], values: [1, 2, 3, 4])
        try first.add("model.embed", shape: [3], values: [5, 6, 7])
        try first.write(to: folder.appendingPathComponent("model-00001-of-00002.safetensors"))
        var second = SafeTensorsWriter()
        try second.add("model.layers.1.w", shape: [1, 2], values: [8, 9], dtype: .bf16)
        try second.add("unlisted", shape: [1], values: [0])
        try second.write(to: folder.appendingPathComponent("model-00002-of-00002.safetensors"))
        let index = """
            {"metadata": {"total_size": 40}, "weight_map": {
              "model.layers.0.w": "model-00001-of-00002.safetensors",
              "model.embed": "model-00001-of-00002.safetensors",
              "model.layers.1.w": "model-00002-of-00002.safetensors"}}
            """
        try Data(index.utf8).write(to: folder.appendingPathComponent(SafeTensorsModel.indexFileName))

        let model = try SafeTensorsModel(url: folder)
        XCTAssertEqual(model.files.count, 2)
        XCTAssertEqual(model.tensorNames, ["model.embed", "model.layers.0.w", "model.layers.1.w"])
        XCTAssertEqual(try model.floats("model.layers.1.w"), [8, 9])
        XCTAssertEqual(try model.shape("model.layers.0.w"), [2, 2])
        var buffer = [Float](repeating: 0, count: 3)
        try buffer.withUnsafeMutableBufferPointer { try model.readFloats("model.embed", into: $0) }
        XCTAssertEqual(buffer, [5, 6, 7])
        XCTAssertThrowsError(try model.floats("unlisted")) { error in
            guard case ModelFileError.missingTensor(_, "unlisted", _) = error else {
                return XCTFail("\(error)")
            }
        }
        let source: any WeightSource = model
        XCTAssertTrue(source.contains("model.embed"))
    }

    func testSingleFileFolderAndDirectFileOpen() throws {
        var writer = SafeTensorsWriter(metadata: ["format": "pt"])
        try writer.add("lm_head.weight", shape: [2, 1], values: [0.25, -4])
        let url = folder.appendingPathComponent(SafeTensorsModel.singleFileName)
        try writer.write(to: url)
        for model in [try SafeTensorsModel(url: folder), try SafeTensorsModel(url: url)] {
            XCTAssertEqual(model.tensorNames, ["lm_head.weight"])
            XCTAssertEqual(try model.floats("lm_head.weight"), [0.25, -4])
            XCTAssertEqual(model.files.first?.metadata, ["format": "pt"])
        }
    }

    func testWriterRejectsBadInput() throws {
        var writer = SafeTensorsWriter()
        try writer.add("a", shape: [2], values: [1, 2])
        XCTAssertThrowsError(try writer.add("a", shape: [2], values: [1, 2]))
        XCTAssertThrowsError(try writer.add("b", shape: [3], values: [1, 2]))
        XCTAssertThrowsError(try writer.add("__metadata__", shape: [1], values: [1]))
        XCTAssertThrowsError(try writer.add("c", shape: [1], values: [1], dtype: .u8))
        XCTAssertThrowsError(try writer.add("d", shape: [2], bytes: [1])) { error in
            XCTAssertTrue("\(error)".contains("d"), "\(error)")
        }
    }
}
