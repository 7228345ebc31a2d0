import Foundation
import Store

/// What a running verb may use: cancellation, progress, the store, the bound objects, paths.
public final class ExecutionContext {
    /// Set by Ctrl-C; check it at least once per layer / batch (`try context.checkCancellation()`).
    public let cancellation: CancellationToken
    /// The store (payloads, lineage, metrics of other objects).
    public let store: Store
    /// The session's bound objects.
    public let objects: ObjectLibrary
    /// The directory relative paths are resolved against.
    public let workingDirectory: URL
    /// The id of the cell running this command.
    public let cellID: Int64
    /// The name the result will be bound to (`_` when unnamed), nil for verbs that make no object.
    public let bindingName: String?
    private let progressOutput: ProgressOutput?
    private var reporters: [ProgressReporter] = []

    init(
        cancellation: CancellationToken, store: Store, objects: ObjectLibrary, workingDirectory: URL, cellID: Int64,
        bindingName: String?, progressOutput: ProgressOutput?
    ) {
        self.cancellation = cancellation
        self.store = store
        self.objects = objects
        self.workingDirectory = workingDirectory
        self.cellID = cellID
        self.bindingName = bindingName
        self.progressOutput = progressOutput
    }

    /// Throws `CancellationError` once the user pressed Ctrl-C.
    public func checkCancellation() throws {
        try cancellation.check()
    }

    /// A progress bar for `total` steps (drawn only when stderr is a terminal). Call `finish()` when done;
    /// the engine clears unfinished bars when the command fails.
    public func progress(_ label: String, total: Int) -> ProgressReporter {
        let reporter = ProgressReporter(label: label, total: total, output: progressOutput)
        reporters.append(reporter)
        return reporter
    }

    /// `path` resolved against the working directory (`~` expanded).
    public func url(for path: String) -> URL {
        let expanded = (path as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return URL(fileURLWithPath: expanded) }
        return workingDirectory.appendingPathComponent(expanded)
    }

    /// Clears every bar the command left unfinished.
    func abandonProgress() {
        for reporter in reporters { reporter.abandon() }
    }
}
