import Foundation

extension Store {
    /// Stores bytes in the payload folder (temp file, fsync, rename; idempotent) and returns their digest.
    public func putPayload(_ data: Data) throws -> String { try payloads.put(data) }

    /// Stores raw bytes (e.g. a Float buffer) and returns their digest.
    public func putPayload(bytes: UnsafeRawBufferPointer) throws -> String { try payloads.put(bytes: bytes) }

    /// Copies a file into the payload folder (the source is left alone) and returns its digest.
    public func putPayload(file url: URL) throws -> String { try payloads.put(file: url) }

    /// The payload's bytes, memory-mapped; with `verify`, checked against the digest.
    public func payload(_ digest: String, verify: Bool = false) throws -> Data {
        try payloads.data(digest, verify: verify)
    }

    /// Where the payload's file is (for readers that map it themselves).
    public func payloadURL(_ digest: String) -> URL { payloads.url(for: digest) }

    /// True when the payload is present.
    public func hasPayload(_ digest: String) -> Bool { payloads.contains(digest) }
}
