import Foundation
import Notebook
import Store
import XCTest

/// Every registered verb's declaration is usable, and a bad declaration is caught.
final class VerbSpecTests: XCTestCase {
    func testEveryBuiltinAndTestVerbSpecIsValid() {
        for spec in BuiltinVerbs.all + TestVerbs.all {
            XCTAssertEqual(spec.problems, [], spec.name)
            XCTAssertFalse(UsageFormatter.usage(spec).isEmpty)
        }
        XCTAssertEqual(
            BuiltinVerbs.registry.names,
            [
                "apply", "diff", "eval", "export", "filter", "generate", "load", "plot", "prune", "report", "sample",
                "score", "show", "similar", "text",
            ])
    }

    func testBadDeclarationsAreReported() {
        let bad = CommandSpec(
            name: "bad verb", summary: "",
            positionals: [
                .optionalPositional("a", .int(), help: ""),
                .positional("b", .object([.model]), help: ""),
            ],
            keys: [
                .key("n", .int(1...10), default: 0, help: ""),
                .key("n", .float(), default: "x", help: ""),
                .key("m", .choice(["a", "b"]), default: "c", help: ""),
                .key("p", .pattern, default: "5:4", help: ""),
                .key("model", .object([.model]), default: "m", help: ""),
            ]
        ) { _, _ in CommandResult() }
        let problems = bad.problems
        XCTAssertTrue(problems.contains("verb name 'bad verb' is not an identifier"), "\(problems)")
        XCTAssertTrue(problems.contains("argument 'n' is declared twice"))
        XCTAssertTrue(problems.contains("required positional 'b' follows an optional one"))
        XCTAssertTrue(problems.contains { $0.hasPrefix("default '0' of 'n'") })
        XCTAssertTrue(problems.contains { $0.hasPrefix("default 'x' of 'n'") })
        XCTAssertTrue(problems.contains { $0.hasPrefix("default 'c' of 'm'") })
        XCTAssertTrue(problems.contains { $0.hasPrefix("default '5:4' of 'p'") })
        XCTAssertTrue(problems.contains("argument 'model' defaults to an object name; objects cannot be defaults"))
        XCTAssertTrue(problems.contains("no summary"))
    }

    func testStochasticVerbsGetASeed() {
        let spec = CommandSpec(name: "roll", summary: "dice", stochastic: true) { _, _ in CommandResult() }
        XCTAssertTrue(spec.isStochastic)
        XCTAssertEqual(spec.keys.map(\.name), ["seed"])
        XCTAssertEqual(UsageFormatter.usage(spec), "roll [seed=INT]")
    }
}

/// The example scripts in `sessions/` run to the end with `--bail`.
final class ExampleSessionTests: XCTestCase {
    func testTextTour() throws {
        let data = PackageRoot.url.appendingPathComponent("data/text/wikipedia.jsonl")
        guard FileManager.default.fileExists(atPath: data.path) else {
            return XCTFail("data/text is missing: run scripts/setup")
        }
        let workspace = try TestWorkspace()
        let result = try Binary.run(
            ["--db", workspace.folder.appendingPathComponent("tour.db").path, "--bail", "sessions/text-tour.session"],
            in: PackageRoot.url)
        XCTAssertEqual(result.status, 0, result.output)
        let db = try Database(path: workspace.folder.appendingPathComponent("tour.db").path, mode: .readOnly)
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM cells WHERE status <> 'ok'"), .integer(0))
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM objects"), .integer(4))
    }
}
