import Foundation
import Notebook

/// The read–eval–print loop on the line editor.
enum Interactive {
    /// Runs until `.quit` or Ctrl-D; returns the exit status.
    static func run(_ session: Session) -> Int32 {
        let completer = Completer(session: session)
        guard let editor = LineEditor(historyPath: historyPath(), completer: completer) else {
            Terminal.write("secateur: cannot start the line editor; reading stdin as a script\n", to: STDERR_FILENO)
            return Secateur.runStandardInput(session, bail: false)
        }
        Terminal.write(
            "secateur \(Secateur.version) — store \(session.store.path)\n"
                + "type .help for help, ?VERB for a verb's arguments, Ctrl-D to leave\n", to: STDOUT_FILENO)
        var runner = ScriptRunner(session: session, name: nil, bail: false, interactive: true)
        while true {
            switch editor.read(prompt: runner.isContinuing ? "     ...> " : "secateur> ") {
            case .line(let line):
                editor.remember(line)
                _ = runner.feed(line)
                if runner.summary.quit { return 0 }
            case .interrupted:
                runner.discardPending()
                Terminal.write("^C\n", to: STDOUT_FILENO)
            case .endOfFile:
                Terminal.write("\n", to: STDOUT_FILENO)
                return 0
            }
        }
    }

    /// `SECATEUR_HISTORY`, else `~/.secateur_history` (nil when there is no home folder).
    static func historyPath() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["SECATEUR_HISTORY"], !path.isEmpty { return path }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return (home as NSString).appendingPathComponent(".secateur_history")
    }
}
