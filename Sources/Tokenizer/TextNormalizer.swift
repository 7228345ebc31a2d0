import Foundation

/// The normalizer stage of a tokenizer.json pipeline (byte-level BPE models use none, or NFC).
public enum TextNormalizer: String, Sendable {
    /// Text goes to the pre-tokenizer unchanged.
    case none
    /// Unicode canonical composition (Qwen2 and others).
    case nfc = "NFC"

    /// The normalized UTF-8 of `bytes`.
    func apply(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        switch self {
        case .none:
            return Array(bytes)
        case .nfc:
            return Array(String(decoding: bytes, as: UTF8.self).precomposedStringWithCanonicalMapping.utf8)
        }
    }

    /// The normalized form of `text`.
    func apply(_ text: String) -> String {
        switch self {
        case .none: return text
        case .nfc: return text.precomposedStringWithCanonicalMapping
        }
    }
}
