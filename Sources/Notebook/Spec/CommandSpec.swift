import Store

/// Everything about one verb: the single declaration that drives parsing, validation, usage, `?verb` help,
/// tab completion and execution.
public struct CommandSpec: Sendable {
    /// Runs the verb on checked arguments. Throw to fail the cell; check `context.cancellation` in long loops.
    public typealias Execute = @Sendable (ExecutionContext, ResolvedArguments) throws -> CommandResult

    /// The verb as typed (`sample`).
    public var name: String
    /// One line saying what it does (shown by `.help` and at the top of `?verb`).
    public var summary: String
    /// Further paragraphs for `?verb` (may be empty).
    public var discussion: String
    /// Positional arguments, in order (each may also be written `name=value`).
    public var positionals: [ArgumentSpec]
    /// `key=value` arguments.
    public var keys: [ArgumentSpec]
    /// The kind of object the verb returns and `name = verb …` binds; nil when it only prints or records metrics.
    public var produces: ObjectKind?
    /// Example lines for `?verb`.
    public var examples: [String]
    /// The implementation.
    public var execute: Execute

    /// A verb. `stochastic` adds the `seed=` key (default 0), which is then always recorded.
    public init(
        name: String, summary: String, discussion: String = "", positionals: [ArgumentSpec] = [],
        keys: [ArgumentSpec] = [], produces: ObjectKind? = nil, stochastic: Bool = false, examples: [String] = [],
        execute: @escaping Execute
    ) {
        self.name = name
        self.summary = summary
        self.discussion = discussion
        self.positionals = positionals
        self.keys = stochastic && !keys.contains(where: { $0.name == "seed" }) ? keys + [.seed] : keys
        self.produces = produces
        self.examples = examples
        self.execute = execute
    }

    /// Positional arguments then keys.
    public var arguments: [ArgumentSpec] { positionals + keys }

    /// The argument called `name`, positional or keyed.
    public func argument(named name: String) -> ArgumentSpec? {
        arguments.first { $0.name == name }
    }

    /// True when the verb takes `seed=`.
    public var isStochastic: Bool { keys.contains { $0.name == "seed" } }
}
