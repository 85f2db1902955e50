import Statistics

// Thin internal wrappers over Statistics' distributions (NormalDistribution, StudentTDistribution
// from Sources/Statistics/Distributions*.swift).

/// Φ(x) (lower tail) or 1 − Φ(x) (upper tail) of the standard normal.
@inline(__always) func _normalCDF(_ x: Double, lowerTail: Bool = true) -> Double {
  lowerTail ? NormalDistribution.standard.cdf(x) : NormalDistribution.standard.complementaryCDF(x)
}

/// Φ⁻¹(p).
@inline(__always) func _normalQuantile(_ p: Double) -> Double { NormalDistribution.standardQuantile(p) }

/// Student t CDF with ν degrees of freedom (R `pt(t, df, lower.tail)`).
@inline(__always) func _studentTCDF(_ t: Double, df: Double, lowerTail: Bool = true) -> Double {
  let d = StudentTDistribution(degreesOfFreedom: df)
  return lowerTail ? d.cdf(t) : d.complementaryCDF(t)
}
