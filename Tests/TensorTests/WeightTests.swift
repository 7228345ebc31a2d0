import Tensor
import XCTest

/// Every encoding's kernels against the oracle (dequantize the whole weight, then the naive Double product), on odd
/// shapes and tails, masked and unmasked, for the decoding (few rows) and the prefill (panel) paths.
final class WeightTests: XCTestCase {
    /// Random but valid encoded rows: random payload bytes, with every f16 scale field set to a finite value of a
    /// realistic size (random bytes there would give infinities and NaNs).
    static func randomWeight(_ encoding: WeightEncoding, rows: Int, cols: Int, rng: inout SplitMix64) -> Weight {
        if encoding == .f32 {
            return Weight(Matrix(rows: rows, cols: cols, copying: randomFloats(rows * cols, rng: &rng)))
        }
        guard let rowBytes = encoding.rowBytes(cols: cols) else { preconditionFailure("cols fit the blocks") }
        var bytes = (0..<(rows * rowBytes)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        func half(_ value: Float, at offset: Int) {
            let bits = Float16(value).bitPattern
            bytes[offset] = UInt8(bits & 0xFF)
            bytes[offset + 1] = UInt8(bits >> 8)
        }
        switch encoding {
        case .f16, .bf16:
            let values = randomFloats(rows * cols, rng: &rng)
            bytes.withUnsafeMutableBytes { raw in
                guard let base = raw.baseAddress else { return }
                if encoding == .f16 {
                    floatToHalf(values, base, count: values.count)
                } else {
                    floatToBFloat16(values, base, count: values.count)
                }
            }
        default:
            let blocks = rows * cols / encoding.blockSize
            for b in 0..<blocks {
                let p = b * encoding.blockBytes
                switch encoding {
                case .q8_0, .q4_0, .q5_0: half(Float.random(in: 0.001..<0.05, using: &rng), at: p)
                case .q4_1, .q5_1, .q4_K, .q5_K:
                    half(Float.random(in: 0.001..<0.05, using: &rng), at: p)
                    half(Float.random(in: -0.05..<0.05, using: &rng), at: p + 2)
                case .q6_K: half(Float.random(in: 0.0001..<0.005, using: &rng), at: p + 208)
                default: break
                }
            }
        }
        return bytes.withUnsafeBytes { raw in
            Weight.copying(encoding: encoding, rows: rows, cols: cols, from: raw)
        }
    }

    /// Random keep bits (about 60 % pruned), padding bits 0.
    static func randomKeep(rows: Int, cols: Int, rng: inout SplitMix64) -> [UInt64] {
        let perRow = (cols + 63) / 64
        var words = [UInt64](repeating: 0, count: rows * perRow)
        for r in 0..<rows {
            for c in 0..<cols where Double.random(in: 0..<1, using: &rng) < 0.4 {
                words[r * perRow + c / 64] |= 1 << UInt64(c % 64)
            }
        }
        return words
    }

    func check(
        _ weight: Weight, m: Int, accumulate: Bool, rng: inout SplitMix64, file: StaticString = #filePath,
        line: UInt = #line
    ) {
        let (n, k) = (weight.rows, weight.cols)
        let lda = k + (m % 2)
        let ldc = n + (m % 3)
        let a = randomFloats(m * lda, rng: &rng)
        let start = randomFloats(m * ldc, rng: &rng)
        var fast = start
        var oracle = start
        matmulNT(a, weight, &fast, m: m, lda: lda, ldc: ldc, accumulate: accumulate)
        naiveMatmulNT(a, weight, &oracle, m: m, lda: lda, ldc: ldc, accumulate: accumulate)
        // The Float32 path on the dequantized values: the result the encoded kernels must reproduce.
        var float32 = start
        let dense = weight.dequantized()
        matmulNT(a, dense.data, &float32, m: m, n: n, k: k, lda: lda, ldb: k, ldc: ldc, accumulate: accumulate)
        let scale = Float(k).squareRoot() * (dense.toArray().map(abs).max() ?? 1)
        let tolerance = 2e-6 * scale + 1e-6
        let label = "\(weight.encoding) m=\(m) n=\(n) k=\(k) masked=\(weight.keep != nil) accumulate=\(accumulate)"
        XCTAssertLessThanOrEqual(maxAbsDiff(fast, oracle), tolerance, label, file: file, line: line)
        XCTAssertLessThanOrEqual(maxAbsDiff(fast, float32), tolerance, label, file: file, line: line)
    }

    func testEveryEncodingAgainstTheOracle() {
        var rng = SplitMix64(seed: 11)
        for encoding in WeightEncoding.allCases {
            let ks =
                encoding.blockSize == 256 ? [256, 512, 768] : encoding.blockSize == 32 ? [32, 96, 576] : [1, 33, 577]
            for (index, k) in ks.enumerated() {
                for n in [1, 5, 17, 67] {
                    let weight = Self.randomWeight(encoding, rows: n, cols: k, rng: &rng)
                    for m in [1, 3, 4, 5, 11, 12, 13, 70] {
                        check(weight, m: m, accumulate: (m + index) % 2 == 1, rng: &rng)
                    }
                }
            }
        }
    }

    func testMaskedWeightsReadPrunedAsZero() {
        var rng = SplitMix64(seed: 12)
        for encoding in [WeightEncoding.f32, .f16, .q4_1, .q8_0, .q6_K] {
            let k = encoding.blockSize == 256 ? 512 : 160
            let weight = Self.randomWeight(encoding, rows: 37, cols: k, rng: &rng)
            let keep = Self.randomKeep(rows: 37, cols: k, rng: &rng)
            let masked = weight.masked(keep: keep)
            let dense = weight.dequantized()
            let values = masked.dequantized()
            for r in 0..<37 {
                for c in 0..<k {
                    let kept = keep[r * ((k + 63) / 64) + c / 64] >> UInt64(c % 64) & 1 == 1
                    XCTAssertEqual(values[r, c], kept ? dense[r, c] : 0, "\(encoding) (\(r), \(c))")
                }
            }
            for m in [1, 4, 9, 30] { check(masked, m: m, accumulate: false, rng: &rng) }
        }
    }

    func testPrefillPanelsCoverManyRows() {
        // More rows than one panel holds: the prefill path decodes and multiplies several panels.
        var rng = SplitMix64(seed: 13)
        let k = 4096
        let weight = Self.randomWeight(.q4_0, rows: 300, cols: k, rng: &rng)
        XCTAssertGreaterThan(300, (1 << 20) / k)
        check(weight, m: 20, accumulate: true, rng: &rng)
    }

    func testConversionAndPermutation() {
        var rng = SplitMix64(seed: 14)
        let weight = Self.randomWeight(.q5_1, rows: 9, cols: 64, rng: &rng)
        let dense = weight.dequantized()
        XCTAssertEqual(weight.converted(to: .f32).dequantized().toArray(), dense.toArray())
        let half = weight.converted(to: .f16)
        XCTAssertEqual(half.encoding, .f16)
        var expected = [UInt8](repeating: 0, count: 2 * dense.count)
        expected.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            floatToHalf(dense.data, base, count: dense.count)
        }
        var widened = [Float](repeating: 0, count: dense.count)
        expected.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            halfToFloat(base, &widened, count: dense.count)
        }
        XCTAssertEqual(half.dequantized().toArray(), widened)
        let order = [3, 0, 8, 1, 2, 7, 6, 5, 4]
        let permuted = weight.permutingRows(order)
        for (r, from) in order.enumerated() {
            for c in 0..<64 { XCTAssertEqual(permuted.dequantized()[r, c], dense[from, c]) }
        }
        // A masked weight permutes as its Float32 values (GGUF export of a pruned model).
        let keep = Self.randomKeep(rows: 9, cols: 64, rng: &rng)
        let maskedValues = weight.masked(keep: keep).dequantized()
        let maskedPermuted = weight.masked(keep: keep).permutingRows(order).dequantized()
        for (r, from) in order.enumerated() {
            for c in 0..<64 { XCTAssertEqual(maskedPermuted[r, c], maskedValues[from, c]) }
        }
        XCTAssertEqual(weight.residentBytes, 9 * 64 / 32 * 24)
        XCTAssertEqual(weight.masked(keep: [UInt64](repeating: 0, count: 9)).residentBytes, 9 * 48 + 9 * 8)
    }
}
