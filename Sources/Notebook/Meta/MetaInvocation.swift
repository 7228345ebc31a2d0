/// One meta command as it is run: the session it acts on, the command as parsed, the whole line (for carets)
/// and where it came from (`file:line` of a script, for error prefixes).
struct MetaInvocation {
    /// The session the command reads or changes.
    let session: Session
    /// The command as parsed (`name`, `argument`).
    let syntax: MetaSyntax
    /// The whole line as typed.
    let line: String
    /// `file:line` when the line came from a script.
    let origin: String?
}
