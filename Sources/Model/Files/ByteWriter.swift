/// Little-endian byte accumulation for file headers (GGUF and safetensors).
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    mutating func raw(_ b: [UInt8]) { bytes.append(contentsOf: b) }
    mutating func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func string(_ s: String) {
        u64(UInt64(s.utf8.count))
        bytes.append(contentsOf: s.utf8)
    }
    mutating func pad(to alignment: Int) {
        let padding = GGUFWriter.aligned(bytes.count, alignment) - bytes.count
        bytes.append(contentsOf: repeatElement(0, count: padding))
    }
}
