import Model
import Tensor

/// The layer-by-layer driver shared by every calibrated method (`wanda/lib/prune.py::prune_wanda`,
/// `sparsegpt/llama.py::llama_sequential`).
///
/// The calibration sequences are embedded once (block 0's inputs). For each block: a dense pass over all sequences,
/// in batches of about `batchTokens` rows, feeds the statistics of its seven linears through the forward hooks; the
/// linears are pruned from those statistics (all from the same dense pass); then the sequences run through the
/// pruned block to give the next block's inputs (or, with `propagation: .dense`, the dense outputs are kept).
/// OWL first makes one dense pass over the whole model to measure each block's outlier ratio.
///
/// Memory: the hidden states of every calibration token (`tokens × hidden` Float32, 604 MB for 128 × 2048 tokens at
/// hidden 576), one batch's block activations, one block's statistics (Hessians `cols²`), and the mask being built
/// (bits, plus updated weights for SparseGPT).
public struct SequentialPruner: Sendable {
    /// What to prune and how.
    public let configuration: PruningConfiguration

    /// A driver for `configuration`.
    public init(_ configuration: PruningConfiguration) { self.configuration = configuration }

    /// Prunes every linear of `model` and returns the mask; the model itself is not modified.
    ///
    /// `progress(completed, total)` is called after each block step (`total` is the number of blocks, twice that
    /// for OWL's two passes). `isCancelled` is checked before every block and batch; cancelling throws
    /// `CancellationError`. `timings`, when given, accumulates the time spent in each phase.
    public func prune(
        _ model: LlamaModel, calibration: [[Int32]], progress: (_ completed: Int, _ total: Int) -> Void = { _, _ in },
        isCancelled: () -> Bool = { false }, timings: PruningTimings? = nil
    ) throws -> PruningMask {
        let timings = timings ?? PruningTimings()
        let config = configuration
        try config.validate(for: model)
        let layers = model.blocks.count
        var mask = PruningMask(
            shape: ModelShape(model.config), method: config.method.description, pattern: config.pattern.description)
        if config.pattern.sparsity == 0 {
            for id in model.linearIDs {
                let w = model.weight(id)
                try mask.set(id, mask: LinearMask(rows: w.rows, cols: w.cols))
            }
            progress(layers, layers)
            return mask
        }
        if case .magnitude(let magnitude) = config.method {
            for layer in 0..<layers {
                if isCancelled() { throw CancellationError() }
                for kind in LinearKind.allCases {
                    let id = LinearID(layer: layer, kind: kind)
                    let w = model.weight(id).dequantized()
                    try mask.set(id, mask: magnitude.mask(weight: w, pattern: config.pattern))
                }
                progress(layer + 1, layers)
            }
            return mask
        }
        try Self.checkCalibration(calibration, model: model, method: config.method.name)
        let batches = Self.batches(calibration, tokens: config.batchTokens)
        mask.metadata["calibration_sequences"] = "\(calibration.count)"
        mask.metadata["calibration_tokens"] = "\(calibration.reduce(0) { $0 + $1.count })"
        mask.metadata["propagation"] = config.propagation.rawValue

        var patterns = [SparsityPattern](repeating: config.pattern, count: layers)
        var total = layers
        var completed = 0
        if case .owl(let owl) = config.method {
            total = 2 * layers
            var ratios: [Double] = []
            let threshold = owl.threshold(for: config.pattern)
            try Self.sequentialPass(
                model, batches: batches, kinds: .squaredNorms, propagation: .dense, isCancelled: isCancelled,
                timings: timings
            ) { layer, statistics in
                let block = model.blocks[layer]
                measure(&timings.pruning) {
                    let scores = LinearKind.allCases.map { kind in
                        Wanda.scores(weight: block.weight(kind).dequantized(), scalerRow: statistics.of(kind).scalerRow)
                    }
                    ratios.append(OWL.outlierRatio(scores: scores, threshold: threshold))
                }
                completed += 1
                progress(completed, total)
                return nil
            }
            patterns = try owl.blockPatterns(outlierRatios: ratios, pattern: config.pattern)
            mask.blockPatterns = patterns.map(\.description)
            mask.metadata["owl_outlier_ratios"] = ratios.map { "\($0)" }.joined(separator: ",")
        }
        try Self.sequentialPass(
            model, batches: batches, kinds: config.method.statisticsKinds, propagation: config.propagation,
            isCancelled: isCancelled, timings: timings
        ) { layer, statistics in
            let block = model.blocks[layer]
            let results = try measure(&timings.pruning) {
                try pruneBlock(layer, block: block, statistics: statistics, pattern: patterns[layer])
            }
            var weights: [LinearKind: Weight] = [:]
            for kind in LinearKind.allCases {
                guard let result = results[kind] else { continue }
                let id = LinearID(layer: layer, kind: kind)
                try mask.set(id, mask: result.mask, updatedWeight: result.updatedWeight)
                if let loss = result.loss { mask.losses[id] = loss }
                weights[kind] = result.updatedWeight.map { Weight($0) } ?? block.weight(kind).masked(keep: result.mask.words)
            }
            completed += 1
            progress(completed, total)
            return block.replacing(weights)
        }
        return mask
    }

