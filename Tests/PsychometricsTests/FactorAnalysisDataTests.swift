// Factor analysis from raw data: psych 2.2.9 fa(bfi[1:25], 5, ...) given the data weights the
// residual statistics by the pairwise counts (np.obs). Reference: bfi_fa_data.json
// (Datasets/reference/scripts/fa_data.R).
import Foundation
import LinearAlgebra
import Statistics
import Testing
import _TestSupport

@testable import Psychometrics

@Suite struct FactorAnalysisDataTests {
  static let keys = ["minres", "ml", "pa", "minres_spearman", "minres_kendall", "minres_poly"]

  static func reference() throws -> [String: Any] { try FAReference.load("bfi_fa_data") }

  static func method(_ fm: String) -> FactorMethod {
    fm == "ml" ? .maximumLikelihood : fm == "pa" ? .principalAxis : .minres
  }

  /// Closed form given psych's own loadings and Φ: every residual statistic with the pair counts
  /// (chi, EPVAL, rms, crms, fit.off, EBIC, ESABIC, nh) and the unchanged ones (objective,
  /// STATISTIC, TLI, BIC, fit) equal psych's factor.stats to 1e-10 relative.
  @Test(arguments: keys) func statisticsFromPsychLoadings(_ key: String) throws {
    let ref = try Self.reference()
    let counts = try #require(FAReference.matrix(ref["pairwise_counts"]))
    let c = try #require(ref[key] as? [String: Any])
    let r = try #require(FAReference.matrix(c["r"]))
    let l = try #require(FAReference.matrix(c["loadings"]))
    let phi = FAReference.matrix(c["Phi"])
    let fit = try FactorFit(correlation: r, loadings: l, phi: phi, observationCount: 2800, pairCounts: counts)
    let s = c["factor_stats"] as? [String: Any] ?? [:]
    func check(_ a: Double?, _ name: String, _ tol: Double = 1e-10) {
      let b = FAReference.number(s[name])
      #expect(isClose(a ?? .nan, b, relative: tol), "\(key) \(name): \(a ?? .nan) vs psych \(b)")
    }
    check(fit.empiricalChiSquare, "chi")
    check(fit.empiricalPValue, "EPVAL", 1e-8)
    check(fit.residualCount, "nh")
    check(fit.rootMeanSquareResidual, "rms")
    check(fit.correctedRootMeanSquareResidual, "crms")
    check(fit.fitOffDiagonal, "fit_off")
    check(fit.fit, "fit")
    check(fit.empiricalBIC, "EBIC")
    check(fit.empiricalSampleSizeAdjustedBIC, "ESABIC")
    check(fit.objective, "objective")
    check(fit.chiSquare, "STATISTIC")
    check(fit.tuckerLewisIndex, "TLI")
    check(fit.bic, "BIC")
    check(fit.nullChiSquare, "null_chisq")
    // And they differ from the matrix-input formulas (the defect this fixes): ~1e-4 on bfi.
    let plain = try FactorFit(correlation: r, loadings: l, phi: phi, observationCount: 2800)
    #expect(relativeError(plain.rootMeanSquareResidual, fit.rootMeanSquareResidual) > 1e-6)
  }

