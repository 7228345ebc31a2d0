import Calibration

/// A text object or a calibration set seen as documents of words (samples decoded with their tokenizer): what
/// `diff` and `similar` compare by word 3-grams.
struct WordCorpus {
    /// The object's name.
    let name: String
    /// The text's documents, or the calibration samples as text.
    let documents: [String]
    /// Token statistics (calibration sets only).
    let statistics: TokenStatistics?

    /// The corpus of a text or calib object; nil for other kinds.
    static func of(_ object: any SessionObject, name: String) throws -> WordCorpus? {
        if let text = object as? TextObject {
            return WordCorpus(name: name, documents: text.source.documents, statistics: nil)
        }
        if let calib = object as? CalibObject {
            let tokenizer = try calib.tokenizer()
            return WordCorpus(
                name: name, documents: calib.set.sequences.map { tokenizer.decode($0, skipSpecialTokens: true) },
                statistics: calib.set.statistics)
        }
        return nil
    }

    /// The word 3-gram set and its MinHash signature (datasketch's seed 1).
    func profile(permutations: Int) -> ShingleProfile {
        ShingleProfile(name: name, documents: documents, permutations: permutations)
    }
}
