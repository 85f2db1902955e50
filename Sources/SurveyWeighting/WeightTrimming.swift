import LinearAlgebra

/// Result of trimming weights.
public struct WeightTrimming: Sendable {
  public let design: SurveyDesign
  /// Rows whose weight was cut to a bound in the first pass.
  public let trimmedCount: Int
  /// Passes made (1 unless `strict`).
  public let passes: Int
}

extension SurveyDesign {
  /// Trims weights to [lower, upper] and spreads the trimmed amount equally over the untrimmed
  /// weights, keeping the total (R `trimWeights(design, upper, lower, strict)`).
  ///
  /// ```
  /// w'_i = min(max(w_i, lower), upper);  untrimmed w'_i += Σ (w_i − w'_i) / #untrimmed
  /// ```
  /// With `strict`, repeats until no weight is outside the bounds (the redistribution can push
  /// weights over the bound again). The variance adjustments of the design are kept (as R).
  public func trimmedWeights(lower: Double = -.infinity, upper: Double = .infinity, strict: Bool = false) throws(DesignError) -> WeightTrimming {
    if !(lower <= upper) { throw .invalidArgument(name: "bounds", value: "\(lower)...\(upper)", allowed: "lower <= upper") }
    var d = self
    var passes = 0, firstCount = 0
    while passes < 1000 {
      let pw = d.weights
      let outside = pw.map { $0 < lower || $0 > upper }
      let nOut = outside.filter { $0 }.count
      if nOut == 0 { break }
      if passes == 0 { firstCount = nOut }
      passes += 1
      let nIn = pw.count - nOut
      if nIn == 0 { throw .invalidArgument(name: "bounds", value: "\(lower)...\(upper)", allowed: "bounds that leave some weight untrimmed") }
      var trimmed = 0.0
      var w = pw
      for i in 0..<w.count where outside[i] { w[i] = min(max(pw[i], lower), upper); trimmed += pw[i] - w[i] }
      let share = trimmed / Double(nIn)
      for i in 0..<w.count where !outside[i] { w[i] += share }
      d.weights = w
      if !strict { break }
    }
    return WeightTrimming(design: d, trimmedCount: firstCount, passes: passes)
  }
}
