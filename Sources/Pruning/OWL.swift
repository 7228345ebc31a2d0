import Tensor

/// OWL, outlier-weighed layerwise sparsity (`OWL/lib/prune_all.py::prune_wanda_outlier`, `check_outlier_mean`).
///
/// Pass 1 runs the calibration set through the dense model and, per transformer block, concatenates the Wanda
/// scores of its seven linears: `D_l = 100 · #{S > M·mean(S)} / numel`. Unstructured targets `s` become per-block
/// sparsities `s_l = 1 − (r_l − mean(r) + 1 − s)` with `r_l = (D_l − min D)/(max D − min D) · 2λ` (≤ 0 becomes
/// 0.01), so they span `[s−λ, s+λ]`, average to `s`, and blocks with more outliers are pruned less. N:M targets
/// become per-block `N_l = N − round((D_l − min D)/(max D − min D) · λ − mean)` (`wanda_owl_structure`), clamped to
/// `1...M−1`. Pass 2 prunes block by block with `base` at the block's target, shared by all its linears.
public struct OWL: Sendable, Equatable, CustomStringConvertible {
    /// The method pass 2 prunes with.
    public enum Base: String, Sendable, CaseIterable {
        case wanda, sparsegpt
    }

    /// Pass-2 method (default Wanda).
    public var base: Base
    /// Outlier threshold M (`--Hyper_m`); nil: 5 for unstructured patterns, 6 for N:M (the README scripts).
    public var outlierThreshold: Double?
    /// λ (`--Lamda`); nil: 0.08 for unstructured patterns, 2 for N:M (the README scripts).
    public var lambda: Double?
    /// SparseGPT options when `base` is `.sparsegpt`.
    public var sparseGPT: SparseGPT

    /// OWL with the README defaults.
    public init(
        base: Base = .wanda, outlierThreshold: Double? = nil, lambda: Double? = nil, sparseGPT: SparseGPT = .init()
    ) {
        self.base = base
        self.outlierThreshold = outlierThreshold
        self.lambda = lambda
        self.sparseGPT = sparseGPT
    }

    /// `owl base=wanda` plus explicit options.
    public var description: String {
        var text = "owl base=\(base.rawValue)"
        if let outlierThreshold { text += " m=\(outlierThreshold)" }
        if let lambda { text += " lambda=\(lambda)" }
        if base == .sparsegpt, sparseGPT != SparseGPT() { text += " (\(sparseGPT))" }
        return text
    }

    /// M for `pattern`.
    public func threshold(for pattern: SparsityPattern) -> Double {
        if let outlierThreshold { return outlierThreshold }
        if case .nOfM = pattern { return 6 }
        return 5
    }

    /// λ for `pattern`.
    public func lambda(for pattern: SparsityPattern) -> Double {
        if let lambda { return lambda }
        if case .nOfM = pattern { return 2 }
        return 0.08
    }

    /// Checks the options.
    public func validate() throws {
        if let outlierThreshold, !(outlierThreshold > 0 && outlierThreshold.isFinite) {
            throw PruningError.badOption(name: "m", value: "\(outlierThreshold)", reason: "must be a positive number")
        }
        if let lambda, !(lambda >= 0 && lambda.isFinite) {
            throw PruningError.badOption(name: "lambda", value: "\(lambda)", reason: "must be a number ≥ 0")
        }
        try sparseGPT.validate()
    }

    /// `D_l`: percent of the scores above `threshold` times their mean (Float32 mean and comparison, as torch).
    public static func outlierRatio(scores: [Matrix], threshold: Double) -> Double {
        var sum = 0.0
        var count = 0
        for s in scores {
            for i in 0..<s.count { sum += Double(s.data[i]) }
            count += s.count
        }
        guard count > 0 else { return 0 }
        let limit = Float(sum / Double(count)) * Float(threshold)
        var above = 0
        for s in scores {
            for i in 0..<s.count where s.data[i] > limit { above += 1 }
        }
        return Double(above) / Double(count) * 100
    }

    /// Per-block sparsities for an unstructured `target` (they average to `target` unless a block is clamped).
    public static func blockSparsities(outlierRatios d: [Double], target: Double, lambda: Double) throws -> [Double] {
        guard let low = d.min(), let high = d.max() else { return [] }
        let spread = high - low
        let r = d.map { spread > 0 ? ($0 - low) * (1 / spread * lambda * 2) : 0 }
        let mean = r.reduce(0, +) / Double(r.count)
        var result: [Double] = []
        for (layer, value) in r.enumerated() {
            let density = value - mean + (1 - target)
            var sparsity = 1 - density
            if sparsity <= 0 { sparsity = 0.01 }
            guard sparsity < 1 else { throw PruningError.owlSparsityOutOfRange(layer: layer, sparsity: sparsity) }
            result.append(sparsity)
        }
        return result
    }

    /// Per-block N for an N:M target (`prune_n − round(r_l − mean r)`, numpy's half-to-even rounding).
    public static func blockN(outlierRatios d: [Double], n: Int, m: Int, lambda: Double) -> [Int] {
        guard let low = d.min(), let high = d.max() else { return [] }
        let spread = high - low
        let r = d.map { spread > 0 ? ($0 - low) * (1 / spread * lambda) : 0 }
        let mean = r.reduce(0, +) / Double(r.count)
        return r.map { value in
            let shift = Int((value - mean).rounded(.toNearestOrEven))
            return min(m - 1, max(1, n - shift))
        }
    }

    /// Per-block patterns for `pattern` given the blocks' outlier ratios.
    public func blockPatterns(outlierRatios: [Double], pattern: SparsityPattern) throws -> [SparsityPattern] {
        switch pattern {
        case .unstructured(let target):
            return try Self.blockSparsities(outlierRatios: outlierRatios, target: target, lambda: lambda(for: pattern))
                .map { .unstructured($0) }
        case .nOfM(let n, let m):
            return Self.blockN(outlierRatios: outlierRatios, n: n, m: m, lambda: lambda(for: pattern))
                .map { .nOfM(n: $0, m: m) }
        }
    }
}
