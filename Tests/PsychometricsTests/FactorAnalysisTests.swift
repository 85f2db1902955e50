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
    if let fitted = ref["communalities"] as? [String: Any] {
      // psych's optim stops ~1e-5 short of the ML optimum (see bfi_fa_extra.json ml_tight, matched at 1e-8 below).
      let tol = method == .maximumLikelihood ? 2e-5 : tolerance
      #expect(worstDifference(fa.fittedCommunalities, FAReference.vector(fitted, names: items)).value < tol, "\(file) communalities")
    } else {
      // pa: psych reports only the summed communality of the last iteration.
      #expect(Swift.abs(fa.fittedCommunalities.reduce(0, +) - FAReference.number(ref["communalities"])) < 1e-10, "\(file) Σ communalities")
    }
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

/// Holzinger–Swineford x1…x9 (n = 301), ML 3 factors vs `factanal` and psych `fa(fm = "ml")`.
/// Tolerance 1e-5 absolute on loadings/uniquenesses (both R fits stop at optim's tolerance),
/// 1e-4 relative on χ², objective, TLI, RMSEA; df exact.
struct HolzingerFactorAnalysisTests {
  static func correlation() throws -> Matrix {
    let text = try String(contentsOfFile: repoPath("Datasets/real/holzinger/holzinger.csv"), encoding: .utf8)
    var rows: [[Double]] = []
    for line in text.split(separator: "\n").dropFirst() {
      let f = line.split(separator: ",", omittingEmptySubsequences: false)
      rows.append((6..<15).map { Double(f[$0]) ?? .nan })
    }
    return try _pearson(Matrix(rows))
  }

  @Test func factanalNone() throws {
    let ref = try FAReference.load("holzinger_fa_ml_3")
    let fa = try FactorAnalysis(correlation: try Self.correlation(), factors: 3, observationCount: 301, method: .maximumLikelihood, rotation: .none)
    let fn = try #require(ref["factanal_none"] as? [String: Any])
    let refL = try #require(FAReference.matrix(fn["loadings"]))
    // factanal keeps LAPACK's signs: reflect columns to match.
    let aligned = alignFactors(fa.loadings, to: refL)
    #expect(aligned.match == [0, 1, 2])
    let d = worstDifference(aligned.aligned, refL)
    #expect(d.value < 1e-5, "loadings [\(d.row), \(d.column)]")
    let items = (1...9).map { "x\($0)" }
    #expect(worstDifference(fa.uniquenesses, FAReference.vector(fn["uniquenesses"], names: items)).value < 1e-5)
    let fit = fn["fit"] as? [String: Any] ?? [:]
    #expect(isClose(fa.fit.chiSquare ?? .nan, FAReference.number(fit["STATISTIC"]), relative: 1e-4))
    #expect(fa.fit.degreesOfFreedom == FAReference.number(fit["dof"]))
    #expect(isClose(fa.fit.pValue ?? .nan, FAReference.number(fit["PVAL"]), relative: 1e-4))
    #expect(isClose(fa.fit.objective, FAReference.number(fit["objective"]), relative: 1e-4))
  }

  @Test func factanalVarimax() throws {
    let ref = try FAReference.load("holzinger_fa_ml_3")
    let fa = try FactorAnalysis(correlation: try Self.correlation(), factors: 3, observationCount: 301, method: .maximumLikelihood, rotation: .varimax)
    let fv = try #require(ref["factanal_varimax"] as? [String: Any])
    let refL = try #require(FAReference.matrix(fv["loadings"]))
    let aligned = alignFactors(fa.loadings, to: refL)
    let d = worstDifference(aligned.aligned, refL)
    #expect(d.value < 1e-5, "loadings [\(d.row), \(d.column)]")
  }

