import Foundation
import Model
import Tensor

/// The binary mask format (version 1), little-endian:
///
///     "SCTRMASK"  UInt32 version  UInt32 headerBytes  header (JSON, UTF-8)  payload
///
/// The header names the model shape, method, pattern, metadata and, per linear in block order, its shape, pruned
/// count and whether updated weights follow; it also records the payload size and its FNV-1a 64 checksum. The
/// payload holds, per linear, the packed keep bits (`rows · ⌈cols/64⌉` UInt64 words) and, for updated linears, the
/// kept weights only (Float32, row-major order of the kept positions): pruned weights are 0 by definition.
/// Encoding is deterministic (sorted JSON keys), so equal masks give equal bytes and equal content digests.
extension PruningMask {
    /// The format version this build writes and the newest it reads.
    public static let formatVersion: UInt32 = 1

    /// The 8-byte magic at the start of every serialized mask.
    static let magic = Array("SCTRMASK".utf8)

    private struct Header: Codable {
        var shape: ModelShape
        var method: String
        var pattern: String
        var metadata: [String: String]
        var blockPatterns: [String]
        var entries: [Entry]
        var payloadBytes: Int
        var payloadChecksum: String
    }

    private struct Entry: Codable {
        var linear: String
        var rows: Int
        var cols: Int
        var pruned: Int
        var updated: Bool
        var loss: Double?
    }

    /// The mask as bytes (see the format above).
    public func serialized() throws -> Data {
        var payload = Data()
        var entries: [Entry] = []
        for id in linears.keys.sorted() {
            guard let mask = linears[id] else { continue }
            let updated = updatedWeights[id]
            entries.append(
                Entry(
                    linear: id.description, rows: mask.rows, cols: mask.cols, pruned: mask.prunedCount,
                    updated: updated != nil, loss: losses[id]))
            var words = mask.words.map { $0.littleEndian }
            words.withUnsafeMutableBytes { payload.append(contentsOf: $0) }
            if let updated {
                var kept: [UInt32] = []
                kept.reserveCapacity(mask.count - mask.prunedCount)
                for r in 0..<mask.rows {
                    for c in 0..<mask.cols where mask.isKept(r, c) {
                        kept.append(updated.data[r * mask.cols + c].bitPattern.littleEndian)
                    }
                }
                kept.withUnsafeMutableBytes { payload.append(contentsOf: $0) }
            }
        }
        let header = Header(
            shape: shape, method: method, pattern: pattern, metadata: metadata, blockPatterns: blockPatterns,
            entries: entries, payloadBytes: payload.count, payloadChecksum: Self.checksum(payload))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(header)
        var out = Data(Self.magic)
        out.append(contentsOf: withUnsafeBytes(of: Self.formatVersion.littleEndian) { Array($0) })
        out.append(contentsOf: withUnsafeBytes(of: UInt32(json.count).littleEndian) { Array($0) })
        out.append(json)
        out.append(payload)
        return out
    }

    /// Decodes bytes written by `serialized()`, checking structure, checksum and shapes.
    public init(serialized data: Data) throws {
        let bytes = [UInt8](data)
        guard bytes.count >= 16, Array(bytes[0..<8]) == Self.magic else {
            throw PruningError.corruptMask(reason: "missing the SCTRMASK signature (not a Secateur mask)")
        }
        let version = Self.readUInt32(bytes, at: 8)
        guard version >= 1 else { throw PruningError.corruptMask(reason: "format version 0") }
        guard version <= Self.formatVersion else {
            throw PruningError.unsupportedMaskVersion(found: version, supported: Self.formatVersion)
        }
        let headerBytes = Int(Self.readUInt32(bytes, at: 12))
        guard 16 + headerBytes <= bytes.count else {
            throw PruningError.corruptMask(
                reason: "header of \(headerBytes) bytes overruns the \(bytes.count)-byte file")
        }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: Data(bytes[16..<(16 + headerBytes)]))
        } catch {
            throw PruningError.corruptMask(reason: "unreadable header (\(error))")
        }
        let payloadStart = 16 + headerBytes
        guard bytes.count - payloadStart == header.payloadBytes else {
            throw PruningError.corruptMask(
                reason:
                    "payload is \(bytes.count - payloadStart) bytes, header says \(header.payloadBytes) (truncated?)")
        }
        let payload = Data(bytes[payloadStart...])
        guard Self.checksum(payload) == header.payloadChecksum else {
            throw PruningError.corruptMask(reason: "payload checksum mismatch")
        }
        self.init(shape: header.shape, method: header.method, pattern: header.pattern, metadata: header.metadata)
        blockPatterns = header.blockPatterns
        var offset = payloadStart
        for entry in header.entries {
            guard let id = LinearID(entry.linear) else {
                throw PruningError.corruptMask(reason: "unknown linear '\(entry.linear)'")
            }
            let wordCount = entry.rows * ((entry.cols + 63) / 64)
            guard entry.rows >= 0, entry.cols >= 0, offset + wordCount * 8 <= bytes.count else {
                throw PruningError.corruptMask(reason: "bits of \(entry.linear) overrun the payload")
            }
            var words = [UInt64](repeating: 0, count: wordCount)
            for i in 0..<wordCount { words[i] = Self.readUInt64(bytes, at: offset + 8 * i) }
            offset += wordCount * 8
            let mask = try LinearMask(rows: entry.rows, cols: entry.cols, words: words)
            guard mask.prunedCount == entry.pruned else {
                throw PruningError.corruptMask(
                    reason: "\(entry.linear) has \(mask.prunedCount) pruned bits, header says \(entry.pruned)")
            }
            var updated: Matrix? = nil
            if entry.updated {
                let keptCount = mask.count - mask.prunedCount
                guard offset + keptCount * 4 <= bytes.count else {
                    throw PruningError.corruptMask(reason: "weights of \(entry.linear) overrun the payload")
                }
                let w = Matrix(rows: entry.rows, cols: entry.cols)
                var k = 0
                for r in 0..<entry.rows {
                    for c in 0..<entry.cols where mask.isKept(r, c) {
                        w.data[r * entry.cols + c] = Float(bitPattern: Self.readUInt32(bytes, at: offset + 4 * k))
                        k += 1
                    }
                }
                offset += keptCount * 4
                updated = w
            }
            try set(id, mask: mask, updatedWeight: updated)
            if let loss = entry.loss { losses[id] = loss }
        }
        guard offset == bytes.count else {
            throw PruningError.corruptMask(reason: "\(bytes.count - offset) unexplained bytes after the last linear")
        }
    }

    /// FNV-1a 64 of `data`, as 16 hex digits.
    static func checksum(_ data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        data.withUnsafeBytes { raw in
            for byte in raw {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    private static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        var value: UInt32 = 0
        for i in 0..<4 { value |= UInt32(bytes[offset + i]) << (8 * UInt32(i)) }
        return value
    }

    private static func readUInt64(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        var value: UInt64 = 0
        for i in 0..<8 { value |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        return value
    }
}
