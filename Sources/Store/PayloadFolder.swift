import Foundation

/// A content-addressed folder of payload files: `<folder>/ab/cdef…` named by the SHA-256 of their bytes.
///
/// Files are written under `tmp/`, fsynced, then renamed into place (and the folder fsynced), so a file
/// under its digest is always complete; writing the same bytes twice is a no-op.
public final class PayloadFolder: @unchecked Sendable {
    /// The folder.
    public let url: URL
    private var temporaries: URL { url.appendingPathComponent("tmp", isDirectory: true) }

    /// Opens the folder, creating it (and `tmp/`) if needed, and removes temporaries of dead processes.
    public init(url: URL) throws {
        self.url = url
        for dir in [url, url.appendingPathComponent("tmp", isDirectory: true)] {
            if mkdir(dir.path, 0o755) != 0 && errno != EEXIST {
                throw StoreError.payloadIO(path: dir.path, reason: "cannot create folder: \(errnoText())")
            }
        }
        removeStaleTemporaries()
    }

    /// Where the payload with this digest lives (whether or not it exists).
    public func url(for digest: String) -> URL {
        let name = digest.lowercased()
        return url.appendingPathComponent(String(name.prefix(2)), isDirectory: true)
            .appendingPathComponent(String(name.dropFirst(2)))
    }

    /// True when a payload with this digest is present.
    public func contains(_ digest: String) -> Bool {
        SHA256.isHexDigest(digest) && access(url(for: digest).path, F_OK) == 0
    }

    /// Stores bytes, returning their SHA-256 hex digest.
    public func put(_ data: Data) throws -> String {
        try data.withUnsafeBytes { try put(bytes: $0) }
    }

    /// Stores raw bytes, returning their SHA-256 hex digest.
    public func put(bytes: UnsafeRawBufferPointer) throws -> String {
        let digest = SHA256.hex(bytes: bytes)
        if contains(digest) { return digest }
        let tmp = try temporaryPath()
        do {
            let fd = try create(tmp)
            defer { close(fd) }
            try writeAll(fd, bytes, path: tmp)
            try sync(fd, path: tmp)
        }
        try install(tmp, as: digest)
        return digest
    }

    /// Copies a file in (the source is left as it is), hashing it on the way; returns its digest.
    public func put(file source: URL) throws -> String {
        let input = open(source.path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw StoreError.payloadIO(path: source.path, reason: "cannot open: \(errnoText())") }
        defer { close(input) }
        let tmp = try temporaryPath()
        var hasher = SHA256()
        do {
            let fd = try create(tmp)
            defer { close(fd) }
            let chunk = 4 << 20
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 64)
            defer { buffer.deallocate() }
            while true {
                let n = read(input, buffer.baseAddress, chunk)
                if n < 0 {
                    if errno == EINTR { continue }
                    unlink(tmp)
                    throw StoreError.payloadIO(path: source.path, reason: "read failed: \(errnoText())")
                }
                if n == 0 { break }
                let piece = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
                hasher.update(piece)
                try writeAll(fd, piece, path: tmp)
            }
            try sync(fd, path: tmp)
        }
        let digest = SHA256.hexString(hasher.finalize())
        if contains(digest) {
            unlink(tmp)
            return digest
        }
        try install(tmp, as: digest)
        return digest
    }

    /// The payload's bytes (memory-mapped when possible); with `verify`, checks they hash to `digest`.
    public func data(_ digest: String, verify: Bool = false) throws -> Data {
        guard SHA256.isHexDigest(digest) else {
            throw StoreError.invalid("\(digest) is not a payload digest (64 lowercase hex digits)")
        }
        let file = url(for: digest)
        guard access(file.path, F_OK) == 0 else { throw StoreError.payloadMissing(digest: digest, path: file.path) }
        let data: Data
        do {
            data = try Data(contentsOf: file, options: .alwaysMapped)
        } catch {
            throw StoreError.payloadIO(path: file.path, reason: "cannot read: \(error.localizedDescription)")
        }
        if verify {
            let actual = SHA256.hex(data)
            if actual != digest { throw StoreError.payloadCorrupt(digest: digest, actual: actual) }
        }
        return data
    }

    private func temporaryPath() throws -> String {
        let random = UInt64.random(in: 0...UInt64.max)
        return temporaries.appendingPathComponent("\(getpid()).\(String(random, radix: 16)).partial").path
    }

    private func create(_ path: String) throws -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreError.payloadIO(path: path, reason: "cannot create: \(errnoText())") }
        return fd
    }

    private func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        guard var p = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let n = write(fd, p, min(left, 1 << 30))
            if n < 0 {
                if errno == EINTR { continue }
                let reason = errnoText()
                unlink(path)
                throw StoreError.payloadIO(path: path, reason: "write failed: \(reason)")
            }
            p += n
            left -= n
        }
    }

    private func sync(_ fd: Int32, path: String) throws {
        guard fsync(fd) == 0 else {
            let reason = errnoText()
            unlink(path)
            throw StoreError.payloadIO(path: path, reason: "fsync failed: \(reason)")
        }
    }

    /// Renames a complete temporary to its digest name and makes the rename durable.
    private func install(_ tmp: String, as digest: String) throws {
        let final = url(for: digest)
        let shard = final.deletingLastPathComponent().path
        var created = false
        if mkdir(shard, 0o755) == 0 {
            created = true
        } else if errno != EEXIST {
            let reason = errnoText()
            unlink(tmp)
            throw StoreError.payloadIO(path: shard, reason: "cannot create folder: \(reason)")
        }
        guard rename(tmp, final.path) == 0 else {
            let reason = errnoText()
            unlink(tmp)
            throw StoreError.payloadIO(path: final.path, reason: "rename failed: \(reason)")
        }
        syncDirectory(shard)
        if created { syncDirectory(url.path) }
    }

    private func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    /// Deletes `tmp/<pid>.*.partial` files whose process is gone (left by a killed writer).
    private func removeStaleTemporaries() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: temporaries.path) else { return }
        for name in names where name.hasSuffix(".partial") {
            guard let pid = Int32(name.prefix(while: { $0 != "." })) else { continue }
            if pid != getpid() && !ProcessIdentity.isAlive(pid: pid, token: nil) {
                unlink(temporaries.appendingPathComponent(name).path)
            }
        }
    }
}

/// The text for the current `errno`.
func errnoText() -> String { String(cString: strerror(errno)) }
