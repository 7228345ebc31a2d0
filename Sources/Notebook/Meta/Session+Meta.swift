import Foundation
import Store

extension Session {
    /// Runs a meta command (`.sql`, `.mode` …) through its declaration in `MetaCommand.all`.
    func runMeta(_ meta: MetaSyntax, line: String, origin: String?) -> Outcome {
        guard let command = MetaCommand.named(meta.name) else {
            let suggestion = EditDistance.suggestion(for: meta.name, among: MetaCommand.all.map(\.name))
            report(
                NotebookError.unknownMetaCommand(meta.name, suggestion: suggestion, at: meta.nameRange),
                line: line, origin: origin)
            return .failed
        }
        do {
            return try command.run(MetaInvocation(session: self, syntax: meta, line: line, origin: origin))
        } catch {
            var usage: String?
            if case .invalidMetaArgument? = error as? NotebookError { usage = command.usage }
            report(error, line: line, origin: origin, usage: usage)
            return .failed
        }
    }

    /// `.help`, `.help VERB`, `?VERB`: the list of verbs and commands, or one verb's generated help.
    func help(topic: String?, range: SourceRange?, line: String, origin: String?) -> Outcome {
        guard let topic else {
            var text = "verbs (?VERB or .help VERB for arguments):\n"
            text += UsageFormatter.columns(verbs.all.map { [$0.name, $0.summary] }, indent: "  ")
            text += "meta commands:\n"
            text += UsageFormatter.columns(MetaCommand.all.map { [$0.usage, $0.summary] }, indent: "  ")
            text +=
                "statements: NAME = VERB ARGS… binds the result; # starts a comment; a trailing \\ continues a line\n"
                + "files: export, plot and .save write files; \(OutputTarget.rule)\n"
            console.out(text)
            return .succeeded
        }
        let metaName = topic.hasPrefix(".") ? String(topic.dropFirst()) : topic
        if topic.hasPrefix(".") || verbs.spec(named: topic) == nil, let command = MetaCommand.named(metaName) {
            console.out("\(command.usage)\n  \(command.summary)\n")
            return .succeeded
        }
        guard let spec = verbs.spec(named: topic) else {
            let suggestion = EditDistance.suggestion(for: topic, among: verbs.names)
            report(
                NotebookError.unknownVerb(topic, suggestion: suggestion, at: range ?? .point(0)),
                line: line, origin: origin)
            return .failed
        }
        console.out(UsageFormatter.help(spec))
        return .succeeded
    }

    func listObjects(_ meta: MetaSyntax) throws {
        var kinds: [ObjectKind] = []
        if !meta.argument.isEmpty {
            guard let kind = ObjectKind(rawValue: meta.argument) else {
                let known = ObjectKind.allCases.map(\.rawValue).joined(separator: ", ")
                throw NotebookError.invalidMetaArgument(
                    command: "objects", message: "no kind '\(meta.argument)' (kinds: \(known))",
                    at: SourceRange(meta.argumentOffset, meta.argumentOffset + meta.argument.count))
            }
            kinds = [kind]
        }
        var table = ResultTable(columns: ["name", "kind", "id", "summary"])
        for handle in objects.handles(ofKinds: kinds) {
            table.append([.text(handle.name), .text(handle.kind.rawValue), .int(handle.id), .text(handle.summary)])
        }
        print(table)
    }

    /// `.sql`: read-only statements through the store; Ctrl-C interrupts the query. Recorded as a cell.
    func runSQL(_ meta: MetaSyntax, line: String, origin: String?) -> Outcome {
        guard !meta.argument.isEmpty else {
            report(
                NotebookError.invalidMetaArgument(
                    command: "sql", message: "needs a statement, e.g. .sql SELECT * FROM history LIMIT 5",
                    at: .point(line.count)), line: line, origin: origin)
            return .failed
        }
        let store = self.store
        return runCell(source: line, verb: ".sql", origin: origin, failure: CellFailureReport(line: nil)) { run in
            let results = try CancellationWatcher.run(run.token, onCancel: { store.interrupt() }) {
                try store.queryAll(readOnly: meta.argument, maxRows: rowLimit)
            }
            try run.finishOK()
            for result in results where !result.columns.isEmpty {
                print(ResultTable(columns: result.columns, rows: result.rows.map { $0.map(TableValue.init) }))
                if result.heldBack > 0 {
                    let count = result.heldBackIsLowerBound ? "more than \(result.heldBack)" : "\(result.heldBack)"
                    console.err(
                        "note: printed the first \(rowLimit) rows; \(count) more held back "
                            + "(.limit N shows more; LIMIT in the query bounds it)\n")
                }
            }
            reportTime(run.clock)
        }
    }

