import Foundation

/// The compact payload format: little-endian, so a stored set reads back the same on any machine.
///
/// Layout: magic `SCAL`, version `u16` (1), token width `u8` (2 or 4 bytes), reserved `u8`,
/// provenance JSON length `u32` and bytes (sorted keys), sequence count `u32`, one `u32` length
/// per sequence, then every token id in order at the token width.
extension CalibrationSet {
    private static let magic: [UInt8] = Array("SCAL".utf8)
    private static let version: UInt16 = 1

    /// The set serialized as a payload (deterministic: equal sets give equal bytes).
    public func serialized() -> Data {
        let maxToken = sequences.lazy.flatMap { $0 }.max() ?? 0
        let width: UInt8 = maxToken <= Int32(UInt16.max) ? 2 : 4
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding a struct of strings, an optional integer and a string dictionary cannot fail.
        let provenanceJSON = (try? encoder.encode(provenance)) ?? Data("{}".utf8)
        var out = Data()
        out.reserveCapacity(16 + provenanceJSON.count + 4 * sequences.count + Int(width) * tokenCount)
        out.append(contentsOf: Self.magic)
        appendLittleEndian(&out, Self.version)
        out.append(width)
        out.append(0)
        appendLittleEndian(&out, UInt32(provenanceJSON.count))
        out.append(provenanceJSON)
        appendLittleEndian(&out, UInt32(sequences.count))
        for sequence in sequences { appendLittleEndian(&out, UInt32(sequence.count)) }
        for sequence in sequences {
            for token in sequence {
                if width == 2 {
                    appendLittleEndian(&out, UInt16(truncatingIfNeeded: token))
                } else {
                    appendLittleEndian(&out, UInt32(bitPattern: token))
                }
            }
        }
        return out
    }

    /// Reads a payload written by `serialized()`.
    public init(serialized data: Data) throws {
        var reader = PayloadReader(bytes: [UInt8](data))
        guard try reader.bytes(4) == Self.magic else {
            throw CalibrationError.corruptPayload(reason: "it does not start with SCAL")
        }
        let version: UInt16 = try reader.integer()
        guard version == Self.version else {
            throw CalibrationError.corruptPayload(reason: "format version \(version), this build reads \(Self.version)")
        }
        let width = try reader.bytes(2)[0]
        guard width == 2 || width == 4 else {
            throw CalibrationError.corruptPayload(reason: "token width \(width) (expected 2 or 4)")
        }
        let jsonLength: UInt32 = try reader.integer()
        let json = Data(try reader.bytes(Int(jsonLength)))
        let provenance: CalibrationProvenance
        do {
            provenance = try JSONDecoder().decode(CalibrationProvenance.self, from: json)
        } catch {
            throw CalibrationError.corruptPayload(reason: "provenance is not valid JSON")
        }
        let count: UInt32 = try reader.integer()
        var lengths: [Int] = []
        lengths.reserveCapacity(Int(count))
        for _ in 0..<count {
            let length: UInt32 = try reader.integer()
            lengths.append(Int(length))
        }
        let expected = lengths.reduce(0, +) * Int(width)
        guard reader.remaining == expected else {
            throw CalibrationError.corruptPayload(reason: "\(reader.remaining) token bytes, expected \(expected)")
        }
        var sequences: [[Int32]] = []
        sequences.reserveCapacity(lengths.count)
        for length in lengths {
            var sequence = [Int32]()
            sequence.reserveCapacity(length)
            for _ in 0..<length {
                if width == 2 {
                    let token: UInt16 = try reader.integer()
                    sequence.append(Int32(token))
                } else {
                    let token: UInt32 = try reader.integer()
                    sequence.append(Int32(bitPattern: token))
                }
            }
            sequences.append(sequence)
        }
        self.init(sequences: sequences, provenance: provenance)
    }
}

private func appendLittleEndian<T: FixedWidthInteger>(_ data: inout Data, _ value: T) {
    withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
}

/// Sequential little-endian reads with bounds checks.
private struct PayloadReader {
    let bytes: [UInt8]
    var offset = 0

    var remaining: Int { bytes.count - offset }

    mutating func bytes(_ n: Int) throws -> [UInt8] {
        guard n >= 0, n <= remaining else {
            throw CalibrationError.corruptPayload(reason: "truncated at byte \(offset) (wanted \(n) more)")
        }
        defer { offset += n }
        return Array(bytes[offset..<(offset + n)])
    }

    mutating func integer<T: FixedWidthInteger>() throws -> T {
        let size = MemoryLayout<T>.size
        guard size <= remaining else {
            throw CalibrationError.corruptPayload(reason: "truncated at byte \(offset) (wanted \(size) more)")
        }
        var value: T = 0
        for i in 0..<size { value |= T(bytes[offset + i]) << (8 * i) }
        offset += size
        return value
    }
}
