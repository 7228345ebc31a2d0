import Foundation
import XCTest

@testable import Store

/// The content-addressed payload folder beside the database.
final class PayloadTests: XCTestCase {
    var folder: TemporaryFolder!
    var store: Store!

    override func setUpWithError() throws {
        folder = try TemporaryFolder()
        store = try Store(path: folder.path("p.db"))
    }

    override func tearDown() {
        store = nil
        folder = nil
    }

    func filesUnder(_ url: URL) -> [String] {
        let names = FileManager.default.enumerator(atPath: url.path)?.compactMap { $0 as? String } ?? []
        return names.filter { !$0.hasSuffix("/") && !isDirectory(url.appendingPathComponent($0)) }.sorted()
    }

    func isDirectory(_ url: URL) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &flag) && flag.boolValue
    }

    func testRoundTripLayoutAndSha256sum() throws {
        let data = SHA256Tests.megabyte()
        let digest = try store.putPayload(data)
        XCTAssertEqual(digest, "f5600770a8695a85fc7bb6d18a40a5b80a2b8a39c86f346a1b58f8ccc1e8fde6")
        XCTAssertEqual(store.payloadsURL.path, folder.path("p.db.payloads"))
        let url = store.payloadURL(digest)
        XCTAssertEqual(
            url.path, folder.path("p.db.payloads/f5/600770a8695a85fc7bb6d18a40a5b80a2b8a39c86f346a1b58f8ccc1e8fde6"))
        XCTAssertTrue(store.hasPayload(digest))
        XCTAssertEqual(try store.payload(digest), data)
        XCTAssertEqual(try store.payload(digest, verify: true), data)
        XCTAssertEqual(filesUnder(store.payloadsURL), ["f5/" + digest.dropFirst(2)], "no temporaries left behind")

        // The file on disk hashes the same with coreutils.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "sha256sum (coreutils) must be installed")
        XCTAssertEqual(output.split(separator: " ").first.map(String.init), digest)
    }

    func testPutIsIdempotent() throws {
        let data = Data("calibration tokens".utf8)
        let first = try store.putPayload(data)
        let url = store.payloadURL(first)
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        let inode = attributes[.systemFileNumber] as? UInt64
        let second = try store.putPayload(data)
        XCTAssertEqual(first, second)
        XCTAssertEqual(
            try FileManager.default.attributesOfItem(atPath: url.path)[.systemFileNumber] as? UInt64, inode,
            "the existing file is not rewritten")
        XCTAssertEqual(filesUnder(store.payloadsURL).count, 1)
    }

    func testEmptyRawAndFilePayloads() throws {
        let empty = try store.putPayload(Data())
        XCTAssertEqual(empty, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(try store.payload(empty, verify: true), Data())

        let floats: [Float] = [1, -2.5, 3.25, .pi]
        let raw = try floats.withUnsafeBytes { try store.putPayload(bytes: $0) }
        let back = try store.payload(raw)
        XCTAssertEqual(back.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }, floats)

        let source = URL(fileURLWithPath: folder.path("weights.bin"))
        let big = Data((0..<(9 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 11) })
        try big.write(to: source)
        let fromFile = try store.putPayload(file: source)
        XCTAssertEqual(fromFile, SHA256.hex(big), "streamed in 4 MiB chunks, hashed on the way")
        XCTAssertEqual(try store.payload(fromFile, verify: true), big)
        XCTAssertEqual(fileBytes(source.path), big, "the source is left alone")
        XCTAssertEqual(try store.putPayload(file: source), fromFile)
        XCTAssertFalse(filesUnder(store.payloadsURL).contains { $0.hasPrefix("tmp/") })
    }

    func testCorruptionMissingAndMalformedDigests() throws {
        let digest = try store.putPayload(Data("mask bits".utf8))
        let url = store.payloadURL(digest)
        try Data("tampered!".utf8).write(to: url)
        XCTAssertEqual(try store.payload(digest), Data("tampered!".utf8), "without verify the bytes are returned as is")
        assertStoreError(try store.payload(digest, verify: true)) {
            if case .payloadCorrupt(digest, SHA256.hex(Data("tampered!".utf8))) = $0 { return true }
            return false
        }
        try FileManager.default.removeItem(at: url)
        let missing = assertStoreError(try store.payload(digest)) {
            if case .payloadMissing(digest, url.path) = $0 { return true }
            return false
        }
        XCTAssertTrue(missing?.description.contains("was the payload folder moved or deleted?") ?? false)
        assertStoreError(try store.payload("../../etc/passwd")) {
            if case .invalid = $0 { return true }
            return false
        }
        XCTAssertFalse(store.hasPayload("not-a-digest"))
    }

    func testStaleTemporariesOfDeadProcessesAreRemovedOnOpen() throws {
        let tmp = store.payloadsURL.appendingPathComponent("tmp")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exit 0"]
        try process.run()
        process.waitUntilExit()
        let stale = tmp.appendingPathComponent("\(process.processIdentifier).abc.partial")
        let mine = tmp.appendingPathComponent("\(getpid()).def.partial")
        try Data("half written".utf8).write(to: stale)
        try Data("being written".utf8).write(to: mine)
        _ = try Store(path: folder.path("p.db"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale.path), "a dead writer's temporary is removed")
        XCTAssertTrue(FileManager.default.fileExists(atPath: mine.path), "a live writer's temporary is kept")
    }

    func testObjectsReferToStoredPayloads() throws {
        try store.startSession()
        let cell = try store.beginCell(source: "cal = sample wiki", verb: "sample", boundName: "cal")
        let tokens: [Int32] = Array(0..<4096)
        let digest = try tokens.withUnsafeBytes { try store.putPayload(bytes: $0) }
        let object = try store.recordObject(name: "cal", kind: .calib, cell: cell.id, digest: digest, payload: digest)
        try store.finishCell(cell.id, status: .ok, wall: 0, cpu: 0)
        store = nil
        let reopened = try Store(path: folder.path("p.db"))
        let found = try XCTUnwrap(reopened.object(named: "cal"))
        XCTAssertEqual(found, object)
        let bytes = try reopened.payload(try XCTUnwrap(found.payload), verify: true)
        XCTAssertEqual(bytes.withUnsafeBytes { Array($0.bindMemory(to: Int32.self)) }, tokens)
    }
}
