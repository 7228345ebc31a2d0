import Tensor

/// One calibration batch's hidden states between blocks, `(tokens, hidden)`: Float32 (exact; handed out and updated
/// in place), or rounded to bf16 / f16 rows (half the memory; decoded to a fresh Float32 matrix for each pass and
/// re-encoded after it).
final class HiddenStates {
    private var exact: Matrix?
    private var compact: Weight?
    private let encoding: WeightEncoding

    /// Keeps `values` in `encoding` (f32, bf16 or f16).
    init(_ values: Matrix, encoding: WeightEncoding) {
        self.encoding = encoding
        store(values)
    }

    /// Whether `values()` returns the stored matrix itself (Float32), so passes must copy to keep it.
    var isExact: Bool { encoding == .f32 }

    /// The states as Float32: the stored matrix (exact) or a new decoded one.
    func values() -> Matrix {
        if let exact { return exact }
        guard let compact else { preconditionFailure("states are stored at init") }
        return compact.dequantized()
    }

    /// Replaces the states (rounding them when compact).
    func store(_ values: Matrix) {
        if encoding == .f32 {
            exact = values
        } else {
            compact = Weight(values).converted(to: encoding)
        }
    }
}
