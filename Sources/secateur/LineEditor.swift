import CEditLine
import Foundation
import Notebook

/// The interactive line editor on libedit: emacs keys, persisted history with Ctrl-R search, UTF-8,
/// tab completion from the verb specs. One instance owns the `EditLine` and `History` handles.
final class LineEditor {
    /// What one read produced.
    enum Input: Equatable {
        /// A line (without its newline).
        case line(String)
        /// Ctrl-C at the prompt: the line was dropped.
        case interrupted
        /// Ctrl-D on an empty line, or the input closed.
        case endOfFile
    }

    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private var event = HistEvent()
    private let historyPath: String?
    private var promptBuffer: UnsafeMutablePointer<CChar>
    /// Completes the word before the cursor.
    var completer: Completer

    /// An editor reading the terminal on stdin, with history kept in `historyPath` (nil: not persisted).
    init?(historyPath: String?, completer: Completer) {
        guard let editLine = secateur_el_init("secateur"), let history = history_init() else {
            return nil
        }
        self.editLine = editLine
        self.history = history
        self.historyPath = historyPath
        self.completer = completer
        promptBuffer = strdup("secateur> ")
        secateur_history_setsize(history, &event, 2000)
        secateur_history_setunique(history, &event, 1)
        if let historyPath {
            secateur_history_load(history, &event, historyPath)
        }
        secateur_el_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        secateur_el_set_editor(editLine, "emacs")
        secateur_el_set_signal(editLine, 0)
        secateur_el_set_history(editLine, history)
        secateur_el_set_prompt(editLine, LineEditor.promptCallback)
        secateur_el_add_function(
            editLine, "secateur-complete", "complete verbs, names, keys, values, paths",
            LineEditor.completeCallback)
        secateur_el_bind(editLine, "^I", "secateur-complete")
        secateur_el_bind(editLine, "^R", "em-inc-search-prev")
        el_source(editLine, nil)
    }

    deinit {
        el_end(editLine)
        history_end(history)
        free(promptBuffer)
    }

    /// Reads one line with `prompt`.
    func read(prompt: String) -> Input {
        free(promptBuffer)
        promptBuffer = strdup(prompt)
        let signals = CancellationToken.signalGeneration
        var count: Int32 = 0
        let line = el_gets(editLine, &count)
        if CancellationToken.signalGeneration != signals {
            return .interrupted
        }
        guard let line, count > 0 else {
            return count < 0 && errno == EINTR ? .interrupted : .endOfFile
        }
        var text = String(cString: line)
        while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
        return .line(text)
    }

    /// Adds a line to the history and saves the history file (so a crash keeps it).
    func remember(_ line: String) {
        guard !line.allSatisfy(\.isWhitespace) else { return }
        secateur_history_enter(history, &event, line)
        if let historyPath {
            secateur_history_save(history, &event, historyPath)
        }
    }

    private static let promptCallback: @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>? = { editLine in
        guard let editor = LineEditor.editor(of: editLine) else { return nil }
        return editor.promptBuffer
    }

    private static let completeCallback: @convention(c) (OpaquePointer?, Int32) -> UInt8 = { editLine, _ in
        guard let editor = LineEditor.editor(of: editLine) else { return UInt8(CC_ERROR) }
        return editor.complete()
    }

    private static func editor(of editLine: OpaquePointer?) -> LineEditor? {
        guard let editLine, let data = secateur_el_get_clientdata(editLine) else { return nil }
        return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue()
    }

    /// Tab: inserts the single candidate or the common prefix; otherwise lists the candidates.
    private func complete() -> UInt8 {
        guard let info = el_line(editLine)?.pointee, let buffer = info.buffer, let cursor = info.cursor,
            let end = info.lastchar
        else { return UInt8(CC_ERROR) }
        let before = String(decoding: UnsafeRawBufferPointer(start: buffer, count: cursor - buffer), as: UTF8.self)
        let line = String(decoding: UnsafeRawBufferPointer(start: buffer, count: end - buffer), as: UTF8.self)
        let completion = completer.complete(line: line, cursor: before.count)
        guard !completion.candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        let insertion = completion.insertion
        if insertion.count > completion.partial.count, insertion.hasPrefix(completion.partial) {
            let added = String(insertion.dropFirst(completion.partial.count))
            if el_insertstr(editLine, added) != 0 { return UInt8(CC_ERROR) }
            return UInt8(CC_REFRESH)
        }
        Terminal.write("\n" + LineEditor.columns(completion.candidates.map(\.text)), to: STDOUT_FILENO)
        return UInt8(CC_REDISPLAY)
    }

    /// Candidates laid out in columns across the terminal.
    static func columns(_ words: [String]) -> String {
        let width = (words.map(\.count).max() ?? 0) + 2
        let perRow = max(1, Terminal.width(STDOUT_FILENO) / max(1, width))
        var text = ""
        for (index, word) in words.enumerated() {
            let isRowEnd = (index + 1) % perRow == 0 || index == words.count - 1
            text += isRowEnd ? word + "\n" : word + String(repeating: " ", count: width - word.count)
        }
        return text
    }
}
