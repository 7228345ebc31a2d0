import Store

/// Knows how to restore each stored object representation (`SessionObject.storageType`).
public struct ObjectKindRegistry {
    /// Rebuilds an object from its archive.
    public typealias Restore = (RestoreContext) throws -> any SessionObject

    private var restorers: [String: Restore] = [:]

    /// An empty registry.
    public init() {}

    /// Adds a type; its `storageType` must be unique.
    public mutating func register<Object: SessionObject>(_ type: Object.Type) {
        let storageType = Object.storageType
        precondition(restorers[storageType] == nil, "storage type \(storageType) registered twice")
        restorers[storageType] = { context in try Object.restore(from: context) }
    }

    /// The restorer for `storageType`, if registered.
    public func restorer(for storageType: String) -> Restore? {
        restorers[storageType]
    }

    /// The storage types known, sorted.
    public var storageTypes: [String] { restorers.keys.sorted() }
}
