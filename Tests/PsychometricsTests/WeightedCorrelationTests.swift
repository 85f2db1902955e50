// Survey-weighted Pearson (pairwise and listwise), weighted polychoric and weighted ω against
// R survey 4.1.1 svyvar and psych 2.2.9 (weighted_psychometrics.json, made by
// Datasets/reference/scripts/weighted_psychometrics.R), and the unit-weight identities.
import Foundation
import LinearAlgebra
import Statistics
import Testing
import _TestSupport

@testable import Psychometrics

@Suite struct WeightedCorrelationTests {
  static func reference() throws -> [String: Any] {
    try referenceJSON("Datasets/reference/psychometrics/weighted_psychometrics.json")
  }
  static func weights() throws -> [Double] { FAReference.vector(try reference()["weights"]) }

  /// The reference weights are 1 + (i mod 7)/3 for i = 1 … 2800.
  @Test func weightsAreTheDocumentedSequence() throws {
    let w = try Self.weights()
    #expect(w.count == 2800)
    #expect(w.enumerated().allSatisfy { $0.element == 1 + Double(($0.offset + 1) % 7) / 3 })
  }

  /// Pairwise: every pair's rows, weighted means and SDs (svyvar per pair); closed form, 1e-12.
  @Test func pairwiseMatchesSvyvar() throws {
    let ref = try Self.reference()
    let r = try correlation(bfiItems.matrix, method: .pearson, missing: .pairwise, weights: try Self.weights())
    #expect(matrixMismatch(r.correlation, referenceMatrix(ref["pairwise"]), relative: 1e-12) == nil)
    // svyvar's covariance scaling n/(n − 1)·Σw(x − x̄)(y − ȳ)/Σw: the covariance over the pair's
    // rows, the variance over the item's rows (R: svyvar on those subset designs).
    let c = try covariance(bfiItems.matrix.submatrix(rows: 0..<2800, columns: 0..<2), missing: .pairwise, weights: try Self.weights())
    #expect(isClose(c.covariance[0, 1], referenceMatrix(ref["cov_A1_A2"])[0, 1], relative: 1e-12))
    #expect(isClose(c.covariance[0, 0], FAReference.number(ref["var_A1"]), relative: 1e-12))
  }

  /// Listwise: the complete rows of all 25 items (2,436), one weighted covariance.
  @Test func listwiseMatchesSvyvar() throws {
    let ref = try Self.reference()
    let r = try correlation(bfiItems.matrix, method: .pearson, missing: .listwise, weights: try Self.weights())
    #expect(matrixMismatch(r.correlation, referenceMatrix(ref["listwise"]), relative: 1e-12) == nil)
    #expect(r.pairCounts[0, 1] == FAReference.number(ref["listwise_n"]))
  }

  /// Unit weights give the unweighted matrices bit for bit: pairwise (complement path, ≤ 50 %
  /// missing), mostly missing data (masked products), listwise, and complete data.
  @Test func unitWeightsReproduceUnweightedExactly() throws {
    let x = bfiItems.matrix
    let ones = [Double](repeating: 1, count: x.rows)
    for missing in [MissingPolicy.pairwise, .listwise] {
      let a = try correlation(x, method: .pearson, missing: missing)
      let b = try correlation(x, method: .pearson, missing: missing, weights: ones)
      #expect(a == b, "\(missing)")
      let ca = try covariance(x, missing: missing), cb = try covariance(x, missing: missing, weights: ones)
      #expect(ca == cb, "\(missing) covariance")
    }
    // More than half the cells missing: the masked-product path.
    var sparse = x
    var g = SeededGenerator(seed: 11)
    for j in 0..<x.columns { for i in 0..<x.rows where g.uniform() < 0.6 { sparse[i, j] = .nan } }
    let a = try correlation(sparse, method: .pearson, missing: .pairwise)
    let b = try correlation(sparse, method: .pearson, missing: .pairwise, weights: ones)
    #expect(!a.correlation.elements.contains { $0.isNaN })
    #expect(a == b)
    // Complete data (no NaN at all).
    let complete = x.submatrix(rows: (0..<x.rows).filter { i in (0..<x.columns).allSatisfy { !x[i, $0].isNaN } }, columns: 0..<x.columns)
    let c1 = try correlation(complete, method: .pearson, missing: .fail)
    let c2 = try correlation(complete, method: .pearson, missing: .fail, weights: [Double](repeating: 1, count: complete.rows))
    #expect(c1 == c2)
  }

