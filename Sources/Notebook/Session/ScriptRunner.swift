/// Feeds a script's physical lines to a session: joins continuations, numbers lines for error messages,
/// stops at `.quit`, at Ctrl-C, and (with `bail`) at the first failure.
public struct ScriptRunner {
    /// Why a script stopped, and how many statements failed.
    public struct Summary: Equatable, Sendable {
        /// Statements that failed.
        public var failures = 0
        /// Stopped by Ctrl-C.
        public var interrupted = false
        /// Stopped by `.quit`.
        public var quit = false
        /// Stopped by the first failure under `bail`.
        public var bailed = false

        /// True when the script stopped before its end.
        public var stopped: Bool { interrupted || quit || bailed }
    }

    private let session: Session
    private let name: String?
    private let bail: Bool
    private let interactive: Bool
    private var joiner = LineJoiner()
    private let signalsAtStart = CancellationToken.signalGeneration
    /// What happened so far.
    public private(set) var summary = Summary()

    /// A runner feeding `session`; `name` (a file name) prefixes error messages with `name:line`.
    /// An `interactive` runner (the line editor) keeps going after failures and Ctrl-C; only `.quit` stops it.
    public init(session: Session, name: String?, bail: Bool, interactive: Bool = false) {
        self.session = session
        self.name = name
        self.bail = bail && !interactive
        self.interactive = interactive
    }

    /// Drops a statement waiting for its continuation (Ctrl-C at a continuation prompt).
    public mutating func discardPending() {
        joiner = LineJoiner()
    }

    /// True while a statement waits for its continuation line.
    public var isContinuing: Bool { joiner.isContinuing }

    /// Feeds one physical line; returns false once the script must stop (a non-interactive script also stops
    /// when Ctrl-C arrived since it started, even between commands).
    public mutating func feed(_ line: String) -> Bool {
        if !interactive, CancellationToken.signalGeneration != signalsAtStart {
            summary.interrupted = true
        }
        guard !summary.stopped else { return false }
        if let logical = joiner.feed(line) {
            execute(logical)
        }
        return !summary.stopped
    }

    /// Runs a statement left pending by a final `\` line.
    public mutating func finish() {
        if !interactive, CancellationToken.signalGeneration != signalsAtStart {
            summary.interrupted = true
        }
        guard !summary.stopped, let logical = joiner.finish() else { return }
        execute(logical)
    }

    /// Runs every line of `text`.
    public mutating func run(text: String) {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard feed(String(line)) else { return }
        }
        finish()
    }

    private mutating func execute(_ logical: LineJoiner.Line) {
        let origin = name.map { "\($0):\(logical.lineNumber)" }
        switch session.run(logical.text, origin: origin) {
        case .failed:
            summary.failures += 1
            if bail { summary.bailed = true }
        case .interrupted:
            if !interactive { summary.interrupted = true }
        case .quit:
            summary.quit = true
        case .nothing, .succeeded:
            break
        }
    }
}
