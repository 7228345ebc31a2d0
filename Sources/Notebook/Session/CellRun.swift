import Store

/// One command's row in the `cells` table between `running` and how it ended, with the clock and the
/// cancellation token of the work it records.
///
/// `Session.runCell` is the only code that begins and finishes cells: it writes the row `running` before the
/// work, then `ok`, `error` (with the message) or `interrupted` (the token was cancelled, or the work threw
/// `CancellationError`).
final class CellRun {
    /// The row, written `running`.
    let cell: CellRecord
    /// Started when the row was written.
    let clock = ProcessClock()
    /// Cancelled by Ctrl-C (`Session.cancelRunningCommand`) while the work runs.
    let token = CancellationToken()
    private let store: Store
    private(set) var isFinished = false

    init(cell: CellRecord, store: Store) {
        self.cell = cell
        self.store = store
    }

    /// Records the `ok` status with the elapsed times; call it inside the transaction that commits the
    /// command's results, so results and status land together. A body that never calls it is finished `ok`
    /// when it returns.
    func finishOK() throws {
        try store.finishCell(cell.id, status: .ok, wall: clock.wallElapsed, cpu: clock.cpuElapsed)
        isFinished = true
    }

    /// Records how a failed body ended; true when that was an interruption rather than an error.
    func finishFailed(_ error: any Error) -> Bool {
        let interrupted = token.isCancelled || error is CancellationError
        try? store.finishCell(
            cell.id, status: interrupted ? .interrupted : .error,
            error: interrupted ? "interrupted" : String(describing: error), wall: clock.wallElapsed,
            cpu: clock.cpuElapsed)
        isFinished = true
        return interrupted
    }
}

extension Session {
    /// How a cell's failure is shown.
    struct CellFailureReport {
        /// The line a caret points into (nil: print the message alone).
        var line: String?
        /// What is printed after an interruption (`interrupted: nothing was bound`).
        var interruptedNote = "interrupted"
        /// The usage line printed under an error, if any.
        var usage: (any Error) -> String? = { _ in nil }
    }

    /// Runs `body` as one cell: the row is written `running` first, the token is the one Ctrl-C cancels
    /// while `body` runs, and the row is finished `ok`, `error` or `interrupted`; errors and interruptions
    /// are printed here (prefixed with `origin`), never by the body.
    func runCell(
        source: String, verb: String, boundName: String? = nil, origin: String?, failure: CellFailureReport,
        _ body: (CellRun) throws -> Void
    ) -> Outcome {
        let run: CellRun
        do {
            run = CellRun(cell: try store.beginCell(source: source, verb: verb, boundName: boundName), store: store)
        } catch {
            report(error, line: nil, origin: origin)
            return .failed
        }
        do {
            try whileRunning(run.token) {
                try body(run)
                if !run.isFinished { try run.finishOK() }
            }
            return .succeeded
        } catch {
            if run.finishFailed(error) {
                console.err((origin.map { "\($0): " } ?? "") + failure.interruptedNote + "\n")
                return .interrupted
            }
            report(error, line: failure.line, origin: origin, usage: failure.usage(error))
            return .failed
        }
    }

    /// Records a statement that failed before any work (a syntax error, an unknown verb) as an `error` cell,
    /// so `.history` shows it, and prints the error.
    func recordFailure(source: String, verb: String, error: any Error, origin: String?) -> Outcome {
        runCell(source: source, verb: verb, origin: origin, failure: CellFailureReport(line: source)) { _ in
            throw error
        }
    }
}
