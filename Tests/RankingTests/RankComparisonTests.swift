import Testing
import _TestSupport

@testable import Ranking

@Suite struct RankComparisonTests {
  @Test func shiftsOverlapAndIntervals() throws {
    let survey = [3.4, 3.1, 3.3, 2.9, 2.7, 3.0]
    let se = [0.05, 0.05, 0.05, 0.05, 0.05, 0.05]
    let bench = [70.0, 66, 64, 60, 50, 52]
    let c = try compareRankings(surveyEstimates: survey, standardErrors: se, benchmark: bench, options: .init(k: 2, replicates: 500))
    #expect(c.shifts.map(\.surveyRank) == [1, 3, 2, 5, 6, 4])
    #expect(c.shifts.map(\.benchmarkRank) == [1, 2, 3, 4, 6, 5])
    #expect(c.shifts.map(\.shift) == [0, -1, 1, -1, 0, 1])
    #expect(c.topOverlap == 1 && c.bottomOverlap == 1)  // top-2 {0, 2} vs {0, 1}; bottom-2 {3, 4} vs {4, 5}
    let rho = try spearmanTest(survey, bench)
    #expect(c.spearman == rho)
    #expect(c.bootstrap.spearman.contains(rho.estimate))
    #expect(c.bootstrap.kendall.upperBound <= 1)
    // Zero standard errors: every replicate equals the point estimate.
    let z = try compareRankings(surveyEstimates: survey, standardErrors: [0, 0, 0, 0, 0, 0], benchmark: bench, options: .init(replicates: 100))
    #expect(z.bootstrap.spearman == rho.estimate...rho.estimate)
    // Benchmark given as ranks (lower is better) gives the same comparison.
    let asRanks = try compareRankings(
      surveyEstimates: survey, standardErrors: se, benchmark: [1, 2, 3, 4, 6, 5],
      options: .init(k: 2, benchmarkHigherIsBetter: false, replicates: 500))
    #expect(asRanks.shifts == c.shifts && asRanks.spearman.estimate == c.spearman.estimate)
  }

  @Test func errors() {
    #expect(throws: RankingError.invalidK(found: 4, allowed: 1...3)) {
      try compareRankings(surveyEstimates: [1, 2, 3], standardErrors: [0, 0, 0], benchmark: [1, 2, 3], options: .init(k: 4))
    }
  }
}
