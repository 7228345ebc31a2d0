import Foundation

/// The store's time format: UTC text `YYYY-MM-DD HH:MM:SS.SSS`, sortable and understood by SQLite's date functions.
enum Timestamp {
    /// Formats a date with millisecond precision.
    static func string(_ date: Date) -> String {
        let t = date.timeIntervalSince1970
        var seconds = t.rounded(.down)
        var millis = Int(((t - seconds) * 1000).rounded())
        if millis >= 1000 {
            millis -= 1000
            seconds += 1
        }
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(
            format: "%04d-%02d-%02d %02d:%02d:%02d.%03d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
            Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), millis)
    }

    /// Parses the store's format (fractional seconds optional); nil for anything else.
    static func date(_ text: String) -> Date? {
        let fields = text.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" || $0 == "T" })
        guard fields.count == 6, let year = Int32(fields[0]), let month = Int32(fields[1]), let day = Int32(fields[2]),
            let hour = Int32(fields[3]), let minute = Int32(fields[4]), let second = Double(fields[5])
        else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = month - 1
        parts.tm_mday = day
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = 0
        let base = timegm(&parts)
        return Date(timeIntervalSince1970: Double(base) + second)
    }
}
