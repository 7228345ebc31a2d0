import Foundation

/// Wall-clock and CPU time of this process, for the cell timings.
public struct ProcessClock: Sendable {
    /// Seconds on a monotonic clock.
    public static func wall() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// CPU seconds used by all threads of the process (user + system).
    public static func cpu() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    private let wallStart: Double
    private let cpuStart: Double

    /// Starts measuring now.
    public init() {
        wallStart = ProcessClock.wall()
        cpuStart = ProcessClock.cpu()
    }

    /// Wall seconds since `init`.
    public var wallElapsed: Double { ProcessClock.wall() - wallStart }
    /// CPU seconds since `init`.
    public var cpuElapsed: Double { ProcessClock.cpu() - cpuStart }
}