  @Test func psychMLOblimin() throws {
    let ref = try FAReference.load("holzinger_fa_ml_3")
    let fa = try FactorAnalysis(correlation: try Self.correlation(), factors: 3, observationCount: 301, method: .maximumLikelihood, rotation: .oblimin)
    let po = try #require(ref["psych_fa_ml_oblimin"] as? [String: Any])
    let refL = try #require(FAReference.matrix(po["loadings"]))
    #expect(worstDifference(fa.loadings, refL).value < 1e-5)
    let phi = try #require(fa.phi)
    #expect(worstDifference(phi, try #require(FAReference.matrix(po["Phi"]))).value < 1e-5)
    let fit = po["fit"] as? [String: Any] ?? [:]
    #expect(isClose(fa.fit.chiSquare ?? .nan, FAReference.number(fit["STATISTIC"]), relative: 1e-4))
    #expect(isClose(fa.fit.tuckerLewisIndex ?? .nan, FAReference.number(fit["TLI"]), relative: 1e-4))
    #expect(isClose(fa.fit.bic ?? .nan, FAReference.number(fit["BIC"]), relative: 1e-4))
    #expect(isClose(fa.fit.correctedRootMeanSquareResidual ?? .nan, FAReference.number(fit["crms"]), relative: 1e-4))
    let rm = po["RMSEA"] as? [String: Any] ?? [:]
    let r = try #require(fa.fit.rmsea)
    #expect(isClose(r.estimate, FAReference.number(rm["RMSEA"]), relative: 1e-4))
    #expect(isClose(r.lower ?? .nan, FAReference.number(rm["lower"]), relative: 1e-3), "lower \(r.lower ?? .nan)")
    #expect(isClose(r.upper ?? .nan, FAReference.number(rm["upper"]), relative: 1e-4), "upper \(r.upper ?? .nan)")
  }
}

/// psych `principal(R, 5, rotate = "varimax", n.obs = 2800)` on bfi: closed form + stats::varimax,
/// so 1e-10 absolute on loadings, communalities and rotation matrix; fit 1e-9 relative.
struct PrincipalComponentsTests {
  @Test func bfiVarimax() throws {
    let (r, items) = try FAReference.bfiCorrelation()
    let ref = try FAReference.load("bfi_principal_varimax")
    let pc = try PrincipalComponents(correlation: r, components: 5, observationCount: 2800, rotation: .varimax)
    let refL = try #require(FAReference.matrix(ref["loadings"]))
    let d = worstDifference(pc.loadings, refL)
    #expect(d.value < 1e-10, "loadings [\(d.row), \(d.column)] \(d.value)")
    #expect(worstDifference(pc.communality, FAReference.vector(ref["communality"], names: items)).value < 1e-12)
    #expect(worstDifference(try #require(pc.rotationMatrix), try #require(FAReference.matrix(ref["rot_mat"]))).value < 1e-10)
    #expect(worstDifference(pc.eigenvalues, FAReference.vector(ref["values"])).value < 1e-12)
    let fit = ref["fit"] as? [String: Any] ?? [:]
    for (a, key) in [(pc.fit.objective, "objective"), (pc.fit.chiSquare ?? .nan, "STATISTIC"), (pc.fit.rootMeanSquareResidual, "rms"), (pc.fit.fit, "fit"), (pc.fit.fitOffDiagonal, "fit_off")] {
      #expect(isClose(a, FAReference.number(fit[key]), relative: 1e-9), "\(key): \(a)")
    }
  }
}

