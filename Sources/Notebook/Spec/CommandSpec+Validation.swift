extension CommandSpec {
    /// What is wrong with this declaration (empty when it is usable): duplicate or malformed names,
    /// a required positional after an optional one, defaults that do not fit their type, object defaults.
    /// A test runs this over every registered verb, so a bad spec fails the build's tests, not a user.
    public var problems: [String] {
        var problems: [String] = []
        if !Parser.isIdentifier(name) { problems.append("verb name '\(name)' is not an identifier") }
        var seen: Set<String> = []
        for argument in arguments {
            if !seen.insert(argument.name).inserted { problems.append("argument '\(argument.name)' is declared twice") }
            if !Parser.isIdentifier(argument.name) {
                problems.append("argument name '\(argument.name)' is not an identifier")
            }
            if argument.isRequired, argument.defaultValue != nil {
                problems.append("argument '\(argument.name)' is required but has a default")
            }
            if let fallback = argument.defaultValue {
                if !argument.type.objectKinds.isEmpty, argument.type.pathRole == nil {
                    problems.append(
                        "argument '\(argument.name)' defaults to an object name; objects cannot be defaults")
                } else if let reason = Self.check(fallback.text, against: argument.type) {
                    problems.append(
                        "default '\(fallback.text)' of '\(argument.name)' is not \(argument.type.noun): \(reason)")
                }
            }
        }
        var sawOptional = false
        for argument in positionals {
            if argument.isRequired, sawOptional {
                problems.append("required positional '\(argument.name)' follows an optional one")
            }
            sawOptional = sawOptional || !argument.isRequired
        }
        if summary.isEmpty { problems.append("no summary") }
        return problems
    }

    /// Converts a default with an environment that has no objects and no files (so only self-contained
    /// types pass); returns why it fails.
    private static func check(_ text: String, against type: ArgumentType) -> String? {
        let spec = CommandSpec(name: "check", summary: "", execute: { _, _ in CommandResult() })
        let resolver = ArgumentResolver(spec: spec, environment: EmptyEnvironment())
        var checked = type
        if case .path = type { checked = .path(.output(extensions: [])) }
        do {
            _ = try resolver.convert(
                text, quoted: false, type: checked, argument: "default", keyed: true, range: .point(0))
            return nil
        } catch {
            return error.description
        }
    }
}

/// No objects, no files: for checking defaults.
private struct EmptyEnvironment: ArgumentEnvironment {
    func handle(named name: String) -> ObjectHandle? { nil }
    var objectNames: [String] { [] }
    func fileExists(_ path: String) -> Bool { false }
}
