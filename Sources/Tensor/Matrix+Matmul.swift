// Shape-checked GEMMs on whole matrices (the pointer versions take sub-blocks through leading dimensions).

/// c (+)= a · bᵀ with a [m×k], b [n×k] (a PyTorch `nn.Linear` weight), c [m×n].
public func matmulNT(_ a: Matrix, _ b: Matrix, into c: Matrix, accumulate: Bool = false) {
    precondition(
        a.cols == b.cols && c.rows == a.rows && c.cols == b.rows,
        "matmulNT: shapes \(a.rows)×\(a.cols) · (\(b.rows)×\(b.cols))ᵀ → \(c.rows)×\(c.cols) do not agree")
    matmulNT(
        a.data, b.data, c.data, m: a.rows, n: b.rows, k: a.cols, lda: a.cols, ldb: b.cols, ldc: c.cols,
        accumulate: accumulate)
}

/// c (+)= a · b with a [m×k], b [k×n], c [m×n].
public func matmulNN(_ a: Matrix, _ b: Matrix, into c: Matrix, accumulate: Bool = false) {
    precondition(
        a.cols == b.rows && c.rows == a.rows && c.cols == b.cols,
        "matmulNN: shapes \(a.rows)×\(a.cols) · \(b.rows)×\(b.cols) → \(c.rows)×\(c.cols) do not agree")
    matmulNN(
        a.data, b.data, c.data, m: a.rows, n: b.cols, k: a.cols, lda: a.cols, ldb: b.cols, ldc: c.cols,
        accumulate: accumulate)
}

/// c (+)= aᵀ · b with a [k×m], b [k×n], c [m×n] (e.g. the Gram matrix XᵀX of activations X [tokens×features]).
public func matmulTN(_ a: Matrix, _ b: Matrix, into c: Matrix, accumulate: Bool = false) {
    precondition(
        a.rows == b.rows && c.rows == a.cols && c.cols == b.cols,
        "matmulTN: shapes (\(a.rows)×\(a.cols))ᵀ · \(b.rows)×\(b.cols) → \(c.rows)×\(c.cols) do not agree")
    matmulTN(
        a.data, b.data, c.data, m: a.cols, n: b.cols, k: a.rows, lda: a.cols, ldb: b.cols, ldc: c.cols,
        accumulate: accumulate)
}