/// Factor-score weights satisfy their defining identities (tolerance 1e-10 absolute).
struct FactorScoresTests {
  @Test func identities() throws {
    let (r, _) = try FAReference.bfiCorrelation()
    let fa = try FactorAnalysis(correlation: r, factors: 5, observationCount: 2800, method: .minres, rotation: .oblimin)
    let phi = try #require(fa.phi)
    let reg = try FactorScores(correlation: r, loadings: fa.loadings, phi: phi, method: .regression)
    #expect(worstDifference(r * reg.weights, fa.loadings * phi).value < 1e-10)
    let bart = try FactorScores(correlation: r, loadings: fa.loadings, phi: phi, method: .bartlett)
    #expect(worstDifference(gemm(transA: .transposed, a: bart.weights, b: fa.loadings), .identity(5)).value < 1e-10)
    let tb = try FactorScores(correlation: r, loadings: fa.loadings, phi: phi, method: .tenBerge)
    // ten Berge scores reproduce Φ: Wᵀ R W = Φ.
    #expect(worstDifference(_sandwich(tb.weights.transposed, r), phi).value < 1e-10)
    let z = Matrix([[Double](repeating: 0.5, count: 25), [Double](repeating: -1, count: 25)])
    let s = try tb.scores(standardizedData: z)
    #expect(s.rows == 2 && s.columns == 5)
    #expect(throws: FactorAnalysisError.columnCountMismatch(expected: 25, found: 2)) {
      try tb.scores(standardizedData: Matrix([[1, 2]]))
    }
  }
}

/// Input validation: typed errors.
struct FactorAnalysisErrorTests {
  @Test func errors() throws {
    let r = Matrix([[1, 0.5, 0.4], [0.5, 1, 0.3], [0.4, 0.3, 1]])
    #expect(throws: FactorAnalysisError.invalidFactorCount(requested: 3, allowed: 1...2)) {
      try FactorAnalysis(correlation: r, factors: 3)
    }
    #expect(throws: FactorAnalysisError.notSquare(rows: 2, columns: 3)) {
      try FactorAnalysis(correlation: Matrix([[1, 0, 0], [0, 1, 0]]), factors: 1)
    }
    var bad = r
    bad[0, 1] = .nan
    #expect(throws: FactorAnalysisError.nonFiniteEntry(row: 0, column: 1)) { try FactorAnalysis(correlation: bad, factors: 1) }
    bad = r
    bad[0, 1] = 0.9
    #expect(throws: FactorAnalysisError.notSymmetric(row: 1, column: 0, difference: 0.4)) {
      try FactorAnalysis(correlation: bad, factors: 1)
    }
    // One factor for three items: just identified, df = 0, no RMSEA.
    let fa = try FactorAnalysis(correlation: r, factors: 1, observationCount: 100)
    #expect(fa.fit.degreesOfFreedom == 0)
    #expect(fa.fit.rmsea == nil)
  }

  @Test func heywoodIsAWarning() throws {
    // One factor, three items: λ₁² = r₁₂r₁₃/r₂₃ = 1.28 > 1, so ψ₁ hits its bound 0.005.
    let r = Matrix([[1, 0.8, 0.8], [0.8, 1, 0.5], [0.8, 0.5, 1]])
    let fa = try FactorAnalysis(correlation: r, factors: 1, observationCount: 200, method: .minres, rotation: .none)
    #expect(fa.warnings.contains { if case .heywoodCase(item: 0, _) = $0 { return true } else { return false } })
    #expect(isClose(fa.fittedCommunalities[0], 0.995, relative: 1e-9))
  }
}

/// Tucker's φ: identical columns give 1, reflected −1, permutation recovered.
struct CongruenceTests {
  @Test func congruence() {
    let a = Matrix([[0.8, 0.1], [0.7, 0.0], [0.1, 0.9], [0.0, 0.6]])
    let b = Matrix([[-0.1, 0.8], [0.0, 0.7], [-0.9, 0.1], [-0.6, 0.0]])
    let phi = tuckerCongruence(a, b)
    #expect(isClose(phi[0, 1], 1, relative: 1e-15))
    #expect(isClose(phi[1, 0], -1, relative: 1e-15))
    let al = alignFactors(b, to: a)
    #expect(al.match == [1, 0])
    #expect(worstDifference(al.aligned, a).value < 1e-15)
  }
}

