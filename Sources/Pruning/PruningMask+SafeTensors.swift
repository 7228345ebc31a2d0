import Foundation
import Model

/// Export of a mask as safetensors: one U8 tensor per linear, named by its Hugging Face weight name
/// (`model.layers.3.self_attn.q_proj.weight`), shape `(out, in)`, 1 = kept and 0 = pruned, so `weight * mask` is
/// the pruned weight; `__metadata__` records the method, pattern, sparsity and provenance. Updated weights are not
/// part of this export (export the pruned model for them).
extension PruningMask {
    /// The `__metadata__` strings of the export.
    public var exportMetadata: [String: String] {
        var out = metadata
        out["format"] = "secateur-mask"
        out["mask_semantics"] = "1 = kept, 0 = pruned"
        out["method"] = method
        out["pattern"] = pattern
        out["total_sparsity"] = "\(totalSparsity)"
        out["model_shape"] = shape.description
        out["updates_weights"] = updatedWeights.isEmpty ? "false" : "true"
        if !blockPatterns.isEmpty { out["block_patterns"] = blockPatterns.joined(separator: ",") }
        return out
    }

    /// A writer holding the mask's tensors and metadata.
    public func safeTensorsWriter() throws -> SafeTensorsWriter {
        var writer = SafeTensorsWriter(metadata: exportMetadata)
        for id in linears.keys.sorted() {
            guard let mask = linears[id] else { continue }
            try writer.add(id.hfWeightName, shape: [mask.rows, mask.cols], bytes: mask.keepBytes())
        }
        return writer
    }

    /// Writes the mask to `url` as safetensors (atomically).
    public func exportSafeTensors(to url: URL) throws {
        try safeTensorsWriter().write(to: url)
    }
}
