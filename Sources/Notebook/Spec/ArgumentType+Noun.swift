extension ArgumentType {
    /// What a value of this type is, for error messages (`an integer ≥ 1`, `the name of a text object`).
    public var noun: String {
        switch self {
        case .int(let range):
            guard let range else { return "an integer" }
            return "an integer " + Self.describe(range.lowerBound, range.upperBound, Int.min, Int.max, String.init)
        case .float(let range):
            guard let range else { return "a number" }
            let limits = Self.describe(
                range.lowerBound, range.upperBound, -Double.greatestFiniteMagnitude, Double.greatestFiniteMagnitude,
                { NumberFormat.significant($0) })
            return "a number " + limits
        case .string: return "text"
        case .bool: return "true or false"
        case .choice(let values): return "one of " + values.joined(separator: "|")
        case .pattern: return "a sparsity pattern (a fraction like 0.6, or N:M like 2:4)"
        case .path(.input): return "an existing path"
        case .path(.output): return "a path"
        case .object(let kinds): return "the name of a " + kinds.map(\.rawValue).joined(separator: " or ") + " object"
        case .list(let element): return "a comma-separated list of " + element.noun
        case .oneOf(let types): return types.map(\.noun).joined(separator: " or ")
        }
    }

    private static func describe<Bound: Comparable>(
        _ lower: Bound, _ upper: Bound, _ minimum: Bound, _ maximum: Bound, _ text: (Bound) -> String
    ) -> String {
        if upper >= maximum { return "≥ \(text(lower))" }
        if lower <= minimum { return "≤ \(text(upper))" }
        return "from \(text(lower)) to \(text(upper))"
    }
}
