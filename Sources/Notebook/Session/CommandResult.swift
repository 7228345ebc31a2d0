import Store

/// What a verb hands back: an object to bind, tables and lines to print, metrics and extra lineage to record.
public struct CommandResult {
    /// A metric and the object it was measured on.
    public struct Measurement {
        /// Which object the metric belongs to.
        public enum Target {
            /// The object this command returns.
            case result
            /// An existing object (`eval p …` measures `p`).
            case object(ObjectHandle)
        }

        /// Which object the metric belongs to.
        public var target: Target
        /// The metric (key, value, optional layer and dataset).
        public var metric: Metric

        /// `metric` measured on `target`.
        public init(_ target: Target, _ metric: Metric) {
            self.target = target
            self.metric = metric
        }
    }

    /// The object `name = verb …` binds (unnamed results are bound to `_`); nil when the verb makes none.
    public var object: (any SessionObject)?
    /// Tables printed in the current output mode.
    public var tables: [ResultTable]
    /// Lines printed as they are.
    public var lines: [String]
    /// Metrics to record.
    public var measurements: [Measurement]
    /// Parameters to record beyond the resolved arguments (e.g. the numeric `sparsity` of a pattern).
    public var extraParams: [Param]
    /// Objects used beyond the object arguments, with their roles.
    public var extraInputs: [(role: String, handle: ObjectHandle)]

    /// A result; every part is optional.
    public init(
        object: (any SessionObject)? = nil, tables: [ResultTable] = [], lines: [String] = [],
        measurements: [Measurement] = [], extraParams: [Param] = [],
        extraInputs: [(role: String, handle: ObjectHandle)] = []
    ) {
        self.object = object
        self.tables = tables
        self.lines = lines
        self.measurements = measurements
        self.extraParams = extraParams
        self.extraInputs = extraInputs
    }
}
