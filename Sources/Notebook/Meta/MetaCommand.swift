/// A meta command (`.sql`, `.mode` …): its name, argument syntax and help, which drive `.help` and completion.
public struct MetaCommand: Sendable {
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

    /// `.name arguments`, for usage lines.
    public var usage: String { arguments.isEmpty ? ".\(name)" : ".\(name) \(arguments)" }

    /// Every meta command.
    public static let all: [MetaCommand] = [
        MetaCommand(
            name: "help", arguments: "[VERB]", summary: "list verbs and commands, or show one verb's usage",
            completion: .verbs),
        MetaCommand(
            name: "objects", arguments: "[KIND]", summary: "the bound objects: name, kind, summary",
            completion: .kinds),
        MetaCommand(
            name: "sql", arguments: "SQL", summary: "run read-only SQL over the store, printed in the current mode",
            completion: .sql),
        MetaCommand(
            name: "schema", arguments: "[TABLE]", summary: "the store's tables and views (CREATE statements)",
            completion: .sql),
        MetaCommand(
            name: "mode", arguments: "[table|csv|json|markdown]", summary: "how result tables are printed",
            completion: .words(OutputMode.allCases.map(\.rawValue))),
        MetaCommand(
            name: "timer", arguments: "on|off", summary: "print each command's wall and CPU time",
            completion: .words(["on", "off"])),
        MetaCommand(
            name: "echo", arguments: "on|off", summary: "print each statement before running it",
            completion: .words(["on", "off"])),
        MetaCommand(name: "read", arguments: "FILE", summary: "run the statements of a script", completion: .path),
        MetaCommand(
            name: "save", arguments: "FILE [overwrite=true]",
            summary: "write this session's successful commands as a script (\(OutputTarget.rule))",
            completion: .path),
        MetaCommand(
            name: "history", arguments: "[N]", summary: "the last N commands recorded in the store (all sessions)",
            completion: .none),
        MetaCommand(
            name: "limit", arguments: "[N]",
            summary:
                "the most rows .sql prints per statement (default \(Session.defaultRowLimit)); the rest are counted",
            completion: .none),
        MetaCommand(name: "quit", arguments: "", summary: "leave (Ctrl-D also does)", completion: .none),
    ]

    /// The meta command called `name` (`exit` is `quit`).
    public static func named(_ name: String) -> MetaCommand? {
        all.first { $0.name == (name == "exit" ? "quit" : name) }
    }
}
