import Foundation
import Tensor

/// The forward pass, exposed block by block so the pruning driver can run one block at a time.
extension LlamaModel {
    /// Token embeddings of every sequence, stacked: `(Σ lengths, hidden)`.
    public func embed(_ sequences: [[Int32]]) -> Matrix {
        let rows = sequences.reduce(0) { $0 + $1.count }
        let hidden = config.hiddenSize
        let out = Matrix(rows: rows, cols: hidden)
        var r = 0
        for sequence in sequences {
            for token in sequence {
                precondition(Int(token) >= 0 && Int(token) < config.vocabSize, "token \(token) outside the vocabulary")
                embedding.decodeRows(Int(token)..<(Int(token) + 1), into: out.data + r * hidden)
                r += 1
            }
        }
        return out
    }

    /// Runs block `layer` on `hidden` in place. With `caches`, keys and values are appended to
    /// each sequence's cache and attention spans the cached tokens too (commit afterwards).
    /// `block` overrides the model's own weights (the pruning driver passes pruned copies).
    public func runBlock(
        _ layer: Int, hidden: Matrix, layout: BatchLayout, caches: [KVCache]? = nil, hook: LinearInputHook? = nil,
        block override: LlamaBlock? = nil
    ) {
        let block = override ?? blocks[layer]
        let c = config
        let rows = hidden.rows
        precondition(rows == layout.rows && hidden.cols == c.hiddenSize, "hidden states do not match the layout")
        let qWidth = c.numAttentionHeads * c.headDim
        let kvWidth = c.numKeyValueHeads * c.headDim

        let normed = Matrix(rows: rows, cols: c.hiddenSize)
        rmsNorm(hidden.data, block.attentionNorm, normed.data, rows: rows, dim: c.hiddenSize, eps: c.rmsNormEps)
        if let hook {
            for kind in [LinearKind.q, .k, .v] {
                hook(LinearID(layer: layer, kind: kind), normed.data, rows, c.hiddenSize)
            }
        }
        let q = linear(normed, block, .q)
        let k = linear(normed, block, .k)
        let v = linear(normed, block, .v)
        let (cos, sin) = rotaryTables(positions: layout.positions)
        applyRotaryHalf(q.data, rows: rows, nHeads: c.numAttentionHeads, headDim: c.headDim, cos: cos, sin: sin)
        applyRotaryHalf(k.data, rows: rows, nHeads: c.numKeyValueHeads, headDim: c.headDim, cos: cos, sin: sin)

        let attended = Matrix(rows: rows, cols: qWidth)
        var keyRows: [(UnsafePointer<Float>, UnsafePointer<Float>, Int)] = []
        for s in 0..<layout.count {
            let offset = layout.offsets[s]
            if let caches {
                let (ks, vs) = caches[s].append(
                    layer: layer, keys: k.data + offset * kvWidth, values: v.data + offset * kvWidth,
                    count: layout.lengths[s], stride: kvWidth)
                keyRows.append((ks, vs, kvWidth))
            } else {
                keyRows.append(
                    (UnsafePointer(k.data + offset * kvWidth), UnsafePointer(v.data + offset * kvWidth), kvWidth))
            }
        }
        let attention = CausalAttention(headDim: c.headDim)
        let group = c.numAttentionHeads / c.numKeyValueHeads
        parallelFor(layout.count * c.numAttentionHeads) { task in
            let s = task / c.numAttentionHeads
            let h = task % c.numAttentionHeads
            let (ks, vs, stride) = keyRows[s]
            let kvOffset = (h / group) * c.headDim
            let offset = layout.offsets[s]
            attention.run(
                q: q.data + offset * qWidth + h * c.headDim, qStride: qWidth, k: ks + kvOffset, v: vs + kvOffset,
                kvStride: stride, queries: layout.lengths[s], start: layout.starts[s],
                out: attended.data + offset * qWidth + h * c.headDim, outStride: qWidth)
        }
        hook?(LinearID(layer: layer, kind: .o), attended.data, rows, qWidth)
        linear(attended, block, .o, accumulateInto: hidden)

        rmsNorm(hidden.data, block.mlpNorm, normed.data, rows: rows, dim: c.hiddenSize, eps: c.rmsNormEps)
        if let hook {
            for kind in [LinearKind.gate, .up] {
                hook(LinearID(layer: layer, kind: kind), normed.data, rows, c.hiddenSize)
            }
        }
        let gate = linear(normed, block, .gate)
        let up = linear(normed, block, .up)
        swiglu(gate.data, up.data, gate.data, n: gate.count)
        hook?(LinearID(layer: layer, kind: .down), gate.data, rows, c.intermediateSize)
        linear(gate, block, .down, accumulateInto: hidden)
    }

