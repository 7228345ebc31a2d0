import Foundation
import Model

/// libFuzzer entry point for the safetensors reader: the length prefix, the JSON header, every entry's
/// dtype, shape and offsets, and reading every small tensor as floats. Linked with the Model module.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafeTensors(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    FuzzInput(bytes, count).withFile(named: "model.safetensors") { path in
        guard let file = try? SafeTensorsFile(path: path) else { return }
        for name in file.tensorNames {
            guard let info = file.tensors[name], info.elementCount >= 0, info.elementCount <= 1 << 16 else {
                continue
            }
            var floats = [Float](repeating: 0, count: info.elementCount)
            floats.withUnsafeMutableBufferPointer { buffer in _ = try? file.readFloats(name, into: buffer) }
            _ = try? file.bytes(name)
        }
    }
    return 0
}
