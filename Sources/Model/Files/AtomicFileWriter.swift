import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a file under a temporary name in the destination folder and renames it into place on `commit`,
/// so readers never see a half-written file; an uncommitted writer removes its temporary file.
final class AtomicFileWriter {
    /// The final destination.
    let url: URL
    private let temporaryPath: String
    private var fd: Int32
    private var buffer: [UInt8] = []
    private var committed = false
    private static let bufferLimit = 1 << 20

    /// Creates the temporary file beside `url`.
    init(url: URL) throws {
        self.url = url
        let folder = url.deletingLastPathComponent().path
        temporaryPath = folder + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: .min ... .max))"
        fd = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if fd < 0 {
            throw ModelFileError.writeFailed(
                file: url.path, reason: "cannot create \(temporaryPath): \(String(cString: strerror(errno)))")
        }
        buffer.reserveCapacity(AtomicFileWriter.bufferLimit)
    }

    /// Appends bytes (buffered).
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        if buffer.count + bytes.count > AtomicFileWriter.bufferLimit {
            try flush()
        }
        if bytes.count >= AtomicFileWriter.bufferLimit {
            try writeFully(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    /// Appends an array of bytes.
    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Appends `count` zero bytes (alignment padding).
    func writeZeros(_ count: Int) throws {
        if count > 0 { try write([UInt8](repeating: 0, count: count)) }
    }

    /// Flushes, syncs, closes and renames the temporary file onto `url`.
    func commit() throws {
        try flush()
        if fsync(fd) != 0 {
            throw ModelFileError.writeFailed(file: url.path, reason: "fsync: \(String(cString: strerror(errno)))")
        }
        close(fd)
        fd = -1
        if rename(temporaryPath, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw ModelFileError.writeFailed(file: url.path, reason: "rename from \(temporaryPath): \(reason)")
        }
        committed = true
    }

    private func flush() throws {
        if buffer.isEmpty { return }
        try buffer.withUnsafeBytes { try writeFully($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeFully(_ bytes: UnsafeRawBufferPointer) throws {
        guard var pointer = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            #if canImport(Glibc)
                let n = Glibc.write(fd, pointer, left)
            #else
                let n = Darwin.write(fd, pointer, left)
            #endif
            if n < 0 {
                if errno == EINTR { continue }
                throw ModelFileError.writeFailed(file: url.path, reason: String(cString: strerror(errno)))
            }
            pointer += n
            left -= n
        }
    }

    deinit {
        if fd >= 0 { close(fd) }
        if !committed { unlink(temporaryPath) }
    }
}
