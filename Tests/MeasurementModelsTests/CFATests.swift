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
    let fit = try ConfirmatoryFactorAnalysis.fit(model: model, groups: [CFAGroupData(name: "all", data: hs.x)])
    let params = CFARef.parameters(ref["parameters"])
    // Estimates and SEs at 1e-6 relative (ML); std solutions likewise.
    let bad = CFARef.compare(fit, params, columns: ["est", "se", "z", "pvalue", "ci_lower", "ci_upper", "std_lv", "std_all"], relative: 1e-6)
    #expect(bad.isEmpty, "\(bad)")
    // Fit statistics are closed-form given the estimates: at lavaan's estimates, 1e-8.
    let atRef = try ConfirmatoryFactorAnalysis.fit(model: model, groups: [CFAGroupData(name: "all", data: hs.x)],
                                                   evaluateAt: CFARef.referenceVector(fit, params))
    let badFit = CFARef.compareFit(atRef.fit, ref["fit"], names: Self.fitNames, relative: 1e-8)
    #expect(badFit.isEmpty, "\(badFit)")
    // At our optimum they agree to the optimiser's precision (lavaan stops at rel.tol 1e-10 of fmin).
    let badOpt = CFARef.compareFit(fit.fit, ref["fit"], names: Self.fitNames, relative: 1e-6)
    #expect(badOpt.isEmpty, "\(badOpt)")
    #expect(fit.fit.fmin <= atRef.fit.fmin)
  }
}
