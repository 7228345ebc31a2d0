/// A meta command (`.sql`, `.mode` …): one declaration of its name, argument syntax and help (which drive
/// `.help` and completion) and of what it runs, like a verb's `CommandSpec`.
public struct MetaCommand: Sendable {
    /// Runs the command; throw `NotebookError.invalidMetaArgument` for a bad argument (printed with the usage).
    typealias Run = @Sendable (MetaInvocation) throws -> Session.Outcome

    /// What completion offers for the argument.
    public enum Completion: Sendable, Equatable {
        /// Nothing.
        case none
        /// Verb names.
        case verbs
        /// These words.
        case words([String])
        /// File paths.
        case path
        /// Table and view names of the store.
        case sql
        /// Object kinds.
        case kinds
    }

    /// The name without the dot.
    public var name: String
    /// The argument syntax shown in help (`[VERB]`, `SQL`, `FILE`).
    public var arguments: String
    /// One line of help.
    public var summary: String
    /// What completion offers after the name.
    public var completion: Completion
    /// The implementation.
    let run: Run

    init(name: String, arguments: String, summary: String, completion: Completion, run: @escaping Run) {
        self.name = name
        self.arguments = arguments
        self.summary = summary
        self.completion = completion
        self.run = run
    }

    /// `.name arguments`, for usage lines.
    public var usage: String { arguments.isEmpty ? ".\(name)" : ".\(name) \(arguments)" }

    /// Every meta command.
    public static let all: [MetaCommand] = [
        MetaCommand(
            name: "help", arguments: "[VERB]", summary: "list verbs and commands, or show one verb's usage",
            completion: .verbs
        ) { call in
            let meta = call.syntax
            let range = SourceRange(meta.argumentOffset, meta.argumentOffset + meta.argument.count)
            return call.session.help(
                topic: meta.argument.isEmpty ? nil : meta.argument, range: range, line: call.line, origin: call.origin)
        },
        MetaCommand(
            name: "objects", arguments: "[KIND]", summary: "the bound objects: name, kind, summary",
            completion: .kinds
        ) { call in
            try call.session.listObjects(call.syntax)
            return .succeeded
        },
        MetaCommand(
            name: "sql", arguments: "SQL", summary: "run read-only SQL over the store, printed in the current mode",
            completion: .sql
        ) { call in call.session.runSQL(call.syntax, line: call.line, origin: call.origin) },
        MetaCommand(
            name: "schema", arguments: "[TABLE]", summary: "the store's tables and views (CREATE statements)",
            completion: .sql
        ) { call in
            try call.session.schema(call.syntax)
            return .succeeded
        },
        MetaCommand(
            name: "mode", arguments: "[table|csv|json|markdown]", summary: "how result tables are printed",
            completion: .words(OutputMode.allCases.map(\.rawValue))
        ) { call in try call.session.setMode(call.syntax, line: call.line, origin: call.origin) },
        MetaCommand(
            name: "timer", arguments: "on|off", summary: "print each command's wall and CPU time",
            completion: .words(["on", "off"])
        ) { call in
            call.session.timer = try call.session.onOff(call.syntax, current: call.session.timer)
            return .succeeded
        },
        MetaCommand(
            name: "echo", arguments: "on|off", summary: "print each statement before running it",
            completion: .words(["on", "off"])
        ) { call in
            call.session.echo = try call.session.onOff(call.syntax, current: call.session.echo)
            return .succeeded
        },
        MetaCommand(name: "read", arguments: "FILE", summary: "run the statements of a script", completion: .path) {
            call in try call.session.read(call.syntax, origin: call.origin)
        },
        MetaCommand(
            name: "save", arguments: "FILE [overwrite=true]",
            summary: "write this session's successful commands as a script (\(OutputTarget.rule))",
            completion: .path
        ) { call in
            try call.session.save(call.syntax)
            return .succeeded
        },
        MetaCommand(
            name: "history", arguments: "[N]", summary: "the last N commands recorded in the store (all sessions)",
            completion: .none
        ) { call in
            try call.session.history(call.syntax)
            return .succeeded
        },
        MetaCommand(
            name: "limit", arguments: "[N]",
            summary:
                "the most rows .sql prints per statement (default \(Session.defaultRowLimit)); the rest are counted",
            completion: .none
        ) { call in
            try call.session.setRowLimit(call.syntax)
            return .succeeded
        },
        MetaCommand(name: "quit", arguments: "", summary: "leave (Ctrl-D also does)", completion: .none) { _ in .quit },
    ]

    /// The meta command called `name` (`exit` is `quit`).
    public static func named(_ name: String) -> MetaCommand? {
        all.first { $0.name == (name == "exit" ? "quit" : name) }
    }
}
