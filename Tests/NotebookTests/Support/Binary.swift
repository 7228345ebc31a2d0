import Foundation
import XCTest

/// Runs the built `secateur` executable.
enum Binary {
    /// The executable beside the test bundle (SwiftPM builds it with the tests).
    static func url() throws -> URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
                "secateur"),
            Bundle.main.bundleURL.appendingPathComponent("secateur"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("secateur"),
        ]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            XCTFail(
                "no secateur executable beside the tests (looked at \(candidates.map(\.path))); build it with "
                    + "`swift build --product secateur` using the same --scratch-path and configuration")
            throw CocoaError(.fileNoSuchFile)
        }
        return found
    }

    /// What a finished run printed (stdout and stderr interleaved, as on a terminal) and its exit status.
    struct Result {
        var output: String
        var status: Int32
    }

    /// Runs `secateur arguments` in `folder` with `input` on stdin; stdout and stderr go to one pipe.
    static func run(
        _ arguments: [String], in folder: URL, input: String? = nil, environment: [String: String] = [:]
    ) throws -> Result {
        let process = try start(arguments, in: folder, input: input, environment: environment)
        let data = process.pipe.fileHandleForReading.readDataToEndOfFile()
        process.process.waitUntilExit()
        return Result(output: String(decoding: data, as: UTF8.self), status: process.process.terminationStatus)
    }

    /// A started process and the pipe its output goes to.
    struct Running {
        var process: Process
        var pipe: Pipe
    }

    /// Starts `secateur arguments` in `folder` without waiting.
    static func start(
        _ arguments: [String], in folder: URL, input: String? = nil, environment: [String: String] = [:]
    ) throws -> Running {
        let process = Process()
        process.executableURL = try url()
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var variables = ProcessInfo.processInfo.environment
        variables["SECATEUR_DB"] = nil
        variables["SECATEUR_HISTORY"] = folder.appendingPathComponent("history").path
        for (key, value) in environment { variables[key] = value }
        process.environment = variables
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        return Running(process: process, pipe: pipe)
    }
}
