import Synchronization

/// Reusable 64-byte-aligned Float buffers for packing, so a GEMM call does not page-fault fresh memory each time.
final class ScratchPool: Sendable {
    /// The process-wide pool.
    static let shared = ScratchPool()

    private struct Buffer: @unchecked Sendable {
        let pointer: UnsafeMutablePointer<Float>
        let capacity: Int
    }

    /// Idle buffers; a handful at most (two per thread per level of nesting in practice).
    private let idle = Mutex<[Buffer]>([])
    private let maxIdle = 16

    /// Runs `body` with a buffer of at least `count` floats (uninitialised), then returns it to the pool.
    func withBuffer<R>(_ count: Int, _ body: (UnsafeMutablePointer<Float>) -> R) -> R {
        let buffer = take(count)
        defer { give(buffer) }
        return body(buffer.pointer)
    }

    private func take(_ count: Int) -> Buffer {
        let found: Buffer? = idle.withLock { list in
            guard let index = list.firstIndex(where: { $0.capacity >= count }) else { return nil }
            return list.remove(at: index)
        }
        if let found { return found }
        return Buffer(pointer: allocateFloats(count), capacity: count)
    }

    private func give(_ buffer: Buffer) {
        let evicted: Buffer? = idle.withLock { list in
            list.append(buffer)
            guard list.count > maxIdle else { return nil }
            // Keep the large buffers: drop the smallest.
            guard let smallest = list.indices.min(by: { list[$0].capacity < list[$1].capacity }) else { return nil }
            return list.remove(at: smallest)
        }
        evicted?.pointer.deallocate()
    }
}
