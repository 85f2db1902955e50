import Foundation
import LinearAlgebra
import MeasurementModels
import Testing
import _TestSupport

@Suite struct CFATests {
  static let fitNames = ["npar", "fmin", "chisq", "df", "pvalue", "baseline.chisq", "baseline.df", "cfi", "tli", "logl",
                         "unrestricted.logl", "aic", "bic", "bic2", "ntotal", "rmsea", "rmsea.ci.lower", "rmsea.ci.upper",
                         "rmsea.pvalue", "srmr"]

  @Test func holzingerML() throws {
    let ref = try CFARef.load("hs_ml")
    let hs = try CFARef.holzinger()
    let model = try MeasurementModel(text: CFARef.model)
    // ML: estimates and SEs 1e-6 relative, fit statistics (closed form given the estimates) 1e-8.
    let r = try CFARef.check(model: model, groups: [CFAGroupData(name: "all", data: hs.x)], options: CFAOptions(), ref: ref,
                             estimateTolerance: 1e-6, seTolerance: 1e-6, fitTolerance: 1e-8, fitNames: Self.fitNames)
    #expect(r.problems.isEmpty, "\(r.problems)")
  }
}

extension CFATests {
  static let robustNames = ["chisq.scaled", "pvalue.scaled", "chisq.scaling.factor", "baseline.chisq.scaled",
                            "baseline.chisq.scaling.factor", "cfi.scaled", "tli.scaled", "rmsea.scaled",
                            "rmsea.ci.lower.scaled", "rmsea.ci.upper.scaled", "rmsea.pvalue.scaled"]

  @Test func holzingerMLR() throws {
    let ref = try CFARef.load("hs_mlr")
    let hs = try CFARef.holzinger()
    let model = try MeasurementModel(text: CFARef.model)
    // Robust statistics: 1e-5 (estimates are ML's: 1e-6).
    let r = try CFARef.check(model: model, groups: [CFAGroupData(name: "all", data: hs.x)], options: CFAOptions(estimator: .mlr),
                             ref: ref, estimateTolerance: 1e-6, seTolerance: 1e-5, fitTolerance: 1e-5,
                             fitNames: Self.fitNames + Self.robustNames)
    #expect(r.problems.isEmpty, "\(r.problems)")
  }

  @Test(arguments: ["ml", "mlr"]) func holzingerFIML(_ est: String) throws {
    let ref = try CFARef.load("hs_fiml_\(est)")
    let x = try CFARef.holzingerMissing()
    var missingCells = 0
    for j in 0..<x.columns { for i in 0..<x.rows where x[i, j].isNaN { missingCells += 1 } }
    #expect(missingCells == 118)
    let model = try MeasurementModel(text: CFARef.model)
    let opts = CFAOptions(estimator: est == "ml" ? .ml : .mlr, missing: .fiml)
    // SEs come from lavaan's numerical Hessian (4-point Richardson, h = 1e-6), reproduced exactly:
    // ML 1e-6, MLR 1e-5; χ² etc. from the EM saturated model and the FIML log-likelihood, 1e-8.
    // SRMR and fmin are not compared (lavaan's FIML SRMR uses its own h1 conventions; see notes).
    let names = Self.fitNames.filter { $0 != "fmin" && $0 != "srmr" }
    let r = try CFARef.check(model: model, groups: [CFAGroupData(name: "all", data: x)], options: opts, ref: ref,
                             estimateTolerance: 1e-6, seTolerance: est == "ml" ? 1e-6 : 1e-5, fitTolerance: 1e-8, fitNames: names)
    #expect(r.problems.isEmpty, "\(r.problems)")
  }
}
