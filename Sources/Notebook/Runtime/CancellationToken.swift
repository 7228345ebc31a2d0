import Synchronization

/// Set when the user asks the running command to stop (Ctrl-C); long loops check it.
///
/// Modules that cannot import Notebook receive `token.isCancelledClosure` (a `() -> Bool`).
/// `CancellationToken.interruptFromSignal()` is async-signal-safe: it only bumps an atomic counter,
/// which every token created before it observes.
public final class CancellationToken: Sendable {
    private static let signalCount = Atomic<Int>(0)
    private let flag = Atomic<Bool>(false)
    private let signalBaseline: Int

    /// A token that is not cancelled (signals delivered before now do not count).
    public init() {
        signalBaseline = CancellationToken.signalCount.load(ordering: .acquiring)
    }

    /// Cancels every live token; safe to call from a signal handler.
    public static func interruptFromSignal() {
        signalCount.add(1, ordering: .releasing)
    }

    /// How many interrupt signals have arrived so far (compare before and after a blocking read).
    public static var signalGeneration: Int {
        signalCount.load(ordering: .acquiring)
    }

    /// Touches the shared counter so its lazy initialisation never happens inside a signal handler.
    public static func prepareForSignals() {
        _ = signalCount.load(ordering: .relaxed)
    }

    /// Cancels this token.
    public func cancel() {
        flag.store(true, ordering: .releasing)
    }

    /// True once the command should stop.
    public var isCancelled: Bool {
        flag.load(ordering: .acquiring)
            || CancellationToken.signalCount.load(ordering: .acquiring) != signalBaseline
    }

    /// Throws `CancellationError`, the one way every module says "cancelled", when cancelled.
    public func check() throws(CancellationError) {
        if isCancelled { throw CancellationError() }
    }

    /// `isCancelled` as a closure, for modules that do not know this type.
    public var isCancelledClosure: @Sendable () -> Bool {
        { [self] in self.isCancelled }
    }
}
