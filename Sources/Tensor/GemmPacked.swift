import Synchronization

// Goto/BLIS-style blocked GEMM: B is packed once per (n-block, k-block) into NR-wide panels shared by all threads,
// each thread packs MR-tall panels of its own A block (L2 resident) and runs the register-blocked micro-kernel
// with one B panel against every A panel of the block. NN, TN, and NT with short k (attention scores).

/// How an operand is laid out relative to the product's index order.
enum GemmOperandLayout {
    /// A: element (i, p) at `a[i * lda + p]`;  B: element (p, j) at `b[p * ldb + j]`.
    case rowMajor
    /// A: element (i, p) at `a[p * lda + i]`;  B: element (p, j) at `b[j * ldb + p]`.
    case transposed
}

/// Block sizes of the packed GEMM (floats).
enum GemmBlocking {
    /// Micro-kernel rows (A panel height; the A packer's register transpose assumes 8).
    static let mr = 8
    /// Micro-kernel columns (B panel width, two SIMD16 vectors; the B packer assumes 32).
    static let nr = 32
    /// Largest k block: long enough that C is read back rarely; A and B panels stream from L2 at full FMA speed.
    static let kc = 768
    /// Largest m block: one packed A block (mc × kc) stays in L2.
    static let mc = 128
    /// Largest n block: the packed B block (kc × nc) stays in L3.
    static let nc = 4096
}

@inline(__always)
private func ceilDiv(_ a: Int, _ b: Int) -> Int { (a + b - 1) / b }

@inline(__always)
private func roundUp(_ a: Int, _ b: Int) -> Int { ceilDiv(a, b) * b }

