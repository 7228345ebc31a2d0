import Notebook
import Pruning
import Store
import XCTest

final class ArgumentResolverTests: XCTestCase {
    private var workspace: TestWorkspace!
    private var session: Session!

    override func setUpWithError() throws {
        workspace = try TestWorkspace()
        try workspace.writeSampleText()
        session = try workspace.session()
        XCTAssertEqual(
            workspace.run(session, "wiki = text docs.jsonl\nres = table rows=2").failures, 0, workspace.errors)
    }

    private func resolve(_ line: String) throws -> ResolvedArguments {
        guard case .command(let command) = try Parser.parse(line),
            let spec = session.verbs.spec(named: command.verb.text)
        else {
            throw NotebookError.unknownVerb(line, suggestion: nil, at: .point(0))
        }
        return try ArgumentResolver(spec: spec, environment: session).resolve(command, lineEnd: line.count)
    }

    private func failure(_ line: String) -> NotebookError? {
        do {
            _ = try resolve(line)
            return nil
        } catch {
            return error as? NotebookError
        }
    }

    func testDefaultsAreFilledAndFlagged() throws {
        let arguments = try resolve("d = draw n=5 tasks=piqa,arc_easy label=\"a b\"")
        XCTAssertEqual(try arguments.int("n"), 5)
        XCTAssertEqual(try arguments.float("scale"), 1.0)
        XCTAssertEqual(try arguments.string("method"), "wanda")
        XCTAssertEqual(try arguments.pattern("pattern"), .nOfM(n: 2, m: 4))
        XCTAssertEqual(try arguments.strings("tasks"), ["piqa", "arc_easy"])
        XCTAssertEqual(try arguments.bool("verbose"), false)
        XCTAssertEqual(try arguments.optionalString("label"), "a b")
        XCTAssertEqual(try arguments.int("seed"), 0)
        XCTAssertNil(arguments.value("from"))
        let params = Dictionary(uniqueKeysWithValues: arguments.params.map { ($0.key, $0) })
        XCTAssertEqual(params["seed"], Param(key: "seed", value: "0", type: "int", defaulted: true))
        XCTAssertEqual(params["n"], Param(key: "n", value: "5", type: "int", defaulted: false))
        XCTAssertEqual(params["pattern"], Param(key: "pattern", value: "2:4", type: "pattern", defaulted: true))
        XCTAssertEqual(params["tasks"], Param(key: "tasks", value: "piqa,arc_easy", type: "list", defaulted: false))
        XCTAssertEqual(params["method"]?.type, "string")
        XCTAssertNil(params["from"])
    }

    func testPositionalsMayBeWrittenAsKeysInAnyOrder() throws {
        let arguments = try resolve("measure value=0.5 wiki")
        XCTAssertEqual(try arguments.handle("object").name, "wiki")
        let keyed = try resolve("measure object=res value=1")
        XCTAssertEqual(try keyed.handle("object").kind, .result)
        XCTAssertEqual(keyed.inputs.map(\.role), ["object"])
    }

    func testObjectReferencesAndOneOf() throws {
        let byObject = try resolve("draw wiki")
        guard case .object(let handle)? = byObject.value("from") else { return XCTFail("expected an object") }
        XCTAssertEqual(handle.name, "wiki")
        let byPath = try resolve("draw docs.jsonl")
        XCTAssertEqual(byPath.value("from"), .path("docs.jsonl"))
        guard case .invalidValue(_, _, _, let reason?, _, _)? = failure("draw wikki") else {
            return XCTFail("expected an invalid value")
        }
        XCTAssertTrue(reason.contains("did you mean 'wiki'"), reason)
        XCTAssertEqual(
            failure("draw res"), .wrongKind(name: "res", actual: .result, expected: [.text], at: SourceRange(5, 8)))
    }

    func testUnknownKeyWithSuggestion() {
        XCTAssertEqual(
            failure("draw scael=2"),
            .unknownKey("scael", verb: "draw", suggestion: "scale", at: SourceRange(5, 10)))
        XCTAssertEqual(
            failure("draw zzz=2"), .unknownKey("zzz", verb: "draw", suggestion: nil, at: SourceRange(5, 8)))
    }

