import Foundation

/// How numbers are written: for people (significant digits) and for machines (exact).
public enum NumberFormat {
    /// At least `digits` significant digits, no exponent between 1e-4 and 1e15, trailing zeros dropped:
    /// `23.46`, `0.01235`, `12346`, `0.5`, `1.235e-05`.
    public static func significant(_ value: Double, digits: Int = 4) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude < 1e-4 || magnitude >= 1e15 {
            return trimExponent(String(format: "%.\(max(0, digits - 1))e", value))
        }
        let exponent = Int(floor(log10(magnitude)))
        let decimals = max(0, digits - 1 - exponent)
        let text = String(format: "%.\(decimals)f", value)
        return decimals > 0 ? trimZeros(text) : text
    }

    /// The shortest text that reads back as exactly `value` (`0.6`, `128.0`, `1e-05`).
    public static func exact(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return "\(value)"
    }

    private static func trimZeros(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var trimmed = text
        while trimmed.hasSuffix("0") { trimmed.removeLast() }
        if trimmed.hasSuffix(".") { trimmed.removeLast() }
        return trimmed == "-0" ? "0" : trimmed
    }

    private static func trimExponent(_ text: String) -> String {
        guard let e = text.firstIndex(of: "e") else { return text }
        return trimZeros(String(text[..<e])) + text[e...]
    }
}
