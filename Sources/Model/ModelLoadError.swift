/// A model that cannot be assembled from its files: architecture, config or weights at fault.
public enum ModelLoadError: Error, CustomStringConvertible, Equatable {
    case unreadable(file: String, reason: String)
    case badConfig(file: String, field: String, reason: String)
    case unknownArchitecture(file: String, name: String, known: [String])
    case shapeMismatch(file: String, tensor: String, expected: [Int], found: [Int])
    case notAModel(path: String)

    /// What went wrong, naming the file and the field or tensor.
    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            return "cannot read \(file): \(reason)"
        case .badConfig(let file, let field, let reason):
            return "\(file): field '\(field)' \(reason)"
        case .unknownArchitecture(let file, let name, let known):
            return "\(file): architecture '\(name)' is not supported (known: \(known.joined(separator: ", ")))"
        case .shapeMismatch(let file, let tensor, let expected, let found):
            return "\(file): tensor \(tensor) has shape \(found), but the config implies \(expected)"
        case .notAModel(let path):
            return "\(path) is neither a .gguf file nor a folder with config.json and *.safetensors"
        }
    }
}
