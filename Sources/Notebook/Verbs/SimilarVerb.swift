import Calibration
import Store

extension CommandSpec {
    /// `similar wiki,cnn,gutenberg,syn` and `similar wiki duplicates=0.8`.
    public static let similar = CommandSpec(
        name: "similar",
        summary: "word 3-gram similarity of several texts / calibration sets, or their near-duplicate documents",
        discussion: """
            Without duplicates=: the exact Jaccard of the word 3-gram sets (whitespace-split words; 3-grams never \
            cross documents) of two or more sets as a square table, then every pair with the exact Jaccard, its \
            MinHash estimate (perm= permutations, datasketch's scheme, seed 1) and the estimate's standard error \
            √(J(1−J)/perm): the paper's source-to-source comparison. The pairs are the result. `diff A B` shows the \
            same measures for one pair, with token statistics.
            With duplicates=T: the pairs of documents, within a set or across the listed sets, whose 3-gram Jaccard \
            is at least T, proposed by MinHash LSH (bands tuned for T) and confirmed exactly. LSH can miss a pair, \
            most often one just above T; a larger perm= misses fewer. Documents count from 0 in each set; \
            calibration samples are decoded with their tokenizer.
            """,
        positionals: [
            .positional(
                "sets", .list(.object([.text, .calib])), placeholder: "SET,…",
                help: "texts or calibration sets, comma-separated")
        ],
        keys: [
            .key("perm", .int(2...4096), default: 128, help: "MinHash permutations"),
            .key("duplicates", .float(), help: "find document pairs with 3-gram Jaccard ≥ this (between 0 and 1)"),
        ],
        produces: .result,
        examples: ["similar wiki,cnn,gutenberg,syn", "similar wiki,sq perm=256", "similar wiki duplicates=0.8"]
    ) { context, arguments in
        let handles = try arguments.list("sets").flatMap(\.objects)
        let range = arguments.entry("sets")?.range ?? .point(0)
        let listed = handles.map(\.name).joined(separator: ",")
        if let twice = handles.indices.first(where: { i in handles[..<i].contains { $0.name == handles[i].name } }) {
            throw NotebookError.invalidValue(
                argument: "sets", value: listed, expected: "a list of distinct sets",
                reason: "'\(handles[twice].name)' is listed twice", keyed: false, at: range)
        }
        let permutations = try arguments.int("perm")
        if let threshold = try arguments.optionalFloat("duplicates") {
            guard threshold > 0, threshold < 1 else {
                throw NotebookError.invalidValue(
                    argument: "duplicates", value: NumberFormat.exact(threshold), expected: "a Jaccard threshold",
                    reason: "it must lie strictly between 0 and 1 (e.g. 0.8)", keyed: true,
                    at: arguments.entry("duplicates")?.range ?? .point(0))
            }
            let corpora = try SimilarSets.corpora(handles, context: context)
            return try SimilarSets.duplicates(
                corpora, threshold: threshold, permutations: permutations, context: context)
        }
        guard handles.count >= 2 else {
            throw NotebookError.invalidValue(
                argument: "sets", value: listed, expected: "two or more sets to compare",
                reason: "list more (similar a,b,c), or give duplicates=0.8 to search one set for near-duplicates",
                keyed: false, at: range)
        }
        let corpora = try SimilarSets.corpora(handles, context: context)
        return try SimilarSets.matrix(corpora, permutations: permutations, context: context)
    }
}

/// The two forms of `similar`: the pairwise table and the near-duplicate search.
enum SimilarSets {
    /// The documents of every listed set.
    static func corpora(_ handles: [ObjectHandle], context: ExecutionContext) throws -> [WordCorpus] {
        try handles.map { handle in
            try context.checkCancellation()
            guard let corpus = try WordCorpus.of(try handle.object(), name: handle.name) else {
                throw NotebookError.objectUnavailable(name: handle.name, reason: "it is not a text or calibration set")
            }
            return corpus
        }
    }

    /// The exact 3-gram Jaccard of the sets as a square table, and every pair with the exact value, the MinHash
    /// estimate and its standard error (the bound result).
    static func matrix(_ corpora: [WordCorpus], permutations: Int, context: ExecutionContext) throws -> CommandResult {
        let bar = context.progress("similar", total: corpora.count)
        var profiles: [ShingleProfile] = []
        for corpus in corpora {
            try context.checkCancellation()
            profiles.append(corpus.profile(permutations: permutations))
            bar.advance()
        }
        bar.finish()
        let matrix = SimilarityMatrix(profiles)
        var square = ResultTable(title: "exact word 3-gram Jaccard", columns: ["set"] + matrix.names)
        for (name, row) in zip(matrix.names, matrix.exact) { square.append([.text(name)] + row.map { .float($0) }) }
        var pairs = ResultTable(
            title: "pairs (MinHash perm=\(permutations))",
            columns: ["a", "b", "jaccard_3gram", "minhash_estimate", "minhash_stderr"])
        for pair in matrix.pairs {
            pairs.append([
                .text(pair.a), .text(pair.b), .float(pair.exact), .float(pair.estimate),
                .float(MinHash.standardError(jaccard: pair.exact, permutations: permutations)),
            ])
        }
        return CommandResult(object: ResultObject(table: pairs), tables: [square, pairs])
    }

    /// Document pairs, within and across the sets, with 3-gram Jaccard ≥ `threshold`, most alike first.
    static func duplicates(
        _ corpora: [WordCorpus], threshold: Double, permutations: Int, context: ExecutionContext
    ) throws -> CommandResult {
        var documents: [String] = []
        var origin: [(set: String, index: Int)] = []
        for corpus in corpora {
            documents += corpus.documents
            origin += corpus.documents.indices.map { (corpus.name, $0) }
        }
        let pairs = try NearDuplicate.find(
            in: documents, threshold: threshold, permutations: permutations,
            isCancelled: context.cancellation.isCancelledClosure)
        var table = ResultTable(
            title: "near-duplicate documents (3-gram Jaccard ≥ \(NumberFormat.significant(threshold)))",
            columns: ["a", "doc_a", "b", "doc_b", "jaccard_3gram", "minhash_estimate"])
        let sorted = pairs.sorted { ($1.exact, $0.first, $0.second) < ($0.exact, $1.first, $1.second) }
        for pair in sorted {
            let a = origin[pair.first]
            let b = origin[pair.second]
            table.append([
                .text(a.set), .int(Int64(a.index)), .text(b.set), .int(Int64(b.index)), .float(pair.exact),
                .float(pair.estimate),
            ])
        }
        let names = corpora.map(\.name).joined(separator: ", ")
        let found = pairs.isEmpty ? "no near-duplicate pairs" : "\(pairs.count) pair\(pairs.count == 1 ? "" : "s")"
        return CommandResult(
            object: ResultObject(table: table), tables: [table],
            lines: ["\(found) among \(documents.count) documents of \(names)"])
    }
}