    func schema(_ meta: MetaSyntax) throws {
        var sql = "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
        if !meta.argument.isEmpty {
            sql += " AND name = '\(meta.argument.replacingOccurrences(of: "'", with: "''"))'"
        }
        sql += " ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'view' THEN 1 ELSE 2 END, name"
        let result = try store.query(readOnly: sql)
        if result.rows.isEmpty, !meta.argument.isEmpty {
            throw NotebookError.invalidMetaArgument(
                command: "schema", message: "no table or view named '\(meta.argument)'",
                at: SourceRange(meta.argumentOffset, meta.argumentOffset + meta.argument.count))
        }
        for row in result.rows {
            if case .text(let text)? = row.first { console.out(text + ";\n") }
        }
    }

    /// `.mode`: prints the mode, or sets it and records the change as a cell (so `.save` replays it).
    func setMode(_ meta: MetaSyntax, line: String, origin: String?) throws -> Outcome {
        guard !meta.argument.isEmpty else {
            console.out("\(mode.rawValue)\n")
            return .succeeded
        }
        guard let chosen = OutputMode(rawValue: meta.argument.lowercased()) else {
            let modes = OutputMode.allCases.map(\.rawValue)
            let hint =
                EditDistance.suggestion(for: meta.argument, among: modes).map { " (did you mean '\($0)'?)" } ?? ""
            throw NotebookError.invalidMetaArgument(
                command: "mode", message: "no mode '\(meta.argument)'\(hint); modes: \(modes.joined(separator: ", "))",
                at: SourceRange(meta.argumentOffset, meta.argumentOffset + meta.argument.count))
        }
        mode = chosen
        return runCell(source: line, verb: ".mode", origin: origin, failure: CellFailureReport(line: nil)) { _ in }
    }

    /// `.limit [N]`: the most rows `.sql` prints per statement (shows the current value without N).
    func setRowLimit(_ meta: MetaSyntax) throws {
        guard !meta.argument.isEmpty else {
            console.out("\(rowLimit)\n")
            return
        }
        guard let n = Int(meta.argument), n >= 1, n <= Session.maximumRowLimit else {
            throw NotebookError.invalidMetaArgument(
                command: "limit",
                message: "expected a row count from 1 to \(Session.maximumRowLimit), not '\(meta.argument)'",
                at: SourceRange(meta.argumentOffset, meta.argumentOffset + meta.argument.count))
        }
        rowLimit = n
    }

    func onOff(_ meta: MetaSyntax, current: Bool) throws -> Bool {
        switch meta.argument.lowercased() {
        case "on", "true", "yes", "1": return true
        case "off", "false", "no", "0": return false
        case "":
            console.out(current ? "on\n" : "off\n")
            return current
        default:
            throw NotebookError.invalidMetaArgument(
                command: meta.name, message: "expected on or off, not '\(meta.argument)'",
                at: SourceRange(meta.argumentOffset, meta.argumentOffset + meta.argument.count))
        }
    }

