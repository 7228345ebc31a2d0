import Tensor
import XCTest

final class HalfConversionTests: XCTestCase {
    func testHalfRoundTripAndAgreesWithFloat16() {
        var rng = SplitMix64(seed: 31)
        let n = 16 * 5 + 7
        var values = randomFloats(n, scale: 70000, rng: &rng)
        values[0] = .infinity
        values[1] = -0.0
        values[2] = 1e-6  // subnormal in f16
        values[3] = 65520  // rounds to +∞
        var half = [UInt16](repeating: 0, count: n)
        floatToHalf(values, &half, count: n)
        for i in 0..<n {
            XCTAssertEqual(half[i], Float16(values[i]).bitPattern, "f32→f16 element \(i) = \(values[i])")
        }
        var back = [Float](repeating: 0, count: n)
        halfToFloat(half, &back, count: n)
        for i in 0..<n {
            XCTAssertEqual(back[i].bitPattern, Float(Float16(bitPattern: half[i])).bitPattern, "f16→f32 element \(i)")
        }
    }

    func testBFloat16RoundsToNearestEven() {
        let cases: [(UInt32, UInt16)] = [
            (0x3F80_0000, 0x3F80),  // 1.0
            (0x3F80_8000, 0x3F80),  // tie, even stays
            (0x3F81_8000, 0x3F82),  // tie, odd rounds up
            (0x3F80_8001, 0x3F81),  // above the tie
            (0x3F80_7FFF, 0x3F80),  // below the tie
            (0x7F80_0000, 0x7F80),  // +∞
            (0xFF80_0000, 0xFF80),  // −∞
            (0x7F7F_FFFF, 0x7F80),  // largest float rounds to +∞
            (0x7F80_0001, 0x7FC0),  // signalling NaN becomes quiet
            (0x8000_0000, 0x8000),  // −0
        ]
        // Repeat the cases past 16 elements so the vector path sees them too.
        let floats = (0..<3).flatMap { _ in cases.map { Float(bitPattern: $0.0) } }
        let expected = (0..<3).flatMap { _ in cases.map(\.1) }
        var bf = [UInt16](repeating: 0, count: floats.count)
        floatToBFloat16(floats, &bf, count: floats.count)
        XCTAssertEqual(bf, expected)
        var back = [Float](repeating: 0, count: bf.count)
        bfloat16ToFloat(bf, &back, count: bf.count)
        for i in 0..<bf.count {
            XCTAssertEqual(back[i].bitPattern, UInt32(bf[i]) << 16)
        }
    }

    func testUnalignedSources() {
        // Mapped tensors can start at any byte: convert from an odd offset.
        var bytes = [UInt8](repeating: 0, count: 1 + 2 * 40)
        let one = Float16(1.5).bitPattern
        for i in 0..<40 {
            bytes[1 + 2 * i] = UInt8(one & 0xFF)
            bytes[2 + 2 * i] = UInt8(one >> 8)
        }
        var out = [Float](repeating: 0, count: 40)
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            halfToFloat(base + 1, &out, count: 40)
        }
        XCTAssertEqual(out, [Float](repeating: 1.5, count: 40))
    }
}
