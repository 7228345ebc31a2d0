/// One tensor of a weight file's table: what `TensorTable` needs to size and describe it.
public protocol TensorTableEntry: Sendable {
    /// The shape in PyTorch order (rows first); `[]` is a scalar.
    var shape: [Int] { get }
    /// The number of elements (1 for a scalar).
    var elementCount: Int { get }
}