    /// Prunes the seven linears of one block from the statistics of its dense pass. Only this block's weights are
    /// materialized in Float32 (every other block stays in its resident encoding).
    func pruneBlock(
        _ layer: Int, block: LlamaBlock, statistics: BlockStatistics, pattern: SparsityPattern
    ) throws -> [LinearKind: LinearPruneResult] {
        var dense: [LinearKind: Matrix] = [:]
        for kind in LinearKind.allCases { dense[kind] = block.weight(kind).dequantized() }
        var factors: [InputGroup: InverseHessianFactor] = [:]
        func factor(_ kind: LinearKind, dampening: Double) throws -> InverseHessianFactor {
            let group = InputGroup(kind)
            if let cached = factors[group] { return cached }
            guard let hessian = statistics.of(kind).hessian else {
                preconditionFailure("the Hessian is collected whenever the method needs it")
            }
            let names = LinearKind.allCases.filter { InputGroup($0) == group }.map(\.rawValue).joined(separator: "/")
            let made = try InverseHessianFactor(
                hessian: hessian, dampening: dampening, linear: "layers.\(layer).\(names)")
            factors[group] = made
            return made
        }
        var results: [LinearKind: LinearPruneResult] = [:]
        for kind in LinearKind.allCases {
            guard let w = dense[kind] else { preconditionFailure("every kind was materialized above") }
            let stats = statistics.of(kind)
            switch configuration.method {
            case .magnitude(let magnitude):
                results[kind] = LinearPruneResult(
                    mask: magnitude.mask(weight: w, pattern: pattern), updatedWeight: nil, loss: nil)
            case .wanda(let wanda):
                results[kind] = LinearPruneResult(
                    mask: wanda.mask(weight: w, scalerRow: stats.scalerRow, pattern: pattern), updatedWeight: nil,
                    loss: nil)
            case .sparseGPT(let sparseGPT):
                results[kind] = sparseGPT.prune(
                    weight: w, factor: try factor(kind, dampening: sparseGPT.dampening), pattern: pattern)
            case .owl(let owl):
                switch owl.base {
                case .wanda:
                    results[kind] = LinearPruneResult(
                        mask: Wanda().mask(weight: w, scalerRow: stats.scalerRow, pattern: pattern),
                        updatedWeight: nil, loss: nil)
                case .sparsegpt:
                    results[kind] = owl.sparseGPT.prune(
                        weight: w, factor: try factor(kind, dampening: owl.sparseGPT.dampening), pattern: pattern)
                }
            case .dsnot(let dsnot):
                let initial: Matrix
                switch dsnot.initial {
                case .wanda:
                    initial = Wanda.scores(weight: w, scalerRow: stats.scalerRow)
                case .magnitude:
                    initial = Matrix(rows: w.rows, cols: w.cols)
                    for i in 0..<w.count { initial.data[i] = abs(w.data[i]) }
                case .sparsegpt:
                    initial = Self.obsScores(weight: w, factor: try factor(kind, dampening: 0.01))
                }
                let mask = dsnot.mask(
                    weight: w, initialScores: initial, statistics: stats, pattern: pattern,
                    refine: !dsnot.skips(LinearKindGroup(kind)))
                results[kind] = LinearPruneResult(mask: mask, updatedWeight: nil, loss: nil)
            }
        }
        return results
    }

