import Foundation

/// libFuzzer entry point for the command language: lines are joined as a script would be (trailing `\`
/// continues a line), each line is lexed and parsed, and a meta command's argument is tokenized. Compiled
/// with the sources of Notebook/Grammar and NotebookError.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGrammar(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let script = String(decoding: FuzzInput(bytes, count).data, as: UTF8.self)
    var joiner = LineJoiner()
    var lines: [String] = []
    for raw in script.split(separator: "\n", omittingEmptySubsequences: false) {
        if let line = joiner.feed(String(raw)) { lines.append(line.text) }
    }
    if let line = joiner.finish() { lines.append(line.text) }
    for line in lines {
        _ = try? Lexer(line).scan()
        _ = Parser.isIdentifier(line)
        guard let statement = try? Parser.parse(line) else { continue }
        if case .meta(let meta) = statement { _ = try? meta.tokens() }
    }
    return 0
}
