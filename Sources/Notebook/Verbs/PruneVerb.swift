import Calibration
import Foundation
import Model
import Pruning
import Store
import Tensor

extension CommandSpec {
    /// `k = prune m calib=good method=wanda pattern=2:4`: a mask, layer by layer.
    public static let prune = CommandSpec(
        name: "prune",
        summary: "prune a model block by block with calibration data: the result is a mask (apply it to get the model)",
        discussion: """
            Methods: magnitude (no calibration; scope=matrix|row), wanda (|W|·‖x‖ per row; variant=true for the \
            cumulative variant), sparsegpt (OBS updates; blocksize=, percdamp=), owl (outlier-weighted per-block \
            sparsity over base=wanda|sparsegpt; owl_m=, owl_lambda=), dsnot (grow/prune cycles from \
            initial=wanda|sparsegpt|magnitude; cycles=, threshold=, skip=mlp|attention|none). Patterns: a sparsity \
            (0.5, 60%) or N:M (2:4, 4:8). propagate=pruned feeds each block the pruned block's outputs (the \
            anchors' default), dense the dense ones. The cell records method, pattern and the numeric sparsity; the \
            mask carries `sparsity` metrics (layer NULL: the whole mask; one per layer). Pruning itself draws no             random numbers: the recorded seed is the calibration set's.
            """,
        positionals: [.positional("model", .object([.model]), placeholder: "MODEL", help: "the model to prune")],
        keys: [
            .key("calib", .object([.calib]), help: "the calibration set (every method but magnitude)"),
            .key(
                "method", .choice(["magnitude", "wanda", "sparsegpt", "owl", "dsnot"]), default: "wanda",
                help: "the pruning method"),
            .key("pattern", .pattern, default: "0.5", help: "sparsity (0.6, 60%) or N:M (2:4, 4:8)"),
            .key(
                "propagate", .choice(["pruned", "dense"]), default: "pruned", help: "which outputs feed the next block"),
            .key("scope", .choice(["matrix", "row"]), default: "matrix", help: "magnitude: comparison group"),
            .key("variant", .bool, default: false, help: "wanda: the cumulative variant"),
            .key("blocksize", .int(1...), default: 128, help: "sparsegpt: columns per block"),
            .key("percdamp", .float(0...), default: 0.01, help: "sparsegpt: dampening, fraction of the mean diagonal"),
            .key(
                "base", .choice(["wanda", "sparsegpt"]), default: "wanda", help: "owl: the method of its second pass"),
            .key("owl_m", .float(0...), help: "owl: outlier threshold M (default 5; 6 for N:M)"),
            .key("owl_lambda", .float(0...), help: "owl: λ, the sparsity spread (default 0.08; 2 for N:M)"),
            .key(
                "initial", .choice(DSnoT.Initial.allCases.map(\.rawValue)), default: "wanda",
                help: "dsnot: initial mask"),
            .key("cycles", .int(0...), default: 50, help: "dsnot: maximum grow/prune cycles per row"),
            .key("threshold", .float(0...), default: 0.1, help: "dsnot: stop once |error| is below this"),
            .key(
                "skip", .choice(DSnoT.Skip.allCases.map(\.rawValue)), default: "mlp",
                help: "dsnot: linears that keep their initial mask"),
            .key("batch_tokens", .int(1...), default: 8192, help: "tokens per forward batch (memory bound)"),
            .key(
                "act_dtype", .choice(["f32", "bf16", "f16"]), default: "f32",
                help: "calibration hidden states between blocks: f32 exact, bf16|f16 half the memory"),
        ],
        produces: .mask,
        examples: [
            "k = prune m calib=good method=wanda pattern=2:4", "k2 = prune m method=magnitude pattern=0.5",
            "k3 = prune m calib=cal method=owl pattern=0.6 owl_lambda=0.08",
            "k4 = prune m calib=cal method=dsnot initial=sparsegpt cycles=50",
        ]
    ) { context, arguments in
        let (modelHandle, model) = try arguments.model("model")
        let methodName = try arguments.string("method")
        let sparseGPT = SparseGPT(blockSize: try arguments.int("blocksize"), dampening: try arguments.float("percdamp"))
        let method: PruningMethod
        switch methodName {
        case "magnitude":
            method = .magnitude(Magnitude(scope: Magnitude.Scope(rawValue: try arguments.string("scope")) ?? .matrix))
        case "sparsegpt":
            method = .sparseGPT(sparseGPT)
        case "owl":
            method = .owl(
                OWL(
                    base: OWL.Base(rawValue: try arguments.string("base")) ?? .wanda,
                    outlierThreshold: try arguments.optionalFloat("owl_m"),
                    lambda: try arguments.optionalFloat("owl_lambda"), sparseGPT: sparseGPT))
        case "dsnot":
            method = .dsnot(
                DSnoT(
                    initial: DSnoT.Initial(rawValue: try arguments.string("initial")) ?? .wanda,
                    maxCycles: try arguments.int("cycles"), updateThreshold: Float(try arguments.float("threshold")),
                    skip: DSnoT.Skip(rawValue: try arguments.string("skip")) ?? .mlp))
        default:
            method = .wanda(Wanda(useVariant: try arguments.bool("variant")))
        }
        let pattern = try arguments.pattern("pattern")
        var calibration: [[Int32]] = []
        var seed: UInt64 = 0
        if method.needsCalibration {
            guard let calibHandle = try arguments.optionalHandle("calib") else {
                throw PruningError.noCalibration(method: methodName)
            }
            let calib = try calibHandle.object(as: CalibObject.self)
            try calib.check(against: model, modelName: modelHandle.name, calibName: calibHandle.name)
            calibration = calib.set.sequences
            seed = calib.set.provenance.seed ?? 0
        }
        let configuration = PruningConfiguration(
            method: method, pattern: pattern,
            propagation: PruningConfiguration.Propagation(rawValue: try arguments.string("propagate")) ?? .pruned,
            batchTokens: try arguments.int("batch_tokens"),
            activationEncoding: WeightEncoding(rawValue: try arguments.string("act_dtype")) ?? .f32)
        let bar = context.progress("prune block", total: model.model.network.blocks.count)
        let mask = try SequentialPruner(configuration).prune(
            model.model.network, calibration: calibration,
            progress: { done, total in bar.update(done: done, total: total) },
            isCancelled: context.cancellation.isCancelledClosure)
        bar.finish()
        let object = try MaskObject(mask: mask)
        return CommandResult(
            object: object, measurements: object.sparsityMetrics.map { .init(.result, $0) },
            extraParams: [
                Param(key: "sparsity", value: NumberFormat.exact(pattern.sparsity), type: "float", defaulted: false),
                Param(key: "seed", value: String(seed), type: "int", defaulted: true),
            ])
    }
}
