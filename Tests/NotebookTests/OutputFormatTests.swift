import Notebook
import XCTest

final class OutputFormatTests: XCTestCase {
    func testSignificantDigits() {
        XCTAssertEqual(NumberFormat.significant(23.4567), "23.46")
        XCTAssertEqual(NumberFormat.significant(0.0123456), "0.01235")
        XCTAssertEqual(NumberFormat.significant(0.0123), "0.0123")
        XCTAssertEqual(NumberFormat.significant(12345.6), "12346")
        XCTAssertEqual(NumberFormat.significant(1234.5), "1234")
        XCTAssertEqual(NumberFormat.significant(0.5), "0.5")
        XCTAssertEqual(NumberFormat.significant(-2.000049), "-2")
        XCTAssertEqual(NumberFormat.significant(0.00001234), "1.234e-05")
        XCTAssertEqual(NumberFormat.significant(3e20), "3e+20")
        XCTAssertEqual(NumberFormat.significant(0), "0")
        XCTAssertEqual(NumberFormat.significant(.nan), "nan")
        XCTAssertEqual(NumberFormat.significant(-.infinity), "-inf")
        XCTAssertEqual(NumberFormat.significant(-0.00004), "-4e-05")
        XCTAssertEqual(NumberFormat.significant(740.123456), "740.1")
    }

    func testExactNumbersRoundTrip() {
        for value in [0.6, 1e-5, 123.456789012345, 2.0, -0.1] {
            XCTAssertEqual(Double(NumberFormat.exact(value)), value)
        }
    }

    private let table = ResultTable(
        title: "scores", columns: ["task", "acc", "n", "note"],
        rows: [
            [.text("piqa"), .float(0.61234), .int(200), .text("a, \"quoted\" note")],
            [.text("arc_easy"), .float(0.5), .int(1000), .null],
        ])

    func testAlignedTable() {
        XCTAssertEqual(
            TableRenderer.render(table, mode: .table),
            """
            scores
            task         acc     n  note
            --------  ------  ----  ----------------
            piqa      0.6123   200  a, "quoted" note
            arc_easy     0.5  1000  NULL

            """)
    }

    func testCSVQuotesAndExactNumbers() {
        XCTAssertEqual(
            TableRenderer.render(table, mode: .csv),
            "task,acc,n,note\npiqa,0.61234,200,\"a, \"\"quoted\"\" note\"\narc_easy,0.5,1000,\n")
    }

    func testJSON() throws {
        let json = TableRenderer.render(table, mode: .json)
        XCTAssertEqual(
            json,
            "[{\"task\":\"piqa\",\"acc\":0.61234,\"n\":200,\"note\":\"a, \\\"quoted\\\" note\"},\n"
                + " {\"task\":\"arc_easy\",\"acc\":0.5,\"n\":1000,\"note\":null}]\n")
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        XCTAssertEqual(decoded?.count, 2)
        XCTAssertEqual(TableRenderer.render(ResultTable(columns: ["a"]), mode: .json), "[]\n")
    }

    func testMarkdown() {
        XCTAssertEqual(
            TableRenderer.render(table, mode: .markdown),
            """
            **scores**

            | task | acc | n | note |
            | --- | ---: | ---: | --- |
            | piqa | 0.6123 | 200 | a, "quoted" note |
            | arc_easy | 0.5 | 1000 | NULL |

            """)
    }

    func testEmptyTableAndLineBreaksInCells() {
        XCTAssertEqual(TableRenderer.render(ResultTable(columns: ["a", "b"]), mode: .table), "a  b\n-  -\n(no rows)\n")
        let multiline = ResultTable(columns: ["text"], rows: [[.text("two\nlines")]])
        XCTAssertEqual(TableRenderer.render(multiline, mode: .table), "text\n----------\ntwo\\nlines\n")
        XCTAssertEqual(TableRenderer.render(multiline, mode: .csv), "text\n\"two\nlines\"\n")
    }

    func testTableValuesRoundTripThroughCodable() throws {
        let values: [TableValue] = [
            .null, .int(3), .float(2.0), .float(.nan), .float(-.infinity), .text("x"), .bool(true),
        ]
        let original = ResultTable(title: "t", columns: values.indices.map { "c\($0)" }, rows: [values])
        let data = try JSONEncoder().encode(original)
        let decoded = try JSONDecoder().decode(ResultTable.self, from: data)
        XCTAssertEqual(decoded.rows[0][2], .float(2.0))
        XCTAssertEqual(decoded.rows[0][1], .int(3))
        guard case .float(let nan) = decoded.rows[0][3] else { return XCTFail("nan lost") }
        XCTAssertTrue(nan.isNaN)
        XCTAssertEqual(decoded.rows[0][4], .float(-.infinity))
        XCTAssertEqual(Array(decoded.rows[0][5...]), [.text("x"), .bool(true)])
    }
}

final class ProgressReporterTests: XCTestCase {
    func testBarClockAndRate() {
        XCTAssertEqual(ProgressReporter.clock(41), "0:41")
        XCTAssertEqual(ProgressReporter.clock(3723), "1:02:03")
        XCTAssertEqual(ProgressReporter.rate(0.48), "0.48/s")
        XCTAssertEqual(ProgressReporter.bar(0.4, cells: 8), "███▏░░░░")
        XCTAssertEqual(ProgressReporter.bar(1, cells: 4), "████")
        XCTAssertEqual(ProgressReporter.bar(0, cells: 4), "░░░░")
    }

    func testDrawsAtMostTenTimesASecondAndEndsWithOneSummaryLine() {
        let collected = Collected()
        let output = ProgressOutput(write: { collected.append($0) }, width: { 120 })
        let reporter = ProgressReporter(label: "prune layer", total: 30, output: output)
        for step in 1...29 { reporter.update(done: step) }
        reporter.update(done: 30)
        reporter.finish()
        reporter.update(done: 31)
        let writes = collected.values
        XCTAssertEqual(writes.count, 3, "\(writes)")
        XCTAssertTrue(writes[0].hasPrefix("\r\u{1B}[Kprune layer 1/30 |"), writes[0])
        XCTAssertTrue(writes[1].contains("30/30 |████████████████████| 100%"), writes[1])
        XCTAssertTrue(writes[2].hasPrefix("\r\u{1B}[Kprune layer 30/30 in 0:00"), writes[2])
        XCTAssertTrue(writes[2].hasSuffix("\n"))
    }

    func testLineShowsCountPercentETAAndRate() {
        let reporter = ProgressReporter(label: "prune layer", total: 30, output: nil)
        reporter.update(done: 12)
        let line = reporter.line(now: ProcessClock.wall() + 41, width: 200)
        XCTAssertTrue(line.hasPrefix("prune layer 12/30 |████████░░░░░░░░░░░░| 40% 0:41 ETA 1:02"), line)
        XCTAssertTrue(line.hasSuffix("/s"), line)
    }

    func testSilentWithoutOutputAndClosureForOtherModules() {
        let reporter = ProgressReporter(label: "x", total: 2, output: nil)
        reporter.callback(1, 4, "y")
        reporter.finish()
    }
}

/// Strings written from a @Sendable closure.
final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    var values: [String] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
    func append(_ value: String) {
        lock.lock()
        storage.append(value)
        lock.unlock()
    }
}
