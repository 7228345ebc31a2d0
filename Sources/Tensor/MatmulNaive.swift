// Naive triple-loop GEMMs in Double: the oracles the fast kernels are tested against.

/// Reference C[m×n] (+)= A[m×k]·B[n×k]ᵀ, accumulated in Double; slow, for tests.
public func naiveMatmulNT(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>,
    m: Int, n: Int, k: Int, lda: Int, ldb: Int, ldc: Int, accumulate: Bool = false
) {
    for i in 0..<m {
        for j in 0..<n {
            var sum = 0.0
            for p in 0..<k { sum += Double(a[i * lda + p]) * Double(b[j * ldb + p]) }
            c[i * ldc + j] = accumulate ? Float(Double(c[i * ldc + j]) + sum) : Float(sum)
        }
    }
}

/// Reference C[m×n] (+)= A[m×k]·B[k×n], accumulated in Double; slow, for tests.
public func naiveMatmulNN(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>,
    m: Int, n: Int, k: Int, lda: Int, ldb: Int, ldc: Int, accumulate: Bool = false
) {
    for i in 0..<m {
        for j in 0..<n {
            var sum = 0.0
            for p in 0..<k { sum += Double(a[i * lda + p]) * Double(b[p * ldb + j]) }
            c[i * ldc + j] = accumulate ? Float(Double(c[i * ldc + j]) + sum) : Float(sum)
        }
    }
}

/// Reference C[m×n] (+)= A[k×m]ᵀ·B[k×n], accumulated in Double; slow, for tests.
public func naiveMatmulTN(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>,
    m: Int, n: Int, k: Int, lda: Int, ldb: Int, ldc: Int, accumulate: Bool = false
) {
    for i in 0..<m {
        for j in 0..<n {
            var sum = 0.0
            for p in 0..<k { sum += Double(a[p * lda + i]) * Double(b[p * ldb + j]) }
            c[i * ldc + j] = accumulate ? Float(Double(c[i * ldc + j]) + sum) : Float(sum)
        }
    }
}
