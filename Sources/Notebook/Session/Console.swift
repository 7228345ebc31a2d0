/// Where a session writes: results to `out`, diagnostics to `err`, progress bars to `progress`.
///
/// The executable wires these to stdout/stderr (and a progress output only when stderr is a terminal);
/// tests collect them in strings.
public struct Console {
    /// Results (tables, summaries).
    public var out: (String) -> Void
    /// Errors and notices.
    public var err: (String) -> Void
    /// Where progress bars are drawn; nil: none.
    public var progress: ProgressOutput?

    /// A console writing through these closures.
    public init(out: @escaping (String) -> Void, err: @escaping (String) -> Void, progress: ProgressOutput? = nil) {
        self.out = out
        self.err = err
        self.progress = progress
    }
}
