import Foundation

/// The bytes libFuzzer hands a harness, and the file form the file-mapping readers need.
struct FuzzInput {
    /// The input bytes.
    let data: Data

    /// Copies `count` bytes at `bytes`.
    init(_ bytes: UnsafePointer<UInt8>?, _ count: Int) {
        if let bytes, count > 0 { data = Data(bytes: bytes, count: count) } else { data = Data() }
    }

    /// Writes the input to a per-process scratch file named `name` (in /dev/shm when there is one, so no disk
    /// I/O per execution) and calls `body` with its path.
    func withFile<R>(named name: String, _ body: (String) throws -> R) rethrows -> R {
        let folder = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let path = "\(folder)/secateur-fuzz-\(getpid())-\(name)"
        _ = FileManager.default.createFile(atPath: path, contents: data)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(path)
    }
}
