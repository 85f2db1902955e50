import Foundation

/// Direction of a change between two waves at the chosen level.
public enum ChangeDirection: String, Sendable, CaseIterable {
  case increase, decrease, notSignificant
}

/// The change of one region's estimate from one wave to the next.
public struct RegionChange: Sendable, Equatable {
  public let region: Int
  /// d = second − first.
  public let difference: Double
  /// √(Var(a) + Var(b) − 2·Cov(a, b)).
  public let standardError: Double
  /// d ± z_{(1+level)/2}·se.
  public let interval: ClosedRange<Double>
  /// z = d / se and its two-sided normal p-value (NaN when se = 0).
  public let zStatistic: Double
  public let pValue: Double
  public let direction: ChangeDirection
}

/// One region's rank in both waves (rank 1 = best, ties share the best rank).
public struct RankMobilityEntry: Sendable, Equatable {
  public let region: Int
  public let firstRank: Int
  public let secondRank: Int
  /// firstRank − secondRank: positive = moved up.
  public var change: Int { firstRank - secondRank }
}

/// Changes and rank mobility between two waves.
public struct WaveComparison: Sendable, Equatable {
  public let changes: [RegionChange]
  public let mobility: [RankMobilityEntry]
  /// Mean |rank change| over regions.
  public let meanAbsoluteRankChange: Double
  /// Spearman ρ between the two waves' estimates (rank stability).
  public let rankStability: Double
  public let level: Double
}

/// Cov(ȳ₁, ȳ₂) of two wave means whose samples share `overlap` panel respondents:
/// ```
/// Cov = ρ · se₁ · se₂ · n_o / √(n₁ n₂)
/// ```
/// (ρ: correlation of the panel members' values between waves; se_w = σ_w/√n_w). With n_o = 0 the
/// waves are independent (Cov = 0); with a full panel (n_o = n₁ = n₂) Cov = ρ se₁ se₂.
/// Reference: L. Kish (1965), Survey Sampling, Wiley, §12.4.
public func panelOverlapCovariance(
  correlation: Double, overlap: Int, firstCount: Int, secondCount: Int,
  firstStandardError: Double, secondStandardError: Double
) -> Double {
  guard overlap > 0, firstCount > 0, secondCount > 0 else { return 0 }
  return correlation * firstStandardError * secondStandardError * Double(overlap)
    / (Double(firstCount) * Double(secondCount)).squareRoot()
}

/// Change per region between two waves, with interval and significance flag, and the rank mobility
/// table.
///
/// ```
/// d_g = b_g − a_g,   Var(d_g) = Var(a_g) + Var(b_g) − 2·Cov(a_g, b_g)
/// interval d_g ± z_{(1+level)/2} √Var(d_g);  significant when the interval excludes 0
/// ```
/// `covariances` is Cov(a_g, b_g): measured as the replicate covariance of the two waves' estimates
/// on a shared replicate frame (`WaveIndexComparison` in TrustMetrics does this), or, without
/// replicates, Kish's approximation `panelOverlapCovariance` with a correlation one must supply;
/// nil means independent samples. A negative Var(d_g) (inconsistent covariance) is an error.
/// No multiplicity adjustment is made across regions.
public func compareWaves(
  first: [Double], firstStandardErrors: [Double], second: [Double], secondStandardErrors: [Double],
  covariances: [Double]? = nil, level: Double = 0.95, higherIsBetter: Bool = true
) throws(RankingError) -> WaveComparison {
  let G = first.count
  for (what, v) in [("firstStandardErrors", firstStandardErrors), ("second", second), ("secondStandardErrors", secondStandardErrors)]
  where v.count != G {
    throw .lengthMismatch(what: what, expected: G, found: v.count)
  }
  if let covariances, covariances.count != G { throw .lengthMismatch(what: "covariances", expected: G, found: covariances.count) }
  guard G >= 2 else { throw .tooFewUnits(found: G, required: 2) }
  guard level > 0 && level < 1 else { throw .invalidLevel(level) }
  for (i, v) in first.enumerated() where !v.isFinite { throw .nonFiniteValue(what: "first", index: i) }
  for (i, v) in second.enumerated() where !v.isFinite { throw .nonFiniteValue(what: "second", index: i) }
  for (i, v) in firstStandardErrors.enumerated() where !(v.isFinite && v >= 0) { throw .invalidVariance(what: "firstStandardErrors", index: i, value: v) }
  for (i, v) in secondStandardErrors.enumerated() where !(v.isFinite && v >= 0) { throw .invalidVariance(what: "secondStandardErrors", index: i, value: v) }
  let z = _normalQuantile((1 + level) / 2)
  var changes: [RegionChange] = []
  for g in 0..<G {
    let cov = covariances?[g] ?? 0
    let variance = firstStandardErrors[g] * firstStandardErrors[g] + secondStandardErrors[g] * secondStandardErrors[g] - 2 * cov
    guard variance >= 0, variance.isFinite else { throw .invalidVariance(what: "Var(difference)", index: g, value: variance) }
    let d = second[g] - first[g], se = variance.squareRoot()
    let interval = (d - z * se)...(d + z * se)
    let zStat = se > 0 ? d / se : .nan
    let p = se > 0 ? 2 * _normalCDF(-Swift.abs(zStat)) : .nan
    let direction: ChangeDirection = interval.lowerBound > 0 ? .increase : (interval.upperBound < 0 ? .decrease : .notSignificant)
    changes.append(RegionChange(region: g, difference: d, standardError: se, interval: interval, zStatistic: zStat, pValue: p, direction: direction))
  }
  let sign = higherIsBetter ? 1.0 : -1.0
  let r1 = descendingRanks(first.map { sign * $0 }), r2 = descendingRanks(second.map { sign * $0 })
  let mobility = (0..<G).map { RankMobilityEntry(region: $0, firstRank: r1[$0], secondRank: r2[$0]) }
  let meanAbs = Double(mobility.reduce(0) { $0 + Swift.abs($1.change) }) / Double(G)
  return WaveComparison(
    changes: changes, mobility: mobility, meanAbsoluteRankChange: meanAbs,
    rankStability: spearmanRho(first, second), level: level)
}
