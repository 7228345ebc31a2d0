/// How loglikelihood requests are laid out into forward passes. Every strategy computes the same
/// numbers (up to float rounding); they differ in how much work is shared.
public enum ScoringStrategy: String, Sendable, CaseIterable {
    /// Per document, the token prefix common to all its requests (the shared context, and any common
    /// start of the continuations) runs once into a KV cache; each distinct remainder continues a copy
    /// of that cache; several documents share each forward pass.
    case sharedContext = "shared"
    /// Every distinct request input runs whole, several documents per forward pass, no cache.
    case batched
    /// One request per forward pass, nothing shared: the harness with `batch_size=1`, the test oracle.
    case sequential
}
