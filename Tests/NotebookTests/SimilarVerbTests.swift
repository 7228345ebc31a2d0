import Foundation
import Notebook
import XCTest

/// `similar`: the pairwise table agrees with `diff` and with a plain set computation; near-duplicate documents are
/// found where they were injected and nowhere else; bad input is refused with a caret.
final class SimilarVerbTests: XCTestCase {
    private var workspace: TestWorkspace!

    /// 30 documents of 40 words drawn from 500, so two of them share no word 3-gram by chance.
    private static let documents: [String] = {
        var state: UInt64 = 42
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        return (0..<30).map { _ in (0..<40).map { _ in "w\(next() % 500)" }.joined(separator: " ") }
    }()

    /// Document 3 with word 20 replaced (3-gram Jaccard 35/41) and document 11 without its last word (37/38).
    private static let nearCopies: [String] = {
        var changed = documents[3].split(separator: " ").map(String.init)
        changed[20] = "changed"
        return [changed.joined(separator: " "), documents[11].split(separator: " ").dropLast().joined(separator: " ")]
    }()

    override func setUpWithError() throws {
        workspace = try TestWorkspace()
        let lines = { (documents: ArraySlice<String>) in documents.joined(separator: "\n") + "\n" }
        try workspace.write("a.txt", lines(Self.documents[0..<12]))
        try workspace.write("b.txt", lines(Self.documents[6..<20]))
        try workspace.write("c.txt", lines(Self.documents[10..<30] + Self.nearCopies[0..<1]))
        try workspace.write("clean.txt", lines(Self.documents[...]))
        try workspace.write("dirty.txt", lines(Self.documents[...] + Self.nearCopies[...]))
        try workspace.write("copies.txt", lines(Self.nearCopies[...]))
    }

    /// The word 3-grams of `documents`, computed directly: whitespace-split words, windows within a document.
    private func trigrams(_ documents: [String]) -> Set<[Substring]> {
        var out = Set<[Substring]>()
        for document in documents {
            let words = document.split(separator: " ")
            for i in 0..<max(0, words.count - 2) { out.insert(Array(words[i..<(i + 3)])) }
        }
        return out
    }

    private func file(_ name: String) throws -> [String] {
        try String(contentsOf: workspace.folder.appendingPathComponent(name), encoding: .utf8)
            .split(separator: "\n").map(String.init)
    }

    private func result(_ session: Session) throws -> ResultTable {
        try XCTUnwrap(session.objects.handle(named: "_")).object(as: ResultObject.self).table
    }

    private func number(_ value: TableValue) -> Double? {
        if case .float(let real) = value { return real }
        return nil
    }

    func testMatrixEqualsPairwiseDiffAndAPlainSetComputation() throws {
        let session = try workspace.session(mode: .csv)
        for name in ["a", "b", "c"] { XCTAssertEqual(session.run("\(name) = text \(name).txt"), .succeeded) }
        workspace.clearOutput()
        XCTAssertEqual(session.run("similar a,b,c perm=64"), .succeeded, workspace.errors)
        let pairs = try result(session)
        XCTAssertEqual(pairs.columns, ["a", "b", "jaccard_3gram", "minhash_estimate", "minhash_stderr"])
        XCTAssertEqual(
            pairs.rows.map { [$0[0], $0[1]] },
            [[.text("a"), .text("b")], [.text("a"), .text("c")], [.text("b"), .text("c")]])

        // The square table printed first: symmetric, 1 on the diagonal, equal to the pairs.
        let lines = workspace.output.split(separator: "\n").map(String.init)
        let header = try XCTUnwrap(lines.firstIndex(of: "set,a,b,c"), workspace.output)
        let square = lines[(header + 1)...(header + 3)].map { $0.split(separator: ",").dropFirst().map { Double($0)! } }
        for i in 0..<3 {
            XCTAssertEqual(square[i][i], 1)
            for j in 0..<3 { XCTAssertEqual(square[i][j], square[j][i]) }
        }

        let sets = try ["a", "b", "c"].map { trigrams(try file("\($0).txt")) }
        var expected: [String: Double] = [:]
        for (row, (i, j)) in zip(pairs.rows, [(0, 1), (0, 2), (1, 2)]) {
            let shared = sets[i].intersection(sets[j]).count
            let exact = Double(shared) / Double(sets[i].union(sets[j]).count)
            XCTAssertGreaterThan(shared, 0, "the fixture sets overlap")
            XCTAssertEqual(number(row[2]), exact)
            XCTAssertEqual(square[i][j], exact)
            let estimate = try XCTUnwrap(number(row[3]))
            XCTAssertEqual(try XCTUnwrap(number(row[4])), (exact * (1 - exact) / 64).squareRoot(), accuracy: 1e-15)
            XCTAssertLessThanOrEqual(abs(estimate - exact), 3 * (exact * (1 - exact) / 64).squareRoot() + 1 / 64)
            expected["\(["a", "b", "c"][i]) \(["a", "b", "c"][j])"] = estimate
        }

        // diff of each pair prints the same exact value and estimate.
        for (row, names) in zip(pairs.rows, ["a b", "a c", "b c"]) {
            XCTAssertEqual(session.run("diff \(names) perm=64"), .succeeded, workspace.errors)
            let diff = try result(session)
            func measure(_ key: String) -> Double? { diff.rows.first { $0[0] == .text(key) }.flatMap { number($0[1]) } }
            XCTAssertEqual(measure("jaccard_3gram"), number(row[2]), names)
            XCTAssertEqual(measure("minhash_estimate"), expected[names], names)
        }

        // In table mode the values keep at least three significant digits (real sources give 0.01–0.02).
        XCTAssertEqual(session.run(".mode table"), .succeeded)
        workspace.clearOutput()
        XCTAssertEqual(session.run("similar a,b"), .succeeded, workspace.errors)
        let ab = try XCTUnwrap(number(pairs.rows[0][2]))
        let shown = NumberFormat.significant(ab)
        XCTAssertTrue(workspace.output.contains(" \(shown)"), workspace.output)
        XCTAssertLessThan(abs(try XCTUnwrap(Double(shown)) - ab) / ab, 5e-4, shown)
    }