    func testWrongTypesAndRanges() {
        XCTAssertEqual(
            failure("draw n=abc"),
            .invalidValue(
                argument: "n", value: "abc", expected: "an integer from 1 to 100", reason: nil, keyed: true,
                at: SourceRange(7, 10)))
        guard case .invalidValue(_, "0", _, _, _, _)? = failure("draw n=0") else { return XCTFail("range") }
        guard case .invalidValue(_, "11", _, _, _, _)? = failure("draw scale=11") else { return XCTFail("range") }
        guard case .invalidValue(_, "nan", _, _, _, _)? = failure("draw scale=nan") else { return XCTFail("nan") }
        guard case .invalidValue(_, "maybe", "true or false", _, _, _)? = failure("draw verbose=maybe") else {
            return XCTFail("bool")
        }
        guard case .invalidValue(_, _, _, let reason?, _, _)? = failure("draw pattern=5:4") else {
            return XCTFail("pattern")
        }
        XCTAssertTrue(reason.contains("0 < N < M"), reason)
    }

    func testChoicesSuggestAndAcceptAnyCase() throws {
        guard case .invalidValue(_, _, let expected, let reason, _, _)? = failure("draw method=wandaa") else {
            return XCTFail("choice")
        }
        XCTAssertEqual(expected, "one of magnitude|wanda|sparsegpt")
        XCTAssertEqual(reason, "did you mean 'wanda'?")
        XCTAssertEqual(try resolve("draw method=SparseGPT").value("method"), .choice("sparsegpt"))
    }

    func testBadListElementPointsAtTheElement() {
        XCTAssertEqual(
            failure("draw tasks=piqa,arc_esy"),
            .invalidValue(
                argument: "tasks", value: "arc_esy", expected: "one of piqa|arc_easy|arc_challenge",
                reason: "did you mean 'arc_easy'?", keyed: true, at: SourceRange(16, 23)))
        guard case .invalidValue(_, _, _, let reason?, _, _)? = failure("draw tasks=piqa,,arc_easy") else {
            return XCTFail("empty element")
        }
        XCTAssertTrue(reason.contains("empty"))
    }

    func testMissingObjectWrongKindMissingArgumentAndExtras() {
        XCTAssertEqual(
            failure("measure wik value=1"), .unknownObject("wik", suggestion: "wiki", at: SourceRange(8, 11)))
        XCTAssertEqual(
            failure("fail res"), .wrongKind(name: "res", actual: .result, expected: [.text], at: SourceRange(5, 8)))
        XCTAssertEqual(
            failure("measure wiki"), .missingArgument("value=FLOAT", verb: "measure", at: .point(12)))
        XCTAssertEqual(
            failure("measure value=1"), .missingArgument("OBJECT", verb: "measure", at: .point(15)))
        XCTAssertEqual(
            failure("show wiki res"), .unexpectedArgument("res", verb: "show", at: SourceRange(10, 13)))
        XCTAssertEqual(
            failure("draw n=1 n=2"), .duplicateArgument("n", at: SourceRange(9, 12)))
        XCTAssertEqual(
            failure("measure wiki object=res value=1"), .duplicateArgument("object", at: SourceRange(13, 23)))
    }

    func testMissingInputFile() {
        XCTAssertEqual(failure("text nope.txt"), .fileNotFound("nope.txt", at: SourceRange(5, 13)))
        XCTAssertEqual(NotebookError.fileNotFound("a.txt", at: .point(0)).description, "no such file or folder: a.txt")
    }

    func testAccessingAnUndeclaredArgumentIsReportedNotCrashed() throws {
        let arguments = try resolve("draw")
        XCTAssertThrowsError(try arguments.int("method")) { error in
            XCTAssertEqual(
                error as? NotebookError, .argumentAccess(name: "method", verb: "draw", requested: "int"))
        }
        XCTAssertThrowsError(try arguments.float("nothing"))
    }

    func testEditDistance() {
        XCTAssertEqual(EditDistance.between("kitten", "sitting"), 3)
        XCTAssertEqual(EditDistance.between("", "abc"), 3)
        XCTAssertEqual(EditDistance.suggestion(for: "smaple", among: ["sample", "show", "text"]), "sample")
        XCTAssertEqual(EditDistance.suggestion(for: "gen", among: ["generate", "eval"]), "generate")
        XCTAssertNil(EditDistance.suggestion(for: "xyz", among: ["sample", "show"]))
    }
}
