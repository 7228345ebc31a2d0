import Pruning
import Store

/// A verb's arguments after checking: every declared argument with its value (given or default).
public struct ResolvedArguments {
    /// One argument's resolution.
    public struct Entry {
        /// The argument's declaration.
        public var spec: ArgumentSpec
        /// Its value; nil when it is optional, has no default and was not given.
        public var value: ArgumentValue?
        /// True when the value is the spec's default.
        public var isDefault: Bool
        /// Where it was written on the line (nil for defaults).
        public var range: SourceRange?
    }

    /// The verb the arguments belong to.
    public let verb: String
    /// The entries in spec order (positionals, then keys).
    public let entries: [Entry]

    /// Arguments of `verb`.
    public init(verb: String, entries: [Entry]) {
        self.verb = verb
        self.entries = entries
    }

    /// The entry for `name`.
    public func entry(_ name: String) -> Entry? { entries.first { $0.spec.name == name } }

    /// The value of `name`, nil when absent.
    public func value(_ name: String) -> ArgumentValue? { entry(name)?.value }

    /// True when `name` was given on the line (not defaulted, not absent).
    public func isGiven(_ name: String) -> Bool {
        guard let entry = entry(name) else { return false }
        return entry.value != nil && !entry.isDefault
    }

    /// An integer argument.
    public func int(_ name: String) throws -> Int {
        guard case .int(let value) = try required(name, "int") else { throw access(name, "int") }
        return value
    }

    /// An optional integer argument (nil when absent).
    public func optionalInt(_ name: String) throws -> Int? {
        guard let value = value(name) else { return nil }
        guard case .int(let integer) = value else { throw access(name, "int") }
        return integer
    }

    /// A real-number argument.
    public func float(_ name: String) throws -> Double {
        guard case .float(let value) = try required(name, "float") else { throw access(name, "float") }
        return value
    }

    /// An optional real-number argument (nil when absent).
    public func optionalFloat(_ name: String) throws -> Double? {
        guard let value = value(name) else { return nil }
        guard case .float(let real) = value else { throw access(name, "float") }
        return real
    }

    /// A text, choice or path argument as text.
    public func string(_ name: String) throws -> String {
        switch try required(name, "string") {
        case .string(let text), .choice(let text), .path(let text): return text
        default: throw access(name, "string")
        }
    }

    /// An optional text, choice or path argument (nil when absent).
    public func optionalString(_ name: String) throws -> String? {
        guard value(name) != nil else { return nil }
        return try string(name)
    }

    /// A boolean argument.
    public func bool(_ name: String) throws -> Bool {
        guard case .bool(let value) = try required(name, "bool") else { throw access(name, "bool") }
        return value
    }

    /// A sparsity-pattern argument.
    public func pattern(_ name: String) throws -> SparsityPattern {
        guard case .pattern(let value) = try required(name, "pattern") else { throw access(name, "pattern") }
        return value
    }

    /// A path argument, as written.
    public func path(_ name: String) throws -> String {
        guard case .path(let value) = try required(name, "path") else { throw access(name, "path") }
        return value
    }

    /// The handle of an object argument.
    public func handle(_ name: String) throws -> ObjectHandle {
        guard case .object(let handle) = try required(name, "object") else { throw access(name, "object") }
        return handle
    }

    /// The handle of an optional object argument (nil when absent).
    public func optionalHandle(_ name: String) throws -> ObjectHandle? {
        guard let value = value(name) else { return nil }
        guard case .object(let handle) = value else { throw access(name, "object") }
        return handle
    }

    /// An object argument as the type the verb expects (restored from the store if needed).
    public func object<Object: SessionObject>(_ name: String, as type: Object.Type) throws -> Object {
        try handle(name).object(as: type)
    }

    /// The elements of a list argument (empty when absent).
    public func list(_ name: String) throws -> [ArgumentValue] {
        guard let value = value(name) else { return [] }
        guard case .list(let values) = value else { throw access(name, "list") }
        return values
    }

    /// The elements of a list of words (choices, strings, paths) as text.
    public func strings(_ name: String) throws -> [String] {
        try list(name).map(\.text)
    }

    /// Every resolved argument as a store parameter (value as text, defaults flagged).
    public var params: [Param] {
        entries.compactMap { entry in
            entry.value.map {
                Param(
                    key: entry.spec.name, value: $0.text, type: entry.spec.type.storeName,
                    defaulted: entry.isDefault)
            }
        }
    }

    /// Every object argument with its role (the argument's name), in spec order.
    public var inputs: [(role: String, handle: ObjectHandle)] {
        entries.flatMap { entry in (entry.value?.objects ?? []).map { (entry.spec.name, $0) } }
    }

    private func required(_ name: String, _ requested: String) throws -> ArgumentValue {
        guard let value = value(name) else { throw access(name, requested) }
        return value
    }

    private func access(_ name: String, _ requested: String) -> NotebookError {
        .argumentAccess(name: name, verb: verb, requested: requested)
    }
}