    func testNearDuplicatesAreFoundWhereInjectedAndNowhereElse() throws {
        let session = try workspace.session()
        for name in ["clean", "dirty", "copies"] {
            XCTAssertEqual(session.run("\(name) = text \(name).txt"), .succeeded, workspace.errors)
        }
        XCTAssertEqual(session.run("similar clean duplicates=0.8"), .succeeded, workspace.errors)
        XCTAssertEqual(try result(session).rows, [])
        XCTAssertTrue(workspace.output.contains("no near-duplicate pairs among 30 documents of clean"))

        let dirty = try file("dirty.txt")
        let copyOf11 = jaccard(trigrams([dirty[11]]), trigrams([dirty[31]]))
        let copyOf3 = jaccard(trigrams([dirty[3]]), trigrams([dirty[30]]))
        XCTAssertEqual(copyOf11, 37.0 / 38)
        XCTAssertEqual(copyOf3, 35.0 / 41)
        workspace.clearOutput()
        XCTAssertEqual(session.run("similar dirty duplicates=0.8"), .succeeded, workspace.errors)
        let found = try result(session)
        XCTAssertEqual(found.columns, ["a", "doc_a", "b", "doc_b", "jaccard_3gram", "minhash_estimate"])
        XCTAssertEqual(
            found.rows.map { Array($0.prefix(5)) },
            [
                [.text("dirty"), .int(11), .text("dirty"), .int(31), .float(copyOf11)],
                [.text("dirty"), .int(3), .text("dirty"), .int(30), .float(copyOf3)],
            ])
        XCTAssertTrue(workspace.output.contains("2 pairs among 32 documents of dirty"), workspace.output)

        // Above the weaker copy's Jaccard it is gone, and whatever LSH proposes is confirmed exactly.
        XCTAssertEqual(session.run("similar dirty duplicates=0.9"), .succeeded, workspace.errors)
        for row in try result(session).rows {
            XCTAssertGreaterThanOrEqual(try XCTUnwrap(number(row[4])), 0.9)
            XCTAssertNotEqual([row[1], row[3]], [.int(3), .int(30)])
        }

        // Across sets, documents count from 0 in each.
        XCTAssertEqual(session.run("similar clean,copies duplicates=0.8"), .succeeded, workspace.errors)
        XCTAssertEqual(
            try result(session).rows.map { Array($0.prefix(4)) },
            [
                [.text("clean"), .int(11), .text("copies"), .int(1)],
                [.text("clean"), .int(3), .text("copies"), .int(0)],
            ])
    }

    private func jaccard(_ a: Set<[Substring]>, _ b: Set<[Substring]>) -> Double {
        Double(a.intersection(b).count) / Double(a.union(b).count)
    }

    func testBadInputIsRefusedWithACaret() throws {
        let session = try workspace.session()
        XCTAssertEqual(session.run("wiki = text a.txt"), .succeeded)
        XCTAssertEqual(session.run("r = table rows=2"), .succeeded)
        let usage = "usage: [NAME =] similar SET,… [perm=INT] [duplicates=FLOAT]\n"
        let cases: [(String, String)] = [
            (
                "similar wiki",
                "error: 'wiki' (sets) is not two or more sets to compare: list more (similar a,b,c), or give "
                    + "duplicates=0.8 to search one set for near-duplicates\n  similar wiki\n          ^~~~\n"
            ),
            (
                "similar wiki,r",
                "error: 'r' is a result, but a text or calib is needed here\n  similar wiki,r\n               ^\n"
            ),
            (
                "similar wiki,wiki",
                "error: 'wiki,wiki' (sets) is not a list of distinct sets: 'wiki' is listed twice\n"
                    + "  similar wiki,wiki\n          ^~~~~~~~~\n"
            ),
            (
                "similar wiki duplicates=1",
                "error: duplicates=1.0 is not a Jaccard threshold: it must lie strictly between 0 and 1 (e.g. 0.8)\n"
                    + "  similar wiki duplicates=1\n               ^~~~~~~~~~~~\n"
            ),
            (
                "similar wiki duplicates=0",
                "error: duplicates=0.0 is not a Jaccard threshold: it must lie strictly between 0 and 1 (e.g. 0.8)\n"
                    + "  similar wiki duplicates=0\n               ^~~~~~~~~~~~\n"
            ),
            (
                "similar wiki,nope",
                "error: no object named 'nope'; .objects lists them\n  similar wiki,nope\n               ^~~~\n"
            ),
        ]
        for (line, message) in cases {
            workspace.clearOutput()
            XCTAssertEqual(session.run(line), .failed, line)
            XCTAssertEqual(workspace.errors, message + usage, line)
        }
        workspace.clearOutput()
        XCTAssertEqual(session.run("similar wiki duplicates=1.5"), .failed)
        XCTAssertTrue(workspace.errors.hasPrefix("error: duplicates=1.5 is not a Jaccard threshold"), workspace.errors)
        XCTAssertEqual(session.run("similar wiki duplicates=0.5"), .succeeded, "one set is fine with duplicates=")
    }
}
