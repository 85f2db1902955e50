import Statistics

// Critical values for intervals, from the shared Statistics distributions (R `qnorm`, `qt`).
enum _Dist {
  static func normalQuantile(_ p: Double) -> Double { NormalDistribution.standardQuantile(p) }

  /// t quantile; df ≤ 0 (no degrees of freedom) gives NaN, df = ∞ the normal quantile (as R `qt`).
  static func tQuantile(_ p: Double, _ df: Double) -> Double {
    if df.isNaN || df <= 0 { return .nan }
    if df.isInfinite { return normalQuantile(p) }
    return StudentTDistribution(degreesOfFreedom: df).quantile(p)
  }
}
