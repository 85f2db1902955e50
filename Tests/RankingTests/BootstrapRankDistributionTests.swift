import Statistics
import LinearAlgebra
import Testing
import _TestSupport

@testable import Ranking

@Suite struct BootstrapRankDistributionTests {
  /// Small survey: 5 regions, Likert-like values, a few respondents in some regions.
  func sample() -> (values: [Double], regions: [Int]) {
    var gen = SeededGenerator(seed: 7)
    var values: [Double] = [], regions: [Int] = []
    let sizes = [40, 25, 6, 4, 30], centre = [3.6, 3.2, 3.0, 2.6, 2.2]
    for (g, n) in sizes.enumerated() {
      for _ in 0..<n {
        let v = (centre[g] + Double(gen.index(below: 5)) * 0.5 - 1).rounded()
        values.append(Swift.min(5, Swift.max(1, v))); regions.append(g)
      }
    }
    return (values, regions)
  }

  @Test func gemmRouteEqualsNaiveReplayOfTheSameDraws() throws {
    // Tolerance 1e-12 relative: the same frequencies, sums in a different order.
    let (values, regions) = sample()
    let B = 300
    let result = try bootstrapRankDistribution(
      values: values, regions: regions, regionCount: 5, options: .init(replicates: B, seed: 99))
    // Replay as documented: regions in order, replicates in order, cells in order of first
    // appearance, conditional binomials; means summed directly.
    var gen = SeededGenerator(seed: 99)
    for g in 0..<5 {
      let members = regions.indices.filter { regions[$0] == g }
      var cellValues: [Double] = []
      for i in members where !cellValues.contains(values[i]) { cellValues.append(values[i]) }
      let cellCounts = cellValues.map { v in members.filter { values[$0] == v }.count }
      for r in 0..<B {
        var remaining = members.count, mass = members.count, sum = 0.0
        for (t, m) in cellCounts.enumerated() {
          let x = t == cellCounts.count - 1 ? remaining : gen.binomial(remaining, Double(m) / Double(mass))
          sum += Double(x) * cellValues[t]
          remaining -= x; mass -= m
          if remaining == 0 { break }
        }
        let mean = sum / Double(members.count)
        #expect(isClose(result.replicateMeans[r, g], mean, relative: 1e-12), "region \(g) replicate \(r)")
      }
    }
  }

  @Test func binomialSamplerMoments() {
    // 20,000 draws each; mean within 5 standard errors, variance within 6 % (5 SE of the sample
    // variance for these N), support respected.
    var gen = SeededGenerator(seed: 11)
    for (n, p) in [(10, 0.3), (1000, 0.02), (14_000, 0.06), (14_000, 0.5), (500, 0.97), (40, 0.999)] {
      let draws = (0..<20_000).map { _ in gen.binomial(n, p) }
      #expect(draws.allSatisfy { (0...n).contains($0) })
      let mean = Double(draws.reduce(0, +)) / 20_000
      let variance = draws.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / 19_999
      let v = Double(n) * p * (1 - p)
      #expect(Swift.abs(mean - Double(n) * p) < 5 * (v / 20_000).squareRoot(), "n \(n) p \(p) mean \(mean)")
      #expect(Swift.abs(variance / v - 1) < 0.06, "n \(n) p \(p) variance \(variance) vs \(v)")
    }
  }

  @Test func replicateMeansHaveTheBootstrapVariance() throws {
    // Var*(mean_g) = σ̂²_g / n_g with σ̂² the population (divide-by-n) variance: within 10 % for B = 4000.
    let (values, regions) = sample()
    let d = try bootstrapRankDistribution(values: values, regions: regions, regionCount: 5, options: .init(replicates: 4000))
    for g in [0, 1, 4] {
      let v = regions.indices.filter { regions[$0] == g }.map { values[$0] }
      let m = v.reduce(0, +) / Double(v.count)
      let target = v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count) / Double(v.count)
      let col = d.replicateMeans.column(g)
      let cm = col.reduce(0, +) / Double(col.count)
      let cv = col.reduce(0) { $0 + ($1 - cm) * ($1 - cm) } / Double(col.count - 1)
      #expect(Swift.abs(cv / target - 1) < 0.1, "region \(g): \(cv) vs \(target)")
      #expect(Swift.abs(cm - m) < 4 * target.squareRoot() / Double(col.count).squareRoot() + 1e-12)
    }
  }

  @Test func summariesAreConsistent() throws {
    let (values, regions) = sample()
    for resampling in BootstrapResampling.allCases {
      let d = try bootstrapRankDistribution(
        values: values, regions: regions, regionCount: 5, options: .init(replicates: 1000, resampling: resampling, k: 2))
      let again = try bootstrapRankDistribution(
        values: values, regions: regions, regionCount: 5, options: .init(replicates: 1000, resampling: resampling, k: 2))
      #expect(d == again)  // seeded, deterministic
      #expect(d.cellCount <= 25)  // at most 5 distinct values per region
      for s in d.regions {
        #expect(s.lowerRank <= s.medianRank && s.medianRank <= s.upperRank)
        #expect((0...1).contains(s.probabilityTopK) && (0...1).contains(s.probabilityBottomK))
      }
      // Each replicate has exactly G ranks 1…G when there are no ties: Σ P(top-2) ≤ 2 (= 2 without ties).
      let sumTop = d.regions.reduce(0) { $0 + $1.probabilityTopK }
      #expect(sumTop >= 2 - 1e-12)
      // The clear leader (centre 3.6, n = 40) vs the clear last (2.2, n = 30).
      #expect(d.regions[0].probabilityTopK > 0.95 && d.regions[4].probabilityBottomK > 0.95)
    }
  }

  @Test func unitWeightsReproduceUnweighted() throws {
    let (values, regions) = sample()
    let a = try bootstrapRankDistribution(values: values, regions: regions, regionCount: 5, options: .init(replicates: 200))
    let b = try bootstrapRankDistribution(
      values: values, regions: regions, regionCount: 5, weights: [Double](repeating: 1, count: values.count),
      options: .init(replicates: 200))
    #expect(a == b)
    // Doubling all weights changes nothing either (weights enter as ratios).
    let c = try bootstrapRankDistribution(
      values: values, regions: regions, regionCount: 5, weights: [Double](repeating: 2, count: values.count),
      options: .init(replicates: 200))
    #expect(c.regions.map(\.medianRank) == a.regions.map(\.medianRank))
  }

  @Test func errors() {
    #expect(throws: RankingError.regionOutOfRange(respondent: 1, region: 3, regionCount: 2)) {
      try bootstrapRankDistribution(values: [1, 2], regions: [0, 3], regionCount: 2, options: .init(k: 1))
    }
    #expect(throws: RankingError.emptyRegion(1)) {
      try bootstrapRankDistribution(values: [1, 2], regions: [0, 0], regionCount: 2, options: .init(k: 1))
    }
    #expect(throws: RankingError.invalidReplicateCount(found: 10, minimum: 100)) {
      try bootstrapRankDistribution(values: [1, 2], regions: [0, 1], regionCount: 2, options: .init(replicates: 10, k: 1))
    }
    #expect(throws: RankingError.invalidK(found: 3, allowed: 1...2)) {
      try bootstrapRankDistribution(values: [1, 2], regions: [0, 1], regionCount: 2)
    }
  }
}
