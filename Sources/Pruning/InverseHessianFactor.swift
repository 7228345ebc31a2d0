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
/// Left-looking by columns: `L[i][j] = (A[i][j] − L[i][0..<j]·L[j][0..<j]) / L[j][j]`, every row `i > j`
/// independent, so each column is split over the cores.
func choleskyInPlace(_ a: UnsafeMutablePointer<Double>, n: Int) -> Int? {
    for j in 0..<n {
        let rowJ = a + j * n
        let s = rowJ[j] - dot(rowJ, rowJ, count: j)
        guard s > 0, s.isFinite else { return j }
        let d = s.squareRoot()
        rowJ[j] = d
        let inverse = 1 / d
        let below = n - j - 1
        if below == 0 { continue }
        let work = below * j
        let update = { (range: Range<Int>) in
            for i in range {
                let rowI = a + i * n
                rowI[j] = (rowI[j] - dot(rowI, rowJ, count: j)) * inverse
            }
        }
        if work >= 1 << 16 {
            parallelChunks(below) { range in update((range.lowerBound + j + 1)..<(range.upperBound + j + 1)) }
        } else {
            update((j + 1)..<n)
        }
    }
    return nil
}

/// Writes `Y = (L⁻¹)ᵀ` (upper triangular, row-major, zero below the diagonal) for the lower-triangular `L` in `l`.
///
/// Row `j` of `Y` is column `j` of `L⁻¹`: `Y[j][j] = 1/L[j][j]`, `Y[j][i] = −(L[i][j..<i]·Y[j][j..<i]) / L[i][i]`,
/// contiguous dot products, and rows are independent.
func lowerInverseTransposed(_ l: UnsafePointer<Double>, n: Int, into y: UnsafeMutablePointer<Double>) {
    parallelFor(min(n, 64)) { part in
        // Interleaved rows balance the triangle's uneven work between the tasks.
        var j = part
        while j < n {
            let row = y + j * n
            row.update(repeating: 0, count: n)
            row[j] = 1 / l[j * n + j]
            if j + 1 < n {
                for i in (j + 1)..<n {
                    let rowL = l + i * n
                    row[i] = -dot(rowL + j, row + j, count: i - j) / rowL[i]
                }
            }
            j += min(n, 64)
        }
    }
}

/// Σ a[k]·b[k] for k < count, eight lanes at a time.
@inline(__always)
func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int) -> Double {
    var acc0 = SIMD8<Double>()
    var acc1 = SIMD8<Double>()
    var k = 0
    let ra = UnsafeRawPointer(a)
    let rb = UnsafeRawPointer(b)
    while k + 16 <= count {
        acc0 = acc0.addingProduct(
            ra.loadUnaligned(fromByteOffset: k * 8, as: SIMD8<Double>.self),
            rb.loadUnaligned(fromByteOffset: k * 8, as: SIMD8<Double>.self))
        acc1 = acc1.addingProduct(
            ra.loadUnaligned(fromByteOffset: (k + 8) * 8, as: SIMD8<Double>.self),
            rb.loadUnaligned(fromByteOffset: (k + 8) * 8, as: SIMD8<Double>.self))
        k += 16
    }
    if k + 8 <= count {
        acc0 = acc0.addingProduct(
            ra.loadUnaligned(fromByteOffset: k * 8, as: SIMD8<Double>.self),
            rb.loadUnaligned(fromByteOffset: k * 8, as: SIMD8<Double>.self))
        k += 8
    }
    var s = (acc0 + acc1).sum()
    while k < count {
        s += a[k] * b[k]
        k += 1
    }
    return s
}

/// Overloads for the mutable pointers the callers hold.
@inline(__always)
func dot(_ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>, count: Int) -> Double {
    dot(UnsafePointer(a), UnsafePointer(b), count: count)
}

@inline(__always)
func dot(_ a: UnsafePointer<Double>, _ b: UnsafeMutablePointer<Double>, count: Int) -> Double {
    dot(a, UnsafePointer(b), count: count)
}
