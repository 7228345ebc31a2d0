/// `numpy.percentile(values, q)` with numpy's default linear method, bit for bit: virtual index
/// (n−1)·q/100, and numpy's `_lerp` (which interpolates from the upper neighbour when γ ≥ 0.5).
public func percentile(_ values: [Double], _ q: Double) -> Double {
    precondition(!values.isEmpty, "percentile of no values")
    precondition(q >= 0 && q <= 100, "percentile q must be in [0, 100]")
    let sorted = values.sorted()
    let virtual = Double(sorted.count - 1) * (q / 100)
    let below = Int(virtual.rounded(.down))
    let above = min(below + 1, sorted.count - 1)
    let gamma = virtual - Double(below)
    let a = sorted[below]
    let b = sorted[above]
    let difference = b - a
    return gamma >= 0.5 ? b - difference * (1 - gamma) : a + difference * gamma
}
