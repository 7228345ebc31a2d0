import Foundation
import Store
import Synchronization

/// The execution engine: runs statements against the store, one cell per command, and keeps the namespace.
///
/// A verb's cell is written `running` before any work (so a killed process leaves a trace), its resolved
/// parameters and inputs are recorded, and on success its object, metrics and `ok` status are committed
/// in one transaction before the name is bound. A failed or interrupted command binds nothing.
public final class Session {
    /// What running one statement came to.
    public enum Outcome: Equatable, Sendable {
        /// A blank line or comment.
        case nothing
        /// The statement succeeded.
        case succeeded
        /// The statement failed (the error was printed).
        case failed
        /// The command was cancelled with Ctrl-C.
        case interrupted
        /// `.quit`.
        case quit
    }

    /// The database every cell is recorded in.
    public let store: Store
    /// The bound objects.
    public let objects: ObjectLibrary
    /// The verbs.
    public let verbs: VerbRegistry
    /// This process's row in the sessions table.
    public let record: SessionRecord
    /// Where output goes.
    public var console: Console
    /// How tables are printed (`.mode`).
    public var mode: OutputMode
    /// Print each command's wall and CPU time (`.timer`).
    public var timer = false
    /// The most rows `.sql` keeps and prints per statement (`.limit N`).
    public var rowLimit = Session.defaultRowLimit
    /// `.sql`'s row cap when no `.limit` was given.
    public static let defaultRowLimit = 1000
    /// The largest `.limit`: the rows are held in memory before they are printed.
    public static let maximumRowLimit = 1_000_000
    /// Print each statement before running it (`.echo`), useful for transcripts.
    public var echo = false
    /// Stop a `.read` script at its first failure.
    public var bail = false
    /// The directory relative paths are resolved against.
    public var workingDirectory: URL
    var readDepth = 0
    private let running = RunningCommand()

    /// A session over `store` (starting a store session if none is open), with `verbs` and object `kinds`;
    /// `memoryBudget` bounds the bytes of pruned models and masks kept in memory (see `ObjectLibrary`).
    public init(
        store: Store, verbs: VerbRegistry = BuiltinVerbs.registry, kinds: ObjectKindRegistry = BuiltinKinds.registry,
        console: Console, mode: OutputMode = .table,
        workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        memoryBudget: Int = ObjectLibrary.defaultMemoryBudget
    ) throws {
        self.store = store
        self.verbs = verbs
        self.console = console
        self.mode = mode
        self.workingDirectory = workingDirectory
        record = try store.session ?? store.startSession()
        objects = try ObjectLibrary(store: store, kinds: kinds, memoryBudget: memoryBudget)
    }

    /// Cancels the running command, if any (the SIGINT path uses `CancellationToken.interruptFromSignal`).
    public func cancelRunningCommand() {
        running.cancel()
    }

    /// A closure that cancels whatever command is running when it is called, from any thread.
    public var canceller: @Sendable () -> Void {
        { [running] in running.cancel() }
    }

    /// Runs `body` with `token` as the token `cancelRunningCommand` cancels.
    func whileRunning<T>(_ token: CancellationToken, _ body: () throws -> T) rethrows -> T {
        running.token.withLock { $0 = token }
        defer { running.token.withLock { $0 = nil } }
        return try body()
    }

    /// Marks the session ended in the store.
    public func close() throws {
        try store.endSession()
    }

    /// Runs one logical line; `origin` (`file:line`) prefixes error messages from scripts.
    @discardableResult
    public func run(_ text: String, origin: String? = nil) -> Outcome {
        var line = text
        while line.last?.isWhitespace == true { line.removeLast() }
        let statement: Statement
        do {
            statement = try Parser.parse(line)
        } catch {
            if echo { console.out(line + "\n") }
            return recordFailure(source: line, verb: Session.firstWord(line), error: error, origin: origin)
        }
        if echo, statement != .empty { console.out(line + "\n") }
        switch statement {
        case .empty:
            return .nothing
        case .help(let topic):
            return help(topic: topic?.text, range: topic?.range, line: line, origin: origin)
        case .meta(let meta):
            return runMeta(meta, line: line, origin: origin)
        case .command(let command):
            return runCommand(command, line: line, origin: origin)
        }
    }

