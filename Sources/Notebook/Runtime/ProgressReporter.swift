import Foundation

/// Draws a progress bar with count, rate and ETA on stderr, at most ten times a second, and one summary
/// line at the end — only when stderr is a terminal (`ProgressOutput` nil otherwise: nothing is drawn).
///
/// Modules that cannot import Notebook receive `reporter.callback`, a `(done, total, label) -> Void`.
public final class ProgressReporter: @unchecked Sendable {
    /// The closure form handed to other modules: `done` of `total` steps finished, `label` says of what.
    public typealias Callback = @Sendable (_ done: Int, _ total: Int, _ label: String) -> Void

    private let output: ProgressOutput?
    private let lock = NSLock()
    private var label: String
    private var done = 0
    private var total: Int
    private let start: Double
    private var lastDraw = -Double.infinity
    private var drawn = false
    private var finished = false

    /// A reporter for `total` steps (0 when unknown) labelled `label`, drawing to `output` if given.
    public init(label: String, total: Int, output: ProgressOutput?) {
        self.label = label
        self.total = max(0, total)
        self.output = output
        self.start = ProcessClock.wall()
    }

    /// Reports that `done` steps are finished (optionally changing the total or the label).
    public func update(done: Int, total: Int? = nil, label: String? = nil) {
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { return }
        self.done = done
        if let total { self.total = max(0, total) }
        if let label { self.label = label }
        guard let output else { return }
        let now = ProcessClock.wall()
        if now - lastDraw >= 0.1 || (self.total > 0 && done >= self.total) {
            lastDraw = now
            drawn = true
            output.write("\r\u{1B}[K" + line(now: now, width: output.width()))
        }
    }

    /// Adds `steps` to the finished count.
    public func advance(by steps: Int = 1) {
        lock.lock()
        let next = done + steps
        lock.unlock()
        update(done: next)
    }

    /// Clears the bar and prints one summary line (`prune layer 30/30 in 1:02, 0.48/s`).
    public func finish() {
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { return }
        finished = true
        guard let output else { return }
        let elapsed = ProcessClock.wall() - start
        var summary = "\(label) "
        summary += total > 0 ? "\(done)/\(total)" : "\(done)"
        summary += " in \(ProgressReporter.clock(elapsed))"
        if elapsed > 0, done > 0 {
            summary += ", \(ProgressReporter.rate(Double(done) / elapsed))"
        }
        output.write((drawn ? "\r\u{1B}[K" : "") + summary + "\n")
    }

    /// Clears the bar without a summary (the command failed or was interrupted).
    public func abandon() {
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { return }
        finished = true
        if drawn, let output { output.write("\r\u{1B}[K") }
    }

    /// `update` as a closure for other modules.
    public var callback: Callback {
        { [self] done, total, label in self.update(done: done, total: total, label: label) }
    }

    /// The bar line: `prune layer 12/30 |████░░░░| 40% 0:41 ETA 1:02 0.29/s`, cut to `width` columns.
    public func line(now: Double, width: Int) -> String {
        let elapsed = now - start
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        var text = "\(label) "
        if total > 0 {
            let fraction = min(1, Double(done) / Double(total))
            text += "\(done)/\(total) |\(ProgressReporter.bar(fraction, cells: 20))| \(Int(fraction * 100))%"
            text += " \(ProgressReporter.clock(elapsed))"
            if done > 0, done < total {
                text += " ETA \(ProgressReporter.clock(Double(total - done) / max(rate, 1e-9)))"
            }
        } else {
            text += "\(done) \(ProgressReporter.clock(elapsed))"
        }
        if done > 0 { text += " \(ProgressReporter.rate(rate))" }
        return width > 8 && text.count >= width ? String(text.prefix(width - 1)) : text
    }

    /// A bar of `cells` characters, filled to `fraction` with eighth-block precision.
    public static func bar(_ fraction: Double, cells: Int) -> String {
        let eighths = Int((fraction * Double(cells * 8)).rounded(.down))
        let full = min(cells, eighths / 8)
        var bar = String(repeating: "█", count: full)
        if full < cells {
            let partial = eighths % 8
            let blocks: [Character] = ["░", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
            bar.append(blocks[partial])
            bar += String(repeating: "░", count: cells - full - 1)
        }
        return bar
    }

    /// `0:41`, `12:05`, `1:02:03`.
    public static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "--:--" }
        let total = Int(seconds.rounded())
        let (hours, minutes, secs) = (total / 3600, (total / 60) % 60, total % 60)
        let two = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return hours > 0 ? "\(hours):\(two(minutes)):\(two(secs))" : "\(minutes):\(two(secs))"
    }

    /// `3.2/s`, `0.48/s`, `1250/s`.
    public static func rate(_ perSecond: Double) -> String {
        NumberFormat.significant(perSecond) + "/s"
    }
}

/// Where progress is drawn: the executable supplies it when stderr is a terminal.
public struct ProgressOutput: Sendable {
    /// Writes text (with `\r` and ANSI erase codes) to the terminal.
    public var write: @Sendable (String) -> Void
    /// The terminal's width in columns.
    public var width: @Sendable () -> Int

    /// An output writing with `write`, `width` columns wide.
    public init(write: @escaping @Sendable (String) -> Void, width: @escaping @Sendable () -> Int) {
        self.write = write
        self.width = width
    }
}
