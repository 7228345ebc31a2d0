/// One entry of a GGUF tensor table.
public struct GGUFTensorInfo: TensorTableEntry, Equatable {
    /// The tensor name (`blk.0.attn_q.weight`).
    public let name: String
    /// ggml dimensions, fastest-varying first (`ne0` = row length); PyTorch's shape is the reverse.
    public let dims: [Int]
    /// The storage type.
    public let type: GGMLType
    /// Offset of the tensor's bytes from the start of the data section.
    public let offset: Int

    /// Creates a table entry.
    public init(name: String, dims: [Int], type: GGMLType, offset: Int) {
        self.name = name
        self.dims = dims
        self.type = type
        self.offset = offset
    }

    /// The shape in PyTorch order (rows first): `dims` reversed.
    public var shape: [Int] { dims.reversed() }

    /// The number of elements (product of `dims`; 1 for a scalar).
    public var elementCount: Int { dims.reduce(1, *) }

    /// The number of stored bytes, or nil when the type is unknown or the row length is not a whole number
    /// of blocks.
    public var byteCount: Int? {
        guard let block = type.blockSize, let size = type.typeSize else { return nil }
        let rowLength = dims.first ?? 1
        guard rowLength % block == 0 else { return nil }
        return elementCount / block * size
    }
}