  /// Equal weights of any size give the unweighted correlations (to rounding), and zero weights
  /// drop their rows (a design subset).
  @Test func equalAndZeroWeights() throws {
    let x = bfiItems.matrix
    let a = try correlation(x, method: .pearson, missing: .pairwise)
    let b = try correlation(x, method: .pearson, missing: .pairwise, weights: [Double](repeating: 30.97, count: x.rows))
    #expect(matrixMismatch(a.correlation, b.correlation, relative: 1e-13) == nil)
    #expect(a.pairCounts == b.pairCounts)
    let w = (0..<x.rows).map { $0 % 4 == 0 ? 0.0 : 1.0 }
    let kept = (0..<x.rows).filter { $0 % 4 != 0 }
    let sub = try correlation(x.submatrix(rows: kept, columns: 0..<x.columns), method: .pearson, missing: .pairwise)
    let z = try correlation(x, method: .pearson, missing: .pairwise, weights: w)
    #expect(sub == z)
  }

  @Test func invalidWeightsAreRejected() throws {
    let x = bfiItems.matrix.submatrix(rows: 0..<10, columns: 0..<3)
    #expect(throws: CorrelationError.weightCountMismatch(expected: 10, found: 3)) {
      try correlation(x, method: .pearson, missing: .pairwise, weights: [1, 1, 1])
    }
    var w = [Double](repeating: 1, count: 10)
    w[4] = -1
    #expect(throws: CorrelationError.invalidWeight(row: 4, value: -1)) {
      try correlation(x, method: .pearson, missing: .pairwise, weights: w)
    }
    #expect(throws: CorrelationError.weightsNotSupported(method: .spearman)) {
      try correlation(x, method: .spearman, missing: .pairwise, weights: [Double](repeating: 1, count: 10))
    }
  }

  /// psych::polychoric(bfi[1:10], weight = w): weighted tables, unweighted thresholds. rho to
  /// 1e-8 absolute (R's optimize() ported, as PolychoricTests), tau exactly the unweighted ones.
  @Test func weightedPolychoricMatchesPsych() throws {
    let ref = try Self.reference()
    let poly = ref["polychoric"] as? [String: Any] ?? [:]
    let x = bfiItems.matrix.submatrix(rows: 0..<2800, columns: 0..<10)
    let pc = try polychoric(x, weights: try Self.weights())
    #expect(matrixMismatch(pc.correlation, referenceMatrix(poly["rho"]), relative: 0, absolute: 1e-8) == nil)
    #expect(matrixMismatch(pc.thresholds, referenceMatrix(poly["tau"]), relative: 1e-12) == nil)
    let unweighted = try polychoric(x)
    #expect(pc.thresholds == unweighted.thresholds)
    #expect(pc.pairCounts == unweighted.pairCounts)
    #expect(matrixMismatch(pc.correlation, unweighted.correlation, relative: 0, absolute: 1e-3) != nil)
  }

  /// Unit weights reproduce the unweighted polychoric result bit for bit.
  @Test func weightedPolychoricUnitWeights() throws {
    let x = bfiItems.matrix.submatrix(rows: 0..<2800, columns: 0..<10)
    #expect(try polychoric(x) == polychoric(x, weights: [Double](repeating: 1, count: 2800)))
  }

  /// ω on the weighted pairwise matrix (psych::omega(R_w, 5)); tolerance 1e-5 absolute as
  /// OmegaTests (minres optimiser). Unit weights: the unweighted ω exactly.
  @Test func weightedOmega() throws {
    let ref = try Self.reference()
    let om = ref["omega"] as? [String: Any] ?? [:]
    let r = try correlation(bfiItems.matrix, method: .pearson, missing: .pairwise, weights: try Self.weights()).correlation
    let o = try Omega(correlation: r, factors: 5)
    for (value, key) in [(o.omegaHierarchical, "omega_h"), (o.omegaTotal, "omega_tot"), (o.omegaLimit, "omega_lim"),
                         (o.alpha, "alpha"), (o.lambda6, "G6")] {
      #expect(Swift.abs(value - FAReference.number(om[key])) < 1e-5, "\(key): \(value) vs \(FAReference.number(om[key]))")
    }
    let sl = referenceMatrix(om["schmid_sl"])
    #expect(worstDifference(o.generalLoadings, sl.column(0)).value < 1e-5)
    let unit = try correlation(bfiItems.matrix, method: .pearson, missing: .pairwise, weights: [Double](repeating: 1, count: 2800)).correlation
    let plain = try correlation(bfiItems.matrix, method: .pearson, missing: .pairwise).correlation
    #expect(try Omega(correlation: unit, factors: 5) == Omega(correlation: plain, factors: 5))
  }
}
