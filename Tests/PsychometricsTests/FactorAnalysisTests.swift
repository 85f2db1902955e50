import Foundation
import LinearAlgebra
import Testing
import _TestSupport

@testable import Psychometrics

/// bfi, 5 factors, n = 2800, pairwise correlations; reference psych 2.2.9 `fa()` JSON.
/// Tolerance: loadings, Φ and communalities agree to 1e-5 absolute (psych's optim stops at a
/// relative objective change of ≈ 2e-8, we converge to the exact stationary point; see the notes
/// in the reference JSON); fit statistics 1e-4 relative.
struct FactorAnalysisTests {
  static let loadingTolerance = 1e-5

  func check(_ method: FactorMethod, _ rotation: Rotation, file: String, tolerance: Double = loadingTolerance) throws {
    let (r, _) = try FAReference.bfiCorrelation()
    let ref = try FAReference.load(file)
    let fa = try FactorAnalysis(correlation: r, factors: 5, observationCount: 2800, method: method, rotation: rotation)
    let refL = try #require(FAReference.matrix(ref["loadings"]))
    let d = worstDifference(fa.loadings, refL)
    #expect(d.value < tolerance, "\(file) loadings [\(d.row), \(d.column)]: \(fa.loadings[d.row, d.column]) vs \(refL[d.row, d.column])")
    let items = FAReference.rownames(ref["loadings"])
    let comm = FAReference.vector(ref["communality"], names: items)
    let dc = worstDifference(fa.communality, comm)
    #expect(dc.value < tolerance, "\(file) communality [\(dc.index)]")
    let uniq = FAReference.vector(ref["uniquenesses"], names: items)
    #expect(worstDifference(fa.uniquenesses, uniq).value < tolerance, "\(file) uniquenesses")
    if let refPhi = FAReference.matrix(ref["Phi"]) {
      let phi = try #require(fa.phi)
      let dp = worstDifference(phi, refPhi)
      #expect(dp.value < tolerance, "\(file) Phi [\(dp.row), \(dp.column)]: \(phi[dp.row, dp.column]) vs \(refPhi[dp.row, dp.column])")
    } else {
      #expect(fa.phi == nil)
    }
    #expect(worstDifference(fa.eigenvalues, FAReference.vector(ref["e_values"])).value < 1e-12)
    #expect(worstDifference(fa.commonFactorEigenvalues, FAReference.vector(ref["values"])).value < tolerance, "\(file) values")
    let va = try #require(FAReference.matrix(ref["Vaccounted"]))
    #expect(worstDifference(fa.varianceAccounted.ssLoadings, va.row(0)).value < 10 * tolerance, "\(file) SS loadings")
    #expect(worstDifference(fa.varianceAccounted.cumulativeProportion, va.row(4)).value < tolerance)
    // Fit statistics.
    let fit = ref["fit"] as? [String: Any] ?? [:]
    func rel(_ a: Double?, _ key: String, _ tol: Double = 1e-4) {
      let b = FAReference.number(fit[key])
      #expect(isClose(a ?? .nan, b, relative: tol, absolute: 1e-12), "\(file) fit \(key): \(a ?? .nan) vs \(b)")
    }
    rel(fa.fit.objective, "objective")
    rel(fa.fit.chiSquare, "STATISTIC")
    rel(fa.fit.degreesOfFreedom, "dof", 0)
    rel(fa.fit.empiricalChiSquare, "chi")
    rel(fa.fit.nullChiSquare, "null_chisq", 1e-12)
    rel(fa.fit.nullObjective, "null_model", 1e-12)
    rel(fa.fit.tuckerLewisIndex, "TLI")
    rel(fa.fit.bic, "BIC", 1e-3)
    rel(fa.fit.rootMeanSquareResidual, "rms")
    rel(fa.fit.correctedRootMeanSquareResidual, "crms")
    rel(fa.fit.fit, "fit")
    rel(fa.fit.fitOffDiagonal, "fit_off")
    rel(fa.fit.pValue, "PVAL", 1e-2)
    let rmsea = ref["RMSEA"] as? [String: Any] ?? [:]
    let est = try #require(fa.fit.rmsea)
    #expect(isClose(est.estimate, FAReference.number(rmsea["RMSEA"]), relative: 1e-4), "\(file) RMSEA")
    #expect(isClose(est.lower ?? .nan, FAReference.number(rmsea["lower"]), relative: 1e-4), "\(file) RMSEA lower \(est.lower ?? .nan)")
    #expect(isClose(est.upper ?? .nan, FAReference.number(rmsea["upper"]), relative: 1e-4), "\(file) RMSEA upper \(est.upper ?? .nan)")
  }

  @Test func minresNone() throws { try check(.minres, .none, file: "bfi_fa_minres_none") }
  @Test func minresVarimax() throws { try check(.minres, .varimax, file: "bfi_fa_minres_varimax") }
  @Test func minresOblimin() throws { try check(.minres, .oblimin, file: "bfi_fa_minres_oblimin") }
  @Test func minresPromax() throws { try check(.minres, .promax, file: "bfi_fa_minres_promax") }
  @Test func minresQuartimin() throws { try check(.minres, .quartimin, file: "bfi_fa_minres_quartimin") }
  @Test func minresGeominQ() throws { try check(.minres, .geominQ, file: "bfi_fa_minres_geominQ") }
  @Test func minresGeominT() throws { try check(.minres, .geominT, file: "bfi_fa_minres_geominT") }
  @Test func mlNone() throws { try check(.maximumLikelihood, .none, file: "bfi_fa_ml_none") }
  @Test func mlOblimin() throws { try check(.maximumLikelihood, .oblimin, file: "bfi_fa_ml_oblimin") }
  @Test func mlVarimax() throws { try check(.maximumLikelihood, .varimax, file: "bfi_fa_ml_varimax") }
  @Test func paVarimax() throws { try check(.principalAxis, .varimax, file: "bfi_fa_pa_varimax") }
  @Test func paOblimin() throws { try check(.principalAxis, .oblimin, file: "bfi_fa_pa_oblimin") }
}
