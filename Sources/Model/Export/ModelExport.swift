import Foundation
import Tensor

/// Writing a model back out: a Hugging Face folder that transformers loads, or a GGUF file
/// (F32 or F16) that llama.cpp loads.
extension LanguageModel {
    /// Writes `config.json`, `model.safetensors` (`dtype` f32, f16 or bf16), `tokenizer.json` and
    /// `tokenizer_config.json` into `folder` (created if needed).
    public func exportHuggingFace(to folder: URL, dtype: SafeTensorsDType = .f32) throws {
        let fm = FileManager.default
        do { try fm.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw ModelFileError.writeFailed(file: folder.path, reason: fileErrorReason(error))
        }
        let net = network
        var writer = SafeTensorsWriter(metadata: ["format": "pt"])
        func add(_ name: String, _ w: Weight) throws {
            try w.withDequantizedValues { try writer.add(name, shape: [w.rows, w.cols], values: $0, dtype: dtype) }
        }
        try add("model.embed_tokens.weight", net.embedding)
        for (layer, block) in net.blocks.enumerated() {
            try writer.add(
                "model.layers.\(layer).input_layernorm.weight", shape: [block.attentionNorm.count],
                values: block.attentionNorm, dtype: dtype)
            try writer.add(
                "model.layers.\(layer).post_attention_layernorm.weight", shape: [block.mlpNorm.count],
                values: block.mlpNorm, dtype: dtype)
            for kind in LinearKind.allCases {
                let id = LinearID(layer: layer, kind: kind)
                try add(id.hfWeightName, block.weight(kind))
                if let bias = block.biases[kind] {
                    try writer.add(
                        "model.layers.\(layer).\(kind.hfName).bias", shape: [bias.count], values: bias, dtype: dtype)
                }
            }
        }
        try writer.add("model.norm.weight", shape: [net.finalNorm.count], values: net.finalNorm, dtype: dtype)
        if let head = net.outputHead { try add("lm_head.weight", head) }
        try writer.write(to: folder.appendingPathComponent("model.safetensors"))

        var config = net.config
        config.modelType = config.modelType == "qwen2" ? "qwen2" : "llama"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try write(try encoder.encode(config), to: folder.appendingPathComponent("config.json"))
        try write(try tokenizer.tokenizerJSON(), to: folder.appendingPathComponent("tokenizer.json"))
        let template = ggufMetadata?["tokenizer.chat_template"]?.string
        try write(
            tokenizer.tokenizerConfigJSON(chatTemplate: template),
            to: folder.appendingPathComponent("tokenizer_config.json"))
    }

    /// Writes a GGUF v3 file: weights as `type` (.f32 or .f16; norms always F32), q/k rows permuted
    /// back to llama.cpp's layout, tokenizer metadata copied from the GGUF the model came from.
    public func exportGGUF(to file: URL, type: GGMLType = .f32) throws {
        guard let source = ggufMetadata else {
            throw ModelFileError.invalidArgument(
                file: file.path, tensor: "tokenizer.ggml.*",
                reason:
                    "GGUF export needs GGUF tokenizer metadata; this model came from \(path) (export it as an HF folder)"
            )
        }
        let net = network
        let c = net.config
        let arch = c.modelType == "qwen2" ? "qwen2" : "llama"
        var writer = GGUFWriter()
        for (key, value) in source where key.hasPrefix("tokenizer.") || key == "general.name" {
            writer.setMetadata(key, value)
        }
        writer.setMetadata("general.architecture", .string(arch))
        writer.setMetadata("general.file_type", .uint32(type == .f16 ? 1 : 0))
        writer.setMetadata("\(arch).block_count", .uint32(UInt32(c.numHiddenLayers)))
        writer.setMetadata("\(arch).context_length", .uint32(UInt32(c.maxPositionEmbeddings)))
        writer.setMetadata("\(arch).embedding_length", .uint32(UInt32(c.hiddenSize)))
        writer.setMetadata("\(arch).feed_forward_length", .uint32(UInt32(c.intermediateSize)))
        writer.setMetadata("\(arch).attention.head_count", .uint32(UInt32(c.numAttentionHeads)))
        writer.setMetadata("\(arch).attention.head_count_kv", .uint32(UInt32(c.numKeyValueHeads)))
        writer.setMetadata("\(arch).attention.key_length", .uint32(UInt32(c.headDim)))
        writer.setMetadata("\(arch).attention.value_length", .uint32(UInt32(c.headDim)))
        writer.setMetadata("\(arch).rope.freq_base", .float32(c.ropeTheta))
        writer.setMetadata("\(arch).rope.dimension_count", .uint32(UInt32(c.headDim)))
        writer.setMetadata("\(arch).attention.layer_norm_rms_epsilon", .float32(c.rmsNormEps))
        writer.setMetadata("\(arch).vocab_size", .uint32(UInt32(c.vocabSize)))
        func add(_ name: String, _ w: Weight) throws {
            try w.withDequantizedValues { try writer.addTensor(name, shape: [w.rows, w.cols], values: $0, type: type) }
        }
        try add("token_embd.weight", net.embedding)
        for (layer, block) in net.blocks.enumerated() {
            try writer.addTensor("blk.\(layer).attn_norm.weight", shape: [c.hiddenSize], values: block.attentionNorm)
            try writer.addTensor("blk.\(layer).ffn_norm.weight", shape: [c.hiddenSize], values: block.mlpNorm)
            for kind in LinearKind.allCases {
                var w = block.weight(kind)
                var bias = block.biases[kind]
                if kind == .q || kind == .k {
                    let heads = kind == .q ? c.numAttentionHeads : c.numKeyValueHeads
                    w = permuteHeadRows(w, heads: heads, headDim: c.headDim, toGGUF: true)
                    bias = bias.map { permuteHeadRows($0, heads: heads, headDim: c.headDim, toGGUF: true) }
                }
                try add("blk.\(layer).\(kind.ggufName).weight", w)
                if let bias {
                    try writer.addTensor("blk.\(layer).\(kind.ggufName).bias", shape: [bias.count], values: bias)
                }
            }
        }
        try writer.addTensor("output_norm.weight", shape: [c.hiddenSize], values: net.finalNorm)
        if let head = net.outputHead { try add("output.weight", head) }
        try writer.write(to: file)
    }

    private func write(_ data: Data, to url: URL) throws {
        do { try data.write(to: url, options: .atomic) } catch {
            throw ModelFileError.writeFailed(file: url.path, reason: fileErrorReason(error))
        }
    }
}

/// The errno text of a Foundation file error ("No space left on device"), not its NSError dump.
func fileErrorReason(_ error: any Error) -> String {
    let nsError = error as NSError
    if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
    if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
        return String(cString: strerror(Int32(underlying.code)))
    }
    switch nsError.code {
    case NSFileWriteOutOfSpaceError: return "no space left on device"
    case NSFileWriteNoPermissionError: return "permission denied"
    case NSFileWriteVolumeReadOnlyError: return "read-only file system"
    default: return "file error \(nsError.code)"
    }
}
