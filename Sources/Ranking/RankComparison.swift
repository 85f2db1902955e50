import Foundation
import Statistics

/// One unit's position in the survey ranking and in the benchmark ranking (rank 1 = best).
public struct RankShift: Sendable, Equatable {
  public let unit: Int
  public let surveyRank: Int
  public let benchmarkRank: Int
  /// benchmarkRank − surveyRank: positive when the survey places the unit higher (better).
  public var shift: Int { benchmarkRank - surveyRank }
}

/// Percentile bootstrap intervals for ρ and τ-b that include the sampling error of the survey
/// estimates (the benchmark is taken as fixed).
public struct BootstrapCorrelationIntervals: Sendable, Equatable {
  public let level: Double
  public let replicates: Int
  public let seed: UInt64
  public let spearman: ClosedRange<Double>
  public let kendall: ClosedRange<Double>
}

/// Options of `compareRankings`.
public struct RankComparisonOptions: Sendable, Equatable {
  /// Size of the top and bottom groups compared (1 ≤ k ≤ units).
  public var k: Int = 3
  /// Whether a larger benchmark score is better (false for e.g. "rank" columns).
  public var benchmarkHigherIsBetter: Bool = true
  /// Whether a larger survey estimate is better.
  public var surveyHigherIsBetter: Bool = true
  /// Level of all intervals.
  public var level: Double = 0.95
  /// Bootstrap replicates (≥ 100) and seed.
  public var replicates: Int = 2000
  public var seed: UInt64 = 20_240_101
  public init(
    k: Int = 3, benchmarkHigherIsBetter: Bool = true, surveyHigherIsBetter: Bool = true,
    level: Double = 0.95, replicates: Int = 2000, seed: UInt64 = 20_240_101
  ) {
    self.k = k; self.benchmarkHigherIsBetter = benchmarkHigherIsBetter
    self.surveyHigherIsBetter = surveyHigherIsBetter; self.level = level
    self.replicates = replicates; self.seed = seed
  }
}

/// Agreement between a survey-based ranking and a published benchmark ranking.
public struct RankComparison: Sendable, Equatable {
  /// Spearman test (R `cor.test` p-value, Fisher-z interval) of survey vs benchmark (oriented so that
  /// positive means agreement).
  public let spearman: RankCorrelationTest
  /// Kendall τ-b test, likewise.
  public let kendall: RankCorrelationTest
  /// Bootstrap intervals including the survey's sampling error.
  public let bootstrap: BootstrapCorrelationIntervals
  /// Rank-shift table, in unit order.
  public let shifts: [RankShift]
  /// |top-k(survey) ∩ top-k(benchmark)| and the same for the bottom k (ties at the boundary
  /// are included in the group, so a group can be larger than k).
  public let topOverlap: Int
  public let bottomOverlap: Int
  public let k: Int
}

/// Compares survey estimates (with standard errors) with a benchmark score for the same units
/// (match them first with `matchRegions`).
///
/// ```
/// ranks: competition ranks, 1 = best (ties share the best rank)
/// ρ, τ_b and p-values: spearmanTest / kendallTest (R cor.test), on oriented values
/// bootstrap: θ*_j = θ̂_j + se_j·ε_j, ε ~ N(0, 1) iid (seeded), ρ* = ρ(θ*, benchmark), τ* likewise;
///            interval = [q_{(1−level)/2}, q_{(1+level)/2}] of the replicates (R type 7 quantiles)
/// ```
/// The bootstrap treats estimates as independent normals; it widens the interval by the survey's
/// sampling error, which the cor.test p-value ignores.
public func compareRankings(
  surveyEstimates: [Double], standardErrors: [Double], benchmark: [Double],
  options: RankComparisonOptions = RankComparisonOptions()
) throws(RankingError) -> RankComparison {
  let n = surveyEstimates.count
  guard standardErrors.count == n else { throw .lengthMismatch(what: "standardErrors", expected: n, found: standardErrors.count) }
  guard benchmark.count == n else { throw .lengthMismatch(what: "benchmark", expected: n, found: benchmark.count) }
  guard options.k >= 1 && options.k <= n else { throw .invalidK(found: options.k, allowed: 1...Swift.max(1, n)) }
  guard options.replicates >= 100 else { throw .invalidReplicateCount(found: options.replicates, minimum: 100) }
  for (i, v) in standardErrors.enumerated() where !(v.isFinite && v >= 0) {
    throw .invalidVariance(what: "standardErrors", index: i, value: v)
  }
  let s = options.surveyHigherIsBetter ? surveyEstimates : surveyEstimates.map { -$0 }
  let b = options.benchmarkHigherIsBetter ? benchmark : benchmark.map { -$0 }
  let spearman = try spearmanTest(s, b, level: options.level)
  let kendall = try kendallTest(s, b, level: options.level)
  let sr = descendingRanks(s), br = descendingRanks(b)
  let shifts = (0..<n).map { RankShift(unit: $0, surveyRank: sr[$0], benchmarkRank: br[$0]) }
  let k = options.k
  let top = Set((0..<n).filter { sr[$0] <= k }).intersection((0..<n).filter { br[$0] <= k }).count
  // Bottom k: ranks counted from the other end.
  let sb = descendingRanks(s.map { -$0 }), bb = descendingRanks(b.map { -$0 })
  let bottom = Set((0..<n).filter { sb[$0] <= k }).intersection((0..<n).filter { bb[$0] <= k }).count

  var gen = SeededGenerator(seed: options.seed)
  var spare: Double? = nil
  var rhos: [Double] = [], taus: [Double] = []
  rhos.reserveCapacity(options.replicates); taus.reserveCapacity(options.replicates)
  var star = s
  for _ in 0..<options.replicates {
    for j in 0..<n { star[j] = s[j] + standardErrors[j] * gen.standardNormal(&spare) }
    rhos.append(spearmanRho(star, b)); taus.append(kendallTauB(star, b))
  }
  let lo = (1 - options.level) / 2, hi = (1 + options.level) / 2
  let boot = BootstrapCorrelationIntervals(
    level: options.level, replicates: options.replicates, seed: options.seed,
    spearman: quantile(rhos, lo)...quantile(rhos, hi), kendall: quantile(taus, lo)...quantile(taus, hi))
  return RankComparison(
    spearman: spearman, kendall: kendall, bootstrap: boot, shifts: shifts, topOverlap: top,
    bottomOverlap: bottom, k: k)
}
