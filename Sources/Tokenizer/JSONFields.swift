import Foundation

/// Typed access to one JSON object of a tokenizer.json, with errors naming the file and the field path.
struct JSONFields {
    let object: [String: Any]
    let source: String
    let path: String

    init(_ object: [String: Any], source: String, path: String = "") {
        self.object = object
        self.source = source
        self.path = path
    }

    /// Parses `data` as a JSON object.
    init(parsing data: Data, source: String) throws {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw TokenizerError.unreadable(path: source, reason: "not valid JSON: \(error.localizedDescription)")
        }
        guard let object = parsed as? [String: Any] else {
            throw TokenizerError.badField(source: source, field: "(root)", expected: "a JSON object")
        }
        self.init(object, source: source)
    }

    var count: Int { object.count }
    var keys: Dictionary<String, Any>.Keys { object.keys }

    private func name(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    private func present(_ key: String) -> Any? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        return value
    }

    private func fail(_ key: String, _ expected: String) -> TokenizerError {
        .badField(source: source, field: name(key), expected: expected)
    }

    func string(_ key: String) throws -> String {
        guard let value = present(key) as? String else { throw fail(key, "a string") }
        return value
    }

    func optionalString(_ key: String) throws -> String? {
        guard let value = present(key) else { return nil }
        guard let string = value as? String else { throw fail(key, "a string") }
        return string
    }

    func int(_ key: String) throws -> Int {
        guard let value = present(key) as? NSNumber else { throw fail(key, "an integer") }
        return value.intValue
    }

    /// A token id: a whole number in `0 ..< BPETokenizer.maximumVocabularySize` (checked before
    /// the id sizes any table, so 1.5, 4294967297 or 400000000 are errors, not truncations, traps or huge
    /// allocations).
    func tokenID(_ key: String) throws -> Int32 {
        guard let id = JSONFields.tokenID(present(key) as Any) else {
            let shown = present(key).map { " = \($0)" } ?? ""
            throw TokenizerError.badField(
                source: source, field: name(key) + shown,
                expected: "a whole-number token id in 0..<\(BPETokenizer.maximumVocabularySize)")
        }
        return id
    }

    /// `value` as a token id, or nil when it is not a whole number in `0 ..< BPETokenizer.maximumVocabularySize`
    /// (JSON true/false arrive as NSNumber of type char: not ids).
    static func tokenID(_ value: Any) -> Int32? {
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c" else { return nil }
        let value = number.doubleValue
        guard value.isFinite, value == value.rounded(), value >= 0,
            value < Double(BPETokenizer.maximumVocabularySize)
        else { return nil }
        return Int32(value)
    }

    func optionalBool(_ key: String) throws -> Bool? {
        guard let value = present(key) else { return nil }
        guard let number = value as? NSNumber else { throw fail(key, "a boolean") }
        return number.boolValue
    }

    func optionalDouble(_ key: String) throws -> Double? {
        guard let value = present(key) else { return nil }
        guard let number = value as? NSNumber else { throw fail(key, "a number") }
        return number.doubleValue
    }

    func object(_ key: String) throws -> JSONFields {
        guard let value = present(key) as? [String: Any] else { throw fail(key, "an object") }
        return JSONFields(value, source: source, path: name(key))
    }

    func optionalObject(_ key: String) throws -> JSONFields? {
        guard let value = present(key) else { return nil }
        guard let object = value as? [String: Any] else { throw fail(key, "an object") }
        return JSONFields(object, source: source, path: name(key))
    }

    func array(_ key: String) throws -> [Any] {
        guard let value = present(key) as? [Any] else { throw fail(key, "an array") }
        return value
    }

    func optionalArray(_ key: String) throws -> [Any]? {
        guard let value = present(key) else { return nil }
        guard let array = value as? [Any] else { throw fail(key, "an array") }
        return array
    }

    /// A special-token entry of tokenizer_config.json: a string or an `AddedToken` object with `content`.
    func optionalTokenName(_ key: String) throws -> String? {
        guard let value = present(key) else { return nil }
        if let string = value as? String { return string }
        if let object = value as? [String: Any], let content = object["content"] as? String { return content }
        throw fail(key, "a token string or {\"content\": ...}")
    }
}