    private func runCommand(_ command: CommandSyntax, line: String, origin: String?) -> Outcome {
        guard let spec = verbs.spec(named: command.verb.text) else {
            let suggestion = EditDistance.suggestion(for: command.verb.text, among: verbs.names)
            let error = NotebookError.unknownVerb(command.verb.text, suggestion: suggestion, at: command.verb.range)
            return recordFailure(source: line, verb: command.verb.text, error: error, origin: origin)
        }
        let bindingName = command.binding?.text ?? (spec.produces == nil ? nil : "_")
        let failure = CellFailureReport(
            line: line, interruptedNote: "interrupted: nothing was bound",
            usage: { ($0 as? NotebookError)?.showsUsage == true ? UsageFormatter.usage(spec) : nil })
        return runCell(source: line, verb: spec.name, boundName: bindingName, origin: origin, failure: failure) { run in
            var context: ExecutionContext?
            do {
                if let binding = command.binding, spec.produces == nil {
                    throw NotebookError.producesNoObject(verb: spec.name, at: binding.range)
                }
                let arguments = try ArgumentResolver(spec: spec, environment: self).resolve(
                    command, lineEnd: line.count)
                try store.transaction {
                    try store.recordParams(cell: run.cell.id, arguments.params)
                    for input in arguments.inputs {
                        try store.recordInput(cell: run.cell.id, object: input.handle.id, role: input.role)
                    }
                }
                let running = ExecutionContext(
                    cancellation: run.token, store: store, objects: objects, workingDirectory: workingDirectory,
                    cellID: run.cell.id, bindingName: bindingName, progressOutput: console.progress)
                context = running
                let result = try spec.execute(running, arguments)
                if result.object == nil, let binding = command.binding {
                    throw NotebookError.producesNoObject(verb: spec.name, at: binding.range)
                }
                let bound = try commit(result, run: run, name: bindingName ?? "_")
                show(result, bound: bound)
                reportTime(run.clock)
            } catch {
                context?.abandonProgress()
                throw error
            }
        }
    }

    /// Archives the result's object (payloads first, outside the transaction), then records object, extra
    /// params and inputs, metrics and the `ok` status in one transaction, then binds the name.
    private func commit(
        _ result: CommandResult, run: CellRun, name: String
    ) throws
        -> ObjectHandle?
    {
        var stored: (archive: ObjectArchive, provenance: String)?
        if let object = result.object {
            let archive = try object.archive(into: ArchiveContext(store: store))
            let provenance = try ObjectLibrary.provenanceJSON(
                type: type(of: object).storageType, summary: object.summary, archive: archive)
            stored = (archive, provenance)
        }
        let record: ObjectRecord? = try store.transaction {
            var record: ObjectRecord?
            if let object = result.object, let stored {
                record = try store.recordObject(
                    name: name, kind: type(of: object).kind, cell: run.cell.id, provenance: stored.provenance,
                    digest: stored.archive.digest, payload: stored.archive.payload)
            }
            if !result.extraParams.isEmpty {
                try store.recordParams(cell: run.cell.id, result.extraParams)
            }
            for input in result.extraInputs {
                try store.recordInput(cell: run.cell.id, object: input.handle.id, role: input.role)
            }
            var byObject: [(Int64, [Metric])] = []
            for measurement in result.measurements {
                let id: Int64
                switch measurement.target {
                case .result:
                    guard let record else {
                        throw NotebookError.objectUnavailable(
                            name: name, reason: "a metric names the result, but there is none")
                    }
                    id = record.id
                case .object(let handle):
                    id = handle.id
                }
                if let index = byObject.firstIndex(where: { $0.0 == id }) {
                    byObject[index].1.append(measurement.metric)
                } else {
                    byObject.append((id, [measurement.metric]))
                }
            }
            for (id, metrics) in byObject {
                try store.recordMetrics(object: id, cell: run.cell.id, metrics)
            }
            try run.finishOK()
            return record
        }
        guard let record, let object = result.object else { return nil }
        return objects.bind(name: name, record: record, object: object)
    }

    private func show(_ result: CommandResult, bound: ObjectHandle?) {
        if let bound {
            console.out("\(bound.name): \(bound.kind.rawValue), \(bound.summary)\n")
        }
        for (index, table) in result.tables.enumerated() {
            if index > 0, mode == .table || mode == .markdown { console.out("\n") }
            print(table)
        }
        for line in result.lines {
            console.out(line + "\n")
        }
    }

    /// Prints a table in the current mode.
    func print(_ table: ResultTable) {
        console.out(TableRenderer.render(table, mode: mode))
    }

    func reportTime(_ clock: ProcessClock) {
        guard timer else { return }
        let wall = NumberFormat.significant(clock.wallElapsed, digits: 3)
        let cpu = NumberFormat.significant(clock.cpuElapsed, digits: 3)
        console.out("time: \(wall) s wall, \(cpu) s CPU\n")
    }

    /// Prints an error in the one house format.
    func report(_ error: any Error, line: String?, origin: String?, usage: String? = nil) {
        console.err(ErrorRenderer.render(error, line: line, origin: origin, usage: usage))
    }

    static func firstWord(_ line: String) -> String {
        String(line.split(whereSeparator: { $0.isWhitespace }).first ?? "")
    }
}

extension Session: ArgumentEnvironment {
    /// The object bound to `name`.
    public func handle(named name: String) -> ObjectHandle? { objects.handle(named: name) }

    /// Every bound name.
    public var objectNames: [String] { objects.names }

    /// True when `path`, relative to the working directory, exists.
    public func fileExists(_ path: String) -> Bool {
        let expanded = (path as NSString).expandingTildeInPath
        let full = expanded.hasPrefix("/") ? expanded : workingDirectory.appendingPathComponent(expanded).path
        return FileManager.default.fileExists(atPath: full)
    }
}

/// The token of the command running now, shared with whoever may cancel it.
final class RunningCommand: Sendable {
    let token = Mutex<CancellationToken?>(nil)

    func cancel() {
        token.withLock { $0?.cancel() }
    }
}
