extension TableValue: Codable {
    private enum CodingKeys: String, CodingKey {
        case int = "i"
        case float = "f"
        case text = "s"
        case bool = "b"
    }

    /// Decodes `null`, `{"i": 1}`, `{"f": 0.5}` (also `"nan"`, `"inf"`), `{"s": "x"}` or `{"b": true}`.
    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), single.decodeNil() {
            self = .null
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let value = try container.decodeIfPresent(Int64.self, forKey: .int) {
            self = .int(value)
        } else if container.contains(.float) {
            if let value = try? container.decode(Double.self, forKey: .float) {
                self = .float(value)
            } else {
                let text = try container.decode(String.self, forKey: .float)
                switch text {
                case "inf": self = .float(.infinity)
                case "-inf": self = .float(-.infinity)
                default: self = .float(.nan)
                }
            }
        } else if let value = try container.decodeIfPresent(String.self, forKey: .text) {
            self = .text(value)
        } else {
            self = .bool(try container.decode(Bool.self, forKey: .bool))
        }
    }

    /// Encodes with a one-letter tag so integers and whole floats stay distinct; non-finite floats as text.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var single = encoder.singleValueContainer()
            try single.encodeNil()
        case .int(let value):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(value, forKey: .int)
        case .float(let value):
            var container = encoder.container(keyedBy: CodingKeys.self)
            if value.isFinite {
                try container.encode(value, forKey: .float)
            } else {
                try container.encode(NumberFormat.exact(value), forKey: .float)
            }
        case .text(let value):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(value, forKey: .text)
        case .bool(let value):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(value, forKey: .bool)
        }
    }
}
