import Tokenizer

/// Random token windows from a text source, reproducing the reference Python code window for window.
public enum CalibrationSampler {
    /// `options.count` windows of exactly `options.length` tokens from `source`, drawn with CPython's
    /// `random` seeded by `options.seed`; `progress(done, total)` after each window.
    public static func sample(
        _ source: TextSource, tokenizer: BPETokenizer, contextLength: Int, options: SamplingOptions = .init(),
        progress: (Int, Int) -> Void = { _, _ in }, isCancelled: () -> Bool = { false }
    ) throws -> CalibrationSet {
        guard options.count >= 1 else {
            throw CalibrationError.invalidOption(name: "n", value: "\(options.count)", expected: "at least 1")
        }
        guard options.length >= 1 else {
            throw CalibrationError.invalidOption(name: "len", value: "\(options.length)", expected: "at least 1")
        }
        guard options.length <= contextLength else {
            throw CalibrationError.lengthBeyondContext(argument: "len", length: options.length, context: contextLength)
        }
        let windows: [[Int32]]
        switch options.method {
        case .wanda:
            windows = try wandaWindows(source, tokenizer, options, progress, isCancelled)
        case .joined:
            windows = try joinedWindows(source, tokenizer, options, progress, isCancelled)
        }
        let provenance = CalibrationProvenance(
            operation: "sample", source: source.path, method: options.method.rawValue, seed: options.seed,
            parameters: ["n": "\(options.count)", "len": "\(options.length)"])
        return CalibrationSet(sequences: windows, provenance: provenance)
    }

    /// `wanda/lib/data.py::get_c4`: redraw `i = randint(0, len(docs)-1)` until the tokenized document has
    /// more than `len` tokens, then `start = randint(0, ntok - len - 1)`. Documents are tokenized on
    /// first draw only; once every document is known to be too short, the loop (endless in Python) stops.
    private static func wandaWindows(
        _ source: TextSource, _ tokenizer: BPETokenizer, _ options: SamplingOptions, _ progress: (Int, Int) -> Void,
        _ isCancelled: () -> Bool
    ) throws -> [[Int32]] {
        let documents = source.documents
        var random = PythonRandom(seed: options.seed)
        var tokenized: [Int: [Int32]] = [:]
        var tooShort = Set<Int>()
        var longest = 0
        var windows: [[Int32]] = []
        windows.reserveCapacity(options.count)
        for done in 0..<options.count {
            if isCancelled() { throw CancellationError() }
            var ids: [Int32]
            while true {
                let i = random.randint(0, documents.count - 1)
                if let cached = tokenized[i] {
                    ids = cached
                } else {
                    ids = tokenizer.encode(documents[i])
                    tokenized[i] = ids
                    longest = max(longest, ids.count)
                }
                if ids.count > options.length { break }
                tooShort.insert(i)
                if tooShort.count == documents.count {
                    throw CalibrationError.noDocumentLongEnough(
                        source: source.path, length: options.length, longest: longest)
                }
            }
            let start = random.randint(0, ids.count - options.length - 1)
            windows.append(Array(ids[start..<(start + options.length)]))
            progress(done + 1, options.count)
        }
        return windows
    }

    /// The seed paper's `get_selfgen`: `' '.join(documents)` tokenized once, then
    /// `i = randint(0, ntok - len - 1)` and the window `[i, i + len)` for each sample.
    private static func joinedWindows(
        _ source: TextSource, _ tokenizer: BPETokenizer, _ options: SamplingOptions, _ progress: (Int, Int) -> Void,
        _ isCancelled: () -> Bool
    ) throws -> [[Int32]] {
        let ids = tokenizer.encode(source.documents.joined(separator: " "))
        guard ids.count > options.length else {
            throw CalibrationError.corpusTooShort(source: source.path, tokens: ids.count, length: options.length)
        }
        let starts = ids.count - options.length
        guard options.count <= starts else {
            throw CalibrationError.notEnoughDocuments(
                source: source.path, requested: options.count, available: starts, what: "distinct windows")
        }
        var random = PythonRandom(seed: options.seed)
        var windows: [[Int32]] = []
        windows.reserveCapacity(options.count)
        for done in 0..<options.count {
            if isCancelled() { throw CancellationError() }
            let start = random.randint(0, ids.count - options.length - 1)
            windows.append(Array(ids[start..<(start + options.length)]))
            progress(done + 1, options.count)
        }
        return windows
    }
}
