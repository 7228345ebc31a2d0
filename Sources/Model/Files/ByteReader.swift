import Foundation

/// A bounds-checked little-endian cursor over mapped bytes; every read names the field it was reading
/// so a short file is reported as `truncated` at the right place.
struct ByteReader {
    /// The whole file.
    let bytes: UnsafeRawBufferPointer
    /// The file name used in errors.
    let file: String
    /// The offset of the next byte to read.
    var position: Int = 0

    init(bytes: UnsafeRawBufferPointer, file: String) {
        self.bytes = bytes
        self.file = file
    }

    /// Bytes left after `position`.
    var remaining: Int { bytes.count - position }

    /// Throws `truncated` unless `n` more bytes are available.
    func require(_ n: Int, _ field: @autoclosure () -> String) throws {
        if n < 0 || n > remaining {
            throw ModelFileError.truncated(
                file: file, field: field(), offset: position, needed: n, fileSize: bytes.count)
        }
    }

    /// Throws `truncated` unless `count` items of at least `each` bytes can still follow (guards allocations
    /// sized by counts read from the file).
    func require(_ count: Int, each: Int, _ field: @autoclosure () -> String) throws {
        let (needed, overflow) = count.multipliedReportingOverflow(by: each)
        try require(overflow ? Int.max : needed, field())
    }

    /// Reads a fixed-width little-endian integer.
    mutating func integer<T: FixedWidthInteger>(_ type: T.Type, _ field: @autoclosure () -> String) throws -> T {
        let size = MemoryLayout<T>.size
        try require(size, field())
        let raw = bytes.loadUnaligned(fromByteOffset: position, as: T.self)
        position += size
        return T(littleEndian: raw)
    }

    /// Reads a u64 count or length and checks it fits in `Int`.
    mutating func count(_ field: @autoclosure () -> String) throws -> Int {
        let start = position
        let value = try integer(UInt64.self, field())
        guard value <= UInt64(Int.max) else {
            throw ModelFileError.truncated(
                file: file, field: field() + " (length \(value))", offset: start, needed: Int.max,
                fileSize: bytes.count)
        }
        return Int(value)
    }

    /// Reads a GGUF string: u64 byte length, then UTF-8 bytes (invalid sequences become U+FFFD).
    mutating func string(_ field: @autoclosure () -> String) throws -> String {
        let length = try count(field())
        try require(length, field())
        let slice = UnsafeRawBufferPointer(rebasing: bytes[position..<(position + length)])
        position += length
        return String(decoding: slice, as: UTF8.self)
    }
}
