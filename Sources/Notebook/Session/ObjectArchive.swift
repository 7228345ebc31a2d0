import Foundation
import Store

/// What an object saves for later: Codable state (stored as JSON provenance) and payload digests.
public struct ObjectArchive {
    /// The kind's state (what it is, where it came from, what `restore` needs), encoded into the provenance.
    let stateValue: any Encodable
    /// The kind's state as JSON.
    public var state: Data
    /// The content digest of the object (SHA-256 hex of what identifies it), if it has one.
    public var digest: String?
    /// The digest of the payload written with `ArchiveContext.putPayload`, if any.
    public var payload: String?

    /// An archive of `state`, with optional content digest and payload.
    public init<State: Encodable>(state: State, digest: String? = nil, payload: String? = nil) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        self.state = try encoder.encode(state)
        self.stateValue = state
        self.digest = digest
        self.payload = payload
    }
}

/// Lets an object write payloads while it is archived.
public struct ArchiveContext {
    /// The store the payloads go to.
    public let store: Store

    /// Writes `data` to the content-addressed payload folder; returns its digest.
    public func putPayload(_ data: Data) throws -> String {
        try store.putPayload(data)
    }

    /// Copies a file into the payload folder; returns its digest.
    public func putPayload(file url: URL) throws -> String {
        try store.putPayload(file: url)
    }
}

/// Everything `SessionObject.restore` can use to rebuild an object in a later process.
public struct RestoreContext {
    /// The object's row in the store.
    public let record: ObjectRecord
    /// The name it is bound to.
    public let name: String
    /// The store (payloads, lineage).
    public let store: Store
    /// The archived state (JSON).
    public let state: Data
    let library: ObjectLibrary

    /// Decodes the archived state.
    public func state<State: Decodable>(_ type: State.Type) throws -> State {
        do {
            return try JSONDecoder().decode(type, from: state)
        } catch {
            throw NotebookError.objectUnavailable(name: name, reason: "its stored state does not decode (\(error))")
        }
    }

    /// The payload's bytes (checked against the digest).
    public func payload() throws -> Data {
        guard let digest = record.payload else {
            throw NotebookError.objectUnavailable(name: name, reason: "it was stored without a payload")
        }
        return try store.payload(digest, verify: true)
    }

    /// The payload's file, for readers that map it.
    public func payloadURL() throws -> URL {
        guard let digest = record.payload else {
            throw NotebookError.objectUnavailable(name: name, reason: "it was stored without a payload")
        }
        let url = store.payloadURL(digest)
        guard store.hasPayload(digest) else {
            throw StoreError.payloadMissing(digest: digest, path: url.path)
        }
        return url
    }

    /// The object the producing cell used in `role` (restored too, if needed).
    public func input(role: String) throws -> any SessionObject {
        guard let cell = record.cellID else {
            throw NotebookError.objectUnavailable(name: name, reason: "it has no producing cell to find its '\(role)'")
        }
        guard let input = try store.inputs(cell: cell).first(where: { $0.role == role }) else {
            throw NotebookError.objectUnavailable(name: name, reason: "its cell recorded no '\(role)' input")
        }
        return try library.object(id: input.objectID)
    }
}
