import XCTest

@testable import Calibration

/// Expected values printed by CPython 3.11: `random.Random(seed)` then the calls below.
final class PythonRandomTests: XCTestCase {
    func testMatchesCPythonForSeedZero() {
        var r = PythonRandom(seed: 0)
        XCTAssertEqual((0..<3).map { _ in r.getrandbits(32) }, [3_626_764_237, 1_654_615_998, 3_255_389_356])
        XCTAssertEqual((0..<5).map { _ in r.randint(0, 1000) }, [911, 430, 41, 265, 988])
        XCTAssertEqual(r.random(), 0.5112747213686085)
    }

    func testMatchesCPythonForWideSeedAndWideBits() {
        var r = PythonRandom(seed: (1 << 40) + 7)
        XCTAssertEqual((0..<3).map { _ in r.randint(0, 1_000_000) }, [643_515, 783_626, 854_501])
        XCTAssertEqual(r.getrandbits(40), 1_039_115_507_387)
    }
}
