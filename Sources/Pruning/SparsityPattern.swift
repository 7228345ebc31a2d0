/// Which weights may be pruned together: a fraction of each comparison group, or N of every M.
public enum SparsityPattern: Equatable, Sendable, CustomStringConvertible {
    /// Prune `ratio` of the weights, 0 < ratio < 1.
    case unstructured(Double)
    /// Prune `n` of every aligned group of `m` consecutive input columns in each row.
    case nOfM(n: Int, m: Int)

    /// Parses `0.6`, `60%` or `2:4`.
    public init(parsing text: String) throws {
        if let colon = text.firstIndex(of: ":") {
            guard let n = Int(text[..<colon]), let m = Int(text[text.index(after: colon)...]) else {
                throw PatternError.malformed(text)
            }
            guard n > 0, m > 0, n < m else { throw PatternError.badNM(n: n, m: m) }
            self = .nOfM(n: n, m: m)
            return
        }
        let isPercent = text.hasSuffix("%")
        guard let value = Double(isPercent ? String(text.dropLast()) : text) else { throw PatternError.malformed(text) }
        let ratio = isPercent ? value / 100 : value
        guard ratio > 0, ratio < 1 else { throw PatternError.ratioOutOfRange(ratio) }
        self = .unstructured(ratio)
    }

    /// The fraction of weights this pattern prunes.
    public var sparsity: Double {
        switch self {
        case .unstructured(let ratio): return ratio
        case .nOfM(let n, let m): return Double(n) / Double(m)
        }
    }

    /// `0.6` or `2:4`, the form the parser accepts.
    public var description: String {
        switch self {
        case .unstructured(let ratio): return "\(ratio)"
        case .nOfM(let n, let m): return "\(n):\(m)"
        }
    }

    /// Checks the pattern can be applied to a matrix with `cols` input columns.
    public func validate(columns cols: Int, tensor: String) throws {
        if case .nOfM(_, let m) = self, cols % m != 0 {
            throw PatternError.columnsNotDivisible(tensor: tensor, columns: cols, m: m)
        }
    }
}

/// A sparsity pattern that cannot be parsed or applied.
public enum PatternError: Error, CustomStringConvertible, Equatable {
    case malformed(String)
    case badNM(n: Int, m: Int)
    case ratioOutOfRange(Double)
    case columnsNotDivisible(tensor: String, columns: Int, m: Int)

    /// What went wrong and what to write instead.
    public var description: String {
        switch self {
        case .malformed(let text):
            return "pattern '\(text)' is neither a sparsity like 0.6 nor N:M like 2:4"
        case .badNM(let n, let m):
            return "pattern \(n):\(m) needs 0 < N < M (prune N of every M weights), e.g. 2:4 or 4:8"
        case .ratioOutOfRange(let ratio):
            return "sparsity \(ratio) is outside (0, 1); use e.g. 0.5 for 50 %"
        case .columnsNotDivisible(let tensor, let columns, let m):
            return "\(tensor) has \(columns) input columns, not a multiple of M=\(m); choose an M that divides it"
        }
    }
}
