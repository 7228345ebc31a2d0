import Store

/// `model=` for verbs that only need a tokenizer or a scorer: the named model, or, when the argument is left
/// out and exactly one model is bound, that one (recorded as the `model` input and parameter).
enum ImplicitModel {
    /// The model and its handle, plus the lineage and parameter to record when it was implicit.
    static func resolve(
        _ arguments: ResolvedArguments, context: ExecutionContext, verb: String
    ) throws -> (
        handle: ObjectHandle, object: any ModelProviding, inputs: [(role: String, handle: ObjectHandle)],
        params: [Param]
    ) {
        if arguments.value("model") != nil {
            let (handle, object) = try arguments.model("model")
            return (handle, object, [], [])
        }
        let models = context.objects.handles(ofKinds: [.model])
        guard models.count == 1, let handle = models.first else {
            let names = models.map(\.name).joined(separator: ", ")
            throw NotebookError.missingArgument(
                models.isEmpty ? "model= (no model is loaded: m = load PATH)" : "model= (one of \(names))", verb: verb,
                at: .point(0))
        }
        guard let object = try handle.object() as? any ModelProviding else {
            throw NotebookError.objectUnavailable(name: handle.name, reason: "it is not a model")
        }
        return (
            handle, object, [("model", handle)],
            [Param(key: "model", value: handle.name, type: "object", defaulted: true)]
        )
    }

    /// The help line of `model=`.
    static let help = "the model whose tokenizer (and network) is used; may be left out when exactly one model is bound"
}
