import Foundation

/// Tells whether the process that wrote a session is still running, robust to pid reuse where the OS allows.
enum ProcessIdentity {
    /// This machine's host name.
    static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// An opaque token that changes when `pid` is reused: the boot id and the process start time (Linux),
    /// nil where /proc is not available.
    static func token(pid: Int32) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after "(comm)" start at field 3 (state); the start time is field 22.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19 else { return nil }
        let boot =
            (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "boot"
        return "\(boot)/\(fields[19])"
    }

    /// True when a process with this pid exists and, if a token was recorded, it is the same process.
    static func isAlive(pid: Int32, token recorded: String?) -> Bool {
        guard pid > 0 else { return false }
        if kill(pid, 0) != 0 && errno == ESRCH { return false }
        if let recorded, let current = token(pid: pid) { return current == recorded }
        return true
    }
}

/// Sessions opened by `Store` objects alive in this process (a session of our own pid whose `Store`
/// was dropped is as dead as one of a killed process).
final class LiveSessions: @unchecked Sendable {
    static let shared = LiveSessions()
    private let lock = NSLock()
    private var keys: Set<String> = []

    private static func key(_ database: String, _ session: Int64) -> String { "\(database)#\(session)" }

    func insert(database: String, session: Int64) {
        lock.lock()
        defer { lock.unlock() }
        keys.insert(Self.key(database, session))
    }

    func remove(database: String, session: Int64) {
        lock.lock()
        defer { lock.unlock() }
        keys.remove(Self.key(database, session))
    }

    func contains(database: String, session: Int64) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return keys.contains(Self.key(database, session))
    }
}
