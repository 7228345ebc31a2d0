import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A whole file mapped read-only into memory; unmapped when the last reference goes away.
///
/// The mapping is never written, so sharing it between threads is safe.
final class MappedFile: @unchecked Sendable {
    /// The path the file was opened from.
    let url: URL
    /// The file's name, as errors show it.
    let displayName: String
    /// The mapped bytes (empty for an empty file).
    let bytes: UnsafeRawBufferPointer

    /// Maps `url` into memory (the pages are read lazily by the kernel).
    init(url: URL) throws {
        self.url = url
        self.displayName = url.lastPathComponent
        let path = url.path
        let fd = open(path, O_RDONLY)
        if fd < 0 {
            throw ModelFileError.cannotOpen(file: path, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) != 0 {
            throw ModelFileError.cannotOpen(file: path, reason: String(cString: strerror(errno)))
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw ModelFileError.cannotOpen(file: path, reason: "it is a folder, not a file")
        }
        let size = Int(info.st_size)
        if size == 0 {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            throw ModelFileError.cannotOpen(file: path, reason: "mmap failed: \(String(cString: strerror(errno)))")
        }
        bytes = UnsafeRawBufferPointer(start: UnsafeRawPointer(base), count: size)
    }

    /// The file size in bytes.
    var count: Int { bytes.count }

    deinit {
        if let base = bytes.baseAddress {
            munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
        }
    }
}
