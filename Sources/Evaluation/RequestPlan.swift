/// How the requests of one document are run: a shared token prefix, then the distinct remainders.
struct RequestPlan {
    /// Model input of each request (context + continuation without its last token, left-truncated).
    let inputs: [[Int32]]
    /// Continuation tokens of each request: the targets of the last `count` input positions.
    let targets: [[Int32]]
    /// Tokens common to the start of every input, run once.
    let prefix: [Int32]
    /// Distinct non-empty remainders after the prefix.
    let suffixes: [[Int32]]
    /// For each request, the index of its remainder in `suffixes` (nil when its input is the prefix itself).
    let suffixOf: [Int?]

    /// Plans `requests` for `strategy` (not `.sequential`, which runs each request alone).
    init(_ requests: [LoglikelihoodRequest], maxLength: Int, strategy: ScoringStrategy) {
        inputs = requests.map { $0.input(maxLength: maxLength) }
        targets = requests.map(\.continuation)
        var prefixLength = 0
        if strategy == .sharedContext, let first = inputs.first {
            prefixLength = first.count
            for input in inputs.dropFirst() {
                var n = 0
                let limit = min(prefixLength, input.count)
                while n < limit && input[n] == first[n] { n += 1 }
                prefixLength = n
            }
        }
        prefix = Array(inputs.first?.prefix(prefixLength) ?? [])
        var suffixes: [[Int32]] = []
        var index: [[Int32]: Int] = [:]
        var suffixOf: [Int?] = []
        for input in inputs {
            let rest = Array(input.dropFirst(prefixLength))
            if rest.isEmpty {
                suffixOf.append(nil)
            } else if let known = index[rest] {
                suffixOf.append(known)
            } else {
                index[rest] = suffixes.count
                suffixOf.append(suffixes.count)
                suffixes.append(rest)
            }
        }
        self.suffixes = suffixes
        self.suffixOf = suffixOf
    }

    /// Tokens this plan pushes through the model.
    var tokenCount: Int { prefix.count + suffixes.reduce(0) { $0 + $1.count } }

    /// Whether some remainder continues a non-empty prefix (and so needs a cache).
    var needsCache: Bool { !prefix.isEmpty && !suffixes.isEmpty }
}
