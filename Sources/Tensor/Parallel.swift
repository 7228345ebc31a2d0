import Dispatch
import Foundation
import Synchronization

/// How many threads the kernels use (default: every active core, or `SECATEUR_THREADS` when set).
public enum TensorThreads {
    private static let storage = Atomic<Int>(initialCount())

    /// The number of threads the parallel kernels split their work over (at least 1).
    public static var count: Int {
        get { storage.load(ordering: .relaxed) }
        set { storage.store(max(1, newValue), ordering: .relaxed) }
    }

    private static func initialCount() -> Int {
        if let text = ProcessInfo.processInfo.environment["SECATEUR_THREADS"], let value = Int(text), value > 0 {
            return value
        }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }
}

/// Runs `body(i)` for every `i` in `0..<n`, spread over the cores; returns when all are done.
///
/// Uses `DispatchQueue.concurrentPerform`, so nested calls are safe (they run inline when the pool is busy).
/// `n == 1` runs on the calling thread.
public func parallelFor(_ n: Int, _ body: (Int) -> Void) {
    if n <= 0 { return }
    if n == 1 {
        body(0)
        return
    }
    withoutActuallyEscaping(body) { escapable in
        let box = UncheckedBody(body: escapable)
        DispatchQueue.concurrentPerform(iterations: n) { i in box.body(i) }
    }
}

/// Splits `0..<n` into at most `TensorThreads.count` contiguous chunks (each a multiple of `granule` except
/// the last) and runs `body(range)` for each, in parallel.
public func parallelChunks(_ n: Int, granule: Int = 1, _ body: (Range<Int>) -> Void) {
    if n <= 0 { return }
    let g = max(1, granule)
    let units = (n + g - 1) / g
    let parts = min(TensorThreads.count, units)
    if parts <= 1 {
        body(0..<n)
        return
    }
    parallelFor(parts) { p in
        let lo = units * p / parts * g
        let hi = min(n, units * (p + 1) / parts * g)
        if lo < hi { body(lo..<hi) }
    }
}

/// Lets a non-escaping, non-Sendable closure cross into `concurrentPerform`; the callers only share
/// disjoint memory between iterations (that is the contract of `parallelFor`).
private struct UncheckedBody: @unchecked Sendable {
    let body: (Int) -> Void
}

/// Runs `body(i)` for every `i` in `0..<n` on up to `TensorThreads.count` threads that take indices one at a time,
/// so a thread slowed down by other work simply takes fewer (use for many similar-sized items).
public func parallelDynamic(_ n: Int, _ body: (Int) -> Void) {
    if n <= 0 { return }
    let threads = min(TensorThreads.count, n)
    if threads <= 1 {
        for i in 0..<n { body(i) }
        return
    }
    let next = Atomic<Int>(0)
    parallelFor(threads) { _ in
        while true {
            let i = next.add(1, ordering: .relaxed).oldValue
            if i >= n { break }
            body(i)
        }
    }
}
