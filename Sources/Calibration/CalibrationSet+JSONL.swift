import Foundation
import Tokenizer

/// JSONL export: one line per sample with its decoded text and token ids.
extension CalibrationSet {
    private struct Line: Encodable {
        let index: Int
        let text: String
        let tokens: [Int32]
    }

    /// One JSON object per line, `{"index": i, "text": …, "tokens": […]}`, with the provenance
    /// first as `{"provenance": …}`; text is decoded with `tokenizer` (special tokens kept).
    public func jsonl(tokenizer: BPETokenizer) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out = Data()
        // Encoding strings and integers cannot fail; a failure would only drop the line.
        if let header = try? encoder.encode(["provenance": provenance]) {
            out.append(header)
            out.append(UInt8(ascii: "\n"))
        }
        for (i, sequence) in sequences.enumerated() {
            let line = Line(index: i, text: tokenizer.decode(sequence), tokens: sequence)
            if let encoded = try? encoder.encode(line) {
                out.append(encoded)
                out.append(UInt8(ascii: "\n"))
            }
        }
        return out
    }
}
