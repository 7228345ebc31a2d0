import Foundation
import XCTest

@testable import Store

/// A fresh folder under the system temporary directory, removed by `tearDown` of the owning test.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("secateur-store-tests-\(getpid())-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit {
        chmod(url.path, 0o755)
        try? FileManager.default.removeItem(at: url)
    }
}

/// Runs `body` with permission checks in force: as root (which ignores file modes) the effective user is
/// switched to `nobody` for the duration, so a read-only file really is read-only.
@discardableResult
func withoutRootPrivileges<T>(_ body: () throws -> T) throws -> T {
    guard geteuid() == 0 else { return try body() }
    let nobody: UInt32 = 65534
    guard setegid(nobody) == 0 else { throw StoreError.invalid("setegid(nobody) failed: \(errnoText())") }
    guard seteuid(nobody) == 0 else {
        setegid(0)
        throw StoreError.invalid("seteuid(nobody) failed: \(errnoText())")
    }
    defer {
        seteuid(0)
        setegid(0)
    }
    return try body()
}

/// The bytes of a file (fails the test if it cannot be read).
func fileBytes(_ path: String, file: StaticString = #filePath, line: UInt = #line) -> Data {
    guard let data = FileManager.default.contents(atPath: path) else {
        XCTFail("cannot read \(path)", file: file, line: line)
        return Data()
    }
    return data
}

/// Asserts that `body` throws a StoreError matching `matches`, and returns it.
@discardableResult
func assertStoreError(
    _ body: @autoclosure () throws -> some Any, file: StaticString = #filePath, line: UInt = #line,
    _ matches: (StoreError) -> Bool
) -> StoreError? {
    do {
        _ = try body()
        XCTFail("expected a StoreError, got success", file: file, line: line)
    } catch let error as StoreError {
        XCTAssertTrue(matches(error), "unexpected StoreError: \(error)", file: file, line: line)
        return error
    } catch {
        XCTFail("expected a StoreError, got \(type(of: error)): \(error)", file: file, line: line)
    }
    return nil
}

extension Store {
    /// Convenience for tests: a bound object produced by a finished cell, with inputs and params.
    @discardableResult
    func record(
        _ source: String, verb: String, bind name: String?, kind: ObjectKind?, inputs: [(ObjectRecord, String)] = [],
        params: [Param] = []
    ) throws -> (cell: CellRecord, object: ObjectRecord?) {
        let cell = try beginCell(source: source, verb: verb, boundName: name)
        var object: ObjectRecord?
        try transaction {
            try recordParams(cell: cell.id, params)
            for (input, role) in inputs { try recordInput(cell: cell.id, object: input.id, role: role) }
            if let kind { object = try recordObject(name: name, kind: kind, cell: cell.id) }
        }
        try finishCell(cell.id, status: .ok, wall: 0.5, cpu: 0.75)
        return (cell, object)
    }
}
