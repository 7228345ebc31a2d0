import Foundation
import Store

/// A value that can be bound to a name in the session: every object kind (model, text, calib, mask,
/// result) wraps its module's value in a final class conforming to this.
///
/// Objects are immutable. The engine archives them when the cell succeeds and restores them lazily in a
/// later process (`restore`), so a kind must be able to rebuild itself from its archived state, its payload
/// and the objects its producing cell used.
public protocol SessionObject: AnyObject {
    /// The kind recorded in the store and checked by `.object([...])` arguments.
    static var kind: ObjectKind { get }
    /// Distinguishes stored representations within a kind (a file-backed model vs a pruned one);
    /// the registry restores by it. Defaults to the kind's name.
    static var storageType: String { get }
    /// Formats `export` can write for this kind (empty: not exportable).
    static var exportFormats: [ExportFormat] { get }

    /// One line saying what this is, shown after binding, by `.objects` (stored, so listing loads nothing)
    /// and by `show`.
    var summary: String { get }
    /// Label–value pairs for `show`.
    var properties: [(label: String, value: String)] { get }
    /// A few lines giving a feel for the content, for `show`.
    func preview(lines: Int) -> [String]
    /// Writes the object to `url` in `format` (one of `exportFormats`); returns what was written, without the
    /// path (`3 documents`), for the line `wrote 3 documents to PATH (jsonl)`.
    func export(to url: URL, format: ExportFormat, context: ExecutionContext) throws -> String
    /// Bytes held by this object beyond what its inputs hold (weights, payload copies). The session keeps the
    /// recently used objects within its memory budget and restores an evicted one from the store on next use;
    /// objects reporting zero (the default: small ones, and models loaded from files, which pruned models share)
    /// stay in memory.
    var residentBytes: Int { get }
    /// Saves what `restore` needs: large data through `context.putPayload`, the rest as Codable state.
    func archive(into context: ArchiveContext) throws -> ObjectArchive
    /// Rebuilds the object from what `archive` saved.
    static func restore(from context: RestoreContext) throws -> Self
}

extension SessionObject {
    /// The kind's name.
    public static var storageType: String { kind.rawValue }
    /// No export formats.
    public static var exportFormats: [ExportFormat] { [] }
    /// No properties beyond provenance.
    public var properties: [(label: String, value: String)] { [] }
    /// No preview.
    public func preview(lines: Int) -> [String] { [] }
    /// Small enough to keep.
    public var residentBytes: Int { 0 }
    /// Refuses: the kind has no export format.
    public func export(to url: URL, format: ExportFormat, context: ExecutionContext) throws -> String {
        throw NotebookError.unsupportedExport(name: "", kind: Self.kind, path: url.path, formats: [])
    }
}
