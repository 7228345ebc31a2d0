import Foundation

/// What a user count (`n`, `len`, `limit`, `batch`, `seqlen`) asks of memory, estimated before the
/// work allocates: a count whose estimate exceeds physical memory is an argument error naming the
/// estimate, not an allocation abort (issue 16, C7).
struct MemoryEstimate {
    /// The terms of the estimate, e.g. `[("n", 128), ("len", 2048)]`.
    var factors: [(name: String, value: Int)]
    /// Bytes per unit of the product (4 for an Int32 token, 4 · vocab for a row of logits).
    var bytesEach: Int
    /// What the bytes hold, for the message ("token ids", "logits").
    var what: String

    /// The memory one command may ask for: the machine's physical memory.
    static var limit: Int { Int(clamping: ProcessInfo.processInfo.physicalMemory) }

    /// The estimate in bytes, nil when it does not fit in an `Int`.
    var bytes: Int? {
        var total = bytesEach
        for factor in factors {
            let (product, overflow) = total.multipliedReportingOverflow(by: max(factor.value, 0))
            if overflow { return nil }
            total = product
        }
        return total
    }

    /// Throws an `invalidValue` on the largest count (the one most likely at fault) when the
    /// estimate exceeds `limit`.
    func check(_ arguments: ResolvedArguments, limit: Int = MemoryEstimate.limit) throws {
        let bytes = self.bytes
        if let bytes, bytes <= limit { return }
        let argument = factors.max { $0.value < $1.value }?.name ?? ""
        let terms = factors.map { "\($0.name)=\($0.value)" }.joined(separator: " × ")
        let size = bytes.map(MemoryEstimate.format) ?? "more than 2^63 bytes"
        let value = factors.first { $0.name == argument }?.value ?? 0
        throw NotebookError.invalidValue(
            argument: argument, value: "\(value)", expected: "a count that fits in memory",
            reason: "\(terms) × \(bytesEach) bytes of \(what) needs about \(size), "
                + "more than this machine's \(MemoryEstimate.format(limit)); use a smaller value",
            keyed: true, at: arguments.entry(argument)?.range ?? .point(0))
    }

    /// Bytes as GB or MB with one decimal.
    static func format(_ bytes: Int) -> String {
        let gb = Double(bytes) / 1e9
        return gb >= 1 ? String(format: "%.1f GB", gb) : String(format: "%.1f MB", Double(bytes) / 1e6)
    }
}
