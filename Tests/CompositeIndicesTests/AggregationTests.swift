import Foundation
import Testing
import _TestSupport

@testable import CompositeIndices

@Suite struct AggregationTests {
  static let x = [2.0, 8.0, 4.0]
  static let w = [0.5, 0.25, 0.25]

  /// Closed forms, tolerance 1e-14 relative.
  @Test func closedForms() {
    // Arithmetic: 0.5·2 + 0.25·8 + 0.25·4 = 4.
    #expect(isClose(Aggregation.arithmetic.mean(of: Self.x, weights: Self.w), 4, relative: 1e-14))
    // Geometric: 2^0.5 · 8^0.25 · 4^0.25 = 2^(0.5 + 0.75 + 0.5) = 2^1.75.
    #expect(isClose(Aggregation.geometric.mean(of: Self.x, weights: Self.w), pow(2, 1.75), relative: 1e-14))
    // Harmonic: 1/(0.5/2 + 0.25/8 + 0.25/4) = 1/0.34375 = 32/11.
    #expect(isClose(Aggregation.harmonic.mean(of: Self.x, weights: Self.w), 32.0 / 11, relative: 1e-14))
    // Generalised r = 2: √(0.5·4 + 0.25·64 + 0.25·16) = √22.
    #expect(isClose(Aggregation.generalised(order: 2).mean(of: Self.x, weights: Self.w), 22.0.squareRoot(), relative: 1e-14))
    // r = 1, −1 and 0 reproduce arithmetic, harmonic and geometric.
    #expect(isClose(Aggregation.generalised(order: 1).mean(of: Self.x, weights: Self.w), 4, relative: 1e-14))
    #expect(isClose(Aggregation.generalised(order: -1).mean(of: Self.x, weights: Self.w), 32.0 / 11, relative: 1e-14))
    #expect(isClose(Aggregation.generalised(order: 0).mean(of: Self.x, weights: Self.w), pow(2, 1.75), relative: 1e-14))
  }

  /// Available-case: weights re-normalised over the observed values (COINr a_amean). Tolerance 1e-14.
  @Test func missingValues() {
    let x = [2.0, .nan, 4.0]
    // (0.5·2 + 0.25·4)/0.75 = 8/3.
    #expect(isClose(Aggregation.arithmetic.mean(of: x, weights: Self.w), 8.0 / 3, relative: 1e-14))
    // exp((0.5 ln 2 + 0.25 ln 4)/0.75) = 2^(1/0.75).
    #expect(isClose(Aggregation.geometric.mean(of: x, weights: Self.w), pow(2, 1 / 0.75), relative: 1e-14))
    #expect(Aggregation.arithmetic.mean(of: [.nan, .nan], weights: [1, 1]).isNaN)
  }

  /// Power-mean inequality M₋₁ ≤ M₀ ≤ M₁ ≤ M₂.
  @Test func orderingOfMeans() {
    let h = Aggregation.harmonic.mean(of: Self.x, weights: Self.w)
    let g = Aggregation.geometric.mean(of: Self.x, weights: Self.w)
    let a = Aggregation.arithmetic.mean(of: Self.x, weights: Self.w)
    let q = Aggregation.generalised(order: 2).mean(of: Self.x, weights: Self.w)
    #expect(h <= g && g <= a && a <= q)
  }
}
