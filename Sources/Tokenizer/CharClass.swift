/// The character classes the pre-tokenizer patterns test: `\p{L}`, `\p{N}`, `\s` and everything else.
///
/// These follow Oniguruma (which HF tokenizers uses for its regexes): `\p{L}` is Lu/Ll/Lt/Lm/Lo,
/// `\p{N}` is Nd/Nl/No (also Rust's `char::is_numeric`, used by the Digits pre-tokenizer), and `\s`
/// is U+0009–U+000D, U+0085 and the Zs/Zl/Zp categories.
enum CharClass: UInt8 {
    case letter
    case number
    case whitespace
    case other

    /// The class of a Unicode scalar value.
    @inline(__always)
    static func of(_ value: UInt32) -> CharClass {
        if value < 128 { return ofASCII(value) }
        return ofNonASCII(value)
    }

    /// ASCII by arithmetic rather than a table: a global table costs a lazy-initialisation check per call.
    @inline(__always)
    static func ofASCII(_ value: UInt32) -> CharClass {
        if (value | 0x20) &- 0x61 < 26 { return .letter }
        if value &- 0x30 < 10 { return .number }
        if value == 0x20 || value &- 0x09 < 5 { return .whitespace }
        return .other
    }

    private static func ofNonASCII(_ value: UInt32) -> CharClass {
        if value == 0x85 { return .whitespace }
        guard let scalar = Unicode.Scalar(value) else { return .other }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return .letter
        case .decimalNumber, .letterNumber, .otherNumber:
            return .number
        case .spaceSeparator, .lineSeparator, .paragraphSeparator:
            return .whitespace
        default:
            return .other
        }
    }

    /// Whether a scalar is a regex word character (`\w` in Rust's regex: alphabetic, marks, digits,
    /// connector punctuation, join controls), used by the `single_word` option of added tokens.
    static func isWordCharacter(_ value: UInt32) -> Bool {
        if value < 128 {
            return (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
                || value == 0x5F
        }
        guard let scalar = Unicode.Scalar(value) else { return false }
        let properties = scalar.properties
        if properties.isAlphabetic || properties.isJoinControl { return true }
        switch properties.generalCategory {
        case .decimalNumber, .nonspacingMark, .spacingMark, .enclosingMark, .connectorPunctuation:
            return true
        default:
            return false
        }
    }
}

/// Decodes the scalar starting at `index` of valid UTF-8: its value and its length in bytes.
///
/// Input always comes from a Swift `String`, so it is valid UTF-8; a truncated or stray byte
/// still decodes as one U+FFFD byte rather than trapping.
@inline(__always)
func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (value: UInt32, length: Int) {
    let lead = UInt32(bytes[index])
    if lead < 0x80 { return (lead, 1) }
    let count = bytes.count
    if lead >= 0xF0, index + 3 < count {
        let value =
            (lead & 0x07) << 18 | (UInt32(bytes[index + 1]) & 0x3F) << 12 | (UInt32(bytes[index + 2]) & 0x3F) << 6
            | (UInt32(bytes[index + 3]) & 0x3F)
        return (value, 4)
    }
    if lead >= 0xE0, index + 2 < count {
        let value = (lead & 0x0F) << 12 | (UInt32(bytes[index + 1]) & 0x3F) << 6 | (UInt32(bytes[index + 2]) & 0x3F)
        return (value, 3)
    }
    if lead >= 0xC0, index + 1 < count {
        return ((lead & 0x1F) << 6 | (UInt32(bytes[index + 1]) & 0x3F), 2)
    }
    return (0xFFFD, 1)
}

/// The class of the scalar starting at `index`, and its length in bytes.
@inline(__always)
func classify(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (charClass: CharClass, length: Int) {
    let byte = bytes[index]
    if byte < 0x80 { return (CharClass.ofASCII(UInt32(byte)), 1) }
    let (value, length) = decodeScalar(bytes, at: index)
    return (CharClass.of(value), length)
}
