/// Summary of a weight vector with Kish's effective sample size.
///
/// ```
/// CV = sd/mean with sd using denominator n (population form),  Kish deff_w = n·Σw²/(Σw)² = 1 + CV²
/// effective n = (Σw)²/Σw² = n / deff_w
/// ```
/// Reference: Kish, L. (1965). Survey Sampling. Wiley (§11.7); Kish (1992), J. Official Statistics 8(2).
public struct WeightSummary: Sendable, Equatable {
  public let count: Int
  public let minimum: Double
  public let maximum: Double
  public let mean: Double
  public let sum: Double
  /// Coefficient of variation (denominator n).
  public let cv: Double
  /// (Σw)²/Σw².
  public let kishEffectiveSampleSize: Double
  /// Design effect due to weighting, 1 + CV².
  public let designEffect: Double

  public init(_ w: [Double]) {
    count = w.count
    minimum = w.min() ?? .nan
    maximum = w.max() ?? .nan
    sum = w.reduce(0, +)
    mean = sum / Double(w.count)
    let ss = w.reduce(0) { $0 + $1 * $1 }
    var dev = 0.0
    for x in w { dev += (x - mean) * (x - mean) }
    cv = (dev / Double(w.count)).squareRoot() / mean
    kishEffectiveSampleSize = sum * sum / ss
    designEffect = Double(w.count) * ss / (sum * sum)
  }
}

extension SurveyDesign {
  /// Summary of the design's weights.
  public var weightSummary: WeightSummary { WeightSummary(weights) }
}