    /// SparseGPT's saliency `w²/U_ii²` over the whole matrix, dead columns' weights taken as 0 (DSnoT's start).
    static func obsScores(weight: Matrix, factor: InverseHessianFactor) -> Matrix {
        let cols = weight.cols
        let scores = Matrix(rows: weight.rows, cols: cols)
        var d2 = [Float](repeating: 0, count: cols)
        for c in 0..<cols {
            let d = factor.upper.data[c * cols + c]
            d2[c] = d * d
        }
        for r in 0..<weight.rows {
            for c in 0..<cols {
                let v = factor.dead[c] ? 0 : weight.data[r * cols + c]
                scores.data[r * cols + c] = v * v / d2[c]
            }
        }
        return scores
    }

    /// The statistics of one block, one object per input group.
    struct BlockStatistics {
        let groups: [ActivationStatistics]

        /// The statistics of the input of linear `kind`.
        func of(_ kind: LinearKind) -> ActivationStatistics { groups[InputGroup(kind).rawValue] }
    }

    /// Runs the calibration batches block by block: a dense pass with hooks collecting `kinds`, then `handler`,
    /// which returns the pruned block (or nil to keep the dense one); its outputs feed the next block.
    static func sequentialPass(
        _ model: LlamaModel, batches: [[[Int32]]], kinds: ActivationStatistics.Kinds,
        propagation: PruningConfiguration.Propagation, isCancelled: () -> Bool, timings: PruningTimings,
        handler: (Int, BlockStatistics) throws -> LlamaBlock?
    ) throws {
        let shape = ModelShape(model.config)
        let layouts = batches.map { BatchLayout(lengths: $0.map(\.count)) }
        var hidden: [Matrix] = []
        for batch in batches {
            if isCancelled() { throw CancellationError() }
            hidden.append(measure(&timings.embedding) { model.embed(batch) })
        }
        let layers = model.blocks.count
        for layer in 0..<layers {
            if isCancelled() { throw CancellationError() }
            let statistics = BlockStatistics(
                groups: InputGroup.allCases.map { group in
                    ActivationStatistics(columns: shape.linearShape(group.leader).cols, kinds: kinds)
                })
            let denseInPlace = propagation == .dense
            for (b, h) in hidden.enumerated() {
                if isCancelled() { throw CancellationError() }
                let layout = layouts[b]
                var hookSeconds = 0.0
                var passSeconds = 0.0
                measure(&passSeconds) {
                    let work = denseInPlace ? h : h.copy()
                    model.runBlock(
                        layer, hidden: work, layout: layout,
                        hook: { id, input, _, _ in
                            guard id.kind == InputGroup(id.kind).leader else { return }
                            measure(&hookSeconds) { statistics.of(id.kind).add(input, lengths: layout.lengths) }
                        })
                }
                timings.statistics += hookSeconds
                timings.densePasses += passSeconds - hookSeconds
            }
            let pruned = try handler(layer, statistics)
            if !denseInPlace && layer + 1 < layers {
                for (b, h) in hidden.enumerated() {
                    if isCancelled() { throw CancellationError() }
                    measure(&timings.propagation) {
                        model.runBlock(layer, hidden: h, layout: layouts[b], block: pruned)
                    }
                }
            }
        }
    }

    /// Consecutive sequences grouped into batches of at most `tokens` rows (at least one sequence each).
    static func batches(_ sequences: [[Int32]], tokens: Int) -> [[[Int32]]] {
        var result: [[[Int32]]] = []
        var current: [[Int32]] = []
        var rows = 0
        for sequence in sequences {
            if !current.isEmpty && rows + sequence.count > tokens {
                result.append(current)
                current = []
                rows = 0
            }
            current.append(sequence)
            rows += sequence.count
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// Rejects an empty set, empty sequences and token ids outside the model's vocabulary.
    static func checkCalibration(_ calibration: [[Int32]], model: LlamaModel, method: String) throws {
        guard !calibration.isEmpty else { throw PruningError.noCalibration(method: method) }
        let vocabulary = model.config.vocabSize
        for (s, sequence) in calibration.enumerated() {
            guard !sequence.isEmpty else { throw PruningError.emptySequence(index: s) }
            for (p, token) in sequence.enumerated() where token < 0 || Int(token) >= vocabulary {
                throw PruningError.tokenOutOfVocabulary(sequence: s, position: p, token: token, vocabulary: vocabulary)
            }
        }
    }
}
