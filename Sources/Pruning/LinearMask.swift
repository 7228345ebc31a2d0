/// Keep/prune bits of one `(rows, cols)` weight matrix, bit-packed: bit `c % 64` of word
/// `r · wordsPerRow + c / 64` is 1 when weight `(r, c)` is kept. Rows start on a word boundary, so rows
/// can be written in parallel and counted on their own.
public struct LinearMask: Sendable, Equatable {
    /// Output features (rows of the weight).
    public let rows: Int
    /// Input features (columns of the weight).
    public let cols: Int
    /// 64-bit words per row: `⌈cols / 64⌉`.
    public let wordsPerRow: Int
    /// The packed bits, `rows · wordsPerRow` words; padding bits past `cols` are 0.
    public private(set) var words: [UInt64]

    /// A mask that keeps every weight.
    public init(rows: Int, cols: Int) {
        precondition(rows >= 0 && cols >= 0, "LinearMask: negative shape \(rows)×\(cols)")
        self.rows = rows
        self.cols = cols
        wordsPerRow = (cols + 63) / 64
        words = [UInt64](repeating: 0, count: rows * wordsPerRow)
        for r in 0..<rows { fillRow(r) }
    }

    /// Packs `pruned` (`rows · cols` bytes, row-major, nonzero = pruned).
    public init(rows: Int, cols: Int, pruned: UnsafePointer<UInt8>) {
        self.rows = rows
        self.cols = cols
        let perRow = (cols + 63) / 64
        wordsPerRow = perRow
        words = [UInt64](repeating: 0, count: rows * perRow)
        words.withUnsafeMutableBufferPointer { out in
            guard let base = out.baseAddress else { return }
            for r in 0..<rows {
                let flags = pruned + r * cols
                let row = base + r * perRow
                for c in 0..<cols where flags[c] == 0 { row[c >> 6] |= 1 << UInt64(c & 63) }
            }
        }
    }

    /// A mask from already packed words (checked: count and zero padding).
    public init(rows: Int, cols: Int, words: [UInt64]) throws {
        let perRow = (cols + 63) / 64
        guard rows >= 0, cols >= 0, words.count == rows * perRow else {
            throw PruningError.corruptMask(reason: "\(words.count) words for a \(rows)×\(cols) mask")
        }
        if cols % 64 != 0 {
            let padding = ~((UInt64(1) << UInt64(cols % 64)) - 1)
            for r in 0..<rows where words[r * perRow + perRow - 1] & padding != 0 {
                throw PruningError.corruptMask(reason: "padding bits set in row \(r) of a \(rows)×\(cols) mask")
            }
        }
        self.rows = rows
        self.cols = cols
        wordsPerRow = perRow
        self.words = words
    }

    /// Whether weight `(r, c)` is kept.
    @inlinable
    public func isKept(_ r: Int, _ c: Int) -> Bool {
        precondition(r >= 0 && r < rows && c >= 0 && c < cols, "LinearMask: (\(r), \(c)) outside \(rows)×\(cols)")
        return words[r * wordsPerRow + (c >> 6)] >> UInt64(c & 63) & 1 == 1
    }

    /// Marks weight `(r, c)` kept or pruned.
    public mutating func setKept(_ r: Int, _ c: Int, _ kept: Bool) {
        precondition(r >= 0 && r < rows && c >= 0 && c < cols, "LinearMask: (\(r), \(c)) outside \(rows)×\(cols)")
        let bit = UInt64(1) << UInt64(c & 63)
        if kept { words[r * wordsPerRow + (c >> 6)] |= bit } else { words[r * wordsPerRow + (c >> 6)] &= ~bit }
    }

    /// Number of weights kept in row `r`.
    public func keptCount(row r: Int) -> Int {
        var n = 0
        for w in 0..<wordsPerRow { n += words[r * wordsPerRow + w].nonzeroBitCount }
        return n
    }

    /// Number of weights pruned in row `r`.
    public func prunedCount(row r: Int) -> Int { cols - keptCount(row: r) }

    /// Number of weights pruned in the whole matrix.
    public var prunedCount: Int { rows * cols - words.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// Number of weights.
    public var count: Int { rows * cols }

    /// Fraction of weights pruned.
    public var sparsity: Double { count == 0 ? 0 : Double(prunedCount) / Double(count) }

    /// One byte per weight, row-major: 1 = kept, 0 = pruned (the safetensors export layout).
    public func keepBytes() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        for r in 0..<rows {
            for c in 0..<cols where words[r * wordsPerRow + (c >> 6)] >> UInt64(c & 63) & 1 == 1 {
                out[r * cols + c] = 1
            }
        }
        return out
    }

    /// Multiplies `(rows, cols)` row-major `weights` by the mask in place (pruned weights become 0).
    public func zeroPruned(_ weights: UnsafeMutablePointer<Float>) {
        for r in 0..<rows {
            let row = weights + r * cols
            for w in 0..<wordsPerRow {
                let word = words[r * wordsPerRow + w]
                if word == UInt64.max { continue }
                let end = min(cols, (w + 1) * 64)
                for c in (w * 64)..<end where word >> UInt64(c & 63) & 1 == 0 { row[c] = 0 }
            }
        }
    }

    private mutating func fillRow(_ r: Int) {
        for w in 0..<wordsPerRow {
            let bitsHere = min(64, cols - w * 64)
            words[r * wordsPerRow + w] = bitsHere == 64 ? UInt64.max : (UInt64(1) << UInt64(bitsHere)) - 1
        }
    }
}