  /// End to end from the data: our correlations (pairwise Pearson, Spearman, Kendall, polychoric)
  /// with their pair counts, then the fit. Loadings and Φ to 1e-5 absolute and the fit statistics
  /// to 1e-4 relative (psych's optim stops short of the stationary point, as in FactorAnalysisTests);
  /// the correlation matrix itself to 1e-12 (Pearson, Spearman, Kendall) and 1e-6 (polychoric,
  /// optimize() tolerance).
  @Test(arguments: keys) func fitFromData(_ key: String) throws {
    let ref = try Self.reference()
    let c = try #require(ref[key] as? [String: Any])
    let x = bfiItems.matrix
    let r: Matrix, counts: Matrix
    switch c["cor"] as? String {
    case "spearman":
      let m = try correlation(x, method: .spearman, missing: .pairwise)
      (r, counts) = (m.correlation, m.pairCounts)
    case "kendall":
      let m = try correlation(x, method: .kendall, missing: .pairwise)
      (r, counts) = (m.correlation, m.pairCounts)
    case "poly":
      let m = try polychoric(x)
      (r, counts) = (m.correlation, m.pairCounts)
    default:
      let m = try correlation(x, method: .pearson, missing: .pairwise)
      (r, counts) = (m.correlation, m.pairCounts)
    }
    let refR = try #require(FAReference.matrix(c["r"]))
    let dr = worstDifference(r, refR)
    #expect(dr.value < (c["cor"] as? String == "poly" ? 1e-6 : 1e-12), "\(key) r [\(dr.row), \(dr.column)]")
    #expect(counts == FAReference.matrix(ref["pairwise_counts"]))
    let fa = try FactorAnalysis(correlation: r, factors: 5, observationCount: 2800, pairCounts: counts,
                                method: Self.method(c["fm"] as? String ?? ""), rotation: .oblimin)
    let refL = try #require(FAReference.matrix(c["loadings"]))
    let d = worstDifference(fa.loadings, refL)
    #expect(d.value < 1e-5, "\(key) loadings [\(d.row), \(d.column)]: \(fa.loadings[d.row, d.column]) vs \(refL[d.row, d.column])")
    if let refPhi = FAReference.matrix(c["Phi"]), let phi = fa.phi {
      #expect(worstDifference(phi, refPhi).value < 1e-5, "\(key) Phi")
    }
    let fit = c["fit"] as? [String: Any] ?? [:]
    func rel(_ a: Double?, _ name: String, _ tol: Double = 1e-4) {
      let b = FAReference.number(fit[name])
      #expect(isClose(a ?? .nan, b, relative: tol, absolute: 1e-12), "\(key) fit \(name): \(a ?? .nan) vs \(b)")
    }
    rel(fa.fit.empiricalChiSquare, "chi")
    rel(fa.fit.rootMeanSquareResidual, "rms")
    rel(fa.fit.correctedRootMeanSquareResidual, "crms")
    rel(fa.fit.fitOffDiagonal, "fit_off")
    rel(fa.fit.residualCount, "nh", 1e-12)
    rel(fa.fit.empiricalBIC, "EBIC", 1e-3)
    rel(fa.fit.objective, "objective")
    rel(fa.fit.chiSquare, "STATISTIC")
    rel(fa.fit.tuckerLewisIndex, "TLI")
    let rmsea = c["RMSEA"] as? [String: Any] ?? [:]
    #expect(isClose(fa.fit.rmsea?.estimate ?? .nan, FAReference.number(rmsea["RMSEA"]), relative: 1e-4), "\(key) RMSEA")
  }

  /// Equal counts reproduce the matrix-input formulas with n = that count (to rounding).
  @Test func equalCountsReduceToMatrixFormulas() throws {
    let (r, _) = try FAReference.bfiCorrelation()
    let fa = try FactorAnalysis(correlation: r, factors: 3, observationCount: 2800, method: .minres, rotation: .varimax)
    let counts = Matrix(rows: 25, columns: 25, repeating: 2800)
    let a = try FactorFit(correlation: r, loadings: fa.loadings, observationCount: 2800)
    let b = try FactorFit(correlation: r, loadings: fa.loadings, observationCount: 2800, pairCounts: counts)
    #expect(isClose(a.rootMeanSquareResidual, b.rootMeanSquareResidual, relative: 1e-13))
    #expect(isClose(a.empiricalChiSquare ?? .nan, b.empiricalChiSquare ?? .nan, relative: 1e-13))
    #expect(isClose(a.fitOffDiagonal, b.fitOffDiagonal, relative: 1e-13))
    #expect(isClose(a.correctedRootMeanSquareResidual ?? .nan, b.correctedRootMeanSquareResidual ?? .nan, relative: 1e-13))
    #expect(isClose(b.residualCount ?? .nan, 2800, relative: 1e-13))
  }

  @Test func malformedCountsAreRejected() throws {
    let (r, _) = try FAReference.bfiCorrelation()
    let fa = try FactorAnalysis(correlation: r, factors: 2, method: .minres, rotation: .none)
    #expect(throws: FactorAnalysisError.pairCountsMismatch(rows: 3, columns: 3, expected: 25)) {
      try FactorFit(correlation: r, loadings: fa.loadings, observationCount: 2800, pairCounts: Matrix(rows: 3, columns: 3, repeating: 1))
    }
    var zero = Matrix(rows: 25, columns: 25, repeating: 10)
    zero[3, 4] = 0
    #expect(throws: FactorAnalysisError.self) {
      try FactorFit(correlation: r, loadings: fa.loadings, observationCount: 2800, pairCounts: zero)
    }
  }
}
