/// A two-sided confidence interval at a stated level (bounds may be NaN when undefined, e.g. a
/// t interval with zero degrees of freedom). Shared by every module that reports intervals.
public struct ConfidenceInterval: Sendable, Equatable {
  /// Lower limit.
  public let lower: Double
  /// Upper limit.
  public let upper: Double
  /// Coverage, e.g. 0.95.
  public let level: Double

  /// An interval [lower, upper] with coverage `level`.
  public init(lower: Double, upper: Double, level: Double) {
    self.lower = lower
    self.upper = upper
    self.level = level
  }
}
