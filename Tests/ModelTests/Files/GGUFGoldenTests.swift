import Foundation
import Model
import Store
import XCTest

/// Bit-identity with gguf-py (`gguf.quants.dequantize`), from fixtures written by scripts/golden/dequant.py.
final class GGUFGoldenTests: XCTestCase {
    func testDefaultModelHeaderAndMetadataMatchGGUFPy() throws {
        let golden = try FilesTestSupport.jsonFixture("dequant-model.json")
        let file = try GGUFFile(url: try FilesTestSupport.defaultModel())
        XCTAssertEqual(Int(file.version), golden["version"] as? Int)
        XCTAssertEqual(file.alignment, golden["alignment"] as? Int)
        XCTAssertEqual(file.dataOffset, golden["data_offset"] as? Int)

        let metadata = try XCTUnwrap(golden["metadata"] as? [String: [String: Any]])
        XCTAssertEqual(Set(file.metadataKeys), Set(metadata.keys))
        for (key, expected) in metadata {
            let value = try XCTUnwrap(file[key], key)
            let types = try XCTUnwrap(expected["types"] as? [String])
            XCTAssertEqual(value.type.description, types[0], key)
            if let count = expected["count"] as? Int {
                let array = try XCTUnwrap(value.array, key)
                XCTAssertEqual(array.count, count, key)
                if case .array(let elementType, _) = value {
                    XCTAssertEqual(elementType.description, types[1], key)
                }
                let first = try XCTUnwrap(expected["first"] as? [Any])
                for (element, want) in zip(array, first) {
                    if let s = want as? String {
                        XCTAssertEqual(element.string, s, key)
                    } else if let n = want as? Int {
                        XCTAssertEqual(element.int, n, key)
                    }
                }
            } else if let s = expected["value"] as? String {
                XCTAssertEqual(value.string, s, key)
            } else if let f = (expected["value"] as? [String: Any])?["float"] as? Double {
                XCTAssertEqual(value.float, Float(f), key)
            } else if let b = expected["value"] as? Bool, value.type == .bool {
                XCTAssertEqual(value.bool, b, key)
            } else {
                XCTAssertEqual(value.int, expected["value"] as? Int, key)
            }
        }
        XCTAssertEqual(file["tokenizer.ggml.tokens"]?.strings?.count, 49152)
        XCTAssertEqual(file["tokenizer.ggml.token_type"]?.ints?.count, 49152)
        XCTAssertEqual(file["llama.block_count"]?.int, 30)
    }

    func testEveryTensorOfDefaultModelDequantizesBitIdenticallyToGGUFPy() throws {
        let golden = try FilesTestSupport.jsonFixture("dequant-model.json")
        let tensors = try XCTUnwrap(golden["tensors"] as? [[String: Any]])
        let file = try GGUFFile(url: try FilesTestSupport.defaultModel())
        XCTAssertEqual(file.tensorNames, tensors.compactMap { $0["name"] as? String })

        var mismatches: [String] = []
        let start = Date()
        for expected in tensors {
            let name = try XCTUnwrap(expected["name"] as? String)
            let info = try file.info(name)
            XCTAssertEqual(info.type.name, expected["type"] as? String, name)
            XCTAssertEqual(try file.shape(name), expected["shape"] as? [Int], name)
            XCTAssertEqual(file.dataOffset + info.offset, expected["offset"] as? Int, name)

            let values = try file.floats(name)
            let digest = values.withUnsafeBytes { SHA256.hex(bytes: $0) }
            let first = values.prefix(8).map { Int($0.bitPattern) }
            if digest != expected["sha256"] as? String || first != expected["first"] as? [Int] {
                mismatches.append(name)
            }
        }
        let seconds = Date().timeIntervalSince(start)
        XCTAssertTrue(
            mismatches.isEmpty,
            "\(mismatches.count) tensors dequantize differently from gguf-py, e.g. \(mismatches.prefix(5))")
        print("dequantized and hashed \(tensors.count) tensors in \(String(format: "%.2f", seconds)) s")
    }

    func testSyntheticBlocksOfEverySupportedTypeMatchGGUFPyBitForBit() throws {
        let golden = try FilesTestSupport.jsonFixture("dequant-synthetic.json")
        let cases = try XCTUnwrap(golden["cases"] as? [[String: Any]])
        let covered = Set(cases.compactMap { ($0["type"] as? String).flatMap(GGMLType.init(name:)) })
        XCTAssertEqual(covered, Set(GGMLType.dequantizable), "every dequantizable type needs a golden case")

        for testCase in cases {
            let typeName = try XCTUnwrap(testCase["type"] as? String)
            let type = try XCTUnwrap(GGMLType(name: typeName))
            let count = try XCTUnwrap(testCase["count"] as? Int)
            let raw = FilesTestSupport.bytes(fromHex: try XCTUnwrap(testCase["hex"] as? String))
            let expected = try XCTUnwrap(testCase["expected"] as? [Int])
            let values = try raw.withUnsafeBytes { try GGMLDequantizer.dequantize(type, bytes: $0, count: count) }
            let bits = values.map { Int($0.bitPattern) }
            let firstDifference = zip(bits, expected).enumerated().first { $0.element.0 != $0.element.1 }
            XCTAssertEqual(bits.count, expected.count, typeName)
            XCTAssertNil(
                firstDifference,
                "\(typeName): element \(firstDifference?.offset ?? -1) is \(values[firstDifference?.offset ?? 0]), "
                    + "gguf-py gives \(Float(bitPattern: UInt32(firstDifference?.element.1 ?? 0)))")
        }
    }

    func testParallelAndSingleThreadedDequantizationAgree() throws {
        // Above the parallel threshold the blocks are split over threads: the split must not change a bit.
        let blocks = (GGMLDequantizer.parallelThreshold / 32) * 3 + 7
        var generator = FilesSplitMix64(seed: 42)
        var raw = (0..<(blocks * 20)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        for b in 0..<blocks {
            // Sane f16 scale (0.01) and min (-0.25) in each Q4_1 block.
            raw[b * 20] = 0x1F
            raw[b * 20 + 1] = 0x21
            raw[b * 20 + 2] = 0x00
            raw[b * 20 + 3] = 0xB4
        }
        let count = blocks * 32
        let whole = try raw.withUnsafeBytes { try GGMLDequantizer.dequantize(.q4_1, bytes: $0, count: count) }
        var pieces: [Float] = []
        raw.withUnsafeBytes { bytes in
            for b in 0..<blocks {
                let slice = UnsafeRawBufferPointer(rebasing: bytes[(b * 20)..<(b * 20 + 20)])
                pieces += (try? GGMLDequantizer.dequantize(.q4_1, bytes: slice, count: 32)) ?? []
            }
        }
        XCTAssertEqual(whole.map(\.bitPattern), pieces.map(\.bitPattern))
        XCTAssertEqual(whole[0], 0.01 * Float(raw[4] & 0x0F) + -0.25, accuracy: 1e-3)
    }
}

/// A tiny deterministic generator for test data.
struct FilesSplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
