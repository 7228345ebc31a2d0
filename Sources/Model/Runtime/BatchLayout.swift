/// How the rows of a batched activation matrix split into sequences: sequence `s` owns rows
/// `offsets[s] ..< offsets[s] + lengths[s]`, at positions `starts[s] ..< starts[s] + lengths[s]`.
public struct BatchLayout: Equatable, Sendable {
    /// New tokens per sequence.
    public let lengths: [Int]
    /// Position of each sequence's first new token (its cached length).
    public let starts: [Int]
    /// First row of each sequence.
    public let offsets: [Int]
    /// Total rows.
    public let rows: Int

    /// A layout for sequences of `lengths` tokens starting at `starts` (default 0).
    public init(lengths: [Int], starts: [Int]? = nil) {
        precondition(starts == nil || starts?.count == lengths.count, "one start per sequence")
        self.lengths = lengths
        self.starts = starts ?? Array(repeating: 0, count: lengths.count)
        var offsets: [Int] = []
        var total = 0
        for n in lengths {
            offsets.append(total)
            total += n
        }
        self.offsets = offsets
        self.rows = total
    }

    /// `count` sequences of `length` tokens each, starting at position 0.
    public init(count: Int, length: Int) { self.init(lengths: Array(repeating: length, count: count)) }

    /// Number of sequences.
    public var count: Int { lengths.count }

    /// The position of every row.
    public var positions: [Int] {
        var result: [Int] = []
        result.reserveCapacity(rows)
        for s in 0..<count { for t in 0..<lengths[s] { result.append(starts[s] + t) } }
        return result
    }
}
