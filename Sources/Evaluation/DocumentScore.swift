/// The scored choices of one document and what the harness would predict from them.
public struct DocumentScore: Sendable, Equatable {
    /// The document's id.
    public let docID: Int
    /// Summed continuation log-likelihood of each choice.
    public let loglikelihoods: [Double]
    /// Length of each choice in characters (code points), the acc_norm divisor.
    public let choiceLengths: [Int]
    /// Index of the correct choice.
    public let gold: Int

    /// A document's scores.
    public init(docID: Int, loglikelihoods: [Double], choiceLengths: [Int], gold: Int) {
        precondition(loglikelihoods.count == choiceLengths.count, "one length per choice")
        self.docID = docID
        self.loglikelihoods = loglikelihoods
        self.choiceLengths = choiceLengths
        self.gold = gold
    }

    /// argmax of the log-likelihoods (the first on ties, as numpy.argmax).
    public var predicted: Int { Self.argmax(loglikelihoods) }

    /// argmax of log-likelihood / choice length in characters.
    public var predictedNorm: Int { Self.argmax(normalizedLoglikelihoods) }

    /// Log-likelihood divided by the choice's length in characters.
    public var normalizedLoglikelihoods: [Double] {
        zip(loglikelihoods, choiceLengths).map { $0 / Double($1) }
    }

    /// Whether `predicted` is the gold choice.
    public var correct: Bool { predicted == gold }

    /// Whether `predictedNorm` is the gold choice.
    public var correctNorm: Bool { predictedNorm == gold }

    /// Index of the first maximum of `values`.
    public static func argmax(_ values: [Double]) -> Int {
        var best = 0
        for i in values.indices where values[i] > values[best] { best = i }
        return best
    }
}
