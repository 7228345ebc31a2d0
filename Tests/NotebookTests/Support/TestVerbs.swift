import Foundation
import Notebook
import Store

/// Verbs used only by the tests, to drive the engine through every path a real verb can take.
enum TestVerbs {
    static let all: [CommandSpec] = [table, slow, fail, measure, draw]

    /// `r = table rows=3`: a result table with a metric on itself.
    static let table = CommandSpec(
        name: "table", summary: "a result table of squares",
        keys: [.key("rows", .int(1...1000), default: 3, help: "rows")],
        produces: .result
    ) { _, arguments in
        let rows = try arguments.int("rows")
        var table = ResultTable(columns: ["n", "square", "root"])
        for n in 1...rows { table.append([.int(Int64(n)), .int(Int64(n * n)), .float(Double(n).squareRoot())]) }
        return CommandResult(
            object: ResultObject(table: table), tables: [table],
            measurements: [.init(.result, Metric(key: "rows", value: Double(rows)))])
    }

    /// `slow steps=N cancel_at=K raise_at=J`: loops, checking cancellation; cancels its own token at step K (as
    /// Ctrl-C would); at step J throws `CancellationError` with the token untouched (as a lower module does).
    static let slow = CommandSpec(
        name: "slow", summary: "a long loop that checks cancellation",
        keys: [
            .key("steps", .int(1...), default: 100, help: "steps"),
            .key("cancel_at", .int(0...), help: "step at which to cancel"),
            .key("raise_at", .int(0...), help: "step at which to throw CancellationError"),
        ],
        produces: .result
    ) { context, arguments in
        let steps = try arguments.int("steps")
        let cancelAt = try arguments.optionalInt("cancel_at")
        let raiseAt = try arguments.optionalInt("raise_at")
        let progress = context.progress("slow", total: steps)
        for step in 0..<steps {
            if step == cancelAt { context.cancellation.cancel() }
            if step == raiseAt { throw CancellationError() }
            try context.checkCancellation()
            progress.update(done: step + 1)
        }
        progress.finish()
        return CommandResult(object: ResultObject(table: ResultTable(columns: ["steps"], rows: [[.int(Int64(steps))]])))
    }

    /// `fail on=NAME`: fails after its parameters were recorded.
    static let fail = CommandSpec(
        name: "fail", summary: "always fails",
        positionals: [.optionalPositional("on", .object([.text]), help: "input")],
        produces: .result
    ) { _, _ in
        throw NotebookError.unreadableFile(path: "nowhere.bin", reason: "the test verb always fails")
    }

    /// `measure NAME value=X`: records a metric on an existing object.
    static let measure = CommandSpec(
        name: "measure", summary: "records a metric on an object",
        positionals: [.positional("object", .object([.text, .result]), help: "what was measured")],
        keys: [
            .requiredKey("value", .float(), help: "the value"),
            .key("layer", .int(0...), help: "layer"),
            .key("dataset", .string, help: "dataset"),
        ]
    ) { _, arguments in
        let handle = try arguments.handle("object")
        let metric = Metric(
            key: "score", value: try arguments.float("value"), layer: try arguments.optionalInt("layer"),
            dataset: try arguments.optionalString("dataset"))
        return CommandResult(lines: ["measured \(handle.name)"], measurements: [.init(.object(handle), metric)])
    }

    /// `d = draw n=3 method=… pattern=… tasks=…`: a stochastic verb exercising every argument type.
    static let draw = CommandSpec(
        name: "draw", summary: "random numbers from a seed",
        positionals: [
            .optionalPositional(
                "from", .oneOf([.object([.text]), .path(.input(extensions: []))]),
                help: "a text or a file")
        ],
        keys: [
            .key("n", .int(1...100), default: 3, help: "how many"),
            .key("scale", .float(0...10), default: 1.0, help: "scale"),
            .key("method", .choice(["magnitude", "wanda", "sparsegpt"]), default: "wanda", help: "method"),
            .key("pattern", .pattern, default: "2:4", help: "pattern"),
            .key("tasks", .list(.choice(["piqa", "arc_easy", "arc_challenge"])), help: "tasks"),
            .key("verbose", .bool, default: false, help: "verbose"),
            .key("label", .string, help: "label"),
        ],
        produces: .result, stochastic: true
    ) { _, arguments in
        var generator = SplitMix(seed: UInt64(try arguments.int("seed")))
        let scale = try arguments.float("scale")
        var table = ResultTable(columns: ["i", "value"])
        for i in 0..<(try arguments.int("n")) {
            table.append([.int(Int64(i)), .float(Double(generator.next() % 1_000_000) / 1e6 * scale)])
        }
        let sum = table.rows.reduce(0.0) { total, row in
            if case .float(let value) = row[1] { return total + value }
            return total
        }
        return CommandResult(
            object: ResultObject(table: table), tables: [table],
            measurements: [.init(.result, Metric(key: "sum", value: sum))])
    }
}

/// A tiny deterministic generator for the stochastic test verb.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
