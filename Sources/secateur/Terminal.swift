import CEditLine
import Foundation

/// The process's standard streams: whether they are terminals, and writes that survive EINTR.
enum Terminal {
    /// True when file descriptor `fd` is a terminal.
    static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// The width of the terminal on `fd` (80 when unknown).
    static func width(_ fd: Int32) -> Int {
        let columns = Int(secateur_terminal_width(fd))
        return columns > 0 ? columns : 80
    }

    /// Writes all of `text` to `fd`, retrying after signals (Ctrl-C must not lose output).
    static func write(_ text: String, to fd: Int32) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return Glibc.write(fd, base + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }

    /// Sets the character type from the environment so libedit accepts UTF-8; falls back to C.UTF-8.
    static func enableUTF8() {
        let chosen = setlocale(LC_CTYPE, "").map { String(cString: $0) } ?? ""
        if !chosen.uppercased().contains("UTF-8") && !chosen.uppercased().contains("UTF8") {
            if setlocale(LC_CTYPE, "C.UTF-8") == nil {
                setlocale(LC_CTYPE, "en_US.UTF-8")
            }
        }
    }
}
