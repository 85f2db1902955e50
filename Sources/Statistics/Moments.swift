/// Mergeable running moments (count, mean, sum of squared deviations) by Welford's update
/// and Chan et al.'s pairwise merge, so chunked or parallel passes give the same result.
///
/// `variance` is the sample variance with denominator n − 1 (R `var`, SPSS); `populationVariance`
/// divides by n. NaN inputs are skipped (they are missing values).
///
/// References: Welford (1962), Technometrics 4(3) 419–420; Chan, Golub & LeVeque (1983),
/// The American Statistician 37(3) 242–247.
public struct Moments: Sendable, Equatable {
  public private(set) var count: Int = 0
  public private(set) var mean: Double = 0
  /// Σ (x − mean)².
  public private(set) var sumOfSquaredDeviations: Double = 0
  public private(set) var minimum: Double = .infinity
  public private(set) var maximum: Double = -.infinity

  public init() {}

  /// Moments of the non-NaN values of `values`.
  public init<S: Sequence>(_ values: S) where S.Element == Double {
    for x in values { add(x) }
  }

  /// Adds one observation (NaN is ignored).
  public mutating func add(_ x: Double) {
    guard !x.isNaN else { return }
    count += 1
    let d = x - mean
    mean += d / Double(count)
    sumOfSquaredDeviations += d * (x - mean)
    if x < minimum { minimum = x }
    if x > maximum { maximum = x }
  }

  /// Merges another accumulator into this one.
  public mutating func merge(_ o: Moments) {
    guard o.count > 0 else { return }
    guard count > 0 else { self = o; return }
    let n = Double(count + o.count)
    let d = o.mean - mean
    sumOfSquaredDeviations += o.sumOfSquaredDeviations + d * d * Double(count) * Double(o.count) / n
    mean += d * Double(o.count) / n
    count += o.count
    minimum = Swift.min(minimum, o.minimum)
    maximum = Swift.max(maximum, o.maximum)
  }

  /// Sample variance, denominator n − 1 (NaN when n < 2).
  public var variance: Double { count > 1 ? sumOfSquaredDeviations / Double(count - 1) : .nan }
  /// Population variance, denominator n (NaN when n = 0).
  public var populationVariance: Double { count > 0 ? sumOfSquaredDeviations / Double(count) : .nan }
  /// Sample standard deviation (n − 1).
  public var standardDeviation: Double { variance.squareRoot() }
  /// Standard error of the mean under simple random sampling, s / √n.
  public var standardError: Double { count > 1 ? standardDeviation / Double(count).squareRoot() : .nan }
}
