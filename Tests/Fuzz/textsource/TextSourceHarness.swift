import Foundation

/// libFuzzer entry point for the text reader: the same bytes parsed as `.jsonl` and as `.txt`. Compiled
/// with Sources/Calibration/TextSource.swift.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTextSource(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = FuzzInput(bytes, count).data
    for format in [TextSource.Format.jsonl, .txt] {
        guard let source = try? TextSource.parse(data, format: format, path: "fuzz.\(format.rawValue)") else {
            continue
        }
        _ = source.characterCount
    }
    return 0
}
