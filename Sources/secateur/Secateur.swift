import Foundation
import Notebook
import Store

/// The program: options, the store, then scripts, stdin or the line editor.
enum Secateur {
    /// The version printed by `--version`.
    static let version = "0.1.0"

    /// Runs with the command-line `arguments` (program name excluded); returns the exit status.
    static func run(_ arguments: [String]) -> Int32 {
        let options: CommandLineOptions
        do {
            options = try CommandLineOptions.parse(arguments)
        } catch {
            Terminal.write("secateur: \(error)\n\(CommandLineOptions.usage)\n", to: STDERR_FILENO)
            return 2
        }
        if options.showHelp {
            Terminal.write(CommandLineOptions.usage + "\n", to: STDOUT_FILENO)
            return 0
        }
        if options.showVersion {
            Terminal.write("secateur \(version)\n", to: STDOUT_FILENO)
            return 0
        }
        Terminal.enableUTF8()
        let memoryBudget: Int
        do {
            memoryBudget = try ObjectLibrary.memoryBudget(environment: ProcessInfo.processInfo.environment)
        } catch {
            Terminal.write("secateur: \(error)\n", to: STDERR_FILENO)
            return 1
        }
        let path = options.database ?? Store.defaultPath()
        let store: Store
        do {
            store = try Store(path: path)
        } catch {
            Terminal.write("secateur: \(error)\n", to: STDERR_FILENO)
            return 1
        }
        for cell in store.recoveredCells {
            Terminal.write(
                "note: cell \(cell.id) of session \(cell.sessionID) was still running when its process ended;"
                    + " it is now marked interrupted: \(cell.source)\n", to: STDERR_FILENO)
        }
        let interactive = options.commands.isEmpty && options.scripts.isEmpty && Terminal.isTerminal(STDIN_FILENO)
        let session: Session
        do {
            _ = try store.startSession(argv: CommandLine.arguments, version: version)
            session = try Session(
                store: store, console: console(), mode: Terminal.isTerminal(STDOUT_FILENO) ? .table : .csv,
                memoryBudget: memoryBudget)
        } catch {
            Terminal.write("secateur: \(error)\n", to: STDERR_FILENO)
            return 1
        }
        session.bail = options.bail
        InterruptHandler.install()
        let status: Int32
        if interactive {
            status = Interactive.run(session)
        } else if options.commands.isEmpty && options.scripts.isEmpty {
            status = runStandardInput(session, bail: options.bail)
        } else {
            var quit = false
            let scripted = runScripts(session, options: options, quit: &quit)
            let stayOpen = options.interactive && !quit && scripted != 1 && Terminal.isTerminal(STDIN_FILENO)
            status = stayOpen ? Interactive.run(session) : scripted
        }
        do {
            try session.close()
        } catch {
            Terminal.write("secateur: \(error)\n", to: STDERR_FILENO)
        }
        return status
    }

    /// Results to stdout, diagnostics to stderr, progress bars only when stderr is a terminal.
    static func console() -> Console {
        let progress =
            Terminal.isTerminal(STDERR_FILENO)
            ? ProgressOutput(
                write: { Terminal.write($0, to: STDERR_FILENO) }, width: { Terminal.width(STDERR_FILENO) })
            : nil
        return Console(
            out: { Terminal.write($0, to: STDOUT_FILENO) }, err: { Terminal.write($0, to: STDERR_FILENO) },
            progress: progress)
    }

    /// `-c` commands, then scripts; stops at `.quit` (setting `quit`), Ctrl-C, or (with `--bail`) the first failure.
    static func runScripts(_ session: Session, options: CommandLineOptions, quit: inout Bool) -> Int32 {
        var failed = false
        for command in options.commands {
            var runner = ScriptRunner(session: session, name: nil, bail: options.bail)
            runner.run(text: command)
            failed = failed || runner.summary.failures > 0
            quit = runner.summary.quit
            if let status = stopStatus(runner.summary) { return status }
        }
        for script in options.scripts {
            let text: String
            do {
                text = script == "-" ? readAllStandardInput() : try String(contentsOfFile: script, encoding: .utf8)
            } catch {
                Terminal.write("secateur: cannot read \(script): \(Session.reason(error))\n", to: STDERR_FILENO)
                if options.bail { return 1 }
                failed = true
                continue
            }
            var runner = ScriptRunner(session: session, name: script == "-" ? "stdin" : script, bail: options.bail)
            runner.run(text: text)
            failed = failed || runner.summary.failures > 0
            quit = runner.summary.quit
            if let status = stopStatus(runner.summary) { return status }
        }
        return failed && options.bail ? 1 : 0
    }

    /// Commands from a pipe, one line at a time (each runs as soon as it is complete).
    static func runStandardInput(_ session: Session, bail: Bool) -> Int32 {
        var runner = ScriptRunner(session: session, name: "stdin", bail: bail)
        while let line = readLine(strippingNewline: true) {
            guard runner.feed(line) else { break }
        }
        runner.finish()
        if let status = stopStatus(runner.summary) { return status }
        return runner.summary.failures > 0 && bail ? 1 : 0
    }

    /// The exit status when a script stopped early: 130 for Ctrl-C, 1 for `--bail`, 0 for `.quit`.
    static func stopStatus(_ summary: ScriptRunner.Summary) -> Int32? {
        if summary.interrupted { return 130 }
        if summary.bailed { return 1 }
        if summary.quit { return 0 }
        return nil
    }

    private static func readAllStandardInput() -> String {
        var lines: [String] = []
        while let line = readLine(strippingNewline: true) { lines.append(line) }
        return lines.joined(separator: "\n")
    }
}