/// C[m×n] (+)= op(A)·op(B) with the packed kernel; any m, n, k ≥ 1.
func gemmPacked(
    a: UnsafePointer<Float>, aLayout: GemmOperandLayout, lda: Int,
    b: UnsafePointer<Float>, bLayout: GemmOperandLayout, ldb: Int,
    c: UnsafeMutablePointer<Float>, ldc: Int, m: Int, n: Int, k: Int, accumulate: Bool
) {
    let mr = GemmBlocking.mr
    let nr = GemmBlocking.nr
    let threads = TensorThreads.count

    // Even splits, so no block is a sliver.
    let kBlocks = ceilDiv(k, GemmBlocking.kc)
    let kcMax = ceilDiv(k, kBlocks)
    let nBlocks = ceilDiv(n, GemmBlocking.nc)
    let ncMax = roundUp(ceilDiv(n, nBlocks), nr)
    // A multiple of the thread count of m blocks keeps the threads balanced.
    let mBlocks = roundUp(ceilDiv(m, GemmBlocking.mc), threads)
    let mcMax = min(roundUp(ceilDiv(m, mBlocks), mr), roundUp(m, mr))
    let mBlockCount = ceilDiv(m, mcMax)

    ScratchPool.shared.withBuffer(kcMax * ncMax) { packedB in
        for jb in 0..<nBlocks {
            let j0 = jb * ncMax
            let nc = min(ncMax, n - j0)
            if nc <= 0 { break }
            let nPanels = ceilDiv(nc, nr)
            // When m has fewer blocks than threads, split the B panels too.
            let nSplit = mBlockCount >= threads ? 1 : min(nPanels, ceilDiv(threads, mBlockCount))
            let units = mBlockCount * nSplit
            for kb in 0..<kBlocks {
                let p0 = kb * kcMax
                let kc = min(kcMax, k - p0)
                let add = accumulate || kb > 0
                parallelChunks(nPanels) { panels in
                    for panel in panels {
                        packPanelB(
                            b, layout: bLayout, ldb: ldb, j0: j0 + panel * nr, width: min(nr, nc - panel * nr),
                            p0: p0, kc: kc, into: packedB + panel * nr * kc)
                    }
                }
                let next = Atomic<Int>(0)
                parallelFor(min(threads, units)) { _ in
                    ScratchPool.shared.withBuffer(mcMax * kc) { packedA in
                        var packedBlock = -1
                        while true {
                            let unit = next.add(1, ordering: .relaxed).oldValue
                            if unit >= units { break }
                            let mb = unit / nSplit
                            let part = unit % nSplit
                            let i0 = mb * mcMax
                            let mc = min(mcMax, m - i0)
                            let aPanels = ceilDiv(mc, mr)
                            if mb != packedBlock {
                                for panel in 0..<aPanels {
                                    packPanelA(
                                        a, layout: aLayout, lda: lda, i0: i0 + panel * mr,
                                        height: min(mr, mc - panel * mr), p0: p0, kc: kc,
                                        into: packedA + panel * mr * kc)
                                }
                                packedBlock = mb
                            }
                            let firstPanel = nPanels * part / nSplit
                            let endPanel = nPanels * (part + 1) / nSplit
                            for jp in firstPanel..<endPanel {
                                let width = min(nr, nc - jp * nr)
                                let bPanel = UnsafePointer(packedB + jp * nr * kc)
                                for ip in 0..<aPanels {
                                    let height = min(mr, mc - ip * mr)
                                    let cTile = c + (i0 + ip * mr) * ldc + j0 + jp * nr
                                    let aPanel = UnsafePointer(packedA + ip * mr * kc)
                                    if height == mr && width == nr {
                                        gemmMicroKernel(kc, aPanel, bPanel, cTile, ldc, add)
                                    } else {
                                        edgeTile(
                                            kc: kc, aPanel: aPanel, bPanel: bPanel, c: cTile, ldc: ldc,
                                            height: height, width: width, add: add)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A partial tile at the bottom or right edge: the kernel writes a full tile to the stack, the valid part is copied.
private func edgeTile(
    kc: Int, aPanel: UnsafePointer<Float>, bPanel: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, ldc: Int,
    height: Int, width: Int, add: Bool
) {
    let mr = GemmBlocking.mr
    let nr = GemmBlocking.nr
    withUnsafeTemporaryAllocation(of: Float.self, capacity: mr * nr) { tile in
        guard let t = tile.baseAddress else { return }
        gemmMicroKernel(kc, aPanel, bPanel, t, nr, false)
        for i in 0..<height {
            let row = c + i * ldc
            let source = t + i * nr
            if add {
                for j in 0..<width { row[j] += source[j] }
            } else {
                for j in 0..<width { row[j] = source[j] }
            }
        }
    }
}

/// Packs rows i0..<i0+height (zero-padded to MR) and columns p0..<p0+kc of op(A) as [kc][MR].
@inline(__always)
private func packPanelA(
    _ a: UnsafePointer<Float>, layout: GemmOperandLayout, lda: Int, i0: Int, height: Int, p0: Int, kc: Int,
    into dst: UnsafeMutablePointer<Float>
) {
    let mr = GemmBlocking.mr
    switch layout {
    case .rowMajor:
        var p = 0
        if height == mr {
            // MR = 8 rows: 16 k-columns at a time through registers.
            while p + 16 <= kc {
                transpose8x16(a + i0 * lda + p0 + p, lda, dst + p * mr)
                p += 16
            }
        }
        for i in 0..<mr {
            if i < height {
                let src = a + (i0 + i) * lda + p0
                for q in p..<kc { dst[q * mr + i] = src[q] }
            } else {
                for q in p..<kc { dst[q * mr + i] = 0 }
            }
        }
    case .transposed:
        for p in 0..<kc {
            let src = a + (p0 + p) * lda + i0
            let d = dst + p * mr
            for i in 0..<height { d[i] = src[i] }
            for i in height..<mr { d[i] = 0 }
        }
    }
}

/// Packs columns j0..<j0+width (zero-padded to NR) and rows p0..<p0+kc of op(B) as [kc][NR]: B[k×n] is copied,
/// B[n×k] (NT) is transposed through registers.
@inline(__always)
private func packPanelB(
    _ b: UnsafePointer<Float>, layout: GemmOperandLayout, ldb: Int, j0: Int, width: Int, p0: Int, kc: Int,
    into dst: UnsafeMutablePointer<Float>
) {
    let nr = GemmBlocking.nr
    switch layout {
    case .rowMajor:
        if width == nr {
            for p in 0..<kc {
                let src = b + (p0 + p) * ldb + j0
                store16(load16(src), dst + p * nr)
                store16(load16(src + 16), dst + p * nr + 16)
            }
        } else {
            for p in 0..<kc {
                let src = b + (p0 + p) * ldb + j0
                let d = dst + p * nr
                for j in 0..<width { d[j] = src[j] }
                for j in width..<nr { d[j] = 0 }
            }
        }
    case .transposed:
        var p = 0
        if width == nr {
            // Two 16×16 register transposes per 16 k-rows.
            while p + 16 <= kc {
                let src = b + j0 * ldb + p0 + p
                transpose16x16(src, ldb, dst + p * nr, nr)
                transpose16x16(src + 16 * ldb, ldb, dst + p * nr + 16, nr)
                p += 16
            }
        }
        for j in 0..<nr {
            if j < width {
                let src = b + (j0 + j) * ldb + p0
                for q in p..<kc { dst[q * nr + j] = src[q] }
            } else {
                for q in p..<kc { dst[q * nr + j] = 0 }
            }
        }
    }
}
