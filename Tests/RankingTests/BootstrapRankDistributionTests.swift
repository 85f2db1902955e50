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

  @Test func gemmRouteEqualsNaivePerReplicateLoop() throws {
    // Tolerance 1e-12 relative: the same draws, sums in a different order.
    let (values, regions) = sample()
    let B = 300
    let result = try bootstrapRankDistribution(
      values: values, regions: regions, regionCount: 5, options: .init(replicates: B, seed: 99))
    // Naive: replay the generator exactly as documented (regions in order, replicates in order,
    // n_g draws each over the region's respondents sorted into cells in order of first appearance).
    var gen = SeededGenerator(seed: 99)
    for g in 0..<5 {
      let members = regions.indices.filter { regions[$0] == g }
      var firstSeen: [Double] = []
      for i in members where !firstSeen.contains(values[i]) { firstSeen.append(values[i]) }
      let slots = firstSeen.flatMap { v in members.filter { values[$0] == v }.map { values[$0] } }
      for r in 0..<B {
        var sum = 0.0
        for _ in 0..<slots.count { sum += slots[gen.index(below: slots.count)] }
        let mean = sum / Double(slots.count)
        #expect(isClose(result.replicateMeans[r, g], mean, relative: 1e-12), "region \(g) replicate \(r)")
      }
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
