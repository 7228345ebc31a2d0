import Foundation

/// libFuzzer entry point for tokenizer.json: the input up to its last NUL byte is the tokenizer.json,
/// the rest a text; a tokenizer that loads encodes the text and decodes the ids back. Compiled
/// with the sources of Tokenizer.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTokenizer(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = FuzzInput(bytes, count).data
    guard let split = data.lastIndex(of: 0) else {
        exercise(json: data, text: "Hello, world! 123 héllo 世界 🙂")
        return 0
    }
    exercise(json: data[data.startIndex..<split], text: String(decoding: data[(split + 1)...], as: UTF8.self))
    return 0
}

private func exercise(json: Data, text: String) {
    guard let tokenizer = try? BPETokenizer(tokenizerJSON: Data(json), source: "tokenizer.json") else { return }
    let ids = tokenizer.encode(text)
    _ = tokenizer.decode(ids)
    _ = tokenizer.decode(ids, skipSpecialTokens: true)
    for id in ids.prefix(64) {
        _ = tokenizer.tokenString(id)
        _ = tokenizer.isSpecialToken(id)
    }
    _ = try? tokenizer.tokenizerJSON()
}
