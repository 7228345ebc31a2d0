/// One resolved argument of a cell (defaults and seeds included).
public struct Param: Sendable, Equatable {
    /// Argument name as in the verb's spec (positional ones too).
    public let key: String
    /// The resolved value as text (object arguments: the object's name).
    public let value: String
    /// The spec type: int, float, string, bool, object, pattern, list, path …
    public let type: String
    /// True when the value came from the spec's default rather than the command.
    public let defaulted: Bool

    /// Makes a parameter.
    public init(key: String, value: String, type: String, defaulted: Bool = false) {
        self.key = key
        self.value = value
        self.type = type
        self.defaulted = defaulted
    }
}
