/// One argument of a verb: its name, type, default and help.
public struct ArgumentSpec: Sendable {
    /// The name: the key in `key=value`, and the placeholder in usage for positional arguments.
    public var name: String
    /// What values it takes.
    public var type: ArgumentType
    /// The value used when the argument is not given (nil: required if `isRequired`, else absent).
    public var defaultValue: DefaultValue?
    /// True when the argument must be given.
    public var isRequired: Bool
    /// One line of help.
    public var help: String
    /// How a positional argument is shown in usage (default: the name in capitals).
    public var placeholder: String?

    /// A default value, written like the user would type it; checked against the type when the spec is validated.
    public struct DefaultValue: Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
        ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral
    {
        /// The default as typed (`"128"`, `"wanda"`, `"0.6"`, `"true"`).
        public var text: String

        /// A default given as text.
        public init(stringLiteral value: String) { text = value }
        /// A default given as an integer.
        public init(integerLiteral value: Int) { text = String(value) }
        /// A default given as a real number.
        public init(floatLiteral value: Double) { text = NumberFormat.exact(value) }
        /// A default given as a truth value.
        public init(booleanLiteral value: Bool) { text = value ? "true" : "false" }
    }

    /// An argument; prefer the `positional`/`key` factories.
    public init(name: String, type: ArgumentType, defaultValue: DefaultValue?, isRequired: Bool, help: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.isRequired = isRequired
        self.help = help
    }

    /// A required positional argument (it may also be written `name=value`).
    public static func positional(
        _ name: String, _ type: ArgumentType, placeholder: String? = nil, help: String
    ) -> ArgumentSpec {
        var argument = ArgumentSpec(name: name, type: type, defaultValue: nil, isRequired: true, help: help)
        argument.placeholder = placeholder
        return argument
    }

    /// An optional positional argument, with or without a default.
    public static func optionalPositional(
        _ name: String, _ type: ArgumentType, default defaultValue: DefaultValue? = nil, help: String
    ) -> ArgumentSpec {
        ArgumentSpec(name: name, type: type, defaultValue: defaultValue, isRequired: false, help: help)
    }

    /// A `key=value` argument with a default (or none: then it is simply absent when not given).
    public static func key(
        _ name: String, _ type: ArgumentType, default defaultValue: DefaultValue? = nil, help: String
    ) -> ArgumentSpec {
        ArgumentSpec(name: name, type: type, defaultValue: defaultValue, isRequired: false, help: help)
    }

    /// A `key=value` argument that must be given.
    public static func requiredKey(_ name: String, _ type: ArgumentType, help: String) -> ArgumentSpec {
        ArgumentSpec(name: name, type: type, defaultValue: nil, isRequired: true, help: help)
    }

    /// The `seed=` every stochastic verb takes (default 0, always recorded).
    public static let seed = ArgumentSpec.key("seed", .int(0...Int(UInt32.max)), default: 0, help: "random seed")
}