    func read(_ meta: MetaSyntax, origin: String?) throws -> Outcome {
        let path = try singlePath(meta)
        guard readDepth < 16 else { throw NotebookError.readDepthExceeded(path: path) }
        let url = url(for: path)
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw NotebookError.unreadableFile(path: path, reason: Session.reason(error))
        }
        readDepth += 1
        defer { readDepth -= 1 }
        var runner = ScriptRunner(session: self, name: path, bail: bail)
        runner.run(text: text)
        if runner.summary.interrupted { return .interrupted }
        return runner.summary.failures > 0 ? .failed : .succeeded
    }

    /// `.save FILE [overwrite=true]`: this session's successful verb commands (and `.sql` / `.mode`),
    /// replayable as a script; an existing FILE is kept unless overwrite=true (`OutputTarget.rule`).
    func save(_ meta: MetaSyntax) throws {
        var tokens = try meta.tokens()
        var overwrite = false
        if tokens.count == 4, tokens[1].text == "overwrite", tokens[2].kind == .equals {
            guard let value = ["true": true, "false": false][tokens[3].text.lowercased()] else {
                throw NotebookError.invalidMetaArgument(
                    command: "save", message: "overwrite= takes true or false", at: tokens[3].range)
            }
            overwrite = value
            tokens.removeLast(3)
        }
        guard tokens.count == 1, tokens[0].kind != .equals else {
            throw NotebookError.invalidMetaArgument(
                command: "save",
                message: "expected one file name (quote it if it has spaces), then overwrite=true or nothing",
                at: tokens.count > 1 ? tokens[1].range : .point(meta.argumentOffset))
        }
        let path = tokens[0].text
        let cells = try store.cells(session: record.id).filter { cell in
            cell.status == .ok && (!cell.verb.hasPrefix(".") || cell.verb == ".sql" || cell.verb == ".mode")
        }
        var text = "# secateur session \(record.id), saved from \(store.path)\n"
        text += cells.map { $0.source + "\n" }.joined()
        try OutputTarget.write(to: url(for: path), path: path, isDirectory: false, overwrite: overwrite) { temporary in
            do {
                try Data(text.utf8).write(to: temporary)
            } catch {
                throw NotebookError.unwritableFile(path: path, reason: Session.reason(error))
            }
        }
        console.out("saved \(cells.count) command\(cells.count == 1 ? "" : "s") to \(path)\n")
    }

    func history(_ meta: MetaSyntax) throws {
        var limit = 20
        if !meta.argument.isEmpty {
            guard let count = Int(meta.argument), count > 0 else {
                throw NotebookError.invalidMetaArgument(
                    command: "history", message: "expected a positive count, not '\(meta.argument)'",
                    at: SourceRange(meta.argumentOffset, meta.argumentOffset + meta.argument.count))
            }
            limit = count
        }
        var table = ResultTable(columns: ["cell", "session", "status", "wall_s", "source"])
        for cell in try store.cells(session: nil).suffix(limit) {
            let wall: TableValue = cell.wallSeconds.map { .float($0) } ?? .null
            table.append([.int(cell.id), .int(cell.sessionID), .text(cell.status.rawValue), wall, .text(cell.source)])
        }
        print(table)
    }

    private func singlePath(_ meta: MetaSyntax) throws -> String {
        let tokens = try meta.tokens()
        guard tokens.count == 1, tokens[0].kind != .equals else {
            throw NotebookError.invalidMetaArgument(
                command: meta.name, message: "expected one file name (quote it if it has spaces)",
                at: tokens.count > 1 ? tokens[1].range : .point(meta.argumentOffset))
        }
        return tokens[0].text
    }

    /// `path` resolved against the working directory (`~` expanded).
    func url(for path: String) -> URL {
        let expanded = (path as NSString).expandingTildeInPath
        return expanded.hasPrefix("/")
            ? URL(fileURLWithPath: expanded) : workingDirectory.appendingPathComponent(expanded)
    }

    /// The useful part of a Foundation file error (never the raw NSError dump).
    public static func reason(_ error: any Error) -> String {
        // Our own typed errors already say what went wrong.
        if let error = error as? NotebookError { return error.description }
        let nsError = error as NSError
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
            let code = POSIXErrorCode(rawValue: Int32(underlying.code))
        {
            return String(cString: strerror(code.rawValue))
        }
        guard nsError.domain == NSCocoaErrorDomain else {
            return "\(error)"
        }
        switch nsError.code {
        case NSFileReadNoSuchFileError, NSFileNoSuchFileError: return "no such file"
        case NSFileReadNoPermissionError, NSFileWriteNoPermissionError: return "permission denied"
        case NSFileReadInapplicableStringEncodingError: return "not UTF-8 text"
        case NSFileWriteOutOfSpaceError: return "no space left on device"
        case NSFileWriteVolumeReadOnlyError: return "read-only file system"
        case NSFileReadTooLargeError: return "too large to read"
        case NSFileReadCorruptFileError: return "not a readable file"
        case NSFileReadInvalidFileNameError, NSFileWriteInvalidFileNameError: return "not a valid file name"
        case NSFileWriteFileExistsError: return "it already exists"
        case NSFileReadUnknownError: return "cannot read it (is it a folder or a special file?)"
        case NSFileWriteUnknownError: return "cannot write it"
        default: return "file error \(nsError.code)"
        }
    }
}
