/// A row-major `rows × cols` Float32 matrix that owns its (64-byte aligned) storage.
///
/// Reference semantics on purpose: weights and activations are large and shared by pointer with the kernels.
public final class Matrix: @unchecked Sendable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns (also the row stride).
    public let cols: Int
    /// Row-major element storage, `rows * cols` floats, aligned to 64 bytes.
    public let data: UnsafeMutablePointer<Float>

    /// Number of elements, `rows * cols`.
    public var count: Int { rows * cols }

    /// A zero-filled matrix.
    public init(rows: Int, cols: Int) {
        precondition(rows >= 0 && cols >= 0, "Matrix: negative shape \(rows)×\(cols)")
        self.rows = rows
        self.cols = cols
        data = allocateFloats(rows * cols)
        data.initialize(repeating: 0, count: rows * cols)
    }

    /// A matrix holding a copy of `values` (row-major, exactly `rows * cols` of them).
    public init(rows: Int, cols: Int, copying values: [Float]) {
        precondition(rows >= 0 && cols >= 0, "Matrix: negative shape \(rows)×\(cols)")
        precondition(
            values.count == rows * cols, "Matrix: \(values.count) values given for a \(rows)×\(cols) matrix")
        self.rows = rows
        self.cols = cols
        data = allocateFloats(rows * cols)
        values.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { data.initialize(from: base, count: rows * cols) }
        }
    }

    /// A matrix holding a copy of `count` floats read from `source`.
    public init(rows: Int, cols: Int, copying source: UnsafePointer<Float>) {
        precondition(rows >= 0 && cols >= 0, "Matrix: negative shape \(rows)×\(cols)")
        self.rows = rows
        self.cols = cols
        data = allocateFloats(rows * cols)
        data.initialize(from: source, count: rows * cols)
    }

    deinit {
        data.deallocate()
    }

    /// The element at row `r`, column `c`.
    @inlinable
    public subscript(r: Int, c: Int) -> Float {
        get {
            precondition(r >= 0 && r < rows && c >= 0 && c < cols, "Matrix: index (\(r), \(c)) outside \(rows)×\(cols)")
            return data[r * cols + c]
        }
        set {
            precondition(r >= 0 && r < rows && c >= 0 && c < cols, "Matrix: index (\(r), \(c)) outside \(rows)×\(cols)")
            data[r * cols + c] = newValue
        }
    }

    /// A pointer to the first element of row `r`.
    @inlinable
    public func row(_ r: Int) -> UnsafeMutablePointer<Float> {
        precondition(r >= 0 && r < rows, "Matrix: row \(r) outside 0..<\(rows)")
        return data + r * cols
    }

    /// The elements as a row-major array.
    public func toArray() -> [Float] {
        Array(UnsafeBufferPointer(start: data, count: count))
    }

    /// A deep copy.
    public func copy() -> Matrix {
        Matrix(rows: rows, cols: cols, copying: UnsafePointer(data))
    }

    /// The transpose as a new `cols × rows` matrix.
    public func transposed() -> Matrix {
        let result = Matrix(rows: cols, cols: rows)
        transpose(UnsafePointer(data), result.data, rows: rows, cols: cols, lda: cols, ldb: rows)
        return result
    }

    /// Sets every element to `value`.
    public func fill(_ value: Float) {
        data.update(repeating: value, count: count)
    }
}

/// Allocates `count` floats aligned to 64 bytes (one cache line, one AVX-512 vector); uninitialised.
@usableFromInline
func allocateFloats(_ count: Int) -> UnsafeMutablePointer<Float> {
    UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<Float>.stride, alignment: 64)
        .bindMemory(to: Float.self, capacity: max(count, 1))
}
