/// A self-generated calibration set and how the generation went.
public struct GenerationResult: Sendable {
    /// The samples: each prompt followed by its new tokens (the stop token left out).
    public let set: CalibrationSet
    /// New tokens generated over all samples.
    public let newTokens: Int
    /// Samples that ended at a stop token before `len` new tokens.
    public let stoppedEarly: Int
    /// Wall-clock seconds of the decoding.
    public let seconds: Double

    /// Creates a result.
    public init(set: CalibrationSet, newTokens: Int, stoppedEarly: Int, seconds: Double) {
        self.set = set
        self.newTokens = newTokens
        self.stoppedEarly = stoppedEarly
        self.seconds = seconds
    }

    /// New tokens per wall-clock second.
    public var tokensPerSecond: Double { seconds > 0 ? Double(newTokens) / seconds : 0 }
}
