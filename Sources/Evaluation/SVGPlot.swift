import Foundation

/// A plot that renders to a standalone SVG document.
public protocol SVGPlot: Sendable {
    /// The SVG text.
    func svg() throws -> String
}

extension SVGPlot {
    /// Writes the SVG to `path` (through a temporary file, then renamed).
    public func write(to path: String) throws {
        let text = try svg()
        let url = URL(fileURLWithPath: path)
        do {
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw EvaluationError.invalidPlot("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
