/// One document of a multiple-choice task: request i is loglikelihood(contexts[i], continuations[i]).
public struct MultipleChoiceDocument: Sendable, Equatable {
    /// The document's id in the prepared file.
    public let docID: Int
    /// The context of each request (the same prompt for every choice, or the partial sentences of Winogrande).
    public let contexts: [String]
    /// The continuation of each request (`" " + choice`, or Winogrande's shared sentence end).
    public let continuations: [String]
    /// The harness's choice strings: acc_norm divides by their length in characters.
    public let choices: [String]
    /// Index of the correct choice.
    public let gold: Int

    /// A document; `contexts`, `continuations` and `choices` have one entry per choice.
    public init(docID: Int, contexts: [String], continuations: [String], choices: [String], gold: Int) {
        self.docID = docID
        self.contexts = contexts
        self.continuations = continuations
        self.choices = choices
        self.gold = gold
    }

    /// Number of choices.
    public var choiceCount: Int { choices.count }

    /// The length of choice `i` as Python's `len` counts it (Unicode code points).
    public func choiceLength(_ i: Int) -> Int { choices[i].unicodeScalars.count }
}
