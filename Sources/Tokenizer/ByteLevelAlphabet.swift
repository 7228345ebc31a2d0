/// GPT-2's reversible byte ↔ printable-character mapping (`bytes_to_unicode` in GPT-2 and HF tokenizers).
///
/// Printable Latin-1 bytes map to themselves; the other 68 bytes (controls, space, NBSP, soft hyphen)
/// map to U+0100 onwards in byte order, so that every vocabulary entry is a printable string.
enum ByteLevelAlphabet {
    /// `scalars[b]` is the character that stands for byte `b`.
    static let scalars: [Unicode.Scalar] = {
        var table = [Unicode.Scalar](repeating: " ", count: 256)
        var next: UInt32 = 256
        for byte in 0..<256 {
            let printable = (33...126).contains(byte) || (161...172).contains(byte) || (174...255).contains(byte)
            let value = printable ? UInt32(byte) : next
            if !printable { next += 1 }
            table[byte] = Unicode.Scalar(value) ?? " "
        }
        return table
    }()

    /// The byte a mapped character stands for, or nil when the character is outside the alphabet.
    static func byte(for scalar: Unicode.Scalar) -> UInt8? {
        let value = scalar.value
        if value < 256 {
            let byte = Int(value)
            let printable = (33...126).contains(byte) || (161...172).contains(byte) || (174...255).contains(byte)
            return printable ? UInt8(byte) : nil
        }
        return value < 256 + 68 ? reverse[Int(value - 256)] : nil
    }

    /// Bytes for U+0100 ..< U+0144, in order.
    private static let reverse: [UInt8] = {
        var table = [UInt8]()
        for byte in 0..<256 {
            let printable = (33...126).contains(byte) || (161...172).contains(byte) || (174...255).contains(byte)
            if !printable { table.append(UInt8(byte)) }
        }
        return table
    }()

    /// The byte-level spelling of raw bytes (what a vocabulary entry looks like).
    static func encode<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var text = String.UnicodeScalarView()
        for byte in bytes { text.append(scalars[Int(byte)]) }
        return String(text)
    }

    /// The raw bytes a byte-level string stands for, or nil if some character is outside the alphabet.
    static func decode(_ text: String) -> [UInt8]? {
        var bytes = [UInt8]()
        bytes.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            guard let byte = byte(for: scalar) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}
