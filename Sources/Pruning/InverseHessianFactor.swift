import Foundation
import Tensor

/// SparseGPT's factor of the inverse Hessian: the upper-triangular `U` with `UᵀU = (H + λI)⁻¹`, where dead inputs
/// (`H_ii = 0`) get `H_ii = 1` and `λ = dampening · mean(diag H)` (`sparsegpt.py`: `cholesky`, `cholesky_inverse`,
/// `cholesky(upper=True)`).
///
/// Computed in Double without forming the inverse: with `H = V·Vᵀ`, `V` upper triangular, `U = V⁻¹`. `V` is the
/// lower Cholesky factor of `H` with rows and columns reversed, so one Cholesky and one triangular inverse
/// (`2n³/3` flops instead of `4n³/3`) give the same unique factor.
struct InverseHessianFactor: Sendable {
    /// Input columns.
    let columns: Int
    /// Columns whose Hessian diagonal was 0 (inputs that were always 0): their weights are zeroed.
    let dead: [Bool]
    /// `U`, `(columns, columns)` row-major Float32, zero below the diagonal.
    let upper: Matrix

    /// Factors the dampened `hessian`; `linear` names the layer in errors.
    init(hessian: Matrix, dampening: Double, linear: String) throws {
        let n = hessian.rows
        precondition(hessian.cols == n, "InverseHessianFactor: Hessian must be square")
        columns = n
        var dead = [Bool](repeating: false, count: n)
        var diagonalSum = 0.0
        for i in 0..<n {
            if hessian[i, i] == 0 { dead[i] = true }
            diagonalSum += dead[i] ? 1 : Double(hessian[i, i])
        }
        self.dead = dead
        let damp = dampening * diagonalSum / Double(max(n, 1))
        // The reversed, dampened Hessian R[i][j] = H[n-1-i][n-1-j], factored in place into its lower Cholesky factor.
        let l = UnsafeMutablePointer<Double>.allocate(capacity: n * n)
        defer { l.deallocate() }
        for i in 0..<n {
            let source = hessian.data + (n - 1 - i) * n
            for j in 0...i { l[i * n + j] = Double(source[n - 1 - j]) }
            let diagonal = dead[n - 1 - i] ? 1.0 : l[i * n + i]
            l[i * n + i] = diagonal + damp
        }
        if let failed = choleskyInPlace(l, n: n) {
            throw PruningError.notPositiveDefinite(linear: linear, column: n - 1 - failed)
        }
        // Y = (L⁻¹)ᵀ, upper; then U[a][b] = L⁻¹[n-1-a][n-1-b] = Y[n-1-b][n-1-a].
        let y = UnsafeMutablePointer<Double>.allocate(capacity: n * n)
        defer { y.deallocate() }
        lowerInverseTransposed(l, n: n, into: y)
        let u = Matrix(rows: n, cols: n)
        parallelChunks(n) { range in
            for a in range {
                let row = u.data + a * n
                for b in a..<n { row[b] = Float(y[(n - 1 - b) * n + (n - 1 - a)]) }
            }
        }
        upper = u
    }
}

/// Overwrites the lower triangle of the symmetric `n × n` row-major `a` with its Cholesky factor `L` (`A = LLᵀ`);
/// the strict upper triangle is ignored. Returns the first failing pivot, or nil on success.
///
/// Left-looking (Crout) by blocks of eight columns: every row `i` of the block's column range needs the dot
/// products of its finished prefix `L[i][0..<j0]` with the eight rows `L[j0..<j0+8][0..<j0]`, computed together
/// so each prefix is read once per block (the matrix is far larger than the caches for n = 1536). Rows of the
/// diagonal block go first, one after the other; the rows below are independent and split over the cores.
func choleskyInPlace(_ a: UnsafeMutablePointer<Double>, n: Int) -> Int? {
    var j0 = 0
    while j0 < n {
        let width = min(8, n - j0)
        for i in j0..<(j0 + width) {
            if let failed = choleskyRow(a, n: n, row: i, blockStart: j0, width: width) { return failed }
        }
        let below = n - j0 - width
        if below > 0 {
            let first = j0 + width
            let blockStart = j0
            if below * j0 >= 1 << 14 {
                parallelChunks(below) { range in
                    for i in range { _ = choleskyRow(a, n: n, row: first + i, blockStart: blockStart, width: width) }
                }
            } else {
                for i in first..<n { _ = choleskyRow(a, n: n, row: i, blockStart: blockStart, width: width) }
            }
        }
        j0 += width
    }
    return nil
}

/// Columns `j0 ..< min(j0 + width, i)` of row `i` of the Cholesky factor, and the diagonal if `i` lies in the block.
@inline(__always)
private func choleskyRow(_ a: UnsafeMutablePointer<Double>, n: Int, row i: Int, blockStart j0: Int, width: Int) -> Int?
{
    let rowI = a + i * n
    let s = dots8(UnsafePointer(rowI), rows: UnsafePointer(a + j0 * n), stride: n, valid: width, count: j0)
    let end = min(j0 + width, i)
    var c = j0
    while c < end {
        let rowC = a + c * n
        var v = rowI[c] - s[c - j0]
        var p = j0
        while p < c {
            v -= rowI[p] * rowC[p]
            p += 1
        }
        rowI[c] = v / rowC[c]
        c += 1
    }
    guard i < j0 + width else { return nil }
    var d = rowI[i] - s[i - j0]
    var p = j0
    while p < i {
        d -= rowI[p] * rowI[p]
        p += 1
    }
    guard d > 0, d.isFinite else { return i }
    rowI[i] = d.squareRoot()
    return nil
}

