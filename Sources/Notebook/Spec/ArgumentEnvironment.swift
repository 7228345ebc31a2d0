/// What argument checking needs to know about the session: bound names and files.
public protocol ArgumentEnvironment {
    /// The object bound to `name`, if any.
    func handle(named name: String) -> ObjectHandle?
    /// Every bound name (for "did you mean").
    var objectNames: [String] { get }
    /// True when `path` (relative to the working directory) exists.
    func fileExists(_ path: String) -> Bool
}