    /// Final RMSNorm of the last block's output, `(rows, hidden)`.
    public func finalNormed(_ hidden: Matrix) -> Matrix {
        let out = Matrix(rows: hidden.rows, cols: hidden.cols)
        rmsNorm(hidden.data, finalNorm, out.data, rows: hidden.rows, dim: hidden.cols, eps: config.rmsNormEps)
        return out
    }

    /// Logits of `rows` of final-normed hidden states, `(rows.count, vocab)`.
    public func logits(_ normed: Matrix, rows: Range<Int>) -> Matrix {
        let out = Matrix(rows: rows.count, cols: config.vocabSize)
        matmulNT(
            normed.data + rows.lowerBound * normed.cols, head, out.data, m: rows.count, lda: normed.cols,
            ldc: out.cols)
        return out
    }

    /// Runs every block over the batch and returns the final-normed hidden states (one row per
    /// new token). With `caches`, each sequence continues its cache, which is committed.
    /// `isCancelled` is checked between blocks; a cancelled pass throws `CancellationError`.
    public func finalHidden(
        _ sequences: [[Int32]], caches: [KVCache]? = nil, hook: LinearInputHook? = nil,
        isCancelled: () -> Bool = { false }
    ) throws -> Matrix {
        precondition(caches == nil || caches?.count == sequences.count, "one cache per sequence")
        let layout = BatchLayout(lengths: sequences.map(\.count), starts: caches?.map(\.length))
        let hidden = embed(sequences)
        for layer in blocks.indices {
            if isCancelled() { throw CancellationError() }
            runBlock(layer, hidden: hidden, layout: layout, caches: caches, hook: hook)
        }
        if let caches { for (s, cache) in caches.enumerated() { cache.commit(layout.lengths[s]) } }
        return finalNormed(hidden)
    }

    /// Logits of every position of every sequence, stacked `(Σ lengths, vocab)`: for tests and small inputs.
    public func logits(_ sequences: [[Int32]], caches: [KVCache]? = nil) throws -> Matrix {
        let normed = try finalHidden(sequences, caches: caches)
        return logits(normed, rows: 0..<normed.rows)
    }

    /// y = x·Wᵀ (+ bias), or hidden += x·Wᵀ when `accumulateInto` is given.
    @discardableResult
    private func linear(
        _ x: Matrix, _ block: LlamaBlock, _ kind: LinearKind, accumulateInto target: Matrix? = nil
    )
        -> Matrix
    {
        let w = block.weight(kind)
        let out = target ?? Matrix(rows: x.rows, cols: w.rows)
        matmulNT(x.data, w, out.data, m: x.rows, lda: x.cols, ldc: out.cols, accumulate: target != nil)
        if let bias = block.biases[kind] {
            for r in 0..<out.rows {
                let row = out.data + r * out.cols
                for j in 0..<out.cols { row[j] += bias[j] }
            }
        }
        return out
    }

    /// cos and sin of position · inverse frequency, `(rows, headDim/2)` each.
    private func rotaryTables(positions: [Int]) -> ([Float], [Float]) {
        let half = config.headDim / 2
        var cos = [Float](repeating: 0, count: positions.count * half)
        var sin = [Float](repeating: 0, count: positions.count * half)
        for (r, p) in positions.enumerated() {
            for i in 0..<half {
                let angle = Float(p) * inverseFrequencies[i]
                cos[r * half + i] = Foundation.cos(angle)
                sin[r * half + i] = Foundation.sin(angle)
            }
        }
        return (cos, sin)
    }
}
