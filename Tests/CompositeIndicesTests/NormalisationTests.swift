import Testing
import _TestSupport

@testable import CompositeIndices

@Suite struct NormalisationTests {
  static let x = [2.0, 4, .nan, 10, 6]

  /// Each COINr n_* formula by hand; tolerance 1e-14 relative.
  @Test func formulas() throws {
    // z-score: mean 5.5, sd (n − 1) = √(((−3.5)² + (−1.5)² + 4.5² + 0.5²)/3) = √(35/3).
    let sd = (35.0 / 3).squareRoot()
    let z = try Normalisation.zScore().apply(to: Self.x)
    #expect(firstMismatch(z, [-3.5 / sd, -1.5 / sd, .nan, 4.5 / sd, 0.5 / sd], relative: 1e-14) == nil)
    // min–max to [0, 100] with direction −1: −x = (−2, −4, ., −10, −6); min −10, max −2.
    let m = try Normalisation.minMax().apply(to: Self.x, direction: .negative)
    #expect(firstMismatch(m, [100, 75, .nan, 0, 50], relative: 1e-14) == nil)
    // Goalposts 0..8, scale 100, truncated: (25, 50, ., 100 (12.5 → 1), 75); direction −1: (8 − x)/8.
    let g = try Normalisation.goalposts(lower: 0, upper: 8).apply(to: Self.x)
    #expect(firstMismatch(g, [25, 50, .nan, 100, 75], relative: 1e-14) == nil)
    let gn = try Normalisation.goalposts(lower: 0, upper: 8).apply(to: Self.x, direction: .negative)
    #expect(firstMismatch(gn, [75, 50, .nan, 0, 25], relative: 1e-14) == nil)
    // Rank (ascending, ties min, NaN kept).
    #expect(firstMismatch(try Normalisation.rank.apply(to: Self.x), [1, 2, .nan, 4, 3], relative: 0) == nil)
    // Distance to reference unit 4 (value 6): 1 − (6 − x)/(6 − 2).
    let dr = try Normalisation.distanceToReference(unit: 4).apply(to: Self.x)
    #expect(firstMismatch(dr, [0, 0.5, .nan, 2, 1], relative: 1e-14) == nil)
    let drc = try Normalisation.distanceToReference(unit: 4, capAtOne: true).apply(to: Self.x)
    #expect(drc[3] == 1)
    // Distance to target 8: (x − 2)/(8 − 2).
    let dt = try Normalisation.distanceToTarget(target: 8).apply(to: Self.x)
    #expect(firstMismatch(dt, [0, 1.0 / 3, .nan, 4.0 / 3, 2.0 / 3], relative: 1e-14) == nil)
    // Ratio to unit 1 (value 4), and inverted for direction −1.
    #expect(firstMismatch(try Normalisation.ratioToReference(unit: 1).apply(to: Self.x), [0.5, 1, .nan, 2.5, 1.5], relative: 1e-14) == nil)
    #expect(firstMismatch(try Normalisation.ratioToReference(unit: 1).apply(to: Self.x, direction: .negative), [2, 1, .nan, 0.4, 4.0 / 6], relative: 1e-14) == nil)
  }

  @Test func errors() {
    #expect(throws: IndexError.zeroRange(indicator: "c")) { try Normalisation.minMax().apply(to: [1, 1, 1], name: "c") }
    #expect(throws: IndexError.invalidReferenceUnit(indicator: "c", unit: 2, unitCount: 5)) {
      try Normalisation.distanceToReference(unit: 2).apply(to: Self.x, name: "c")
    }
  }
}
