/// A linear layer's weight `(rows, cols)` = `(out, in)`, row-major as in `nn.Linear`, kept in the encoding it was
/// read in (a linear = an encoding + the kernels that consume it, `Weight+Matmul.swift`).
///
/// Storage is one of: a Float32 `Matrix` (F32 weights, and weights a method rewrote), or encoded rows — a view into a
/// memory-mapped model file (`owner` keeps the mapping alive) or an owned copy. An optional keep mask (the bits of a
/// pruning mask over an unchanged weight) zeroes pruned elements as rows are decoded, so a pruned model costs its
/// compact weights plus one bit per weight. Immutable after construction; safe to share between threads.
public final class Weight: @unchecked Sendable {
    /// Output features.
    public let rows: Int
    /// Input features.
    public let cols: Int
    /// How the values are stored.
    public let encoding: WeightEncoding
    /// The values when they are plain Float32 (then `encoding == .f32`), nil for encoded rows.
    let matrix: Matrix?
    /// The first encoded row (when `matrix` is nil); rows are `rowBytes` apart.
    let bytes: UnsafeRawPointer?
    /// Bytes of one encoded row.
    let rowBytes: Int
    /// Keeps `bytes` valid: a mapped file or a `WeightBytes`.
    let owner: AnyObject?
    /// Whether the encoded rows are a view of a memory-mapped file (their pages are the file's page cache).
    public let isMapped: Bool
    /// Keep bits, `rows · wordsPerRow` words, bit `c % 64` of word `r · wordsPerRow + c / 64` set when `(r, c)` is
    /// kept (the layout of Pruning's `LinearMask`); nil when every weight is kept.
    public let keep: [UInt64]?
    /// 64-bit words per row of `keep`: `⌈cols / 64⌉`.
    public var wordsPerRow: Int { (cols + 63) / 64 }

    /// A Float32 weight that shares `matrix` (which must not be modified afterwards).
    public init(_ matrix: Matrix, keep: [UInt64]? = nil) {
        rows = matrix.rows
        cols = matrix.cols
        encoding = .f32
        self.matrix = matrix
        bytes = nil
        rowBytes = matrix.cols * 4
        owner = nil
        isMapped = false
        self.keep = keep
        checkKeep()
    }

    /// Encoded rows at `bytes` (exactly `rows · rowBytes(cols:)` bytes, validated by the caller), kept alive by
    /// `owner`. `mapped` says whether they are a view of a memory-mapped file.
    public init(
        encoding: WeightEncoding, rows: Int, cols: Int, bytes: UnsafeRawPointer, owner: AnyObject, mapped: Bool,
        keep: [UInt64]? = nil
    ) {
        guard let rowBytes = encoding.rowBytes(cols: cols), rows >= 0 else {
            preconditionFailure("Weight: \(rows)×\(cols) is not whole \(encoding) blocks (validated by the loaders)")
        }
        self.rows = rows
        self.cols = cols
        self.encoding = encoding
        matrix = nil
        self.bytes = bytes
        self.rowBytes = rowBytes
        self.owner = owner
        isMapped = mapped
        self.keep = keep
        checkKeep()
    }

    /// An owned copy of `rows` encoded rows read from `source` (exactly `rows · rowBytes(cols:)` bytes); row `r` of
    /// the result is source row `order[r]` when `order` is given (a permutation of `0..<rows`).
    public static func copying(
        encoding: WeightEncoding, rows: Int, cols: Int, from source: UnsafeRawBufferPointer,
        rowOrder order: [Int]? = nil
    ) -> Weight {
        guard let rowBytes = encoding.rowBytes(cols: cols), source.count == rows * rowBytes,
            let base = source.baseAddress
        else {
            preconditionFailure("Weight.copying: \(source.count) bytes for \(rows)×\(cols) \(encoding)")
        }
        precondition(order == nil || order?.count == rows, "Weight.copying: the row order has the wrong length")
        let storage = WeightBytes(count: rows * rowBytes)
        for r in 0..<rows {
            let from = order?[r] ?? r
            precondition(from >= 0 && from < rows, "Weight.copying: row \(from) outside 0..<\(rows)")
            (storage.pointer + r * rowBytes).copyMemory(from: base + from * rowBytes, byteCount: rowBytes)
        }
        return Weight(
            encoding: encoding, rows: rows, cols: cols, bytes: UnsafeRawPointer(storage.pointer), owner: storage,
            mapped: false)
    }

    /// A copy whose row `r` is this weight's row `order[r]` (`order` a permutation of `0..<rows`), same encoding
    /// (a masked weight: its Float32 values, pruned elements 0).
    public func permutingRows(_ order: [Int]) -> Weight {
        if keep != nil { return Weight(dequantized()).permutingRows(order) }
        if let matrix {
            let out = Matrix(rows: rows, cols: cols)
            for (r, from) in order.enumerated() {
                (out.data + r * cols).update(from: matrix.data + from * cols, count: cols)
            }
            return Weight(out)
        }
        return Weight.copying(
            encoding: encoding, rows: rows, cols: cols,
            from: UnsafeRawBufferPointer(start: rowPointer(0), count: rows * rowBytes), rowOrder: order)
    }

