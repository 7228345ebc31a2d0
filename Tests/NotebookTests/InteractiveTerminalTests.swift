import Foundation
import XCTest

/// Drives the real binary through a pseudo-terminal (python3's `pty`): tab completion of a verb, a path,
/// an object and a key; editing keys; history recall and Ctrl-R; UTF-8 input; Ctrl-C at the prompt and during
/// a query and a verb (cell `interrupted`, nothing bound, session alive); continuation prompt; Ctrl-D.
final class InteractiveTerminalTests: XCTestCase {
    func testTypingIntoTheLineEditor() throws {
        let workspace = try TestWorkspace()
        try workspace.writeSampleText()
        try BigText.write(to: workspace.folder.appendingPathComponent("big.jsonl"))
        let driver = PackageRoot.url.appendingPathComponent("Tests/NotebookTests/Fixtures/pty/drive_repl.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", driver.path, try Binary.url().path, workspace.folder.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, output)
        XCTAssertEqual(output, "ok\n")
    }
}

/// A JSONL file large enough that `text` on it runs for seconds (so it can be interrupted or killed).
enum BigText {
    static func write(to url: URL, lines: Int = 1_500_000) throws {
        var text = ""
        text.reserveCapacity(lines * 48)
        for index in 0..<lines {
            text += "{\"text\": \"document \(index) with a few more words\"}\n"
        }
        try Data(text.utf8).write(to: url)
    }
}
