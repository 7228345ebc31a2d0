import Tensor

/// Keys and values of one sequence for every layer, grown as tokens are decoded.
public final class KVCache: @unchecked Sendable {
    /// Values per cached token and layer: `kvHeads · headDim`.
    public let width: Int
    /// Tokens already cached (committed after a full forward pass).
    public private(set) var length = 0
    private var capacity: Int
    private var keys: [UnsafeMutablePointer<Float>]
    private var values: [UnsafeMutablePointer<Float>]

    /// An empty cache for a model with `layers` blocks.
    public init(layers: Int, width: Int, capacity: Int = 64) {
        self.width = width
        self.capacity = max(capacity, 1)
        keys = (0..<layers).map { _ in .allocate(capacity: max(capacity, 1) * width) }
        values = (0..<layers).map { _ in .allocate(capacity: max(capacity, 1) * width) }
    }

    /// An empty cache shaped for `model`.
    public convenience init(for model: LlamaModel, capacity: Int = 64) {
        let c = model.config
        self.init(layers: c.numHiddenLayers, width: c.numKeyValueHeads * c.headDim, capacity: capacity)
    }

    deinit {
        for p in keys { p.deallocate() }
        for p in values { p.deallocate() }
    }

    /// Writes `count` new key/value rows of `layer` after the committed ones and returns the
    /// pointers to all `length + count` rows.
    func append(
        layer: Int, keys newKeys: UnsafePointer<Float>, values newValues: UnsafePointer<Float>, count: Int, stride: Int
    ) -> (keys: UnsafePointer<Float>, values: UnsafePointer<Float>) {
        reserve(length + count)
        for r in 0..<count {
            (keys[layer] + (length + r) * width).update(from: newKeys + r * stride, count: width)
            (values[layer] + (length + r) * width).update(from: newValues + r * stride, count: width)
        }
        return (UnsafePointer(keys[layer]), UnsafePointer(values[layer]))
    }

    /// Marks `count` appended tokens as cached (after every layer has appended them).
    func commit(_ count: Int) { length += count }

    /// Forgets every cached token.
    public func reset() { length = 0 }

    /// An independent cache holding the same committed tokens, with room for `extra` more
    /// (several continuations of one shared context each continue their own copy).
    public func copy(reserving extra: Int = 0) -> KVCache {
        let clone = KVCache(layers: keys.count, width: width, capacity: length + max(extra, 0))
        for layer in keys.indices {
            clone.keys[layer].update(from: keys[layer], count: length * width)
            clone.values[layer].update(from: values[layer], count: length * width)
        }
        clone.length = length
        return clone
    }

    private func reserve(_ needed: Int) {
        guard needed > capacity else { return }
        var newCapacity = capacity
        while newCapacity < needed { newCapacity *= 2 }
        for i in keys.indices {
            for store in [0, 1] {
                let old = store == 0 ? keys[i] : values[i]
                let fresh = UnsafeMutablePointer<Float>.allocate(capacity: newCapacity * width)
                fresh.update(from: old, count: length * width)
                old.deallocate()
                if store == 0 { keys[i] = fresh } else { values[i] = fresh }
            }
        }
        capacity = newCapacity
    }
}
