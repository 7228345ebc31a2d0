/// The verbs a session knows, by name.
public struct VerbRegistry: Sendable {
    private var specs: [String: CommandSpec] = [:]

    /// A registry of `specs` (names must be unique).
    public init(_ specs: [CommandSpec] = []) {
        for spec in specs { register(spec) }
    }

    /// Adds a verb.
    public mutating func register(_ spec: CommandSpec) {
        precondition(specs[spec.name] == nil, "verb \(spec.name) registered twice")
        specs[spec.name] = spec
    }

    /// The verb called `name`.
    public func spec(named name: String) -> CommandSpec? { specs[name] }

    /// Every verb name, sorted.
    public var names: [String] { specs.keys.sorted() }

    /// Every verb, sorted by name.
    public var all: [CommandSpec] { names.compactMap { specs[$0] } }
}
