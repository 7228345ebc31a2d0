import Foundation
import XCTest

@testable import Store

final class SHA256Tests: XCTestCase {
    /// Deterministic 1 MiB input: byte i = ((i * 2654435761) >> 13) & 0xFF.
    static func megabyte() -> Data {
        Data((0..<(1 << 20)).map { i in UInt8(truncatingIfNeeded: (UInt64(i) &* 2_654_435_761) >> 13) })
    }

    func testKnownVectors() {
        XCTAssertEqual(SHA256.hex(Data()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Data("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(
            SHA256.hex(Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(
            SHA256.hex(Data(repeating: UInt8(ascii: "a"), count: 1_000_000)),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Lengths around the padding boundaries (55/56 bytes: one or two final blocks); digests from Python hashlib.
    func testPaddingBoundaries() {
        let expected: [Int: String] = [
            55: "463eb28e72f82e0a96c0a4cc53690c571281131f672aa229e0d45ae59b598b59",
            56: "da2ae4d6b36748f2a318f23e7ab1dfdf45acdc9d049bd80e59de82a60895f562",
            63: "29af2686fd53374a36b0846694cc342177e428d1647515f078784d69cdb9e488",
            64: "fdeab9acf3710362bd2658cdc9a29e8f9c757fcf9811603a8c447cd1d9151108",
            65: "4bfd2c8b6f1eec7a2afeb48b934ee4b2694182027e6d0fc075074f2fabb31781",
            119: "da18797ed7c3a777f0847f429724a2d8cd5138e6ed2895c3fa1a6d39d18f7ec6",
            120: "f52b23db1fbb6ded89ef42a23ce0c8922c45f25c50b568a93bf1c075420bbb7c",
            127: "92ca0fa6651ee2f97b884b7246a562fa71250fedefe5ebf270d31c546bfea976",
            128: "471fb943aa23c511f6f72f8d1652d9c880cfa392ad80503120547703e56a2be5",
        ]
        for (n, digest) in expected {
            XCTAssertEqual(SHA256.hex(Data((0..<n).map { UInt8($0) })), digest, "length \(n)")
        }
    }

    /// The 1 MiB input against the digest printed by `sha256sum` for the same bytes.
    func testMegabyteMatchesSha256sum() {
        XCTAssertEqual(
            SHA256.hex(Self.megabyte()), "f5600770a8695a85fc7bb6d18a40a5b80a2b8a39c86f346a1b58f8ccc1e8fde6")
    }

    /// Feeding the message in uneven pieces gives the one-shot digest; finalize leaves the hasher usable.
    func testIncrementalEqualsOneShot() {
        let data = Self.megabyte()
        let oneShot = SHA256.hash(data)
        var hasher = SHA256()
        var offset = 0
        var piece = 1
        while offset < data.count {
            let end = min(data.count, offset + piece)
            hasher.update(data.subdata(in: offset..<end))
            offset = end
            piece = piece * 3 % 1000 + 1
        }
        XCTAssertEqual(hasher.finalize(), oneShot)
        XCTAssertEqual(hasher.finalize(), oneShot, "finalize must not consume the state")
        hasher.update(Data("x".utf8))
        XCTAssertNotEqual(hasher.finalize(), oneShot)
    }

    func testHexHelpers() {
        XCTAssertEqual(SHA256.hexString([0x00, 0x0f, 0xa0, 0xff]), "000fa0ff")
        XCTAssertTrue(SHA256.isHexDigest(SHA256.hex(Data())))
        XCTAssertFalse(SHA256.isHexDigest("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"))
        XCTAssertFalse(SHA256.isHexDigest("../etc/passwd"))
    }
}
