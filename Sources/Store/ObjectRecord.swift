import Foundation

/// A stored object: one binding of a name to an immutable value.
public struct ObjectRecord: Sendable, Equatable {
    /// Row id; the current binding of a name is its row with the largest id.
    public let id: Int64
    /// The name it was bound to (nil for anonymous results).
    public let name: String?
    /// What it is.
    public let kind: ObjectKind
    /// The cell that produced it.
    public let cellID: Int64?
    /// Where it came from, as JSON text.
    public let provenance: String
    /// Digest identifying its content (e.g. SHA-256 of the model file), if known.
    public let digest: String?
    /// Digest of its payload in the payload folder, if it has one.
    public let payload: String?
    /// When it was recorded.
    public let created: Date

    static let columns = "id, name, kind, cell_id, provenance, digest, payload, created_at"

    init(_ s: Statement) {
        id = s.int64(at: 0)
        name = s.string(at: 1)
        kind = ObjectKind(rawValue: s.string(at: 2) ?? "") ?? .result
        cellID = s.optionalInt64(at: 3)
        provenance = s.string(at: 4) ?? "{}"
        digest = s.string(at: 5)
        payload = s.string(at: 6)
        created = s.string(at: 7).flatMap(Timestamp.date) ?? Date(timeIntervalSince1970: 0)
    }

    /// The provenance parsed as a JSON object (nil if it is not one).
    public var provenanceDictionary: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(provenance.utf8))) as? [String: Any]
    }
}
