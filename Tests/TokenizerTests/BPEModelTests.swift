import Foundation
import XCTest

@testable import Tokenizer

/// The fast merge paths (heap, cache) against the quadratic reference, and encoding throughput.
final class BPEModelTests: XCTestCase {
    /// Deterministic text of `count` bytes mixing words from the golden cases with random letters,
    /// digits and punctuation, so most words are new to the cache.
    static func syntheticText(bytes count: Int, seed: UInt64) throws -> String {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let vocabulary = try TokenizerFixtures.golden().cases.filter { $0.decoded == $0.text }
            .flatMap { $0.text.split(separator: " ").map(String.init) }
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzéüñ0123456789'.,;-_()äößçø中文字ひらが")
        var text = ""
        while text.utf8.count < count {
            if next() % 3 == 0 {
                text += String((0..<(1 + Int(next() % 12))).map { _ in alphabet[Int(next()) % alphabet.count] })
            } else {
                text += vocabulary[Int(next()) % vocabulary.count]
            }
            text += next() % 17 == 0 ? "\n" : " "
        }
        return text
    }

    func testFastMergesMatchScanningMerge() throws {
        let tokenizer = try TokenizerFixtures.tokenizer()
        let text = try Self.syntheticText(bytes: 60_000, seed: 7)
        let long = String(repeating: "ab", count: 200) + String(repeating: " ", count: 99) + "Supercalifragilistic"
        var checked = 0
        for word in tokenizer.preTokenize(text + " " + long + " " + text.uppercased()) {
            var bytes = Array(word.utf8)
            bytes.withUnsafeMutableBufferPointer { buffer in
                let initial = tokenizer.model.initialSymbols(UnsafeBufferPointer(buffer))
                var scanned = initial
                var heaped = initial
                tokenizer.model.mergeByScanning(&scanned)
                tokenizer.model.mergeWithHeap(&heaped)
                XCTAssertEqual(heaped, scanned, word)
                var ranked = initial
                let ranks = [Int32](repeating: 0, count: initial.count)
                let count = ranked.withUnsafeMutableBufferPointer { symbols in
                    var scratch = ranks
                    return scratch.withUnsafeMutableBufferPointer { rankBuffer in
                        guard let base = symbols.baseAddress, let rankBase = rankBuffer.baseAddress else { return 0 }
                        return tokenizer.model.mergeWithRanks(base, count: symbols.count, ranks: rankBase)
                    }
                }
                XCTAssertEqual(Array(ranked.prefix(count)), scanned, word)
                var output = [Int32]()
                tokenizer.model.tokenize(UnsafeBufferPointer(buffer), into: &output)
                XCTAssertEqual(output, scanned, word)
            }
            checked += 1
        }
        XCTAssertGreaterThan(checked, 10_000)
    }

    func testWordCacheReturnsWhatWasStored() {
        let cache = WordCache(maxEntries: 4, maxKeyBytes: 256)
        var words: [[UInt8]] = (0..<10).map { Array("word\($0)".utf8) }
        words.append(Array(String(repeating: "long-word-", count: 3).utf8))
        for (index, word) in words.enumerated() {
            word.withUnsafeBufferPointer { buffer in
                let hash = WordCache.hash(buffer)
                var output = [Int32]()
                XCTAssertFalse(cache.lookup(buffer, hash: hash, into: &output))
                [Int32(index), 7].withUnsafeBufferPointer { cache.insert(buffer, hash: hash, ids: $0) }
                XCTAssertTrue(cache.lookup(buffer, hash: hash, into: &output))
                XCTAssertEqual(output, [Int32(index), 7])
            }
            XCTAssertLessThanOrEqual(cache.count, 4)
        }
    }

    func testMergeTableLookups() {
        let table = MergeTable(capacity: 1000)
        for index in 0..<1000 {
            table.insert(
                left: Int32(index), right: Int32(index * 7 % 1000), rank: Int32(index), merged: Int32(5000 + index))
        }
        for index in 0..<1000 {
            let found = table.lookup(Int32(index), Int32(index * 7 % 1000))
            XCTAssertEqual(found?.rank, Int32(index))
            XCTAssertEqual(found?.merged, Int32(5000 + index))
        }
        XCTAssertNil(table.lookup(3, 4))
        table.insert(left: 1, right: 7, rank: 99, merged: 42)  // a later duplicate replaces the rule
        XCTAssertEqual(table.lookup(1, 7)?.rank, 99)
    }

    func testLargeTextRoundTripsAndReportsThroughput() throws {
        let tokenizer = try TokenizerFixtures.tokenizer(preTokenizer: "smollm")
        let text = try Self.syntheticText(bytes: 1_500_000, seed: 11)
        let start = Date()
        let ids = tokenizer.encode(text)
        let seconds = Date().timeIntervalSince(start)
        XCTAssertEqual(tokenizer.decode(ids), text)
        let megabytes = Double(text.utf8.count) / 1_000_000
        FileHandle.standardError.write(
            Data(
                String(
                    format: "tokenizer: encoded %.2f MB (%d ids) in %.3f s = %.1f MB/s (cold cache)\n", megabytes,
                    ids.count, seconds, megabytes / seconds
                ).utf8))
    }
}
