import Foundation

/// Runs `onCancel` once from a background thread when `token` is cancelled while `body` runs:
/// for work that cannot poll the token itself (an SQLite query is stopped with `sqlite3_interrupt`).
/// The watcher has stopped when `run` returns, so `onCancel` never fires after `body`'s work is done.
public enum CancellationWatcher {
    /// Runs `body`; a watcher thread checks `token` every 20 ms and calls `onCancel` once if it fires.
    public static func run<T>(
        _ token: CancellationToken, onCancel: @escaping @Sendable () -> Void, _ body: () throws -> T
    ) rethrows -> T {
        let done = DoneFlag()
        let exited = DispatchSemaphore(value: 0)
        let thread = Thread {
            defer { exited.signal() }
            while !done.isSet {
                if token.isCancelled {
                    onCancel()
                    return
                }
                usleep(20_000)
            }
        }
        thread.start()
        defer {
            done.set()
            exited.wait()
        }
        return try body()
    }
}

/// A flag shared between the runner and its watcher thread.
private final class DoneFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }

    func set() {
        lock.lock()
        value = true
        lock.unlock()
    }
}
