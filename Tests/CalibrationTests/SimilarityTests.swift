import Foundation
import XCTest

@testable import Calibration

/// Word 3-gram Jaccard and MinHash against Python sets and datasketch (scheme "legacy").
final class SimilarityTests: XCTestCase {
    private let sources = ["wikipedia", "cnn", "gutenberg", "race", "mctest", "squad_dev"]

    func testSHA1() throws {
        let hex = { (bytes: [UInt8]) in bytes.map { String(format: "%02x", $0) }.joined() }
        XCTAssertEqual(hex(SHA1.digest([UInt8]())), "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        XCTAssertEqual(hex(SHA1.digest(Array("abc".utf8))), "a9993e364706816aba3e25717850c26c9cd0d89d")
        XCTAssertEqual(
            hex(SHA1.digest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        for probe in try TestResources.golden().object("minhash").objects("sha1_hash32") {
            let text = try XCTUnwrap(probe["text"] as? String)
            XCTAssertEqual(
                UInt64(SHA1.hash32(text.utf8)), try XCTUnwrap((probe["hash"] as? NSNumber)?.uint64Value), text)
        }
    }

    func testPermutationsAreNumpyRandomState() throws {
        let golden = try TestResources.golden().object("minhash")
        let (a, b) = MinHash.permutations(count: 128, seed: 1)
        XCTAssertEqual(a, try golden.uint64s("a"))
        XCTAssertEqual(b, try golden.uint64s("b"))
        let (a42, b42) = MinHash.permutations(count: 64, seed: 42)
        XCTAssertEqual(a42, try golden.uint64s("a_seed42_64"))
        XCTAssertEqual(b42, try golden.uint64s("b_seed42_64"))
    }

    func testSignatureOfOneDocumentEqualsDatasketch() throws {
        let golden = try TestResources.golden().object("minhash")
        let document = try TestResources.text("cnn").documents[0]
        let shingles = WordShingles.shingles([document])
        XCTAssertEqual(shingles.count, try golden.int("cnn0_shingles"))
        XCTAssertEqual(MinHash(shingles).hashValues, try golden.uint64s("cnn0_hashvalues"))
    }

    func testLSHBandsAndRowsAreDatasketchs() throws {
        for entry in try TestResources.golden().object("minhash").objects("lsh") {
            let threshold = try entry.double("threshold")
            let permutations = try entry.int("num_perm")
            let expected = try entry.ints("bands_rows")
            let (bands, rows) = MinHashLSH.optimalParameters(threshold: threshold, permutations: permutations)
            XCTAssertEqual([bands, rows], expected, "threshold \(threshold), perm \(permutations)")
        }
    }

    func testSourceToSourceTable() throws {
        let golden = try TestResources.golden().object("jaccard")
        let sizes = try golden.object("sizes")
        let hashes = try golden.object("hashvalues")
        var profiles: [ShingleProfile] = []
        for name in sources {
            let profile = ShingleProfile(name: name, documents: try TestResources.text(name).documents)
            XCTAssertEqual(profile.shingles.count, try sizes.int(name), name)
            XCTAssertEqual(profile.signature.hashValues, try hashes.uint64s(name), name)
            profiles.append(profile)
        }
        let matrix = SimilarityMatrix(profiles)
        let reference = try golden.objects("pairs")
        XCTAssertEqual(matrix.pairs.count, reference.count)
        print("| A | B | exact Jaccard | MinHash (128) | 3 SE |")
        for (pair, expected) in zip(matrix.pairs, reference) {
            XCTAssertEqual([pair.a, pair.b], [expected["a"] as? String, expected["b"] as? String])
            let i = try XCTUnwrap(sources.firstIndex(of: pair.a))
            let j = try XCTUnwrap(sources.firstIndex(of: pair.b))
            let x = profiles[i].shingles
            let y = profiles[j].shingles
            let straightforward = Double(x.intersection(y).count) / Double(x.union(y).count)
            XCTAssertEqual(pair.exact, straightforward, "\(pair.a)–\(pair.b)")
            XCTAssertEqual(pair.exact, try expected.double("exact"), accuracy: 1e-12)
            XCTAssertEqual(pair.estimate, try expected.double("minhash"))
            let bound = 3 * MinHash.standardError(jaccard: pair.exact, permutations: 128)
            XCTAssertLessThanOrEqual(abs(pair.estimate - pair.exact), bound, "\(pair.a)–\(pair.b)")
            XCTAssertEqual(matrix.exact[i][j], matrix.exact[j][i])
            print(String(format: "| %@ | %@ | %.5f | %.5f | %.4f |", pair.a, pair.b, pair.exact, pair.estimate, bound))
        }
        XCTAssertEqual(matrix.exact[2][2], 1)
        let report = SimilarityReport(profiles[0], profiles[1])
        XCTAssertEqual(
            Double(report.sharedShingles) / Double(report.shinglesA + report.shinglesB - report.sharedShingles),
            report.exact)
    }

    func testWordsSplitLikePython() {
        XCTAssertEqual(WordShingles.words("a\u{1C}b  c\u{A0}d\te\r\nf\u{3000}g"), ["a", "b", "c", "d", "e", "f", "g"])
        XCTAssertEqual(WordShingles.words("x\u{200B}y  "), ["x\u{200B}y"], "U+200B is not whitespace in Python")
        XCTAssertEqual(WordShingles.words(" e\u{301}"), ["e\u{301}"])
        XCTAssertEqual(WordShingles.shingles(["a b c d", "a b"]), ["a b c", "b c d"])
        XCTAssertEqual(jaccard(Set(["a", "b", "c"]), Set(["b", "c", "d"])), 0.5)
        XCTAssertEqual(jaccard(Set<String>(), Set<String>()), 0)
    }

    func testLSHFindsNearDuplicates() throws {
        var random = SequenceRandom(seed: 12, index: 0)
        func document() -> [String] { (0..<200).map { _ in "w\(random.next() % 5000)" } }
        var documents = (0..<20).map { _ in document().joined(separator: " ") }
        var copy = WordShingles.words(documents[4])
        copy[100] = "changed"
        documents.append(copy.joined(separator: " "))  // index 20, a near copy of 4
        let pairs = try NearDuplicate.find(in: documents, threshold: 0.8)
        XCTAssertEqual(pairs.map { [$0.first, $0.second] }, [[4, 20]])
        XCTAssertEqual(pairs[0].exact, 195.0 / 201.0, accuracy: 1e-12)
        XCTAssertGreaterThan(pairs[0].estimate, 0.8)
        var index = try MinHashLSH(threshold: 0.5)
        let signatures = documents.map { MinHash(WordShingles.shingles([$0])) }
        for signature in signatures { index.insert(signature) }
        XCTAssertEqual(index.query(signatures[4]), [4, 20])
        XCTAssertThrowsError(try MinHashLSH(threshold: 1.5)) { XCTAssertTrue("\($0)".hasPrefix("threshold=1.5")) }
    }
}
