import Foundation
import Pruning
import Store

extension CommandSpec {
    /// `p = apply m k`: the pruned model (pruned weights zeroed, updated weights substituted).
    public static let apply = CommandSpec(
        name: "apply",
        summary: "apply a mask to a model: the pruned model, usable everywhere a model is",
        discussion: """
            The mask must have been made for a model of the same shape (layers, hidden size, heads, MLP width). \
            Nothing is copied: the store records the model and the mask, and a later session applies it again.
            """,
        positionals: [
            .positional("model", .object([.model]), placeholder: "MODEL", help: "the model to prune"),
            .positional("mask", .object([.mask]), placeholder: "MASK", help: "the mask to apply"),
        ],
        produces: .model,
        examples: ["p = apply m k"]
    ) { context, arguments in
        let (modelHandle, base) = try arguments.model("model")
        let maskHandle = try arguments.handle("mask")
        let mask = try maskHandle.object(as: MaskObject.self)
        try context.checkCancellation()
        let object = try PrunedModelObject(
            base: base, baseName: modelHandle.name, baseDigest: modelHandle.record.digest, mask: mask,
            maskName: maskHandle.name, maskDigest: maskHandle.record.digest)
        return CommandResult(
            object: object, measurements: [.init(.result, Metric(key: "sparsity", value: mask.mask.totalSparsity))])
    }
}
