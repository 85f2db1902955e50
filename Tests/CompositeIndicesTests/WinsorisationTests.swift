import Testing
import _TestSupport

@testable import CompositeIndices

@Suite struct WinsorisationTests {
  /// COINr Treat() defaults, run on R with COINr's own treat.R (Datasets/reference/scripts/indices.R).
  /// Tolerance 1e-12 relative for the moments and the log transform (winsorised values are copies).
  @Test(arguments: ["treat_winsorise", "treat_winsorise_low", "treat_log_fallback"])
  func matchesCOINr(_ name: String) throws {
    let ref = try ReferenceJSON(name)
    let x = ref.vector("x")
    #expect(isClose(sampleSkewness(x), ref.double("skew"), relative: 1e-12))
    #expect(isClose(sampleKurtosis(x), ref.double("kurt"), relative: 1e-12))
    let (y, report) = treatOutliers(x, name: name)
    #expect(firstMismatch(y, ref.vector("treated"), relative: 1e-12) == nil)
    let points = ref.strings("treated_points")
    let high = points.indices.filter { points[$0].contains("winhi") }
    let low = points.indices.filter { points[$0].contains("winlo") }
    switch name {
    case "treat_log_fallback":
      #expect(report.action == .logTransformed)
    default:
      #expect(report.action == .winsorised)
      #expect(report.winsorisedHigh == high)
      #expect(report.winsorisedLow == low)
    }
    #expect(isClose(report.skewAfter, ref.double("skew_after"), relative: 1e-12))
    #expect(isClose(report.kurtosisAfter, ref.double("kurt_after"), relative: 1e-12))
  }

  /// The rule by hand: |skew| < 2 passes regardless of kurtosis; fewer than 4 values are untreated.
  @Test func ruleEdges() {
    let rule = WinsorisationRule()
    #expect(rule.passes([1, 2, 3, 4, 5]) == true)
    #expect(rule.passes([1, 2, 100]) == true)  // kurtosis undefined, skew 1.73 < 2 → TRUE as in R (NA | TRUE)
    #expect(treatOutliers([1, 2, 100]).report.action == .none)
  }
}
