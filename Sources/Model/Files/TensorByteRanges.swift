/// Checks the byte ranges of a tensor table against each other, before anything is read: no two tensors may share
/// bytes, and every byte of the data section up to the last tensor belongs to a tensor except the padding that
/// aligns each tensor's start. A table whose type or shape was changed (a Q4_1 entry relabelled Q4_0 shrinks it) or
/// whose offsets were moved fails here, naming both tensors and the file.
///
/// `ranges` are relative to the data section; `alignment` is the start alignment the format pads to (1: packed).
func checkTensorByteRanges(_ ranges: [(name: String, bytes: Range<Int>)], alignment: Int, file: String) throws {
    let sorted = ranges.filter { !$0.bytes.isEmpty }.sorted {
        $0.bytes.lowerBound != $1.bytes.lowerBound ? $0.bytes.lowerBound < $1.bytes.lowerBound : $0.name < $1.name
    }
    // Shared bytes first: they are the worse corruption, and they also look like a gap elsewhere.
    var reach: (name: String, bytes: Range<Int>)? = nil  // the range reaching furthest so far
    for entry in sorted {
        if let a = reach, entry.bytes.lowerBound < a.bytes.upperBound {
            throw ModelFileError.overlappingTensors(
                file: file, first: a.name, second: entry.name, firstRange: a.bytes, secondRange: entry.bytes)
        }
        if entry.bytes.upperBound > reach?.bytes.upperBound ?? 0 { reach = entry }
    }
    var expectedStart = 0
    var previous: String? = nil
    for entry in sorted {
        if entry.bytes.lowerBound > expectedStart {
            throw ModelFileError.unaccountedBytes(
                file: file, after: previous, before: entry.name, count: entry.bytes.lowerBound - expectedStart)
        }
        expectedStart = (entry.bytes.upperBound + alignment - 1) / alignment * alignment
        previous = entry.name
    }
}
