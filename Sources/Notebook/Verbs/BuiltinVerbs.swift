/// The verbs every session has. Adding a verb: declare `static let name = CommandSpec(…)` in its own file
/// under `Verbs/`, and list it here.
public enum BuiltinVerbs {
    /// Every built-in verb.
    public static let all: [CommandSpec] = [
        .show, .export, .text, .load, .sample, .generate, .filter, .score, .prune, .apply, .eval, .diff, .similar,
        .report, .plot,
    ]

    /// A registry of every built-in verb.
    public static var registry: VerbRegistry { VerbRegistry(all) }
}

/// The object kinds every session can restore. Adding a kind: conform a final class to `SessionObject`
/// and register it here.
public enum BuiltinKinds {
    /// A registry of every built-in object type.
    public static var registry: ObjectKindRegistry {
        var registry = ObjectKindRegistry()
        registry.register(TextObject.self)
        registry.register(ResultObject.self)
        registry.register(ModelObject.self)
        registry.register(PrunedModelObject.self)
        registry.register(MaskObject.self)
        registry.register(CalibObject.self)
        return registry
    }
}
