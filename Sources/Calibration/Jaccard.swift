/// Exact Jaccard similarity of two sets: |A ∩ B| / |A ∪ B| (0 when both are empty).
public func jaccard<Element: Hashable>(_ a: Set<Element>, _ b: Set<Element>) -> Double {
    let shared = intersectionCount(a, b)
    let union = a.count + b.count - shared
    return union == 0 ? 0 : Double(shared) / Double(union)
}

/// |A ∩ B|, walking the smaller set.
public func intersectionCount<Element: Hashable>(_ a: Set<Element>, _ b: Set<Element>) -> Int {
    let (small, large) = a.count <= b.count ? (a, b) : (b, a)
    var shared = 0
    for x in small where large.contains(x) { shared += 1 }
    return shared
}
