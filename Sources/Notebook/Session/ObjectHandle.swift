import Store

/// A name bound to a stored object; the object itself is loaded the first time it is needed.
public final class ObjectHandle: Equatable, CustomStringConvertible {
    /// The name it is bound to.
    public let name: String
    /// The object's row in the store.
    public let record: ObjectRecord
    /// The one-line summary saved when the object was made.
    public let summary: String
    unowned let library: ObjectLibrary

    init(name: String, record: ObjectRecord, summary: String, library: ObjectLibrary) {
        self.name = name
        self.record = record
        self.summary = summary
        self.library = library
    }

    /// The object's id in the store.
    public var id: Int64 { record.id }
    /// The object's kind.
    public var kind: ObjectKind { record.kind }
    /// True when the object is in memory (made or restored in this process).
    public var isLoaded: Bool { library.isLoaded(id: record.id) }

    /// The object, restored from the store if this process has not seen it yet.
    public func object() throws -> any SessionObject {
        try library.object(id: record.id, name: name)
    }

    /// The object as the concrete type a verb expects.
    public func object<Object: SessionObject>(as type: Object.Type) throws -> Object {
        let value = try object()
        guard let typed = value as? Object else {
            throw NotebookError.objectUnavailable(
                name: name, reason: "it is a \(Swift.type(of: value).storageType), not a \(Object.storageType)")
        }
        return typed
    }

    /// Handles are the same when they are the same binding.
    public static func == (lhs: ObjectHandle, rhs: ObjectHandle) -> Bool { lhs === rhs }

    /// `name (kind #id)`.
    public var description: String { "\(name) (\(kind.rawValue) #\(id))" }
}
