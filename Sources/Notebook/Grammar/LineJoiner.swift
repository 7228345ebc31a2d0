/// Joins physical lines ending in `\` into one logical line, remembering where each statement began.
public struct LineJoiner: Sendable {
    /// A complete logical line and the physical line number (1-based) it started on.
    public struct Line: Equatable, Sendable {
        /// The statement text, continuation backslashes removed, parts joined with a space.
        public var text: String
        /// The physical line the statement started on.
        public var lineNumber: Int

        /// A logical line starting on physical line `lineNumber`.
        public init(text: String, lineNumber: Int) {
            self.text = text
            self.lineNumber = lineNumber
        }
    }

    private var pending: [String] = []
    private var pendingStart = 0
    private var physicalLines = 0

    /// An empty joiner.
    public init() {}

    /// True while a statement is waiting for its continuation line (the prompt should say so).
    public var isContinuing: Bool { !pending.isEmpty }

    /// Feeds one physical line; returns the logical line once it is complete.
    public mutating func feed(_ line: String) -> Line? {
        physicalLines += 1
        var text = line
        if text.hasSuffix("\r") { text.removeLast() }
        if pending.isEmpty { pendingStart = physicalLines }
        if LineJoiner.continues(text) {
            text.removeLast()
            pending.append(text)
            return nil
        }
        pending.append(text)
        let joined = Line(text: pending.joined(separator: " "), lineNumber: pendingStart)
        pending.removeAll()
        return joined
    }

    /// Whatever is pending at the end of input (a last line that ended in `\`), as a statement.
    public mutating func finish() -> Line? {
        guard !pending.isEmpty else { return nil }
        let joined = Line(text: pending.joined(separator: " "), lineNumber: pendingStart)
        pending.removeAll()
        return joined
    }

    /// A line continues when its last character is a backslash that is not itself escaped,
    /// and it is not a comment line.
    public static func continues(_ line: String) -> Bool {
        guard line.hasSuffix("\\") else { return false }
        if line.drop(while: { $0.isWhitespace }).first == "#" { return false }
        let backslashes = line.reversed().prefix(while: { $0 == "\\" }).count
        return backslashes % 2 == 1
    }
}