/// Extra references from Datasets/reference/scripts/fa_extra.R (psych 2.2.9).
/// Tolerances: 1e-5 absolute for anything downstream of the minres fit (optimiser tolerance);
/// principal + promax is closed form: 1e-10.
struct FactorAnalysisExtraTests {
  @Test func scoreWeights() throws {
    let (r, _) = try FAReference.bfiCorrelation()
    let ref = try FAReference.load("bfi_fa_extra")
    let fa = try FactorAnalysis(correlation: r, factors: 5, observationCount: 2800, method: .minres, rotation: .oblimin)
    let w = try #require(ref["score_weights"] as? [String: Any])
    for (method, key) in [(FactorScoreMethod.regression, "regression"), (.bartlett, "Bartlett"), (.tenBerge, "tenBerge")] {
      let s = try FactorScores(correlation: r, loadings: fa.loadings, phi: fa.phi, method: method)
      let d = worstDifference(s.weights, try #require(FAReference.matrix(w[key])))
      #expect(d.value < 1e-5, "\(key) weights [\(d.row), \(d.column)] \(d.value)")
    }
  }

  /// Our ML optimum equals psych's objective optimised to convergence in R (factr = 1, pgtol = 0): 1e-8.
  @Test func mlExactOptimum() throws {
    let (r, items) = try FAReference.bfiCorrelation()
    let ref = try FAReference.load("bfi_fa_extra")
    let t = try #require(ref["ml_tight"] as? [String: Any])
    let fa = try FactorAnalysis(correlation: r, factors: 5, observationCount: 2800, method: .maximumLikelihood, rotation: .none)
    let d = worstDifference(fa.fittedCommunalities, FAReference.vector(t["communalities"], names: items))
    #expect(d.value < 1e-8, "ML communalities [\(d.index)] \(d.value)")
  }

  @Test func quartimax() throws {
    let (r, _) = try FAReference.bfiCorrelation()
    let ref = try FAReference.load("bfi_fa_extra")
    let fa = try FactorAnalysis(correlation: r, factors: 5, observationCount: 2800, method: .minres, rotation: .quartimax)
    let q = try #require(ref["quartimax"] as? [String: Any])
    let d = worstDifference(fa.loadings, try #require(FAReference.matrix(q["loadings"])))
    #expect(d.value < 1e-5, "quartimax [\(d.row), \(d.column)] \(d.value)")
  }

  @Test func principalPromax() throws {
    let (r, _) = try FAReference.bfiCorrelation()
    let ref = try FAReference.load("bfi_fa_extra")
    let pc = try PrincipalComponents(correlation: r, components: 5, observationCount: 2800, rotation: .promax)
    let q = try #require(ref["principal_promax"] as? [String: Any])
    let d = worstDifference(pc.loadings, try #require(FAReference.matrix(q["loadings"])))
    #expect(d.value < 1e-10, "loadings [\(d.row), \(d.column)] \(d.value)")
    let dp = worstDifference(try #require(pc.phi), try #require(FAReference.matrix(q["Phi"])))
    #expect(dp.value < 1e-10, "Phi \(dp.value)")
  }

  @Test func omegaThreeFactors() throws {
    let (r, _) = try FAReference.bfiCorrelation()
    let ref = try FAReference.load("bfi_fa_extra")
    let o = try #require(ref["omega3"] as? [String: Any])
    let om = try Omega(correlation: r, factors: 3)
    for (a, key) in [(om.omegaHierarchical, "omega_h"), (om.omegaTotal, "omega_tot"), (om.omegaLimit, "omega_lim"), (om.alpha, "alpha"), (om.lambda6, "G6"), (om.explainedCommonVariance, "ECV")] {
      #expect(Swift.abs(a - FAReference.number(o[key])) < 1e-5, "\(key): \(a) vs \(FAReference.number(o[key]))")
    }
    let og = try #require(FAReference.matrix(o["omega_group"]))
    for (i, row) in om.groups.enumerated() {
      #expect(worstDifference([row.total, row.general, row.group], og.row(i)).value < 1e-5, "omega.group row \(i)")
    }
  }
}
