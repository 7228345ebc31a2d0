import Foundation
import XCTest

/// The `tokenizer.ggml.*` metadata of a GGUF file, read by a minimal test-only parser.
///
/// The Model module owns the real GGUF reader; the tokenizer tests only need the header's key/values:
/// magic "GGUF", version, tensor count, kv count, then (key string, type u32, value) entries.
struct GGUFTokenizerMetadata {
    var tokens: [String] = []
    var merges: [String] = []
    var tokenTypes: [Int] = []
    var preTokenizer = ""
    var model = ""
    var bosID: Int?
    var eosID: Int?
    var unknownID: Int?
    var addBOS = false

    /// Errors of the test parser, naming the file.
    struct ParseError: Error, CustomStringConvertible {
        let description: String
    }

    init(url: URL) throws {
        let data = try Data(contentsOf: url, options: .alwaysMapped)
        var reader = Reader(data: data, path: url.path)
        guard try reader.bytes(4) == Array("GGUF".utf8) else { throw reader.error("not a GGUF file") }
        let version = try reader.u32()
        guard version >= 2 else { throw reader.error("GGUF version \(version) is too old") }
        _ = try reader.u64()  // tensor count
        let kvCount = try reader.u64()
        for _ in 0..<kvCount {
            let key = try reader.string()
            let type = try reader.u32()
            switch key {
            case "tokenizer.ggml.tokens": tokens = try reader.stringArray(type)
            case "tokenizer.ggml.merges": merges = try reader.stringArray(type)
            case "tokenizer.ggml.token_type": tokenTypes = try reader.intArray(type)
            case "tokenizer.ggml.pre": preTokenizer = try reader.stringValue(type)
            case "tokenizer.ggml.model": model = try reader.stringValue(type)
            case "tokenizer.ggml.bos_token_id": bosID = try reader.intValue(type)
            case "tokenizer.ggml.eos_token_id": eosID = try reader.intValue(type)
            case "tokenizer.ggml.unknown_token_id": unknownID = try reader.intValue(type)
            case "tokenizer.ggml.add_bos_token": addBOS = try reader.intValue(type) != 0
            default: try reader.skip(type)
            }
        }
    }

    private struct Reader {
        let data: Data
        let path: String
        var offset = 0

        func error(_ message: String) -> ParseError {
            ParseError(description: "\(path) at byte \(offset): \(message)")
        }

        mutating func bytes(_ count: Int) throws -> [UInt8] {
            guard offset + count <= data.count else { throw error("truncated") }
            defer { offset += count }
            return [UInt8](data[(data.startIndex + offset)..<(data.startIndex + offset + count)])
        }

        mutating func integer(_ size: Int) throws -> UInt64 {
            var value: UInt64 = 0
            for (index, byte) in try bytes(size).enumerated() { value |= UInt64(byte) << (8 * UInt64(index)) }
            return value
        }

        mutating func u32() throws -> UInt32 { UInt32(try integer(4)) }
        mutating func u64() throws -> UInt64 { try integer(8) }

        mutating func string() throws -> String {
            let count = Int(try u64())
            return String(decoding: try bytes(count), as: UTF8.self)
        }

        static func scalarSize(_ type: UInt32) -> Int? {
            switch type {
            case 0, 1, 7: return 1
            case 2, 3: return 2
            case 4, 5, 6: return 4
            case 10, 11, 12: return 8
            default: return nil
            }
        }

        mutating func intValue(_ type: UInt32) throws -> Int {
            guard let size = Reader.scalarSize(type), type != 6, type != 12 else { throw error("expected an integer") }
            let raw = try integer(size)
            switch type {
            case 1: return Int(Int8(truncatingIfNeeded: raw))
            case 3: return Int(Int16(truncatingIfNeeded: raw))
            case 5: return Int(Int32(truncatingIfNeeded: raw))
            case 11: return Int(Int64(bitPattern: raw))
            default: return Int(raw)
            }
        }

        mutating func stringValue(_ type: UInt32) throws -> String {
            guard type == 8 else { throw error("expected a string") }
            return try string()
        }

        mutating func stringArray(_ type: UInt32) throws -> [String] {
            guard type == 9, try u32() == 8 else { throw error("expected an array of strings") }
            let count = Int(try u64())
            return try (0..<count).map { _ in try string() }
        }

        mutating func intArray(_ type: UInt32) throws -> [Int] {
            guard type == 9 else { throw error("expected an array") }
            let elementType = try u32()
            let count = Int(try u64())
            return try (0..<count).map { _ in try intValue(elementType) }
        }

        mutating func skip(_ type: UInt32) throws {
            if let size = Reader.scalarSize(type) {
                offset += size
            } else if type == 8 {
                offset += Int(try u64())
            } else if type == 9 {
                let elementType = try u32()
                let count = try u64()
                for _ in 0..<count { try skip(elementType) }
            } else {
                throw error("unknown GGUF value type \(type)")
            }
        }
    }
}
