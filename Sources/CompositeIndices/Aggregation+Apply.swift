import Foundation

extension Aggregation {
  /// The weighted mean of `values` (see ``Aggregation``), available-case: NaN entries are dropped
  /// and the remaining weights re-normalised to sum 1. NaN when nothing is observed or the
  /// weights of the observed entries sum to 0, and NaN (not an error) when a value is outside the
  /// method's domain — ``computeIndex(_:spec:)`` checks the domain first and throws.
  ///
  /// Validated against the closed forms in the tests and COINr `a_amean`/`a_gmean`/`a_hmean`/`a_genmean`.
  public func mean(of values: [Double], weights: [Double]) -> Double {
    precondition(values.count == weights.count, "Aggregation.mean: \(values.count) values, \(weights.count) weights")
    var sw = 0.0, acc = 0.0
    switch self {
    case .arithmetic:
      for (x, w) in zip(values, weights) where !x.isNaN { sw += w; acc += w * x }
      return sw > 0 ? acc / sw : .nan
    case .geometric:
      for (x, w) in zip(values, weights) where !x.isNaN {
        guard x > 0 else { return .nan }
        sw += w; acc += w * log(x)
      }
      return sw > 0 ? exp(acc / sw) : .nan
    case .harmonic:
      for (x, w) in zip(values, weights) where !x.isNaN {
        guard x > 0 else { return .nan }
        sw += w; acc += w / x
      }
      return sw > 0 ? sw / acc : .nan
    case .generalised(let r):
      if r == 0 { return Aggregation.geometric.mean(of: values, weights: weights) }
      for (x, w) in zip(values, weights) where !x.isNaN {
        guard requiresPositive ? x > 0 : true else { return .nan }
        sw += w; acc += w * pow(x, r)
      }
      return sw > 0 ? pow(acc / sw, 1 / r) : .nan
    }
  }

  /// True when the method is defined only for values > 0.
  public var requiresPositive: Bool {
    switch self {
    case .arithmetic: return false
    case .geometric, .harmonic: return true
    case .generalised(let r): return r <= 0 || r.rounded() != r
    }
  }
}
