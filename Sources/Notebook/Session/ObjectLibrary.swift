import Foundation
import Store

/// The session's namespace: names bound to stored objects, and the objects loaded so far.
///
/// A new process starts with every current binding of the store (latest object per name) and restores
/// an object only when a command uses it. Rebinding a name leaves the old object in the store.
/// Objects with a `residentBytes` size (pruned models, masks) are kept least-recently-used within
/// `memoryBudget`: a script that prunes a hundred times holds a few of them, not a hundred, and an evicted one
/// is restored from the store when a command uses it again.
public final class ObjectLibrary {
    /// A quarter of physical memory, or `SECATEUR_MEMORY_MB` megabytes when set to a valid value
    /// (the executable checks it at start-up with `memoryBudget(environment:)`).
    public static var defaultMemoryBudget: Int {
        (try? memoryBudget(environment: ProcessInfo.processInfo.environment))
            ?? Int(ProcessInfo.processInfo.physicalMemory / 4)
    }

    /// The largest `SECATEUR_MEMORY_MB` accepted (16 TiB): beyond it the byte count would approach `Int.max`.
    public static let maximumMemoryMegabytes = 1 << 24

    /// The budget `SECATEUR_MEMORY_MB` asks for (a quarter of physical memory when unset); a value that
    /// is not a whole number of megabytes in 0...`maximumMemoryMegabytes` (`4G`, `-1`, 2^43) is an error.
    public static func memoryBudget(environment: [String: String]) throws -> Int {
        guard let text = environment["SECATEUR_MEMORY_MB"] else {
            return Int(ProcessInfo.processInfo.physicalMemory / 4)
        }
        guard let megabytes = Int(text.trimmingCharacters(in: .whitespaces)), megabytes >= 0,
            megabytes <= maximumMemoryMegabytes
        else {
            throw NotebookError.invalidEnvironment(
                variable: "SECATEUR_MEMORY_MB", value: text,
                expected: "a whole number of megabytes from 0 to \(maximumMemoryMegabytes), e.g. 4096 for 4 GB")
        }
        return megabytes << 20
    }

    /// The provenance JSON the engine writes: the kind's state wrapped with what listing needs. Decoding reads
    /// the type and summary only (restoring decodes `state` as the kind's own `State`).
    struct Provenance: Codable {
        var type: String
        var summary: String
    }

    /// The provenance as written: `Provenance` with the kind's state under `state`.
    private struct ProvenanceEnvelope: Encodable {
        var type: String
        var summary: String
        var state: any Encodable

        enum CodingKeys: String, CodingKey {
            case type, summary, state
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(type, forKey: .type)
            try container.encode(summary, forKey: .summary)
            try container.encode(state, forKey: .state)
        }
    }

    let store: Store
    let kinds: ObjectKindRegistry
    private var bindings: [String: ObjectHandle] = [:]
    private var loaded: [Int64: any SessionObject] = [:]
    /// Loaded objects with a resident size (bytes taken once, when loaded), least recently used first.
    private var recency: [(id: Int64, bytes: Int)] = []
    /// Bytes of sized objects kept in memory beyond the one in use.
    let memoryBudget: Int

    /// A namespace over `store`, bound to the store's current objects.
    init(store: Store, kinds: ObjectKindRegistry, memoryBudget: Int = ObjectLibrary.defaultMemoryBudget) throws {
        self.store = store
        self.kinds = kinds
        self.memoryBudget = memoryBudget
        for record in try store.currentObjects() {
            guard let name = record.name else { continue }
            bindings[name] = ObjectHandle(
                name: name, record: record, summary: Self.provenance(of: record)?.summary ?? "", library: self)
        }
    }

    /// The object bound to `name`.
    public func handle(named name: String) -> ObjectHandle? { bindings[name] }

    /// Every bound name, sorted.
    public var names: [String] { bindings.keys.sorted() }

    /// Every binding, by name.
    public var handles: [ObjectHandle] { names.compactMap { bindings[$0] } }

    /// The bindings of the given kinds (all when `kinds` is empty), by name.
    public func handles(ofKinds kinds: [ObjectKind]) -> [ObjectHandle] {
        handles.filter { kinds.isEmpty || kinds.contains($0.kind) }
    }

    /// True when the object with this id is in memory.
    func isLoaded(id: Int64) -> Bool { loaded[id] != nil }

    /// Binds `name` to a just-recorded object (replacing any earlier binding of the name).
    @discardableResult
    func bind(name: String, record: ObjectRecord, object: any SessionObject) -> ObjectHandle {
        loaded[record.id] = object
        touch(record.id, object)
        let handle = ObjectHandle(name: name, record: record, summary: object.summary, library: self)
        bindings[name] = handle
        return handle
    }

    /// The object with `id`, restored from the store on first use.
    func object(id: Int64, name: String? = nil) throws -> any SessionObject {
        if let object = loaded[id] {
            touch(id, object)
            return object
        }
        guard let record = try store.object(id: id) else {
            throw NotebookError.objectUnavailable(name: name ?? "#\(id)", reason: "the store has no object #\(id)")
        }
        let label = name ?? record.name ?? "#\(id)"
        guard let data = record.provenance.data(using: .utf8),
            let envelope = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let type = envelope["type"] as? String
        else {
            throw NotebookError.objectUnavailable(name: label, reason: "its provenance names no stored type")
        }
        guard let restore = kinds.restorer(for: type) else {
            let known = kinds.storageTypes.joined(separator: ", ")
            throw NotebookError.objectUnavailable(
                name: label, reason: "this build cannot restore a '\(type)' (known: \(known))")
        }
        let state = try envelope["state"].map {
            try JSONSerialization.data(withJSONObject: $0, options: [.fragmentsAllowed])
        }
        let context = RestoreContext(
            record: record, name: label, store: store, state: state ?? Data("{}".utf8), library: self)
        let object = try restore(context)
        loaded[id] = object
        touch(id, object)
        return object
    }

    /// Marks `object` most recently used and evicts the least recently used sized objects over the budget
    /// (never the one just used: commands hold their inputs while they run).
    private func touch(_ id: Int64, _ object: any SessionObject) {
        if let index = recency.firstIndex(where: { $0.id == id }) {
            recency.append(recency.remove(at: index))
        } else {
            let bytes = object.residentBytes
            guard bytes > 0 else { return }
            recency.append((id, bytes))
        }
        var total = recency.reduce(0) { $0 + $1.bytes }
        while total > memoryBudget, recency.count > 1 {
            let oldest = recency.removeFirst()
            total -= oldest.bytes
            loaded[oldest.id] = nil
        }
    }

    /// The provenance JSON for an object of storage `type`: `{"state": …, "summary": …, "type": …}`.
    static func provenanceJSON(type: String, summary: String, archive: ObjectArchive) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(ProvenanceEnvelope(type: type, summary: summary, state: archive.stateValue))
        return String(decoding: data, as: UTF8.self)
    }

    /// The type and summary in a stored object's provenance, if it was written by the engine.
    static func provenance(of record: ObjectRecord) -> Provenance? {
        guard let data = record.provenance.data(using: .utf8) else { return nil }
        return try? JSONDecoder().decode(Provenance.self, from: data)
    }
}