    /// The same values with pruned elements (keep bit 0) read as 0; the storage is shared. Replaces an existing mask.
    public func masked(keep words: [UInt64]) -> Weight {
        if let matrix { return Weight(matrix, keep: words) }
        guard let bytes, let owner else { preconditionFailure("encoded weights have bytes and an owner") }
        return Weight(
            encoding: encoding, rows: rows, cols: cols, bytes: bytes, owner: owner, mapped: isMapped, keep: words)
    }

    /// Number of elements.
    public var count: Int { rows * cols }

    /// Bytes this weight holds in memory: its values (mapped file pages included) plus its keep bits.
    public var residentBytes: Int { rows * rowBytes + (keep?.count ?? 0) * 8 }

    /// The start of encoded row `r` (encoded weights only).
    @inline(__always)
    func rowPointer(_ r: Int) -> UnsafeRawPointer {
        guard let bytes else { preconditionFailure("rowPointer of a Float32 weight") }
        return bytes + r * rowBytes
    }

    /// Writes rows `range` as Float32 into `dst` (row stride `ld ≥ cols`), decoded and masked: exactly the values
    /// of `dequantized()`. Runs on the calling thread.
    public func decodeRows(_ range: Range<Int>, into dst: UnsafeMutablePointer<Float>, ld: Int? = nil) {
        let stride = ld ?? cols
        precondition(range.lowerBound >= 0 && range.upperBound <= rows, "Weight: rows \(range) outside 0..<\(rows)")
        precondition(stride >= cols, "Weight.decodeRows: row stride \(stride) < \(cols) columns")
        let blocksPerRow = cols / encoding.blockSize
        for (i, r) in range.enumerated() {
            let out = dst + i * stride
            if let matrix {
                out.update(from: matrix.data + r * cols, count: cols)
            } else {
                encoding.decode(rowPointer(r), into: out, blocks: blocksPerRow)
            }
            if let keep { Self.zeroPruned(out, keep: keep, row: r, cols: cols, wordsPerRow: wordsPerRow) }
        }
    }

    /// The whole weight as a Float32 matrix (decoded and masked, in parallel). An unmasked Float32 weight returns its
    /// own matrix, shared: callers must not modify the result.
    public func dequantized() -> Matrix {
        if let matrix, keep == nil { return matrix }
        let out = Matrix(rows: rows, cols: cols)
        parallelChunks(rows, granule: 4) { range in
            self.decodeRows(range, into: out.data + range.lowerBound * self.cols)
        }
        return out
    }

    /// Calls `body` with the whole weight as row-major Float32 values (`dequantized()`), kept alive for the call.
    public func withDequantizedValues<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        let values = dequantized()
        return try withExtendedLifetime(values) { try body(UnsafeBufferPointer(start: values.data, count: count)) }
    }

    /// The same values in `target` (f32, f16 or bf16; half precision rounds to nearest even): a load-time conversion.
    public func converted(to target: WeightEncoding) -> Weight {
        precondition([.f32, .f16, .bf16].contains(target), "Weight.converted: only to f32, f16 or bf16")
        if target == encoding { return self }
        let values = dequantized()
        if target == .f32 { return Weight(values) }
        let storage = WeightBytes(count: count * 2)
        parallelChunks(rows, granule: 16) { range in
            let from = values.data + range.lowerBound * self.cols
            let to = storage.pointer + range.lowerBound * self.cols * 2
            let n = range.count * self.cols
            if target == .f16 { floatToHalf(from, to, count: n) } else { floatToBFloat16(from, to, count: n) }
        }
        return Weight(
            encoding: target, rows: rows, cols: cols, bytes: UnsafeRawPointer(storage.pointer), owner: storage,
            mapped: false)
    }

    /// Sets the pruned elements of one decoded row to 0.
    @inline(__always)
    static func zeroPruned(
        _ row: UnsafeMutablePointer<Float>, keep: [UInt64], row r: Int, cols: Int, wordsPerRow: Int
    ) {
        keep.withUnsafeBufferPointer { words in
            for w in 0..<wordsPerRow {
                var pruned = ~words[r * wordsPerRow + w]
                if w == wordsPerRow - 1, cols % 64 != 0 { pruned &= (UInt64(1) << UInt64(cols % 64)) - 1 }
                while pruned != 0 {
                    let bit = pruned.trailingZeroBitCount
                    row[w * 64 + bit] = 0
                    pruned &= pruned - 1
                }
            }
        }
    }

    private func checkKeep() {
        precondition(
            keep == nil || keep?.count == rows * wordsPerRow,
            "Weight: \(keep?.count ?? 0) keep words for a \(rows)×\(cols) weight")
    }
}
