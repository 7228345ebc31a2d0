import Foundation
import Model

/// libFuzzer entry point for the GGUF reader: header, metadata, tensor table, and dequantization of every
/// small tensor. Linked with the Model module (see scripts/fuzz); any error thrown is a clean rejection.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGGUF(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    FuzzInput(bytes, count).withFile(named: "model.gguf") { path in
        guard let file = try? GGUFFile(path: path) else { return }
        for key in file.metadataKeys {
            let value = file[key]
            _ = value?.int
            _ = value?.float
            _ = value?.string
            _ = value?.strings
        }
        for name in file.tensorNames {
            guard let info = file.tensors[name], info.elementCount >= 0, info.elementCount <= 1 << 16 else {
                continue
            }
            var floats = [Float](repeating: 0, count: info.elementCount)
            floats.withUnsafeMutableBufferPointer { buffer in _ = try? file.readFloats(name, into: buffer) }
        }
    }
    return 0
}
