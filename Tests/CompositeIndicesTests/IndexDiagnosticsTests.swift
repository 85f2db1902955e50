import LinearAlgebra
import Testing
import _TestSupport

@testable import CompositeIndices

@Suite struct IndexDiagnosticsTests {
  /// psych::alpha raw_alpha on the same three columns; tolerance 1e-12 relative.
  @Test func cronbachAlphaMatchesPsych() throws {
    let ref = try ReferenceJSON("alpha_small")
    let x = ref.matrix("x")
    let spec = IndexSpec(
      indicatorNames: ["a", "b", "c"], root: IndexNode(name: "I", indicators: [0, 1, 2]), normalisation: .none)
    let r = try computeIndex(x, spec: spec)
    let alpha = r.cronbachAlphas()
    #expect(alpha.count == 1)
    #expect(isClose(alpha[0].alpha, ref.double("raw_alpha"), relative: 1e-12))
    #expect(alpha[0].itemCount == 3 && alpha[0].unitCount == 12)
  }

  /// With one indicator per node, the indicator–parent correlation is exactly 1 (tolerance 1e-14);
  /// and the hand example's correlations match the direct formula.
  @Test func parentCorrelations() throws {
    let spec = IndexSpec(
      indicatorNames: ["x1", "x2", "x3"], directions: [.positive, .positive, .negative],
      root: IndexNode(
        name: "Index",
        children: [.node(IndexNode(name: "A", indicators: [0, 1])), .node(IndexNode(name: "B", indicators: [2]))]))
    let r = try computeIndex(CompositeIndexTests.data, spec: spec)
    let c = r.parentCorrelations()
    #expect(c.map(\.component) == ["x1", "x2", "x3", "A", "B"])
    #expect(isClose(c[2].correlation, 1, relative: 1e-14))
    // x1 = (0, 25, 50, 75, 100) and A = (0, 37.5, 37.5, 87.5, 87.5): r = Sxy/√(Sxx·Syy).
    let x = [0.0, 25, 50, 75, 100], a = [0.0, 37.5, 37.5, 87.5, 87.5]
    let mx = 50.0, ma = 50.0
    let sxy = zip(x, a).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - ma) }
    let sxx = x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }, saa = a.reduce(0) { $0 + ($1 - ma) * ($1 - ma) }
    #expect(isClose(c[0].correlation, sxy / (sxx * saa).squareRoot(), relative: 1e-14))
  }
}
