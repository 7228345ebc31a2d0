/// Where a calibration set came from: the operation, its source, protocol, seed and every parameter.
public struct CalibrationProvenance: Sendable, Equatable, Codable {
    /// The operation that made the set (`sample`, `generate`, `filter`).
    public var operation: String
    /// What it was made from (a text file path, or a description of the parent set).
    public var source: String
    /// The protocol within the operation (`wanda`, `joined`, `selfgen`, `perplexity`).
    public var method: String
    /// The seed of the random choices, when the operation has any.
    public var seed: UInt64?
    /// Every other parameter, as text (keys are the REPL names, e.g. `top_p`).
    public var parameters: [String: String]

    /// Creates a provenance record.
    public init(operation: String, source: String, method: String, seed: UInt64?, parameters: [String: String]) {
        self.operation = operation
        self.source = source
        self.method = method
        self.seed = seed
        self.parameters = parameters
    }

    /// One line such as `sample wanda of data/text/cnn.jsonl seed=0 len=512 n=128`.
    public var summary: String {
        var parts = ["\(operation) \(method) of \(source)"]
        if let seed { parts.append("seed=\(seed)") }
        for key in parameters.keys.sorted() { parts.append("\(key)=\(parameters[key] ?? "")") }
        return parts.joined(separator: " ")
    }
}
