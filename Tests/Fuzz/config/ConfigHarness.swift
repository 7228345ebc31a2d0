import Foundation
import Model

/// libFuzzer entry point for config.json decoding (`LlamaConfig.load(configJSON:)`, both the transformers 4
/// and 5 RoPE layouts) and re-encoding what decoded. Linked with the Model module.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    FuzzInput(bytes, count).withFile(named: "config.json") { path in
        guard let config = try? LlamaConfig.load(configJSON: URL(fileURLWithPath: path)) else { return }
        _ = try? JSONEncoder().encode(config)
    }
    return 0
}