/// Writes `Y = (L⁻¹)ᵀ` (upper triangular, row-major, zero below the diagonal) for the lower-triangular `L` in `l`.
///
/// Row `j` of `Y` is column `j` of `L⁻¹`: `Y[j][j] = 1/L[j][j]`, `Y[j][i] = −(L[i][j..<i]·Y[j][j..<i]) / L[i][i]`.
/// Rows are independent; eight at a time share each read of `L[i]` (the zeros left of each row's diagonal let the
/// eight dot products start at the same column), and blocks of eight are spread over the cores.
func lowerInverseTransposed(_ l: UnsafePointer<Double>, n: Int, into y: UnsafeMutablePointer<Double>) {
    let blocks = (n + 7) / 8
    let tasks = min(blocks, 4 * TensorThreads.count)
    parallelFor(tasks) { task in
        // Interleaved blocks balance the triangle's uneven work between the tasks.
        var block = task
        while block < blocks {
            let j0 = block * 8
            let width = min(8, n - j0)
            (y + j0 * n).update(repeating: 0, count: width * n)
            for i in j0..<n {
                let s = dots8(
                    l + i * n + j0, rows: UnsafePointer(y + j0 * n + j0), stride: n, valid: width, count: i - j0)
                let pivot = l[i * n + i]
                for jj in 0..<width {
                    let j = j0 + jj
                    if j < i {
                        y[j * n + i] = -s[jj] / pivot
                    } else if j == i {
                        y[j * n + i] = 1 / pivot
                    }
                }
            }
            block += tasks
        }
    }
}

/// The dot products of `x[0..<count]` with up to eight rows `rows + b·stride` (`b < valid`; lanes past `valid` are 0).
@inline(__always)
func dots8(
    _ x: UnsafePointer<Double>, rows: UnsafePointer<Double>, stride: Int, valid: Int, count: Int
) -> SIMD8<Double> {
    let last = max(0, min(valid, 8) - 1)
    // Rows past `valid` repeat the last valid row; their lanes are cleared at the end.
    let q0 = rows
    let q1 = rows + min(1, last) * stride
    let q2 = rows + min(2, last) * stride
    let q3 = rows + min(3, last) * stride
    let q4 = rows + min(4, last) * stride
    let q5 = rows + min(5, last) * stride
    let q6 = rows + min(6, last) * stride
    let q7 = rows + min(7, last) * stride
    var a0 = SIMD8<Double>()
    var a1 = SIMD8<Double>()
    var a2 = SIMD8<Double>()
    var a3 = SIMD8<Double>()
    var a4 = SIMD8<Double>()
    var a5 = SIMD8<Double>()
    var a6 = SIMD8<Double>()
    var a7 = SIMD8<Double>()
    let (r0, r1, r2, r3, r4, r5, r6, r7) = (
        UnsafeRawPointer(q0), UnsafeRawPointer(q1), UnsafeRawPointer(q2), UnsafeRawPointer(q3),
        UnsafeRawPointer(q4), UnsafeRawPointer(q5), UnsafeRawPointer(q6), UnsafeRawPointer(q7)
    )
    let rx = UnsafeRawPointer(x)
    var k = 0
    while k + 8 <= count {
        let o = k * 8
        let v = rx.loadUnaligned(fromByteOffset: o, as: SIMD8<Double>.self)
        a0 = a0.addingProduct(v, r0.loadUnaligned(fromByteOffset: o, as: SIMD8<Double>.self))
        a1 = a1.addingProduct(v, r1.loadUnaligned(fromByteOffset: o, as: SIMD8<Double>.self))
        a2 = a2.addingProduct(v, r2.loadUnaligned(fromByteOffset: o, as: SIMD8<Double>.self))
        a3 = a3.addingProduct(v, r3.loadUnaligned(fromByteOffset: o, as: SIMD8<Double>.self))
        a4 = a4.addingProduct(v, r4.loadUnaligned(fromByteOffset: o, as: SIMD8<Double>.self))
        a5 = a5.addingProduct(v, r5.loadUnaligned(fromByteOffset: o, as: SIMD8<Double>.self))
        a6 = a6.addingProduct(v, r6.loadUnaligned(fromByteOffset: o, as: SIMD8<Double>.self))
        a7 = a7.addingProduct(v, r7.loadUnaligned(fromByteOffset: o, as: SIMD8<Double>.self))
        k += 8
    }
    var s = SIMD8<Double>(a0.sum(), a1.sum(), a2.sum(), a3.sum(), a4.sum(), a5.sum(), a6.sum(), a7.sum())
    while k < count {
        let v = x[k]
        s += SIMD8(repeating: v) * SIMD8(q0[k], q1[k], q2[k], q3[k], q4[k], q5[k], q6[k], q7[k])
        k += 1
    }
    for b in min(valid, 8)..<8 { s[b] = 0 }
    return s
}
