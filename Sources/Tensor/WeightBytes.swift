/// An owned, 64-byte-aligned byte buffer holding encoded weight rows (a weight copied out of its file, permuted or
/// converted at load); freed with its last reference.
final class WeightBytes: @unchecked Sendable {
    /// The bytes; written once while the weight is built, read-only afterwards.
    let pointer: UnsafeMutableRawPointer
    /// Their number.
    let count: Int

    /// Allocates `count` uninitialised bytes.
    init(count: Int) {
        precondition(count >= 0, "WeightBytes: negative size \(count)")
        self.count = count
        pointer = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: 64)
    }

    deinit { pointer.deallocate() }
}
