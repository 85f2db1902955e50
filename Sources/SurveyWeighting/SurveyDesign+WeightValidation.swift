extension SurveyDesign {
  /// The largest accepted total of the weights, 10¹⁵.
  ///
  /// The weights add up to the estimated population size, which no survey frame comes near
  /// (the world has 8·10⁹ people). The limit leaves every sum the estimators form — Σw·y, Σw·y²,
  /// Σ(w·y)² of the linearised variance, replicate weights of up to n times a weight — far from
  /// `Double`'s range (≈ 1.8·10³⁰⁸) for any |y| below 10¹⁰⁰, where one weight of 10³⁰⁸ passed before
  /// and turned every mean into ∞ or NaN.
  public static let maximumWeightTotal = 1e15

  /// Checks weights where they enter a design: each finite and ≥ 0, a total of at most
  /// ``maximumWeightTotal`` (the row where the running total passes it is named), and not all 0.
  ///
  /// - Throws: ``DesignError/invalidWeight(row:value:)``,
  ///   ``DesignError/weightTotalTooLarge(row:value:limit:)``, ``DesignError/allWeightsZero(count:)``.
  public static func validateWeights(_ weights: [Double]) throws(DesignError) {
    var total = 0.0
    for (i, v) in weights.enumerated() {
      guard v.isFinite && v >= 0 else { throw .invalidWeight(row: i, value: v) }
      total += v
      guard total <= maximumWeightTotal else { throw .weightTotalTooLarge(row: i, value: v, limit: maximumWeightTotal) }
    }
    guard total > 0 || weights.isEmpty else { throw .allWeightsZero(count: weights.count) }
  }
}
