import Dispatch

/// Wall-clock seconds the driver spent in each phase, accumulated over a run (for benchmarks and the closing
/// timing line). Written only by the driver's thread.
public final class PruningTimings: @unchecked Sendable {
    /// Embedding the calibration sequences.
    public internal(set) var embedding = 0.0
    /// Dense passes through the blocks, excluding the time spent in the statistics hooks.
    public internal(set) var densePasses = 0.0
    /// Accumulating activation statistics (norms, moments, Hessians) inside the hooks.
    public internal(set) var statistics = 0.0
    /// Choosing masks and updating weights (Hessian factorizations included).
    public internal(set) var pruning = 0.0
    /// Re-running the calibration set through the pruned blocks.
    public internal(set) var propagation = 0.0

    /// Empty timings.
    public init() {}

    /// Sum of all phases.
    public var total: Double { embedding + densePasses + statistics + pruning + propagation }
}

/// Seconds elapsed while running `body`.
@inline(__always)
func measure<T>(_ seconds: inout Double, _ body: () throws -> T) rethrows -> T {
    let start = DispatchTime.now().uptimeNanoseconds
    defer { seconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
    return try body()
}
