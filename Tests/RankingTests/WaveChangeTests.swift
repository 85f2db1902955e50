import Testing
import _TestSupport

@testable import Ranking

@Suite struct WaveChangeTests {
  @Test func differencesVariancesAndFlags() throws {
    // Hand-checked: region 0: d = 0.3, se = √(0.01 + 0.01) = 0.141421…, z = 2.1213 → increase.
    // Region 1 with panel covariance 0.008: se = √(0.02 − 0.016) = 0.063246, d = −0.2 → decrease.
    // Region 2: d = 0.1, se = √(0.04 + 0.04) → not significant.
    let c = try compareWaves(
      first: [3.0, 3.2, 2.8], firstStandardErrors: [0.1, 0.1, 0.2],
      second: [3.3, 3.0, 2.9], secondStandardErrors: [0.1, 0.1, 0.2], covariances: [0, 0.008, 0])
    #expect(isClose(c.changes[0].standardError, 0.02.squareRoot(), relative: 1e-15))
    #expect(isClose(c.changes[1].standardError, 0.004.squareRoot(), relative: 1e-12))
    #expect(c.changes.map(\.direction) == [.increase, .decrease, .notSignificant])
    // Two-sided p of z = 0.3/√0.02 = 2.1213203435596424: 2(1 − Φ(z)) = 0.033894853524689295 (R 4.2.2: 2*pnorm(-0.3/sqrt(0.02)))
    #expect(isClose(c.changes[0].pValue, 0.033894853524689295, relative: 1e-12))
    #expect(isClose(c.changes[0].interval.lowerBound, 0.3 - 1.9599639845400536 * 0.02.squareRoot(), relative: 1e-12))
    #expect(c.mobility.map(\.firstRank) == [2, 1, 3] && c.mobility.map(\.secondRank) == [1, 2, 3])
    #expect(c.mobility.map(\.change) == [1, -1, 0])
    #expect(isClose(c.meanAbsoluteRankChange, 2.0 / 3.0, relative: 1e-15))
  }

  @Test func panelOverlap() {
    #expect(panelOverlapCovariance(correlation: 0.6, overlap: 0, firstCount: 100, secondCount: 100, firstStandardError: 0.1, secondStandardError: 0.1) == 0)
    #expect(isClose(panelOverlapCovariance(correlation: 0.6, overlap: 100, firstCount: 100, secondCount: 100, firstStandardError: 0.1, secondStandardError: 0.2), 0.012, relative: 1e-14))
    #expect(isClose(panelOverlapCovariance(correlation: 0.5, overlap: 50, firstCount: 100, secondCount: 400, firstStandardError: 0.1, secondStandardError: 0.1), 0.5 * 0.01 * 50 / 200, relative: 1e-14))
  }

  @Test func errors() {
    #expect(throws: RankingError.invalidVariance(what: "Var(difference)", index: 0, value: 0.1 * 0.1 + 0.1 * 0.1 - 2 * 0.1)) {
      try compareWaves(first: [1, 2], firstStandardErrors: [0.1, 0.1], second: [1, 2], secondStandardErrors: [0.1, 0.1], covariances: [0.1, 0])
    }
    #expect(throws: RankingError.lengthMismatch(what: "second", expected: 2, found: 1)) {
      try compareWaves(first: [1, 2], firstStandardErrors: [0.1, 0.1], second: [1], secondStandardErrors: [0.1, 0.1])
    }
  }
}
