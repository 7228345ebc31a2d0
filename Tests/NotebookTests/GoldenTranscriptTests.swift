import Foundation
import XCTest

/// Runs every `Fixtures/golden/*.session` through the real binary (stdout and stderr interleaved, piped, so
/// CSV is the default mode) and compares the masked transcript with the `.out` beside it.
/// `scripts/golden/notebook-transcripts` regenerates the `.out` files (review the diff before committing).
final class GoldenTranscriptTests: XCTestCase {
    static let folder = PackageRoot.url.appendingPathComponent("Tests/NotebookTests/Fixtures/golden")

    func testTranscripts() throws {
        let sessions = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
            .filter { $0.hasSuffix(".session") }.sorted()
        XCTAssertGreaterThanOrEqual(sessions.count, 3, "golden sessions missing in \(Self.folder.path)")
        let update = ProcessInfo.processInfo.environment["SECATEUR_UPDATE_GOLDEN"] == "1"
        for session in sessions {
            let workspace = try TestWorkspace()
            for entry in try FileManager.default.contentsOfDirectory(atPath: Self.folder.path) {
                try FileManager.default.copyItem(
                    at: Self.folder.appendingPathComponent(entry), to: workspace.folder.appendingPathComponent(entry))
            }
            let name = String(session.dropLast(".session".count))
            let result = try Binary.run(["--db", "\(name).db", session], in: workspace.folder)
            let transcript = Transcript.mask(result.output) + "[exit \(result.status)]\n"
            let expectedURL = Self.folder.appendingPathComponent("\(name).out")
            if update {
                try Data(transcript.utf8).write(to: expectedURL)
                continue
            }
            let expected = try String(contentsOf: expectedURL, encoding: .utf8)
            if transcript != expected {
                let actualURL = FileManager.default.temporaryDirectory.appendingPathComponent("\(name).actual.out")
                try Data(transcript.utf8).write(to: actualURL)
                XCTFail(
                    "\(session): transcript differs from \(name).out; actual written to \(actualURL.path)\n"
                        + firstDifference(expected, transcript))
            }
        }
    }

    private func firstDifference(_ expected: String, _ actual: String) -> String {
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(a.count, b.count) {
            let left = index < a.count ? String(a[index]) : "<end>"
            let right = index < b.count ? String(b[index]) : "<end>"
            if left != right { return "line \(index + 1):\n  expected: \(left)\n  actual:   \(right)" }
        }
        return ""
    }
}
