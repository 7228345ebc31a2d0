import Foundation

/// Masks what changes from run to run in a transcript (times), so transcripts can be compared.
enum Transcript {
    /// `2025-01-31 12:00:00(.123)` → `<time>`; `time: 0.01 s wall, 0.02 s CPU` → `time: <masked>`.
    static func mask(_ text: String) -> String {
        var masked = text
        let rules: [(String, String)] = [
            (#"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?"#, "<time>"),
            (#"time: [^\n]* s wall, [^\n]* s CPU"#, "time: <masked>"),
        ]
        for (pattern, replacement) in rules {
            masked = masked.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        return masked
    }
}
