import LinearAlgebra
import Testing
import _TestSupport

@testable import CompositeIndices

@Suite struct CompositeIndexTests {
  // 5 units × 3 indicators; x3 is a "lower is better" indicator.
  //            x1  x2  x3
  static let data = Matrix([
    [2, 10, 5],  // U1
    [4, 30, 3],  // U2
    [6, 20, 1],  // U3
    [8, 50, 4],  // U4
    [10, 40, 2],  // U5
  ])
  static let spec = IndexSpec(
    indicatorNames: ["x1", "x2", "x3"], directions: [.positive, .positive, .negative],
    root: IndexNode(name: "Index", indicators: [0, 1, 2], weights: .explicit([2, 1, 1])))

  /// Worked by hand. Tolerance 1e-12 relative (all numbers are exact binary fractions).
  @Test func handWorkedExample() throws {
    let r = try computeIndex(Self.data, spec: Self.spec)
    // Min–max to [0, 100]: (x − min)/(max − min)·100.
    //   x1: min 2, max 10          → (0, 25, 50, 75, 100)
    //   x2: min 10, max 50         → (0, 50, 25, 100, 75)
    //   x3: × −1 → (−5, −3, −1, −4, −2), min −5, max −1 → (0, 50, 100, 25, 75)
    let expectedNormalised = [[0.0, 0, 0], [25, 50, 50], [50, 25, 100], [75, 100, 25], [100, 75, 75]]
    for i in 0..<5 {
      #expect(firstMismatch(r.normalised.row(i), expectedNormalised[i], relative: 1e-12) == nil)
    }
    // Weights (2, 1, 1)/4 = (0.5, 0.25, 0.25).
    #expect(firstMismatch(r.index.weights, [0.5, 0.25, 0.25], relative: 1e-12) == nil)
    // Scores: U1 0; U2 12.5 + 12.5 + 12.5 = 37.5; U3 25 + 6.25 + 25 = 56.25;
    //         U4 37.5 + 25 + 6.25 = 68.75;  U5 50 + 18.75 + 18.75 = 87.5.
    #expect(firstMismatch(r.scores, [0, 37.5, 56.25, 68.75, 87.5], relative: 1e-12) == nil)
    // Ranks, 1 = highest: U5, U4, U3, U2, U1.
    #expect(r.ranks == [5, 4, 3, 2, 1])
    #expect(r.index.level == 2)
    #expect(r.index.childNames == ["x1", "x2", "x3"])
  }

  /// Two levels, geometric at the top: every number by hand (tolerance 1e-12 relative).
  @Test func twoLevelTreeWithGeometricTop() throws {
    let spec = IndexSpec(
      indicatorNames: ["x1", "x2", "x3"], directions: [.positive, .positive, .negative],
      root: IndexNode(
        name: "Index",
        children: [.node(IndexNode(name: "A", indicators: [0, 1])), .node(IndexNode(name: "B", indicators: [2]))],
        aggregation: .geometric),
      normalisation: .minMax(lower: 1, upper: 101))
    let r = try computeIndex(Self.data, spec: spec)
    // Normalised = hand example + 1. A = mean(x1, x2): (1, 38.5, 38.5, 88.5, 88.5); B = x3: (1, 51, 101, 26, 76).
    #expect(firstMismatch(r.node(named: "A")?.values ?? [], [1, 38.5, 38.5, 88.5, 88.5], relative: 1e-12) == nil)
    // Index = √(A·B): (1, √1963.5, √3888.5, √2301, √6726).
    let expected = [1, 1963.5.squareRoot(), 3888.5.squareRoot(), 2301.0.squareRoot(), 6726.0.squareRoot()]
    #expect(firstMismatch(r.scores, expected, relative: 1e-12) == nil)
    // A ties U2/U3 and U4/U5: ties "min" → (5, 3, 3, 1, 1).
    #expect(r.node(named: "A")?.ranks == [5, 3, 3, 1, 1])
    #expect(r.ranks == [5, 4, 2, 3, 1])
    #expect(r.nodes.map(\.level) == [2, 2, 3])
  }

  @Test func geometricOnZeroNamesTheIndicator() {
    var spec = Self.spec
    spec.aggregation = .geometric
    #expect(throws: IndexError.nonPositiveValue(component: "x1", node: "Index", unit: 0, value: 0, aggregation: .geometric)) {
      try computeIndex(Self.data, spec: spec)
    }
  }

  /// COINr dat_thresh: a unit with a share of observed children below the threshold gets NaN.
  @Test func minimumCoverageAndAvailableCase() throws {
    var data = Self.data
    data[1, 1] = .nan  // U2 misses x2 (2 of 3 observed = 0.667)
    data[2, 0] = .nan
    data[2, 2] = .nan  // U3 has only x2 (1/3)
    var spec = Self.spec
    spec.minimumCoverage = 0.5
    let r = try computeIndex(data, spec: spec)
    // x1 observed (2, 4, 8, 10) → min 2, max 10: U2 = 25. x3 observed (5, 3, 4, 2) negated (−5, −3, −4, −2): U2 = 2/3·100.
    // U2 available-case: (0.5·25 + 0.25·200/3)/0.75.
    #expect(isClose(r.scores[1], (0.5 * 25 + 0.25 * 200.0 / 3) / 0.75, relative: 1e-12))
    #expect(r.scores[2].isNaN)
    #expect(r.ranks[2].isNaN)
    // With imputation the value exists, but coverage still counts raw observations.
    spec.imputation = .mean
    let imputed = try computeIndex(data, spec: spec)
    #expect(imputed.scores[2].isNaN)
    spec.minimumCoverage = 0
    #expect(!(try computeIndex(data, spec: spec)).scores[2].isNaN)
  }

  @Test func treeValidation() {
    let bad = IndexSpec(indicatorNames: ["a", "b"], root: IndexNode(name: "I", indicators: [0, 0]))
    #expect(throws: IndexError.indicatorNotUsedExactlyOnce(indicator: "a", uses: 2)) {
      try computeIndex(Matrix([[1, 2], [3, 4], [5, 7]]), spec: bad)
    }
    let weights = IndexSpec(indicatorNames: ["a", "b"], root: IndexNode(name: "I", indicators: [0, 1], weights: .explicit([1, -1])))
    #expect(throws: IndexError.invalidWeights(node: "I", weights: [1, -1])) {
      try computeIndex(Matrix([[1, 2], [3, 4], [5, 7]]), spec: weights)
    }
    let clash = IndexSpec(indicatorNames: ["a", "b"], root: IndexNode(name: "a", indicators: [0, 1]))
    #expect(throws: IndexError.duplicateNodeName(node: "a")) {
      try computeIndex(Matrix([[1, 2], [3, 4], [5, 7]]), spec: clash)
    }
    let count = IndexSpec(indicatorNames: ["a", "b", "c"], root: IndexNode(name: "I", indicators: [0, 1, 2]))
    #expect(throws: IndexError.indicatorCountMismatch(found: 2, expected: 3)) {
      try computeIndex(Matrix([[1, 2], [3, 4]]), spec: count)
    }
  }

  /// Budget allocation and explicit weights are both normalised within the node.
  @Test func budgetWeights() throws {
    var spec = Self.spec
    spec.root.weights = .budget([50, 25, 25])
    let r = try computeIndex(Self.data, spec: spec)
    #expect(firstMismatch(r.scores, [0, 37.5, 56.25, 68.75, 87.5], relative: 1e-12) == nil)
  }
}
