import Foundation

/// The one rule for every command that writes a file or folder (`export`, `plot`, `.save`): an
/// existing path is refused unless `overwrite=true`; with it, the new file or folder is written beside
/// under a temporary name and renamed over the old one, so a reader never sees half of it and a
/// folder's stale files (an old `model.safetensors.index.json`, old shards) go with the old folder.
enum OutputTarget {
    /// The rule in one line, for help texts.
    static let rule = "an existing path is refused unless overwrite=true, which replaces it as a whole (atomically)"

    /// The `overwrite` key every writing verb declares.
    static let overwriteKey = ArgumentSpec.key(
        "overwrite", .bool, default: false, help: "replace an existing file or folder as a whole (default: refuse)")

    /// True when `url` exists as a file, or as a folder with something in it (an empty folder is free to use).
    static func isOccupied(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            // A dangling symbolic link still occupies the name.
            return (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) != nil
        }
        guard isDirectory.boolValue else { return true }
        return !((try? FileManager.default.contentsOfDirectory(atPath: url.path))?.isEmpty ?? true)
    }

    /// Writes through `body` to a temporary sibling of `url`, then renames it into place (replacing an
    /// existing one only when `overwrite`); missing parent folders are created when `createsFolders`.
    /// `path` is the path as the user wrote it, for errors.
    static func write<T>(
        to url: URL, path: String, isDirectory: Bool, overwrite: Bool, createsFolders: Bool = false,
        _ body: (URL) throws -> T
    ) throws -> T {
        let occupied = isOccupied(url)
        if occupied && !overwrite { throw NotebookError.outputExists(path: path) }
        let parent = url.deletingLastPathComponent()
        let temporary = parent.appendingPathComponent(".\(url.lastPathComponent).secateur-\(UUID().uuidString)")
        let manager = FileManager.default
        var parentIsFolder: ObjCBool = false
        if !createsFolders, !manager.fileExists(atPath: parent.path, isDirectory: &parentIsFolder) {
            throw NotebookError.unwritableFile(path: path, reason: "the folder \(parent.path) does not exist")
        }
        do {
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
            if isDirectory { try manager.createDirectory(at: temporary, withIntermediateDirectories: false) }
        } catch {
            throw NotebookError.unwritableFile(path: path, reason: Session.reason(error))
        }
        var success = false
        defer { if !success { try? manager.removeItem(at: temporary) } }
        let result = try body(temporary)
        var existing: ObjCBool = false
        let exists = manager.fileExists(atPath: url.path, isDirectory: &existing)
        if exists && existing.boolValue {
            // rename(2) cannot replace a non-empty folder: move the old one aside, move the new one in,
            // then delete the old one (with its stale companion files).
            let old = parent.appendingPathComponent(".\(url.lastPathComponent).secateur-old-\(UUID().uuidString)")
            try renameOrThrow(url, old, path: path)
            do {
                try renameOrThrow(temporary, url, path: path)
            } catch {
                try? renameOrThrow(old, url, path: path)
                throw error
            }
            try? manager.removeItem(at: old)
        } else {
            try renameOrThrow(temporary, url, path: path)
        }
        success = true
        return result
    }

    private static func renameOrThrow(_ from: URL, _ to: URL, path: String) throws {
        guard rename(from.path, to.path) == 0 else {
            throw NotebookError.unwritableFile(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
